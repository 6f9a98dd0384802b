"""Economy (ekonomi): income statements, investments, budgets and deviations.

Money is :class:`decimal.Decimal` with the scale it is written in (tkr or
mnkr). Revenue is positive and costs are negative, as in the regions' reports.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

__all__ = [
    "Column",
    "ColumnKind",
    "Deviation",
    "Economy",
    "Investment",
    "LineKind",
    "MoneyScale",
    "Statement",
    "StatementLine",
]


class MoneyScale(enum.Enum):
    """The unit amounts are written in: thousands (tkr) or millions (mnkr) of kronor."""

    KR = "kr"
    TKR = "tkr"
    MNKR = "mnkr"


class ColumnKind(enum.Enum):
    """What a column of a statement holds."""

    OUTCOME = "outcome"  # utfall hittills i år (Augusti 2023)
    PREVIOUS_OUTCOME = "previous_outcome"  # samma period föregående år
    ACCOUNTS = "accounts"  # bokslut
    BUDGET = "budget"
    FORECAST = "forecast"  # prognos
    OTHER = "other"


class LineKind(enum.Enum):
    """What a statement line is; totals are checked against the lines they sum."""

    REVENUE = "revenue"
    COST = "cost"
    REVENUE_TOTAL = "revenue_total"
    COST_TOTAL = "cost_total"
    RESULT = "result"


@attrs.frozen(kw_only=True)
class Column:
    """A column of a statement: ``id`` as lines refer to it, ``label`` as shown ("Budget 2023").

    ``group`` is the heading over neighbouring columns that share it, as the
    reports head the period's columns Månadsbokslut and the year's Helår.
    """

    id: str
    label: str
    kind: ColumnKind = ColumnKind.OTHER
    group: str = ""


@attrs.frozen(kw_only=True)
class StatementLine:
    """A line of a statement with an amount per column id."""

    label: str
    kind: LineKind
    values: dict[str, Decimal] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Statement:
    """A table of money: an income statement (resultaträkning) or a budget per unit.

    The columns may be periods (Augusti 2023, Budget 2023, Prognos 2023) or
    units (a budget per verksamhet); ``note`` is the footnote ("* Bokslut 2022
    exkl Hållbarhet").
    """

    title: str
    scale: MoneyScale = MoneyScale.MNKR
    columns: tuple[Column, ...]
    lines: tuple[StatementLine, ...]
    note: str = ""

    def column(self, kind: ColumnKind) -> Column | None:
        for column in self.columns:
            if column.kind is kind:
                return column
        return None

    def result(self, column_id: str) -> Decimal | None:
        for line in self.lines:
            if line.kind is LineKind.RESULT:
                return line.values.get(column_id)
        return None


@attrs.frozen(kw_only=True)
class Investment:
    """An investment project (investering) with its budget, outcome and forecast."""

    project: str
    budget: Decimal | None = None
    outcome: Decimal | None = None
    forecast: Decimal | None = None


@attrs.frozen(kw_only=True)
class Deviation:
    """An explained deviation from budget ("Höga kostnader för mobilitetsstöd, -1,0 mnkr")."""

    text: str
    amount: Decimal | None = None


@attrs.frozen(kw_only=True)
class Economy:
    """The economy reported in one period.

    ``deviations`` explain the period's result against budget; ``actions``
    (åtgärder) and ``uncertainties`` (osäkerhetsfaktorer) are bullets;
    ``comments`` are the developments worth telling (utveckling verksamheter).
    """

    period: str
    scale: MoneyScale = MoneyScale.MNKR
    income_statement: Statement | None = None
    investments: tuple[Investment, ...] = ()
    budget_by_unit: Statement | None = None
    deviations: tuple[Deviation, ...] = ()
    forecast_comment: str = ""
    actions: tuple[str, ...] = ()
    uncertainties: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()

    def investment_totals(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """Budget, outcome and forecast summed over the projects (None where no project has one)."""

        def total(values: list[Decimal | None]) -> Decimal | None:
            given = [v for v in values if v is not None]
            return sum(given, Decimal(0)) if given else None

        return (
            total([i.budget for i in self.investments]),
            total([i.outcome for i in self.investments]),
            total([i.forecast for i in self.investments]),
        )
