"""Reading the full workbook back into a plan (``rusmodel convert plan.xlsx plan.yaml``).

Values are read through python-calamine after the checks of :mod:`.safety`.
Each sheet is found by its name or its header row, and a workbook lacking one
is refused (:mod:`.sheets`). Columns are found by the machine key in each
sheet's hidden first row, or by their Swedish or English header where that row
is gone; rows may be sorted, columns moved and unknown columns added. Every
value that cannot be read is a problem naming its cell (``Aktiviteter!H7``);
all are reported at once.

This module reads the plan's own fields, the status scale, the periods, units,
goal areas and internal control, and puts the plan together; the other parts
of the plan are read by :mod:`.read_activities`, :mod:`.read_indicators`,
:mod:`.read_economy` and :mod:`.read_reports`, all through the reader of
:mod:`.read_cells`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from rusmodel import (
    ControlCheck,
    DeckProfile,
    GoalArea,
    ImportContext,
    Period,
    Plan,
    PlanError,
    StatusScale,
    StatusValue,
    SubGoal,
    Unit,
)
from rusmodel._gc import collector_paused
from rusmodel.plugins.workbook.layout import PLAN_FIELDS, SHEETS, Table
from rusmodel.plugins.workbook.read_activities import read_activities
from rusmodel.plugins.workbook.read_cells import Reader, split_lines
from rusmodel.plugins.workbook.read_economy import freeze_economy, freeze_statement, read_economy
from rusmodel.plugins.workbook.read_indicators import read_indicators
from rusmodel.plugins.workbook.read_reports import (
    freeze_key_figure,
    freeze_narrative,
    read_bullets,
    read_chapters,
    read_key_figures,
    read_narratives,
)
from rusmodel.plugins.workbook.values import Book, normalise, open_book

__all__ = ["plan_from_book", "read_plan", "read_workbook"]


def read_workbook(path: Path, context: ImportContext) -> Plan:
    """The importer's ``read``."""
    return read_plan(path)


def read_plan(path: Path) -> Plan:
    """Read a full workbook written by :func:`~.full.write_full` (and perhaps edited since)."""
    with collector_paused():
        return plan_from_book(open_book(path))


def plan_from_book(book: Book) -> Plan:
    """Build the plan from a full workbook's values; raise :class:`PlanError` with every problem."""
    reader = Reader(book)
    plan = _build(reader)
    if reader.problems or plan is None:
        raise PlanError(reader.problems)
    return plan


def _build(r: Reader) -> Plan | None:
    fields = _plan_fields(r)
    scale = _scale(r, str(fields.pop("scale", "") or "traffic_light"))
    deck = DeckProfile(sections=tuple(fields.pop("deck_sections", ())))
    periods = []
    for line in r.table("periods"):
        as_of = r.get(line, "as_of", "date")
        if as_of is None:
            r.problem("the period has no date (Per)", line.ref("as_of"))
            continue
        periods.append(
            Period(
                id=r.text(line, "id"),
                name=r.text(line, "name"),
                as_of=as_of,
                presented=r.get(line, "presented", "date"),
                activities=split_lines(r.text(line, "activities"), {}),
                closed=bool(r.get(line, "closed", "bool")),
                case_number=r.text(line, "case_number"),
                attachments=r.get(line, "attachments", "lines"),
            )
        )
    units = tuple(
        Unit(
            id=r.text(line, "id"),
            name=r.text(line, "name"),
            description=r.text(line, "description"),
        )
        for line in r.table("units")
    )
    goal_areas = _goal_areas(r)
    activities = read_activities(r, scale, periods)
    indicators = read_indicators(r)
    control = _internal_control(r)
    budget: dict[Table, dict[str, Any]] = {}
    economy = read_economy(r, budget)
    chapters = read_chapters(r)
    key_figures = read_key_figures(r)
    narratives = read_narratives(r)
    read_bullets(r, economy, key_figures, narratives)
    if r.problems:
        return None
    try:
        return Plan(
            **fields,
            scale=scale,
            deck=deck,
            units=units,
            goal_areas=tuple(goal_areas.values()),
            periods=tuple(periods),
            activities=activities,
            indicators=indicators,
            internal_control=control,
            economy=tuple(freeze_economy(e) for e in economy.values()),
            key_figures=tuple(freeze_key_figure(k) for k in key_figures.values()),
            narratives=tuple(freeze_narrative(n) for n in narratives.values()),
            chapters=chapters,
            budget=freeze_statement(budget[Table.PLAN_BUDGET]) if budget else None,
        )
    except (TypeError, ValueError) as exc:
        r.problem(f"the plan cannot be built: {exc}", "")
        return None


def _plan_fields(r: Reader) -> dict[str, Any]:
    values: dict[str, Any] = {}
    by_key = {f.key: f for f in PLAN_FIELDS}
    by_header = {normalise(f.sv): f for f in PLAN_FIELDS} | {
        normalise(f.en): f for f in PLAN_FIELDS
    }
    for line in r.table("plan"):
        key = r.text(line, "key")
        field = by_key.get(key) or by_header.get(normalise(r.text(line, "field")))
        if field is None:
            continue
        value = r.get(line, "value", field.kind, field.enum)
        if value is not None:
            values[field.key] = value
    for field in PLAN_FIELDS:
        if field.required and values.get(field.key) is None:
            r.problem(
                f"the plan's {field.sv.lower()} ({field.en.lower()}) is missing", r.names["plan"]
            )
    version = values.get("schema_version")
    if version is not None and version != 1:
        r.problem(
            f"schema_version {version} is not supported; this rusmodel reads 1", r.names["plan"]
        )
    return values


def _scale(r: Reader, scale_id: str) -> StatusScale:
    values = []
    for line in r.table("scale"):
        on_track = r.get(line, "on_track", "bool")
        values.append(
            StatusValue(
                id=r.text(line, "id"),
                label_sv=r.text(line, "label_sv"),
                label_en=r.text(line, "label_en"),
                colour=r.text(line, "colour"),
                on_track=bool(on_track),
                done=bool(r.get(line, "done", "bool")),
                description_sv=r.text(line, "description_sv"),
                description_en=r.text(line, "description_en"),
            )
        )
    return StatusScale(id=scale_id, values=tuple(values))


def _goal_areas(r: Reader) -> dict[str, GoalArea]:
    areas: dict[str, GoalArea] = {}
    for line in r.table("goal_areas"):
        kind = r.get(line, "kind", "enum", SHEETS["goal_areas"].columns[2].enum)
        area = GoalArea(
            id=r.text(line, "id"),
            name=r.text(line, "name"),
            short_name=r.text(line, "short_name"),
            description=r.text(line, "description"),
            **({"kind": kind} if kind is not None else {}),
        )
        areas[area.id] = area
    subs: dict[str, list[SubGoal]] = {}
    for line in r.table("sub_goals"):
        area_id = r.text(line, "goal_area")
        if area_id not in areas:
            r.problem(f"there is no goal area with the id {area_id!r}", line.ref("goal_area"))
            continue
        prioritised = r.get(line, "prioritised", "bool")
        subs.setdefault(area_id, []).append(
            SubGoal(name=r.text(line, "name"), prioritised=bool(prioritised))
        )
    return {k: attrs.evolve(a, sub_goals=tuple(subs.get(k, ()))) for k, a in areas.items()}


def _internal_control(r: Reader) -> tuple[ControlCheck, ...]:
    spec = {c.key: c for c in SHEETS["internal_control"].columns}
    checks = []
    for line in r.table("internal_control"):
        level = r.col(line, spec["level"])
        if level is None:
            r.problem("the level (Nivå) is missing", line.ref("level"))
            continue
        checks.append(
            ControlCheck(
                period=r.text(line, "period"),
                level=level,
                area=r.text(line, "area"),
                regulation=r.text(line, "regulation"),
                method=r.text(line, "method"),
                result=r.text(line, "result"),
                actions=r.text(line, "actions"),
                sample_size=r.get(line, "sample_size", "int"),
                deviations=r.get(line, "deviations", "int"),
            )
        )
    return tuple(checks)
