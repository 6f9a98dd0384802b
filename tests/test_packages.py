"""`rusmodel.packages`: the check every Office file from elsewhere gets, whatever reads it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from rusmodel import PlanError
from rusmodel.packages import (
    DOCUMENT,
    PRESENTATION,
    WORKBOOK,
    check_package,
    describe_error,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
RETURNED = ROOT / "tests" / "fixtures" / "workbooks" / "kultur-2023-d2.xlsx"

_TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{}</Types>'
_DOCUMENT_TYPE = (
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _document(path: Path, **extra: bytes) -> Path:
    parts = {
        "[Content_Types].xml": _TYPES.format(_DOCUMENT_TYPE).encode(),
        "word/document.xml": b'<w:document xmlns:w="urn:w"><w:body/></w:document>',
    }
    return _zip(path, {**parts, **extra})


def _deck(path: Path) -> Path:
    out = io.BytesIO()
    Presentation().save(out)
    path.write_bytes(out.getvalue())
    return path


def test_each_kind_passes_its_own_files(tmp_path: Path) -> None:
    check_package(RETURNED, WORKBOOK)
    check_package(_deck(tmp_path / "mall.pptx"), PRESENTATION)
    check_package(_document(tmp_path / "bilaga.docx"), DOCUMENT)


def test_a_file_of_another_kind_is_named_for_what_it_is(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="this is an Excel workbook, not a Word document"):
        check_package(RETURNED, DOCUMENT)
    with pytest.raises(PlanError, match="this is a PowerPoint presentation, not a Word document"):
        check_package(_deck(tmp_path / "mall.docx"), DOCUMENT)


def test_a_document_with_macros_is_refused_saying_so(tmp_path: Path) -> None:
    vba = _document(tmp_path / "a.docx", **{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    with pytest.raises(PlanError) as caught:
        check_package(vba, DOCUMENT)
    assert str(caught.value.problems[0]) == (
        f"{vba}: the document contains macros (a VBA project, word/vbaProject.bin, as in "
        ".docm or .dotm); rusmodel reads no file with macros: save it as a plain .docx or .dotx"
    )
    typed = _zip(
        tmp_path / "b.docx",
        {
            "[Content_Types].xml": _TYPES.format(
                _DOCUMENT_TYPE.replace("document.main+xml", "document.macroEnabled.main+xml")
            ).encode(),
            "word/document.xml": b"<w:document xmlns:w='urn:w'/>",
        },
    )
    with pytest.raises(PlanError, match="a macro-enabled content type"):
        check_package(typed, DOCUMENT)


def test_a_dtd_in_any_part_of_a_document_is_refused(tmp_path: Path) -> None:
    laughs = (CORPUS / "templates" / "laughs.pptx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(laughs)) as archive:
        dtd = archive.read("ppt/presentation.xml")
    path = _document(tmp_path / "a.docx", **{"word/styles.xml": dtd})
    with pytest.raises(PlanError, match=r"part word/styles\.xml declares a DTD"):
        check_package(path, DOCUMENT)


def test_a_package_larger_on_disk_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = _deck(tmp_path / "mall.pptx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("ppt/media/image9.png", bytes(range(256)) * 5000)  # 1.2 MB stored
    with pytest.raises(PlanError, match="the file is larger than 1 MB; it is not a presentation"):
        check_package(path, PRESENTATION, max_unpacked=1024 * 1024)


def test_lxml_jargon_becomes_the_users_words() -> None:
    laughs = (CORPUS / "templates" / "laughs.pptx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(laughs)) as archive:
        dtd = archive.read("ppt/presentation.xml")
    with pytest.raises(etree.XMLSyntaxError) as caught:
        etree.fromstring(dtd, etree.XMLParser(resolve_entities=True, huge_tree=False))
    assert "amplification" in str(caught.value) or "loop" in str(caught.value)
    assert describe_error(caught.value, PRESENTATION) == (
        "the presentation holds XML entities that expand far beyond its size, the mark of a "
        "file made to exhaust memory; the file is refused as unsafe"
    )
    with pytest.raises(etree.XMLSyntaxError) as broken:
        etree.fromstring(b"<a>\n<b></a>")
    assert describe_error(broken.value, DOCUMENT) == (
        "a part of the document is not well-formed XML (line 2, column 8); open it in Word "
        "and save it again"
    )
