"""Opening workbooks that come from elsewhere without trusting them.

A returned collection workbook has been on other people's computers, so it is
checked before any spreadsheet reader sees it, in time and memory bounded by
the limits below. The checks every Office package gets are
:func:`rusmodel.packages.check_package`'s: a regular file, a zip file holding
``xl/workbook.xml`` (an OpenDocument file, a Word file, a password-protected
workbook or an old ``.xls`` are named as such), no macros (``.xlsm``), at
most :data:`MAX_UNPACKED_BYTES` unpacked, counted by unpacking, and no DTD in
any XML part. As the parts are unpacked, this module's scanner also checks
what the spreadsheet reader would choke on:

- the shared strings may not announce more than :data:`MAX_CELLS` strings
  (``uniqueCount``): python-calamine sets memory aside for as many as are
  announced before it reads one, and four billion end the process;
- the sheets together may not span more than :data:`MAX_CELLS` cells, each
  counted from ``A1`` (cells without a reference counted where the reader
  puts them, rows and cells with a namespace prefix, ``<x:c>``, as any; a
  cell's text that reads like a reference placing nothing), and no sheet may
  reach beyond ``XFD1048576``: a reader
  holds a sheet as a dense grid, so a single stray cell at ``XFD1048576``
  would ask for billions of cells, and one beyond it makes python-calamine's
  column number wrap around to anything.

The same pass notes which sheets hold formulas or error values, so that the
reader can look for formulas whose result was never saved and for cells showing
``#N/A`` or ``#VALUE!`` (:func:`.values.open_book`): both read as empty cells,
and an answer would otherwise be lost.

The values are then read by python-calamine, whose XML parser does not expand
entities; where openpyxl reads a file, it parses through defusedxml, which is
a dependency of rusmodel (``openpyxl.DEFUSEDXML`` is true when installed).
"""

from __future__ import annotations

import re
import zipfile
from operator import itemgetter
from pathlib import Path
from typing import IO

from rusmodel import PlanError
from rusmodel.packages import MAX_PARTS, MAX_UNPACKED_BYTES, WORKBOOK, check_package
from rusmodel.plugins.workbook.cells import column_number

__all__ = [
    "ERROR_TYPES",
    "FORMULA_TAG",
    "MAX_CELLS",
    "MAX_PARTS",
    "MAX_UNPACKED_BYTES",
    "XML_PREFIX",
    "check_workbook",
]

MAX_CELLS = 5_000_000
"""The most cells the sheets of a workbook may span together, each as rows × columns from ``A1``.

A full workbook of 100 000 activities spans 1.35 million; 5 million are read in
about two seconds and 250 MB.
"""

_CHUNK = 1 << 20
# A cell's or a row's reference, r="B7" or r="7"; the extent is what a reader allocates.
# Written as the readers take it: r="B7", r='b7', r = "7". Only the first 4 letters and
# 8 digits are kept, after any leading zeros (the reader reads XFD0001048576 as XFD1048576):
# enough to tell a reference beyond XFD1048576, which a reader would turn into a column or
# row number that wraps around to anything.
# The attribute is an "r" not ending a longer name: after a space, or after a quote
# where a damaged file runs two attributes together (python-calamine reads them still).
# The look-behind comes after the literal "r" so that the search skips ahead to each "r"
# at C speed.
_REFERENCE = re.compile(
    rb"""r(?<![\w.:-]r)\s*=\s*["']([A-Za-z]{0,4})[A-Za-z]*0*([0-9]{1,8})[0-9]*["']"""
)
_MAX_PENDING = 8 << 20
# The number of distinct shared strings, as python-calamine parses it (Rust's usize: "+" and
# leading zeros allowed); a value it cannot parse it ignores.
_UNIQUE_COUNT = re.compile(r"""uniqueCount\s*=\s*(["'])\+?0*([0-9]{1,30})\1""")
_UNFINISHED = re.compile(r"""uniqueCount\s*(?:=\s*(?:(["'])\+?[0-9]*)?)?""")
LAST_ROW = 1_048_576
LAST_COLUMN = 16_384
# An element name's optional namespace prefix (the x: of <x:worksheet>), as a pattern.
XML_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,20}:)?"
# The sheet's root element, <worksheet> or with a namespace prefix, <x:worksheet>.
_ROOT = re.compile(rb"<(" + XML_PREFIX + rb")worksheet[\s>]")
# python-calamine reads a sheet's elements by their local names, so <x:row>, <x:c> and
# <x:f> are rows, cells and formulas as much as <row>, <c> and <f> are, whatever prefix
# the root element has. Two patterns each: without a prefix, for the sheets every
# program writes, and with any prefix (far slower on a sheet without one), for a sheet
# that holds a prefixed name anywhere (_PREFIXED, searched from each ":", a quarter of
# the time of `b":c" in text`) and for a second look (see _Extent).
_PREFIXED = re.compile(rb":(?:c|f|row)[\s>/]")
# A formula element, <f ...>, <f/> or <x:f> with a namespace prefix (group 1).
FORMULA_TAG = re.compile(rb"<(" + XML_PREFIX + rb")f[\s>/]")
# A cell's type saying it holds an error value (#N/A), as Excel and LibreOffice write it.
ERROR_TYPES = (b' t="e"', b" t='e'")
# A row with no cells: <row r="9"/> or <row r="9" ...></row>.
_EMPTY_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>\s*</row>)")
_EMPTY_ROW_ANY = re.compile(rb"<(" + XML_PREFIX + rb")row\b[^>]*?(?:/>|>\s*</\1row>)")
# A cell's start tag without an r attribute: <c>, <c/>, <c t="n">.
_UNREFERENCED = rb"""c(?:/?>|\s(?![^>]*?(?<![\w.:-])r\s*=))"""
_UNREFERENCED_CELL = re.compile(rb"<" + _UNREFERENCED)
_UNREFERENCED_CELL_ANY = re.compile(rb"<" + XML_PREFIX + _UNREFERENCED)
# The start tag of a row or a cell, with its attributes.
_TAG = re.compile(rb"<" + XML_PREFIX + rb"(row|c)(?=[\s>/])([^>]*)>")
# What a cell holds as text: a string (<t>), a value (<v>) or a formula (<f>). Text cannot
# hold a "<" (XML escapes it), so no tag is inside; but it may hold r="XFE1" as it stands.
_CELL_TEXT = re.compile(rb"<(" + XML_PREFIX + rb")([tvf])(?:\s[^>]*)?>[^<]*</\1\2>")
_AFTER_NAME = frozenset(b" \t\r\n>/")


def _refuse(message: str, file: str) -> PlanError:
    return PlanError.single(message, file=file)


def check_workbook(path: Path, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> frozenset[str]:
    """Raise :class:`PlanError` unless ``path`` is a plain ``.xlsx`` workbook safe to read.

    Returns the names of the sheet parts that hold formulas or error values
    (``xl/worksheets/sheet2.xml``), as they are named in the zip.
    """
    book = _BookScan(str(path))
    check_package(path, WORKBOOK, max_unpacked=max_unpacked, scanners=book.part)
    return frozenset(book.formulas)


class _BookScan:
    """What the workbook's parts show as :func:`rusmodel.packages.check_package` unpacks them."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.grid = 0  # the cells the sheets so far span
        self.formulas: set[str] = set()

    def part(self, member: zipfile.ZipInfo) -> _PartScan | None:
        if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            return None
        return _PartScan(self, member.filename)


class _PartScan:
    """One part of a workbook: its shared strings' count, or how far a sheet reaches."""

    def __init__(self, book: _BookScan, name: str) -> None:
        self.book = book
        self.name = name
        self.is_sheet = name.lower().startswith("xl/worksheets/")
        self.extent = _Extent()
        self.has_formulas = False
        self.formula_tag: bytes | None = None
        self.carry = b""

    def feed(self, data: bytes, window: bytes, encoding: str) -> None:
        if self.carry or _UNIQUE_COUNT_WORD[encoding] in window:
            self.carry = _check_unique_count(self.carry + data, encoding, self.name, self.book.file)
        if not self.is_sheet:
            return
        extent = self.extent
        if not extent.prefixed and _PREFIXED.search(window) is not None:
            extent.prefixed = True
        if not extent.doubtful:
            extent.feed(data)
            extent.doubtful = extent.refusal(self.name, self.book.grid) is not None
        if self.formula_tag is None:
            root = _ROOT.search(window)
            self.formula_tag = b"<" + root.group(1) + b"f" if root else b"<f"
        if not self.has_formulas:
            self.has_formulas = (
                _holds(window, self.formula_tag)
                or (extent.prefixed and FORMULA_TAG.search(window) is not None)
                or any(word in window for word in ERROR_TYPES)
            )

    def close(self, archive: zipfile.ZipFile) -> None:
        if not self.is_sheet:
            return
        extent, grid = self.extent, self.book.grid
        if not extent.doubtful:
            extent.close()
            extent.doubtful = extent.refusal(self.name, grid) is not None
        if extent.doubtful:  # perhaps only a cell's text reads as a reference
            extent = _Extent(cells_text=False)
            with archive.open(self.name) as stream:
                extent.read(stream)
        if extent.unplaced:
            with archive.open(self.name) as stream:
                extent.exact(stream)
        extent.check(self.name, grid, self.book.file)
        self.book.grid += extent.rows * extent.columns
        if self.has_formulas:
            self.book.formulas.add(self.name)


class _Extent:
    """How far a sheet reaches, as python-calamine will place its cells, read as it unpacks.

    A cell is placed by its reference (``r="J7"``), or, without one, in the row
    its ``<row r="7">`` names; an empty row places nothing (LibreOffice writes
    one at row 1048576). The text is looked at in whole rows, so that an empty
    row is known as one: what follows the last row's start waits for the next
    piece.

    Every ``r="…"`` in the text counts, the cells' text included: more than the
    reader places, never less. Where that reaches too far (``doubtful``), the
    part is looked at again with ``cells_text=False``: without what the cells
    hold as text, where ``r="XFE1"`` may stand as written (a comment quoting
    XML), and which holds no tag.
    """

    def __init__(self, *, cells_text: bool = True) -> None:
        self.rows = self.columns = 0
        self.pending = b""
        self.unplaced = False  # a cell without a reference: placed by counting, see exact()
        self.cells_text = cells_text
        # Whether the part has a name with a prefix (see _PREFIXED): set by who feeds it.
        self.prefixed = not cells_text
        self.doubtful = False  # reached too far with the cells' text counted; see above

    def feed(self, data: bytes) -> None:
        text = self.pending + data
        cut = text.rfind(b"<row")
        if cut <= 0 and self.prefixed:  # rows written <x:row
            cut = text.rfind(b"<", 0, max(text.rfind(b":row"), 0))
        if cut <= 0 and len(text) <= _MAX_PENDING:
            self.pending = text
            return
        if cut <= 0:
            cut = len(text)  # no row in megabytes: a damaged or hostile part, read as it is
        self.pending = text[cut:]
        self._scan(text[:cut])

    def close(self) -> None:
        self._scan(self.pending)
        self.pending = b""

    def read(self, stream: IO[bytes]) -> None:
        """Feed a whole part (one already unpacked once, so bounded) and close."""
        while chunk := stream.read(_CHUNK):
            self.feed(chunk)
        self.close()

    def _scan(self, text: bytes) -> None:
        # A sheet has a million references: max() and map() keep the loop in C.
        if not self.cells_text:
            text = _CELL_TEXT.sub(b"", text)
        prefixed = self.prefixed
        empty_row = _EMPTY_ROW_ANY if prefixed else _EMPTY_ROW
        if empty_row.search(text) is not None:  # rare: copy the text only then
            text = empty_row.sub(b"", text)
        references = _REFERENCE.findall(text)
        if not self.unplaced:
            unreferenced = _UNREFERENCED_CELL_ANY if prefixed else _UNREFERENCED_CELL
            self.unplaced = unreferenced.search(text) is not None
        if references:
            self.rows = max(self.rows, max(map(int, map(itemgetter(1), references))))
            letters = set(map(itemgetter(0), references))
            self.columns = max(self.columns, max(map(_column_number, letters)))

    def exact(self, stream: IO[bytes]) -> None:
        """Place every cell as python-calamine does, for a sheet with cells without a reference.

        Such a cell goes in its row (the row's ``r``, or the row after the one
        before) at the column after the cell before it: a row of 20 000 of them
        is 20 000 columns wide, which no reference shows. A tag at a time, in
        Python: only sheets that have such cells (no program in use writes them)
        take this time.
        """
        row = column = 0
        pending = b""
        while True:
            chunk = stream.read(_CHUNK)
            text = pending + chunk
            cut = text.rfind(b"<") if chunk else len(text)
            if cut < 0:
                cut = 0
            pending, text = text[cut:], text[:cut]
            for name, attributes in _TAG.findall(_EMPTY_ROW_ANY.sub(b"", text)):
                # Attributes run together may give a tag two references: the farther counts.
                references = _REFERENCE.findall(b" " + attributes)
                if name == b"row":
                    row = max(int(d) for _, d in references) if references else row + 1
                    column = 0
                    continue
                lettered = [(letters, d) for letters, d in references if letters]
                if lettered:
                    column = max(_column_number(letters) for letters, _ in lettered)
                    placed = max(int(d) for _, d in lettered)
                else:
                    column += 1
                    placed = row
                self.rows = max(self.rows, placed)
                self.columns = max(self.columns, column)
            if not chunk:
                return

    def check(self, part: str, grid: int, file: str) -> None:
        """Refuse the sheet when it reaches too far; ``grid`` is what the sheets before span."""
        message = self.refusal(part, grid)
        if message is not None:
            raise _refuse(message, file)

    def refusal(self, part: str, grid: int) -> str | None:
        """Why :meth:`check` refuses the sheet, or ``None``."""
        rows, columns = self.rows, self.columns
        if rows > LAST_ROW or columns > LAST_COLUMN:
            return (
                f"the sheet {part} has a cell beyond the last cell a sheet can have "
                "(XFD1048576); the file is damaged"
            )
        if grid + rows * max(columns, 1) > MAX_CELLS:
            others = " with the workbook's other sheets" if grid else ""
            return (
                f"the sheet {part} reaches row {rows} and column {columns}, a grid of more "
                f"than {MAX_CELLS:,} cells{others}; delete the stray cells far down or to the "
                "right and save it again"
            )
        return None


_UNIQUE_COUNT_WORD = {
    encoding: "uniqueCount".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")
}


def _check_unique_count(text: bytes, encoding: str, part: str, file: str) -> bytes:
    """Refuse a shared-strings part announcing more strings than a workbook may hold.

    Returns what must be looked at again with the next piece of the part: an
    announcement the piece cuts off (``uniqueCount = "40`` …).
    """
    decoded = text.decode(encoding, "replace")
    for match in _UNIQUE_COUNT.finditer(decoded):
        if int(match.group(2)) > MAX_CELLS:
            raise _refuse(
                f"the workbook's part {part} announces {int(match.group(2)):,} shared strings, "
                f"more than the {MAX_CELLS:,} cells a workbook may have; the file is damaged",
                file,
            )
    last = decoded.rfind("uniqueCount")
    if last < 0 or _UNIQUE_COUNT.match(decoded, last) or not _UNFINISHED.fullmatch(decoded, last):
        return b""
    rest = decoded[last:].encode(encoding)  # ASCII letters, spaces, a quote and digits
    if len(rest) > _MAX_PENDING:
        raise _refuse(f"the workbook's part {part} is damaged (an endless attribute)", file)
    return rest


def _holds(window: bytes, tag: bytes) -> bool:
    """Whether ``window`` holds the start of the element ``tag`` (``<f``, not ``<filters``).

    ``bytes.find`` rather than a regular expression: a sheet is a hundred
    megabytes of ``<``, and this runs on every byte of it.
    """
    at = window.find(tag)
    while at >= 0:
        end = at + len(tag)
        if end < len(window) and window[end] in _AFTER_NAME:
            return True
        at = window.find(tag, end)
    return False


def _column_number(letters: bytes) -> int:
    return column_number(letters.decode("ascii"))  # the pattern lets only A-Z and a-z through
