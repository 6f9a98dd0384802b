"""Pieces both Word documents share: the title page, status cells, activity and money tables."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from rusmodel.labels import format_date, format_number, money_unit
from rusmodel.model import Activity, LineKind, Period, Plan, Statement, StatusValue
from rusmodel.plugins.document.tables import Cell, Column
from rusmodel.plugins.document.word import WordWriter
from rusmodel.plugins.document.words import word

__all__ = [
    "NOT_REPORTED_COLOUR",
    "Doc",
    "activity_name",
    "area_names",
    "as_of_line",
    "decimals",
    "legend",
    "statement_table",
    "status_cell",
    "status_of",
    "table",
    "title_page",
]

NOT_REPORTED_COLOUR = "D9D9D9"
"""The fill of a status cell where the unit has not reported a status."""


@attrs.frozen
class Doc:
    """What every part of a document needs: the plan, the period, the language, the writer."""

    plan: Plan
    period: Period | None
    lang: str
    w: WordWriter
    group_by: str = "goal_area"

    def word(self, key: str, **fields: object) -> str:
        return word(key, self.lang, **fields)


def table(
    doc: Doc,
    caption: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    sizes: Sequence[float] = (10.0, 9.0, 8.0),
    records: bool = False,
) -> None:
    """A table with ``caption`` and a description of its rows and columns as alt text."""
    headers = ", ".join(c.header for c in columns if c.header)
    key = "table_alt_one" if len(rows) == 1 else "table_alt"
    description = doc.word(key, rows=len(rows), columns=headers)
    doc.w.table(
        columns, rows, caption=caption, description=description, sizes=sizes, records=records
    )


def title_page(doc: Doc, title: str, lines: Sequence[str]) -> None:
    """The title, the lines under it, the table of contents, then a new page."""
    doc.w.paragraph(title, style="Title")
    for line in lines:
        if line:
            doc.w.paragraph(line, style="Subtitle")
    doc.w.paragraph()
    doc.w.contents_here(doc.word("contents"))
    doc.w.new_page = True


def status_of(doc: Doc, activity: Activity, period_id: str | None = None) -> StatusValue | None:
    """The activity's status in ``period_id``, by default the period reported."""
    period_id = period_id or (doc.period.id if doc.period else None)
    return None if period_id is None else doc.plan.status_of(activity, period_id)


def status_cell(doc: Doc, value: StatusValue | None) -> Cell:
    """A status cell: filled with the status colour and saying the status in words."""
    if value is None:
        return Cell(doc.word("not_reported"), fill=NOT_REPORTED_COLOUR)
    return Cell(value.label(doc.lang), fill=value.colour, bold=True)


def legend(doc: Doc, include_unreported: bool) -> None:
    """The status legend in words: every value of the scale and what it means."""
    entries = [f"{v.label(doc.lang)} = {v.description(doc.lang)}" for v in doc.plan.scale.values]
    if include_unreported:
        entries.append(f"{doc.word('not_reported')} = {doc.word('not_reported_description')}")
    paragraph = doc.w.paragraph()
    paragraph.add_run(doc.word("legend")).bold = True
    paragraph.add_run("; ".join(entries))


def area_names(plan: Plan, activity: Activity) -> str:
    """The short names of an activity's goal areas, as a narrow column shows them."""
    names = []
    for area_id in activity.goal_areas:
        area = plan.goal_area(area_id)
        names.append(area.display_short if area else area_id)
    return ", ".join(names)


def activity_name(activity: Activity) -> str:
    return f"{activity.id} {activity.title}" if activity.id else activity.title


def decimals(values: Sequence[Decimal | None]) -> int:
    """The most decimal places any of ``values`` is written with (a table uses one for all)."""
    places = [0]
    for value in values:
        if value is not None:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                places.append(max(0, -exponent))
    return max(places)


_STRONG = {LineKind.REVENUE_TOTAL, LineKind.COST_TOTAL, LineKind.RESULT}


def statement_table(
    doc: Doc, statement: Statement, caption: str, column_ids: Sequence[str] | None = None
) -> None:
    """A statement (income statement, budget) as a table: a line per row, totals in bold.

    ``column_ids`` keeps only those columns (a unit's own budget); lines with
    no amount in any kept column are left out.
    """
    kept = [c for c in statement.columns if column_ids is None or c.id in column_ids]
    places = decimals([v for line in statement.lines for v in line.values.values()])
    unit = money_unit(statement.scale, doc.lang)
    columns = [Column(doc.word("amounts_in", unit=unit), weight=2.0)] + [
        Column(c.label, align="right", fixed=True) for c in kept
    ]
    rows: list[list[Cell]] = []
    for line in statement.lines:
        values = [line.values.get(c.id) for c in kept]
        if column_ids is not None and all(v is None for v in values):
            continue
        bold = line.kind in _STRONG
        cells = [Cell(line.label, bold=bold)]
        cells += [
            Cell("–" if v is None else format_number(v, doc.lang, decimals=places), bold=bold)
            for v in values
        ]
        rows.append(cells)
    if not rows:
        return
    table(doc, caption, columns, rows)
    if statement.note and column_ids is None:
        doc.w.paragraph(statement.note)


def as_of_line(doc: Doc, period: Period) -> str:
    return doc.word("as_of", date=format_date(period.as_of))
