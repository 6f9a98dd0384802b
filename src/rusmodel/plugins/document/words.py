"""The Word documents' own words in Swedish and English; the rest are :mod:`rusmodel.labels`'."""

from __future__ import annotations

from typing import Any, Final

from rusmodel.labels import check_lang, label

__all__ = ["word"]

_WORDS: Final[dict[str, tuple[str, str]]] = {
    "contents": ("Innehåll", "Contents"),
    "page": ("Sida", "Page"),
    "page_of": ("av", "of"),
    "years": ("{first}–{last}", "{first}–{last}"),
    "plan_years": ("Planperiod {years}", "Plan period {years}"),
    "vision": ("Vision", "Vision"),
    "values": ("Värdegrund", "Values"),
    "vision_and_goals": ("Vision, värdegrund och mål", "Vision, values and goals"),
    "vision_and_goals_short": ("Vision och mål", "Vision and goals"),
    "goals": ("Mål", "Goals"),
    "sub_goals": ("Delmål", "Sub-goals"),
    "prioritised": ("prioriterat", "prioritised"),
    "units_work": ("Verksamheten {years}", "The units' work {years}"),
    "other_activities": ("Övriga aktiviteter", "Other activities"),
    "activities_of_unit": ("Aktiviteter", "Activities"),
    "budget": ("Budget", "Budget"),
    "budget_of_unit": ("{title} – {unit}", "{title} – {unit}"),
    "budget_overview": ("Budget per verksamhet", "Budget by unit"),
    "revenue": ("Intäkter", "Revenue"),
    "costs": ("Kostnader", "Costs"),
    "net": ("Netto", "Net"),
    "measured": ("Mäts", "Measured"),
    "every_year": ("Varje år", "Every year"),
    "every_n_years": ("Vart {n}:e år", "Every {n} years"),
    "source": ("Källa", "Source"),
    "report_title": ("Uppföljning {period}", "Follow-up {period}"),
    "all_activities": ("Aktiviteter och åtgärder", "Activities and actions"),
    "status_counts": ("Status per {group}", "Status by {group}"),
    "group_goal_area": ("målområde", "goal area"),
    "group_unit": ("verksamhet", "unit"),
    "no_period": (
        "Planen har ingen uppföljningsperiod ännu; dokumentet visar aktiviteterna som ska "
        "följas upp.",
        "The plan has no follow-up period yet; the document shows the activities to follow up.",
    ),
    "table_alt": (
        "Tabell med {rows} rader. Kolumner: {columns}.",
        "Table of {rows} rows. Columns: {columns}.",
    ),
    "table_alt_one": (
        "Tabell med 1 rad. Kolumner: {columns}.",
        "Table of 1 row. Columns: {columns}.",
    ),
    "record_item": ("Uppgift", "Item"),
    "record_content": ("Innehåll", "Content"),
}


def word(key: str, lang: str = "sv", **fields: object) -> str:
    """The word ``key`` in ``lang``: the document's own, else the shared label of that key."""
    if key not in _WORDS:
        shared: dict[str, Any] = dict(fields)  # may hold the plan's ``noun`` (åtgärd)
        return label(key, lang, **shared)
    sv, en = _WORDS[key]
    text = en if check_lang(lang) == "en" else sv
    return text.format(**fields) if fields else text
