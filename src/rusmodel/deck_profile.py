"""What can be wrong with a plan's deck profile (``deck:`` in the plan file).

The profile names the committee deck's sections by name: the deck's own
(:data:`~rusmodel.model.DECK_SECTIONS`) and those plugins add, which only the
installed plugins know; so the names are checked here, by
:func:`rusmodel.validation.validate` and by the deck itself, and not when the
file is read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence

from rusmodel.model import DECK_SECTIONS, Plan
from rusmodel.problems import Problem, Severity, shorten

__all__ = ["profile_problems", "section_names", "section_problems"]


def section_names(plugin_sections: Iterable[str] = ()) -> tuple[str, ...]:
    """Every section a deck profile may name: the deck's own in deck order, then plugins'."""
    own = set(DECK_SECTIONS)
    return (*DECK_SECTIONS, *(name for name in plugin_sections if name not in own))


def profile_problems(plan: Plan, plugin_sections: Iterable[str] = ()) -> Iterator[Problem]:
    """An error for each section the plan's deck profile names that no deck has, a warning
    for each named twice; ``plugin_sections`` are the names of the sections plugins add
    (``registry().deck_sections``)."""
    return section_problems(plan.deck.sections, plugin_sections)


def section_problems(
    sections: Sequence[str], plugin_sections: Iterable[str] = ()
) -> Iterator[Problem]:
    """The problems of a deck profile's ``sections``, placed at ``deck.sections[N]``."""
    known = section_names(plugin_sections)
    first: dict[str, int] = {}
    for index, name in enumerate(sections):
        place = f"deck.sections[{index}]"
        if name not in known:
            # difflib compares every pair of characters: only for names of a sane length.
            close = difflib.get_close_matches(name, known, n=1) if len(name) < 100 else []
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield Problem(
                f"unknown section {shorten(name)}{hint}; choose from {', '.join(known)}",
                place=place,
            )
        elif name in first:
            yield Problem(
                f"the section {name!r} is named twice (first at deck.sections[{first[name]}]); "
                "the deck shows it once, where it is first named",
                place=place,
                severity=Severity.WARNING,
            )
        else:
            first[name] = index
