"""The economy: result and forecast explained, the income statement (resultaträkning),
investments and the budget per unit."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from rusmodel.labels import localised
from rusmodel.model import Economy, Statement
from rusmodel.plugins.deck.context import (
    BODY_SIZE,
    HEADING_SIZE,
    SMALL_TABLE_SIZES,
    Deck,
    table_cells,
)
from rusmodel.plugins.deck.slides import Paragraph, Run
from rusmodel.table_rows import (
    AmountLine,
    amount_lines,
    deviation_lines,
    investment_table,
    statement_table,
)

__all__ = ["economy_slides"]

# -- economy ----------------------------------------------------------------------------------


def _statement_slides(deck: Deck, statement: Statement, title: str) -> None:
    """An income statement or budget with all its columns; totals and the result in bold."""
    table = statement_table(statement, deck.lang)
    columns, rows = table_cells(table, 0.14)
    below = [Paragraph.of(table.note, 12.0)] if table.note else []
    deck.maker.table_slides(
        title, columns, rows, below=below, sizes=SMALL_TABLE_SIZES, fill=False, dense=True
    )


def _amount_line(line: AmountLine) -> Paragraph:
    return Paragraph(
        runs=(Run(f"{line.label}: ", bold=True), Run(line.amount, bold=True)), size=20.0
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
    for line in amount_lines(economy, deck.lang):
        (result if line.key == "result_for_period" else forecast).append(_amount_line(line))
    if economy.forecast_comment:
        comment = localised(economy.forecast_comment, deck.lang)
        forecast.append(Paragraph.of(comment, BODY_SIZE, space_before=6.0 if forecast else 0.0))
    deviations = list(deviation_lines(economy, deck.lang))
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
    table = investment_table(economy, year, deck.lang)
    columns, rows = table_cells(table, 0.18)
    above = [Paragraph.of(table.unit, 12.0)]
    title = f"{deck.label('economy')} – {deck.label('investments')}"
    deck.maker.table_slides(title, columns, rows, above=above, sizes=SMALL_TABLE_SIZES, fill=False)
