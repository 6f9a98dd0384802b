"""Reading a workbook's values fast, through python-calamine, after the safety checks.

python-calamine reads 100 000 rows in about a second where openpyxl takes
seventeen; it gives plain values (``''`` for an empty cell). Sheets are read
from cell A1, so a row and column here are the ones Excel shows, and every
problem can name its cell (``Välmående!D7``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from rusmodel import PlanError
from rusmodel.plugins.workbook.cells import sheet_ref
from rusmodel.plugins.workbook.safety import check_workbook

__all__ = ["Book", "Sheet", "find_header", "normalise", "open_book"]


@attrs.frozen
class Sheet:
    """One sheet's values; rows and columns count from 1 as in Excel."""

    name: str
    rows: Sequence[Sequence[object]]
    hidden: bool = False

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
    readable ``.xlsx`` workbook.
    """
    check_workbook(path)
    import python_calamine

    file = str(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            sheets: dict[str, Sheet] = {}
            for meta in workbook.sheets_metadata:
                if meta.typ is not python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                hidden = meta.visible is not python_calamine.SheetVisibleEnum.Visible
                sheets[meta.name] = Sheet(name=meta.name, rows=rows, hidden=hidden)
        finally:
            workbook.close()
    except python_calamine.PasswordError:
        raise PlanError.single(
            "the workbook is password-protected; save it without a password", file=file
        ) from None
    except python_calamine.CalamineError as exc:
        message = " ".join(str(exc).split())
        raise PlanError.single(f"the workbook cannot be read: {message}", file=file) from None
    return Book(file=file, sheets=sheets)


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
