"""Reading a workbook's values fast, through python-calamine, after the safety checks.

python-calamine reads 100 000 rows in about a second where openpyxl takes
seventeen; it gives plain values (``''`` for an empty cell). Sheets are read
from cell A1, so a row and column here are the ones Excel shows, and every
problem can name its cell (``Välmående!D7``).

Some cells show one thing in Excel and read as another (merged cells,
formulas without a saved result, error values, text holding a control
character), so each sheet also knows where they are (:meth:`Sheet.doubts`),
for the readers to refuse; what they are and how they are found is
:mod:`.doubtful_cells`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from rusmodel import PlanError
from rusmodel.characters import CONTROL
from rusmodel.plugins.workbook import isolated
from rusmodel.plugins.workbook.cells import a1, sheet_ref
from rusmodel.plugins.workbook.doubtful_cells import Doubt, DoubtfulCells, find_doubtful_cells
from rusmodel.plugins.workbook.isolated import RawSheet
from rusmodel.plugins.workbook.safety import check_workbook

# Doubt is defined in .doubtful_cells; it stays importable from here, where the readers
# have always taken it with Sheet and Book.
__all__ = ["Book", "Doubt", "Sheet", "find_header", "normalise", "open_book", "read_sheets"]


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
    errors: Mapping[tuple[int, int], tuple[str, str]] = attrs.field(factory=dict)
    """Cells (row, column) showing an error value: the error (``#N/A``), its formula or ``''``."""

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

    def _controls(self, first_row: int, columns: Collection[int]) -> list[Doubt]:
        """The cells from ``first_row`` down in ``columns`` whose text holds a control character."""
        rows = self.rows[max(first_row - 1, 0) :]
        # Searched all at once first: a sheet may hold a million texts, and nearly none has one.
        if not any(map(CONTROL.search, [v for cells in rows for v in cells if type(v) is str])):
            return []
        found = []
        ordered = sorted(columns)
        for row, cells in enumerate(rows, start=max(first_row, 1)):
            for column in ordered:
                value = cells[column - 1] if column <= len(cells) else ""
                match = CONTROL.search(value) if isinstance(value, str) else None
                if match is not None:
                    place = self.ref(row, column)
                    found.append(Doubt(place, row, column, control=match.group()))
        return found

    def doubts(self, first_row: int, columns: Collection[int]) -> list[Doubt]:
        """The merged ranges, result-less formulas, error values and texts holding a control
        character from ``first_row`` down in ``columns``.

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
        for (row, column), (error, formula) in self.errors.items():
            if row >= first_row and column in columns:
                place = self.ref(row, column)
                found.append(Doubt(place, row, column, formula=formula, error=error))
        found += self._controls(first_row, columns)
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
    found = find_doubtful_cells(path, formula_parts) if formula_parts else {}
    nothing = DoubtfulCells({}, {})
    sheets = {
        name: Sheet(
            name=name,
            rows=rows,
            hidden=hidden,
            merged=merged,
            formulas=found.get(name, nothing).formulas,
            errors=found.get(name, nothing).errors,
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
