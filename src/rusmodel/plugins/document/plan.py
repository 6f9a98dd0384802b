"""The plan document (verksamhetsplan): the plan as the region writes it in Word.

In order: the title page with the contents; the summary; the chapters placed
at the front (inledning, organisation); vision, values, and the goal areas
with their sub-goals and indicators; the units, each with its description,
its own chapters, its activities and its budget; the budget by unit; the
chapters placed at the back (uppföljning och utvärdering).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rusmodel.labels import format_number, money_unit
from rusmodel.model import (
    Activity,
    ChapterPosition,
    GoalArea,
    GoalKind,
    LineKind,
    Statement,
    Unit,
)
from rusmodel.plugins.document.parts import (
    Doc,
    statement_table,
    table,
    title_page,
)
from rusmodel.plugins.document.tables import Cell, Column
from rusmodel.prose import Run
from rusmodel.table_rows import activity_name, area_names, decimal_places

__all__ = ["plan_document"]


def plan_document(doc: Doc) -> None:
    """Write the whole plan document into ``doc``."""
    plan = doc.plan
    years = doc.word("years", first=plan.first_year, last=plan.last_year)
    title_page(
        doc,
        plan.title,
        [plan.organisation, doc.word("plan_years", years=years), plan.committee],
    )
    if plan.summary.strip():
        doc.w.heading(doc.word("summary"), 1)
        doc.w.prose(plan.summary)
    _chapters(doc, ChapterPosition.FRONT)
    _vision_and_goals(doc)
    _units(doc, years)
    _budget_overview(doc)
    _chapters(doc, ChapterPosition.BACK)


def _chapters(doc: Doc, position: ChapterPosition) -> None:
    for chapter in doc.plan.chapters:
        if not chapter.unit and chapter.position is position:
            doc.w.heading(chapter.title.strip(), 1)
            doc.w.prose(chapter.text)


# -- vision and goals --------------------------------------------------------------------------


def _vision_and_goals(doc: Doc) -> None:
    plan = doc.plan
    if not (plan.vision.strip() or plan.values.strip() or plan.goal_areas):
        return
    key = "vision_and_goals" if plan.values.strip() else "vision_and_goals_short"
    doc.w.heading(doc.word(key), 1)
    if plan.vision.strip():
        doc.w.heading(doc.word("vision"), 2)
        doc.w.paragraph(plan.vision.strip(), bold=True)
    if plan.values.strip():
        doc.w.heading(doc.word("values"), 2)
        doc.w.prose(plan.values)
    if plan.goal_areas:
        # Every goal area in a list first; those with more to say get a section of their own.
        doc.w.heading(doc.word("goals"), 2)
        doc.w.bullets(
            [(Run(f"{_kind(doc, area)}: "), Run(area.name, bold=True)) for area in plan.goal_areas]
        )
    for area in plan.goal_areas:
        indicators = any(i.goal_area == area.id for i in plan.indicators)
        if area.description.strip() or area.sub_goals or indicators:
            _goal_area(doc, area)


def _kind(doc: Doc, area: GoalArea) -> str:
    return doc.word("vision_goal" if area.kind is GoalKind.VISION_GOAL else "goal_area")


def _goal_area(doc: Doc, area: GoalArea) -> None:
    doc.w.heading(f"{_kind(doc, area)}: {area.name}", 2)
    if area.description.strip():
        doc.w.prose(area.description)
    if area.sub_goals:
        doc.w.heading(f"{doc.word('sub_goals')} – {area.display_short}", 3)
        for sub_goal in area.sub_goals:
            if sub_goal.prioritised:
                doc.w.bullet((Run(sub_goal.name, bold=True), Run(f" ({doc.word('prioritised')})")))
            else:
                doc.w.bullet(sub_goal.name)
    indicators = [i for i in doc.plan.indicators if i.goal_area == area.id]
    if not indicators:
        return
    title = doc.word("indicators_of", name=area.display_short)
    doc.w.heading(title, 3)
    years = {i.target_year for i in indicators}
    year = next(iter(years)) if len(years) == 1 else None
    columns = [
        Column(doc.word("indicator"), weight=3.0),
        Column(doc.word("target_in", year=year) if year else doc.word("target")),
        Column(doc.word("measured"), fixed=True),
    ]
    sourced = any(i.source for i in indicators)
    if sourced:
        columns.append(Column(doc.word("source")))
    rows = []
    for indicator in indicators:
        target = indicator.target.text if indicator.target else "–"
        if indicator.target_year and not year:
            target = f"{target} ({indicator.target_year})"
        every = indicator.every_n_years
        measured = doc.word("every_year") if every <= 1 else doc.word("every_n_years", n=every)
        row = [Cell(indicator.name), Cell(target), Cell(measured)]
        if sourced:
            row.append(Cell(indicator.source))
        rows.append(row)
    table(doc, title, columns, rows)


# -- units -------------------------------------------------------------------------------------


def _activity_table(doc: Doc, caption: str, activities: Sequence[Activity]) -> None:
    names = doc.plan
    columns = []
    keys = []
    if any(a.id for a in activities):
        columns.append(Column(doc.word("activity_id"), fixed=True))
        keys.append("id")
    columns.append(Column(doc.word("activity"), weight=4.0))
    keys.append("title")
    if any(a.goal_areas for a in activities):
        columns.append(Column(doc.word("goal_area")))
        keys.append("area")
    if any(a.responsible for a in activities):
        columns.append(Column(doc.word("responsible")))
        keys.append("responsible")
    if any(a.schedule for a in activities):
        columns.append(Column(doc.word("schedule"), fixed=True))
        keys.append("schedule")
    rows = []
    for activity in activities:
        areas = area_names(names, activity)
        values = {
            "id": activity.id,
            "title": activity.title if any(a.id for a in activities) else activity_name(activity),
            "area": areas,
            "responsible": ", ".join(activity.responsible),
            "schedule": activity.schedule.text(doc.lang) if activity.schedule else "",
        }
        rows.append([Cell(values[k]) for k in keys])
    table(doc, caption, columns, rows, sizes=(10.0, 9.0, 8.0))


def _units(doc: Doc, years: str) -> None:
    plan = doc.plan
    known = {u.id for u in plan.units}
    loose = [a for a in plan.activities if not any(u in known for u in a.units)]
    if not plan.units and not loose:
        return
    doc.w.heading(doc.word("units_work", years=years), 1)
    for unit in plan.units:
        _unit(doc, unit)
    if loose:
        doc.w.heading(doc.word("other_activities"), 2)
        _activity_table(doc, doc.word("other_activities"), loose)


def _unit(doc: Doc, unit: Unit) -> None:
    plan = doc.plan
    doc.w.heading(unit.name, 2)
    doc.w.prose(unit.description)
    for chapter in plan.chapters:
        if chapter.unit == unit.id:
            doc.w.heading(chapter.title.strip(), 3)
            doc.w.prose(chapter.text)
    activities = [a for a in plan.activities if unit.id in a.units]
    if activities:
        title = f"{doc.word('activities_of_unit')} – {unit.name}"
        doc.w.heading(title, 3)
        _activity_table(doc, title, activities)
    budget = plan.budget
    if budget is not None and any(c.id == unit.id for c in budget.columns):
        name = budget.title or doc.word("budget")
        title = doc.word("budget_of_unit", title=name, unit=unit.name)
        doc.w.heading(title, 3)
        statement_table(doc, budget, title, column_ids=[unit.id])


# -- budget ------------------------------------------------------------------------------------


def _sums(statement: Statement, column_id: str) -> tuple[Decimal | None, ...]:
    """Revenue, costs and net of one column: the totals where the statement has them."""
    revenue: Decimal | None = None
    cost: Decimal | None = None
    total_revenue: Decimal | None = None
    total_cost: Decimal | None = None
    result: Decimal | None = None
    for line in statement.lines:
        value = line.values.get(column_id)
        if value is None:
            continue
        if line.kind is LineKind.REVENUE:
            revenue = (revenue or Decimal(0)) + value
        elif line.kind is LineKind.COST:
            cost = (cost or Decimal(0)) + value
        elif line.kind is LineKind.REVENUE_TOTAL:
            total_revenue = value
        elif line.kind is LineKind.COST_TOTAL:
            total_cost = value
        elif line.kind is LineKind.RESULT:
            result = value
    revenue = total_revenue if total_revenue is not None else revenue
    cost = total_cost if total_cost is not None else cost
    if result is None and (revenue is not None or cost is not None):
        result = (revenue or Decimal(0)) + (cost or Decimal(0))
    return revenue, cost, result


def _budget_overview(doc: Doc) -> None:
    """The budget by unit: one row per unit with revenue, costs and net; else the whole table."""
    budget = doc.plan.budget
    if budget is None or not budget.lines:
        return
    name = budget.title or doc.word("budget")
    doc.w.heading(name, 1)
    units = {u.id for u in doc.plan.units}
    if not any(c.id in units for c in budget.columns):
        statement_table(doc, budget, name)
        return
    sums = {c.id: _sums(budget, c.id) for c in budget.columns}
    places = decimal_places([v for values in sums.values() for v in values])
    unit = money_unit(budget.scale, doc.lang)
    columns = [
        Column(doc.word("unit"), weight=2.0),
        Column(doc.word("revenue"), align="right", fixed=True),
        Column(doc.word("costs"), align="right", fixed=True),
        Column(doc.word("net"), align="right", fixed=True),
    ]
    rows = []
    for column in budget.columns:
        bold = column.id not in units
        cells = [Cell(column.label, bold=bold)]
        cells += [
            Cell("–" if v is None else format_number(v, doc.lang, decimals=places), bold=bold)
            for v in sums[column.id]
        ]
        rows.append(cells)
    caption = doc.word("budget_overview")
    above = doc.w.paragraph(doc.word("amounts_in", unit=unit))
    above.paragraph_format.keep_with_next = True  # the unit goes with its table
    table(doc, caption, columns, rows)
    if budget.note:
        doc.w.paragraph(budget.note)
