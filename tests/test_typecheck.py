"""The type check of a plan built in Python: every wrong value found, at its place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

from rusmodel import load_yaml
from rusmodel.model import FollowUp, Plan
from rusmodel.typecheck import type_problems

SAMPLE = Path(__file__).parent.parent / "examples" / "sample-plan.yaml"


def _sample() -> Plan:
    return load_yaml(SAMPLE.read_bytes(), str(SAMPLE))


def _with_activity(plan: Plan, **changes: Any) -> Plan:
    first = attrs.evolve(plan.activities[0], **changes)
    return attrs.evolve(plan, activities=(first, *plan.activities[1:]))


def _follow_ups(plan: Plan, **extra: Any) -> dict[Any, Any]:
    return {**plan.activities[0].follow_ups, **extra}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: p, []),
        (
            lambda p: attrs.evolve(p, first_year=True),
            ["first_year: expected a whole number, got bool True"],
        ),
        (
            lambda p: _with_activity(p, units=["a"]),
            ["activities[0].units: expected a tuple, got list of 1; write tuple(...)"],
        ),
        (
            lambda p: _with_activity(p, goal_areas=("a", 3)),
            ["activities[0].goal_areas[1]: expected text, got int 3"],
        ),
        (
            lambda p: _with_activity(
                p,
                follow_ups=_follow_ups(p, late=FollowUp(status=1)),  # type: ignore[arg-type]
            ),
            ["activities[0].follow_ups.late.status: expected text or None, got int 1"],
        ),
        (
            lambda p: _with_activity(p, follow_ups=_follow_ups(p, **{"x": "green"})),
            ["activities[0].follow_ups.x: expected a FollowUp, got str 'green'"],
        ),
        (
            lambda p: _with_activity(p, follow_ups={2024: FollowUp()}),
            ["activities[0].follow_ups: expected text, got int 2024 as a key"],
        ),
        (
            lambda p: attrs.evolve(
                p,
                periods=(
                    attrs.evolve(p.periods[0], as_of=dt.datetime(2024, 4, 30)),
                    *p.periods[1:],
                ),
            ),
            ["periods[0].as_of: expected a date (datetime.date), got datetime"],
        ),
    ],
)
def test_every_wrong_value_deep_in_the_plan_is_named_at_its_place(
    change: Any, expected: list[str]
) -> None:
    # The check first asks quickly whether anything is wrong and walks the plan for the
    # places only then: a value wrong anywhere must still be found and named.
    found = [str(p) for p in type_problems(change(_sample()))]
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), found


def test_two_wrong_values_are_both_named() -> None:
    plan = _with_activity(attrs.evolve(_sample(), first_year="2024"), title=None)
    found = [str(p) for p in type_problems(plan)]
    assert [f.split(":")[0] for f in found] == ["first_year", "activities[0].title"]
