"""The economy: result and forecast explained, the income statement (resultaträkning),
investments and the budget per unit."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rusmodel.labels import (
    format_money,
    format_number,
    money_unit,
)
from rusmodel.model import (
    ColumnKind,
    Economy,
    LineKind,
    Statement,
)
from rusmodel.plugins.deck.context import (
    BODY_SIZE,
    HEADING_SIZE,
    SMALL_TABLE_SIZES,
    Deck,
    decimal_places,
)
from rusmodel.plugins.deck.slides import Paragraph, Run
from rusmodel.plugins.deck.tables import Cell, Column

if TYPE_CHECKING:
    pass

__all__ = ["economy_slides"]

# -- economy ----------------------------------------------------------------------------------


def _statement_slides(deck: Deck, statement: Statement, title: str) -> None:
    """An income statement or budget with all its columns; totals and the result in bold."""
    decimals = decimal_places([v for line in statement.lines for v in line.values.values()])
    unit = money_unit(statement.scale, deck.lang)
    columns = [Column(deck.label("amounts_in", unit=unit))] + [
        Column(c.label, fixed=True, align="r", max_share=0.14) for c in statement.columns
    ]
    strong = {LineKind.REVENUE_TOTAL, LineKind.COST_TOTAL, LineKind.RESULT}
    rows = []
    for line in statement.lines:
        bold = line.kind in strong
        cells = [Cell(line.label, bold=bold)]
        for column in statement.columns:
            value = line.values.get(column.id)
            text = "–" if value is None else format_number(value, deck.lang, decimals=decimals)
            cells.append(Cell(text, bold=bold))
        rows.append(cells)
    below = [Paragraph.of(statement.note, 12.0)] if statement.note else []
    deck.maker.table_slides(title, columns, rows, below=below, sizes=SMALL_TABLE_SIZES, fill=False)


def _result_paragraphs(deck: Deck, economy: Economy) -> list[Paragraph]:
    """The period's result and the full-year forecast, then the explanations as bullets."""
    paragraphs: list[Paragraph] = []
    statement = economy.income_statement
    if statement is not None:
        for kind, key in (
            (ColumnKind.OUTCOME, "result_for_period"),
            (ColumnKind.FORECAST, "forecast_full_year"),
        ):
            column = statement.column(kind)
            value = statement.result(column.id) if column else None
            if value is not None:
                amount = format_money(value, statement.scale, deck.lang)
                paragraphs.append(
                    Paragraph(
                        runs=(Run(f"{deck.label(key)}: ", bold=True), Run(amount, bold=True)),
                        size=20.0,
                        space_before=6.0 if paragraphs else 0.0,
                    )
                )
    if economy.forecast_comment:
        paragraphs.append(Paragraph.of(economy.forecast_comment, BODY_SIZE, space_before=6.0))
    deviations = [
        f"{d.text}, {format_money(d.amount, economy.scale, deck.lang, sign=True)}"
        if d.amount is not None
        else d.text
        for d in economy.deviations
    ]
    for key, items in (
        ("compared_with_budget", deviations),
        ("actions", economy.actions),
        ("uncertainties", economy.uncertainties),
        ("developments", economy.comments),
    ):
        if items:
            space = 12.0 if paragraphs else 0.0
            paragraphs.append(
                Paragraph.of(
                    deck.label(key), HEADING_SIZE, bold=True, space_before=space, heading=True
                )
            )
            paragraphs += [
                Paragraph.of(item, BODY_SIZE, bullet=True, space_before=4.0) for item in items
            ]
    return paragraphs


def economy_slides(deck: Deck) -> None:
    """Result and forecast with the deviations explained, the income statement, investments."""
    if deck.period is None:
        return
    economy = deck.plan.economy_for(deck.period.id)
    if economy is None:
        return
    paragraphs = _result_paragraphs(deck, economy)
    if paragraphs:
        deck.maker.text_slides(deck.label("economy_result"), paragraphs)
    economy_label = deck.label("economy")
    statement = economy.income_statement
    if statement is not None and statement.lines:
        name = statement.title or deck.label("income_statement")
        _statement_slides(deck, statement, f"{economy_label} – {name}")
    if economy.investments:
        _investment_slides(deck, economy, deck.period.as_of.year)
    budget = economy.budget_by_unit
    if budget is not None and budget.lines:
        name = budget.title or deck.label("budget_by_unit")
        _statement_slides(deck, budget, f"{economy_label} – {name}")


def _investment_slides(deck: Deck, economy: Economy, year: int) -> None:
    """Investment projects with budget, outcome and forecast, and a Summa row."""
    budget, outcome, forecast = economy.investment_totals()
    amounts = [v for i in economy.investments for v in (i.budget, i.outcome, i.forecast)]
    decimals = decimal_places(amounts)

    def money(value: Decimal | None, bold: bool = False) -> Cell:
        text = "–" if value is None else format_number(value, deck.lang, decimals=decimals)
        return Cell(text, bold=bold)

    columns = [
        Column(deck.label("project")),
        Column(f"{deck.label('budget')} {year}", fixed=True, align="r", max_share=0.18),
        Column(f"{deck.label('outcome')} {year}", fixed=True, align="r", max_share=0.18),
        Column(f"{deck.label('forecast')} {year}", fixed=True, align="r", max_share=0.18),
    ]
    rows = [
        [Cell(i.project), money(i.budget), money(i.outcome), money(i.forecast)]
        for i in economy.investments
    ]
    rows.append(
        [Cell(deck.label("sum"), bold=True)] + [money(v, True) for v in (budget, outcome, forecast)]
    )
    unit = money_unit(economy.scale, deck.lang)
    above = [Paragraph.of(deck.label("amounts_in", unit=unit), 12.0)]
    title = f"{deck.label('economy')} – {deck.label('investments')}"
    deck.maker.table_slides(title, columns, rows, above=above, sizes=SMALL_TABLE_SIZES, fill=False)
