"""A plugin tried out from a folder (``rusmodel --plugins-dir``), using every hook of API 2.

- a validation rule: an activity's comment in the latest period may not be
  longer than 400 characters (the region's style guide);
- a plan transform: imported activity titles lose stray spaces;
- a deck section: a table of the activities marked red and a slide of bullets, after
  the summary.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from rusmodel import (
    DeckSection,
    ExportContext,
    ImportContext,
    Plan,
    PlanTransform,
    Problem,
    Severity,
    Slide,
    ValidationRule,
    hookimpl,
)
from rusmodel.labels import Labels

RUSMODEL_HOOK_API = 2

LABELS = Labels(
    {
        "red_activities": ("Röda aktiviteter – {period}", "Red activities – {period}"),
        "red_actions": ("Åtgärder för röda aktiviteter", "Actions for red activities"),
    }
)


def long_comments(plan: Plan) -> Iterable[Problem]:
    period = plan.latest_period()
    if period is None:
        return
    for index, activity in enumerate(plan.activities):
        follow_up = activity.follow_ups.get(period.id)
        if follow_up is not None and len(follow_up.comment) > 400:
            yield Problem(
                f"the comment is {len(follow_up.comment)} characters; the region's limit is 400",
                place=f"activities[{index}].follow_ups.{period.id}.comment",
                severity=Severity.WARNING,
            )


def no_question_marks(plan: Plan) -> Iterable[Problem]:
    for index, activity in enumerate(plan.activities):
        if "?" in activity.title:
            yield Problem(
                "a title is a decision, not a question", place=f"activities[{index}].title"
            )


def tidy_titles(plan: Plan, context: ImportContext) -> Plan:
    activities = tuple(attrs.evolve(a, title=" ".join(a.title.split())) for a in plan.activities)
    return attrs.evolve(plan, activities=activities)


def red_slides(plan: Plan, context: ExportContext) -> Iterable[Slide]:
    period = context.period
    if period is None:
        return []
    red = [
        a
        for a in plan.activities
        if (f := a.follow_ups.get(period.id)) is not None and f.status == "red"
    ]
    if not red:
        return []
    title = LABELS.label("red_activities", context.lang, period=period.name)
    header = (LABELS.label("activity", context.lang), LABELS.label("comment", context.lang))
    rows = tuple((a.title, a.follow_ups[period.id].comment) for a in red)
    actions = tuple(f"{a.title} Åtgärdsplan begärs till nästa nämnd." for a in red)
    return [
        Slide(title=title, table=(header, *rows)),
        Slide(title=LABELS.label("red_actions", context.lang), paragraphs=actions),
    ]


@hookimpl
def rusmodel_validation_rules() -> Iterable[ValidationRule]:
    return [
        ValidationRule("comment-length", "comments of at most 400 characters", long_comments),
        ValidationRule("no-questions", "activity titles are not questions", no_question_marks),
    ]


@hookimpl
def rusmodel_plan_transforms() -> Iterable[PlanTransform]:
    return [PlanTransform("tidy-titles", "activity titles without stray spaces", tidy_titles)]


@hookimpl
def rusmodel_deck_sections() -> Iterable[DeckSection]:
    return [DeckSection("red", "the activities marked red", red_slides, after="summary")]
