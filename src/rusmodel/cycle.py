"""The follow-up cycle (uppföljningscykeln): which activities each period follows up.

One rule, used by every command and format, so the collection workbooks,
``collect``, the summary, the deck and the full workbook count the same
activities:

    A period follows up the activities it lists (``activities``); otherwise
    every activity that has started by then and was not finished in an
    earlier period, where an activity starts at its ``start`` (by default its
    first follow-up, or the plan's latest period for a new one without any)
    and is finished after its ``end`` or after a follow-up whose status the
    scale marks ``done`` (Klart).

Pure functions over the model; they never print.
"""

from __future__ import annotations

import attrs

from rusmodel.model import Activity, FollowUp, Period, Plan

__all__ = [
    "RoundState",
    "add_period",
    "followed_up",
    "last_follow_up",
    "open_after",
    "round_state",
    "start_of",
]


def _order(plan: Plan) -> dict[str, int]:
    return {p.id: n for n, p in enumerate(plan.periods)}


def start_of(plan: Plan, activity: Activity) -> str:
    """The id of the first period ``activity`` is followed up in, by the rule above.

    Empty when the plan has no periods.
    """
    order = _order(plan)
    if activity.start in order:
        return activity.start
    recorded = [p for p in activity.follow_ups if p in order]
    if recorded:
        return min(recorded, key=order.__getitem__)
    latest = plan.latest_period()
    return latest.id if latest else ""


def _finished_before(plan: Plan, activity: Activity, index: int, order: dict[str, int]) -> bool:
    """Whether ``activity`` ended, or was reported done, in a period before the ``index``-th."""
    if activity.end in order and order[activity.end] < index:
        return True
    done = {v.id for v in plan.scale.values if v.done}
    if not done:
        return False
    earlier = [(order[p], f) for p, f in activity.follow_ups.items() if order.get(p, index) < index]
    for _, follow_up in sorted(earlier, key=lambda pair: pair[0], reverse=True):
        if follow_up.status is not None:
            return follow_up.status in done
    return False


def _follows(plan: Plan, activity: Activity, index: int, order: dict[str, int]) -> bool:
    start = start_of(plan, activity)
    if start not in order or order[start] > index:
        return False
    return not _finished_before(plan, activity, index, order)


def followed_up(plan: Plan, period_id: str) -> tuple[Activity, ...]:
    """The activities the period ``period_id`` follows up, in the plan's order.

    The period's own list where it has one; else every activity that has
    started and was not finished before it (the module's rule). A period the
    plan does not have follows up the activities with a follow-up for it.
    """
    order = _order(plan)
    period = plan.period(period_id)
    if period is None:
        return tuple(a for a in plan.activities if period_id in a.follow_ups)
    if period.activities:
        listed = set(period.activities)
        return tuple(a for a in plan.activities if a.key in listed)
    index = order[period_id]
    return tuple(a for a in plan.activities if _follows(plan, a, index, order))


def open_after(plan: Plan, period_id: str) -> tuple[Activity, ...]:
    """The activities still open after ``period_id``: followed up then and not finished then.

    What the next period carries over (``rusmodel period add``).
    """
    order = _order(plan)
    if period_id not in order:
        return ()
    index = order[period_id]
    return tuple(
        a for a in followed_up(plan, period_id) if not _finished_before(plan, a, index + 1, order)
    )


def last_follow_up(
    plan: Plan, activity: Activity, period_id: str
) -> tuple[Period, FollowUp] | None:
    """The latest follow-up of ``activity`` before ``period_id`` that says anything.

    What the unit sees as the previous status and "förra kommentaren": the
    period before may have no answer for the activity (its unit was silent),
    and then the answer before that is shown.
    """
    order = _order(plan)
    index = order.get(period_id, len(order))
    for period in reversed(plan.periods[:index]):
        follow_up = activity.follow_ups.get(period.id)
        if follow_up is not None and (follow_up.status is not None or follow_up.comment.strip()):
            return period, follow_up
    return None


@attrs.frozen(kw_only=True)
class RoundState:
    """How far a period's round (uppföljningsomgång) has come: which units have answered.

    ``units`` are the ids of the units with activities followed up in the
    period, in the plan's order; ``answered`` those of them with an answer (a
    status or a comment) for at least one of those activities. ``open`` is true
    while the period is not closed and some unit has not answered: the
    reports then say "N of M units have answered" instead of counting the
    silent units' activities as not reported work.
    """

    period: str
    units: tuple[str, ...]
    answered: tuple[str, ...]
    closed: bool

    @property
    def silent(self) -> tuple[str, ...]:
        return tuple(u for u in self.units if u not in self.answered)

    @property
    def open(self) -> bool:
        return not self.closed and bool(self.silent)


def round_state(plan: Plan, period_id: str) -> RoundState:
    """Which units have answered in the period ``period_id``."""
    followed = followed_up(plan, period_id)
    ids = [u.id for u in plan.units]
    ids += sorted({u for a in followed for u in a.units} - set(ids))
    units: list[str] = []
    answered: list[str] = []
    for unit in ids:
        mine = [a for a in followed if unit in a.units]
        if not mine:
            continue
        units.append(unit)
        for activity in mine:
            follow_up = activity.follow_ups.get(period_id)
            if follow_up is not None and (follow_up.status or follow_up.comment.strip()):
                answered.append(unit)
                break
    period = plan.period(period_id)
    return RoundState(
        period=period_id,
        units=tuple(units),
        answered=tuple(answered),
        closed=period.closed if period else False,
    )


def add_period(plan: Plan, period: Period, *, after: str | None = None) -> Plan:
    """The plan with ``period`` added last, carrying over the activities open after ``after``.

    ``after`` is the period carried from (förra perioden), by default the
    plan's latest. Each activity still open then gets an empty follow-up for
    the new period, to be filled in by the round; nothing of its last answer
    is copied. A new activity that was never answered starts in the new
    period (unless ``after`` is closed: then it stays counted there, as not
    reported). Where ``after`` is not the latest period, the new period lists
    its activities, so it follows up exactly those.

    Raises :class:`ValueError` where the period's id is taken, its date is
    not after the latest period's, or ``after`` is not a period of the plan.
    """
    if plan.period(period.id) is not None:
        raise ValueError(f"the plan already has a period {period.id!r}")
    latest = plan.latest_period()
    if latest is not None and period.as_of <= latest.as_of:
        raise ValueError(
            f"the new period's date {period.as_of} must come after the latest period's, "
            f"{latest.as_of} ({latest.id})"
        )
    source = after if after is not None else (latest.id if latest else None)
    if source is not None and plan.period(source) is None:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise ValueError(f"the plan has no period {source!r} (its periods: {known})")
    carried = open_after(plan, source) if source else ()
    if source is not None and latest is not None and source != latest.id:
        period = attrs.evolve(period, activities=tuple(a.key for a in carried))
    keys = {a.key for a in carried}
    # A new activity never answered moves on to the new period, its first follow-up; where
    # the period carried from is closed, its count is final, so the activity's start stays.
    carried_from = plan.period(source) if source is not None else None
    pin = carried_from is not None and carried_from.closed

    def carry(activity: Activity) -> Activity:
        if activity.key not in keys:
            return activity
        start = activity.start
        if pin and not start and not activity.follow_ups:
            start = start_of(plan, activity)
        follow_ups = {**activity.follow_ups, period.id: FollowUp()}
        return attrs.evolve(activity, start=start, follow_ups=follow_ups)

    activities = tuple(carry(a) for a in plan.activities)
    return attrs.evolve(plan, periods=(*plan.periods, period), activities=activities)
