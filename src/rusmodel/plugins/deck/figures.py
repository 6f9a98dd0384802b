"""Key figures (nyckeltal): each as a table beside a chart, then its breakdowns."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rusmodel.labels import NBSP
from rusmodel.model import KeyFigure
from rusmodel.plugins.deck.charts import Series, add_bar_chart
from rusmodel.plugins.deck.context import SMALL_TABLE_SIZES, Deck, table_cells, two_columns
from rusmodel.plugins.deck.slides import Paragraph
from rusmodel.plugins.deck.theme import EMU_PER_INCH, EMU_PER_PT, Rect
from rusmodel.table_rows import key_figure_table

__all__ = ["key_figure_slides"]

# -- key figures ------------------------------------------------------------------------------


def _padded(values: Sequence[Decimal | None], count: int) -> list[Decimal | None]:
    return list(values[:count]) + [None] * (count - len(values))


def _figure_notes(deck: Deck, figure: KeyFigure) -> list[Paragraph]:
    """The figure's note, then its comments under "Orsaker" as the reports head them."""
    notes = [Paragraph.of(figure.note, 12.0)] if figure.note else []
    if figure.comments:
        space = 8.0 if notes else 0.0
        notes.append(
            Paragraph.of(deck.label("causes"), 14.0, bold=True, space_before=space, heading=True)
        )
    return notes + [Paragraph.of(c, 14.0, bullet=True, space_before=4.0) for c in figure.comments]


def _main_series(figure: KeyFigure) -> list[Series]:
    """The series the key figure's chart shows: its totals (rows without a group), else the
    first group's rows; the breakdowns get charts of their own."""
    rows = [r for r in figure.rows if not r.group]
    if not rows and figure.rows:
        rows = [r for r in figure.rows if r.group == figure.rows[0].group]
    return [Series(r.label, tuple(_padded(r.values, len(figure.columns)))) for r in rows]


def _figure_chart(deck: Deck, slide: Any, box: Rect, figure: KeyFigure) -> None:
    series = _main_series(figure)
    if not series:
        return
    unit = f"{NBSP}%" if figure.unit.strip() == "%" and deck.lang == "sv" else figure.unit.strip()
    add_bar_chart(
        slide,
        box,
        figure.columns,
        series,
        title=series[0].name if len(series) == 1 else None,
        unit=unit if unit in ("%", f"{NBSP}%") else "",
    )


def key_figure_slides(deck: Deck) -> None:
    """Each key figure as its table beside a native chart, then its breakdowns as small charts."""
    if deck.period is None:
        return
    maker = deck.maker
    for figure in (k for k in deck.plan.key_figures if k.period == deck.period.id):
        columns, rows = table_cells(key_figure_table(figure, deck.lang), 0.16)
        notes = _figure_notes(deck, figure)
        box = maker.content
        left, right = two_columns(box, 0.5)
        fitted = maker.fit_table(columns, rows, left, SMALL_TABLE_SIZES)
        notes_height = int(maker.text_height(notes, right.width_pt) * EMU_PER_PT) if notes else 0
        chart_box = Rect(right.left, right.top, right.width, right.height - notes_height)
        if fitted is not None and chart_box.height >= 2.5 * EMU_PER_INCH:
            font, widths, _ = fitted
            slide = maker.new_slide(figure.title)
            maker.draw_table(slide, left, columns, widths, rows, font)
            _figure_chart(deck, slide, chart_box, figure)
            if notes:
                maker.add_text(
                    slide, Rect(right.left, chart_box.bottom, right.width, notes_height), notes
                )
        else:
            maker.table_slides(
                figure.title, columns, rows, below=notes, sizes=SMALL_TABLE_SIZES, fill=False
            )
            if _main_series(figure):
                _figure_chart(deck, maker.new_slide(maker.continued(figure.title)), box, figure)
        _breakdown_slides(deck, figure)


def _breakdown_slides(deck: Deck, figure: KeyFigure) -> None:
    """A small chart per breakdown (kön, ålder, sjukdagar): its rows by year, four to a slide."""
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(figure.rows):
        if row.group:
            groups.setdefault(row.group, []).append(index)
    if not groups:
        return
    maker = deck.maker
    names = list(groups)
    title = deck.label("breakdown_of", title=figure.title)
    unit = f"{NBSP}%" if figure.unit.strip() == "%" and deck.lang == "sv" else ""
    unit = unit or ("%" if figure.unit.strip() == "%" else "")
    for start in range(0, len(names), 4):
        chunk = names[start : start + 4]
        slide = maker.new_slide(title if start == 0 else maker.continued(title, start // 4))
        box = maker.content
        across = 2 if len(chunk) > 1 else 1
        down = (len(chunk) + across - 1) // across
        gap = int(0.25 * EMU_PER_INCH)
        width = (box.width - gap * (across - 1)) // across
        height = (box.height - gap * (down - 1)) // down
        for number, name in enumerate(chunk):
            down_at, across_at = divmod(number, across)
            chart_box = Rect(
                box.left + across_at * (width + gap),
                box.top + down_at * (height + gap),
                width,
                height,
            )
            members = [figure.rows[i] for i in groups[name]]
            series = [
                Series(year, tuple(_padded(m.values, len(figure.columns))[k] for m in members))
                for k, year in enumerate(figure.columns)
            ]
            add_bar_chart(
                slide,
                chart_box,
                [m.label for m in members],
                series,
                title=name,
                font_size=11.0,
                unit=unit,
            )
