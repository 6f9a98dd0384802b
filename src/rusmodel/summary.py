"""What a follow-up says, computed from the plan: counts, changes, indicator status.

Pure functions over the model. They return values and never print, so the
deck, the workbook and the command line all tell the same numbers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from rusmodel.cycle import followed_up
from rusmodel.labels import label
from rusmodel.model import Activity, GoalArea, Indicator, Outcome, Plan, Trend
from rusmodel.targets import Direction, PartVerdict, Verdict, judge, overall

__all__ = [
    "ActivityChange",
    "ActivityGroup",
    "ChangeRow",
    "Changes",
    "GroupCount",
    "IndicatorStatus",
    "activities_in",
    "activity_groups",
    "changes_since_previous",
    "indicator_status",
    "share_percent",
    "status_counts",
    "total_count",
]


@attrs.frozen(kw_only=True)
class GroupCount:
    """The activities of one goal area (or unit) in a period, counted per status.

    ``by_status`` maps every value of the plan's scale, in the scale's order,
    to its count; ``unreported`` counts activities with no status this period;
    ``on_track`` counts the statuses the scale marks as on track (green).
    """

    key: str
    name: str
    total: int
    by_status: dict[str, int]
    unreported: int
    on_track: int

    @property
    def share_on_track(self) -> Decimal | None:
        """The share on track as a fraction (0.99), or ``None`` with no activities."""
        return Decimal(self.on_track) / Decimal(self.total) if self.total else None


def activities_in(plan: Plan, period_id: str) -> tuple[Activity, ...]:
    """The activities followed up in a period, by the rule of :func:`rusmodel.cycle.followed_up`."""
    return followed_up(plan, period_id)


def _count(
    plan: Plan, key: str, name: str, activities: Sequence[Activity], period_id: str
) -> GroupCount:
    by_status = dict.fromkeys(plan.scale.ids(), 0)
    unreported = 0
    for activity in activities:
        follow_up = activity.follow_ups.get(period_id)
        status = follow_up.status if follow_up else None
        if status in by_status:
            by_status[status] += 1
        else:
            unreported += 1
    on_track_ids = {v.id for v in plan.scale.values if v.on_track}
    return GroupCount(
        key=key,
        name=name,
        total=len(activities),
        by_status=by_status,
        unreported=unreported,
        on_track=sum(n for s, n in by_status.items() if s in on_track_ids),
    )


def status_counts(
    plan: Plan, period_id: str, *, group_by: str = "goal_area", lang: str = "sv"
) -> tuple[GroupCount, ...]:
    """Status counts per goal area (or per unit with ``group_by="unit"``), in the plan's order.

    An activity that serves two goal areas counts in both, as the seeds count
    it; :func:`total_count` counts each activity once. Activities that serve
    no goal area are counted per unit, after the goal areas (a plan grouped
    by unit only has just those rows); those of no unit either are one last
    group named in ``lang``: "Utan verksamhet" (``sv``) or "No unit" (``en``).
    """
    followed = activities_in(plan, period_id)
    if group_by == "unit":
        return _by_unit(plan, followed, period_id, lang)
    if group_by != "goal_area":
        raise ValueError(f"group_by must be 'goal_area' or 'unit', not {group_by!r}")
    groups: list[GroupCount] = []
    for area in plan.goal_areas:
        members = [a for a in followed if area.id in a.goal_areas]
        if members:
            groups.append(_count(plan, area.id, area.display_short, members, period_id))
    without = [a for a in followed if not a.goal_areas]
    return (*groups, *_by_unit(plan, without, period_id, lang))


def _by_unit(
    plan: Plan, activities: Sequence[Activity], period_id: str, lang: str
) -> tuple[GroupCount, ...]:
    """Counts per unit in the plan's order; activities of no unit last, as the label
    ``no_unit`` ("Utan verksamhet", "No unit")."""
    groups: list[GroupCount] = []
    ids = [u.id for u in plan.units]
    ids += sorted({u for a in activities for u in a.units} - set(ids))
    for unit_id in ids:
        members = [a for a in activities if unit_id in a.units]
        if members:
            groups.append(_count(plan, unit_id, plan.unit_name(unit_id), members, period_id))
    orphans = [a for a in activities if not a.units]
    if orphans:
        groups.append(_count(plan, "", label("no_unit", lang), orphans, period_id))
    return tuple(groups)


def __getattr__(name: str) -> Any:
    # NO_UNIT was the Swedish name alone; kept, with a warning, for code that imports it.
    if name == "NO_UNIT":
        warnings.warn(
            "rusmodel.summary.NO_UNIT is deprecated: the group follows the language, "
            'label("no_unit", lang) from rusmodel.labels',
            DeprecationWarning,
            stacklevel=2,
        )
        return label("no_unit", "sv")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@attrs.frozen
class ActivityGroup:
    """Activities shown under one heading (a deck's table, a document's section): those of
    one goal area (målområde), or of one unit (verksamhet).

    ``area`` is the goal area, where the group is one.
    """

    title: str
    activities: tuple[Activity, ...]
    area: GoalArea | None = None


def activity_groups(
    plan: Plan, activities: Sequence[Activity], group_by: str = "goal_area", *, rest: str = ""
) -> list[ActivityGroup]:
    """``activities`` under their headings in the plan's order, as decks and documents show them.

    By goal area, activities of no goal area of the plan (a plan grouped by
    unit only) are grouped by their unit after the goal areas. An activity
    serving two goal areas (or units) is in both groups. What belongs to no
    known goal area nor unit is one last group titled ``rest``.
    """
    groups: list[ActivityGroup] = []
    loose = tuple(activities)
    if group_by != "unit":
        for area in plan.goal_areas:
            members = tuple(a for a in loose if area.id in a.goal_areas)
            if members:
                groups.append(ActivityGroup(area.name, members, area))
        loose = tuple(a for a in loose if not any(plan.goal_area(g) for g in a.goal_areas))
    for unit in plan.units:
        members = tuple(a for a in loose if unit.id in a.units)
        if members:
            groups.append(ActivityGroup(unit.name, members))
    loose = tuple(a for a in loose if not any(plan.unit(u) for u in a.units))
    if loose:
        groups.append(ActivityGroup(rest, loose))
    return groups


def total_count(plan: Plan, period_id: str, *, lang: str = "sv") -> GroupCount:
    """All activities of the period counted once each, named "Totalt" (``sv``) or "Total"."""
    return _count(plan, "", label("total", lang), activities_in(plan, period_id), period_id)


def share_percent(count: GroupCount) -> int | None:
    """The share on track in whole per cent, rounded half up as the seeds do (78/79 is 99)."""
    share = count.share_on_track
    if share is None:
        return None
    return int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@attrs.frozen(kw_only=True)
class ActivityChange:
    """An activity whose status or comment moved between two periods."""

    activity: Activity
    previous_status: str | None
    status: str | None


@attrs.frozen(kw_only=True)
class Changes:
    """What changed from the previous period to this one.

    ``new`` were not followed up last period; ``removed`` were followed up
    last period and not now; ``status_changed`` moved status;
    ``finished`` moved to a status that means done (the progress scale's
    ``done``); ``comment_not_updated`` kept last period's comment word for word,
    the classic copying mistake.
    """

    period: str
    previous: str | None
    new: tuple[Activity, ...] = ()
    removed: tuple[Activity, ...] = ()
    status_changed: tuple[ActivityChange, ...] = ()
    finished: tuple[Activity, ...] = ()
    comment_not_updated: tuple[Activity, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.new or self.removed or self.status_changed or self.comment_not_updated)

    def rows(self) -> tuple[ChangeRow, ...]:
        """The changes as a table lists them: status moves (finished ones marked), then new,
        then dropped activities."""
        finished = {a.key for a in self.finished}
        moved = tuple(
            ChangeRow(
                c.activity,
                "finished" if c.activity.key in finished else "status",
                self.previous,
                self.period,
            )
            for c in self.status_changed
        )
        new = tuple(ChangeRow(a, "new", None, self.period) for a in self.new)
        removed = tuple(ChangeRow(a, "removed", self.previous, None) for a in self.removed)
        return (*moved, *new, *removed)


@attrs.frozen
class ChangeRow:
    """One row of a table of changes: the activity, what happened to it (``status``,
    ``finished``, ``new`` or ``removed``), and the periods whose status it shows before
    and now (``None`` where it was not followed up)."""

    activity: Activity
    kind: str
    before: str | None
    now: str | None


def changes_since_previous(plan: Plan, period_id: str) -> Changes:
    """Compare a period with the one before it in the plan; empty for the first period.

    New and no longer followed up are by the rule of
    :func:`rusmodel.cycle.followed_up`: an activity of a unit that has not
    answered yet is still followed up (not reported), not dropped.
    """
    previous = plan.previous_period(period_id)
    if previous is None:
        return Changes(period=period_id, previous=None)
    now_set = {a.key for a in followed_up(plan, period_id)}
    before_set = {a.key for a in followed_up(plan, previous.id)}
    done = {v.id for v in plan.scale.values if v.done}
    new: list[Activity] = []
    removed: list[Activity] = []
    moved: list[ActivityChange] = []
    finished: list[Activity] = []
    stale: list[Activity] = []
    for activity in plan.activities:
        if activity.key not in now_set and activity.key not in before_set:
            continue
        if activity.key not in before_set:
            new.append(activity)
            continue
        if activity.key not in now_set:
            removed.append(activity)
            continue
        now = activity.follow_ups.get(period_id)
        before = activity.follow_ups.get(previous.id)
        # Not reported yet (its unit has not answered) is no change of status.
        if now is None or before is None or now.status is None:
            continue
        if now.status != before.status:
            moved.append(
                ActivityChange(activity=activity, previous_status=before.status, status=now.status)
            )
            if now.status in done:
                finished.append(activity)
        if now.comment.strip() and now.comment.strip() == before.comment.strip():
            stale.append(activity)
    return Changes(
        period=period_id,
        previous=previous.id,
        new=tuple(new),
        removed=tuple(removed),
        status_changed=tuple(moved),
        finished=tuple(finished),
        comment_not_updated=tuple(stale),
    )


@attrs.frozen(kw_only=True)
class IndicatorStatus:
    """An indicator's standing in a period: the outcome, the verdict per target part, the trend.

    ``measured`` is false where the indicator is not measured this period;
    ``verdict`` is the overall verdict (met only if every part is met);
    ``trend`` is against the previous outcome in the plan, judged by the
    indicator's direction, or as reported in the outcome.
    """

    indicator: Indicator
    outcome: Outcome | None
    measured: bool
    parts: tuple[PartVerdict, ...]
    verdict: Verdict
    trend: Trend | None


def _previous_outcome(plan: Plan, indicator: Indicator, period_id: str) -> Outcome | None:
    ids = [p.id for p in plan.periods]
    if period_id not in ids:
        return None
    for earlier in reversed(ids[: ids.index(period_id)]):
        outcome = indicator.outcomes.get(earlier)
        if outcome is not None and outcome.measured and outcome.value is not None:
            return outcome
    return None


def _trend(indicator: Indicator, value: Decimal | None, before: Decimal | None) -> Trend | None:
    if value is None or before is None:
        return None
    if value == before or indicator.better is Direction.NONE:
        return Trend.UNCHANGED if value == before else None
    improved = value > before if indicator.better is Direction.HIGHER else value < before
    return Trend.POSITIVE if improved else Trend.NEGATIVE


def indicator_status(plan: Plan, indicator: Indicator, period_id: str) -> IndicatorStatus:
    """Judge an indicator's outcome in a period against its target and the previous outcome."""
    outcome = indicator.outcomes.get(period_id)
    measured = outcome is not None and outcome.measured
    before = _previous_outcome(plan, indicator, period_id)
    parts: tuple[PartVerdict, ...] = ()
    if measured and outcome is not None and indicator.target is not None:
        parts = judge(
            indicator.target,
            outcome.value,
            values=outcome.values,
            previous=before.value if before else None,
            previous_values=before.values if before else None,
            direction=indicator.better,
        )
    trend: Trend | None = None
    if outcome is not None:
        trend = outcome.trend or (
            _trend(indicator, outcome.value, before.value if before else None) if measured else None
        )
    return IndicatorStatus(
        indicator=indicator,
        outcome=outcome,
        measured=measured,
        parts=parts,
        verdict=overall(parts),
        trend=trend,
    )
