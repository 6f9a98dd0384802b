"""Pieces both Word documents share: the title page, status cells, activity and money tables."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from rusmodel import table_rows
from rusmodel.labels import format_date
from rusmodel.model import Activity, Period, Plan, Statement, StatusValue
from rusmodel.plugins.document.tables import Cell, Column
from rusmodel.plugins.document.word import WordWriter
from rusmodel.plugins.document.words import word
from rusmodel.table_rows import NOT_REPORTED_COLOUR, FigureTable, status_legend_marks, status_mark

__all__ = [
    "NOT_REPORTED_COLOUR",
    "Doc",
    "as_of_line",
    "legend",
    "statement_table",
    "status_cell",
    "status_of",
    "table",
    "table_cells",
    "title_page",
]


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
    mark = status_mark(value, doc.lang)
    return Cell(mark.word, fill=mark.colour, bold=value is not None)


def legend(doc: Doc, include_unreported: bool) -> None:
    """The status legend in words: every value of the scale and what it means."""
    marks = status_legend_marks(doc.plan, doc.lang, include_unreported)
    paragraph = doc.w.paragraph()
    paragraph.add_run(doc.word("legend")).bold = True
    paragraph.add_run("; ".join(f"{m.word} = {m.description}" for m in marks))
    # the legend explains the tables after it: it never ends a page alone
    paragraph.paragraph_format.keep_with_next = True


def table_cells(table: FigureTable, weight: float = 2.0) -> tuple[list[Column], list[list[Cell]]]:
    """A table of :mod:`rusmodel.table_rows` in the document's cells: the label column
    taking ``weight`` shares of the room left, the numbers right-aligned in columns as
    narrow as they may be."""
    columns = [
        Column(c.header, align="right", fixed=True, group=c.group)
        if c.numeric
        else Column(c.header, weight=weight)
        for c in table.columns
    ]
    rows = [[Cell(c.text, bold=c.bold) for c in row.cells] for row in table.rows]
    return columns, rows


def statement_table(
    doc: Doc, statement: Statement, caption: str, column_ids: Sequence[str] | None = None
) -> None:
    """A statement (income statement, budget) as a table: a line per row, totals in bold.

    ``column_ids`` keeps only those columns (a unit's own budget); lines with
    no amount in any kept column are left out, and so is the note.
    """
    figures = table_rows.statement_table(statement, doc.lang, column_ids)
    if not figures.rows:
        return
    columns, rows = table_cells(figures)
    table(doc, caption, columns, rows)
    if figures.note and column_ids is None:
        doc.w.paragraph(figures.note)


def as_of_line(doc: Doc, period: Period) -> str:
    return doc.word("as_of", date=format_date(period.as_of))
