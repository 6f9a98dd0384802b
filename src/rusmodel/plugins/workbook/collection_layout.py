"""What a collection workbook holds and where: its sheets, header row and column headers."""

from __future__ import annotations

import re

import attrs

from rusmodel import Activity, Period, Plan
from rusmodel.plugins.workbook.groups import NO_GOAL_AREA, Group
from rusmodel.plugins.workbook.signature import identity

__all__ = [
    "FORMAT",
    "HEADER_ROW",
    "INDICATORS",
    "INSTRUCTIONS",
    "META_SHEET",
    "VERSION",
    "Headers",
    "headers",
    "sheet_names",
    "template_id",
]

FORMAT = "rusmodel-collection"
VERSION = 1
META_SHEET = "rusmodel"
INSTRUCTIONS = "Instruktioner"
INDICATORS = "Indikatorer"
HEADER_ROW = 5


@attrs.frozen
class Headers:
    """The header of each column of a collection workbook, by column key.

    They name the periods ("Status Delår 2 2023"), so they are made from the
    plan and recorded in the workbook; ``collect`` finds columns by them.
    """

    activity: dict[str, str]
    indicator: dict[str, str]


def headers(plan: Plan, period: Period) -> Headers:
    previous = plan.previous_period(period.id)
    now = period.name
    before = previous.name if previous else ""
    if before == now:
        before = f"{before} (förra)"
    activity = {
        "id": "Id",
        "title": "Aktivitet",
        "goal_areas": "Målområde",
        "units": "Verksamhet",
        "responsible": "Ansvarig",
        "schedule": "Tidplan",
    }
    if previous:
        activity |= {
            "previous_status": f"Status {before}",
            "previous_comment": f"Kommentar {before}",
        }
    activity |= {"status": f"Status {now}", "comment": f"Kommentar {now}", "key": "Nyckel"}
    indicator = {
        "id": "Id",
        "name": "Indikator",
        "goal_area": "Målområde",
        "target": "Mål",
        "target_year": "Målår",
        "unit": "Enhet",
    }
    if previous:
        indicator["previous_value"] = f"Utfall {before}"
    indicator |= {"value": f"Utfall {now}", "note": "Kommentar till utfallet", "key": "Nyckel"}
    return Headers(activity=activity, indicator=indicator)


# Characters Excel refuses in a sheet's name, and control characters, which XML cannot hold.
_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def sheet_names(plan: Plan, group: Group) -> dict[str, list[Activity]]:
    """The activity sheets of a workbook, named by goal area, in the plan's goal-area order."""
    reserved = {INSTRUCTIONS.casefold(), INDICATORS.casefold(), META_SHEET.casefold()}
    by_area: dict[str, list[Activity]] = {}
    order = [g.id for g in plan.goal_areas]
    for activity in group.activities:
        first = activity.goal_areas[0] if activity.goal_areas else ""
        area = group.id if group.by == "goal_area" else first
        by_area.setdefault(area, []).append(activity)
    sheets: dict[str, list[Activity]] = {}
    used = set(reserved)
    for area in sorted(by_area, key=lambda a: order.index(a) if a in order else len(order)):
        goal = plan.goal_area(area)
        base = goal.display_short if goal else (area or NO_GOAL_AREA)
        base = _UNSAFE_SHEET.sub(" ", base).strip().strip("'")[:31].strip() or "Aktiviteter"
        name = base
        n = 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.casefold())
        sheets[name] = by_area[area]
    return sheets


def template_id(plan: Plan, period: Period, group: Group) -> str:
    """A stable id for a workbook sent: the same plan, period and group give the same id."""
    return identity(plan.title, plan.organisation, period.id, group.by, group.id)
