"""Who gets a collection workbook (mottagare): one per unit or per goal area, and its file name.

Activities with no unit go to a workbook of their own, "Utan verksamhet";
with ``--by goal_area``, activities with no goal area go to "Övrigt".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from rusmodel import Activity, Indicator, Period, Plan, PlanError

__all__ = ["GROUPINGS", "NO_GOAL_AREA", "NO_UNIT", "Group", "file_name", "file_names", "groups"]

NO_GOAL_AREA = "Övrigt"
NO_UNIT = "Utan verksamhet"
GROUPINGS = ("unit", "goal_area")


@attrs.frozen
class Group:
    """Who one workbook goes to (a unit or a goal area) and what it holds."""

    by: str
    id: str
    name: str
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]


def groups(plan: Plan, by: str = "unit") -> list[Group]:
    """The workbooks to send, in the plan's order: one per unit (or goal area) with activities."""
    if by not in GROUPINGS:
        raise PlanError.single(f"--by is one of {', '.join(GROUPINGS)}, not {by!r}")
    result: list[Group] = []
    if by == "unit":
        ids = [u.id for u in plan.units]
        ids += sorted({u for a in plan.activities for u in a.units} - set(ids))
        for unit_id in ids:
            mine = tuple(a for a in plan.activities if unit_id in a.units)
            if not mine:
                continue
            areas = {g for a in mine for g in a.goal_areas}
            result.append(
                Group(
                    by=by,
                    id=unit_id,
                    name=plan.unit_name(unit_id),
                    activities=mine,
                    indicators=tuple(i for i in plan.indicators if i.goal_area in areas),
                )
            )
        orphans = tuple(a for a in plan.activities if not a.units)
        if orphans:
            result.append(Group(by=by, id="", name=NO_UNIT, activities=orphans, indicators=()))
        return result
    for area in plan.goal_areas:
        mine = tuple(a for a in plan.activities if area.id in a.goal_areas)
        indicators = tuple(i for i in plan.indicators if i.goal_area == area.id)
        if mine or indicators:
            result.append(
                Group(by=by, id=area.id, name=area.name, activities=mine, indicators=indicators)
            )
    orphans = tuple(a for a in plan.activities if not a.goal_areas)
    if orphans:
        result.append(Group(by=by, id="", name=NO_GOAL_AREA, activities=orphans, indicators=()))
    return result


_UNSAFE_FILE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))} | {
    f"lpt{i}" for i in range(1, 10)
}


def _safe(text: str) -> str:
    name = " ".join(_UNSAFE_FILE.sub(" ", text).split()).strip(". ")
    if name.casefold() in _RESERVED:
        name = f"_{name}"
    return name[:80].rstrip(". ")


def file_name(group: Group, period: Period) -> str:
    """A file name for a group's workbook: its name and the period, safe on every system.

    Letters such as å, ä and ö are kept; slashes, colons and the like become
    spaces: "Kultur och ideell sektor 2023-d2.xlsx".
    """
    name = _safe(group.name) or _safe(group.id) or "namnlös"
    return f"{name} {_safe(period.id) or 'period'}.xlsx"


def file_names(group_list: Sequence[Group], period: Period) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for group in group_list:
        name = file_name(group, period)
        if name.casefold() in seen:
            stem = name.removesuffix(".xlsx")
            name = f"{stem} ({_safe(group.id) or len(names) + 1}).xlsx"
        seen.add(name.casefold())
        names.append(name)
    return names
