"""The follow-up report's key figures, economy and internal control.

These parts concern the whole organisation rather than one goal area: key
figures as tables (sick leave by gender, age, length of absence), the
period's result and forecast with the deviations explained, the income
statement, investments and the budget per unit, and the internal-control
checks as a block of rows per check.
"""

from __future__ import annotations

from decimal import Decimal

from rusmodel.labels import NBSP, format_money, format_number, format_percent, money_unit
from rusmodel.model import ColumnKind, ControlLevel, Economy, KeyFigure
from rusmodel.plugins.document.parts import Doc, decimals, statement_table, table
from rusmodel.plugins.document.tables import Cell, Column

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
    columns = [Column("", weight=2.0)] + [
        Column(c, align="right", fixed=True) for c in figure.columns
    ]
    places = decimals([v for row in figure.rows for v in row.values])
    percent = figure.unit.strip() == "%"

    def text(value: Decimal | None) -> str:
        if value is None:
            return "–"
        if percent:
            return format_percent(value, doc.lang, decimals=places)
        return format_number(value, doc.lang, decimals=places)

    rows: list[list[Cell]] = []
    group = ""
    count = len(figure.columns)
    for row in figure.rows:
        if row.group and row.group != group:
            rows.append([Cell(row.group, bold=True)] + [Cell("") for _ in figure.columns])
        group = row.group
        indent = NBSP * 3 if row.group else ""
        values = list(row.values[:count]) + [None] * (count - len(row.values))
        rows.append(
            [Cell(indent + row.label, bold=not row.group)] + [Cell(text(v)) for v in values]
        )
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
    statement = economy.income_statement
    if statement is not None:
        for kind, key in (
            (ColumnKind.OUTCOME, "result_for_period"),
            (ColumnKind.FORECAST, "forecast_full_year"),
        ):
            column = statement.column(kind)
            value = statement.result(column.id) if column else None
            if value is not None:
                amount = format_money(value, statement.scale, doc.lang)
                doc.w.paragraph(f"{doc.word(key)}: {amount}", bold=True)
    if economy.forecast_comment:
        doc.w.prose(economy.forecast_comment)
    deviations = [
        f"{d.text}, {format_money(d.amount, economy.scale, doc.lang, sign=True)}"
        if d.amount is not None
        else d.text
        for d in economy.deviations
    ]
    for key, items in (
        ("compared_with_budget", deviations),
        ("actions", list(economy.actions)),
        ("uncertainties", list(economy.uncertainties)),
        ("developments", list(economy.comments)),
    ):
        if items:
            doc.w.heading(doc.word(key), 2)
            doc.w.bullets(items)


def _investments(doc: Doc, economy: Economy, year: int) -> None:
    budget, outcome, forecast = economy.investment_totals()
    amounts = [v for i in economy.investments for v in (i.budget, i.outcome, i.forecast)]
    places = decimals(amounts)

    def money(value: Decimal | None, bold: bool = False) -> Cell:
        text = "–" if value is None else format_number(value, doc.lang, decimals=places)
        return Cell(text, bold=bold)

    columns = [
        Column(doc.word("project"), weight=3.0),
        Column(f"{doc.word('budget')} {year}", align="right", fixed=True),
        Column(f"{doc.word('outcome')} {year}", align="right", fixed=True),
        Column(f"{doc.word('forecast')} {year}", align="right", fixed=True),
    ]
    rows = [
        [Cell(i.project), money(i.budget), money(i.outcome), money(i.forecast)]
        for i in economy.investments
    ]
    rows.append(
        [Cell(doc.word("sum"), bold=True)] + [money(v, True) for v in (budget, outcome, forecast)]
    )
    title = doc.word("investments")
    doc.w.heading(title, 2)
    unit = doc.w.paragraph(doc.word("amounts_in", unit=money_unit(economy.scale, doc.lang)))
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
