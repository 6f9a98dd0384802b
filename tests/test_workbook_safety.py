"""Hostile and broken files: each gets a clear error and nothing is written."""

from __future__ import annotations

import argparse
import importlib.util
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from rusmodel import PlanError
from rusmodel.plugins.workbook import collect
from rusmodel.plugins.workbook.read import read_plan
from rusmodel.plugins.workbook.safety import check_workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"
PLAN = FIXTURES / "collect-plan.yaml"
RETURNED = FIXTURES / "kultur-2023-d2.xlsx"  # written by LibreOffice: it has sharedStrings.xml


def _corpus_script() -> ModuleType:
    """``scripts/make_corpus.py``, whose hostile-file builders these tests share."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE_CORPUS = _corpus_script()


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a workbook with parts changed (``None`` drops a part)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def _laughs(data: bytes) -> bytes:
    """The part with a billion-laughs DTD, and an entity used inside its first text."""
    laughs: bytes = MAKE_CORPUS.laughs(data)
    return laughs


def _refused(path: Path, *needles: str) -> str:
    with pytest.raises(PlanError) as caught:
        check_workbook(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    for needle in needles:
        assert needle in problem.message
    return problem.message


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "svar.xlsx"
    path.write_text("Aktivitet;Status\nRF1;Grön\n", encoding="utf-8")
    _refused(path, "not an Excel workbook")
    empty = tmp_path / "tom.xlsx"
    empty.write_bytes(b"")
    _refused(empty, "empty")
    _refused(tmp_path / "saknas.xlsx", "does not exist")


def test_a_truncated_workbook(tmp_path: Path) -> None:
    path = tmp_path / "halv.xlsx"
    path.write_bytes(RETURNED.read_bytes()[: RETURNED.stat().st_size // 2])
    _refused(path, "damaged or truncated")


def test_a_password_protected_or_old_xls_workbook(tmp_path: Path) -> None:
    path = tmp_path / "krypterad.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    _refused(path, "password-protected", ".xls")


def test_a_workbook_with_macros(tmp_path: Path) -> None:
    path = tmp_path / "makro.xlsm"
    with zipfile.ZipFile(RETURNED) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        new.writestr("xl/vbaProject.bin", b"\x00" * 100)
    _refused(path, "macros", ".xlsx")


def test_other_office_files(tmp_path: Path) -> None:
    ods = tmp_path / "svar.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    _refused(ods, "OpenDocument")
    docx = tmp_path / "svar.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    _refused(docx, "Word document")


def test_billion_laughs_in_shared_strings(tmp_path: Path) -> None:
    path = _rewrite(
        RETURNED,
        tmp_path / "laughs.xlsx",
        lambda name, data: _laughs(data) if name == "xl/sharedStrings.xml" else data,
    )
    _refused(path, "xl/sharedStrings.xml", "DTD")


def test_billion_laughs_in_a_sheet(tmp_path: Path) -> None:
    path = _rewrite(
        RETURNED,
        tmp_path / "laughs.xlsx",
        lambda name, data: _laughs(data) if name == "xl/worksheets/sheet2.xml" else data,
    )
    _refused(path, "xl/worksheets/sheet2.xml", "DTD")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_billion_laughs_in_a_part_written_in_utf16(encoding: str, tmp_path: Path) -> None:
    def utf16(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        text = _laughs(data).decode().replace('<?xml version="1.0"?>', "")
        return f'<?xml version="1.0" encoding="UTF-16"?>{text}'.encode(encoding)

    path = _rewrite(RETURNED, tmp_path / "laughs16.xlsx", utf16)
    _refused(path, "xl/sharedStrings.xml", "DTD")


def test_comments_and_cdata_are_not_taken_for_a_dtd(tmp_path: Path) -> None:
    def commented(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet2.xml":
            return data
        return data.replace(b"<sheetData>", b"<!-- a comment --><sheetData>", 1)

    path = _rewrite(RETURNED, tmp_path / "comment.xlsx", commented)
    assert check_workbook(path) == frozenset()


def test_the_value_reader_does_not_expand_entities_either(tmp_path: Path) -> None:
    """Past the check, python-calamine refuses the entity instead of expanding it."""
    import python_calamine

    path = _rewrite(
        RETURNED,
        tmp_path / "laughs.xlsx",
        lambda name, data: _laughs(data) if name == "xl/sharedStrings.xml" else data,
    )
    with pytest.raises(python_calamine.CalamineError, match="entity"):
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_a_zip_bomb_is_refused_by_what_it_unpacks_to(tmp_path: Path) -> None:
    path = _rewrite(RETURNED, tmp_path / "bomb.xlsx", lambda name, data: data)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/nollor.bin", "w") as part,
    ):
        for _ in range(20):
            part.write(bytes(1024 * 1024))
    with pytest.raises(PlanError, match="unpacks to more than 8 MB"):
        check_workbook(path, max_unpacked=8 * 1024 * 1024)
    check_workbook(path)  # 20 MB is within the default limit


def _overlapping(source: Path, target: Path, copies: int) -> Path:
    """A zip bomb made of many directory entries that all point at one large part."""
    data = MAKE_CORPUS.overlapping_entries(source.read_bytes(), "xl/media/nollor.bin", copies)
    target.write_bytes(data)
    return target


def test_an_overlapping_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    base = _rewrite(RETURNED, tmp_path / "base.xlsx", lambda name, data: data)
    with (
        zipfile.ZipFile(base, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/nollor.bin", "w") as part,
    ):
        for _ in range(16):
            part.write(bytes(1024 * 1024))
    bomb = _overlapping(base, tmp_path / "bomb.xlsx", copies=80)
    assert bomb.stat().st_size < 200_000
    message = _refused(bomb, "unpacks to more than 256 MB")
    assert "(1296 MB or more)" in message


def test_a_part_that_unpacks_to_more_than_it_declares(tmp_path: Path) -> None:
    path = _rewrite(RETURNED, tmp_path / "ljuger.xlsx", lambda name, data: data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/nollor.bin", bytes(2 * 1024 * 1024))
        info = archive.getinfo("xl/media/nollor.bin")
    raw = bytearray(path.read_bytes())
    # Make both the local header and the directory entry claim 1000 bytes.
    local = info.header_offset
    raw[local + 22 : local + 26] = struct.pack("<I", 1000)
    position = raw.rindex(b"xl/media/nollor.bin") - 46
    assert raw[position : position + 4] == b"PK\x01\x02"
    raw[position + 24 : position + 28] = struct.pack("<I", 1000)
    path.write_bytes(bytes(raw))
    _refused(path, "unpacks to more than it declares")


def test_reading_a_hostile_file_as_a_plan_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(PlanError, match="password-protected"):
        read_plan(path)


@pytest.mark.parametrize("kind", ["not_zip", "truncated", "laughs", "encrypted"])
def test_collect_writes_nothing_from_hostile_files(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.xlsx"
    if kind == "not_zip":
        path.write_text("<html>inte en arbetsbok</html>", encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(RETURNED.read_bytes()[:5000])
    elif kind == "laughs":
        _rewrite(
            RETURNED,
            path,
            lambda name, data: _laughs(data) if name == "xl/sharedStrings.xml" else data,
        )
    else:
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    parser = argparse.ArgumentParser()
    collect.add_arguments(parser)
    output = tmp_path / "merged.yaml"
    args = parser.parse_args([str(PLAN), str(path), "--output", str(output)])
    assert collect.run(args) == 1
    out = capsys.readouterr().out
    assert f"{path}: " in out
    assert "Inget skrevs" in out
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_a_good_workbook_passes_and_is_read() -> None:
    from rusmodel.plugins.workbook.values import open_book

    assert check_workbook(RETURNED) == frozenset()  # no sheet holds a formula
    book = open_book(RETURNED)
    assert "Mina aktiviteter" in book.sheets  # the sheet LibreOffice renamed


@pytest.mark.parametrize(
    "reference",
    [
        b'r="XFD1048577"',  # one row past the last
        b'r="XFE1"',  # one column past the last
        b"r='XFD1048577'",
        b'r = "xfe1"',
        b'r="IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII53"',  # wraps around in the reader
        b'r="A99999999999999999999"',
        b'r="A60"r="XFE1"',  # two attributes run together: the reader takes the second
        b'r="XFD0001048577"',  # leading zeros, which the reader skips
    ],
)
def test_a_reference_beyond_the_last_cell_is_refused_however_written(
    reference: bytes, tmp_path: Path
) -> None:
    path = _with_row(b'<row r="60"><c\t' + reference + b' t="n"><v>1</v></c></row>', tmp_path)
    _refused(path, "xl/worksheets/sheet2.xml", "beyond the last cell")


def test_the_last_cell_itself_is_a_grid_too_big_not_a_damaged_file(tmp_path: Path) -> None:
    path = _with_row(b'<row r="60"><c r="XFD1048576" t="n"><v>1</v></c></row>', tmp_path)
    _refused(path, "reaches row 1048576 and column 16384")


def test_leading_zeros_do_not_hide_how_far_a_cell_is(tmp_path: Path) -> None:
    # Read as row 0 by the check, this one made python-calamine abort asking for 550 GB.
    path = _with_row(b'<row r="60"><c r="XFD000000001048576"><v>1</v></c></row>', tmp_path)
    _refused(path, "reaches row 1048576 and column 16384")


@pytest.mark.parametrize(
    ("announced", "refused"),
    [
        (b'uniqueCount="4000000000"', True),
        (b"uniqueCount = '+0005000001'", True),
        (b'uniqueCount="5000000"', False),
        (b'uniqueCount="4e9"', False),  # the reader cannot parse it, and ignores it
    ],
)
def test_shared_strings_may_not_announce_more_than_a_workbook_holds(
    announced: bytes, refused: bool, tmp_path: Path
) -> None:
    def announce(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        return re.sub(rb'uniqueCount="[0-9]+"', announced, data, count=1)

    path = _rewrite(RETURNED, tmp_path / "announced.xlsx", announce)
    if refused:
        _refused(path, "xl/sharedStrings.xml announces", "shared strings")
    else:
        assert check_workbook(path) == frozenset()


def test_an_announcement_cut_between_two_pieces_is_read_whole(tmp_path: Path) -> None:
    """Spaces enough to put the number in the next piece the check unpacks."""
    spaces = b" " * (3 << 20)

    def announce(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        return re.sub(rb'uniqueCount="[0-9]+"', b"uniqueCount" + spaces + b'="4000000000"', data)

    path = _rewrite(RETURNED, tmp_path / "announced.xlsx", announce)
    _refused(path, "announces 4,000,000,000 shared strings")


TEXT_LIKE_REFERENCES = b'se r="XFE1" och r="A2000000"'


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="A60" t="inlineStr"><is><t>' + TEXT_LIKE_REFERENCES + b"</t></is></c>",
        b'<c r="A60" t="inlineStr"><is><r><t xml:space="preserve">'
        + TEXT_LIKE_REFERENCES
        + b"</t></r></is></c>",
        b'<c r="A60" t="str"><f>"'
        + TEXT_LIKE_REFERENCES
        + b'"</f><v>'
        + TEXT_LIKE_REFERENCES
        + b"</v></c>",
    ],
)
def test_a_cells_text_that_reads_as_a_reference_places_nothing(cell: bytes, tmp_path: Path) -> None:
    from rusmodel.plugins.workbook.values import open_book

    path = _with_row(b'<row r="60">' + cell + b"</row>", tmp_path)
    check_workbook(path)
    sheet = next(s for s in open_book(path) if s.height >= 60)
    assert sheet.value(60, 1) == TEXT_LIKE_REFERENCES.decode()


def test_a_cell_beyond_the_last_is_refused_beside_such_text(tmp_path: Path) -> None:
    text = b'<c r="A60" t="inlineStr"><is><t>' + TEXT_LIKE_REFERENCES + b"</t></is></c>"
    path = _with_row(b'<row r="60">' + text + b'<c r="XFE60"><v>1</v></c></row>', tmp_path)
    _refused(path, "beyond the last cell")


def _prefixed_sheet(rows: bytes, tmp_path: Path) -> Path:
    """The returned workbook with its second sheet written with a namespace prefix (x:)."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="'
        b'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        + rows
        + b"</x:sheetData></x:worksheet>"
    )
    return _rewrite(
        RETURNED,
        tmp_path / "prefixed.xlsx",
        lambda name, data: sheet if name == "xl/worksheets/sheet2.xml" else data,
    )


def test_cells_and_rows_with_a_namespace_prefix_are_counted_as_any(tmp_path: Path) -> None:
    """python-calamine reads <x:c> as a cell: 20 000 without a reference in row 1048576 made it
    abort the process asking for 121 GB, where the values are read in the same process."""
    cell = b'<x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
    wide = _prefixed_sheet(b'<x:row r="1048576">' + cell * 20_000 + b"</x:row>", tmp_path)
    _refused(wide, "xl/worksheets/sheet2.xml", "beyond the last cell")
    far = _prefixed_sheet(b'<x:row r="900000">' + cell * 10 + b"</x:row>", tmp_path)
    _refused(far, "reaches row 900000 and column 10")
    empty = _prefixed_sheet(b'<x:row r="3">' + cell + b'</x:row><x:row r="1048576"/>', tmp_path)
    assert check_workbook(empty) == frozenset()


def test_a_formula_is_found_whatever_prefix_its_element_has(tmp_path: Path) -> None:
    """The root element's prefix (x:) need not be the formula's (y:): the reader reads both,
    and a formula without a saved result must be found to be refused."""
    from rusmodel.plugins.workbook.values import open_book

    row = b'<y:row xmlns:y="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="3">'
    row += b'<y:c r="A3"><y:f>SUM(B1:B2)</y:f></y:c></y:row>'
    path = _prefixed_sheet(row, tmp_path)
    assert check_workbook(path) == {"xl/worksheets/sheet2.xml"}
    assert any(sheet.formulas == {(3, 1): "SUM(B1:B2)"} for sheet in open_book(path))


def _with_row(row: bytes, tmp_path: Path) -> Path:
    def add(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet2.xml":
            return data
        return data.replace(b"</sheetData>", row + b"</sheetData>", 1)

    return _rewrite(RETURNED, tmp_path / "row.xlsx", add)


@pytest.mark.parametrize(
    "row", [b'<row r="1048576"/>', b'<row r="1048576" ht="12.8" customHeight="false"></row>']
)
def test_an_empty_row_far_down_places_nothing(row: bytes, tmp_path: Path) -> None:
    """LibreOffice writes an empty row 1048576; the reader places no cell there."""
    assert check_workbook(_with_row(row, tmp_path)) == frozenset()


def test_a_cell_without_a_reference_is_placed_in_its_row(tmp_path: Path) -> None:
    path = _with_row(b'<row r="900000"><c t="n"><v>1</v></c></row>', tmp_path)
    _refused(path, "reaches row 900000")


@pytest.mark.parametrize("chunk", [97, 1000])
def test_rows_cut_between_two_pieces_are_read_whole(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rusmodel.plugins.workbook import safety

    monkeypatch.setattr(safety, "_CHUNK", chunk)
    libreoffice = FIXTURES / "folkhalsa-2023-d2.xlsx"  # an empty row 1048576 on a sheet
    assert b'<row r="1048576"' in zipfile.ZipFile(libreoffice).read("xl/worksheets/sheet3.xml")
    assert check_workbook(libreoffice) == frozenset()
    far = _with_row(b'<row r="900000"><c r="A900000" t="n"><v>1</v></c></row>', tmp_path)
    _refused(far, "reaches row 900000")


def test_cells_without_references_are_counted_where_the_reader_puts_them(tmp_path: Path) -> None:
    """No reference shows how wide such a row is: the reader puts each cell after the last."""
    wide = _with_row(b'<row r="60">' + b'<c t="n"><v>1</v></c>' * 20_000 + b"</row>", tmp_path)
    _refused(wide, "xl/worksheets/sheet2.xml", "beyond the last cell")
    far = _with_row(b'<row r="100000">' + b'<c t="n"><v>1</v></c>' * 60 + b"</row>", tmp_path)
    _refused(far, "reaches row 100000 and column 60")


def test_a_few_cells_without_references_are_read(tmp_path: Path) -> None:
    from rusmodel.plugins.workbook.values import open_book

    row = b'<row r="60"><c t="n"><v>7</v></c><c r="D60" t="n"><v>8</v></c><c t="n"><v>9</v></c>'
    path = _with_row(row + b"</row>", tmp_path)
    assert check_workbook(path) == frozenset()
    sheet = next(s for s in open_book(path) if s.height >= 60)
    assert [sheet.value(60, c) for c in (1, 4, 5)] == [7, 8, 9]
