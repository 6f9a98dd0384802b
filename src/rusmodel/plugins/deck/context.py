"""What every section of the deck shares: the :class:`Deck` it writes to and small pieces
(status cells, the legend, two columns side by side)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from rusmodel.labels import (
    NBSP,
    label,
)
from rusmodel.model import (
    Activity,
    Period,
    Plan,
    StatusValue,
)
from rusmodel.plugins.deck.slides import Paragraph, Run, SlideMaker
from rusmodel.plugins.deck.tables import Cell, Column
from rusmodel.plugins.deck.theme import EMU_PER_INCH, Rect
from rusmodel.table_rows import NOT_REPORTED_COLOUR, FigureTable, status_legend_marks, status_mark

if TYPE_CHECKING:
    pass

__all__ = [
    "BODY_SIZE",
    "GAP",
    "HEADING_SIZE",
    "NOT_REPORTED_COLOUR",
    "SMALL_TABLE_SIZES",
    "TABLE_SIZE",
    "Deck",
    "followed_activities",
    "status_cell",
    "status_legend",
    "status_of",
    "table_cells",
    "two_columns",
]

BODY_SIZE = 16.0
HEADING_SIZE = 18.0
SMALL_TABLE_SIZES = (12.0, 11.0, 10.0)
"""Sizes tried, largest first, to keep a statement or key figure table on one slide."""
TABLE_SIZE = 12.0
"""The size of body text in tables (activities, indicators), in points."""
GAP = int(0.3 * EMU_PER_INCH)


@attrs.frozen
class Deck:
    """What every section needs: the plan (already narrowed by ``--only``), the period,
    the language, the grouping and the slide maker; ``selection`` names what
    ``--only`` kept, and ``whole`` is the plan before that, for the names of
    the units and goal areas the kept activities also belong to."""

    plan: Plan
    period: Period | None
    lang: str
    group_by: str
    maker: SlideMaker
    selection: str = ""
    whole: Plan | None = None

    @property
    def names(self) -> Plan:
        return self.whole or self.plan

    def label(self, key: str, **fields: object) -> str:
        """The label ``key`` in the deck's language; the plan's activities called by the
        plan's own noun (åtgärder, uppdrag)."""
        return label(key, self.lang, noun=self.names.activity_noun.value, **fields)


# -- shared pieces ----------------------------------------------------------------------------


def followed_activities(deck: Deck) -> tuple[Activity, ...]:
    """The activities the deck reports: those followed up in the period (all, without one)."""
    from rusmodel.summary import activities_in

    if deck.period is None:
        return deck.plan.activities
    return activities_in(deck.plan, deck.period.id)


def status_of(deck: Deck, activity: Activity, period_id: str | None = None) -> StatusValue | None:
    """The activity's status in ``period_id``, by default the period reported."""
    period_id = period_id or (deck.period.id if deck.period else None)
    return None if period_id is None else deck.plan.status_of(activity, period_id)


def status_cell(deck: Deck, value: StatusValue | None) -> Cell:
    """A status cell: filled with the status colour and saying the status in words."""
    mark = status_mark(value, deck.lang)
    return Cell(mark.word, fill=mark.colour)


def status_legend(deck: Deck, include_unreported: bool) -> list[Paragraph]:
    """The status legend: a coloured mark, the label and what it means, for every value."""
    runs: list[Run] = [Run(deck.label("legend"), bold=True)]
    marks = status_legend_marks(deck.plan, deck.lang, include_unreported)
    for index, mark in enumerate(marks):
        runs.append(Run(f"{'   ' if index else ''}●{NBSP}", colour=mark.colour, bold=True))
        runs.append(Run(f"{mark.word} = {mark.description}"))
    return [Paragraph(runs=tuple(runs), size=12.0)]


def table_cells(table: FigureTable, share: float) -> tuple[list[Column], list[list[Cell]]]:
    """A table of :mod:`rusmodel.table_rows` in the deck's cells: the numbers right-aligned
    in columns of at most ``share`` of the width each, under their column groups."""
    columns = [
        Column(c.header, fixed=True, align="r", max_share=share, group=c.group)
        if c.numeric
        else Column(c.header)
        for c in table.columns
    ]
    rows = [[Cell(c.text, bold=c.bold) for c in row.cells] for row in table.rows]
    return columns, rows


def two_columns(box: Rect, share: float) -> tuple[Rect, Rect]:
    left_width = int((box.width - GAP) * share)
    left = Rect(box.left, box.top, left_width, box.height)
    right = Rect(box.left + left_width + GAP, box.top, box.width - left_width - GAP, box.height)
    return left, right
