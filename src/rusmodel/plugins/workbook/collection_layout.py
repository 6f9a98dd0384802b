"""What a collection workbook holds and where: its sheets, header row and column headers."""

from __future__ import annotations

import re

import attrs

from rusmodel import Activity, Indicator, Period, Plan
from rusmodel.labels import label
from rusmodel.plugins.workbook.groups import Group, orphans_name
from rusmodel.plugins.workbook.signature import identity
from rusmodel.texts import Texts

__all__ = [
    "FORMAT",
    "HEADER_ROW",
    "INDICATORS",
    "INSTRUCTIONS",
    "META_SHEET",
    "READY_LABEL",
    "READY_VALUES",
    "VERSION",
    "Headers",
    "categories",
    "headers",
    "heading",
    "sheet_names",
    "template_id",
    "word",
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

    They name the periods ("Status Delår 2 2023", "Förra kommentaren (Delår 1
    2023)"), so they are made from the
    plan and recorded in the workbook; ``collect`` finds columns by them.
    """

    activity: dict[str, str]
    indicator: dict[str, str]


READY_LABEL = "Klart att lämna"
"""The label of the cell where a unit marks its workbook ready (Ja) before sending it back."""
READY_VALUES = ("Ja", "Nej")

_WORDS: dict[str, tuple[str, str]] = {
    "instructions": (INSTRUCTIONS, "Instructions"),
    "indicators": (INDICATORS, "Indicators"),
    "ready": (READY_LABEL, "Ready to send"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "follow_up": ("Uppföljning", "Follow-up"),
    "id": ("Id", "Id"),
    "title": ("Aktivitet", "Activity"),
    "goal_area": ("Målområde", "Goal area"),
    "unit": ("Verksamhet", "Unit"),
    "responsible": ("Ansvarig", "Responsible"),
    "schedule": ("Tidplan", "Schedule"),
    "previous_status": ("Förra status ({period})", "Previous status ({period})"),
    "previous_comment": ("Förra kommentaren ({period})", "Previous comment ({period})"),
    "status": ("Status {period}", "Status {period}"),
    "comment": ("Kommentar {period}", "Comment {period}"),
    "key": ("Nyckel", "Key"),
    "indicator": ("Indikator", "Indicator"),
    "category": ("Kategori", "Category"),
    "target": ("Mål", "Target"),
    "target_year": ("Målår", "Target year"),
    "measure": ("Enhet", "Unit of measure"),
    "value": ("Utfall {period}", "Outcome {period}"),
    "note": ("Kommentar till utfallet", "Comment on the outcome"),
}


word = Texts(_WORDS)
"""A word of the collection workbook in Swedish, or in English where ``lang`` is ``en``:
``word(key, lang, **values)``."""


def categories(indicator: Indicator) -> tuple[str, ...]:
    """The categories of the indicator's target (Hushåll, Företag): an outcome is asked for each."""
    target = indicator.target
    return tuple(p.category for p in target.parts if p.category) if target else ()


def heading(period: Period, group: Group, lang: str = "sv") -> str:
    """The workbook's title, "Uppföljning Delår 2 2023 – Folkhälsa", without saying it twice.

    A period named "Uppföljning per 2022-06-30" is not made "Uppföljning
    Uppföljning per 2022-06-30".
    """
    name = period.name
    said = word("follow_up", lang)
    if not name.casefold().startswith(("uppföljning", said.casefold())):
        name = f"{said} {name}"
    return f"{name} – {group.name}"


def headers(plan: Plan, period: Period, lang: str = "sv") -> Headers:
    """The column headers, in Swedish or (``lang="en"``) English."""
    previous = plan.previous_period(period.id)
    now = period.name
    before = previous.name if previous else ""

    def w(key: str, **values: object) -> str:
        return word(key, lang, **values)

    activity = {
        "id": w("id"),
        "title": w("title"),
        "goal_areas": w("goal_area"),
        "units": w("unit"),
        "responsible": w("responsible"),
        "schedule": w("schedule"),
    }
    if previous:
        activity |= {
            "previous_status": w("previous_status", period=before),
            "previous_comment": w("previous_comment", period=before),
        }
    activity |= {
        "status": w("status", period=now),
        "comment": w("comment", period=now),
        "key": w("key"),
    }
    indicator = {
        "id": w("id"),
        "name": w("indicator"),
        **({"category": w("category")} if any(categories(i) for i in plan.indicators) else {}),
        "goal_area": w("goal_area"),
        "target": w("target"),
        "target_year": w("target_year"),
        "unit": w("measure"),
    }
    if previous:
        indicator["previous_value"] = w("value", period=before)
    indicator |= {"value": w("value", period=now), "note": w("note"), "key": w("key")}
    return Headers(activity=activity, indicator=indicator)


# Characters Excel refuses in a sheet's name, and control characters, which XML cannot hold.
_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def sheet_names(plan: Plan, group: Group, lang: str = "sv") -> dict[str, list[Activity]]:
    """The activity sheets of a workbook, named by goal area, in the plan's goal-area order.

    Activities with no goal area go on a sheet "Övrigt" ("Other" in English).
    """
    reserved = {
        word("instructions", lang).casefold(),
        word("indicators", lang).casefold(),
        META_SHEET.casefold(),
    }
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
        base = goal.display_short if goal else (area or orphans_name("goal_area", lang))
        base = _UNSAFE_SHEET.sub(" ", base).strip().strip("'")[:31].strip()
        base = base or label("activities", lang, noun=plan.activity_noun.value)
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
