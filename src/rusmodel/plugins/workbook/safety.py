"""Opening workbooks that come from elsewhere without trusting them.

A returned collection workbook has been on other people's computers, so it is
checked before any spreadsheet reader sees it, in time and memory bounded by
the limits below:

- it must be a zip file (an ``.xlsx`` is one); a password-protected workbook
  or an old ``.xls`` is an OLE2 compound file and is named as such; a file cut
  short is reported as damaged or truncated;
- it must hold the parts of an Excel workbook (``[Content_Types].xml``,
  ``xl/workbook.xml``); an OpenDocument file, a Word file or a workbook with
  macros (``.xlsm``) is refused with a message saying so;
- its parts together may unpack to at most :data:`MAX_UNPACKED_BYTES`, counted
  by actually unpacking them (a zip bomb declares small sizes and unpacks to
  gigabytes), and no part may unpack to more than it declares;
- no XML part may declare a DTD: Excel never writes one, and entity
  declarations are how "billion laughs" files blow up a parser;
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
import struct
import zipfile
import zlib
from operator import itemgetter
from pathlib import Path
from typing import IO, BinaryIO

from rusmodel import PlanError
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

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""The most all parts of a workbook may unpack to: 256 MiB.

A full workbook of 100 000 activities unpacks to 134 MB and is read in some
340 MB of memory, so this leaves room for twice that while keeping what a
hostile file can make the reader hold near the 500 MB a run is allowed.
"""

MAX_PARTS = 10_000
"""The most parts (zip members) a workbook may have."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_DTD_WORDS = ("<!DOCTYPE", "<!ENTITY")
_OVERLAP = 64
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
    file = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise _refuse("the file does not exist", file) from None
    except IsADirectoryError:
        raise _refuse("this is a folder, not a workbook", file) from None
    except OSError as exc:
        raise _refuse(f"the file cannot be read: {exc.strerror}", file) from None
    if not head:
        raise _refuse("the file is empty", file)
    if head == _OLE2:
        raise _refuse(
            "the workbook is password-protected (encrypted) or in the old .xls format; "
            "open it in Excel or LibreOffice and save it as .xlsx without a password",
            file,
        )
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise _refuse("the workbook is damaged or truncated (not a complete zip file)", file)
        raise _refuse("this is not an Excel workbook (.xlsx)", file)
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_archive(path, archive, max_unpacked)
    except zipfile.BadZipFile as exc:
        raise _refuse(f"the workbook is damaged or truncated ({exc})", file) from None
    except NotImplementedError as exc:  # a zip of a version or kind Python cannot read
        raise _refuse(f"the workbook is damaged or of an unknown kind ({exc})", file) from None
    except (OSError, EOFError, ValueError, struct.error, zlib.error) as exc:  # bad part names
        raise _refuse(f"the workbook is damaged or truncated ({exc})", file) from None


def _check_archive(path: Path, archive: zipfile.ZipFile, max_unpacked: int) -> frozenset[str]:
    file = str(path)
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise _refuse(f"the workbook has {len(members)} parts; a workbook has far fewer", file)
    names = {m.filename.lower(): m for m in members}
    if "mimetype" in names and b"opendocument" in archive.read(names["mimetype"])[:200]:
        raise _refuse(
            "this is an OpenDocument file (.ods), not an Excel workbook; "
            "save it as .xlsx (Excel 2007-365)",
            file,
        )
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise _refuse("this is a Word document, not an Excel workbook", file)
        raise _refuse("this zip file is not an Excel workbook (it has no xl/workbook.xml)", file)
    if "xl/vbaproject.bin" in names or any(n.endswith(".bin") and "vba" in n for n in names):
        raise _refuse(
            "the workbook contains macros (.xlsm); save it as a plain .xlsx workbook", file
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise _refuse("the workbook's parts are encrypted; save it without a password", file)
    declared = sum(m.file_size for m in members)
    if declared > max_unpacked:
        raise _refuse(_too_big(declared, max_unpacked), file)
    unpacked = grid = 0
    formulas: set[str] = set()
    with path.open("rb") as handle:
        for member in members:
            if member.is_dir():
                continue
            size, has_formulas, extent = _unpack_size(
                handle, member, max_unpacked - unpacked, grid, file
            )
            if extent.doubtful:  # perhaps only a cell's text reads as a reference
                extent = _Extent(cells_text=False)
                with archive.open(member) as stream:
                    extent.read(stream)
            if extent.unplaced:
                with archive.open(member) as stream:
                    extent.exact(stream)
            extent.check(member.filename, grid, file)
            unpacked += size
            grid += extent.rows * extent.columns
            if has_formulas:
                formulas.add(member.filename)
    return frozenset(formulas)


def _too_big(size: int, limit: int) -> str:
    return (
        f"the workbook unpacks to more than {limit // (1024 * 1024)} MB "
        f"({size // (1024 * 1024)} MB or more); it is not a workbook rusmodel will read"
    )


def _unpack_size(
    handle: BinaryIO, member: zipfile.ZipInfo, budget: int, grid: int, file: str
) -> tuple[int, bool, _Extent]:
    """Unpack one part without keeping it: its size, whether it is a sheet with formulas,
    and how far it reaches (nowhere for a part that is not a sheet).

    Looks for a DTD in every XML part on the way; ``grid`` is the cells the
    sheets before this one span.
    """
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"part {member.filename} has no local header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    is_xml = member.filename.lower().endswith((".xml", ".rels", ".vml"))
    is_sheet = member.filename.lower().startswith("xl/worksheets/") and is_xml
    extent = _Extent()
    has_formulas = False
    formula_tag: bytes | None = None
    dtd_marks: tuple[bytes, tuple[bytes, ...]] | None = None
    encoding = "utf-8"
    carry = b""
    if member.compress_type == zipfile.ZIP_STORED:
        decompress = None
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        decompress = zlib.decompressobj(-15)
    else:
        raise zipfile.BadZipFile(f"part {member.filename} uses an unsupported compression")
    limit = min(member.file_size, budget)
    remaining = member.compress_size
    produced = 0
    tail = b""
    while remaining > 0 or (decompress is not None and decompress.unconsumed_tail):
        if decompress is not None and decompress.unconsumed_tail:
            data = decompress.decompress(decompress.unconsumed_tail, _CHUNK)
        else:
            raw = handle.read(min(_CHUNK, remaining))
            if not raw:
                raise zipfile.BadZipFile(f"part {member.filename} is cut short")
            remaining -= len(raw)
            data = raw if decompress is None else decompress.decompress(raw, _CHUNK)
        produced += len(data)
        if produced > limit:
            if produced > budget:
                raise _refuse(_too_big(produced, budget), file)
            raise zipfile.BadZipFile(f"part {member.filename} unpacks to more than it declares")
        if is_xml:
            window = tail + data
            if dtd_marks is None:
                encoding = _encoding(window)
                dtd_marks = _marks_in(encoding)
            if _declares(window, dtd_marks):
                raise _refuse(
                    f"the workbook's part {member.filename} declares a DTD (XML entities), "
                    "which Excel never writes; the file is refused as unsafe",
                    file,
                )
            if carry or _UNIQUE_COUNT_WORD[encoding] in window:
                carry = _check_unique_count(carry + data, encoding, member.filename, file)
            if is_sheet:
                if not extent.prefixed and _PREFIXED.search(window) is not None:
                    extent.prefixed = True
                if not extent.doubtful:
                    extent.feed(data)
                    extent.doubtful = extent.refusal(member.filename, grid) is not None
                if formula_tag is None:
                    root = _ROOT.search(window)
                    formula_tag = b"<" + root.group(1) + b"f" if root else b"<f"
                if not has_formulas:
                    has_formulas = (
                        _holds(window, formula_tag)
                        or (extent.prefixed and FORMULA_TAG.search(window) is not None)
                        or any(word in window for word in ERROR_TYPES)
                    )
            tail = window[-_OVERLAP:]
    if is_sheet and not extent.doubtful:
        extent.close()
        extent.doubtful = extent.refusal(member.filename, grid) is not None
    return produced, has_formulas, extent


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


def _encoding(start: bytes) -> str:
    """The encoding of an XML part, told by its first bytes: UTF-16 or else UTF-8."""
    if start.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if start.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return "utf-8"


def _marks_in(encoding: str) -> tuple[bytes, tuple[bytes, ...]]:
    """``<!`` and the declarations of a DTD, in the part's encoding."""
    return "<!".encode(encoding), tuple(word.encode(encoding) for word in _DTD_WORDS)


def _declares(window: bytes, marks: tuple[bytes, tuple[bytes, ...]]) -> bool:
    """Whether ``window`` holds a DTD declaration; one pass for ``<!``, which is rare."""
    opening, words = marks
    at = window.find(opening)
    while at >= 0:
        if window.startswith(words, at):
            return True
        at = window.find(opening, at + 1)
    return False


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
