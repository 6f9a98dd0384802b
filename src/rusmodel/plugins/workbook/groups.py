"""Who gets a collection workbook (mottagare): one per unit or per goal area, and its file name.

Activities with no unit go to a workbook of their own, "Utan verksamhet"
("No unit" in English); with ``--by goal_area``, activities with no goal area
go to "Övrigt" ("Other"). These names, like every fixed word of the round,
come from :mod:`rusmodel.labels` in the round's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from rusmodel import Activity, Indicator, Period, Plan, PlanError
from rusmodel.cycle import followed_up
from rusmodel.labels import label

__all__ = [
    "GROUPINGS",
    "NO_GOAL_AREA",
    "NO_UNIT",
    "Group",
    "file_name",
    "file_names",
    "groups",
    "orphans_name",
]

NO_GOAL_AREA = label("no_goal_area", "sv")
"""The Swedish name of the workbook of activities with no goal area (``--by goal_area``)."""
NO_UNIT = label("no_unit", "sv")
"""The Swedish name of the workbook of activities with no unit (``--by unit``)."""
GROUPINGS = ("unit", "goal_area")


@attrs.frozen
class Group:
    """Who one workbook goes to (a unit or a goal area) and what it holds."""

    by: str
    id: str
    name: str
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]


def groups(
    plan: Plan, by: str = "unit", period_id: str | None = None, lang: str = "sv"
) -> list[Group]:
    """The workbooks to send, in the plan's order: one per unit (or goal area) with activities.

    With ``period_id``, only the activities that period follows up
    (:func:`rusmodel.cycle.followed_up`); without, every activity of the plan.
    The group of activities with no unit (or goal area) is named in ``lang``
    (:func:`orphans_name`); its id is empty in every language.
    """
    if by not in GROUPINGS:
        raise PlanError.single(f"--by is one of {', '.join(GROUPINGS)}, not {by!r}")
    activities = plan.activities if period_id is None else followed_up(plan, period_id)
    result: list[Group] = []
    if by == "unit":
        ids = [u.id for u in plan.units]
        ids += sorted({u for a in activities for u in a.units} - set(ids))
        for unit_id in ids:
            mine = tuple(a for a in activities if unit_id in a.units)
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
        orphans = tuple(a for a in activities if not a.units)
        if orphans:
            name = orphans_name(by, lang)
            result.append(Group(by=by, id="", name=name, activities=orphans, indicators=()))
        return result
    for area in plan.goal_areas:
        mine = tuple(a for a in activities if area.id in a.goal_areas)
        indicators = tuple(i for i in plan.indicators if i.goal_area == area.id)
        if mine or indicators:
            result.append(
                Group(by=by, id=area.id, name=area.name, activities=mine, indicators=indicators)
            )
    orphans = tuple(a for a in activities if not a.goal_areas)
    if orphans:
        name = orphans_name(by, lang)
        result.append(Group(by=by, id="", name=name, activities=orphans, indicators=()))
    return result


def orphans_name(by: str, lang: str = "sv") -> str:
    """The name of the group of activities the plan gives no unit (``by="unit"``) or no goal
    area: "Utan verksamhet" / "No unit", "Övrigt" / "Other"."""
    return label("no_unit" if by == "unit" else "no_goal_area", lang)


_UNSAFE_FILE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))} | {
    f"lpt{i}" for i in range(1, 10)
}


def _safe(text: str) -> str:
    name = " ".join(_UNSAFE_FILE.sub(" ", text).split()).strip(". ")
    if name.casefold() in _RESERVED:
        name = f"_{name}"
    return name[:80].rstrip(". ")


def file_name(group: Group, period: Period, lang: str = "sv") -> str:
    """A file name for a group's workbook: its name and the period, safe on every system.

    Letters such as å, ä and ö are kept; slashes, colons and the like become
    spaces: "Kultur och ideell sektor 2023-d2.xlsx". A name made of nothing
    but such characters becomes "namnlös" ("unnamed" in English).
    """
    name = _safe(group.name) or _safe(group.id) or label("unnamed", lang)
    return f"{name} {_safe(period.id) or 'period'}.xlsx"


def file_names(group_list: Sequence[Group], period: Period, lang: str = "sv") -> list[str]:
    """The file names of a round's workbooks, one per group, told apart where two are alike."""
    names: list[str] = []
    seen: set[str] = set()
    for group in group_list:
        name = file_name(group, period, lang)
        if name.casefold() in seen:
            stem = name.removesuffix(".xlsx")
            name = f"{stem} ({_safe(group.id) or len(names) + 1}).xlsx"
        seen.add(name.casefold())
        names.append(name)
    return names
