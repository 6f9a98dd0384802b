"""Indicator targets as planning staff write them: ``> 69%``, ``Behålla 102``, ``Öka``.

A target is kept as the text it was written in (so a plan file round-trips to
the letter) together with what that text means, read by :func:`parse_target`.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

__all__ = ["Comparison", "Target", "TargetPart", "parse_target"]


class Comparison(enum.Enum):
    """How an outcome is compared with a target value."""

    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EQ = "="  # a bare value ("100%", "5,0 %"): read with the indicator's direction
    KEEP = "keep"  # Behålla 102
    INCREASE = "increase"  # Öka
    DECREASE = "decrease"  # Minska (totalt 50% till 2030)


@attrs.frozen
class TargetPart:
    """One comparison of a target; a target per category has one part per category."""

    comparison: Comparison
    value: Decimal | None = None
    unit: str = ""
    category: str = ""
    by_year: int | None = None


@attrs.frozen
class Target:
    """A target (mål) with its original text; ``parts`` is empty if it could not be read."""

    text: str
    parts: tuple[TargetPart, ...] = ()

    @property
    def readable(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return self.text


def parse_target(text: str) -> Target:
    """Read a target's text; an unreadable one keeps its text and has no parts."""
    raise NotImplementedError  # being written
