"""The activity tables per goal area or unit, each goal area's indicators after them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from rusmodel.labels import (
    NBSP,
    format_number,
    format_percent,
)
from rusmodel.model import (
    TRAFFIC_LIGHT,
    Activity,
    GoalArea,
    Indicator,
    Trend,
)
from rusmodel.plugins.deck.context import (
    SMALL_TABLE_SIZES,
    Deck,
    followed_activities,
    status_cell,
    status_legend,
    status_of,
)
from rusmodel.plugins.deck.slides import Paragraph
from rusmodel.plugins.deck.tables import Cell, Column, TableFont, column_widths
from rusmodel.targets import Verdict

if TYPE_CHECKING:
    pass

__all__ = ["activities_and_indicators", "indicator_slides"]

# -- activities and indicators ----------------------------------------------------------------


@attrs.frozen
class _Group:
    """Activities shown under one heading: a goal area's or a unit's."""

    title: str
    activities: tuple[Activity, ...]
    area: GoalArea | None = None


def _groups(deck: Deck) -> list[_Group]:
    followed = followed_activities(deck)
    plan = deck.plan
    groups: list[_Group] = []
    if deck.group_by == "unit":
        for unit in plan.units:
            members = tuple(a for a in followed if unit.id in a.units)
            if members:
                groups.append(_Group(unit.name, members))
        loose = tuple(a for a in followed if not any(plan.unit(u) for u in a.units))
    else:
        for area in plan.goal_areas:
            members = tuple(a for a in followed if area.id in a.goal_areas)
            if members:
                groups.append(_Group(area.name, members, area))
        loose = tuple(a for a in followed if not any(plan.goal_area(g) for g in a.goal_areas))
        # Activities of no goal area (a plan grouped by unit only) are shown by their unit.
        for unit in plan.units:
            members = tuple(a for a in loose if unit.id in a.units)
            if members:
                groups.append(_Group(unit.name, members))
        loose = tuple(a for a in loose if not any(plan.unit(u) for u in a.units))
    if loose:
        groups.append(_Group(deck.label("activities"), loose))
    return groups


def _activity_columns(deck: Deck, activities: Sequence[Activity]) -> list[tuple[str, Column]]:
    """The activity table's columns; an id, unit, responsible or schedule column only if used."""
    columns: list[tuple[str, Column]] = []
    if any(a.id for a in activities):
        columns.append(("id", Column(deck.label("activity_id"), fixed=True, max_share=0.08)))
    columns.append(("title", Column(deck.label("activity"), weight=3.0)))
    if any(a.units for a in activities):
        columns.append(("unit", Column(deck.label("unit"))))
    if any(a.responsible for a in activities):
        columns.append(("responsible", Column(deck.label("responsible"))))
    if any(a.schedule for a in activities):
        columns.append(("schedule", Column(deck.label("schedule"), fixed=True, max_share=0.1)))
    if deck.period is not None:
        columns.append(("status", Column(deck.label("status"), fixed=True, max_share=0.1)))
        columns.append(("comment", Column(deck.label("comment"), weight=4.0)))
    return columns


def _activity_row(deck: Deck, activity: Activity, keys: Sequence[str]) -> list[Cell]:
    follow_up = activity.follow_up(deck.period.id) if deck.period else None
    values: dict[str, Callable[[], Cell]] = {
        "id": lambda: Cell(activity.id),
        "title": lambda: Cell(activity.title),
        "unit": lambda: Cell(", ".join(deck.names.unit_name(u) for u in activity.units)),
        "responsible": lambda: Cell(", ".join(activity.responsible)),
        "schedule": lambda: Cell(activity.schedule.text(deck.lang) if activity.schedule else ""),
        "status": lambda: status_cell(deck, status_of(deck, activity)),
        "comment": lambda: Cell(follow_up.comment.strip() if follow_up else ""),
    }
    return [values[key]() for key in keys]


@attrs.frozen
class _ActivityTable:
    """The layout every activity table of the deck shares, so columns line up across slides."""

    keys: list[str]
    columns: list[Column]
    font: TableFont
    widths: list[float]
    legend: list[Paragraph]


def _activity_table(deck: Deck, groups: Sequence[_Group]) -> _ActivityTable:
    everything = [a for g in groups for a in g.activities]
    pairs = _activity_columns(deck, everything)
    keys = [k for k, _ in pairs]
    columns = [c for _, c in pairs]
    rows = [_activity_row(deck, a, keys) for a in everything]
    box = deck.maker.content
    font = deck.maker.readable_font(columns, rows, box)
    widths = column_widths(columns, rows, box.width_pt, font)
    unreported = deck.period is not None and any(status_of(deck, a) is None for a in everything)
    legend = status_legend(deck, unreported) if deck.period is not None else []
    return _ActivityTable(keys, columns, font, widths, legend)


def _activity_slides(deck: Deck, group: _Group, table: _ActivityTable) -> None:
    """One goal area's (or unit's) activities: "forts." slides as needed, the legend on each."""
    rows = [_activity_row(deck, a, table.keys) for a in group.activities]
    title = deck.label("activities_of", name=group.title)
    deck.maker.table_slides(
        title, table.columns, rows, above=table.legend, font=table.font, widths=table.widths
    )


def activities_and_indicators(deck: Deck, with_activities: bool, with_indicators: bool) -> None:
    """Activity tables per goal area (or unit), each goal area's indicators after its activities.

    Grouped by unit, the indicators (which belong to goal areas) follow all
    activity tables; a goal area without activities still shows its indicators.
    """
    groups = _groups(deck) if with_activities else []
    table = _activity_table(deck, groups) if groups else None
    shown: set[str] = set()
    for group in groups:
        assert table is not None
        _activity_slides(deck, group, table)
        if with_indicators and group.area is not None:
            indicator_slides(deck, group.area)
            shown.add(group.area.id)
    if with_indicators:
        for area in deck.plan.goal_areas:
            if area.id not in shown:
                indicator_slides(deck, area)


_TRENDS = {
    Trend.POSITIVE: ("↑", "trend_positive"),
    Trend.NEGATIVE: ("↓", "trend_negative"),
    Trend.UNCHANGED: ("→", "trend_unchanged"),
}
"""A trend's mark and word: up is better, down is worse, whichever way the value moved."""


def _verdict_cell(deck: Deck, verdict: Verdict) -> Cell:
    """An indicator's status: met (green) or not met (red), in words; a dash where unknown."""
    colours = {v.id: v.colour for v in TRAFFIC_LIGHT.values}
    if verdict is Verdict.MET:
        return Cell(deck.label("verdict_met"), fill=colours["green"])
    if verdict is Verdict.NOT_MET:
        return Cell(deck.label("verdict_not_met"), fill=colours["red"])
    return Cell("–", align="ctr")


def _value_text(deck: Deck, value: Decimal, unit: str) -> str:
    unit = unit.strip()
    if unit == "%":
        return format_percent(value, deck.lang)
    number = format_number(value, deck.lang)
    return f"{number}{NBSP}{unit}" if unit else number


def _indicator_row(deck: Deck, indicator: Indicator, period_id: str) -> list[Cell]:
    from rusmodel.summary import indicator_status

    state = indicator_status(deck.plan, indicator, period_id)
    name = Cell(indicator.name)
    target = Cell(indicator.target.text if indicator.target else "–")
    dash = Cell("–")
    outcome = state.outcome
    if outcome is None:
        return [name, target, dash, Cell(deck.label("no_outcome")), dash]
    trend = dash
    if state.trend is not None:
        mark, key = _TRENDS[state.trend]
        trend = Cell(f"{mark} {deck.label(key)}")
    if not state.measured:
        # "Mäts 4 e år": the note says when it is measured; the trend may still be reported.
        return [name, target, dash, Cell(outcome.note.strip() or deck.label("not_measured")), trend]
    if outcome.values:
        shown = "\n".join(
            f"{category} {_value_text(deck, value, indicator.unit)}"
            for category, value in outcome.values.items()
        )
    elif outcome.value is not None:
        shown = _value_text(deck, outcome.value, indicator.unit)
    else:
        shown = "–"
    if outcome.note.strip():
        shown = f"{shown}\n{outcome.note.strip()}"
    return [name, target, Cell(shown), _verdict_cell(deck, state.verdict), trend]


def indicator_slides(deck: Deck, area: GoalArea) -> None:
    """The indicators of a goal area: target, outcome, status and trend."""
    if deck.period is None:
        return
    indicators = [i for i in deck.plan.indicators if i.goal_area == area.id]
    if not indicators:
        return
    years = {i.target_year for i in indicators}
    year = next(iter(years)) if len(years) == 1 else None
    target_header = deck.label("target_in", year=year) if year else deck.label("target")
    columns = [
        Column(deck.label("indicator"), weight=3.0),
        Column(target_header),
        Column(deck.label("outcome")),
        Column(deck.label("status"), fixed=True, max_share=0.16),
        Column(deck.label("trend"), fixed=True, max_share=0.16),
    ]
    rows = [_indicator_row(deck, i, deck.period.id) for i in indicators]
    title = deck.label("indicators_of", name=area.name)
    deck.maker.table_slides(title, columns, rows, sizes=SMALL_TABLE_SIZES)
