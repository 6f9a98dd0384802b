"""Indicators (indikatorer) with their targets and outcomes per period."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from rusmodel.targets import Direction, Target

__all__ = ["Indicator", "Outcome", "Trend"]


class Trend(enum.Enum):
    """How an outcome moved against the previous one, judged by the indicator's direction.

    ``positive`` and ``negative`` are the seeds' "Positiv"/"Negativ": better or
    worse for the indicator, not up or down.
    """

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNCHANGED = "unchanged"


@attrs.frozen(kw_only=True)
class Outcome:
    """An indicator's outcome (utfall) in one period.

    ``value`` is the outcome; ``values`` holds one outcome per category where
    the target has categories (Hushåll, Företag). ``measured`` is false when the
    indicator is not measured this period ("Mäts 4 e år", "Mäts inte 2023"), and
    ``note`` carries that text. ``trend`` records a trend as reported, where the
    previous outcome is not in the plan; otherwise the trend is computed.
    """

    value: Decimal | None = None
    values: dict[str, Decimal] = attrs.field(factory=dict)
    measured: bool = True
    note: str = ""
    trend: Trend | None = None


@attrs.frozen(kw_only=True)
class Indicator:
    """An indicator (indikator) of a goal area, with a target and outcomes per period.

    ``unit`` is what the value counts ("%", "st", "besökare"); ``better`` says
    which direction is an improvement; ``every_n_years`` is how often it is
    measured (1 is every year, 4 is "Mäts 4 e år"); ``target`` is the target as
    written ("> 69%"); ``target_year`` is the year it applies to ("Mål 2023");
    ``outcomes`` maps a period id to the outcome reported then.
    """

    id: str = ""
    name: str
    goal_area: str
    unit: str = ""
    target: Target | None = None
    better: Direction = Direction.HIGHER
    every_n_years: int = 1
    target_year: int | None = None
    source: str = ""
    outcomes: dict[str, Outcome] = attrs.field(factory=dict)

    @property
    def key(self) -> str:
        return self.id or self.name
