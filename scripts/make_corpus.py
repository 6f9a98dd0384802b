"""Make the generated files of the bad-input corpus in ``tests/corpus/``.

The hand-written plan files of the corpus are kept as they are; this script
makes the ones that cannot be typed (wrong encodings, control characters,
files of hundreds of kilobytes) and every workbook, from the shipped example
plan and the returned collection workbook ``tests/fixtures/workbooks/
kultur-2023-d2.xlsx`` (saved by LibreOffice, so it has shared strings).

Hostile files are made small: the zip bombs declare or unpack to more than a
gigabyte but are a few kilobytes on disk; the "billion laughs" parts would
expand to gigabytes but are a few hundred bytes. ``tests/corpus/README.md``
lists every file and the error it must give; ``tests/test_corpus.py`` checks
that each one gets it. ``tests/test_workbook_safety.py`` builds its hostile
files with :func:`laughs` and :func:`overlapping_entries` from here.

Run from the repository root::

    PYTHONPATH=src python scripts/make_corpus.py

The password-protected workbook needs ``msoffcrypto-tool`` (``pip install
msoffcrypto-tool``); without it that one file is left as it is. It is the only
file that differs from run to run (encryption salts itself at random).
"""

from __future__ import annotations

import io
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
PLANS = CORPUS / "plans"
WORKBOOKS = CORPUS / "workbooks"
FULL = CORPUS / "full"
RETURNED = CORPUS / "returned"
TEMPLATES = CORPUS / "templates"
EXAMPLE = ROOT / "examples" / "sample-plan.yaml"
KULTUR = ROOT / "tests" / "fixtures" / "workbooks" / "kultur-2023-d2.xlsx"

MINIMAL = """\
schema_version: 1
title: Verksamhetsplan 2023
organisation: Region Exempel
first_year: 2023
last_year: 2025
"""

# A fixed time for every zip entry, so the script gives the same bytes each run.
DATE = (2023, 9, 1, 0, 0, 0)


# --- Plan files --------------------------------------------------------------------------------


def plan_files() -> dict[str, bytes]:
    """The generated plan files by name."""
    example = EXAMPLE.read_text(encoding="utf-8")
    files: dict[str, bytes] = {}
    # Saved as Latin-1 by an old editor: "Folkhälsa" is not UTF-8.
    files["latin-1.yaml"] = example.encode("latin-1", "replace")
    files["utf-16.json"] = ('{"schema_version": 1, "title": "Plan"}\n').encode("utf-16")
    # Windows line ends and a byte-order mark, and an error on line 7: lines must still count.
    with_error = MINIMAL + "periods:\n- id: 2023-d1\n  as_of: den sista april\n"
    files["bom-and-crlf.yaml"] = b"\xef\xbb\xbf" + with_error.replace("\n", "\r\n").encode()
    files["nul-byte.yaml"] = (MINIMAL + "vision: Ett livskraftigt\x00 län\n").encode()
    files["control-character.yaml"] = (MINIMAL + "vision: Ring\x07 en klocka\n").encode()
    files["alias-bomb.yaml"] = _alias_bomb().encode()
    files["merge-key.yaml"] = (
        MINIMAL + "units:\n- &unit {id: folkhalsa, name: Folkhälsa}\n- <<: *unit\n  id: kultur\n"
    ).encode()
    files["deep-nesting.yaml"] = (MINIMAL + "vision: " + "[" * 100 + "]" * 100 + "\n").encode()
    files["deep-nesting.json"] = ("[" * 100_000 + "]" * 100_000).encode()
    files["deep-mappings.yaml"] = (
        MINIMAL + "".join("  " * depth + f"n{depth}:\n" for depth in range(80)) + "  " * 80 + "x\n"
    ).encode()
    huge = "Grön " * 52_000  # 260 kB of status on one line
    files["huge-string.yaml"] = (
        MINIMAL
        + "periods:\n- id: p1\n  name: Delår 1\n  as_of: 2023-04-30\n"
        + "goal_areas:\n- id: g\n  name: Mål\n"
        + "activities:\n- title: Aktivitet\n  goal_areas: [g]\n  follow_ups:\n    p1:\n"
        + f"      status: {huge}\n"
    ).encode()
    # A comment of 40 000 characters: more than an Excel cell holds, twenty slides of a deck.
    files["huge-comment.yaml"] = (
        MINIMAL
        + "periods:\n- id: p1\n  name: Delår 1\n  as_of: 2023-04-30\n"
        + "goal_areas:\n- id: g\n  name: Mål\n"
        + "activities:\n- title: Aktivitet\n  goal_areas: [g]\n  follow_ups:\n    p1:\n"
        + "      status: green\n"
        + f"      comment: {'Lång kommentar. ' * 2499}Lång kommentar..\n"
    ).encode()
    files["huge-key.yaml"] = (MINIMAL + "x" * 300_000 + ": 1\n").encode()
    files["huge-integer.yaml"] = (MINIMAL.replace("2025", "9" * 5000)).encode()
    files["huge-integer.json"] = (
        '{"schema_version": 1, "title": "Plan", "organisation": "Region",\n'
        f' "first_year": 2023, "last_year": {"9" * 5000}}}\n'
    ).encode()
    files["many-problems.yaml"] = _many_problems().encode()
    # What the fuzzers of fuzz/ found, cut down to the fault.
    files["fuzz-timestamp-tag.yaml"] = (
        MINIMAL + "periods:\n- id: p1\n  name: Delår 1\n  as_of: !!timestamp den sista april\n"
    ).encode()
    files["fuzz-exponent.json"] = (
        b'{"schema_version": 1, "title": "Plan", "organisation": "Region",\n'
        b' "first_year": 2023, "last_year": 2025,\n'
        b' "economy": [{"period": "p1", "investments": [{"project": "Datorer",\n'
        b'   "budget": 1e9999999999999999999}]}]}\n'
    )
    return files


def _alias_bomb() -> str:
    """Nine levels of nine aliases each: 387 million values once expanded, 700 bytes written."""
    lines = [MINIMAL.rstrip("\n"), 'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


def _many_problems() -> str:
    """Five thousand activities, each with a status the scale does not have."""
    head = MINIMAL + "periods:\n- id: p1\n  name: Delår 1\n  as_of: 2023-04-30\n"
    head += "goal_areas:\n- id: g\n  name: Mål\nactivities:\n"
    body = "".join(
        f"- id: A{n}\n  title: Aktivitet {n}\n  goal_areas: [g]\n"
        f"  follow_ups:\n    p1: {{status: lila}}\n"
        for n in range(5000)
    )
    return head + body


# --- Workbooks ---------------------------------------------------------------------------------


def _rewrite(source: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a workbook with parts changed (``None`` drops a part)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(zipfile.ZipInfo(info.filename, DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "' % i + (b"&lol%s;" % (b"" if i == 1 else b"%d" % (i - 1))) * 10 + b'">'
        for i in range(1, 10)
    )
    + b"]>"
)


def laughs(data: bytes) -> bytes:
    """The part with a billion-laughs DTD, and the entity used in its first text."""
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    return LAUGHS + body.replace(b"<t>", b"<t>&lol9;", 1).replace(
        b'<t xml:space="preserve">', b'<t xml:space="preserve">&lol9;', 1
    )


def _external_entity(data: bytes) -> bytes:
    """The part with an external entity that would read a file of the machine (XXE)."""
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    head = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return head + body.replace(b"<t>", b"<t>&xxe;", 1)


def _stored(name: str, data: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        archive.writestr(zipfile.ZipInfo(name, DATE), data, compress)
    return out.getvalue()


def _append(source: bytes, name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO(source)
    with zipfile.ZipFile(out, "a", compress) as archive:
        archive.writestr(zipfile.ZipInfo(name, DATE), data, compress)
    return out.getvalue()


def _skeleton() -> bytes:
    """The least a zip needs to look like a workbook: the parts a reader checks for first."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            (
                "[Content_Types].xml",
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            ),
            (
                "xl/workbook.xml",
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            ),
        ):
            archive.writestr(zipfile.ZipInfo(name, DATE), text, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _overlapping_bomb(source: bytes) -> bytes:
    """A zip bomb: 70 directory entries that all point at one part of 16 MiB of zeros.

    Each entry is honest about its size, so together they declare 1.1 GiB
    while the file is 22 kB: the reader must refuse by what the parts
    add up to, not by the size of the file.
    """
    data = _append(source, "xl/media/nollor.bin", bytes(16 * 1024 * 1024))
    return overlapping_entries(data, "xl/media/nollor.bin", 70)


def overlapping_entries(data: bytes, part: str, copies: int) -> bytes:
    """The zip ``data`` with ``copies`` more directory entries that all point at ``part``."""
    end = data.rindex(b"PK\x05\x06")
    entries, size, offset = struct.unpack("<HII", data[end + 10 : end + 20])
    directory = data[offset : offset + size]
    records = []
    position = 0
    for _ in range(entries):
        name_length, extra_length, comment_length = struct.unpack(
            "<HHH", directory[position + 28 : position + 34]
        )
        length = 46 + name_length + extra_length + comment_length
        records.append(directory[position : position + length])
        position += length
    big = next(r for r in records if r[46:].startswith(part.encode()))
    name_length = struct.unpack("<H", big[28:30])[0]
    for n in range(copies):
        name = b"xl/media/kopia%04d.bin" % n
        records.append(
            big[:28] + struct.pack("<H", len(name)) + big[30:46] + name + big[46 + name_length :]
        )
    new_directory = b"".join(records)
    eocd = (
        data[end : end + 8]
        + struct.pack("<HHII", len(records), len(records), len(new_directory), offset)
        + data[end + 20 :]
    )
    return data[:offset] + new_directory + eocd


def _lying_bomb(source: bytes) -> bytes:
    """A part that says it unpacks to 1000 bytes and unpacks to 8 MiB."""
    data = bytearray(_append(source, "xl/media/nollor.bin", bytes(8 * 1024 * 1024)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/media/nollor.bin")
    local = info.header_offset
    data[local + 22 : local + 26] = struct.pack("<I", 1000)
    position = data.rindex(b"xl/media/nollor.bin") - 46
    assert data[position : position + 4] == b"PK\x01\x02"
    data[position + 24 : position + 28] = struct.pack("<I", 1000)
    return bytes(data)


def _encrypted_parts(source: bytes) -> bytes:
    """The zip's own (weak) encryption flag set on every part, as some tools write."""
    data = bytearray(source)
    for mark, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(mark, start)) >= 0:
            flags = struct.unpack("<H", data[start + flag_at : start + flag_at + 2])[0]
            data[start + flag_at : start + flag_at + 2] = struct.pack("<H", flags | 1)
            start += 4
    return bytes(data)


def _far_cell(data: bytes) -> bytes:
    """One cell at the last row and column Excel has: 17 billion cells between it and A1."""
    cell = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    return data.replace(b"</sheetData>", cell, 1)


def _announced_strings(data: bytes) -> bytes:
    """Four billion shared strings announced (python-calamine asked for 96 GB at once)."""
    return re.sub(rb'uniqueCount="[0-9]+"', b'uniqueCount="4000000000"', data, count=1)


def _long_column(data: bytes) -> bytes:
    """A cell whose column has 51 letters (fuzz): python-calamine's column number wraps around
    and it asked for 2 TB."""
    cell = b'<row r="60"><c r="' + b"I" * 51 + b'60" t="n"><v>1</v></c></row></sheetData>'
    return data.replace(b"</sheetData>", cell, 1)


def _million_rows_down(data: bytes) -> bytes:
    """One cell at ``J1048576`` (fuzz): 10 million cells from A1, which took 13 s and 515 MB."""
    cell = b'<row r="1048576"><c r="J1048576" t="n"><v>1</v></c></row></sheetData>'
    return data.replace(b"</sheetData>", cell, 1)


def _unreferenced_cells(data: bytes) -> bytes:
    """20 000 cells without an ``r`` in row 1000: python-calamine puts each after the one
    before, 20 000 columns wide, which no reference in the file shows."""
    cells = b'<c t="n"><v>1</v></c>' * 20_000
    return data.replace(b"</sheetData>", b'<row r="1000">' + cells + b"</row></sheetData>", 1)


def _prefixed_unreferenced_cells(data: bytes) -> bytes:
    """The same written with a namespace prefix (``<x:row>``, ``<x:c>``) in the last row:
    python-calamine reads elements by their local names, and aborted asking for 121 GB
    where the check looked only for ``<c>``."""
    cells = b'<x:c t="n"><x:v>1</x:v></x:c>' * 20_000
    row = b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    row += b' r="1048576">' + cells + b"</x:row></sheetData>"
    return data.replace(b"</sheetData>", row, 1)


def _run_together(data: bytes) -> bytes:
    """A second ``r`` run into the first without a space (fuzz): not XML, yet python-calamine
    reads it, places the cell at ``XFD1048576`` and aborted asking for 256 GB."""
    return data.replace(b'<c r="A1"', b'<c r="A1"r="XFD1048576"', 1)


def _zip_version(source: bytes) -> bytes:
    """Every part marked as needing zip version 24.4 to unpack (fuzz: a NotImplementedError)."""
    data = bytearray(source)
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:  # central directory entries
        data[start + 6 : start + 8] = struct.pack("<H", 244)
        start += 4
    return bytes(data)


def _macros(source: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            )
        return data

    return _append(_rewrite(source, change), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(508))


def _password_protected(source: bytes) -> bytes | None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(source)).encrypt("hemligt", out)
    return out.getvalue()


def workbook_files(full: bytes, kultur: bytes) -> dict[str, bytes | None]:
    """Files that are not workbooks rusmodel will open, whatever they are read for."""

    def only(part: str, change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
        return lambda name, data: change(data) if name == part else data

    opendocument = io.BytesIO()
    with zipfile.ZipFile(opendocument, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype", DATE), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(zipfile.ZipInfo("content.xml", DATE), "<office:document-content/>")
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", DATE), "<Types/>")
        archive.writestr(zipfile.ZipInfo("word/document.xml", DATE), "<w:document/>")
    return {
        "not-a-workbook.xlsx": "Aktivitet;Status\nRF1;Grön\nRF2;Gul\n".encode(),
        "empty.xlsx": b"",
        "html-page.xlsx": b"<html><body>Sidan kunde inte hittas</body></html>\n",
        "truncated.xlsx": kultur[: len(kultur) * 3 // 5],
        "zip-bomb.xlsx": _overlapping_bomb(_skeleton()),
        "zip-bomb-lying-size.xlsx": _lying_bomb(_skeleton()),
        "laughs-shared-strings.xlsx": _rewrite(kultur, only("xl/sharedStrings.xml", laughs)),
        "laughs-sheet.xlsx": _rewrite(full, only("xl/worksheets/sheet1.xml", laughs)),
        "external-entity.xlsx": _rewrite(kultur, only("xl/sharedStrings.xml", _external_entity)),
        "macros.xlsm": _macros(kultur),
        "password-protected.xlsx": _password_protected(kultur),
        "encrypted-parts.xlsx": _encrypted_parts(kultur),
        "bzip2-parts.xlsx": _rewrite_bzip2(kultur),
        "opendocument.xlsx": opendocument.getvalue(),
        "word-document.xlsx": word.getvalue(),
        "far-cell.xlsx": _rewrite(kultur, only("xl/worksheets/sheet2.xml", _far_cell)),
        "fuzz-part-name-not-utf8.xlsx": _bad_part_name(kultur),
        "fuzz-column-of-51-letters.xlsx": _rewrite(
            kultur, only("xl/worksheets/sheet2.xml", _long_column)
        ),
        "fuzz-attributes-run-together.xlsx": _rewrite(
            kultur, only("xl/worksheets/sheet2.xml", _run_together)
        ),
        "fuzz-zip-version.xlsx": _zip_version(kultur),
        "fuzz-stray-cell-a-million-rows-down.xlsx": _rewrite(
            kultur, only("xl/worksheets/sheet5.xml", _million_rows_down)
        ),
        "cells-without-references.xlsx": _rewrite(
            kultur, only("xl/worksheets/sheet5.xml", _unreferenced_cells)
        ),
        "cells-without-references-prefixed.xlsx": _rewrite(
            kultur, only("xl/worksheets/sheet5.xml", _prefixed_unreferenced_cells)
        ),
        "four-billion-shared-strings.xlsx": _rewrite(
            kultur, only("xl/sharedStrings.xml", _announced_strings)
        ),
    }


def _bad_part_name(source: bytes) -> bytes:
    """A part whose name is flagged UTF-8 but is not (fuzz: a UnicodeDecodeError in zipfile)."""
    data = bytearray(_append(source, "xl/media/bild-å.png", b"\x89PNG"))
    name = "xl/media/bild-å.png".encode()
    for start in (data.find(name), data.rfind(name)):
        data[start + len(name) - 6] = 0xE5  # å as Latin-1 inside a UTF-8 name
    return bytes(data)


def _rewrite_bzip2(source: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as new,
    ):
        for info in old.infolist():
            new.writestr(
                zipfile.ZipInfo(info.filename, DATE), old.read(info.filename), zipfile.ZIP_BZIP2
            )
    return out.getvalue()


def _edited(source: bytes, edit: Callable[[Any], None]) -> bytes:
    """The workbook opened, edited and saved by openpyxl, as a script or a person might."""
    import openpyxl

    from rusmodel.plugins.workbook.book import save_deterministic

    workbook = openpyxl.load_workbook(io.BytesIO(source))
    edit(workbook)
    out = io.BytesIO()
    save_deterministic(workbook, out)  # the same bytes every run
    return out.getvalue()


def full_files(full: bytes, kultur: bytes) -> dict[str, bytes]:
    """Full plan workbooks (``rusmodel import``) that were edited into something wrong."""
    from openpyxl.workbook import Workbook

    def missing_column(workbook: Workbook) -> None:
        workbook["Aktiviteter"].delete_cols(2)  # Aktivitet: its key row and its header

    def merged(workbook: Workbook) -> None:
        # The statuses of RF1 and of the next activity made one cell: the second is lost.
        workbook["Aktiviteter"].merge_cells("I3:I4")

    def formulas(workbook: Workbook) -> None:
        workbook["Perioder"]["C4"] = "=DATE(2023,8,31)"
        workbook["Aktiviteter"]["I4"] = '=IF(TRUE,"Grön","Röd")'

    def control_character(workbook: Workbook) -> None:
        # Excel's escape of U+0007, as a file holds it: every reader decodes it to the bell.
        workbook["Aktiviteter"]["B3"] = "Ring_x0007_ en klocka"

    def error_values(workbook: Workbook) -> None:
        # openpyxl stores these texts as error values (t="e"), as Excel does when one is typed.
        workbook["Aktiviteter"]["I4"] = "#N/A"
        workbook["Investeringar"]["C3"] = "#VALUE!"

    def bad_values(workbook: Workbook) -> None:
        workbook["Perioder"]["C4"] = "31 augusti"
        workbook["Aktiviteter"]["F3"] = "snart"
        workbook["Aktiviteter"]["I4"] = "Blå"
        workbook["Indikatorer"]["G3"] = "ofta"

    def huge_number(workbook: Workbook) -> None:
        cell = workbook["Investeringar"]["C3"]
        cell.value = "1e999999999"
        cell.data_type = "s"

    def no_plan(workbook: Workbook) -> None:
        for sheet in list(workbook.worksheets):
            if sheet.title != "Aktiviteter":
                workbook.remove(sheet)

    def deleted(*names: str) -> Callable[[Workbook], None]:
        def edit(workbook: Workbook) -> None:
            for name in names:
                workbook.remove(workbook[name])

        return edit

    def renamed_blank(workbook: Workbook) -> None:
        # Renamed and its two header rows cleared: nothing tells which table it held.
        sheet = workbook["Intern kontroll"]
        sheet.title = "Blad1"
        sheet.delete_rows(1, 2)

    return {
        "deleted-sheet.xlsx": _edited(full, deleted("Aktiviteter")),
        "deleted-sheets.xlsx": _edited(full, deleted("Utfall", "Punktlistor")),
        "renamed-sheet-without-headers.xlsx": _edited(full, renamed_blank),
        "missing-column.xlsx": _edited(full, missing_column),
        "merged-cells.xlsx": _edited(full, merged),
        "formulas.xlsx": _edited(full, formulas),
        "error-values.xlsx": _edited(full, error_values),
        "control-character.xlsx": _edited(full, control_character),
        "bad-values.xlsx": _edited(full, bad_values),
        "huge-number.xlsx": _edited(full, huge_number),
        "no-plan-sheet.xlsx": _edited(full, no_plan),
        "collection-workbook.xlsx": kultur,
    }


def returned_files(kultur: bytes) -> dict[str, bytes]:
    """Returned collection workbooks (``rusmodel collect``), edited into something wrong."""
    from openpyxl.workbook import Workbook

    def missing_column(workbook: Workbook) -> None:
        workbook["Mina aktiviteter"]["I5"] = None  # the header "Status Delår 2 2023"

    def merged(workbook: Workbook) -> None:
        sheet = workbook["Mina aktiviteter"]
        sheet["I6"] = "Grön"
        sheet.merge_cells("I6:I7")  # RF8's own status "grön" is gone

    def formulas(workbook: Workbook) -> None:
        sheet = workbook["Mina aktiviteter"]
        sheet["I7"] = '=IF(TRUE,"Grön","Röd")'
        sheet["J6"] = '=CONCATENATE("Klart"," i tid")'

    def other_plan(workbook: Workbook) -> None:
        meta = workbook["rusmodel"]
        for row in meta.iter_rows():
            if row[0].value == "plan":
                row[1].value = "Handlingsplan Grannlänet 2023–2024"

    def no_meta(workbook: Workbook) -> None:
        workbook.remove(workbook["rusmodel"])

    def hidden(**changes: str) -> Callable[[Workbook], None]:
        """The hidden sheet unhidden and typed in: the rows ``changes`` names given new values."""

        def edit(workbook: Workbook) -> None:
            for row in workbook["rusmodel"].iter_rows():
                if row[0].value in changes:
                    row[1].value = changes[row[0].value]

        return edit

    def sent_more(workbook: Workbook) -> None:
        # Folkhälsa's RF1 added to what was sent, so that Kultur might answer for it.
        meta = workbook["rusmodel"]
        row = next(r[0].row for r in meta.iter_rows() if r[0].value == "activity")
        meta.insert_rows(row)
        meta.cell(row=row, column=1, value="activity")
        meta.cell(row=row, column=2, value="RF1")
        meta.cell(row=row, column=3, value="Välmående")

    def control_character(workbook: Workbook) -> None:
        workbook["Mina aktiviteter"]["J7"] = "Klart_x0000_ i tid"  # a NUL, as a file holds it

    def statuses(workbook: Workbook) -> None:
        sheet = workbook["Hållbar utveckling"]
        sheet["I6"] = "Lila"
        sheet["I7"] = "grönt"

    # The returned workbook of the fixtures has one wrong status (Välmående!I6 "Blå"):
    # made right here, so each file below has only the fault it is named for.
    kultur = _edited(kultur, lambda workbook: workbook["Välmående"].__setitem__("I6", "Grön"))

    def headers_gone(which: Callable[[list[Any]], bool]) -> Callable[[Workbook], None]:
        def edit(workbook: Workbook) -> None:
            meta = workbook["rusmodel"]
            for row in reversed(list(meta.iter_rows())):
                if which([c.value for c in row]):
                    meta.delete_rows(row[0].row)

        return edit

    return {
        # The hidden sheet's row naming the comment column, gone (fuzz: a KeyError in collect).
        # Made again with a valid checksum: what these test is how the rows are read.
        "fuzz-no-comment-header.xlsx": _edited(
            kultur, _resigned(headers_gone(lambda row: row[:2] == ["activity_header", "comment"]))
        ),
        "no-header-names.xlsx": _edited(
            kultur, _resigned(headers_gone(lambda row: str(row[0]).endswith("_header")))
        ),
        "edited-period.xlsx": _edited(
            kultur, hidden(period="2023-d1", period_name="Delår 1 2023", previous_period="")
        ),
        "edited-unit.xlsx": _edited(kultur, hidden(group="folkhalsa", group_name="Folkhälsa")),
        # The workbook's id made again for the new period, by someone who read the source.
        "edited-period-and-id.xlsx": _edited(
            kultur,
            hidden(
                period="2023-d1",
                template=_identity(
                    "Handlingsplan Testlänet 2023–2024",
                    "Region Testlänet",
                    "2023-d1",
                    "unit",
                    "kultur",
                ),
            ),
        ),
        "edited-sent.xlsx": _edited(kultur, sent_more),
        "control-character.xlsx": _edited(kultur, control_character),
        "error-values.xlsx": _rewrite(
            kultur, lambda name, data: _error_cell(data) if name.endswith("/sheet3.xml") else data
        ),
        "missing-column.xlsx": _edited(kultur, missing_column),
        "merged-cells.xlsx": _edited(kultur, merged),
        "formulas.xlsx": _edited(kultur, formulas),
        "other-plan.xlsx": _edited(kultur, other_plan),
        "no-hidden-sheet.xlsx": _edited(kultur, no_meta),
        "unknown-statuses.xlsx": _edited(kultur, statuses),
    }


# --- Deck templates ----------------------------------------------------------------------------


def _big_part(source: bytes, name: str, size: int) -> bytes:
    """A copy of ``source`` where the XML part ``name`` is followed by ``size`` bytes of spaces.

    Written a megabyte at a time, so the script never holds the part.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with new.open(entry, "w", force_zip64=True) as target:
                target.write(old.read(info.filename))
                if info.filename == name:
                    block = b" " * (1 << 20)
                    for _ in range(size >> 20):
                        target.write(block)
    return out.getvalue()


def _macro_template(source: bytes) -> bytes:
    """A template saved as .pptm: a VBA project and the macro-enabled content type."""
    macro_type = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = re.sub(
                rb"application/vnd\.openxmlformats-officedocument\.presentationml\."
                rb"(presentation|template)\.main\+xml",
                macro_type,
                data,
            )
            return data.replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            )
        if name == "ppt/_rels/presentation.xml.rels":
            return data.replace(
                b"</Relationships>",
                b'<Relationship Id="rId99" Target="vbaProject.bin" Type="http://schemas.'
                b'microsoft.com/office/2006/relationships/vbaProject"/></Relationships>',
            )
        return data

    return _append(_rewrite(source, change), "ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(508))


def template_files(deck: bytes) -> dict[str, bytes]:
    """Deck templates (``export --template``) made to do harm, or damaged."""

    def presentation_laughs(name: str, data: bytes) -> bytes:
        if name != "ppt/presentation.xml":
            return data
        body = data.split(b"?>", 1)[1]
        return LAUGHS + body.replace(
            b"</p:presentation>", b"<p:extLst>&lol9;</p:extLst></p:presentation>"
        )

    def cut_layout(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "ppt/slideLayouts/slideLayout2.xml" else data

    return {
        "huge-part.pptx": _big_part(deck, "ppt/theme/theme1.xml", 300 * 1024 * 1024),
        "laughs.pptx": _rewrite(deck, presentation_laughs),
        "macros.pptm": _macro_template(deck),
        "not-well-formed.pptx": _rewrite(deck, cut_layout),
    }


def _builtin_deck() -> bytes:
    from pptx import Presentation

    out = io.BytesIO()
    Presentation().save(out)
    return _rewrite(out.getvalue(), lambda name, data: data)  # fixed dates: the same bytes


def _error_cell(sheet: bytes) -> bytes:
    """RF8's status (Mina aktiviteter!I7) as LibreOffice saves a lookup that found nothing."""
    cell = b'<c r="I7" s="9" t="e"><f aca="false">VLOOKUP(A7,Svar!A:B,2,0)</f><v>#N/A</v></c>'
    changed, count = re.subn(rb'<c r="I7"[^>]*>.*?</c>', cell, sheet, count=1)
    assert count == 1
    return changed


def _resigned(edit: Callable[[Any], None]) -> Callable[[Any], None]:
    """``edit``, then the hidden sheet's checksum made again for what it now holds."""
    from rusmodel.plugins.workbook import signature

    def both(workbook: Any) -> None:
        edit(workbook)
        meta = workbook["rusmodel"]
        for row in reversed(list(meta.iter_rows())):
            if row[0].value == signature.ROW:
                meta.delete_rows(row[0].row)
        signature.sign_sheet(meta)

    return both


def _identity(*made_for: str) -> str:
    from rusmodel.plugins.workbook.signature import identity

    return identity(*made_for)


def _full_workbook() -> bytes:
    from rusmodel import load_yaml
    from rusmodel.plugins.workbook.full import write_full

    out = io.BytesIO()
    write_full(load_yaml(EXAMPLE.read_bytes(), str(EXAMPLE)), out)
    return out.getvalue()


def _write(folder: Path, files: dict[str, bytes] | dict[str, bytes | None]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if data is None:
            print(f"skipped {folder.name}/{name} (its tool is not installed)", file=sys.stderr)
            continue
        (folder / name).write_bytes(data)
        print(f"{folder.relative_to(ROOT)}/{name}: {len(data):,} bytes")


def main() -> int:
    full = _full_workbook()
    kultur = KULTUR.read_bytes()
    _write(PLANS, plan_files())
    _write(WORKBOOKS, workbook_files(full, kultur))
    _write(FULL, full_files(full, kultur))
    _write(RETURNED, returned_files(kultur))
    _write(TEMPLATES, template_files(_builtin_deck()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
