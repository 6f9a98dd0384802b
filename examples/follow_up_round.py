"""A follow-up round in Python: add the next period, record the answers, check, make the deck.

usage: python examples/follow_up_round.py [FOLDER]

Starts from ``examples/sample-plan.yaml``, followed up at Delår 1 and Delår 2
2023, and follows it up at Delår 1 2024, the way a region's own system could
deliver the units' answers instead of the collection workbooks:

1. the period Delår 1 2024 is added to the plan (``rusmodel.cycle.add_period``);
2. every activity still open after Delår 2 is asked about again, and the
   answers (a status as people type it, "Grön" or "gul ", and a comment) are
   recorded; an activity without an answer is listed as not reported;
3. an indicator's new outcome is recorded;
4. the plan is checked, and what changed since Delår 2 is printed;
5. the new plan file ``plan-2024-d1.yaml`` and its deck ``delar1-2024.pptx``
   are written to FOLDER (default: the current folder).

``rusmodel template`` and ``rusmodel collect`` do steps 2 and 3 with Excel
workbooks instead; see docs/guides/follow-up-round.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import attrs

import rusmodel
from rusmodel import (
    FollowUp,
    Outcome,
    Period,
    Plan,
    PlanError,
    Problem,
    atomic_write,
    dump_yaml,
    load_yaml,
)
from rusmodel.cycle import add_period, followed_up
from rusmodel.summary import changes_since_previous, share_percent, total_count
from rusmodel.validation import errors, validate

EXAMPLES = Path(__file__).resolve().parent

NEW_PERIOD = Period(id="2024-d1", name="Delår 1 2024", as_of=dt.date(2024, 4, 30))

# The units' answers: activity (its id, or its title where it has none) → status, comment.
ANSWERS: Mapping[str, tuple[str, str]] = {
    "RF1": ("Grön", "Handlingsplanen är på remiss till kommunerna till och med maj."),
    # The comment is last period's, word for word: the round reports it.
    "Utveckla webbplatsen Kulturarv.": ("grön ", "Webbplatsen är lanserad."),
}
OUTCOMES: Mapping[str, Decimal] = {"Sjukfrånvaro": Decimal("4.8")}


def record_answers(plan: Plan, period: Period) -> tuple[Plan, list[Problem]]:
    """The plan with ``period`` added and the answers recorded; refused answers as problems."""
    # Opens the period as `rusmodel period add` does: the open activities get empty follow-ups.
    plan = add_period(plan, period)
    asked = {a.key for a in followed_up(plan, period.id)}
    problems: list[Problem] = []
    activities = []
    for index, activity in enumerate(plan.activities):
        if activity.key in asked:
            status_text, comment = ANSWERS.get(activity.key, ("", ""))
            value = plan.scale.match(status_text)
            if status_text and value is None:
                known = ", ".join(v.label("sv") for v in plan.scale.values)
                place = f"activities[{index}]"
                problems.append(Problem(f"{status_text!r} is not a status ({known})", place=place))
            answer = FollowUp(status=value.id if value else None, comment=comment)
            activity = attrs.evolve(activity, follow_ups={**activity.follow_ups, period.id: answer})
        activities.append(activity)
    indicators = [
        attrs.evolve(i, outcomes={**i.outcomes, period.id: Outcome(value=OUTCOMES[i.key])})
        if i.key in OUTCOMES
        else i
        for i in plan.indicators
    ]
    changed = attrs.evolve(plan, activities=tuple(activities), indicators=tuple(indicators))
    return changed, problems


def _label(plan: Plan, status: str | None) -> str:
    value = plan.scale.get(status) if status else None
    return value.label("sv") if value else "–"


def report(plan: Plan, period: Period) -> None:
    total = total_count(plan, period.id)
    print(f"{plan.title} – {period.name}")
    print(f"  {total.on_track} av {total.total} aktiviteter ({share_percent(total)} %) enligt plan")
    print(f"  {total.unreported} utan svar")
    changes = changes_since_previous(plan, period.id)
    for change in changes.status_changed:
        before, now = _label(plan, change.previous_status), _label(plan, change.status)
        print(f"  status ändrad: {change.activity.title} ({before} → {now})")
    for activity in changes.comment_not_updated:
        print(f"  kommentaren oförändrad sedan förra perioden: {activity.title}")


def main(folder: Path) -> int:
    source = EXAMPLES / "sample-plan.yaml"
    try:
        plan = load_yaml(source.read_bytes(), file=source.name)
        plan, refused = record_answers(plan, NEW_PERIOD)
        problems = refused + validate(plan)
        for problem in problems:
            print(problem, file=sys.stderr)
        if errors(problems):
            return 1
        report(plan, NEW_PERIOD)

        plan_file = folder / "plan-2024-d1.yaml"
        with atomic_write(plan_file) as out:
            out.write(dump_yaml(plan).encode("utf-8"))
        deck = rusmodel.export(plan, folder / "delar1-2024.pptx", period=NEW_PERIOD)
    except PlanError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"{plan_file.name}, {deck.name}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
