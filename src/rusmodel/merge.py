"""Merging a period's answers into a plan (sammanföra), with a report of what was done.

An *answer* is what a unit says about one activity in a follow-up period
(a status and a comment) or about one indicator (an outcome and a note).
``rusmodel collect`` reads answers from the returned collection workbooks;
``rusmodel import IN --into PLAN`` from any importer (its
``Importer.read_answers``, or the period's follow-ups of the plan it reads).
Both merge them the same way (:func:`agree`, :func:`merge_answers`) and
print a report of the same form (``collect``'s adds which units answered):

- an answer for an activity or indicator the plan does not have, or with a
  status the plan's scale does not have, is refused and reported at its place;
- two different answers for one activity are both refused;
- the other answers become the period's follow-ups and outcomes, replacing
  what the plan held for that period;
- the report counts what was read, merged and refused, and lists what the
  merged period still lacks (a status, a comment), the comments copied
  unchanged from the previous period, and the activities not answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

# The report (what it holds, how it is printed) is a module of its own; it is part of
# this module's public API, so users import it from here.
from rusmodel.merge_report import (
    REPORT_TEXTS,
    ROW_MISSING,
    Missing,
    Report,
    format_report,
    report_lines,
)
from rusmodel.model import FollowUp, Indicator, Outcome, Period, Plan
from rusmodel.problems import PlanError, Problem, shorten
from rusmodel.texts import Texts

__all__ = [
    "REPORT_TEXTS",
    "ROW_MISSING",
    "Answer",
    "Merged",
    "Missing",
    "Report",
    "agree",
    "answers_from_plan",
    "check_keys",
    "format_report",
    "merge_answers",
    "merge_period",
    "report_lines",
    "unchanged_comment",
]


@attrs.frozen
class Answer:
    """What one row of a file says about one activity or indicator in the period.

    ``kind`` is ``activity`` or ``indicator``; ``key`` the activity's or
    indicator's key in the plan (its id, else its title or name); ``file``
    and ``place`` where the answer is (``Välmående!I7``, ``row 7``), which
    every message about it names; ``group`` the unit or goal area it was
    asked of. An activity's answer has ``status`` (an id of the plan's scale,
    ``None`` when left empty) and ``comment``; an indicator's has ``value``
    (``None`` when not measured) and ``note``, and ``category`` the target's
    category the outcome is for (Hushåll), empty for the whole.
    ``comment_place`` is where the comment is, when that is another cell.
    """

    kind: str
    key: str
    file: str = ""
    place: str = ""
    group: str = ""
    status: str | None = None
    comment: str = ""
    value: Decimal | None = None
    note: str = ""
    comment_place: str = ""
    category: str = ""

    @property
    def slot(self) -> tuple[str, str]:
        """What the answer is for: ``("indicator", "T1 (Hushåll)")`` for a category's outcome."""
        return (self.kind, f"{self.key} ({self.category})" if self.category else self.key)

    @property
    def content(self) -> tuple[object, ...]:
        """What the answer says, spaces aside: two answers that agree have the same content."""
        return (
            self.status,
            " ".join(self.comment.split()),
            self.value,
            " ".join(self.note.split()),
        )


@attrs.frozen
class Merged:
    """The plan with the period merged, and the report of what was done."""

    plan: Plan
    report: Report


_MESSAGES: Mapping[str, tuple[str, str]] = {
    "conflict": (
        "{key!r} har olika svar på flera ställen ({where}); inget av svaren används",
        "{key!r} is answered differently in more than one place ({where}); none is used",
    ),
    "unknown_key": (
        "{key!r} är ingen {what} i planen; svaret används inte",
        "{key!r} is not an {what} of the plan; the answer is not used",
    ),
    "bad_kind": (
        "ett svar gäller en aktivitet eller en indikator, inte {kind!r}",
        "an answer is about an activity or an indicator, not {kind!r}",
    ),
    "bad_status": (
        "{status} är ingen status i planens skala ({allowed}); svaret för {key!r} används inte",
        "{status} is not a status of the plan's scale ({allowed}); the answer for {key!r} "
        "is not used",
    ),
}

_WHAT = Texts({"activity": ("aktivitet", "activity"), "indicator": ("indikator", "indicator")})


_m = Texts(_MESSAGES)


def check_keys(plan: Plan) -> None:
    """Refuse a plan in which two activities (or indicators) share a key: answers would be
    matched to the wrong one."""
    for what, keys in (
        ("activities", [a.key for a in plan.activities]),
        ("indicators", [i.key for i in plan.indicators]),
    ):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise PlanError.single(
                f"two {what} of the plan have the key {twice[0]!r}, so an answer could not be "
                "matched to one of them; give each an id of its own",
                place=what,
            )


def agree(
    answers: Sequence[Answer], lang: str, problems: list[Problem]
) -> tuple[dict[tuple[str, str], Answer], set[tuple[str, str]]]:
    """One answer per activity; differing answers for one (in two places) are all refused.

    Returns the accepted answers by ``(kind, key)`` and the keys in conflict;
    a problem for each answer in conflict is added to ``problems``.
    """
    by_key: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        by_key.setdefault(answer.slot, []).append(answer)
    accepted: dict[tuple[str, str], Answer] = {}
    conflicts: set[tuple[str, str]] = set()
    for key, given in by_key.items():
        if len({a.content for a in given}) == 1:
            accepted[key] = given[0]
            continue
        conflicts.add(key)
        where = "; ".join(f"{a.file}: {a.place}" for a in given)
        problems += [
            Problem(_m("conflict", lang, key=key[1], where=where), place=a.place, file=a.file)
            for a in given
        ]
    return accepted, conflicts


def merge_answers(
    plan: Plan,
    period: Period,
    accepted: Mapping[tuple[str, str], Answer],
    sent: Iterable[str] = (),
) -> Plan:
    """The plan with the accepted answers as the period's follow-ups and outcomes.

    An activity in ``sent`` (asked but not answered) gets an empty follow-up
    for the period unless it already has one, so reports show it as not
    reported instead of leaving it out.
    """
    asked = set(sent)
    activities = []
    for activity in plan.activities:
        answer = accepted.get(("activity", activity.key))
        follow_ups = dict(activity.follow_ups)
        if answer is not None:
            follow_ups[period.id] = FollowUp(status=answer.status, comment=answer.comment)
        elif activity.key in asked and period.id not in follow_ups:
            follow_ups[period.id] = FollowUp()
        if follow_ups != activity.follow_ups:
            activity = attrs.evolve(activity, follow_ups=follow_ups)
        activities.append(activity)
    indicators = [
        _merge_outcome(
            i, period, [a for a in accepted.values() if a.kind == "indicator" and a.key == i.key]
        )
        for i in plan.indicators
    ]
    return attrs.evolve(plan, activities=tuple(activities), indicators=tuple(indicators))


def _merge_outcome(indicator: Indicator, period: Period, answers: Sequence[Answer]) -> Indicator:
    """The outcome given: a value is measured; no value but a note is "not measured".

    An answer for a category of the target (Hushåll, Företag) is that
    category's outcome (``values``); the whole's value is kept as it was.
    """
    given = [a for a in answers if a.value is not None or a.note]
    if not given:
        return indicator
    existing = indicator.outcomes.get(period.id, Outcome())
    whole = next((a for a in given if not a.category), None)
    per_category = [a for a in given if a.category]
    if not per_category and whole is not None:
        outcome = attrs.evolve(
            existing, value=whole.value, note=whole.note, measured=whole.value is not None
        )
    else:
        values = dict(existing.values)
        values.update((a.category, a.value) for a in per_category if a.value is not None)
        value = whole.value if whole is not None else existing.value
        note = "; ".join(dict.fromkeys(a.note for a in given if a.note))
        measured = value is not None or bool(values)
        outcome = attrs.evolve(existing, value=value, values=values, note=note, measured=measured)
    return attrs.evolve(indicator, outcomes={**indicator.outcomes, period.id: outcome})


def answers_from_plan(plan: Plan, period_id: str, file: str = "") -> list[Answer]:
    """The follow-ups and outcomes ``plan`` holds for the period, as answers to merge.

    How ``rusmodel import --into`` merges from an importer that reads whole
    plans: each answer's place is its path in that plan. An outcome per
    category of the target (Hushåll, Företag) is an answer of its own.
    """
    answers = []
    for index, activity in enumerate(plan.activities):
        follow_up = activity.follow_ups.get(period_id)
        if follow_up is not None:
            answers.append(
                Answer(
                    kind="activity",
                    key=activity.key,
                    file=file,
                    place=f"activities[{index}].follow_ups.{period_id}",
                    status=follow_up.status,
                    comment=follow_up.comment,
                )
            )
    for index, indicator in enumerate(plan.indicators):
        outcome = indicator.outcomes.get(period_id)
        if outcome is not None:
            answers.append(
                Answer(
                    kind="indicator",
                    key=indicator.key,
                    file=file,
                    place=f"indicators[{index}].outcomes.{period_id}",
                    value=outcome.value,
                    note=outcome.note,
                )
            )
            answers += [
                Answer(
                    kind="indicator",
                    key=indicator.key,
                    file=file,
                    place=f"indicators[{index}].outcomes.{period_id}.values.{category}",
                    value=value,
                    category=category,
                )
                for category, value in outcome.values.items()
            ]
    return answers


def _usable(
    plan: Plan, answers: Iterable[Answer], lang: str, problems: list[Problem]
) -> list[Answer]:
    """The answers that name something of the plan and a status of its scale."""
    keys = {
        "activity": {a.key for a in plan.activities},
        "indicator": {i.key for i in plan.indicators},
    }
    statuses = plan.scale.ids()
    kept = []
    for answer in answers:
        message = ""
        if answer.kind not in keys:
            message = _m("bad_kind", lang, kind=answer.kind)
        elif answer.key not in keys[answer.kind]:
            what = _WHAT(answer.kind, lang)
            message = _m("unknown_key", lang, key=answer.key, what=what)
        elif answer.status is not None and answer.status not in statuses:
            message = _m(
                "bad_status",
                lang,
                status=shorten(answer.status),
                allowed=", ".join(statuses),
                key=answer.key,
            )
        if message:
            problems.append(Problem(message, place=answer.place, file=answer.file))
        else:
            kept.append(answer)
    return kept


def unchanged_comment(before: FollowUp | None, comment: str) -> bool:
    """Whether ``comment`` is the comment of ``before``, the previous period's follow-up,
    copied unchanged (spaces and case aside): the merge report lists such comments
    (Kommentaren oförändrad sedan Delår 1), for the unit to say what is new. An empty
    comment is never unchanged: it is lacking."""
    if before is None or not comment.strip():
        return False
    return _folded(before.comment) == _folded(comment)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def merge_period(
    plan: Plan,
    period: Period,
    answers: Iterable[Answer],
    *,
    files: Sequence[str] = (),
    lang: str = "sv",
) -> Merged:
    """Merge ``answers`` into ``plan``'s ``period`` and report, as ``rusmodel import --into`` does.

    Every answer is checked (see the module's docstring); the refused ones are
    in the report's ``problems`` and left out. ``no_answer`` lists the plan's
    activities no answer was given for; ``lacking_status`` and
    ``lacking_comment`` the answered ones still lacking them. Raises
    :class:`~rusmodel.PlanError` only when the plan cannot be merged into
    (two activities with one key). Messages are Swedish unless ``lang`` is ``en``.
    """
    check_keys(plan)
    given = list(answers)
    problems: list[Problem] = []
    usable = _usable(plan, given, lang, problems)
    accepted, conflicts = agree(usable, lang, problems)
    merged = merge_answers(plan, period, accepted)
    previous = plan.previous_period(period.id)
    refused_keys = {(a.kind, a.key) for a in given} - set(accepted)
    file = files[0] if files else ""
    lacking_status: list[Missing] = []
    lacking_comment: list[Missing] = []
    unchanged: list[Missing] = []
    no_answer: list[Missing] = []
    for activity in merged.activities:
        group = ", ".join(plan.unit_name(u) for u in activity.units)
        answer = accepted.get(("activity", activity.key))
        if answer is None:
            if ("activity", activity.key) not in refused_keys:
                no_answer.append(Missing(activity.id, activity.title, group, file))
            continue
        missing = Missing(activity.id, activity.title, group, answer.file, answer.place)
        at_comment = attrs.evolve(missing, place=answer.comment_place or answer.place)
        if answer.status is None:
            lacking_status.append(missing)
        if not answer.comment.strip():
            lacking_comment.append(at_comment)
        before = activity.follow_ups.get(previous.id) if previous else None
        if unchanged_comment(before, answer.comment):
            unchanged.append(at_comment)
    read = len(given)
    in_use = sum(1 for a in usable if a.slot not in conflicts)
    report = Report(
        period=period,
        files=tuple(files),
        files_read=tuple(files),
        answered=(),
        not_answered=(),
        read=read,
        merged=in_use,
        refused=read - in_use,
        problems=tuple(problems),
        lacking_status=tuple(lacking_status),
        lacking_comment=tuple(lacking_comment),
        unchanged_comment=tuple(unchanged),
        no_answer=tuple(no_answer),
        indicators_merged=sum(1 for k in accepted if k[0] == "indicator"),
        previous=previous,
        source="files",
    )
    return Merged(plan=merged, report=report)
