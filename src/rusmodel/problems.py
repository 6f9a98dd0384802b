"""Problems found in input: each names the file, the place and what is wrong.

Every reader and checker in rusmodel reports through :class:`Problem` so the
command line can print one line per problem (``plan.yaml:12: activities[3].status:
...``) and a program can act on them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

__all__ = [
    "PlanError",
    "Problem",
    "Severity",
    "format_path",
    "nearest_line",
    "shorten",
    "with_lines",
]

PathPart = str | int


class Severity(enum.Enum):
    """An error stops the job; a warning is reported and the job goes on."""

    ERROR = "error"
    WARNING = "warning"


def format_path(path: Sequence[PathPart]) -> str:
    """``("activities", 3, "status")`` as ``activities[3].status``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = part
    return out


def shorten(value: object, limit: int = 60) -> str:
    """``repr(value)`` for a message, cut short: a status pasted a megabyte long shows its start."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= limit + 2 else text[:limit] + "…"


@attrs.frozen
class Problem:
    """One problem: where it is and what is wrong.

    ``file`` is the file's name as the user gave it; ``place`` is where in the
    file: a path into the plan (``activities[3].status``) or a sheet and cell
    (``Välmående!D7``); ``line`` is the line in a text file where it is known.
    """

    message: str
    place: str = ""
    file: str = ""
    line: int | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file
        if where and self.line is not None:
            where += f":{self.line}"
        place = self.place if len(self.place) <= 200 else self.place[:199] + "…"
        parts = [p for p in (where, place) if p]
        prefix = ": ".join(parts)
        label = "" if self.severity is Severity.ERROR else "warning: "
        return f"{prefix}: {label}{self.message}" if prefix else f"{label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PlanError(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, message: str, *, file: str = "", place: str = "", line: int | None = None
    ) -> PlanError:
        """An error of one problem: ``PlanError.single("bad date", file="x.csv", line=7)``."""
        return cls([Problem(message, place=place, file=file, line=line)])


_LAST_PART = re.compile(r"(\.[^.\[]*|\[\d+\])$")


def nearest_line(place: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``place`` or, where it has none (a missing key), of its parent."""
    while place:
        if place in lines:
            return lines[place]
        trimmed = _LAST_PART.sub("", place)
        place = "" if trimmed == place else trimmed
    return None


def with_lines(problems: Iterable[Problem], file: str, lines: Mapping[str, int]) -> list[Problem]:
    """The problems with ``file`` and, where the place is known, the line filled in."""
    return [
        attrs.evolve(
            p,
            file=p.file or file,
            line=p.line if p.line is not None else nearest_line(p.place, lines),
        )
        for p in problems
    ]
