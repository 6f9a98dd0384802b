"""The activity tables per goal area or unit, each goal area's indicators after them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from rusmodel.labels import format_quantity, localised
from rusmodel.model import (
    Activity,
    GoalArea,
    Indicator,
)
from rusmodel.plugins.deck.context import (
    GAP,
    TABLE_SIZE,
    Deck,
    followed_activities,
    status_cell,
    status_legend,
    status_of,
)
from rusmodel.plugins.deck.tables import Cell, Column, TableFont, words_fit
from rusmodel.plugins.deck.theme import EMU_PER_INCH, Rect
from rusmodel.summary import ActivityGroup, activity_groups
from rusmodel.table_rows import trend_text, verdict_mark
from rusmodel.targets import Verdict

__all__ = ["activities_and_indicators", "indicator_slides"]

# -- activities and indicators ----------------------------------------------------------------


def _groups(deck: Deck) -> list[ActivityGroup]:
    rest = deck.label("activities")
    return activity_groups(deck.plan, followed_activities(deck), deck.group_by, rest=rest)


def _unit_text(deck: Deck, activity: Activity) -> str:
    return ", ".join(deck.names.unit_name(u) for u in activity.units)


def _activity_columns(deck: Deck, activities: Sequence[Activity]) -> list[tuple[str, Column]]:
    """The columns of one table of activities, from what its activities hold.

    An id, unit, schedule or comment column only where some activity of the
    table has one; a responsible column only where it says more than the unit
    (a plan often names the unit as responsible).
    """
    columns: list[tuple[str, Column]] = []
    if any(a.id for a in activities):
        columns.append(("id", Column(deck.label("activity_id"), fixed=True, max_share=0.1)))
    columns.append(("title", Column(deck.label("activity"), weight=3.0)))
    if any(a.units for a in activities):
        columns.append(("unit", Column(deck.label("unit"))))
    if any(a.responsible and ", ".join(a.responsible) != _unit_text(deck, a) for a in activities):
        columns.append(("responsible", Column(deck.label("responsible"))))
    if any(a.schedule for a in activities):
        columns.append(("schedule", Column(deck.label("schedule"), fixed=True, max_share=0.12)))
    if deck.period is not None:
        columns.append(("status", Column(deck.label("status"), fixed=True, max_share=0.14)))
        period_id = deck.period.id
        if any((f := a.follow_up(period_id)) is not None and f.comment.strip() for a in activities):
            columns.append(("comment", Column(deck.label("comment"), weight=4.0)))
    return columns


def _activity_row(deck: Deck, activity: Activity, keys: Sequence[str]) -> list[Cell]:
    follow_up = activity.follow_up(deck.period.id) if deck.period else None
    merged = "id" not in keys and activity.id
    title = f"{activity.id} {activity.title}" if merged else activity.title
    responsible = ", ".join(activity.responsible)
    schedule = activity.schedule.text(deck.lang) if activity.schedule else ""
    unit = _unit_text(deck, activity)
    values: dict[str, Callable[[], Cell]] = {
        "id": lambda: Cell(activity.id),
        "title": lambda: Cell(title, short=activity.id or None),
        "title_schedule": lambda: Cell(
            f"{title}\n{deck.label('schedule')}: {schedule}" if schedule else title,
            short=activity.id or None,
        ),
        "unit": lambda: Cell(unit),
        "responsible": lambda: Cell(responsible),
        "unit_responsible": lambda: Cell(
            "\n".join(t for t in (unit, responsible) if t) if responsible != unit else unit
        ),
        "schedule": lambda: Cell(schedule),
        "status": lambda: status_cell(deck, status_of(deck, activity)),
        "comment": lambda: Cell.linked(follow_up.comment.strip() if follow_up else ""),
    }
    return [values[key]() for key in keys]


@attrs.frozen
class _ActivityTable:
    """One group's table of activities, laid out for the slide's width from its own content."""

    columns: list[Column]
    rows: list[list[Cell]]
    font: TableFont
    names: tuple[int, ...]


NARROW = 10 * EMU_PER_INCH
"""Content narrower than this (a 4:3 slide) writes the id in the activity's column."""


def _narrowed(deck: Deck, pairs: list[tuple[str, Column]], step: int) -> list[tuple[str, Column]]:
    """The columns with the first ``step`` ways of saving width taken: the id written before
    the activity, the responsible under the unit, the schedule under the activity."""
    keys = [k for k, _ in pairs]
    if step >= 1 and "id" in keys:
        pairs = [(k, c) for k, c in pairs if k != "id"]
    if step >= 2 and "responsible" in keys and "unit" in keys:
        header = f"{deck.label('unit')} / {deck.label('responsible')}"
        pairs = [(k, Column(header) if k == "unit" else c) for k, c in pairs if k != "responsible"]
        pairs = [("unit_responsible", c) if k == "unit" else (k, c) for k, c in pairs]
    if step >= 3 and "schedule" in keys:
        pairs = [(k, c) for k, c in pairs if k != "schedule"]
        pairs = [("title_schedule", c) if k == "title" else (k, c) for k, c in pairs]
    return pairs


def _activity_table(deck: Deck, activities: Sequence[Activity]) -> _ActivityTable:
    """The table of ``activities`` at the body size (12 pt) where every word fits.

    On a narrow slide, or where the words do not fit, the id is written before
    the activity ("RF1 Tillämpning …", as the reports do) instead of in a
    column of its own; where they still do not fit, the responsible goes under
    the unit and the schedule under the activity; only then is the font made
    smaller (not under 10 pt).
    """
    box = deck.maker.content
    wanted = _activity_columns(deck, activities)
    font = deck.maker.table_font(TABLE_SIZE)
    for step in range(0 if box.width >= NARROW else 1, 4):
        pairs = _narrowed(deck, wanted, step)
        keys = [k for k, _ in pairs]
        columns = [c for _, c in pairs]
        rows = [_activity_row(deck, a, keys) for a in activities]
        if words_fit(columns, rows, box.width_pt, font):
            break
    font = deck.maker.readable_font(columns, rows, box, (TABLE_SIZE,))
    names = (next(i for i, k in enumerate(keys) if k.startswith("title")),)
    return _ActivityTable(columns, rows, font, names)


def _activity_slides(deck: Deck, group: ActivityGroup) -> list[Any]:
    """One goal area's (or unit's) activities: "forts." slides as needed, the legend on each."""
    table = _activity_table(deck, group.activities)
    unreported = deck.period is not None and any(
        status_of(deck, a) is None for a in group.activities
    )
    legend = status_legend(deck, unreported) if deck.period is not None else []
    title = deck.label("activities_of", name=group.title)
    return deck.maker.table_slides(
        title, table.columns, table.rows, above=legend, font=table.font, names=table.names
    )


def activities_and_indicators(deck: Deck, with_activities: bool, with_indicators: bool) -> None:
    """Activity tables per goal area (or unit), each goal area's indicators after its activities.

    Where a goal area's indicators fit under its last table of activities they
    share the slide, as the reports show an area's åtgärder and indikatorer
    together. Grouped by unit, the indicators (which belong to goal areas)
    follow all activity tables; a goal area without activities still shows
    its indicators.
    """
    groups = _groups(deck) if with_activities else []
    shown: set[str] = set()
    for group in groups:
        slides = _activity_slides(deck, group)
        if with_indicators and group.area is not None:
            placed = _indicators_below(deck, group.area, slides[-1], single=len(slides) == 1)
            if not placed:
                indicator_slides(deck, group.area)
            shown.add(group.area.id)
    if with_indicators:
        for area in deck.plan.goal_areas:
            if area.id not in shown:
                indicator_slides(deck, area)


def _verdict_cell(deck: Deck, verdict: Verdict) -> Cell:
    """An indicator's status: met (green) or not met (red), in words; a dash where unknown."""
    mark = verdict_mark(verdict, deck.lang)
    return Cell(mark.word, fill=mark.colour) if mark else Cell("–", align="ctr")


def _value_text(deck: Deck, value: Decimal, unit: str) -> str:
    return format_quantity(value, unit, deck.lang)


def _indicator_row(deck: Deck, indicator: Indicator, period_id: str) -> list[Cell]:
    from rusmodel.summary import indicator_status

    state = indicator_status(deck.plan, indicator, period_id)
    name = Cell(indicator.name)
    target = Cell(localised(indicator.target.text, deck.lang) if indicator.target else "–")
    dash = Cell("–")
    outcome = state.outcome
    if outcome is None:
        return [name, target, dash, Cell(deck.label("no_outcome")), dash]
    trend = dash
    if state.trend is not None:
        trend = Cell(trend_text(state.trend, deck.lang))
    if not state.measured:
        # "Mäts 4 e år": the note says when it is measured; the trend may still be reported.
        note = localised(outcome.note.strip(), deck.lang)
        return [name, target, dash, Cell(note or deck.label("not_measured")), trend]
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
        shown = f"{shown}\n{localised(outcome.note.strip(), deck.lang)}"
    return [name, target, Cell(shown), _verdict_cell(deck, state.verdict), trend]


def _indicator_table(deck: Deck, area: GoalArea) -> tuple[list[Column], list[list[Cell]]]:
    """The indicators of a goal area as a table: target, outcome, status and trend."""
    assert deck.period is not None
    indicators = [i for i in deck.plan.indicators if i.goal_area == area.id]
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
    return columns, [_indicator_row(deck, i, deck.period.id) for i in indicators]


def _has_indicators(deck: Deck, area: GoalArea) -> bool:
    return deck.period is not None and any(i.goal_area == area.id for i in deck.plan.indicators)


def indicator_slides(deck: Deck, area: GoalArea) -> None:
    """The indicators of a goal area on slides of their own."""
    if not _has_indicators(deck, area):
        return
    columns, rows = _indicator_table(deck, area)
    title = deck.label("indicators_of", name=area.name)
    deck.maker.table_slides(title, columns, rows, sizes=(TABLE_SIZE,))


def _indicators_below(deck: Deck, area: GoalArea, slide: Any, *, single: bool) -> bool:
    """Put the area's indicators under its activities on ``slide`` where they fit whole;
    whether they were put there. A slide that then holds both is titled for both."""
    if not _has_indicators(deck, area):
        return True
    maker = deck.maker
    columns, rows = _indicator_table(deck, area)
    box = maker.content
    top = maker.last_bottom + GAP
    free = Rect(box.left, top, box.width, box.bottom - top)
    if free.height <= 0:
        return False
    fitted = maker.fit_table(columns, rows, free, (TABLE_SIZE,))
    if fitted is None:
        return False
    font, widths, _ = fitted
    maker.draw_table(slide, free, columns, widths, rows, font)
    if single:
        maker.retitle(slide, deck.label("activities_and_indicators_of", name=area.name))
    return True
