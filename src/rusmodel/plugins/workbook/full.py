"""The full workbook (``--format xlsx``): the whole plan, one sheet per kind of data.

The workbook is lossless: :func:`rusmodel.plugins.workbook.read.read_plan`
gives back a plan equal to the one written. How each field is kept:

- activities have one row each and a Status and Kommentar column pair per
  period; a status shows the scale's label, coloured with the scale's colour,
  and a dash (``–``) marks an activity in a follow-up with neither status nor
  comment yet;
- several values in one cell (goal areas, units, responsible, a key figure's
  columns) are one per line, since a responsible may contain ``/`` and ``,``;
- goal areas, units and periods are referred to by their ids, as in the plan
  file; outcomes refer to their indicator by its id (or name where it has
  none), economy rows to their period, key-figure rows to their key figure's
  title;
- numbers are numbers with a display format that keeps their decimals
  (``#,##0.0``); a number a spreadsheet cannot hold exactly (more than about
  15 significant digits) is written as its exact text and read back exactly;
- every text is stored as text, so a comment beginning with ``=`` is never a
  formula.

What cannot be kept is refused with a problem naming the place in the plan:
an item of a multi-valued field that is empty or contains a line break, two
indicators with the same id, two economies of one period, a control character
(:mod:`rusmodel.characters`), and a few more.
"""

from __future__ import annotations

import contextlib
import copy
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from rusmodel import (
    ExportContext,
    Plan,
    PlanError,
    Problem,
    Statement,
    StatusScale,
    characters,
)
from rusmodel._gc import collector_paused
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import (
    HEADER_FILL,
    fitted_width,
    lines_needed,
    new_workbook,
    row_height,
    save_deterministic,
)
from rusmodel.plugins.workbook.layout import (
    FORMAT,
    META_SHEET,
    NO_STATUS,
    PLAN_FIELDS,
    SHEETS,
    VERSION,
    Col,
    Section,
    Table,
    enum_label,
    word,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["period_columns", "status_text", "write_full", "write_workbook"]

FIRST_DATA_ROW = 3


@attrs.frozen
class Status:
    """A status cell as shown: its text and the fill colour (``RRGGBB``, empty for none)."""

    text: str
    colour: str = ""


@attrs.frozen
class Row:
    """A row to write: where it comes from in the plan (for messages) and its values by key."""

    place: str
    values: dict[str, Any]
    kinds: dict[str, str] = attrs.field(factory=dict)


def write_workbook(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """The exporter's ``write``: the full workbook in the context's language."""
    write_full(plan, out, lang=context.lang)


def write_full(plan: Plan, out: BinaryIO, *, lang: str = "sv") -> None:
    """Write ``plan`` as the full workbook to ``out``; :class:`PlanError` if it cannot be kept.

    The same plan and language always give the same bytes.
    """
    # Every cell is made before the first row is written (see _table_cells), so a large
    # plan keeps a million objects alive that the cyclic collector would walk again and
    # again while finding next to nothing: some 4 % of the time at 100 000 activities.
    with collector_paused():
        _write_full(plan, out, lang)


def _write_full(plan: Plan, out: BinaryIO, lang: str) -> None:
    problems: list[Problem] = list(_unique_keys(plan))
    # Written as _x0007_, a control character would only be refused on reading back.
    problems += [Problem(message, place=place) for place, message in characters.problems(plan)]
    if problems:
        raise PlanError(problems)
    workbook = _new_workbook(plan.title)
    try:
        names: dict[str, str] = {}
        tables: list[_Table] = []
        for key, columns, rows in _tables(plan, lang):
            spec = SHEETS[key]
            ws = workbook.create_sheet(spec.name(lang))
            names[key] = ws.title
            table = _table_cells(ws, columns, rows, lang)
            problems += table.problems
            tables.append(table)
        if problems:
            raise PlanError(problems)
        # Every value could be written: only now does any sheet start streaming out.
        for table in tables:
            _stream_table(table, plan.scale, lang)
        _meta(workbook, names, lang)
        save_deterministic(workbook, out)
    except BaseException:
        _discard(workbook)
        raise


def _new_workbook(title: str) -> Workbook:
    """An empty write-only workbook with the fixed properties of :func:`.book.new_workbook`.

    Write-only mode streams each row out as it is added instead of keeping
    every cell until the file is saved: a 100 000-activity plan is written in
    about half the time. Everything about a sheet but its rows (column widths,
    row heights, frozen panes) must then be known before its first row.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties = new_workbook(title).properties
    return workbook


def _discard(workbook: Workbook) -> None:
    """Close the sheets of a write-only workbook that will not be saved; delete their files.

    A sheet that has started streaming holds a temporary file and two
    generators inside lxml's writer. Left to the garbage collector, they are
    closed out of order, and Python prints an "Exception ignored" traceback for
    each on stderr, after the refusal or error has been reported.
    """
    for ws in workbook.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue  # never started streaming: nothing open
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        # Should closing have failed half way, the generators are finished here, where
        # their errors can be ignored quietly.
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def period_columns(plan: Plan) -> list[tuple[str, str]]:
    """The periods that get a Status/Kommentar pair: the plan's, then any other id follow-ups use.

    Returns ``(period_id, name shown)`` pairs.
    """
    columns = [(p.id, p.name) for p in plan.periods]
    known = {p.id for p in plan.periods}
    for activity in plan.activities:
        for period_id in activity.follow_ups:
            if period_id not in known:
                known.add(period_id)
                columns.append((period_id, period_id))
    return columns


def status_text(scale: StatusScale, status: str | None, lang: str) -> Status:
    """The text and colour of a status cell; the text reads back as the same status.

    The scale's label is shown where it identifies the value; otherwise the
    value's id. A status that is not in the scale is shown as it is (the
    importer will refuse it).
    """
    if status is None:
        return Status(NO_STATUS)
    value = scale.get(status)
    if value is None:
        return Status(status)
    for text in (value.label(lang), value.id):
        if scale.match(text) is value:
            return Status(text, value.colour)
    raise cells.CellError(
        f"a status cell showing the value {value.id!r} would not read back as it: its id and "
        "labels have spaces at the ends or are those of another value"
    )


def _duplicates(keys: Iterable[Any]) -> list[Any]:
    counts = Counter(keys)
    return [key for key, n in counts.items() if n > 1]


def _unique_keys(plan: Plan) -> Iterable[Problem]:
    """What other rows refer to must be unique, or a reference would be ambiguous."""
    checks: list[tuple[str, str, list[Any]]] = [
        ("periods", "period id", [p.id for p in plan.periods]),
        ("goal_areas", "goal area id", [g.id for g in plan.goal_areas]),
        (
            "indicators",
            "indicator id (or name where it has no id)",
            [i.key for i in plan.indicators],
        ),
        ("economy", "period of an economy", [e.period for e in plan.economy]),
        (
            "key_figures",
            "period and title of a key figure",
            [(k.period, k.title) for k in plan.key_figures],
        ),
        ("narratives", "period of a narrative", [n.period for n in plan.narratives]),
    ]
    for place, what, keys in checks:
        for key in _duplicates(keys):
            shown = " ".join(key) if isinstance(key, tuple) else key
            yield Problem(
                f"the {what} {shown!r} is used twice; the workbook refers to it, so it "
                "must be unique",
                place=place,
            )
    if plan.scale.match(NO_STATUS) is not None:
        yield Problem(
            f"the status scale uses {NO_STATUS!r}, which the workbook shows for 'no status'",
            place="scale",
        )
    for i, value in enumerate(plan.scale.values):
        try:
            status_text(plan.scale, value.id, "sv")
            status_text(plan.scale, value.id, "en")
        except cells.CellError as exc:
            yield Problem(str(exc), place=f"scale.values[{i}]")


def _tables(plan: Plan, lang: str) -> Iterable[tuple[str, Sequence[Col], list[Row]]]:
    spec = SHEETS
    yield "plan", spec["plan"].columns, _plan_rows(plan, lang)
    yield (
        "scale",
        spec["scale"].columns,
        [
            Row(f"scale.values[{i}]", attrs.asdict(v, recurse=False))
            for i, v in enumerate(plan.scale.values)
        ],
    )
    yield (
        "periods",
        spec["periods"].columns,
        [Row(f"periods[{i}]", attrs.asdict(p, recurse=False)) for i, p in enumerate(plan.periods)],
    )
    yield (
        "units",
        spec["units"].columns,
        [Row(f"units[{i}]", attrs.asdict(u, recurse=False)) for i, u in enumerate(plan.units)],
    )
    yield (
        "goal_areas",
        spec["goal_areas"].columns,
        [
            Row(f"goal_areas[{i}]", attrs.asdict(g, recurse=False))
            for i, g in enumerate(plan.goal_areas)
        ],
    )
    yield (
        "sub_goals",
        spec["sub_goals"].columns,
        [
            Row(
                f"goal_areas[{i}].sub_goals[{j}]",
                {"goal_area": g.id, "name": s.name, "prioritised": s.prioritised},
            )
            for i, g in enumerate(plan.goal_areas)
            for j, s in enumerate(g.sub_goals)
        ],
    )
    yield _activities(plan, lang)
    yield (
        "indicators",
        spec["indicators"].columns,
        [
            Row(
                f"indicators[{i}]",
                {
                    **attrs.asdict(ind, recurse=False),
                    "target": ind.target.text if ind.target else "",
                },
            )
            for i, ind in enumerate(plan.indicators)
        ],
    )
    yield "outcomes", spec["outcomes"].columns, list(_outcome_rows(plan))
    yield (
        "internal_control",
        spec["internal_control"].columns,
        [
            Row(f"internal_control[{i}]", attrs.asdict(c, recurse=False))
            for i, c in enumerate(plan.internal_control)
        ],
    )
    yield (
        "economy",
        spec["economy"].columns,
        [Row(f"economy[{i}]", attrs.asdict(e, recurse=False)) for i, e in enumerate(plan.economy)],
    )
    statements = list(_statements(plan))
    yield (
        "statements",
        spec["statements"].columns,
        [
            Row(place, {**attrs.asdict(s, recurse=False), "period": period, "table": table})
            for place, period, table, s in statements
        ],
    )
    yield (
        "statement_columns",
        spec["statement_columns"].columns,
        [
            Row(f"{place}.columns[{j}]", {**attrs.asdict(c), "period": period, "table": table})
            for place, period, table, s in statements
            for j, c in enumerate(s.columns)
        ],
    )
    yield _statement_lines(statements, lang)
    yield (
        "investments",
        spec["investments"].columns,
        [
            Row(f"economy[{i}].investments[{j}]", {**attrs.asdict(inv), "period": e.period})
            for i, e in enumerate(plan.economy)
            for j, inv in enumerate(e.investments)
        ],
    )
    yield (
        "deviations",
        spec["deviations"].columns,
        [
            Row(f"economy[{i}].deviations[{j}]", {**attrs.asdict(d), "period": e.period})
            for i, e in enumerate(plan.economy)
            for j, d in enumerate(e.deviations)
        ],
    )
    yield (
        "key_figures",
        spec["key_figures"].columns,
        [
            Row(f"key_figures[{i}]", attrs.asdict(k, recurse=False))
            for i, k in enumerate(plan.key_figures)
        ],
    )
    yield _key_figure_rows(plan, lang)
    yield (
        "narratives",
        spec["narratives"].columns,
        [
            Row(f"narratives[{i}]", attrs.asdict(n, recurse=False))
            for i, n in enumerate(plan.narratives)
        ],
    )
    yield (
        "chapters",
        spec["chapters"].columns,
        [
            Row(f"chapters[{i}]", attrs.asdict(c, recurse=False))
            for i, c in enumerate(plan.chapters)
        ],
    )
    yield "bullets", spec["bullets"].columns, list(_bullets(plan))


def _plan_rows(plan: Plan, lang: str) -> list[Row]:
    values: dict[str, Any] = {
        **{f.key: getattr(plan, f.key, None) for f in PLAN_FIELDS},
        "scale": plan.scale.id,
    }
    return [
        Row(
            field.key,
            {"key": field.key, "field": field.header(lang), "value": values[field.key]},
            kinds={"value": field.kind},
        )
        for field in PLAN_FIELDS
    ]


def _activities(plan: Plan, lang: str) -> tuple[str, Sequence[Col], list[Row]]:
    periods = period_columns(plan)
    columns = list(SHEETS["activities"].columns)
    for period_id, name in periods:
        columns.append(Col(f"status:{period_id}", f"Status {name}", f"Status {name}", "status"))
        columns.append(Col(f"comment:{period_id}", f"Kommentar {name}", f"Comment {name}", "text"))
    rows: list[Row] = []
    for i, activity in enumerate(plan.activities):
        values: dict[str, Any] = {
            **attrs.asdict(activity, recurse=False),
            "schedule": activity.schedule.text() if activity.schedule else "",
        }
        for period_id, follow_up in activity.follow_ups.items():
            status = follow_up.status
            if status is None and follow_up.comment:
                values[f"status:{period_id}"] = Status("")
            else:
                values[f"status:{period_id}"] = status_text(plan.scale, status, lang)
            values[f"comment:{period_id}"] = follow_up.comment
        rows.append(Row(f"activities[{i}]", values))
    return "activities", columns, rows


def _outcome_rows(plan: Plan) -> Iterable[Row]:
    for i, indicator in enumerate(plan.indicators):
        for period_id, outcome in indicator.outcomes.items():
            place = f"indicators[{i}].outcomes.{period_id}"
            yield Row(
                place,
                {
                    **attrs.asdict(outcome, recurse=False),
                    "indicator": indicator.key,
                    "period": period_id,
                    "category": "",
                },
            )
            for category, value in outcome.values.items():
                if not category:
                    raise PlanError.single(
                        "an outcome's category has no name; the workbook needs one", place=place
                    )
                yield Row(
                    f"{place}.values.{category}",
                    {
                        "indicator": indicator.key,
                        "period": period_id,
                        "category": category,
                        "value": value,
                    },
                )


def _statements(plan: Plan) -> Iterable[tuple[str, str, Table, Statement]]:
    for i, economy in enumerate(plan.economy):
        if economy.income_statement is not None:
            yield (
                f"economy[{i}].income_statement",
                economy.period,
                Table.INCOME_STATEMENT,
                economy.income_statement,
            )
        if economy.budget_by_unit is not None:
            yield (
                f"economy[{i}].budget_by_unit",
                economy.period,
                Table.BUDGET_BY_UNIT,
                economy.budget_by_unit,
            )
    if plan.budget is not None:
        # The plan's own budget belongs to no period: its rows leave the period empty.
        yield "budget", "", Table.PLAN_BUDGET, plan.budget


def _statement_lines(
    statements: Sequence[tuple[str, str, Table, Statement]], lang: str
) -> tuple[str, Sequence[Col], list[Row]]:
    labels: dict[str, str] = {}
    for _, _, _, statement in statements:
        for column in statement.columns:
            labels.setdefault(column.id, column.label)
        for line in statement.lines:
            for column_id in line.values:
                labels.setdefault(column_id, column_id)
    columns = list(SHEETS["statement_lines"].columns)
    columns += [Col(f"value:{cid}", label, label, "decimal") for cid, label in labels.items()]
    rows = [
        Row(
            f"{place}.lines[{j}]",
            {
                "period": period,
                "table": table,
                "label": line.label,
                "kind": line.kind,
                **{f"value:{cid}": value for cid, value in line.values.items()},
            },
        )
        for place, period, table, statement in statements
        for j, line in enumerate(statement.lines)
    ]
    return "statement_lines", columns, rows


def _key_figure_rows(plan: Plan, lang: str) -> tuple[str, Sequence[Col], list[Row]]:
    width = max((len(r.values) for k in plan.key_figures for r in k.rows), default=0)
    columns = list(SHEETS["key_figure_rows"].columns)
    value = word("value", lang)
    columns += [
        Col(f"value:{n}", f"{value} {n}", f"{value} {n}", "decimal") for n in range(1, width + 1)
    ]
    rows = [
        Row(
            f"key_figures[{i}].rows[{j}]",
            {
                "period": figure.period,
                "key_figure": figure.title,
                "group": row.group,
                "label": row.label,
                "count": len(row.values),
                **{f"value:{n}": v for n, v in enumerate(row.values, start=1)},
            },
        )
        for i, figure in enumerate(plan.key_figures)
        for j, row in enumerate(figure.rows)
    ]
    return "key_figure_rows", columns, rows


def _bullets(plan: Plan) -> Iterable[Row]:
    def rows(
        place: str, section: Section, period: str, texts: Sequence[str], key_figure: str = ""
    ) -> Iterable[Row]:
        for j, text in enumerate(texts):
            yield Row(
                f"{place}[{j}]",
                {"section": section, "period": period, "key_figure": key_figure, "text": text},
            )

    for i, e in enumerate(plan.economy):
        yield from rows(f"economy[{i}].actions", Section.ECONOMY_ACTIONS, e.period, e.actions)
        yield from rows(
            f"economy[{i}].uncertainties", Section.ECONOMY_UNCERTAINTIES, e.period, e.uncertainties
        )
        yield from rows(f"economy[{i}].comments", Section.ECONOMY_COMMENTS, e.period, e.comments)
    for i, k in enumerate(plan.key_figures):
        yield from rows(
            f"key_figures[{i}].comments", Section.KEY_FIGURE_COMMENTS, k.period, k.comments, k.title
        )
    for i, n in enumerate(plan.narratives):
        yield from rows(f"narratives[{i}].highlights", Section.HIGHLIGHTS, n.period, n.highlights)
        yield from rows(f"narratives[{i}].upcoming", Section.UPCOMING, n.period, n.upcoming)


def _lines(items: Sequence[str]) -> str:
    for item in items:
        if not item:
            raise cells.CellError("an item is empty; the workbook writes one item per line")
        if "\n" in item or "\r" in item:
            raise cells.CellError(
                f"the item {item!r} contains a line break; the workbook writes one item per line"
            )
    return "\n".join(items)


def _writer(kind: str, lang: str) -> Callable[[Worksheet, int, int, Any], Any]:
    """How a value of a column of ``kind`` goes into a cell."""

    def text(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        return cells.put_text(ws, r, c, v or "")

    def lines(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        return cells.put_text(ws, r, c, _lines(v or ()))

    def integer(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        return cells.put_int(ws, r, c, v, "0" if kind == "year" else "#,##0")

    def decimal(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        return cells.put_decimal(ws, r, c, v)

    def date(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        return cells.put_date(ws, r, c, v)

    def boolean(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        shown = "" if v is None else word("yes" if v else "no", lang)
        return cells.put_text(ws, r, c, shown)

    def member(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        shown = enum_label(v, lang) if isinstance(v, enum.Enum) else ""
        return cells.put_text(ws, r, c, shown)

    def status(ws: Worksheet, r: int, c: int, v: Any) -> Any:
        return None if v is None else cells.put_text(ws, r, c, v.text)

    writers: dict[str, Callable[[Worksheet, int, int, Any], Any]] = {
        "text": text,
        "lines": lines,
        "int": integer,
        "year": integer,
        "decimal": decimal,
        "date": date,
        "bool": boolean,
        "enum": member,
        "status": status,
    }
    return writers[kind]


def _shown(value: Any, lang: str) -> Any:
    """Roughly what a cell shows, for fitting the column's width."""
    if isinstance(value, Status):
        return value.text
    if isinstance(value, enum.Enum):
        return enum_label(value, lang)
    if isinstance(value, tuple):
        return "\n".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() and abs(value.adjusted()) < 15 else str(value)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    return value


class _CellMaker:
    """Hands the ``cells.put_*`` functions a new write-only cell where they ask ``ws.cell()``."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.ws = ws
        self._make = WriteOnlyCell

    def cell(self, row: int, column: int) -> Cell:
        return self._make(self.ws)


class _Style:
    """An alignment given to many cells.

    openpyxl looks every style it is given up in the workbook's list of styles
    by hashing it, which for a hundred thousand cells takes seconds; a cell
    whose style was already looked up once gets a copy of the result instead
    (how openpyxl itself copies a style from cell to cell).
    """

    def __init__(self, alignment: Any) -> None:
        self.alignment = alignment
        self._known: dict[tuple[int, ...], Any] = {}

    def apply(self, cell: Cell) -> None:
        key = tuple(cell._style) if cell.has_style else ()
        known = self._known.get(key)
        if known is None:
            cell.alignment = self.alignment
            self._known[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(known)


def _lines_needed(
    cells_: Sequence[Cell | None], wraps: Sequence[bool], widths: Sequence[int]
) -> int:
    """How many lines the row's wrapped text needs (the rule of :func:`.book.fit_heights`)."""
    lines = 1
    for cell, wrap, width in zip(cells_, wraps, widths, strict=True):
        if not wrap or cell is None:
            continue
        value = cell.value
        if isinstance(value, str) and value:
            lines = max(lines, lines_needed(value, width))
    return lines


@attrs.define
class _Table:
    """A sheet's cells, made and checked, waiting to be written out."""

    ws: Any
    columns: Sequence[Col]
    keys: list[Cell]
    headers: list[Cell]
    grid: list[list[Cell | None]]
    broken: list[list[bool]]  # per cell: its own text has line breaks
    shown: list[list[Any]]  # per column: roughly what it shows, for its width
    problems: list[Problem]


def _table_cells(ws: Any, columns: Sequence[Col], rows: Sequence[Row], lang: str) -> _Table:
    """The cells of a table (a row of keys, a row of headers, the rows) and its problems."""
    problems: list[Problem] = []
    maker = _CellMaker(ws)
    writers = [_writer(col.kind, lang) for col in columns]
    shown: list[list[Any]] = [[col.header(lang)] for col in columns]
    keys = [cells.put_text(maker, 1, c, col.key) for c, col in enumerate(columns, start=1)]
    headers = [
        cells.put_text(maker, 2, c, col.header(lang)) for c, col in enumerate(columns, start=1)
    ]
    grid: list[list[Cell | None]] = []
    broken: list[list[bool]] = []
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        line: list[Cell | None] = []
        breaks: list[bool] = []
        for c, col in enumerate(columns, start=1):
            value = row.values.get(col.key)
            kind = row.kinds.get(col.key)
            write = writers[c - 1] if kind is None else _writer(kind, lang)
            try:
                cell = write(maker, r, c, value)
            except cells.CellError as exc:
                place = row.place if col.key == "value" else f"{row.place}.{col.key}"
                problems.append(Problem(str(exc), place=place))
                line.append(None)
                breaks.append(False)
                continue
            if cell is not None and cell.value is None:
                cell = None  # an empty cell is not written
            line.append(cell)
            breaks.append(cell is not None and isinstance(cell.value, str) and "\n" in cell.value)
            shown[c - 1].append(_shown(value, lang))
        grid.append(line)
        broken.append(breaks)
    return _Table(ws, columns, keys, headers, grid, broken, shown, problems)


def _stream_table(table: _Table, scale: StatusScale, lang: str) -> None:
    """Write a table's rows to its write-only sheet, with fitted widths and heights.

    Widths and heights go before the rows (a write-only sheet writes them
    first); filters, colour rules and drop-down lists after.
    """
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import DataValidation

    ws, columns = table.ws, table.columns
    # The rules of book.fit_widths and fit_heights, which need cells a write-only sheet
    # does not keep: the widths must be known before the first row is written.
    fitted = [fitted_width(values) for values in table.shown]
    widths = [width for width, _ in fitted]
    wide = [wraps for _, wraps in fitted]
    for c, (col, width) in enumerate(zip(columns, widths, strict=True), start=1):
        dimension = ws.column_dimensions[cells.column_letter(c)]
        dimension.width = width
        if col.hidden:
            dimension.hidden = True
    ws.freeze_panes = "A3"
    ws.row_dimensions[1].hidden = True

    wrap = _Style(Alignment(wrap_text=True, vertical="top"))
    top = _Style(Alignment(vertical="top"))
    bold, background = cells.font(bold=True), cells.fill(HEADER_FILL)
    for c, cell in enumerate(table.keys):
        if wide[c]:
            wrap.apply(cell)
    for cell in table.headers:
        cell.font, cell.fill, cell.alignment = bold, background, wrap.alignment
    ws.append(table.keys)
    ws.append(table.headers)
    grid = table.grid
    for index, (line, breaks) in enumerate(zip(grid, table.broken, strict=True)):
        r = index + FIRST_DATA_ROW
        wraps = [b or w for b, w in zip(breaks, wide, strict=True)]
        lines = _lines_needed(line, wraps, widths)
        if lines > 1:
            ws.row_dimensions[r].height = row_height(lines)
        for cell, wrapped in zip(line, wraps, strict=True):
            if cell is None:
                continue
            if wrapped:
                wrap.apply(cell)
            elif lines > 1:
                # A tall row reads from the top; bottom-aligned short cells look misplaced.
                top.apply(cell)
        ws.append(line)
        grid[index] = []  # written: let it go

    last_row = max(FIRST_DATA_ROW - 1 + len(grid), 2)
    last_column = cells.column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A2:{last_column}{last_row}"
    statuses = [c for c, col in enumerate(columns, start=1) if col.kind == "status"]
    shown_statuses = [status_text(scale, v.id, lang) for v in scale.values]
    for c in statuses:
        letter = cells.column_letter(c)
        cells.colour_statuses(
            ws,
            f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, FIRST_DATA_ROW)}",
            [(s.text, s.colour) for s in shown_statuses],
        )
    labels = [s.text for s in shown_statuses] + [NO_STATUS]
    inline = '"' + ",".join(labels) + '"'
    if statuses and len(inline) <= 255 and not any("," in t or '"' in t for t in labels):
        validation = DataValidation(type="list", formula1=inline, allow_blank=True)
        validation.showErrorMessage = False
        ws.data_validations.append(validation)
        for c in statuses:
            letter = cells.column_letter(c)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, 200)}")


def _meta(workbook: Workbook, names: dict[str, str], lang: str) -> None:
    ws = workbook.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    maker = _CellMaker(ws)
    rows = [("format", FORMAT), ("version", str(VERSION)), ("lang", lang)]
    rows += [(f"sheet:{key}", name) for key, name in names.items()]
    for r, (key, value) in enumerate(rows, start=1):
        ws.append([cells.put_text(maker, r, 1, key), cells.put_text(maker, r, 2, value)])
