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


# -- templates: ActiveX controls and OLE objects ----------------------------------------------

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"


def _with(source: Path, path: Path, parts: dict[str, bytes], rels: str = "", rel: str = "") -> Path:
    """A copy of the package ``source`` with ``parts`` added and the relationship ``rel`` (an
    XML element) added to its part of relationships ``rels``."""
    with zipfile.ZipFile(source) as archive:
        entries = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    if rels:
        entries[rels] = entries[rels].replace(
            b"</Relationships>", rel.encode() + b"</Relationships>"
        )
    return _zip(path, {**entries, **parts})


def _crafted_decks(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Deck templates each holding one thing a template may not, and what the refusal names."""
    deck = _deck(tmp_path / "ren.pptx")
    control = f'<Relationship Id="rId90" Type="{_REL}control" Target="../activeX/activeX1.xml"/>'
    ole = f'<Relationship Id="rId91" Type="{_REL}oleObject" Target="../embeddings/oleObject1.bin"/>'
    linked = (
        f"<Relationship Id='rId92' TargetMode='External' Type='{_REL}oleObject' "
        "Target='file:///C:/Ekonomi/budget.xls'/>"
    )
    package = (
        f'<Relationship Id="rId93" Type="{_REL}package" '
        'Target="../embeddings/Microsoft_Word_Document1.docx"/>'
    )
    activex = {"ppt/activeX/activeX1.xml": b"<ax:ocx xmlns:ax='urn:ax'/>"}
    word = {
        "ppt/embeddings/Microsoft_Word_Document1.docx": _document(tmp_path / "i.docx").read_bytes()
    }
    return {
        "activex": (
            _with(deck, tmp_path / "activex.pptx", activex, _LAYOUT_RELS, control),
            "ActiveX controls (ppt/activeX/activeX1.xml)",
        ),
        "activex relationship only": (
            _with(deck, tmp_path / "control.pptx", {}, _LAYOUT_RELS, control),
            "ActiveX controls (in ppt/slideLayouts/slideLayout1.xml)",
        ),
        "ole": (
            _with(
                deck,
                tmp_path / "ole.pptx",
                {"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Package"},
                _LAYOUT_RELS,
                ole,
            ),
            "an embedded OLE object (ppt/embeddings/oleObject1.bin)",
        ),
        "linked ole": (
            _with(deck, tmp_path / "linked.pptx", {}, _LAYOUT_RELS, linked),
            "an OLE object linked to another file (file:///C:/Ekonomi/budget.xls)",
        ),
        "embedded document": (
            _with(deck, tmp_path / "word.pptx", word, _LAYOUT_RELS, package),
            "an embedded object (ppt/embeddings/Microsoft_Word_Document1.docx)",
        ),
    }


@pytest.mark.parametrize(
    "case", ["activex", "activex relationship only", "ole", "linked ole", "embedded document"]
)
def test_a_deck_template_with_a_control_or_an_embedded_object_is_refused_in_one_line(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from rusmodel.cli import main

    template, found = _crafted_decks(tmp_path)[case]
    check_package(template, PRESENTATION)  # as any presentation read, it is fine
    out = tmp_path / "deck.pptx"
    args = ["export", str(ROOT / "examples" / "sample-plan.yaml"), "-o", str(out)]
    assert main([*args, "--template", str(template)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    them = "it" if found.startswith("an ") else "them"
    assert line == (
        f"{template}: --template: the presentation contains {found}; rusmodel carries no "
        f"control or embedded object of a template into what it writes: delete {them} in "
        "PowerPoint and save the template again"
    )
    assert not out.exists()


def test_everything_found_is_named_in_the_one_line(tmp_path: Path) -> None:
    decks = _crafted_decks(tmp_path)
    both = _with(
        decks["activex"][0],
        tmp_path / "both.pptx",
        {"ppt/embeddings/oleObject7.bin": b"\xd0\xcf\x11\xe0"},
    )
    with pytest.raises(PlanError) as caught:
        check_package(both, PRESENTATION, template=True)
    [problem] = caught.value.problems
    assert problem.message.startswith(
        "the presentation contains ActiveX controls (ppt/activeX/activeX1.xml) and an embedded "
        "OLE object (ppt/embeddings/oleObject7.bin); "
    )


def test_a_template_with_a_chart_keeps_its_charts_embedded_workbook(tmp_path: Path) -> None:
    """A chart's data is an embedded workbook too, but the chart's own: the template is used."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    from rusmodel.cli import main

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    data = CategoryChartData()
    data.categories = ["Grön", "Gul", "Röd"]
    data.add_series("Aktiviteter", (12, 4, 1))
    slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(6), Inches(4), data
    )
    template = tmp_path / "diagram.pptx"
    prs.save(template)
    with zipfile.ZipFile(template) as archive:
        assert any(n.startswith("ppt/embeddings/") for n in archive.namelist())
    check_package(template, PRESENTATION, template=True)
    out = tmp_path / "deck.pptx"
    plan = str(ROOT / "examples" / "sample-plan.yaml")
    assert main(["export", plan, "-o", str(out), "--template", str(template)]) == 0
    assert out.exists()


def test_a_word_template_with_activex_or_ole_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from document_helpers import word_template
    from rusmodel.cli import main

    good = word_template(tmp_path / "mall.dotx", dotx=True)
    rels = "word/_rels/document.xml.rels"
    control = f'<Relationship Id="rId90" Type="{_REL}control" Target="activeX/activeX1.xml"/>'
    ole = f'<Relationship Id="rId91" Type="{_REL}oleObject" Target="embeddings/oleObject1.bin"/>'
    cases = {
        "ActiveX controls (word/activeX/activeX1.xml)": _with(
            good,
            tmp_path / "activex.dotx",
            {"word/activeX/activeX1.xml": b"<ax:ocx xmlns:ax='urn:ax'/>"},
            rels,
            control,
        ),
        "an embedded OLE object (word/embeddings/oleObject1.bin)": _with(
            good,
            tmp_path / "ole.dotx",
            {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"},
            rels,
            ole,
        ),
    }
    plan = str(ROOT / "examples" / "sample-plan.yaml")
    for found, template in [*cases.items(), ("", good)]:
        out = tmp_path / "rapport.docx"
        args = ["export", plan, "--format", "docx", "-o", str(out), "--template", str(template)]
        if not found:  # the same template without them is used
            assert main(args) == 0 and out.exists()
            continue
        assert main(args) == 1
        [line] = capsys.readouterr().err.splitlines()
        assert line.startswith(f"{template}: --template: the document contains {found}; ")
        them = "them" if found.startswith("ActiveX") else "it"
        assert line.endswith(f"delete {them} in Word and save the template again")
        assert not out.exists()


def test_a_returned_workbook_may_hold_an_embedded_object(tmp_path: Path) -> None:
    """Only its cells are read, and nothing of it is carried anywhere: it is not refused."""
    parts = {"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}
    path = _with(RETURNED, tmp_path / "svar.xlsx", parts)
    check_package(path, WORKBOOK)
    with pytest.raises(PlanError, match="embedded OLE object"):
        check_package(path, WORKBOOK, template=True)
