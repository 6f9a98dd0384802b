"""The texts of the reports, read from the full workbook: chapters, key figures, narratives.

Chapters (kapitel) of free text, key figures (nyckeltal) with their rows of
values, each period's narrative (berättelse), and the bullet lists
(punktlistor) that belong to an economy, a key figure or a narrative.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from rusmodel import Chapter, KeyFigure, KeyFigureRow, Narrative
from rusmodel.plugins.workbook.layout import SHEETS, Col, Section, word
from rusmodel.plugins.workbook.read_cells import Reader, given
from rusmodel.plugins.workbook.read_economy import PartialEconomy

__all__ = [
    "PartialKeyFigure",
    "PartialNarrative",
    "freeze_key_figure",
    "freeze_narrative",
    "read_bullets",
    "read_chapters",
    "read_key_figures",
    "read_narratives",
]


def read_chapters(r: Reader) -> tuple[Chapter, ...]:
    """The chapters (kapitel) of free text, in the order of their rows."""
    spec = {c.key: c for c in SHEETS["chapters"].columns}
    return tuple(
        Chapter(
            title=r.text(line, "title"),
            text=r.text(line, "text"),
            unit=r.text(line, "unit"),
            **given(position=r.col(line, spec["position"])),
        )
        for line in r.table("chapters")
    )


@attrs.define
class PartialKeyFigure:
    """A key figure (nyckeltal) being assembled from its own row, its rows and its comments."""

    fields: dict[str, Any]
    rows: list[KeyFigureRow] = attrs.field(factory=list)
    comments: list[str] = attrs.field(factory=list)


def read_key_figures(r: Reader) -> dict[tuple[str, str], PartialKeyFigure]:
    """The key figures by period and title, with their rows of values; their comments come later."""
    figures: dict[tuple[str, str], PartialKeyFigure] = {}
    for line in r.table("key_figures"):
        key = (r.text(line, "period"), r.text(line, "title"))
        figures[key] = PartialKeyFigure(
            fields={
                "period": key[0],
                "title": key[1],
                "unit": r.text(line, "unit"),
                "columns": r.get(line, "columns", "lines") or (),
                "note": r.text(line, "note"),
            }
        )
    value = word("value", "sv"), word("value", "en")
    width = max((len(f.fields["columns"]) for f in figures.values()), default=0)
    extra = [
        Col(f"value:{n}", f"{value[0]} {n}", f"{value[1]} {n}", "decimal")
        for n in range(1, width + 1)
    ]
    for line in r.table("key_figure_rows", extra):
        key = (r.text(line, "period"), r.text(line, "key_figure"))
        figure = figures.get(key)
        if figure is None:
            r.problem(
                f"there is no key figure {key[1]!r} of the period {key[0]!r}",
                line.ref("key_figure"),
            )
            continue
        count = r.get(line, "count", "int")
        if count is None:
            count = len(figure.fields["columns"])
        numbers = tuple(r.get(line, f"value:{n}", "decimal") for n in range(1, count + 1))
        figure.rows.append(
            KeyFigureRow(label=r.text(line, "label"), group=r.text(line, "group"), values=numbers)
        )
    return figures


def freeze_key_figure(k: PartialKeyFigure) -> KeyFigure:
    """The finished key figure."""
    return KeyFigure(**k.fields, rows=tuple(k.rows), comments=tuple(k.comments))


@attrs.define
class PartialNarrative:
    """A period's narrative (berättelse) waiting for its bullet lists."""

    period: str
    summary: str
    bullets: dict[Section, list[str]] = attrs.field(factory=dict)


def read_narratives(r: Reader) -> dict[str, PartialNarrative]:
    """Each period's narrative (summary text) by period; its bullet lists come later."""
    return {
        (period := r.text(line, "period")): PartialNarrative(
            period=period, summary=r.text(line, "summary")
        )
        for line in r.table("narratives")
    }


def freeze_narrative(n: PartialNarrative) -> Narrative:
    """The finished narrative, with its highlights and what comes next."""
    return Narrative(
        period=n.period,
        summary=n.summary,
        highlights=tuple(n.bullets.get(Section.HIGHLIGHTS, ())),
        upcoming=tuple(n.bullets.get(Section.UPCOMING, ())),
    )


def read_bullets(
    r: Reader,
    economy: Mapping[str, PartialEconomy],
    key_figures: Mapping[tuple[str, str], PartialKeyFigure],
    narratives: Mapping[str, PartialNarrative],
) -> None:
    """Put each row of the sheet Punktlistor into its economy, key figure or narrative."""
    spec = {c.key: c for c in SHEETS["bullets"].columns}
    for line in r.table("bullets"):
        section = r.col(line, spec["section"])
        period = r.text(line, "period")
        text = r.text(line, "text")
        if section is None:
            continue
        if section is Section.KEY_FIGURE_COMMENTS:
            figure = key_figures.get((period, r.text(line, "key_figure")))
            if figure is None:
                r.problem("there is no such key figure of this period", line.ref("key_figure"))
            else:
                figure.comments.append(text)
        elif section in (Section.HIGHLIGHTS, Section.UPCOMING):
            narrative = narratives.get(period)
            if narrative is None:
                r.problem(f"there is no narrative for the period {period!r}", line.ref("period"))
            else:
                narrative.bullets.setdefault(section, []).append(text)
        else:
            owner = economy.get(period)
            if owner is None:
                r.problem(f"there is no economy for the period {period!r}", line.ref("period"))
            else:
                owner.bullets.setdefault(section, []).append(text)
