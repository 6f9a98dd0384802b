"""Reading a workbook's values fast, through python-calamine, after the safety checks.

python-calamine reads 100 000 rows in about a second where openpyxl takes
seventeen; it gives plain values (``''`` for an empty cell). Sheets are read
from cell A1, so a row and column here are the ones Excel shows, and every
problem can name its cell (``Välmående!D7``).

Two kinds of cell show one thing in Excel and read as another, so each sheet
also knows where they are (:meth:`Sheet.doubts`), for the readers to refuse:

- merged cells: only the first cell of a merged range keeps a value, so a
  status merged over two rows belongs to the first row only and the second
  row's own value is gone;
- formulas without a saved result: Excel and LibreOffice save the result of
  every formula with it, but a file written by another program may hold only
  the formula, which every reader sees as an empty cell. A formula with a
  saved result is read as that result, the value the person saw.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from rusmodel import PlanError
from rusmodel.plugins.workbook import isolated
from rusmodel.plugins.workbook.cells import a1, column_number, sheet_ref
from rusmodel.plugins.workbook.isolated import RawSheet
from rusmodel.plugins.workbook.safety import FORMULA_TAG, XML_PREFIX, check_workbook

__all__ = ["Book", "Doubt", "Sheet", "find_header", "normalise", "open_book", "read_sheets"]


@attrs.frozen
class Doubt:
    """A cell whose value cannot be trusted: merged with others, or a formula without a result.

    ``place`` names the cell (``Välmående!I6``); ``span`` is the merged range
    (``I6:I7``) or ``''``; ``formula`` the formula's text or ``''``. The rows
    ``row`` to ``last_row`` are the ones it concerns: every row a merged range
    covers lost its own value or shows another row's.
    """

    place: str
    row: int
    column: int
    span: str = ""
    formula: str = ""
    last_row: int = attrs.field()

    @last_row.default
    def _one_row(self) -> int:
        return self.row

    @property
    def formula_shown(self) -> str:
        """The formula as a message shows it: cut after 60 characters."""
        return self.formula if len(self.formula) <= 60 else self.formula[:60] + "…"

    @property
    def message(self) -> str:
        """What is wrong and what to do, in English."""
        if self.span:
            return (
                f"the cells {self.span} are merged, so only the first keeps its value and "
                "the others' are lost; unmerge them and give each cell its own value"
            )
        return (
            f"the cell holds the formula ={self.formula_shown} and no saved result, so it reads "
            "as empty; type the value itself"
        )


@attrs.frozen
class Sheet:
    """One sheet's values; rows and columns count from 1 as in Excel."""

    name: str
    rows: Sequence[Sequence[object]]
    hidden: bool = False
    merged: tuple[tuple[int, int, int, int], ...] = ()
    """Merged ranges of more than one cell: first row, first column, last row, last column."""
    formulas: Mapping[tuple[int, int], str] = attrs.field(factory=dict)
    """Cells (row, column) holding a formula without a saved result, with the formula's text."""

    @property
    def height(self) -> int:
        return len(self.rows)

    def value(self, row: int, column: int) -> object:
        """The value at a cell; ``''`` outside the used area."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= column <= len(cells):
                return cells[column - 1]
        return ""

    def row(self, row: int) -> Sequence[object]:
        return self.rows[row - 1] if 1 <= row <= len(self.rows) else ()

    def ref(self, row: int, column: int) -> str:
        return sheet_ref(self.name, row, column)

    def is_blank(self, row: int) -> bool:
        return all(v == "" or v is None for v in self.row(row))

    def doubts(self, first_row: int, columns: Collection[int]) -> list[Doubt]:
        """The merged ranges and result-less formulas from ``first_row`` down in ``columns``.

        A merged range is given once, at its first cell inside the area; the
        list is in the order of the cells.
        """
        found: list[Doubt] = []
        for top, left, bottom, right in self.merged:
            inside = sorted(c for c in columns if left <= c <= right)
            if bottom < first_row or not inside:
                continue
            row = max(top, first_row)
            span = f"{a1(top, left)}:{a1(bottom, right)}"
            found.append(Doubt(self.ref(row, inside[0]), row, inside[0], span, last_row=bottom))
        for (row, column), formula in self.formulas.items():
            if row >= first_row and column in columns:
                found.append(Doubt(self.ref(row, column), row, column, formula=formula))
        return sorted(found, key=lambda d: (d.row, d.column))


@attrs.frozen
class Book:
    """A workbook's sheets by name, in the workbook's order."""

    file: str
    sheets: Mapping[str, Sheet]

    def get(self, name: str) -> Sheet | None:
        return self.sheets.get(name)

    def __iter__(self) -> Iterator[Sheet]:
        return iter(self.sheets.values())


def open_book(path: Path) -> Book:
    """Check ``path`` (see :mod:`.safety`) and read every sheet's values.

    Raises :class:`PlanError` naming the file for anything that is not a
    readable ``.xlsx`` workbook. Where it can, the values are read in a child
    process while the file is checked (see :mod:`.isolated`).
    """
    import python_calamine  # noqa: F401 - here, so that a forked child has it already

    if isolated.available():
        formula_parts, raw = isolated.read_checked(path, check_workbook, read_sheets)
    else:
        formula_parts = check_workbook(path)
        raw = list(read_sheets(path))
    formulas = _formula_cells(path, formula_parts) if formula_parts else {}
    sheets = {
        name: Sheet(
            name=name,
            rows=rows,
            hidden=hidden,
            merged=merged,
            formulas=formulas.get(name, {}),
        )
        for name, hidden, merged, rows in raw
    }
    return Book(file=str(path), sheets=sheets)


def read_sheets(path: Path) -> Iterator[RawSheet]:
    """Every worksheet's values, as python-calamine reads them, one sheet at a time.

    Only for a file :func:`.safety.check_workbook` has let through, or in a
    process of its own (:mod:`.isolated`): python-calamine ends the process on
    some files.
    """
    import python_calamine

    file = str(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(file)
        try:
            for meta in workbook.sheets_metadata:
                if meta.typ is not python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                hidden = meta.visible is not python_calamine.SheetVisibleEnum.Visible
                merged = tuple(
                    (top + 1, left + 1, bottom + 1, right + 1)
                    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ()
                    if (top, left) != (bottom, right)
                )
                yield meta.name, hidden, merged, rows
        finally:
            workbook.close()
    except python_calamine.PasswordError:
        raise PlanError.single(
            "the workbook is password-protected; save it without a password", file=file
        ) from None
    except python_calamine.CalamineError as exc:
        message = " ".join(str(exc).split())
        raise PlanError.single(f"the workbook cannot be read: {message}", file=file) from None


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _formula_cells(path: Path, parts: Collection[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells of ``parts`` that hold a formula and no saved result.

    The workbook has passed :func:`.safety.check_workbook`, so its parts are
    bounded in size and declare no DTD; defusedxml parses them all the same,
    element by element, so that memory stays small whatever a part holds.
    """
    from defusedxml.ElementTree import iterparse

    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = {info.filename.lower(): info.filename for info in archive.infolist()}
            rels = names.get("xl/_rels/workbook.xml.rels")
            if rels is None:
                return found
            targets: dict[str, str] = {}
            for _, rel in iterparse(archive.open(rels)):
                if rel.tag == f"{_RELS}Relationship":
                    target = rel.get("Target", "")
                    target = target.lstrip("/") if target.startswith("/") else "xl/" + target
                    targets[rel.get("Id", "")] = posixpath.normpath(target).lower()
                rel.clear()
            wanted = {part.lower() for part in parts}
            sheets: list[tuple[str, str]] = []
            for _, sheet in iterparse(archive.open(names["xl/workbook.xml"])):
                if sheet.tag == f"{_MAIN}sheet":
                    part = targets.get(sheet.get(_REL_ID, ""), "")
                    if part in wanted and part in names:
                        sheets.append((sheet.get("name", ""), names[part]))
                sheet.clear()
            for name, part in sheets:
                with archive.open(part) as stream:
                    cells = _scan_uncalculated(stream)
                if cells is None:  # a formula cell without its reference: parse it all
                    with archive.open(part) as stream:
                        cells = _uncalculated(stream, iterparse)
                if cells:
                    found[name] = cells
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        # A part that does not parse (ParseError is a SyntaxError) is reported by
        # python-calamine, in its own words, when it reads the same file next.
        pass
    return found


_SHEET_DATA = re.compile(rb"<(" + XML_PREFIX + rb")sheetData[\s>/]")
_CELL_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,9})"')
_SCAN_CHUNK = 4 << 20
_MAX_CARRY = 64 << 20


def _scan_uncalculated(stream: IO[bytes]) -> dict[tuple[int, int], str] | None:
    """:func:`_uncalculated` by looking only at the cells around each ``<f``.

    A sheet of 100 000 rows is some 130 MB of XML, which an XML parser takes
    seconds to walk; formulas are few, so the text is searched for them and
    only their cells are read. ``None`` when a formula's cell has no ``r``
    reference, which only a parse can place.
    """
    cells: dict[tuple[int, int], str] = {}
    carry = b""
    prefix: bytes | None = None
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        data = carry + chunk
        if prefix is None:
            found = _SHEET_DATA.search(data)
            prefix = found.group(1) if found else None
        end_tag = b"</" + (prefix or b"") + b"c>"
        # Up to the last cell's end the cells are whole; the rest waits for the next chunk.
        cut = data.rfind(end_tag) + len(end_tag) if chunk else len(data)
        if chunk and (cut < len(end_tag) or len(data) > _MAX_CARRY):
            cut = len(data) if len(data) > _MAX_CARRY else 0
        region, carry = data[:cut], data[cut:]
        for match in FORMULA_TAG.finditer(region):
            tag = match.group(1)
            at = match.start()
            start = max(
                region.rfind(b"<" + tag + b"c ", 0, at), region.rfind(b"<" + tag + b"c>", 0, at)
            )
            stop = region.find(b"</" + tag + b"c>", at)
            if start < 0 or stop < 0:
                continue
            cell = region[start:stop]
            reference = _CELL_REFERENCE.search(cell, 0, max(cell.find(b">"), 0))
            if reference is None:
                return None
            if _has_value(cell, tag):
                continue
            formula = _element_text(cell, tag + b"f") or "…"
            row = int(reference.group(2))
            cells[(row, _column_of(reference.group(1).decode(), 0))] = formula
        if not chunk:
            return cells


def _has_value(cell: bytes, prefix: bytes) -> bool:
    return bool(_element_text(cell, prefix + b"v").strip())


def _element_text(cell: bytes, tag: bytes) -> str:
    """The text of the first ``<tag>`` in a cell's XML, entities decoded; ``''`` if none."""
    import html

    at = cell.find(b"<" + tag)
    while at >= 0 and cell[at + 1 + len(tag) : at + 2 + len(tag)] not in (b">", b" ", b"/"):
        at = cell.find(b"<" + tag, at + 1)
    if at < 0:
        return ""
    close = cell.find(b">", at)
    if close < 0 or cell[close - 1 : close] == b"/":
        return ""
    end = cell.find(b"</" + tag, close)
    text = cell[close + 1 : end if end >= 0 else len(cell)].decode("utf-8", "replace")
    # XML's five entities and character references (&#246;); html's list holds them all.
    return html.unescape(text)


def _uncalculated(
    stream: IO[bytes], iterparse: Callable[..., Iterator[tuple[str, Any]]]
) -> dict[tuple[int, int], str]:
    """The cells of one sheet part with a formula (``<f>``) and no result (``<v>``)."""
    cells: dict[tuple[int, int], str] = {}
    row = column = 0
    formula: str | None = None
    value = ""
    rows: Any = None
    for event, element in iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_MAIN}row":
                row = int(element.get("r") or row + 1)
                column = 0
            elif tag == f"{_MAIN}c":
                column = _column_of(element.get("r"), column + 1)
                formula, value = None, ""
            elif tag == f"{_MAIN}sheetData":
                rows = element
            continue
        if tag == f"{_MAIN}f":
            # A cell sharing another's formula holds none of its own text.
            formula = element.text or "…"
        elif tag == f"{_MAIN}v":
            value = element.text or ""
        elif tag == f"{_MAIN}c":
            if formula is not None and not value:
                cells[(row, column)] = formula
        elif tag == f"{_MAIN}row" and rows is not None:
            rows.clear()  # the rows read so far are done with: keep memory flat
    return cells


def _column_of(reference: str | None, default: int) -> int:
    letters = "".join(ch for ch in reference or "" if ch.isalpha())
    return column_number(letters) if letters else default


def normalise(text: object) -> str:
    """A header or label as compared: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


def find_header(
    sheet: Sheet, wanted: Mapping[str, str], *, need: int = 1, scan: int = 30
) -> tuple[int, dict[str, int]] | None:
    """Find the header row among the first ``scan`` rows: the row naming most wanted columns.

    ``wanted`` maps a column's key to the header text it is looked up by
    (compared with :func:`normalise`). Returns the row and each found key's
    column, or ``None`` when no row names at least ``need`` of them. A column
    named twice is taken at its first place.
    """
    lookup: dict[str, list[str]] = {}
    for key, header in wanted.items():
        lookup.setdefault(normalise(header), []).append(key)
    best: tuple[int, dict[str, int]] | None = None
    for row in range(1, min(scan, sheet.height) + 1):
        found: dict[str, int] = {}
        for column, value in enumerate(sheet.row(row), start=1):
            if not isinstance(value, str):
                continue
            for key in lookup.get(normalise(value), ()):
                found.setdefault(key, column)
        if len(found) >= need and (best is None or len(found) > len(best[1])):
            best = (row, found)
    return best
