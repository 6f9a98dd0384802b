"""The activities (aktiviteter) and their follow-ups (uppföljningar), read from the full workbook.

The sheet has a row per activity and a Status and Kommentar column pair per
period; a status is read by the scale's label or id, and a dash (``–``)
means a follow-up with no status yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from rusmodel import Activity, FollowUp, Period, StatusScale, StatusValue, parse_schedule
from rusmodel.model import Schedule, ScheduleError
from rusmodel.plugins.workbook.layout import NO_STATUS, Col
from rusmodel.plugins.workbook.read_cells import Picker, Reader, split_lines

__all__ = ["read_activities"]


def read_activities(
    r: Reader, scale: StatusScale, periods: Sequence[Period]
) -> tuple[Activity, ...]:
    """The activities of the sheet Aktiviteter, each with its follow-ups (uppföljningar) by period.

    A status must be one of the plan's ``scale``; a status or schedule that cannot be read is
    a problem naming its cell, and the activity is kept without it.
    """
    extra: list[Col] = []
    for period in periods:
        name = period.name
        extra.append(Col(f"status:{period.id}", f"Status {name}", f"Status {name}", "status"))
        extra.append(Col(f"comment:{period.id}", f"Kommentar {name}", f"Comment {name}"))
    lines = r.table("activities", extra)
    if not lines:
        return ()
    columns = lines[0].columns
    period_ids = [k.removeprefix("status:") for k in columns if k.startswith("status:")]
    period_ids += [
        k.removeprefix("comment:")
        for k in columns
        if k.startswith("comment:") and k.removeprefix("comment:") not in period_ids
    ]
    # This sheet has a row per activity, so the cells of a row are picked by places looked up
    # once for the sheet, and each distinct text is read once: a few statuses, schedules and
    # lists of units recur on every row of a large plan.
    fixed = ("id", "title", "schedule", "goal_areas", "units", "responsible", "start", "end")
    keys = [*fixed, *(f"{kind}:{p}" for p in period_ids for kind in ("status", "comment"))]
    pick = Picker(columns, keys)
    statuses: dict[str, StatusValue | None] = {}
    schedules: dict[str, Schedule | ScheduleError] = {}
    splits: dict[str, tuple[str, ...]] = {}
    uncommented: dict[str | None, FollowUp] = {}
    allowed = ", ".join(v.label_sv for v in scale.values)
    activities = []
    for line in lines:
        texts = pick.texts(line.values)
        follow_ups: dict[str, FollowUp] = {}
        for number, period_id in enumerate(period_ids):
            status_text, comment = texts[8 + 2 * number], texts[9 + 2 * number]
            if not status_text and not comment:
                continue
            status: str | None = None
            if status_text.strip() and status_text != NO_STATUS:
                if status_text in statuses:
                    value = statuses[status_text]
                else:
                    value = statuses[status_text] = scale.match(status_text)
                if value is None:
                    r.problem(
                        f"{status_text!r} is not a status of the plan's scale ({allowed})",
                        line.ref(f"status:{period_id}"),
                    )
                    continue
                status = value.id
            if comment:
                follow_ups[period_id] = FollowUp(status=status, comment=comment)
            else:
                # Frozen, so one object can stand for every follow-up without a comment.
                follow_up = uncommented.get(status)
                if follow_up is None:
                    follow_up = uncommented[status] = FollowUp(status=status)
                follow_ups[period_id] = follow_up
        schedule_text = texts[2]
        schedule = None
        if schedule_text.strip():
            parsed = schedules.get(schedule_text)
            if parsed is None:
                try:
                    parsed = parse_schedule(schedule_text)
                except ScheduleError as exc:
                    parsed = exc
                schedules[schedule_text] = parsed
            if isinstance(parsed, ScheduleError):
                r.problem(str(parsed), line.ref("schedule"))
            else:
                schedule = parsed
        activities.append(
            Activity(
                id=texts[0],
                title=texts[1],
                goal_areas=split_lines(texts[3], splits),
                units=split_lines(texts[4], splits),
                responsible=split_lines(texts[5], splits),
                schedule=schedule,
                start=texts[6],
                end=texts[7],
                follow_ups=follow_ups,
            )
        )
    return tuple(activities)
