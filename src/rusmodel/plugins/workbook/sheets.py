"""Which sheet of a full workbook holds which table, and refusing a workbook that lacks one.

The full exporter writes every sheet of :data:`.layout.SHEETS`, even an empty
one, so a sheet that cannot be found was renamed or deleted: read as empty, its
activities, outcomes or checks would silently drop out of the plan. A sheet is
found, in this order,

1. by the name the hidden sheet ``rusmodel`` records for it;
2. by its Swedish or English name (``Aktiviteter``, ``Activities``);
3. by its header row, among the sheets not found so far: the row of machine
   keys (``id``, ``title``, ``schedule``) or, where that row was deleted too,
   the headers a person reads, in either language. A sheet renamed to
   ``Blad1`` is read as before.

A sheet found in none of these ways is a problem naming the sheet and the
file; the workbook is refused rather than read without it. The exception is a
sheet added to the format after the workbook was made (its hidden sheet does
not name it): such a workbook never had it, and the table reads as empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from rusmodel import PlanError, Problem
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.layout import FORMAT, META_SHEET, SHEETS, VERSION, SheetSpec
from rusmodel.plugins.workbook.values import Book, Sheet, normalise

__all__ = ["sheet_names"]

_SCAN = 10  # the header rows are the first two; a few rows inserted above them are allowed
_LEAST_SHARED = 0.5  # of a table's columns a row must name to be its header row
_DYNAMIC = ("status:", "comment:", "value:")
_DYNAMIC_HEADERS = ("status ", "kommentar ", "comment ", "värde ", "value ")


def sheet_names(book: Book) -> dict[str, str]:
    """Each table's key (``activities``) to the name of the sheet holding it.

    Raises :class:`PlanError` when the workbook is not a full plan workbook, or
    is one that lacks a sheet (one problem per missing sheet).
    """
    recorded = _recorded(book)
    names = {key: name for key, name in recorded.items() if book.get(name) is not None}
    for key, spec in SHEETS.items():
        if key not in names:
            for name in (spec.sv, spec.en):
                if book.get(name) is not None and name not in names.values():
                    names[key] = name
                    break
    names.update(_by_headers(book, [k for k in SHEETS if k not in names], set(names.values())))
    if "plan" not in names and book.get(META_SHEET) is None:
        raise PlanError.single(
            "this is not a plan workbook: it has no sheet Plan (nor the hidden sheet "
            f"{META_SHEET!r} naming its sheets)",
            file=book.file,
        )
    # A workbook whose hidden sheet names its sheets was made with exactly those: a sheet
    # added to the format since (Kapitel) is absent from it, not deleted, and reads as empty.
    missing = [key for key in SHEETS if key not in names and (not recorded or key in recorded)]
    if missing:
        raise PlanError(_missing(SHEETS[key], recorded.get(key), book.file) for key in missing)
    return names


def _missing(spec: SheetSpec, name: str | None, file: str) -> Problem:
    name = name or spec.sv
    other = spec.en if name == spec.sv else spec.sv
    return Problem(
        f"the sheet {name!r} ({other}) is missing: no sheet has that name or its header row, "
        "and reading the workbook without it would lose its rows; undo the deletion or the "
        "renaming of the sheet",
        place=name,
        file=file,
    )


def _recorded(book: Book) -> dict[str, str]:
    """The sheet names the hidden sheet records (whether the sheets are there or not)."""
    meta = book.get(META_SHEET)
    if meta is None:
        return {}
    pairs = {
        cells.read_text(meta.value(r, 1)): cells.read_text(meta.value(r, 2))
        for r in range(1, meta.height + 1)
    }
    if pairs.get("format") not in (None, "", FORMAT):
        raise PlanError.single(
            f"this is not a full plan workbook (it is a {pairs['format']!r}); "
            "a collection workbook is read with `rusmodel collect`",
            file=book.file,
        )
    version = pairs.get("version", "")
    if version and version != str(VERSION):
        raise PlanError.single(
            f"the workbook is of format version {version}; this rusmodel reads version {VERSION}",
            file=book.file,
        )
    return {
        key.removeprefix("sheet:"): value
        for key, value in pairs.items()
        if key.startswith("sheet:") and key.removeprefix("sheet:") in SHEETS and value
    }


def _by_headers(book: Book, wanted: Sequence[str], taken: set[str]) -> dict[str, str]:
    """The tables of ``wanted`` found by their header rows among the sheets not ``taken``.

    The best matches of a table and a sheet are taken first, so that a sheet
    holds one table at most.
    """
    if not wanted:
        return {}
    sheets = [s for s in book if s.name not in taken and s.name != META_SHEET]
    scored = sorted(
        (score, -order, key, sheet.name)
        for order, sheet in enumerate(sheets)
        for key in wanted
        if (score := _score(sheet, SHEETS[key])) is not None
    )
    found: dict[str, str] = {}
    for _, _, key, name in reversed(scored):
        if key not in found and name not in found.values():
            found[key] = name
    return found


def _score(sheet: Sheet, spec: SheetSpec) -> tuple[float, float] | None:
    """How well the best of ``sheet``'s first rows names ``spec``'s columns; ``None``: not at all.

    A row matches when it names every required column and at least half of
    all; it scores by the share of the table's columns it names, then by the
    share of its own cells that name one (a row naming columns of another
    table as well matches less well). The row of machine keys is looked at as
    much as the headers in either language, since either may have been deleted.
    """
    keys = {c.key: c.key for c in spec.columns}
    headers = {normalise(text): c.key for c in spec.columns for text in (c.sv, c.en)}
    required = {c.key for c in spec.columns if c.required}
    best: tuple[float, float] | None = None
    for row in range(1, min(_SCAN, sheet.height) + 1):
        values = [v for v in sheet.row(row) if isinstance(v, str) and v.strip()]
        for names, read in ((keys, str), (headers, normalise)):
            found = {names[read(v)] for v in values if read(v) in names}
            if not found or not required <= found or len(found) < _LEAST_SHARED * len(keys):
                continue
            # Period columns (status:2023-d2, "Status Delår 2 2023") name no column of the
            # table's own; they count neither for nor against it.
            own = [v for v in values if not _dynamic(v)]
            score = (len(found) / len(keys), len(found) / max(len(own), 1))
            best = score if best is None else max(best, score)
    return best


def _dynamic(value: str) -> bool:
    folded = normalise(value)
    return folded.startswith(_DYNAMIC) or folded.startswith(_DYNAMIC_HEADERS)
