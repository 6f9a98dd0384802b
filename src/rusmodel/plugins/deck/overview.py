"""The deck's opening sections: the title slide, the summary of statuses, highlights and
what is coming (viktiga händelser, på gång), and the changes since the previous period."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rusmodel.labels import (
    format_date,
    format_percent,
)
from rusmodel.model import (
    Activity,
    Period,
)
from rusmodel.plugins.deck.charts import Series, add_bar_chart
from rusmodel.plugins.deck.context import (
    BODY_SIZE,
    NOT_REPORTED_COLOUR,
    TABLE_SIZE,
    Deck,
    status_cell,
    status_of,
    two_columns,
)
from rusmodel.plugins.deck.slides import Paragraph
from rusmodel.plugins.deck.tables import Cell, Column
from rusmodel.plugins.deck.theme import EMU_PER_INCH, EMU_PER_PT, Rect
from rusmodel.table_rows import activity_name, area_names

if TYPE_CHECKING:
    from rusmodel.summary import GroupCount

__all__ = ["changes_section", "narrative_section", "summary_section", "title_section"]

# -- title ------------------------------------------------------------------------------------


def _follow_up_line(deck: Deck, period: Period) -> str:
    """ "Uppföljning Delår 2 2023, per 2023-08-31", without repeating what the name says."""
    date = format_date(period.as_of)
    name = period.name
    line = name if _says_follow_up(name) else deck.label("follow_up_of", period=name)
    return line if date in name else f"{line}, {deck.label('as_of', date=date)}"


def _says_follow_up(name: str) -> bool:
    folded = name.casefold()
    return any(word in folded for word in ("uppföljning", "follow-up", "follow up"))


def title_section(deck: Deck) -> None:
    """The title slide: plan, organisation, period and as-of date, the committee."""
    plan, period = deck.plan, deck.period
    lines: list[str] = []
    if period is not None:
        lines.append(_follow_up_line(deck, period))
    lines.append(plan.organisation)
    if plan.committee:
        presented = period.presented if period is not None else None
        lines.append(f"{plan.committee} {format_date(presented)}" if presented else plan.committee)
    if deck.selection:
        lines.append(deck.label("selection", name=deck.selection))
    deck.maker.title_slide(plan.title, lines)


# -- summary ----------------------------------------------------------------------------------


def _share_text(deck: Deck, count: GroupCount) -> str:
    from rusmodel.summary import share_percent

    share = share_percent(count)
    return "–" if share is None else format_percent(share, deck.lang, decimals=0)


def summary_section(deck: Deck) -> None:
    """Per goal area (or unit): activities, how many have each status, the share on track.

    A table with a totals row beside a native stacked bar chart of the same
    counts, under a sentence that says the share on track in words.
    """
    from rusmodel.cycle import round_state
    from rusmodel.summary import status_counts, total_count

    if deck.period is None:
        return
    period = deck.period
    groups = status_counts(deck.plan, period.id, group_by=deck.group_by, lang=deck.lang)
    if not groups:
        return
    total = total_count(deck.plan, period.id, lang=deck.lang)
    scale = deck.plan.scale
    unreported = total.unreported > 0
    by_unit = deck.group_by == "unit" or not deck.plan.goal_areas
    group_header = deck.label("unit" if by_unit else "goal_area_or_vision_goal")
    columns = [
        Column(group_header),
        Column(deck.label("activities_total"), fixed=True, align="r", max_share=0.2),
        *(Column(v.label(deck.lang), fixed=True, align="r", max_share=0.15) for v in scale.values),
    ]
    if unreported:
        columns.append(Column(deck.label("not_reported"), fixed=True, align="r", max_share=0.2))
    columns.append(Column(deck.label("share_on_track"), fixed=True, align="r", max_share=0.2))

    def row(count: GroupCount, name: str, bold: bool) -> list[Cell]:
        cells = [Cell(name, bold=bold), Cell(str(count.total), bold=bold)]
        cells += [Cell(str(count.by_status[v.id]), bold=bold) for v in scale.values]
        if unreported:
            cells.append(Cell(str(count.unreported), bold=bold))
        cells.append(Cell(_share_text(deck, count), bold=bold))
        return cells

    rows = [row(g, g.name, False) for g in groups]
    rows.append(row(total, deck.label("total"), True))

    on_track = [v for v in scale.values if v.on_track]
    description = (
        on_track[0].description(deck.lang) if len(on_track) == 1 else deck.label("on_track_generic")
    )
    sentence = deck.label(
        "summary_sentence",
        on_track=total.on_track,
        total=total.total,
        share=_share_text(deck, total),
        description=description,
    )
    intro = [Paragraph.of(sentence, 20.0, bold=True)]
    state = round_state(deck.plan, period.id)
    if state.open:
        # Silent units' activities count as not reported until the round is over.
        waiting = deck.label("round_open", answered=len(state.answered), units=len(state.units))
        intro.append(Paragraph.of(waiting, BODY_SIZE, space_before=6.0))
    narrative = deck.plan.narrative_for(period.id)
    if narrative is not None and narrative.summary:
        intro.append(Paragraph.of(narrative.summary, BODY_SIZE, space_before=6.0))

    series = [
        Series(v.label(deck.lang), tuple(g.by_status[v.id] for g in groups), v.colour)
        for v in scale.values
    ]
    if unreported:
        series.append(
            Series(
                deck.label("not_reported"),
                tuple(g.unreported for g in groups),
                NOT_REPORTED_COLOUR,
            )
        )
    categories = [g.name for g in groups]
    title = deck.label("summary_of", period=period.name)

    maker = deck.maker
    box = maker.content
    intro_height = int(maker.text_height(intro, box.width_pt) * EMU_PER_PT)
    below = box.below(intro_height + int(0.15 * EMU_PER_INCH))
    left, right = two_columns(below, 0.55)
    fitted = maker.fit_table(columns, rows, left, (14.0, 12.0, 11.0))
    if fitted is not None and intro_height < box.height * 0.4 and below.height > 2.5 * EMU_PER_INCH:
        font, widths, _ = fitted
        slide = maker.new_slide(title)
        maker.add_text(slide, box, intro)
        maker.draw_table(slide, left, columns, widths, rows, font)
        _status_chart(slide, right, categories, series)
        return
    # Too much for one slide: the sentence and the table, then the chart on a slide of its own.
    maker.table_slides(title, columns, rows, above=intro, sizes=(14.0, 12.0))
    _status_chart(maker.new_slide(maker.continued(title)), box, categories, series)


def _status_chart(slide: Any, box: Rect, categories: list[str], series: list[Series]) -> None:
    add_bar_chart(
        slide,
        box,
        categories,
        series,
        stacked=True,
        horizontal=True,
        labels=True,
        integer=True,
    )


# -- narrative --------------------------------------------------------------------------------


def _narrative_block(deck: Deck, key: str, items: Sequence[str], size: float) -> list[Paragraph]:
    heading = Paragraph.of(deck.label(key), size + 2, bold=True, heading=True)
    return [heading] + [
        Paragraph.of(item, size, bullet=True, space_before=size / 4) for item in items
    ]


def narrative_section(deck: Deck) -> None:
    """Highlights (viktiga händelser) and what is coming (på gång) in the period, as bullets.

    Both side by side on one slide, as the reports show them, where they fit
    it at 12 pt or more; else one after the other, each heading repeated
    "(forts.)" on the slides it continues on.
    """
    if deck.period is None:
        return
    narrative = deck.plan.narrative_for(deck.period.id)
    if narrative is None:
        return
    blocks = [
        (key, items)
        for key, items in (("highlights", narrative.highlights), ("upcoming", narrative.upcoming))
        if items
    ]
    if not blocks:
        return
    maker = deck.maker
    heading = " / ".join(deck.label(key) for key, _ in blocks)
    title = f"{heading} – {deck.period.name}"
    if len(blocks) == 2:
        # the longer list gets the wider column
        lengths = [sum(len(i) for i in items) for _, items in blocks]
        share = min(0.62, max(0.38, lengths[0] / sum(lengths)))
        left, right = two_columns(maker.content, share)
        for size in (BODY_SIZE, 15.0, 14.0, 13.0, TABLE_SIZE):
            columns = [_narrative_block(deck, key, items, size) for key, items in blocks]
            heights = [
                maker.text_height(c, box.width_pt)
                for c, box in zip(columns, (left, right), strict=True)
            ]
            if max(heights) <= left.height_pt:
                slide = maker.new_slide(title)
                maker.add_text(slide, left, columns[0])
                maker.add_text(slide, right, columns[1])
                return
    # One after the other: at the largest size that needs no more slides than the smallest.
    flows = {}
    for size in (BODY_SIZE, 14.0, TABLE_SIZE):
        paragraphs: list[Paragraph] = []
        for key, items in blocks:
            block = _narrative_block(deck, key, items, size)
            if len(blocks) == 1:
                block = block[1:]
            elif paragraphs:
                block[0] = attrs.evolve(block[0], space_before=12.0)
            paragraphs += block
        flows[size] = (len(maker.text_pages(paragraphs, maker.content)), paragraphs)
    fewest = min(count for count, _ in flows.values())
    paragraphs = next(p for count, p in flows.values() if count == fewest)
    maker.text_slides(title, paragraphs)


# -- changes ----------------------------------------------------------------------------------


def changes_section(deck: Deck) -> None:
    """What changed since the previous period: status moves, new, finished and dropped activities.

    Left out for the plan's first period. Where nothing changed, one slide
    says so.
    """
    from rusmodel.summary import changes_since_previous

    if deck.period is None:
        return
    period = deck.period
    previous = deck.plan.previous_period(period.id)
    if previous is None:
        return
    changes = changes_since_previous(deck.plan, period.id)
    none = Cell("–", align="ctr")

    def row(activity: Activity, kind: str, before: Cell, now: Cell) -> list[Cell]:
        return [
            Cell(activity_name(activity)),
            Cell(area_names(deck.names, activity)),
            Cell(deck.label(kind)),
            before,
            now,
        ]

    def status(activity: Activity, period_id: str | None) -> Cell:
        return (
            none if period_id is None else status_cell(deck, status_of(deck, activity, period_id))
        )

    rows = [
        row(c.activity, f"change_{c.kind}", status(c.activity, c.before), status(c.activity, c.now))
        for c in changes.rows()
    ]
    title = deck.label("changes_since", previous=previous.name)
    if not rows:
        sentence = deck.label("no_changes", previous=previous.name)
        deck.maker.text_slides(title, [Paragraph.of(sentence, 20.0)])
        return
    counts = [
        (len(changes.status_changed) - len(changes.finished), "change_status"),
        (len(changes.finished), "change_finished"),
        (len(changes.new), "change_new"),
        (len(changes.removed), "change_removed"),
    ]
    summary = "   ".join(f"{deck.label(key)}: {n}" for n, key in counts if n)
    columns = [
        Column(deck.label("activity"), weight=3.0),
        Column(deck.label("goal_area")),
        Column(deck.label("change"), fixed=True),
        Column(deck.label("status_in", period=previous.name), fixed=True, max_share=0.15),
        Column(deck.label("status_in", period=period.name), fixed=True, max_share=0.15),
    ]
    above = [Paragraph.of(summary, 14.0, bold=True)]
    deck.maker.table_slides(title, columns, rows, above=above, sizes=(11.0,))
