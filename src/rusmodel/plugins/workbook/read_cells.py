"""Finding a sheet's columns and reading its cells as typed values, for the full workbook's reader.

A sheet's columns are found by the machine key in its hidden first row, or by
their Swedish or English header where that row is gone (someone deleted it);
rows may be sorted, columns moved and unknown columns added. A cell that
cannot be read is a problem naming it (``Aktiviteter!H7``); the reader
collects every problem so that all are reported at once.
"""

from __future__ import annotations

import enum
import functools
import operator
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from rusmodel import Problem
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.layout import ENUM_LABELS, SHEETS, Col
from rusmodel.plugins.workbook.sheets import sheet_names
from rusmodel.plugins.workbook.values import Book, Sheet, normalise

__all__ = ["Line", "Picker", "Reader", "given", "split_lines"]

# Columns a sheet has one of per period or per column of values: known by their prefix.
_DYNAMIC = ("status:", "comment:", "value:")


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


class Reader:
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


class Picker:
    """Picks given columns' cells from each row of a sheet as text, as :meth:`Reader.text` reads.

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


def split_lines(text: str, seen: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A cell of several lines (kind ``lines``) as its lines, each distinct text split once."""
    if not text:
        return ()
    found = seen.get(text)
    if found is None:
        found = seen[text] = tuple(text.split("\n"))
    return found


def given(**values: Any) -> dict[str, Any]:
    """Only the values given, so the model's defaults apply to empty cells."""
    return {k: v for k, v in values.items() if v is not None}
