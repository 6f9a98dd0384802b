"""The Word documents (``--format docx``): their structure, read from the XML.

How they look is checked by rendering them (``test_document_render.py``);
here: headings in order, the contents field, table header rows that repeat,
tables within the margins, alt text, the language, the footer's page
numbers, status cells, templates, stable bytes and bad input.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path

import attrs
import pytest

from document_helpers import (
    EXAMPLES,
    NS,
    W,
    body_text,
    example,
    headings,
    make_document,
    part,
    parts,
    style_names,
    text_width_twips,
    word_template,
)
from rusmodel import PlanError, load_yaml
from rusmodel.cli import main
from rusmodel.model import BUILTIN_SCALES
from rusmodel.plugins.document.colours import contrast, text_colour_on
from rusmodel.plugins.document.template import open_document

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
KINDS = ("plan", "follow-up")


@pytest.fixture(scope="module")
def documents() -> dict[tuple[str, str], bytes]:
    """Both kinds from every example, made once."""
    made = {}
    for path in EXAMPLE_FILES:
        plan = example(path.name)
        for kind in KINDS:
            made[(path.name, kind)] = make_document(plan, kind)
    return made


CASES = [(p.name, k) for p in EXAMPLE_FILES for k in KINDS]


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_headings_start_at_one_and_never_skip_a_level(
    name: str, kind: str, documents: dict[tuple[str, str], bytes]
) -> None:
    found = headings(documents[(name, kind)])
    assert found, "the document has no headings"
    levels = [level for level, _ in found]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), found
    assert all(text.strip() for _, text in found)


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_the_contents_is_a_toc_field_listing_the_headings(
    name: str, kind: str, documents: dict[tuple[str, str], bytes]
) -> None:
    data = documents[(name, kind)]
    body = part(data, "word/document.xml")
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert any(i.strip().startswith('TOC \\o "1-2"') for i in instructions)
    links = {h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink")}
    marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert links and links <= marks
    settings = part(data, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{W}val") == "true"


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_every_table_fits_the_margins_repeats_its_header_and_has_alt_text(
    name: str, kind: str, documents: dict[tuple[str, str], bytes]
) -> None:
    data = documents[(name, kind)]
    body = part(data, "word/document.xml")
    width = text_width_twips(data)
    tables = body.findall(".//w:tbl", NS)
    for table in tables:
        grid = [int(c.get(f"{W}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(grid) <= width, (sum(grid), width)
        assert table.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "fixed"
        first = table.find("w:tr", NS)
        assert first.find("w:trPr/w:tblHeader", NS) is not None
        caption = table.find("w:tblPr/w:tblCaption", NS).get(f"{W}val")
        description = table.find("w:tblPr/w:tblDescription", NS).get(f"{W}val")
        assert caption.strip() and "Kolumner:" in description
    if name != "sample-plan.yaml" or kind == "follow-up":
        assert tables


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_language_and_page_numbers(
    name: str, kind: str, documents: dict[tuple[str, str], bytes]
) -> None:
    data = documents[(name, kind)]
    styles = part(data, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{W}val") == "sv-SE"
    footers = [n for n in parts(data) if n.startswith("word/footer")]
    fields = " ".join(t.text for name_ in footers for t in part(data, name_).iter(f"{W}instrText"))
    assert "PAGE" in fields and "NUMPAGES" in fields


def test_the_same_plan_gives_the_same_bytes() -> None:
    plan = example("forvaltningsplan-2023.yaml")
    assert make_document(plan, "follow-up") == make_document(plan, "follow-up")
    plan = example("verksamhetsplan-2020.yaml")
    assert make_document(plan, "plan") == make_document(plan, "plan")


# -- the plan document ---------------------------------------------------------------------


def test_the_plan_document_has_the_plans_chapters_units_and_budget(
    documents: dict[tuple[str, str], bytes],
) -> None:
    data = documents[("verksamhetsplan-2020.yaml", "plan")]
    found = headings(data)
    titles = [t for _, t in found]
    plan = example("verksamhetsplan-2020.yaml")
    assert titles[0] == "Sammanfattning"
    assert found[-1] == (1, "Uppföljning och utvärdering")
    assert (1, "Budget 2020") in found
    for unit in plan.units:
        assert (2, unit.name) in found
    assert (3, "Social välfärd") in found  # a unit's own chapter
    text = body_text(data)
    for activity in plan.activities:
        assert activity.title in text
    # The budget in tkr, Swedish numbers with a no-break space between digit groups.
    assert "14\u00a0500" in text and "Belopp i tkr" in text
    body = part(data, "word/document.xml")
    bold = [
        "".join(t.text for t in r.iter(f"{W}t"))
        for r in body.iter(f"{W}r")
        if r.find("w:rPr/w:b", NS) is not None
    ]
    assert "regionala utvecklingsstrategin" in bold  # **bold** in the unit's description
    bullets = [p for p in body.iter(f"{W}p") if p.find("w:pPr/w:numPr", NS) is not None]
    assert len(bullets) > 10  # the prose's bullet lists are Word lists


def test_the_plan_document_in_english() -> None:
    data = make_document(example("verksamhetsplan-2020.yaml"), "plan", lang="en")
    titles = [t for _, t in headings(data)]
    assert titles[0] == "Summary" and "The units' work 2020–2022" in titles
    styles = part(data, "word/styles.xml")
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{W}val") == "en-GB"
    assert "Amounts in kSEK" in body_text(data)


# -- the follow-up report -----------------------------------------------------------------


def _cell_of(body: object, text: str) -> object:
    for tc in body.iter(f"{W}tc"):  # type: ignore[attr-defined]
        if "".join(t.text or "" for t in tc.iter(f"{W}t")) == text:
            return tc
    raise AssertionError(f"no cell says {text!r}")


def test_the_report_shows_status_as_a_coloured_cell_with_a_word(
    documents: dict[tuple[str, str], bytes],
) -> None:
    data = documents[("forvaltningsplan-2023.yaml", "follow-up")]
    body = part(data, "word/document.xml")
    cell = _cell_of(body, "Grön")
    assert cell.find("w:tcPr/w:shd", NS).get(f"{W}fill") == "00A651"  # type: ignore[attr-defined]
    colour = cell.find(".//w:rPr/w:color", NS).get(f"{W}val")  # type: ignore[attr-defined]
    assert contrast(colour, "00A651") >= 4.5
    text = body_text(data)
    assert "28 av 28 aktiviteter (100\u00a0%) löper på enligt plan." in text
    found = headings(data)
    for title in ("Sammanfattning", "Aktiviteter och åtgärder", "Indikatorer", "Ekonomi"):
        assert (1, title) in found
    assert (1, "Intern kontroll") in found and (2, "Resultaträkning") in found


def test_the_report_says_the_forecast_once_as_the_deck_does(
    documents: dict[tuple[str, str], bytes],
) -> None:
    # The plan's forecast comment already says "Prognos (per augusti) -1,5 mnkr.": the report
    # said it a second time in a bold line of its own, which the deck never did.
    text = body_text(documents[("forvaltningsplan-2023.yaml", "follow-up")])
    economy = text[text.index("\nEkonomi\nPeriodens resultat: 6,2\u00a0mnkr") :]
    assert "Prognos (per augusti) -1,5 mnkr." in economy
    assert "Prognos helår" not in economy
    assert economy.count("-1,5 mnkr") + economy.count("-1,5\u00a0mnkr") == 1


def test_the_income_statement_heads_its_columns_with_their_groups_as_the_deck_does(
    documents: dict[tuple[str, str], bytes],
) -> None:
    # Månadsbokslut over the period's two columns, Helår over the year's three, above the
    # column headers, and both rows repeat on the next page; the report had no group row.
    body = part(documents[("forvaltningsplan-2023.yaml", "follow-up")], "word/document.xml")
    table = next(
        t
        for t in body.iter(f"{W}tbl")
        if t.find(f"{W}tblPr/{W}tblCaption", NS).get(f"{W}val") == "Resultaträkning"
    )
    groups, header = table.findall(f"{W}tr")[:2]
    spans = [
        (
            "".join(t.text or "" for t in tc.iter(f"{W}t")),
            int(tc.find(f"{W}tcPr/{W}gridSpan", NS).get(f"{W}val"))
            if tc.find(f"{W}tcPr/{W}gridSpan", NS) is not None
            else 1,
        )
        for tc in groups.findall(f"{W}tc")
    ]
    assert spans == [("", 1), ("Månadsbokslut", 2), ("Helår", 3)]
    texts = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in header.findall(f"{W}tc")]
    assert texts[:3] == ["Belopp i mnkr", "Augusti 2023", "Augusti 2022"]
    for row in (groups, header):
        assert row.find(f"{W}trPr/{W}tblHeader", NS) is not None


def test_the_forecast_comment_is_in_the_languages_forms_as_in_the_deck() -> None:
    # The deck writes the plan's "-1,9%" as every percent ("-1,9 %") and, in English,
    # "-1,5 mnkr" as "-1.5 MSEK"; the report left the comment as the plan wrote it.
    plan = example("forvaltningsplan-2023.yaml")
    swedish = body_text(make_document(plan, "follow-up"))
    assert "Intäktsutveckling -1,9\u00a0% jmf med fg år." in swedish
    english = body_text(make_document(plan, "follow-up", lang="en"))
    assert "Prognos (per augusti) -1.5 MSEK." in english
    assert "Intäktsutveckling -1.9% jmf med fg år." in english


def test_the_report_grouped_by_unit_and_in_english() -> None:
    plan = example("forvaltningsplan-2023.yaml")
    data = make_document(plan, "follow-up", lang="en", group_by="unit")
    found = headings(data)
    assert (1, "Activities and actions") in found
    assert (2, "Folkhälsa") in found
    assert "Green" in body_text(data)


def test_a_report_of_a_plan_with_two_periods_shows_the_changes() -> None:
    data = make_document(example("rus-handlingsplan.yaml"), "follow-up")
    assert any(t.startswith("Förändringar sedan") for _, t in headings(data))


def test_a_report_of_a_plan_without_periods_lists_what_is_to_be_followed_up(
    documents: dict[tuple[str, str], bytes],
) -> None:
    text = body_text(documents[("verksamhetsplan-2020.yaml", "follow-up")])
    assert "ingen uppföljningsperiod" in text
    assert "Genomföra transporthandlingsplanen." in text


@pytest.mark.parametrize("scale", list(BUILTIN_SCALES.values()), ids=lambda s: s.id)
def test_every_status_colour_gets_text_of_enough_contrast(scale: object) -> None:
    for value in scale.values:  # type: ignore[attr-defined]
        assert contrast(text_colour_on(value.colour), value.colour) >= 4.5


def test_any_fill_gets_text_of_enough_contrast() -> None:
    for red in range(0, 256, 17):
        for green in range(0, 256, 17):
            for blue in range(0, 256, 51):
                fill = f"{red:02X}{green:02X}{blue:02X}"
                assert contrast(text_colour_on(fill), fill) >= 4.5, fill


# -- templates ----------------------------------------------------------------------------


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_a_template_gives_its_page_fonts_and_header(tmp_path: Path, dotx: bool) -> None:
    name = "region.dotx" if dotx else "region.docx"
    template = word_template(tmp_path / name, dotx=dotx, landscape_a5=True)
    plan = example("forvaltningsplan-2023.yaml")
    data = make_document(plan, "follow-up", template=str(template))
    body = part(data, "word/document.xml")
    size = body.find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "8391")  # A5 landscape
    width = text_width_twips(data)
    assert width == 11906 - 2 * 1134
    for table in body.findall(".//w:tbl", NS):
        grid = [int(c.get(f"{W}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(grid) <= width
    text = body_text(data)
    assert "MALLTEXT" not in text
    headers = [n for n in parts(data) if n.startswith("word/header")]
    assert any(
        "Region Exempel – mall" in "".join(t.text or "" for t in part(data, h).iter(f"{W}t"))
        for h in headers
    )
    styles = part(data, "word/styles.xml")
    fonts = {f.get(f"{W}ascii") for f in styles.iter(f"{W}rFonts")}
    assert "Arial" in fonts
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in types


def test_a_templates_own_footer_is_kept(tmp_path: Path) -> None:
    import docx

    template = word_template(tmp_path / "footer.docx")
    doc = docx.Document(str(template))
    doc.sections[0].footer.paragraphs[0].text = "Region Exempel, 721 89 Västerås"
    doc.save(str(template))
    data = make_document(example("sample-plan.yaml"), "plan", template=str(template))
    footers = [n for n in parts(data) if n.startswith("word/footer")]
    texts = ["".join(t.text or "" for t in part(data, f).iter(f"{W}t")) for f in footers]
    assert texts == ["Region Exempel, 721 89 Västerås"]


def test_a_template_without_heading_styles_gets_them(tmp_path: Path) -> None:
    template = word_template(tmp_path / "bare.docx")
    with zipfile.ZipFile(template) as source:
        entries = {i.filename: source.read(i.filename) for i in source.infolist()}
    styles = entries["word/styles.xml"]
    tree = __import__("lxml.etree", fromlist=["etree"]).fromstring(styles)
    for style in list(tree.iter(f"{W}style")):
        if style.get(f"{W}styleId") in ("Heading2", "Heading3", "TOCHeading", "ListParagraph"):
            tree.remove(style)
    entries["word/styles.xml"] = __import__("lxml.etree", fromlist=["etree"]).tostring(tree)
    with zipfile.ZipFile(template, "w") as target:
        for name, content in entries.items():
            target.writestr(name, content)
    data = make_document(example("verksamhetsplan-2020.yaml"), "plan", template=str(template))
    levels = {level for level, _ in headings(data)}
    assert levels == {1, 2, 3}
    names = set(style_names(data).values())
    assert {"heading 2", "heading 3", "toc 1", "toc 2"} <= names


def test_a_template_without_lists_gets_a_numbering_part(tmp_path: Path) -> None:
    template = word_template(tmp_path / "plain.docx")
    with zipfile.ZipFile(template) as source:
        entries = {i.filename: source.read(i.filename) for i in source.infolist()}
    del entries["word/numbering.xml"]
    rels = entries["word/_rels/document.xml.rels"].decode()
    rels = re.sub(r"<Relationship [^>]*numbering\.xml\"/>", "", rels)
    entries["word/_rels/document.xml.rels"] = rels.encode()
    _zip(template, entries)
    data = make_document(example("verksamhetsplan-2020.yaml"), "plan", template=str(template))
    numbering = part(data, "word/numbering.xml")
    assert numbering.find("w:abstractNum/w:lvl/w:numFmt", NS).get(f"{W}val") == "bullet"


# -- bad input ----------------------------------------------------------------------------


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


def _broken_templates(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "text.dotx"
    text.write_text("not a template", encoding="utf-8")
    good = word_template(tmp_path / "good.docx")
    with zipfile.ZipFile(good) as source:
        entries = {i.filename: source.read(i.filename) for i in source.infolist()}
    missing = dict(entries)
    del missing["word/document.xml"]
    broken = dict(entries)
    broken["word/document.xml"] = b"<w:document"
    deck = {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}
    macro = dict(entries)
    macro["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"officedocument.wordprocessingml.document.main+xml",
        b"ms-word.document.macroEnabled.main+xml",
    )
    # past the first megabyte, which is all of the part the package check reads
    late_macro = dict(macro)
    late_macro["[Content_Types].xml"] = macro["[Content_Types].xml"].replace(
        b"<Default ", b" " * (1 << 21) + b"<Default ", 1
    )
    return {
        "not a zip": (text, "this is not a Word document (.docx or .dotx)"),
        "no document part": (_zip(tmp_path / "m.docx", missing), "has no word/document.xml"),
        "document part not XML": (
            _zip(tmp_path / "x.docx", broken),
            "a part of the document is not well-formed XML (line 1, column 12); open it in Word",
        ),
        "a PowerPoint file": (
            _zip(tmp_path / "deck.docx", deck),
            "this is a PowerPoint presentation, not a Word document",
        ),
        "macros": (
            _zip(tmp_path / "macro.docm", macro),
            "the document contains macros (a macro-enabled content type, as in .docm or .dotm)",
        ),
        "macros late in the content types": (
            _zip(tmp_path / "late.docm", late_macro),
            "the document contains macros (a macro-enabled content type, as in .docm or .dotm); "
            "rusmodel reads no file with macros: save it as a plain .docx or .dotx",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not a zip",
        "no document part",
        "document part not XML",
        "a PowerPoint file",
        "macros",
        "macros late in the content types",
    ],
)
def test_a_broken_template_gives_one_clear_line_and_writes_nothing(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    template, message = _broken_templates(tmp_path)[case]
    out = tmp_path / "report.docx"
    out.write_bytes(b"the old report")
    code = main(
        [
            "export",
            str(EXAMPLES / "sample-plan.yaml"),
            "-o",
            str(out),
            "--template",
            str(template),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    lines = [line for line in err if "warning" not in line]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{template}: --template: ") and message in lines[0]
    assert out.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_a_template_with_a_huge_content_types_part_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tracemalloc

    good = word_template(tmp_path / "good.docx")
    template = tmp_path / "huge.dotx"
    deflated = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(template, "w", deflated) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "[Content_Types].xml":
                target.writestr(info, data)
                continue
            # valid XML (white space after the root), 300 MB unpacked, a few hundred kB packed
            with target.open(info.filename, "w", force_zip64=True) as part_out:
                part_out.write(data)
                spaces = b" " * (1 << 20)
                for _ in range(300):
                    part_out.write(spaces)
    assert template.stat().st_size < 2 * (1 << 20)
    out = tmp_path / "report.docx"
    plan = str(EXAMPLES / "sample-plan.yaml")
    assert main(["export", plan, "-o", str(out), "--template", str(template)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "warning" not in line]
    assert lines == [
        f"{template}: --template: the document unpacks to more than 256 MB (300 MB or more); "
        "it is not a document rusmodel will read"
    ]
    assert not out.exists()
    # the part is never held whole: reading it would take 300 MB, twice over as text
    tracemalloc.start()
    try:
        with pytest.raises(PlanError, match="unpacks to more than 256 MB"):
            open_document(template)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * (1 << 20)


def test_a_plan_with_errors_writes_no_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "sample-plan.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "plan.yaml"
    bad.write_text(text.replace("status: green", "status: lila", 1), encoding="utf-8")
    out = tmp_path / "plan.docx"
    assert main(["export", str(bad), "-o", str(out)]) == 1
    assert "lila" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_kind_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.docx"
    with pytest.raises(SystemExit):
        main(["export", str(EXAMPLES / "sample-plan.yaml"), "-o", str(out), "--kind", "deck"])
    assert "--kind" in capsys.readouterr().err
    assert not out.exists()


def test_the_exporter_refuses_an_unknown_kind_given_from_python(tmp_path: Path) -> None:
    from rusmodel import export

    plan = load_yaml((EXAMPLES / "sample-plan.yaml").read_bytes())
    with pytest.raises(PlanError, match="--kind: 'budget' is not one of: plan, follow-up"):
        export(plan, tmp_path / "x.docx", options={"kind": "budget"})
    with pytest.raises(PlanError, match="choose plan or follow-up"):
        make_document(plan, "budget")
    assert not (tmp_path / "x.docx").exists()


def test_a_row_of_a_long_table_is_not_split_over_a_page_break(
    documents: dict[tuple[str, str], bytes],
) -> None:
    # the income statement is too long to keep on one page, but "Konsultarvoden för speciella
    # utredningar" must not end one page and begin the next
    body = part(documents[("forvaltningsplan-2023.yaml", "follow-up")], "word/document.xml")
    table = next(
        t
        for t in body.iter(f"{W}tbl")
        if t.find(f"{W}tblPr/{W}tblCaption", NS).get(f"{W}val") == "Resultaträkning"
    )
    rows = table.findall(f"{W}tr")
    assert len(rows) > 16  # more lines than a table kept on one page
    assert all(row.find(f"{W}trPr/{W}cantSplit", NS) is not None for row in rows)


def test_a_row_too_long_for_a_page_may_split() -> None:
    plan = example("forvaltningsplan-2023.yaml")
    period = plan.latest_period()
    assert period is not None
    first = next(a for a in plan.activities if a.follow_up(period.id) is not None)
    long_comment = " ".join(["Arbetet har fortsatt enligt plan med flera delmoment."] * 60)
    follow_ups = dict(first.follow_ups)
    follow_ups[period.id] = attrs.evolve(follow_ups[period.id], comment=long_comment)
    activities = tuple(
        attrs.evolve(a, follow_ups=follow_ups) if a is first else a for a in plan.activities
    )
    data = make_document(attrs.evolve(plan, activities=activities), "follow-up")
    body = part(data, "word/document.xml")
    row = next(
        tr
        for tr in body.iter(f"{W}tr")
        if long_comment[:60] in "".join(t.text or "" for t in tr.iter(f"{W}t"))
    )
    assert row.find(f"{W}trPr/{W}cantSplit", NS) is None
