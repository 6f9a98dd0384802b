"""The follow-up report's key figures, economy and internal control.

These parts concern the whole organisation rather than one goal area: key
figures as tables (sick leave by gender, age, length of absence), the
period's result and forecast with the deviations explained, the income
statement, investments and the budget per unit, and the internal-control
checks as a block of rows per check.
"""

from __future__ import annotations

from rusmodel.labels import localised
from rusmodel.model import ControlLevel, Economy, KeyFigure
from rusmodel.plugins.document.parts import Doc, statement_table, table, table_cells
from rusmodel.plugins.document.tables import Cell, Column
from rusmodel.table_rows import amount_lines, deviation_lines, investment_table, key_figure_table

__all__ = ["economy_section", "internal_control_section", "key_figures_section"]


# -- key figures -------------------------------------------------------------------------------


def key_figures_section(doc: Doc) -> None:
    """Each key figure of the period as a table, with its note and comments."""
    if doc.period is None:
        return
    figures = [k for k in doc.plan.key_figures if k.period == doc.period.id]
    if not figures:
        return
    doc.w.heading(doc.word("key_figures"), 1)
    for figure in figures:
        doc.w.heading(figure.title, 2)
        _key_figure_table(doc, figure)
        if figure.note:
            doc.w.paragraph(figure.note)
        doc.w.bullets(list(figure.comments))


def _key_figure_table(doc: Doc, figure: KeyFigure) -> None:
    columns, rows = table_cells(key_figure_table(figure, doc.lang))
    table(doc, figure.title, columns, rows)


# -- economy -----------------------------------------------------------------------------------


def economy_section(doc: Doc) -> None:
    """Result and forecast, deviations and bullets, income statement, investments, budget."""
    if doc.period is None:
        return
    economy = doc.plan.economy_for(doc.period.id)
    if economy is None:
        return
    doc.w.heading(doc.word("economy"), 1)
    _result(doc, economy)
    statement = economy.income_statement
    if statement is not None and statement.lines:
        name = statement.title or doc.word("income_statement")
        doc.w.heading(name, 2)
        statement_table(doc, statement, name)
    if economy.investments:
        _investments(doc, economy, doc.period.as_of.year)
    budget = economy.budget_by_unit
    if budget is not None and budget.lines:
        name = budget.title or doc.word("budget_by_unit")
        doc.w.heading(name, 2)
        statement_table(doc, budget, name)


def _result(doc: Doc, economy: Economy) -> None:
    for line in amount_lines(economy, doc.lang):
        doc.w.paragraph(f"{line.label}: {line.amount}", bold=True)
    if economy.forecast_comment:
        # In the language's forms, as the deck says it ("-1,9 %", "-1.5 MSEK").
        doc.w.prose(localised(economy.forecast_comment, doc.lang))
    for key, items in (
        ("compared_with_budget", list(deviation_lines(economy, doc.lang))),
        ("actions", list(economy.actions)),
        ("uncertainties", list(economy.uncertainties)),
        ("developments", list(economy.comments)),
    ):
        if items:
            doc.w.heading(doc.word(key), 2)
            doc.w.bullets(items)


def _investments(doc: Doc, economy: Economy, year: int) -> None:
    figures = investment_table(economy, year, doc.lang)
    columns, rows = table_cells(figures, weight=3.0)
    title = doc.word("investments")
    doc.w.heading(title, 2)
    unit = doc.w.paragraph(figures.unit)
    unit.paragraph_format.keep_with_next = True  # the heading and its unit go with the table
    table(doc, title, columns, rows)


# -- internal control --------------------------------------------------------------------------


def internal_control_section(doc: Doc) -> None:
    """The period's internal-control checks, region-wide then the administration's."""
    if doc.period is None:
        return
    checks = [c for c in doc.plan.internal_control if c.period == doc.period.id]
    if not checks:
        return
    doc.w.heading(doc.word("internal_control"), 1)
    columns = [
        Column(doc.word("control_area")),
        Column(doc.word("control_regulation")),
        Column(doc.word("control_method")),
        Column(doc.word("control_result"), weight=2.0),
        Column(doc.word("control_actions"), weight=2.0),
    ]
    for level, key in (
        (ControlLevel.REGION, "internal_control_region"),
        (ControlLevel.ADMINISTRATION, "internal_control_administration"),
    ):
        rows = [
            [Cell(c.area), Cell(c.regulation), Cell(c.method), Cell(c.result), Cell(c.actions)]
            for c in checks
            if c.level is level
        ]
        if rows:
            doc.w.heading(doc.word(key), 2)
            # Five columns of long text read badly on a portrait page: a block per check.
            table(doc, doc.word(key), columns, rows, sizes=(10.0,), records=True)
