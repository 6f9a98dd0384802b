"""The deck as it must be published (lag 2018:1937, WCAG 2.1 AA), and the checker that says so.

A deck rusmodel writes passes the checker; for every rule, a deck with that one
fault (made here by editing a good deck's XML as a hand edit or another tool
would) fails it with a line naming the slide and the shape. Every example deck,
in Swedish and English, on the built-in design and on a 4:3 template with
Arial as its theme font, passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from deck_helpers import (
    edit_deck,
    example,
    graphic_frame,
    make_deck,
    open_deck,
    region_template,
    tiny_png,
    titles,
)
from rusmodel.accessibility import RULES, contrast
from rusmodel.cli import main
from rusmodel.model import Plan
from rusmodel.plugins.deck.accessible import SAFE_PALETTE
from rusmodel.plugins.deck.checker import check_deck
from rusmodel.plugins.deck.package import DeckPackage, is_title, shape_name, shapes

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return example("forvaltningsplan-2023.yaml")


@pytest.fixture(scope="module")
def good(plan: Plan) -> bytes:
    return make_deck(plan)


def test_the_deck_rusmodel_writes_passes_every_rule(good: bytes) -> None:
    assert check_deck("delar2.pptx", good) == []


# -- one fault at a time ----------------------------------------------------------------------


def _first_slide_with(package: DeckPackage, slides: list[str], xpath_tag: str) -> tuple[int, Any]:
    for number, slide in enumerate(slides, start=1):
        root = package.xml(slide)
        if next(root.iter(xpath_tag), None) is not None:
            return number, root
    raise AssertionError(f"no slide has {xpath_tag}")


def _chart_of(package: DeckPackage, slide: str, frame: Any) -> str:
    ref = frame.find(f"{{{A}}}graphic/{{{A}}}graphicData/{{{C}}}chart")
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    return package.rels(slide)[rid][1]


FAULTS: dict[str, tuple[int, str]] = {}
"""For each rule: the slide number and shape name the fault was made on (filled in by the edits)."""


def _no_title(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    root = package.xml(slides[2])
    title = next(s for s in shapes(root) if is_title(s))
    ph = title.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
    ph.getparent().remove(ph)  # a text box where the title was
    package.write(slides[2], root)
    return 3, None


def _same_title(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    first = next(s for s in shapes(package.xml(slides[2])) if is_title(s))
    wanted = "".join(t.text or "" for t in first.iter(f"{{{A}}}t"))
    root = package.xml(slides[3])
    title = next(s for s in shapes(root) if is_title(s))
    texts = list(title.iter(f"{{{A}}}t"))
    texts[0].text = wanted
    for extra in texts[1:]:
        extra.text = ""
    package.write(slides[3], root)
    return 4, shape_name(title)


def _no_alt_text(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, root = _first_slide_with(package, slides, f"{{{A}}}tbl")
    frame = graphic_frame(root, "table")
    del frame.find(f"{{{P}}}nvGraphicFramePr/{{{P}}}cNvPr").attrib["descr"]
    package.write(slides[number - 1], root)
    return number, shape_name(frame)


def _footer_first(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    root = package.xml(slides[1])
    found = shapes(root)
    footer = next(s for s in found if shape_name(s).startswith("Slide Number"))
    tree = footer.getparent()
    tree.remove(footer)
    found[0].addnext(footer)  # right after the title, before the slide's content
    package.write(slides[1], root)
    return 2, shape_name(found[1])


def _no_language(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    root = package.xml(slides[2])
    for shape in shapes(root):
        for props in shape.iter(f"{{{A}}}rPr"):
            if props.getparent().tag == f"{{{A}}}r" and props.get("lang"):
                del props.attrib["lang"]
                package.write(slides[2], root)
                return 3, shape_name(shape)
    raise AssertionError("no run with a language")


def _no_header_row(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, root = _first_slide_with(package, slides, f"{{{A}}}tbl")
    frame = graphic_frame(root, "table")
    next(frame.iter(f"{{{A}}}tblPr")).set("firstRow", "0")
    package.write(slides[number - 1], root)
    return number, shape_name(frame)


def _status_cell(package: DeckPackage, slides: list[str]) -> tuple[int, Any, Any, Any]:
    for number, slide in enumerate(slides, start=1):
        root = package.xml(slide)
        for cell in root.iter(f"{{{A}}}tc"):
            if cell.find(f"{{{A}}}tcPr/{{{A}}}solidFill/{{{A}}}srgbClr") is not None:
                frame = next(a for a in cell.iterancestors() if a.tag == f"{{{P}}}graphicFrame")
                return number, root, cell, frame
    raise AssertionError("no status cell")


def _faint_text(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, root, cell, frame = _status_cell(package, slides)
    fill = cell.find(f"{{{A}}}tcPr/{{{A}}}solidFill/{{{A}}}srgbClr").get("val")
    faint = "FFFFFF" if contrast(fill, "FFFFFF") < 2 else fill  # the cell's own colour
    assert contrast(fill, faint) < 2.0
    for colour in cell.iter(f"{{{A}}}srgbClr"):
        if colour.getparent().getparent().tag == f"{{{A}}}rPr":
            colour.set("val", faint)
    package.write(slides[number - 1], root)
    return number, shape_name(frame)


def _colour_without_word(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, root, cell, frame = _status_cell(package, slides)
    for run in list(cell.iter(f"{{{A}}}r")):
        run.getparent().remove(run)
    package.write(slides[number - 1], root)
    return number, shape_name(frame)


def _chart_slide(
    package: DeckPackage, slides: list[str], series: int | None = None
) -> tuple[int, Any, Any, str, Any]:
    """The first chart (of ``series`` series, if given): slide number, slide, frame, part, XML."""
    for number, slide in enumerate(slides, start=1):
        root = package.xml(slide)
        for shape in shapes(root):
            if shape.find(f"{{{A}}}graphic/{{{A}}}graphicData/{{{C}}}chart") is None:
                continue
            part = _chart_of(package, slide, shape)
            chart = package.xml(part)
            if series is None or len(list(chart.iter(f"{{{C}}}ser"))) == series:
                return number, root, shape, part, chart
    raise AssertionError("no such chart")


def _no_data_labels(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, _, frame, part, chart = _chart_slide(package, slides)
    for labels in list(chart.iter(f"{{{C}}}dLbls")):
        labels.getparent().remove(labels)
    package.write(part, chart)
    return number, shape_name(frame)


def _automatic_title(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, _, frame, part, chart = _chart_slide(package, slides, series=1)
    title = chart.find(f"{{{C}}}chart/{{{C}}}title")
    if title is not None:
        title.getparent().remove(title)
    chart.find(f"{{{C}}}chart/{{{C}}}autoTitleDeleted").set("val", "0")
    package.write(part, chart)
    return number, shape_name(frame)


def _no_legend(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, _, frame, part, chart = _chart_slide(package, slides, series=3)
    legend = chart.find(f"{{{C}}}chart/{{{C}}}legend")
    legend.getparent().remove(legend)
    package.write(part, chart)
    return number, shape_name(frame)


def _red_next_to_green(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    number, _, frame, part, chart = _chart_slide(package, slides, series=3)
    # Office 2007's accent colours 3 and 6: a green and an orange of the same lightness.
    for series, colour in zip(chart.iter(f"{{{C}}}ser"), ("9BBB59", "F79646"), strict=False):
        series.find(f"{{{C}}}spPr/{{{A}}}solidFill/{{{A}}}srgbClr").set("val", colour)
    package.write(part, chart)
    return number, shape_name(frame)


def _right_column_first(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    """The two-column slide (highlights beside what is coming) read right column first."""
    for number, slide in enumerate(slides, start=1):
        root = package.xml(slide)
        boxes = [s for s in shapes(root) if shape_name(s).startswith("TextBox")]
        if (
            len(boxes) == 2
            and _left(boxes[0]) < _left(boxes[1])
            and _top(boxes[0]) == _top(boxes[1])
        ):
            left, right = boxes
            left.addprevious(right)
            package.write(slide, root)
            return number, shape_name(right)
    raise AssertionError("no two-column slide")


def _left(shape: Any) -> int:
    return int(next(shape.iter(f"{{{A}}}off")).get("x"))


def _top(shape: Any) -> int:
    return int(next(shape.iter(f"{{{A}}}off")).get("y"))


def _english_box(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    """A text box of the Swedish deck marked English, as text pasted from another deck is."""
    root = package.xml(slides[3])
    box = next(s for s in shapes(root) if shape_name(s).startswith("TextBox"))
    for props in box.iter(f"{{{A}}}rPr"):
        props.set("lang", "en-GB")
    package.write(slides[3], root)
    return 4, shape_name(box)


def _hide(text: str, character: str = "\u200b") -> tuple[str, str]:
    """``text`` with ``character`` put after the first letter of its first word of two or more
    characters, and that word (as the checker quotes it)."""
    found = re.search(r"\S{2,}", text)
    assert found is not None, text
    at = found.start() + 1
    return text[:at] + character + text[at:], found.group()


def _zero_width_spaces(package: DeckPackage, slides: list[str]) -> tuple[int, str | None]:
    """Zero-width spaces in two words of a text box, as text pasted from a web page has."""
    root = package.xml(slides[3])
    box = next(s for s in shapes(root) if shape_name(s).startswith("TextBox"))
    texts = [t for t in box.iter(f"{{{A}}}t") if re.search(r"\S{2,}", t.text or "")]
    for text in texts[:2]:
        text.text = _hide(text.text)[0]
    package.write(slides[3], root)
    return 4, shape_name(box)


EDITS: dict[str, Callable[[DeckPackage, list[str]], tuple[int, str | None]]] = {
    "title": _no_title,
    "unique-title": _same_title,
    "alt-text": _no_alt_text,
    "reading-order": _footer_first,
    "layout-order": _right_column_first,
    "language": _no_language,
    "deck-language": _english_box,
    "table-header": _no_header_row,
    "contrast": _faint_text,
    "colour-only": _colour_without_word,
    "data-labels": _no_data_labels,
    "chart-title": _automatic_title,
    "palette": _red_next_to_green,
    "invisible-text": _zero_width_spaces,
}


def test_every_rule_has_a_faulty_deck() -> None:
    assert set(EDITS) == set(RULES)


@pytest.mark.parametrize("rule", list(EDITS))
def test_a_deck_with_one_fault_fails_on_that_rule(rule: str, good: bytes) -> None:
    where: list[tuple[int, str | None]] = []
    faulty = edit_deck(good, lambda package, slides: where.append(EDITS[rule](package, slides)))
    (slide, shape), problems = where[0], check_deck("delar2.pptx", faulty)
    assert problems, f"the checker did not see the {rule} fault"
    assert {p.message.split(":")[0] for p in problems} == {rule}, [str(p) for p in problems]
    lines = [str(p) for p in problems]
    expected = f"delar2.pptx: slide {slide}" + (f', "{shape}": {rule}: ' if shape else "")
    assert any(line.startswith(expected) for line in lines), lines


def test_a_chart_without_a_legend_leaves_colour_the_only_signal(good: bytes) -> None:
    where: list[tuple[int, str | None]] = []
    faulty = edit_deck(good, lambda package, slides: where.append(_no_legend(package, slides)))
    problems = [str(p) for p in check_deck("delar2.pptx", faulty)]
    slide, shape = where[0]
    assert problems == [
        f'delar2.pptx: slide {slide}, "{shape}": colour-only: '
        "the chart has several series and no legend"
    ]


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u200b", "zero-width space (U+200B)"),
        ("\u2060", "word joiner (U+2060)"),
        ("\u00ad", "soft hyphen (U+00AD)"),
        ("\ufeff", "byte-order mark (U+FEFF)"),
    ],
)
def test_an_invisible_character_in_a_table_or_chart_is_named_with_its_word(
    character: str, name: str, good: bytes
) -> None:
    def hide(package: DeckPackage, slides: list[str]) -> None:
        number, root = _first_slide_with(package, slides, f"{{{A}}}tbl")
        frame = graphic_frame(root, "table")
        cell = next(t for t in frame.iter(f"{{{A}}}t") if re.search(r"\S{2,}", t.text or ""))
        cell.text, word = _hide(cell.text, character)
        expected.append((number, shape_name(frame), word))
        package.write(slides[number - 1], root)
        number, _, chart_frame, part, chart = _chart_slide(package, slides, series=3)
        series_name = next(chart.iter(f"{{{C}}}ser")).find(f"{{{C}}}tx//{{{C}}}v")
        series_name.text, word = _hide(series_name.text, character)
        expected.append((number, shape_name(chart_frame), word))
        package.write(part, chart)

    expected: list[tuple[int, str, str]] = []
    problems = [str(p) for p in check_deck("delar2.pptx", edit_deck(good, hide))]
    assert problems == [
        f'delar2.pptx: slide {number}, "{shape}": invisible-text: a {name} sits in "{word}": '
        "the word copied or searched for is not the word a reader types; remove it"
        for number, shape, word in expected
    ]


def test_invisible_characters_are_one_problem_per_shape_counting_the_rest() -> None:
    from rusmodel.accessibility import invisible_text

    message = invisible_text("Se https://\u200bregion.se/\u200bsida och 2023\u20600831.")
    assert message is not None
    assert message.startswith(
        'a zero-width space (U+200B) sits in "https://region.se/sida" '
        "(and 2 more invisible characters): "
    )
    assert invisible_text("ett \u00ad ord") is not None
    assert 'on its own in "ett ord"' in (invisible_text("ett \u00ad ord") or "")
    assert invisible_text("Ärendenummer 12, ett\u200dbarn") is None  # a joiner is not one


def test_a_file_that_is_not_a_deck_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.pptx"
    path.write_text("not a zip")
    assert [str(p) for p in check_deck(path)] == [f"{path}: is not a PowerPoint deck (.pptx)"]


# -- the command ------------------------------------------------------------------------------


def test_rusmodel_check_prints_one_line_per_problem_and_exits_1(
    good: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fine = tmp_path / "fine.pptx"
    fine.write_bytes(good)
    faulty = tmp_path / "faulty.pptx"
    faulty.write_bytes(edit_deck(good, lambda package, slides: [_no_header_row(package, slides)]))
    assert main(["check", str(fine)]) == 0
    assert capsys.readouterr().out == f"{fine}: meets all {len(RULES)} accessibility rules\n"
    assert main(["check", str(fine), str(faulty)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{fine}: meets all {len(RULES)} accessibility rules"
    assert len(out) == 2 and re.match(
        rf'{re.escape(str(faulty))}: slide \d+, "Table \d+": table-header: ', out[1]
    )


def test_rusmodel_check_refuses_what_is_not_a_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "plan.yaml"
    other.write_text("title: x\n")
    assert main(["check", str(other)]) == 1
    assert (
        capsys.readouterr().out == f"{other}: is not a document rusmodel can check (.potx, .pptx)\n"
    )


def test_the_help_names_every_rule_with_what_it_asks(capsys: pytest.CaptureFixture[str]) -> None:
    from rusmodel.plugins.deck import CHECK_HELP

    with pytest.raises(SystemExit) as done:
        main(["check", "--help"])
    assert done.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"The {len(RULES)} rules:" in help_text
    for name, asks in RULES.items():
        assert f"{name}: {' '.join(asks.split())}" in help_text, name
    assert f"the {len(RULES)} accessibility rules" in CHECK_HELP
    with pytest.raises(SystemExit):
        main(["--help"])
    assert f"the {len(RULES)} accessibility" in " ".join(capsys.readouterr().out.split())


DOCS = Path(__file__).resolve().parent.parent / "docs"


def _section(page: str, heading: str) -> str:
    text = (DOCS / page).read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else len(text)]


def test_the_documentation_names_every_rule_and_counts_them_right() -> None:
    command = _section("cli.md", "## rusmodel check")
    assert [name for name in RULES if f"`{name}`" not in command] == []
    assert re.findall(r"meets all (\d+) accessibility rules", command) == [str(len(RULES))]
    table = _section("deck.md", "## Accessibility")
    rows = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)
    assert rows == list(RULES)  # one row per rule, in the order of RULES
    reference = " ".join(_section("reference/cli.md", "## rusmodel check").split())
    assert all(f"{name}: {' '.join(asks.split())}" in reference for name, asks in RULES.items())


# -- what the accessibility pass does ---------------------------------------------------------


def test_titles_are_unique_and_continuations_are_numbered(good: bytes) -> None:
    names = titles(open_deck(good))
    assert len(names) == len(set(names))
    assert any(t.endswith("(forts.)") for t in names)
    assert any(t.endswith("(forts. 2)") for t in names)


def test_tables_and_charts_say_what_they_show(good: bytes) -> None:
    prs = open_deck(good)
    summary = prs.slides[1]
    described = {
        s.name: s._element.xpath("./*[1]/p:cNvPr/@descr")[0]
        for s in summary.shapes
        if s.has_chart or s.has_table
    }
    table = next(v for k, v in described.items() if k.startswith("Table"))
    chart = next(v for k, v in described.items() if k.startswith("Chart"))
    assert table.startswith("Tabell: Sammanfattning") and "Kolumner: " in table
    assert "rader." in table
    assert chart.startswith("Liggande stapeldiagram: ") and "Välmående: Grön 7" in chart


def test_the_reading_order_is_title_body_footer(good: bytes) -> None:
    for slide in open_deck(good).slides:
        names = [s.name for s in slide.shapes]
        kinds = [
            "title"
            if s.is_placeholder and s.placeholder_format.type in (1, 3)
            else "footer"
            if s.is_placeholder and s.placeholder_format.type in (15, 16, 13)
            else "body"
            for s in slide.shapes
        ]
        assert kinds[0] == "title", names
        assert kinds == sorted(kinds, key=["title", "body", "footer"].index), names


def test_every_run_says_the_deck_language(plan: Plan) -> None:
    data = make_deck(plan, lang="en")
    package = DeckPackage(data)
    for part in package.slides():
        root = package.xml(part)
        langs = {r.get("lang") for r in root.iter(f"{{{A}}}rPr")}
        assert langs == {"en-GB"}, part
    charts = [n for n in _names(data) if n.startswith("ppt/charts/chart")]
    assert charts
    for part in charts:
        chart = package.xml(part)
        assert chart.find(f"{{{C}}}lang").get("val") == "en-GB"


def _names(data: bytes) -> list[str]:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def _series_colours(data: bytes) -> list[list[str | None]]:
    package = DeckPackage(data)
    found = []
    for part in sorted(n for n in _names(data) if re.match(r"ppt/charts/chart\d+\.xml$", n)):
        chart = package.xml(part)
        colours = []
        for series in chart.iter(f"{{{C}}}ser"):
            fill = series.find(f"{{{C}}}spPr/{{{A}}}solidFill/{{{A}}}srgbClr")
            colours.append(None if fill is None else fill.get("val"))
        found.append(colours)
    return found


def test_key_figure_charts_take_the_colour_blind_safe_palette(plan: Plan, tmp_path: Path) -> None:
    template = str(region_template(tmp_path / "region.pptx"))
    safe = _series_colours(make_deck(plan, template=template))
    status = ["00A651", "FFC000", "E3262B"]  # the summary chart keeps the status colours
    assert status in safe
    years = [c for c in safe if c != status]
    assert len(years) == 6 and all(c == list(SAFE_PALETTE[: len(c)]) for c in years)
    own = _series_colours(make_deck(plan, template=template, palette="template"))
    assert status in own
    assert [c for c in own if c != status] == [[None] * len(c) for c in years]


def test_an_unknown_palette_is_refused_naming_the_option(plan: Plan) -> None:
    from rusmodel import PlanError

    with pytest.raises(PlanError) as caught:
        make_deck(plan, palette="rainbow")
    assert str(caught.value.problems[0]) == (
        "plan.yaml: --palette: no palette 'rainbow'; choose accessible or template"
    )


def test_key_figure_charts_write_their_values_with_their_decimals(good: bytes) -> None:
    package = DeckPackage(good)
    formats = set()
    for part in (n for n in _names(good) if re.match(r"ppt/charts/chart\d+\.xml$", n)):
        for series in package.xml(part).iter(f"{{{C}}}ser"):
            labels = series.find(f"{{{C}}}dLbls")
            assert labels.find(f"{{{C}}}showVal").get("val") == "1"
            formats.add(labels.find(f"{{{C}}}numFmt").get("formatCode"))
    # counts on the summary; sick leave in per cent; hours worked in whole hours
    assert formats == {"0;-0;;@", "0.0", "0"}


def _light_accent_template(path: Path) -> Path:
    """The 4:3 template with a pale yellow first accent: white header text would not read."""
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    region_template(path)
    prs = Presentation(str(path))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    accent = root.find(f".//{{{A}}}accent1")
    accent[0].set("val", "FFE699")
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    prs.save(str(path))
    return path


def test_header_text_on_a_pale_accent_turns_dark(plan: Plan, tmp_path: Path) -> None:
    data = make_deck(plan, template=str(_light_accent_template(tmp_path / "pale.pptx")))
    assert check_deck("pale.pptx", data) == []
    header = open_deck(data).slides[1].shapes
    table = next(s.table for s in header if s.has_table)
    run = table.cell(0, 0).text_frame.paragraphs[0].runs[0]
    assert str(run.font.color.rgb) in ("1A1A1A", "000000")


def test_a_layout_without_a_title_still_gives_title_placeholders(
    plan: Plan, tmp_path: Path
) -> None:
    from pptx import Presentation

    path = region_template(tmp_path / "untitled.pptx")
    prs = Presentation(str(path))
    for layout in prs.slide_layouts:
        for shape in list(layout.placeholders):
            if shape.placeholder_format.type in (1, 3):  # title, centre title
                shape._element.getparent().remove(shape._element)
    prs.save(str(path))
    data = make_deck(plan, template=str(path), sections="title,summary")
    assert check_deck("untitled.pptx", data) == []
    assert all(s.shapes.title is not None for s in open_deck(data).slides)


# -- every example deck -----------------------------------------------------------------------

EXAMPLES = {
    "sample": ("sample-plan.yaml", None),
    "rus-2021": ("rus-handlingsplan.yaml", "2021-08"),
    "rus": ("rus-handlingsplan.yaml", None),
    "forvaltningsplan": ("forvaltningsplan-2023.yaml", None),
    "verksamhetsplan": ("verksamhetsplan-2020.yaml", None),  # a plan with no follow-up yet
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("design", ["built-in", "4:3 Arial template"])
@pytest.mark.parametrize("key", list(EXAMPLES))
def test_every_example_deck_passes_the_checker(
    key: str, design: str, lang: str, tmp_path: Path
) -> None:
    name, period = EXAMPLES[key]
    options = {}
    if design != "built-in":
        options["template"] = str(region_template(tmp_path / "region.pptx", font="Arial"))
    data = make_deck(example(name), period=period, lang=lang, **options)
    problems = check_deck(f"{key}.pptx", data)
    assert problems == [], "\n".join(str(p) for p in problems[:20])


def test_invisible_characters_of_the_plan_are_left_out_of_the_deck(plan: Plan) -> None:
    import attrs

    first = plan.activities[0]
    pasted = attrs.evolve(
        first,
        title="\ufeff"
        + first.title.replace(" ", " \u200b", 2)
        .replace("a", "a\u00ad", 1)
        .replace("e", "e\u2060", 1),
    )
    data = make_deck(attrs.evolve(plan, activities=(pasted, *plan.activities[1:])))
    assert check_deck("delar2.pptx", data) == []
    package = DeckPackage(data)
    shown = "".join(
        "".join((t.text or "").split())
        for slide in package.slides()
        for t in package.xml(slide).iter(f"{{{A}}}t")
    )
    assert "".join(first.title.split()) in shown  # the title, whole, without them


def test_repeated_titles_of_any_deck_are_numbered_in_order(tmp_path: Path) -> None:
    from pptx import Presentation

    from rusmodel.plugins.deck.accessible import make_accessible

    prs = Presentation()
    for title in ("Mål", "Mål", "Mål (forts.)", "Mål (forts.)", "Mål (2)"):
        prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = title
    path = tmp_path / "titles.pptx"
    prs.save(str(path))
    made = make_accessible(path.read_bytes(), "sv")
    assert titles(open_deck(made)) == [
        "Mål",
        "Mål (2)",
        "Mål (forts.)",
        "Mål (forts. 2)",
        "Mål (2 2)",  # a title that happens to be taken already still gets a number
    ]
    assert [p for p in check_deck("titles.pptx", made) if "unique-title" in p.message] == []


def test_a_picture_or_chart_without_alt_text_fails(good: bytes, tmp_path: Path) -> None:
    import io

    from pptx.util import Inches

    prs = open_deck(good)
    picture = prs.slides[2].shapes.add_picture(io.BytesIO(tiny_png()), Inches(1), Inches(1))
    title = prs.slides[2].shapes.title._element
    title.addnext(picture._element)  # read after the title, before the footer
    chart = next(s for s in prs.slides[1].shapes if s.has_chart)
    del chart._element.nvGraphicFramePr.cNvPr.attrib["descr"]
    path = tmp_path / "edited.pptx"
    prs.save(str(path))
    problems = [str(p) for p in check_deck(path)]
    assert problems == [
        f'{path}: slide 2, "{chart.name}": alt-text: the chart has no alternative text (descr)',
        f'{path}: slide 3, "{picture.name}": alt-text: '
        'the picture\'s alternative text is only a file name ("image.png")',
    ]


def test_a_slide_that_cannot_be_read_is_named_and_the_others_are_checked(good: bytes) -> None:
    def break_slide(package: DeckPackage, slides: list[str]) -> None:
        where.append(_no_header_row(package, slides))  # a later slide with a fault
        package._changed[slides[0]] = b"<p:sld"  # cut short

    where: list[tuple[int, str | None]] = []
    problems = [str(p) for p in check_deck("cut.pptx", edit_deck(good, break_slide))]
    assert problems[0] == "cut.pptx: slide 1: cannot be read (XMLSyntaxError)"
    assert len(problems) == 2 and problems[1].startswith(f"cut.pptx: slide {where[0][0]}, ")
    assert "table-header" in problems[1]


# -- the deck's language ----------------------------------------------------------------------


def _slide_box(package: DeckPackage, slides: list[str], number: int) -> tuple[Any, Any]:
    root = package.xml(slides[number - 1])
    return root, next(s for s in shapes(root) if shape_name(s).startswith("TextBox"))


def _add_run(box: Any, text: str, lang: str) -> None:
    from lxml import etree

    paragraph = next(box.iter(f"{{{A}}}p"))
    run = etree.Element(f"{{{A}}}r")
    etree.SubElement(run, f"{{{A}}}rPr", lang=lang)
    etree.SubElement(run, f"{{{A}}}t").text = text
    end = paragraph.find(f"{{{A}}}endParaRPr")
    if end is not None:
        end.addprevious(run)
    else:
        paragraph.append(run)


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (" (Health in All Policies)", False),  # a name marked English on purpose
        (" The regional plan for health in all policies was adopted.", True),
    ],
)
def test_a_phrase_in_another_language_is_allowed_a_longer_text_is_not(
    good: bytes, text: str, reported: bool
) -> None:
    def add(package: DeckPackage, slides: list[str]) -> None:
        root, box = _slide_box(package, slides, 4)
        _add_run(box, text, "en-GB")
        names.append(shape_name(box))
        package.write(slides[3], root)

    names: list[str] = []
    problems = [str(p) for p in check_deck("delar2.pptx", edit_deck(good, add))]
    expected = [
        f'delar2.pptx: slide 4, "{names[0]}": deck-language: part of its text is marked en-GB, '
        'not the deck\'s language sv-SE: "The regional plan for health in all poli…"'
    ]
    assert problems == (expected if reported else [])


def test_only_the_language_counts_not_the_country(good: bytes) -> None:
    def finnish_swedish(package: DeckPackage, slides: list[str]) -> None:
        root, box = _slide_box(package, slides, 4)
        for props in box.iter(f"{{{A}}}rPr"):
            props.set("lang", "sv-FI")
        package.write(slides[3], root)

    assert check_deck("delar2.pptx", edit_deck(good, finnish_swedish)) == []


def test_a_chart_in_another_language_is_named(good: bytes) -> None:
    def english_chart(package: DeckPackage, slides: list[str]) -> None:
        number, _, frame, part, chart = _chart_slide(package, slides)
        chart.find(f"{{{C}}}lang").set("val", "en-US")
        package.write(part, chart)
        where.append((number, shape_name(frame)))

    where: list[tuple[int, str]] = []
    problems = [str(p) for p in check_deck("delar2.pptx", edit_deck(good, english_chart))]
    assert problems == [
        f'delar2.pptx: slide {where[0][0]}, "{where[0][1]}": deck-language: the chart is marked '
        "en-US, not the deck's language sv-SE (c:lang)"
    ]


def test_document_properties_in_another_language_are_one_problem(good: bytes) -> None:
    def english_properties(package: DeckPackage, slides: list[str]) -> None:
        core = package.xml("docProps/core.xml")
        next(core.iter("{http://purl.org/dc/elements/1.1/}language")).text = "en-GB"
        package.write("docProps/core.xml", core)

    assert [str(p) for p in check_deck("delar2.pptx", edit_deck(good, english_properties))] == [
        "delar2.pptx: properties: deck-language: the document properties say the deck is in "
        "en-GB (dc:language), but most of its text is marked sv-SE"
    ]
