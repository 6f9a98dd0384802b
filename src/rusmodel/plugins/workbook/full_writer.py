"""Writing the rows of the full workbook into its sheets: the cells, their look and the sheet.

Each sheet is a table: a hidden row of machine keys (what the reader finds the
columns by), a row of headers, then the rows. Every cell of every sheet is
made and checked before the first sheet is written, so a plan that cannot be
kept is refused with every problem and no half-written file. The sheets are
write-only (streamed to the file as they are written), so the column widths
and row heights are fitted from the values before the rows go out.
"""

from __future__ import annotations

import contextlib
import copy
import enum
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from rusmodel import Problem, StatusScale
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import (
    HEADER_FILL,
    fitted_width,
    lines_needed,
    new_workbook,
    row_height,
)
from rusmodel.plugins.workbook.layout import (
    FORMAT,
    META_SHEET,
    NO_STATUS,
    VERSION,
    Col,
    enum_label,
    word,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FIRST_DATA_ROW",
    "Row",
    "SheetCells",
    "Status",
    "discard",
    "sheet_cells",
    "status_text",
    "stream_sheet",
    "write_meta",
    "write_only_workbook",
]

# Row 1 holds the hidden machine keys the reader finds the columns by, row 2 the headers.
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


def write_only_workbook(title: str) -> Workbook:
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


def discard(workbook: Workbook) -> None:
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
class SheetCells:
    """A sheet's cells, made and checked, waiting to be written out."""

    ws: Any
    columns: Sequence[Col]
    keys: list[Cell]
    headers: list[Cell]
    grid: list[list[Cell | None]]
    broken: list[list[bool]]  # per cell: its own text has line breaks
    shown: list[list[Any]]  # per column: roughly what it shows, for its width
    problems: list[Problem]


def sheet_cells(ws: Any, columns: Sequence[Col], rows: Sequence[Row], lang: str) -> SheetCells:
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
    return SheetCells(ws, columns, keys, headers, grid, broken, shown, problems)


def stream_sheet(table: SheetCells, scale: StatusScale, lang: str) -> None:
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


def write_meta(workbook: Workbook, names: dict[str, str], lang: str) -> None:
    """Add the hidden sheet naming the format, its version, the language and each sheet's name."""
    ws = workbook.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    maker = _CellMaker(ws)
    rows = [("format", FORMAT), ("version", str(VERSION)), ("lang", lang)]
    rows += [(f"sheet:{key}", name) for key, name in names.items()]
    for r, (key, value) in enumerate(rows, start=1):
        ws.append([cells.put_text(maker, r, 1, key), cells.put_text(maker, r, 2, value)])
