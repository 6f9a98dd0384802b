"""When an activity is to be done (tidplan): a year, years, a quarter, or the plan period."""

from __future__ import annotations

import re

import attrs

__all__ = ["Schedule", "ScheduleError", "parse_schedule"]

_WHOLE = {"planperioden", "planperiod", "plan period", "whole plan period", "hela planperioden"}
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
_QUARTER = re.compile(r"^[Qq]([1-4])\s+(\d{4})$")


class ScheduleError(ValueError):
    """A schedule text that is none of the forms a tidplan is written in."""


@attrs.frozen(kw_only=True)
class Schedule:
    """A tidplan: ``2023``, ``2023-2024``, ``Q4 2023`` or ``Planperioden``.

    ``whole_period`` is true for the whole plan period, in which case the years
    are ``None``. ``quarter`` is 1 to 4 or ``None``.
    """

    first_year: int | None = None
    last_year: int | None = None
    quarter: int | None = None
    whole_period: bool = False

    def text(self, lang: str = "sv") -> str:
        """The schedule as the seeds write it (canonical, also what the plan file stores)."""
        if self.whole_period:
            return "Plan period" if lang == "en" else "Planperioden"
        if self.quarter is not None:
            return f"Q{self.quarter} {self.first_year}"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    def __str__(self) -> str:
        return self.text()


def parse_schedule(text: str | int) -> Schedule:
    """Read a tidplan as planning staff write it; raise :class:`ScheduleError` otherwise."""
    raw = " ".join(str(text).split())
    if raw.casefold() in _WHOLE:
        return Schedule(whole_period=True)
    if m := _YEAR.match(raw):
        year = int(m.group(1))
        return Schedule(first_year=year, last_year=year)
    if m := _RANGE.match(raw):
        first, last = int(m.group(1)), int(m.group(2))
        if last < first:
            raise ScheduleError(f"the range {raw!r} ends before it starts")
        return Schedule(first_year=first, last_year=last)
    if m := _QUARTER.match(raw):
        year = int(m.group(2))
        return Schedule(first_year=year, last_year=year, quarter=int(m.group(1)))
    raise ScheduleError(
        f"{raw!r} is not a schedule; write a year (2023), years (2023-2024), "
        "a quarter (Q4 2023) or Planperioden"
    )
