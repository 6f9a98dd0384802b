"""Cells whose value cannot be trusted, and finding them in the XML of a workbook's sheets.

Some cells show one thing in Excel and read as another, so each sheet read
(:class:`.values.Sheet`) also knows where they are, for the readers to refuse:

- merged cells: only the first cell of a merged range keeps a value, so a
  status merged over two rows belongs to the first row only and the second
  row's own value is gone;
- formulas without a saved result: Excel and LibreOffice save the result of
  every formula with it, but a file written by another program may hold only
  the formula, which every reader sees as an empty cell. A formula with a
  saved result is read as that result, the value the person saw;
- error values (``#N/A``, ``#VALUE!``, ``#REF!``, ``#DIV/0!`` …): the result
  of a formula that failed, or typed as such; python-calamine reads them as
  empty cells, so an answer the person saw as ``#N/A`` would be read as no
  answer at all.

Text holding a control character (U+0007, a NUL) is refused as well, as it
is in every kind of plan file (:mod:`rusmodel.characters`).

python-calamine reports merged ranges itself but neither formulas without a
result nor error values, so those are found here, in the sheet parts' XML
(:func:`find_doubtful_cells`), for the sheets :mod:`.safety` saw them in.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from rusmodel.plugins.workbook.cells import column_number
from rusmodel.plugins.workbook.safety import ERROR_TYPES, FORMULA_TAG, XML_PREFIX

__all__ = ["Doubt", "DoubtfulCells", "find_doubtful_cells"]


@attrs.frozen
class Doubt:
    """A cell whose value cannot be trusted: merged with others, a formula without a result,
    or an error value.

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
    error: str = ""
    """The error value the cell shows (``#N/A``); ``formula`` is the one giving it, if any."""
    control: str = ""
    """The first control character the cell's text holds (see :mod:`rusmodel.characters`)."""
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
        if self.control:
            return (
                f"the cell holds the control character U+{ord(self.control):04X}, which no "
                "document can show; delete it (it often comes with text pasted from another "
                "program)"
            )
        if self.error and self.formula:
            return (
                f"the cell shows the error {self.error} of its formula ={self.formula_shown}, "
                "so it holds no value; correct the formula or type the value itself"
            )
        if self.error:
            return f"the cell holds the error value {self.error}; type the value itself"
        return (
            f"the cell holds the formula ={self.formula_shown} and no saved result, so it reads "
            "as empty; type the value itself"
        )


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@attrs.frozen
class DoubtfulCells:
    """One sheet's doubtful cells, by (row, column)."""

    formulas: dict[tuple[int, int], str]
    """Formulas without a saved result: the formula's text."""
    errors: dict[tuple[int, int], tuple[str, str]]
    """Error values: the error and the formula that gave it (``''`` for none)."""

    def __bool__(self) -> bool:
        return bool(self.formulas or self.errors)


def find_doubtful_cells(path: Path, parts: Collection[str]) -> dict[str, DoubtfulCells]:
    """Per sheet name, the cells of ``parts`` with a formula and no saved result, or an error.

    The workbook has passed :func:`.safety.check_workbook`, so its parts are
    bounded in size and declare no DTD; defusedxml parses them all the same,
    element by element, so that memory stays small whatever a part holds.
    """
    from defusedxml.ElementTree import iterparse

    found: dict[str, DoubtfulCells] = {}
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
                    cells = _scan_doubtful(stream)
                if cells is None:  # a doubtful cell without its reference: parse it all
                    with archive.open(part) as stream:
                        cells = _doubtful(stream, iterparse)
                if cells:
                    found[name] = cells
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        # A part that does not parse (ParseError is a SyntaxError) is reported by
        # python-calamine, in its own words, when it reads the same file next.
        pass
    return found


_SHEET_DATA = re.compile(rb"<(" + XML_PREFIX + rb")sheetData[\s>/]")
_CELL_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,9})"')
# A cell's type attribute saying it holds an error value, as every program writes it (the
# same words are looked for by .safety, which notes the sheets that hold any).
_ERROR_TYPE = re.compile(rb"""\st=["']e["']""")
_SCAN_CHUNK = 4 << 20
_MAX_CARRY = 64 << 20


def _scan_doubtful(stream: IO[bytes]) -> DoubtfulCells | None:
    """:func:`_doubtful` by looking only at the cells around each ``<f`` and ``t="e"``.

    A sheet of 100 000 rows is some 130 MB of XML, which an XML parser takes
    seconds to walk; formulas and errors are few, so the text is searched for
    them and only their cells are read. ``None`` when such a cell has no ``r``
    reference, which only a parse can place.
    """
    found = DoubtfulCells({}, {})
    carry = b""
    prefix: bytes | None = None
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        data = carry + chunk
        if prefix is None:
            match = _SHEET_DATA.search(data)
            prefix = match.group(1) if match else None
        end_tag = b"</" + (prefix or b"") + b"c>"
        # Up to the last cell's end the cells are whole; the rest waits for the next chunk.
        cut = data.rfind(end_tag) + len(end_tag) if chunk else len(data)
        if chunk and (cut < len(end_tag) or len(data) > _MAX_CARRY):
            cut = len(data) if len(data) > _MAX_CARRY else 0
        region, carry = data[:cut], data[cut:]
        seen: set[int] = set()
        marks: list[tuple[int, bytes | None]] = [
            (m.start(), m.group(1)) for m in FORMULA_TAG.finditer(region)
        ]
        marks += [(at, None) for word in ERROR_TYPES for at in _finds(region, word)]
        for at, tag in sorted(marks, key=lambda mark: mark[0]):
            cell_tag = tag if tag is not None else _cell_prefix(region, at)
            if cell_tag is None:
                continue
            start = max(
                region.rfind(b"<" + cell_tag + b"c ", 0, at),
                region.rfind(b"<" + cell_tag + b"c>", 0, at),
            )
            stop = region.find(b"</" + cell_tag + b"c>", at)
            if start < 0 or stop < 0 or start in seen:
                continue
            seen.add(start)
            cell = region[start:stop]
            head = cell[: max(cell.find(b">"), 0)]
            if tag is None and _ERROR_TYPE.search(head) is None:
                continue  # t="e" in a cell's text, not its start tag
            reference = _CELL_REFERENCE.search(head)
            if reference is None:
                return None
            place = (int(reference.group(2)), _column_of(reference.group(1).decode(), 0))
            _note(found, place, head, cell, cell_tag)
        if not chunk:
            return found


def _finds(text: bytes, word: bytes) -> Iterator[int]:
    """Every place ``word`` is found in ``text`` (``bytes.find``: C speed on 100 MB)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _cell_prefix(region: bytes, at: int) -> bytes | None:
    """The prefix (``b""``, ``b"x:"``) of the cell start tag that ``at`` lies in, if any."""
    open_at = region.rfind(b"<", 0, at)
    if open_at < 0 or region.find(b">", open_at, at) >= 0:
        return None
    name = re.match(rb"<(" + XML_PREFIX + rb")c\s", region[open_at : at + 1])
    return name.group(1) if name else None


def _note(
    found: DoubtfulCells, place: tuple[int, int], head: bytes, cell: bytes, tag: bytes
) -> None:
    """Note the cell at ``place`` if it holds an error or a formula without a saved result."""
    has_formula = _element_start(cell, tag + b"f") >= 0
    formula = (_element_text(cell, tag + b"f") or "…") if has_formula else ""
    value = _element_text(cell, tag + b"v").strip()
    if _ERROR_TYPE.search(head) is not None:
        found.errors[place] = (value or "#N/A", formula)
    elif has_formula and not value:
        found.formulas[place] = formula


def _element_start(cell: bytes, tag: bytes) -> int:
    """Where the element ``<tag>`` starts in a cell's XML (not ``<tagx>``); -1 if nowhere."""
    at = cell.find(b"<" + tag)
    while at >= 0 and cell[at + 1 + len(tag) : at + 2 + len(tag)] not in (b">", b" ", b"/"):
        at = cell.find(b"<" + tag, at + 1)
    return at


def _element_text(cell: bytes, tag: bytes) -> str:
    """The text of the first ``<tag>`` in a cell's XML, entities decoded; ``''`` if none."""
    import html

    at = _element_start(cell, tag)
    if at < 0:
        return ""
    close = cell.find(b">", at)
    if close < 0 or cell[close - 1 : close] == b"/":
        return ""
    end = cell.find(b"</" + tag, close)
    text = cell[close + 1 : end if end >= 0 else len(cell)].decode("utf-8", "replace")
    # XML's five entities and character references (&#246;); html's list holds them all.
    return html.unescape(text)


def _doubtful(
    stream: IO[bytes], iterparse: Callable[..., Iterator[tuple[str, Any]]]
) -> DoubtfulCells:
    """The cells of one sheet part with a formula (``<f>``) and no result (``<v>``), or an error."""
    found = DoubtfulCells({}, {})
    row = column = 0
    formula: str | None = None
    value = ""
    error = False
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
                error = element.get("t") == "e"
            elif tag == f"{_MAIN}sheetData":
                rows = element
            continue
        if tag == f"{_MAIN}f":
            # A cell sharing another's formula holds none of its own text.
            formula = element.text or "…"
        elif tag == f"{_MAIN}v":
            value = (element.text or "").strip()
        elif tag == f"{_MAIN}c":
            if error:
                found.errors[(row, column)] = (value or "#N/A", formula or "")
            elif formula is not None and not value:
                found.formulas[(row, column)] = formula
        elif tag == f"{_MAIN}row" and rows is not None:
            rows.clear()  # the rows read so far are done with: keep memory flat
    return found


def _column_of(reference: str | None, default: int) -> int:
    letters = "".join(ch for ch in reference or "" if ch.isalpha())
    return column_number(letters) if letters else default
