"""Reading the full workbook back into a plan (``rusmodel convert plan.xlsx plan.yaml``).

Values are read through python-calamine after the checks of :mod:`.safety`.
Each sheet is found by its name or its header row, and a workbook lacking one
is refused (:mod:`.sheets`). Columns are found by the machine key in each
sheet's hidden first row, or by their Swedish or English header where that row
is gone; rows may be sorted, columns moved and unknown columns added. Every
value that cannot be read is a problem naming its cell (``Aktiviteter!H7``);
all are reported at once.
"""

from __future__ import annotations

import enum
import functools
import operator
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from rusmodel import (
    Activity,
    Chapter,
    Column,
    ControlCheck,
    Deviation,
    Economy,
    FollowUp,
    GoalArea,
    ImportContext,
    Indicator,
    Investment,
    KeyFigure,
    KeyFigureRow,
    Narrative,
    Outcome,
    Period,
    Plan,
    PlanError,
    Problem,
    Statement,
    StatementLine,
    StatusScale,
    StatusValue,
    SubGoal,
    Unit,
    parse_schedule,
    parse_target,
)
from rusmodel._gc import collector_paused
from rusmodel.model import Schedule, ScheduleError
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.layout import (
    ENUM_LABELS,
    NO_STATUS,
    PLAN_FIELDS,
    SHEETS,
    Col,
    Section,
    Table,
    word,
)
from rusmodel.plugins.workbook.sheets import sheet_names
from rusmodel.plugins.workbook.values import Book, Sheet, normalise, open_book

__all__ = ["plan_from_book", "read_plan", "read_workbook"]

_DYNAMIC = ("status:", "comment:", "value:")


def read_workbook(path: Path, context: ImportContext) -> Plan:
    """The importer's ``read``."""
    return read_plan(path)


def read_plan(path: Path) -> Plan:
    """Read a full workbook written by :func:`~.full.write_full` (and perhaps edited since)."""
    with collector_paused():
        return plan_from_book(open_book(path))


@attrs.frozen
class Line:
    """A data row of a sheet with its columns found."""

    sheet: Sheet
    row: int
    columns: Mapping[str, int]
    values: Sequence[object]

    def raw(self, key: str) -> object:
        column = self.columns.get(key)
        if column is None or column > len(self.values):
            return ""
        return self.values[column - 1]

    def ref(self, key: str) -> str:
        column = self.columns.get(key)
        return self.sheet.ref(self.row, column) if column else f"{self.sheet.name}!{self.row}"


class _Reader:
    """Reads typed values from a book, collecting a problem for each one that cannot be read."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.problems: list[Problem] = []
        self.names = sheet_names(book)

    def problem(self, message: str, place: str) -> None:
        self.problems.append(Problem(message, place=place, file=self.book.file))

    def table(self, key: str, extra: Sequence[Col] = ()) -> list[Line]:
        """The data rows of the sheet holding ``key``, or none if the workbook lacks it."""
        name = self.names.get(key)
        sheet = self.book.get(name) if name else None
        if sheet is None:
            return []
        columns = [*SHEETS[key].columns, *extra]
        found = _locate(sheet, columns)
        if found is None:
            self.problem("the sheet has no header row naming its columns", sheet.name)
            return []
        first, mapping = found
        missing = [c for c in columns if c.required and c.key not in mapping]
        for col in missing:
            self.problem(f"the column {col.sv!r} ({col.en}) is missing", sheet.name)
        if missing:
            return []
        for doubt in sheet.doubts(first, set(mapping.values())):
            self.problem(doubt.message, doubt.place)
        wanted = [c - 1 for c in mapping.values()]
        # The wanted cells of a row as a tuple, counted in C: a sheet may have 100 000 rows.
        pick = operator.itemgetter(*wanted, *wanted)  # twice: a tuple even for one column
        reach = max(wanted) + 1
        lines = []
        for row in range(first, sheet.height + 1):
            values = sheet.row(row)
            if len(values) >= reach:
                picked = pick(values)
                empty = picked.count("") + picked.count(None)
                if empty < len(picked):
                    lines.append(Line(sheet, row, mapping, values))
            elif any(c < len(values) and values[c] not in ("", None) for c in wanted):
                lines.append(Line(sheet, row, mapping, values))
        return lines

    def get(self, line: Line, key: str, kind: str, enum_type: type[enum.Enum] | None = None) -> Any:
        raw = line.raw(key)
        try:
            return _convert(raw, kind, enum_type)
        except cells.CellError as exc:
            self.problem(str(exc), line.ref(key))
            return None

    def text(self, line: Line, key: str) -> str:
        return cells.read_text(line.raw(key))

    def col(self, line: Line, col: Col) -> Any:
        return self.get(line, col.key, col.kind, col.enum)


def _convert(raw: object, kind: str, enum_type: type[enum.Enum] | None) -> Any:
    if kind == "text" or kind == "status":
        return cells.read_text(raw)
    if kind == "lines":
        text = cells.read_text(raw)
        return tuple(text.split("\n")) if text else ()
    if kind in ("int", "year"):
        return cells.read_int(raw)
    if kind == "decimal":
        return cells.read_decimal(raw)
    if kind == "date":
        return cells.read_date(raw)
    if kind == "bool":
        return cells.read_bool(raw)
    if kind == "enum":
        assert enum_type is not None
        return _member(cells.read_text(raw), enum_type)
    raise AssertionError(kind)


def _member(text: str, enum_type: type[enum.Enum]) -> enum.Enum | None:
    wanted = normalise(text)
    if not wanted:
        return None
    member = _members(enum_type).get(wanted)
    if member is not None:
        return member
    shown = ", ".join(ENUM_LABELS.get(str(m.value), (str(m.value),))[0] for m in enum_type)
    raise cells.CellError(f"{text!r} is not one of: {shown}")


@functools.cache
def _members(enum_type: type[enum.Enum]) -> dict[str, enum.Enum]:
    """Every way a member of ``enum_type`` may be written, normalised, to its member.

    Built once per type: normalising every label again for every cell was a
    tenth of the import of a large workbook.
    """
    table: dict[str, enum.Enum] = {}
    for member in enum_type:
        value = str(member.value)
        for name in (value, *ENUM_LABELS.get(value, ())):
            # The first member naming a text wins, as when the members were tried in order.
            table.setdefault(normalise(name), member)
    return table


def _locate(sheet: Sheet, columns: Sequence[Col]) -> tuple[int, dict[str, int]] | None:
    """The first data row and each column's place, found by machine key or else by header."""
    keys = {c.key for c in columns}
    required = [c.key for c in columns if c.required]
    for row in range(1, min(10, sheet.height) + 1):
        mapping: dict[str, int] = {}
        for column, value in enumerate(sheet.row(row), start=1):
            if isinstance(value, str) and (value in keys or value.startswith(_DYNAMIC)):
                mapping.setdefault(value, column)
        if mapping and all(k in mapping for k in required):
            first = row + 1
            if _names_headers(sheet, first, columns, mapping):
                first += 1
            return first, mapping
    # No row of keys (someone deleted the hidden row): look for the headers instead.
    best: tuple[int, dict[str, int]] | None = None
    for row in range(1, min(10, sheet.height) + 1):
        headers: dict[str, int] = {}
        for column, value in enumerate(sheet.row(row), start=1):
            text = normalise(value) if isinstance(value, str) else ""
            for col in columns:
                if text and text in (normalise(col.sv), normalise(col.en)):
                    headers.setdefault(col.key, column)
        if headers and (best is None or len(headers) > len(best[1])):
            best = (row + 1, headers)
    return best


def _names_headers(
    sheet: Sheet, row: int, columns: Sequence[Col], mapping: Mapping[str, int]
) -> bool:
    """Whether ``row`` is the header row a person reads (it follows the row of keys)."""
    by_key = {c.key: c for c in columns}
    for key, column in mapping.items():
        col = by_key.get(key)
        value = sheet.value(row, column)
        if (
            col is not None
            and isinstance(value, str)
            and normalise(value) in (normalise(col.sv), normalise(col.en))
        ):
            return True
    return False


def plan_from_book(book: Book) -> Plan:
    """Build the plan from a full workbook's values; raise :class:`PlanError` with every problem."""
    reader = _Reader(book)
    plan = _build(reader)
    if reader.problems or plan is None:
        raise PlanError(reader.problems)
    return plan


def _build(r: _Reader) -> Plan | None:
    fields = _plan_fields(r)
    scale = _scale(r, str(fields.pop("scale", "") or "traffic_light"))
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
                activities=_split(r.text(line, "activities"), {}),
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
    activities = _activities(r, scale, periods)
    indicators = _indicators(r)
    control = _internal_control(r)
    budget: dict[Table, dict[str, Any]] = {}
    economy = _economy(r, budget)
    chapters = _chapters(r)
    key_figures = _key_figures(r)
    narratives = _narratives(r)
    _bullets(r, economy, key_figures, narratives)
    if r.problems:
        return None
    try:
        return Plan(
            **fields,
            scale=scale,
            units=units,
            goal_areas=tuple(goal_areas.values()),
            periods=tuple(periods),
            activities=activities,
            indicators=indicators,
            internal_control=control,
            economy=tuple(_freeze_economy(e) for e in economy.values()),
            key_figures=tuple(_freeze_key_figure(k) for k in key_figures.values()),
            narratives=tuple(_freeze_narrative(n) for n in narratives.values()),
            chapters=chapters,
            budget=_freeze_statement(budget[Table.PLAN_BUDGET]) if budget else None,
        )
    except (TypeError, ValueError) as exc:
        r.problem(f"the plan cannot be built: {exc}", "")
        return None


def _plan_fields(r: _Reader) -> dict[str, Any]:
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


def _scale(r: _Reader, scale_id: str) -> StatusScale:
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


def _goal_areas(r: _Reader) -> dict[str, GoalArea]:
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


def _activities(r: _Reader, scale: StatusScale, periods: Sequence[Period]) -> tuple[Activity, ...]:
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
    pick = _Picker(columns, keys)
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
                goal_areas=_split(texts[3], splits),
                units=_split(texts[4], splits),
                responsible=_split(texts[5], splits),
                schedule=schedule,
                start=texts[6],
                end=texts[7],
                follow_ups=follow_ups,
            )
        )
    return tuple(activities)


class _Picker:
    """Picks given columns' cells from each row of a sheet as text, as :meth:`_Reader.text` reads.

    A column the sheet lacks, or a cell past the end of a short row, reads as ``''``.
    """

    def __init__(self, columns: Mapping[str, int], keys: Sequence[str]) -> None:
        places = [columns.get(key, 0) - 1 for key in keys]
        self.width = max(places, default=-1) + 1
        # A missing column is read from one empty cell added after the row's cells.
        self.padded = -1 in places
        self.get = operator.itemgetter(*[p if p >= 0 else self.width for p in places])
        self.needed = self.width + self.padded

    def texts(self, values: Sequence[object]) -> list[str]:
        if self.padded or len(values) < self.width:
            values = [*values[: self.width], *[""] * (self.needed - min(len(values), self.width))]
        return [v if type(v) is str else cells.read_text(v) for v in self.get(values)]


def _split(text: str, seen: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A cell of several lines (kind ``lines``) as its lines, each distinct text split once."""
    if not text:
        return ()
    found = seen.get(text)
    if found is None:
        found = seen[text] = tuple(text.split("\n"))
    return found


def _given(**values: Any) -> dict[str, Any]:
    """Only the values given, so the model's defaults apply to empty cells."""
    return {k: v for k, v in values.items() if v is not None}


def _indicators(r: _Reader) -> tuple[Indicator, ...]:
    spec = {c.key: c for c in SHEETS["indicators"].columns}
    # Each indicator and outcome is built once, when all its sheets are read: attrs.evolve
    # per indicator looked its class's fields up again: a tenth of building a large plan.
    indicators: dict[str, dict[str, Any]] = {}
    for line in r.table("indicators"):
        target = r.text(line, "target")
        fields = dict(
            id=r.text(line, "id"),
            name=r.text(line, "name"),
            goal_area=r.text(line, "goal_area"),
            unit=r.text(line, "unit"),
            target=parse_target(target) if target else None,
            source=r.text(line, "source"),
            target_year=r.get(line, "target_year", "year"),
            **_given(
                better=r.col(line, spec["better"]),
                every_n_years=r.get(line, "every_n_years", "int"),
            ),
        )
        indicators[Indicator(**fields).key] = fields
    outcomes: dict[str, dict[str, dict[str, Any]]] = {}
    values: dict[tuple[str, str], dict[str, Decimal]] = {}
    spec = {c.key: c for c in SHEETS["outcomes"].columns}
    for line in r.table("outcomes"):
        key = r.text(line, "indicator")
        period = r.text(line, "period")
        if key not in indicators:
            r.problem(
                f"there is no indicator {key!r} on the sheet of indicators", line.ref("indicator")
            )
            continue
        category = r.text(line, "category")
        value = r.get(line, "value", "decimal")
        if category:
            if value is None:
                r.problem(f"the category {category!r} has no value", line.ref("value"))
                continue
            values.setdefault((key, period), {})[category] = value
            outcomes.setdefault(key, {}).setdefault(period, {})
            continue
        outcomes.setdefault(key, {})[period] = dict(
            value=value,
            note=r.text(line, "note"),
            trend=r.col(line, spec["trend"]),
            **_given(measured=r.get(line, "measured", "bool")),
        )
    return tuple(
        Indicator(
            **fields,
            outcomes={
                period: Outcome(**outcome, values=values.get((key, period), {}))
                for period, outcome in outcomes.get(key, {}).items()
            },
        )
        for key, fields in indicators.items()
    )


def _internal_control(r: _Reader) -> tuple[ControlCheck, ...]:
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


@attrs.define
class _Economy:
    """An economy being assembled from several sheets."""

    fields: dict[str, Any]
    statements: dict[Table, dict[str, Any]] = attrs.field(factory=dict)
    investments: list[Investment] = attrs.field(factory=list)
    deviations: list[Deviation] = attrs.field(factory=list)
    bullets: dict[Section, list[str]] = attrs.field(factory=dict)


def _chapters(r: _Reader) -> tuple[Chapter, ...]:
    spec = {c.key: c for c in SHEETS["chapters"].columns}
    return tuple(
        Chapter(
            title=r.text(line, "title"),
            text=r.text(line, "text"),
            unit=r.text(line, "unit"),
            **_given(position=r.col(line, spec["position"])),
        )
        for line in r.table("chapters")
    )


def _freeze_statement(s: Mapping[str, Any]) -> Statement:
    return Statement(**s["fields"], columns=tuple(s["columns"]), lines=tuple(s["lines"]))


def _economy(r: _Reader, plan_budget: dict[Table, dict[str, Any]]) -> dict[str, _Economy]:
    """The economies by period; the plan's own budget (no period) goes into ``plan_budget``."""
    spec = {c.key: c for c in SHEETS["economy"].columns}
    economies: dict[str, _Economy] = {}
    for line in r.table("economy"):
        period = r.text(line, "period")
        economies[period] = _Economy(
            fields=_given(
                period=period,
                scale=r.col(line, spec["scale"]),
                forecast_comment=r.text(line, "forecast_comment"),
            )
        )

    def owner(line: Line) -> _Economy | None:
        period = r.text(line, "period")
        if period not in economies:
            r.problem(
                f"there is no economy for the period {period!r} on the sheet Ekonomi",
                line.ref("period"),
            )
            return None
        return economies[period]

    s_spec = {c.key: c for c in SHEETS["statements"].columns}
    for line in r.table("statements"):
        table = r.col(line, s_spec["table"])
        holder = plan_budget if table is Table.PLAN_BUDGET else None
        economy = None if holder is not None else owner(line)
        if table is None or (economy is None and holder is None):
            continue
        (holder if holder is not None else economy.statements)[table] = {  # type: ignore[union-attr]
            "fields": _given(
                title=r.text(line, "title"),
                scale=r.col(line, s_spec["scale"]),
                note=r.text(line, "note"),
            ),
            "columns": [],
            "lines": [],
        }

    def statement(line: Line, spec: Mapping[str, Col]) -> dict[str, Any] | None:
        table = r.col(line, spec["table"])
        if table is Table.PLAN_BUDGET:
            if table not in plan_budget:
                r.problem("there is no plan budget on the sheet Ekonomitabeller", line.ref("table"))
                return None
            return plan_budget[table]
        economy = owner(line)
        if economy is None or table is None:
            return None
        if table not in economy.statements:
            r.problem(
                f"there is no {table.value} for this period on the sheet Ekonomitabeller",
                line.ref("table"),
            )
            return None
        return economy.statements[table]

    c_spec = {c.key: c for c in SHEETS["statement_columns"].columns}
    labels: dict[str, str] = {}
    for line in r.table("statement_columns"):
        target = statement(line, c_spec)
        if target is None:
            continue
        column = Column(
            id=r.text(line, "id"),
            label=r.text(line, "label"),
            group=r.text(line, "group"),
            **_given(kind=r.col(line, c_spec["kind"])),
        )
        labels.setdefault(column.label, column.id)
        target["columns"].append(column)
    extra = [Col(f"value:{cid}", label, label, "decimal") for label, cid in labels.items()]
    l_spec = {c.key: c for c in SHEETS["statement_lines"].columns}
    for line in r.table("statement_lines", extra):
        target = statement(line, l_spec)
        kind = r.col(line, l_spec["kind"])
        if target is None or kind is None:
            continue
        amounts = {}
        for key in line.columns:
            if key.startswith("value:"):
                value = r.get(line, key, "decimal")
                if value is not None:
                    amounts[key.removeprefix("value:")] = value
        target["lines"].append(
            StatementLine(label=r.text(line, "label"), kind=kind, values=amounts)
        )
    for line in r.table("investments"):
        economy = owner(line)
        if economy is not None:
            economy.investments.append(
                Investment(
                    project=r.text(line, "project"),
                    budget=r.get(line, "budget", "decimal"),
                    outcome=r.get(line, "outcome", "decimal"),
                    forecast=r.get(line, "forecast", "decimal"),
                )
            )
    for line in r.table("deviations"):
        economy = owner(line)
        if economy is not None:
            economy.deviations.append(
                Deviation(text=r.text(line, "text"), amount=r.get(line, "amount", "decimal"))
            )
    return economies


def _freeze_economy(e: _Economy) -> Economy:
    statements: dict[str, Any] = {
        table.value: Statement(**s["fields"], columns=tuple(s["columns"]), lines=tuple(s["lines"]))
        for table, s in e.statements.items()
    }
    return Economy(
        **e.fields,
        **statements,
        investments=tuple(e.investments),
        deviations=tuple(e.deviations),
        actions=tuple(e.bullets.get(Section.ECONOMY_ACTIONS, ())),
        uncertainties=tuple(e.bullets.get(Section.ECONOMY_UNCERTAINTIES, ())),
        comments=tuple(e.bullets.get(Section.ECONOMY_COMMENTS, ())),
    )


@attrs.define
class _KeyFigure:
    fields: dict[str, Any]
    rows: list[KeyFigureRow] = attrs.field(factory=list)
    comments: list[str] = attrs.field(factory=list)


def _key_figures(r: _Reader) -> dict[tuple[str, str], _KeyFigure]:
    figures: dict[tuple[str, str], _KeyFigure] = {}
    for line in r.table("key_figures"):
        key = (r.text(line, "period"), r.text(line, "title"))
        figures[key] = _KeyFigure(
            fields={
                "period": key[0],
                "title": key[1],
                "unit": r.text(line, "unit"),
                "columns": r.get(line, "columns", "lines") or (),
                "note": r.text(line, "note"),
            }
        )
    value = word("value", "sv"), word("value", "en")
    width = max((len(f.fields["columns"]) for f in figures.values()), default=0)
    extra = [
        Col(f"value:{n}", f"{value[0]} {n}", f"{value[1]} {n}", "decimal")
        for n in range(1, width + 1)
    ]
    for line in r.table("key_figure_rows", extra):
        key = (r.text(line, "period"), r.text(line, "key_figure"))
        figure = figures.get(key)
        if figure is None:
            r.problem(
                f"there is no key figure {key[1]!r} of the period {key[0]!r}",
                line.ref("key_figure"),
            )
            continue
        count = r.get(line, "count", "int")
        if count is None:
            count = len(figure.fields["columns"])
        numbers = tuple(r.get(line, f"value:{n}", "decimal") for n in range(1, count + 1))
        figure.rows.append(
            KeyFigureRow(label=r.text(line, "label"), group=r.text(line, "group"), values=numbers)
        )
    return figures


def _freeze_key_figure(k: _KeyFigure) -> KeyFigure:
    return KeyFigure(**k.fields, rows=tuple(k.rows), comments=tuple(k.comments))


@attrs.define
class _Narrative:
    period: str
    summary: str
    bullets: dict[Section, list[str]] = attrs.field(factory=dict)


def _narratives(r: _Reader) -> dict[str, _Narrative]:
    return {
        (period := r.text(line, "period")): _Narrative(
            period=period, summary=r.text(line, "summary")
        )
        for line in r.table("narratives")
    }


def _freeze_narrative(n: _Narrative) -> Narrative:
    return Narrative(
        period=n.period,
        summary=n.summary,
        highlights=tuple(n.bullets.get(Section.HIGHLIGHTS, ())),
        upcoming=tuple(n.bullets.get(Section.UPCOMING, ())),
    )


def _bullets(
    r: _Reader,
    economy: Mapping[str, _Economy],
    key_figures: Mapping[tuple[str, str], _KeyFigure],
    narratives: Mapping[str, _Narrative],
) -> None:
    spec = {c.key: c for c in SHEETS["bullets"].columns}
    for line in r.table("bullets"):
        section = r.col(line, spec["section"])
        period = r.text(line, "period")
        text = r.text(line, "text")
        if section is None:
            continue
        if section is Section.KEY_FIGURE_COMMENTS:
            figure = key_figures.get((period, r.text(line, "key_figure")))
            if figure is None:
                r.problem("there is no such key figure of this period", line.ref("key_figure"))
            else:
                figure.comments.append(text)
        elif section in (Section.HIGHLIGHTS, Section.UPCOMING):
            narrative = narratives.get(period)
            if narrative is None:
                r.problem(f"there is no narrative for the period {period!r}", line.ref("period"))
            else:
                narrative.bullets.setdefault(section, []).append(text)
        else:
            owner = economy.get(period)
            if owner is None:
                r.problem(f"there is no economy for the period {period!r}", line.ref("period"))
            else:
                owner.bullets.setdefault(section, []).append(text)
