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
- no sheet may reach further than :data:`MAX_CELLS` cells from ``A1``: a
  reader holds a sheet as a dense grid, so a single stray cell at ``XFD1048576``
  would ask for billions of cells.

The values are then read by python-calamine, whose XML parser does not expand
entities; where openpyxl reads a file, it parses through defusedxml, which is
a dependency of rusmodel (``openpyxl.DEFUSEDXML`` is true when installed).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from rusmodel import PlanError

__all__ = ["MAX_CELLS", "MAX_PARTS", "MAX_UNPACKED_BYTES", "check_workbook"]

MAX_CELLS = 20_000_000
"""The largest grid (rows × columns from ``A1``) a sheet may span: 100 000 rows × 200 columns."""

MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""The most all parts of a workbook may unpack to: 1 GiB, some ten times a 100 000-row sheet."""

MAX_PARTS = 10_000
"""The most parts (zip members) a workbook may have."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))
_OVERLAP = 64
# A cell's or a row's reference, r="B7" or r="7"; the extent is what a reader allocates.
_REFERENCE = re.compile(rb'r="([A-Z]{0,3})([0-9]{1,9})"')


def _refuse(message: str, file: str) -> PlanError:
    return PlanError.single(message, file=file)


def check_workbook(path: Path, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Raise :class:`PlanError` unless ``path`` is a plain ``.xlsx`` workbook safe to read."""
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
            _check_archive(path, archive, max_unpacked)
    except zipfile.BadZipFile as exc:
        raise _refuse(f"the workbook is damaged or truncated ({exc})", file) from None
    except (OSError, EOFError, ValueError, struct.error, zlib.error) as exc:  # bad part names
        raise _refuse(f"the workbook is damaged or truncated ({exc})", file) from None


def _check_archive(path: Path, archive: zipfile.ZipFile, max_unpacked: int) -> None:
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
    unpacked = 0
    with path.open("rb") as handle:
        for member in members:
            if member.is_dir():
                continue
            unpacked += _unpack_size(handle, member, max_unpacked - unpacked, file)


def _too_big(size: int, limit: int) -> str:
    return (
        f"the workbook unpacks to more than {limit // (1024 * 1024)} MB "
        f"({size // (1024 * 1024)} MB or more); it is not a workbook rusmodel will read"
    )


def _unpack_size(handle: BinaryIO, member: zipfile.ZipInfo, budget: int, file: str) -> int:
    """Unpack one part without keeping it, counting its bytes and looking for a DTD."""
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"part {member.filename} has no local header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    is_xml = member.filename.lower().endswith((".xml", ".rels", ".vml"))
    is_sheet = member.filename.lower().startswith("xl/worksheets/") and is_xml
    rows = columns = 0
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
            if any(mark in window for mark in _DTD_MARKS):
                raise _refuse(
                    f"the workbook's part {member.filename} declares a DTD (XML entities), "
                    "which Excel never writes; the file is refused as unsafe",
                    file,
                )
            if is_sheet:
                for letters, digits in _REFERENCE.findall(window):
                    rows = max(rows, int(digits))
                    columns = max(columns, _column_number(letters))
                if rows * max(columns, 1) > MAX_CELLS:
                    raise _refuse(
                        f"the sheet {member.filename} reaches row {rows} and column {columns}, "
                        f"a grid of more than {MAX_CELLS:,} cells; delete the stray cells far "
                        "down or to the right and save it again",
                        file,
                    )
            tail = window[-_OVERLAP:]
    return produced


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
