"""The economy: result and forecast explained, the income statement (resultaträkning),
investments and the budget per unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from rusmodel.labels import (
    format_money,
    format_number,
    localised,
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
        Column(c.label, fixed=True, align="r", max_share=0.14, group=c.group)
        for c in statement.columns
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
    deck.maker.table_slides(
        title, columns, rows, below=below, sizes=SMALL_TABLE_SIZES, fill=False, dense=True
    )


def _amount_line(deck: Deck, key: str, amount: str) -> Paragraph:
    return Paragraph(
        runs=(Run(f"{deck.label(key)}: ", bold=True), Run(amount, bold=True)), size=20.0
    )


def _said_in(comment: str, value: Decimal) -> bool:
    """Whether ``comment`` already states ``value`` ("Prognos (per augusti) -1,5 mnkr.")."""
    text = comment.replace("\u2212", "-")
    return any(
        re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d])", text)
        for lang in ("sv", "en")
        for form in {format_number(value, lang, space=" "), format_number(value, lang)}
    )


def _blocks(deck: Deck, blocks: Sequence[tuple[str, Sequence[str]]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for key, items in blocks:
        if items:
            paragraphs.append(
                Paragraph.of(
                    deck.label(key), HEADING_SIZE, bold=True, space_before=12.0, heading=True
                )
            )
            paragraphs += [
                Paragraph.of(item, BODY_SIZE, bullet=True, space_before=4.0) for item in items
            ]
    return paragraphs


def _result_and_forecast(deck: Deck, economy: Economy) -> tuple[list[Paragraph], list[Paragraph]]:
    """The result slide (the period's result, the deviations from budget, the actions) and the
    forecast slide (the full-year forecast, its comment, the uncertainties and the units'
    developments), as the reports show them; the forecast is said once, not again where
    the comment already says it."""
    result: list[Paragraph] = []
    forecast: list[Paragraph] = []
    statement = economy.income_statement
    if statement is not None:
        column = statement.column(ColumnKind.OUTCOME)
        value = statement.result(column.id) if column else None
        if value is not None:
            amount = format_money(value, statement.scale, deck.lang)
            result.append(_amount_line(deck, "result_for_period", amount))
        column = statement.column(ColumnKind.FORECAST)
        value = statement.result(column.id) if column else None
        if value is not None and not _said_in(economy.forecast_comment, value):
            amount = format_money(value, statement.scale, deck.lang)
            forecast.append(_amount_line(deck, "forecast_full_year", amount))
    if economy.forecast_comment:
        comment = localised(economy.forecast_comment, deck.lang)
        forecast.append(Paragraph.of(comment, BODY_SIZE, space_before=6.0 if forecast else 0.0))
    deviations = [
        f"{d.text}, {format_money(d.amount, economy.scale, deck.lang, sign=True)}"
        if d.amount is not None
        else d.text
        for d in economy.deviations
    ]
    result += _blocks(deck, [("compared_with_budget", deviations), ("actions", economy.actions)])
    forecast += _blocks(
        deck, [("uncertainties", economy.uncertainties), ("developments", economy.comments)]
    )
    return result, forecast


def economy_slides(deck: Deck) -> None:
    """Result, forecast, the income statement, investments and the budget per unit."""
    if deck.period is None:
        return
    economy = deck.plan.economy_for(deck.period.id)
    if economy is None:
        return
    result, forecast = _result_and_forecast(deck, economy)
    for key, paragraphs in (("economy_result", result), ("economy_forecast", forecast)):
        if paragraphs:
            first = paragraphs[0]
            paragraphs[0] = attrs.evolve(first, space_before=0.0)
            deck.maker.text_slides(deck.label(key), paragraphs)
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
