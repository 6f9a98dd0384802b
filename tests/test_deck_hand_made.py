"""Decks made or edited by hand, as the checker and the accessibility pass read them.

A hand-made deck puts things where rusmodel's never does: shapes inside groups
(at any depth), content given two ways (``mc:AlternateContent``: equations,
ink, 3D models, newer charts), shapes placed in any order. Each is checked for
every rule and named where it is; the pass puts each slide in reading order
without breaking any of it apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deck_helpers import edit_deck, example, graphic_frame, make_deck, open_deck, tiny_png
from rusmodel.model import Plan
from rusmodel.plugins.deck.checker import check_deck
from rusmodel.plugins.deck.package import DeckPackage, is_title, shape_name, shapes

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return example("forvaltningsplan-2023.yaml")


@pytest.fixture(scope="module")
def good(plan: Plan) -> bytes:
    return make_deck(plan)


# -- shapes inside groups ---------------------------------------------------------------------


def _rules(problems: list[Any], *rules: str) -> list[str]:
    return [str(p) for p in problems if p.message.split(":")[0] in rules]


def _group(members: list[Any], shape_id: int, descr: str | None = None) -> Any:
    """Put ``members`` (siblings in a shape tree) into a new group, where the first was;
    the group's child space is the slide's, as PowerPoint's "Group" leaves it."""
    from lxml import etree

    edges = [
        (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        for off, ext in (
            (next(m.iter(f"{{{A}}}off")), next(m.iter(f"{{{A}}}ext"))) for m in members
        )
    ]
    x, y = min(e[0] for e in edges), min(e[1] for e in edges)
    cx = max(e[0] + e[2] for e in edges) - x
    cy = max(e[1] + e[3] for e in edges) - y
    described = f' descr="{descr}"' if descr else ""
    group = etree.fromstring(
        f'<p:grpSp xmlns:p="{P}" xmlns:a="{A}"><p:nvGrpSpPr>'
        f'<p:cNvPr id="{shape_id}" name="Group {shape_id}"{described}/><p:cNvGrpSpPr/><p:nvPr/>'
        f'</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
        f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/></a:xfrm></p:grpSpPr>'
        "</p:grpSp>"
    )
    members[0].addprevious(group)
    for member in members:
        group.append(member)
    return group


def test_a_table_and_chart_inside_a_group_are_checked_and_named_by_the_group(
    good: bytes,
) -> None:
    def group_summary(package: DeckPackage, slides: list[str]) -> None:
        root = package.xml(slides[1])
        table, chart = graphic_frame(root, "table"), graphic_frame(root, "chart")
        names.extend([shape_name(table), shape_name(chart)])
        _group([table, chart], 90, descr="Sammanfattningens tabell och diagram")
        del chart.find(f"{{{P}}}nvGraphicFramePr/{{{P}}}cNvPr").attrib["descr"]
        next(table.iter(f"{{{A}}}tblPr")).set("firstRow", "0")
        del next(table.iter(f"{{{A}}}rPr")).attrib["lang"]
        package.write(slides[1], root)

    names: list[str] = []
    problems = [str(p) for p in check_deck("delar2.pptx", edit_deck(good, group_summary))]
    table, chart = (f'slide 2, "Group 90" \u203a "{name}"' for name in names)
    assert [p.split(": ")[1:3] for p in problems] == [
        [table, "language"],
        [table, "table-header"],
        [chart, "alt-text"],
    ], problems
    assert problems[2].endswith("alt-text: the chart has no alternative text (descr)")


def test_a_group_needs_alt_text_unless_marked_decorative_and_so_do_its_pictures(
    good: bytes, tmp_path: Path
) -> None:
    import io

    from pptx.util import Inches

    prs = open_deck(good)
    slide = prs.slides[3]
    picture = slide.shapes.add_picture(io.BytesIO(tiny_png()), Inches(1), Inches(6), Inches(1))
    box = next(s for s in slide.shapes if s.name.startswith("TextBox"))
    inner = _group([picture._element], 91)
    outer = _group([box._element, inner], 90)
    # PowerPoint's "Mark as decorative" on the inner group
    from lxml import etree

    ns = "http://schemas.microsoft.com/office/drawing/2017/decorative"
    ext = etree.SubElement(
        etree.SubElement(inner.find(f"{{{P}}}nvGrpSpPr/{{{P}}}cNvPr"), f"{{{A}}}extLst"),
        f"{{{A}}}ext",
        uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}",
    )
    etree.SubElement(ext, f"{{{ns}}}decorative", val="1")
    assert outer.getparent().tag == f"{{{P}}}spTree"
    path = tmp_path / "grouped.pptx"
    prs.save(str(path))
    assert [str(p) for p in check_deck(path)] == [
        f'{path}: slide 4, "Group 90": alt-text: the group has no alternative text (descr)',
        f'{path}: slide 4, "Group 90" \u203a "Group 91" \u203a "{picture.name}": alt-text: '
        'the picture\'s alternative text is only a file name ("image.png")',
    ]


def test_the_accessibility_pass_describes_a_table_and_chart_inside_a_group(good: bytes) -> None:
    from rusmodel.plugins.deck.accessible import make_accessible

    def group_undescribed(package: DeckPackage, slides: list[str]) -> None:
        root = package.xml(slides[1])
        members = [graphic_frame(root, "table"), graphic_frame(root, "chart")]
        for member in members:
            del member.find(f"{{{P}}}nvGraphicFramePr/{{{P}}}cNvPr").attrib["descr"]
        _group(members, 90, descr="Sammanfattningens tabell och diagram")
        package.write(slides[1], root)

    grouped = edit_deck(good, group_undescribed)
    assert len(_rules(check_deck("delar2.pptx", grouped), "alt-text")) == 2
    made = make_accessible(grouped, "sv")
    assert check_deck("delar2.pptx", made) == []
    root = DeckPackage(made).xml(DeckPackage(made).slides()[1])
    described = [c.get("descr") for c in root.iter(f"{{{P}}}cNvPr")]
    assert any(d and d.startswith("Tabell: Sammanfattning") for d in described)
    assert any(d and d.startswith("Liggande stapeldiagram: ") for d in described)


def test_a_group_places_its_members_by_its_own_scale() -> None:
    from lxml import etree

    from rusmodel.plugins.deck.package import in_slide

    group = etree.fromstring(
        f'<p:grpSp xmlns:p="{P}" xmlns:a="{A}"><p:grpSpPr><a:xfrm><a:off x="1000" y="2000"/>'
        '<a:ext cx="500" cy="500"/><a:chOff x="100" y="100"/><a:chExt cx="1000" cy="1000"/>'
        "</a:xfrm></p:grpSpPr></p:grpSp>"
    )
    assert in_slide((100, 100, 300, 1100), (group,)) == (1000, 2000, 1100, 2500)
    # a group in a group of the same kind: the inner one's scale first, then the outer's
    assert in_slide((100, 100, 300, 1100), (group, group)) == (1450, 2950, 1500, 3200)


# -- read as laid out -------------------------------------------------------------------------


def _boxes_deck(boxes: list[tuple[float, float, float, float]], layout: int = 5) -> bytes:
    """A 4:3 deck of one titled slide with a text box at each (left, top, width, height)
    in inches, in that order in the shape tree (the reading order)."""
    import io

    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[layout])
    slide.shapes.title.text = "Rutor"
    for number, (left, top, width, height) in enumerate(boxes, start=1):
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        box.name = f"Ruta {number}"
        box.text_frame.text = f"Ruta {number}"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _layout_order(data: bytes) -> list[str]:
    return _rules(check_deck("rutor.pptx", data), "layout-order")


LEFT, RIGHT = (0.5, 1.5, 4, 5), (5, 1.5, 4, 5)
GRID = {"A": (0.5, 1.5, 4, 2), "B": (5, 1.5, 4, 2), "C": (0.5, 4, 4, 2), "D": (5, 4, 4, 2)}


def test_two_columns_are_read_left_column_first() -> None:
    assert _layout_order(_boxes_deck([LEFT, RIGHT])) == []
    assert _layout_order(_boxes_deck([RIGHT, LEFT])) == [
        'rutor.pptx: slide 1, "Ruta 1": layout-order: this is read before "Ruta 2", which is '
        "left of it; read the slide top to bottom, the left of two shapes side by side first"
    ]


@pytest.mark.parametrize("order", ["ABCD", "ACBD"])
def test_a_grid_may_be_read_by_rows_or_by_columns(order: str) -> None:
    assert _layout_order(_boxes_deck([GRID[k] for k in order])) == []


@pytest.mark.parametrize(("order", "early", "how"), [("BACD", 1, "left of"), ("CABD", 1, "above")])
def test_a_grid_read_against_its_rows_and_columns_fails(order: str, early: int, how: str) -> None:
    found = _layout_order(_boxes_deck([GRID[k] for k in order]))
    assert len(found) == 1 and f'slide 1, "Ruta {early}": layout-order: ' in found[0]
    assert f'read before "Ruta 2", which is {how} it' in found[0]


def test_small_offsets_do_not_count() -> None:
    # the right column starts a little higher; boxes overlap their neighbours a little
    assert _layout_order(_boxes_deck([LEFT, (5, 1.4, 4, 5)])) == []
    assert _layout_order(_boxes_deck([(0.5, 1.5, 4.6, 5), RIGHT])) == []
    top, below = (0.5, 1.5, 9, 1), (0.5, 2.4, 9, 1)  # 0.1 in over each other
    assert _layout_order(_boxes_deck([top, below])) == []
    assert len(_layout_order(_boxes_deck([below, top]))) == 1


def test_placeholders_are_placed_where_their_layout_puts_them() -> None:
    import io

    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[3])  # Two Content
    slide.shapes.title.text = "Två spalter"
    left, right = (slide.placeholders[i] for i in (1, 2))
    left.text_frame.text, right.text_frame.text = "Vänster", "Höger"
    assert left._element.find(f"{{{P}}}spPr/{{{A}}}xfrm") is None  # the layout's position
    left._element.addprevious(right._element)
    out = io.BytesIO()
    prs.save(out)
    found = _layout_order(out.getvalue())
    assert len(found) == 1 and f'"{right.name}": layout-order: ' in found[0], found


def test_members_of_a_group_are_read_as_laid_out(tmp_path: Path) -> None:
    prs = open_deck(_boxes_deck([RIGHT, (0.5, 1.5, 4, 5)]))
    right, left = (s._element for s in prs.slides[0].shapes if s.name.startswith("Ruta"))
    _group([right, left], 90)
    path = tmp_path / "grupp.pptx"
    prs.save(str(path))
    found = _rules(check_deck(path), "layout-order")
    assert len(found) == 1 and 'slide 1, "Group 90" \u203a "Ruta 1": layout-order: ' in found[0]


def test_the_accessibility_pass_reads_shapes_as_laid_out() -> None:
    from rusmodel.plugins.deck.accessible import make_accessible

    made = make_accessible(_boxes_deck([GRID[k] for k in "DCBA"] + [RIGHT]), "sv")
    names = [s.name for s in open_deck(made).slides[0].shapes]
    assert names[0] == "Title 1" and names[1] == "Ruta 4"  # A, the top left, first
    assert _layout_order(made) == []
    in_order = make_accessible(_boxes_deck([GRID[k] for k in "ACBD"]), "sv")
    assert [s.name for s in open_deck(in_order).slides[0].shapes][1:] == [
        "Ruta 1",
        "Ruta 2",
        "Ruta 3",
        "Ruta 4",
    ]  # read by columns already: left as made


# -- content given two ways (mc:AlternateContent) ---------------------------------------------

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xfrm(tag: str, box: tuple[float, float, float, float]) -> str:
    left, top, width, height = (round(v * 914400) for v in box)
    return f'<{tag}><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></{tag}>'


def _fallback_picture(shape_id: int, name: str, box: Any, descr: str = "") -> str:
    """What older applications show instead: a picture of the content."""
    described = f' descr="{descr}"' if descr else ""
    return (
        f'<mc:Fallback><p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="{name}"{described}/>'
        f"<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill/><p:spPr>{_xfrm('a:xfrm', box)}"
        "</p:spPr></p:pic></mc:Fallback>"
    )


def _frame_xml(shape_id: int, name: str, box: Any, uri: str, inner: str) -> str:
    return (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="{name}"/>'
        f"<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>{_xfrm('p:xfrm', box)}"
        f'<a:graphic><a:graphicData uri="{uri}">{inner}</a:graphicData></a:graphic>'
        "</p:graphicFrame>"
    )


def _alternates() -> dict[str, str]:
    """Hand-made content given two ways, as PowerPoint writes it, each in a quarter of a
    4:3 slide below the title: a newer chart, ink, an equation and a 3D model. Each
    fallback is a picture; only the newer chart's and the ink's say what they show."""
    chart_box, ink_box = (0.5, 1.5, 4, 2.5), (5, 1.5, 4, 2.5)
    equation_box, model_box = (0.5, 4.5, 4, 2.5), (5, 4.5, 4, 2.5)
    chartex = "http://schemas.microsoft.com/office/drawing/2014/chartex"
    model3d = "http://schemas.microsoft.com/office/drawing/2017/model3d"
    return {
        "chart": (
            '<mc:Choice xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex"'
            ' Requires="cx1">'
            + _frame_xml(10, "Diagram 9", chart_box, chartex, f'<cx:chart xmlns:cx="{chartex}"/>')
            + "</mc:Choice>"
            + _fallback_picture(10, "Diagram 9", chart_box, "Vattenfallsdiagram: resultatet")
        ),
        "ink": (
            f'<mc:Choice xmlns:p14="{P14}" Requires="p14"><p14:contentPart r:id="rId99">'
            '<p14:nvContentPartPr><p14:cNvPr id="11" name="Ink 10"/><p14:cNvContentPartPr/>'
            f"<p14:nvPr/></p14:nvContentPartPr>{_xfrm('p14:xfrm', ink_box)}</p14:contentPart>"
            "</mc:Choice>" + _fallback_picture(11, "Ink 10", ink_box, "Handskrivet: klart")
        ),
        "equation": (
            '<mc:Choice xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main"'
            ' Requires="a14"><p:sp><p:nvSpPr><p:cNvPr id="12" name="Formel 11"/><p:cNvSpPr/>'
            f"<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm('a:xfrm', equation_box)}</p:spPr><p:txBody>"
            "<a:bodyPr/><a:p><a14:m><m:oMathPara xmlns:m="
            '"http://schemas.openxmlformats.org/officeDocument/2006/math"><m:oMath><m:r>'
            "<m:t>x=1</m:t></m:r></m:oMath></m:oMathPara></a14:m><a:r><a:rPr/>"
            "<a:t>Andel = antal\u200b/totalt</a:t></a:r></a:p></p:txBody></p:sp></mc:Choice>"
            + _fallback_picture(12, "Formel 11", equation_box)
        ),
        "model": (
            '<mc:Choice xmlns:am3d="http://schemas.microsoft.com/office/drawing/2017/model3d"'
            ' Requires="am3d">'
            + _frame_xml(13, "3D-modell 12", model_box, model3d, "")
            + "</mc:Choice>"
            + _fallback_picture(13, "3D-modell 12", model_box, "3D-modell: länet")
        ),
    }


def _alternate_deck(order: tuple[str, ...]) -> bytes:
    """A titled 4:3 slide with the content of :func:`_alternates` in ``order``."""
    from lxml import etree

    data = _boxes_deck([])
    package = DeckPackage(data)
    slide = package.slides()[0]
    root = package.xml(slide)
    title = next(s for s in shapes(root) if is_title(s))
    for run in title.iter(f"{{{A}}}r"):
        run.insert(0, etree.Element(f"{{{A}}}rPr", lang="sv-SE"))
    tree = title.getparent()
    parts = _alternates()
    for key in order:
        tree.append(
            etree.fromstring(
                f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:p="{P}" xmlns:a="{A}" '
                f'xmlns:r="{R}">{parts[key]}</mc:AlternateContent>'
            )
        )
    package.write(slide, root)
    return package.save()


def test_content_given_two_ways_is_checked_as_powerpoint_shows_it() -> None:
    # mc:Choice is what PowerPoint shows and reads out, so it is checked; each fallback
    # picture (the equation's says nothing) is not, nor reported twice under the same name
    data = _alternate_deck(("ink", "chart", "equation", "model"))  # ink left of the chart
    problems = [
        str(p).removeprefix("formler.pptx: slide 1, ") for p in check_deck("formler.pptx", data)
    ]
    assert problems == [
        '"Ink 10": layout-order: this is read before "Diagram 9", which is left of it; '
        "read the slide top to bottom, the left of two shapes side by side first",
        '"Formel 11": language: 1 piece(s) of text say no language (lang), '
        'e.g. "Andel = antal/totalt"',
        '"Ink 10": alt-text: the ink drawing has no alternative text (descr)',
        '"Diagram 9": alt-text: the chart has no alternative text (descr)',
        '"Formel 11": invisible-text: a zero-width space (U+200B) sits in "antal/totalt": '
        "the word copied or searched for is not the word a reader types; remove it",
        '"3D-modell 12": alt-text: the 3D model has no alternative text (descr)',
    ]


def test_the_accessibility_pass_moves_content_given_two_ways_as_a_whole() -> None:
    from rusmodel.plugins.deck.accessible import make_accessible

    made = make_accessible(_alternate_deck(("ink", "chart", "equation", "model")), "sv")
    package = DeckPackage(made)
    root = package.xml(package.slides()[0])
    tree = root.find(f"{{{P}}}cSld/{{{P}}}spTree")
    alternates = [e for e in tree if e.tag == f"{{{MC}}}AlternateContent"]
    # read as laid out, each still a choice with its fallback
    assert [shape_name(next(iter(a))[0]) for a in alternates] == [
        "Diagram 9",
        "Ink 10",
        "Formel 11",
        "3D-modell 12",
    ]
    assert all([b.tag for b in a] == [f"{{{MC}}}Choice", f"{{{MC}}}Fallback"] for a in alternates)
    assert _rules(check_deck("formler.pptx", made), "layout-order", "language") == []


def test_content_given_two_ways_inside_a_group_is_named_by_the_group() -> None:
    def group_the_ink(package: DeckPackage, slides: list[str]) -> None:
        root = package.xml(slides[0])
        tree = root.find(f"{{{P}}}cSld/{{{P}}}spTree")
        alternate = next(e for e in tree if e.tag == f"{{{MC}}}AlternateContent")
        _group([alternate], 90, descr="Handskrivna anteckningar")
        package.write(slides[0], root)

    data = edit_deck(_alternate_deck(("ink",)), group_the_ink)
    assert [str(p) for p in check_deck("ink.pptx", data)] == [
        'ink.pptx: slide 1, "Group 90" \u203a "Ink 10": alt-text: '
        "the ink drawing has no alternative text (descr)"
    ]
