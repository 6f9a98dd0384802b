"""The deck's design: the built-in 16:9 design or a region's own template.

With no template the deck uses a clean built-in design made from
python-pptx's own template (freely redistributable), turned 16:9 (13.333 ×
7.5 in) and restyled: left-aligned titles over a thin accent line, slide
number and date in the footer, a calm blue palette, Calibri throughout.

With ``--template region.pptx`` (or ``.potx``) the deck is built on that file:
its slide masters, layouts, placeholders, theme fonts and theme colours. Any
slides in the file are dropped. Layouts are chosen by name, in English or
Swedish, and otherwise by the placeholders they hold; see :func:`choose_layouts`.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import Path
from typing import Any

import attrs

from rusmodel.inputs import open_input
from rusmodel.packages import PRESENTATION, check_package, describe_error
from rusmodel.problems import PlanError, Problem

__all__ = [
    "LAYOUT_NAMES",
    "Layouts",
    "Rect",
    "TemplateFonts",
    "builtin_presentation",
    "choose_layouts",
    "lxml_etree",
    "open_template",
    "template_fonts",
]

EMU_PER_PT = 12700
EMU_PER_INCH = 914400

WIDE_WIDTH = 12192000  # 13.333 in
WIDE_HEIGHT = 6858000  # 7.5 in


@attrs.frozen
class Rect:
    """A box on a slide in EMU (English Metric Units, 914 400 to the inch)."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def width_pt(self) -> float:
        return self.width / EMU_PER_PT

    @property
    def height_pt(self) -> float:
        return self.height / EMU_PER_PT

    def below(self, height: int) -> Rect:
        """What is left of this box under its top ``height`` EMU."""
        return Rect(self.left, self.top + height, self.width, max(0, self.height - height))


@attrs.frozen
class Layouts:
    """The layouts the deck uses, found in the template.

    ``title`` for the title slide; ``title_only`` for table and chart slides
    (the deck places those itself); ``content`` for its body placeholder's
    box, which is where tables and charts go; ``blank`` when nothing else is
    there. A missing one is ``None`` and the deck falls back as documented.
    """

    title: Any
    title_only: Any
    content: Any
    blank: Any


@attrs.frozen
class TemplateFonts:
    """The template's theme fonts: ``heading`` (major) and ``body`` (minor)."""

    heading: str
    body: str


_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


def _template_problem(path: Path, message: str) -> PlanError:
    return PlanError([Problem(message, file=str(path), place="--template")])


def open_template(path: Path | None) -> Any:
    """The presentation to build the deck in: the built-in design, or ``path`` emptied of slides.

    The template is checked first as any Office file from elsewhere is
    (:func:`rusmodel.packages.check_package`: size, zip bombs, XML entities);
    one with macros (``.pptm``, ``.potm``, a ``vbaProject.bin``), ActiveX
    controls or OLE objects is refused, so none is carried into the deck. A
    file that is not a PowerPoint presentation or template raises
    :class:`~rusmodel.PlanError` naming the file and the ``--template`` option.
    """
    if path is None:
        return builtin_presentation()
    from pptx import Presentation

    try:
        check_package(path, PRESENTATION, template=True)
        with open_input(path) as handle:
            raw = handle.read()
    except PlanError as exc:
        raise PlanError([attrs.evolve(p, place="--template") for p in exc.problems]) from None
    except OSError as exc:
        raise _template_problem(path, f"cannot read the template: {exc.strerror}") from exc
    try:
        raw = _as_presentation(raw)
        prs = Presentation(io.BytesIO(raw))
    except PlanError:
        raise
    except Exception as exc:
        raise _template_problem(path, describe_error(exc, PRESENTATION)) from exc
    _drop_slides(prs)
    if not list(prs.slide_layouts):
        raise _template_problem(path, "has no slide layouts to build slides from")
    return prs


def _as_presentation(raw: bytes) -> bytes:
    """A .potx template's bytes relabelled as a presentation, which python-pptx opens."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        names = source.namelist()
        if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
            raise ValueError("no ppt/presentation.xml: not a PowerPoint file")
        types = source.read("[Content_Types].xml").decode("utf-8")
        if _TEMPLATE_TYPE not in types:
            return raw
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    data = types.replace(_TEMPLATE_TYPE, _PRESENTATION_TYPE).encode("utf-8")
                target.writestr(info, data)
        return out.getvalue()


def _drop_slides(prs: Any) -> None:
    """Remove the slides a template file may hold (examples, instructions)."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


# ---------------------------------------------------------------------------------------------
# Choosing layouts


def _norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title slide", "rubrikbild", "titelbild", "rubrikbild med bild", "titelsida"),
    "title_only": ("title only", "endast rubrik", "bara rubrik", "endast titel", "rubrik"),
    "content": (
        "title and content",
        "rubrik och innehåll",
        "titel och innehåll",
        "rubrik och text",
    ),
    "blank": ("blank", "tom", "tom bild"),
}
"""Layout names the deck looks for, English and Swedish, first match wins."""


def _placeholder_types(layout: Any) -> list[str]:
    from pptx.enum.shapes import PP_PLACEHOLDER

    footer_types = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    kinds: list[str] = []
    for shape in layout.placeholders:
        kind = shape.placeholder_format.type
        if kind in footer_types:
            continue
        if kind == PP_PLACEHOLDER.CENTER_TITLE:
            kinds.append("center_title")
        elif kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.VERTICAL_TITLE):
            kinds.append("title")
        elif kind == PP_PLACEHOLDER.SUBTITLE:
            kinds.append("subtitle")
        elif kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT):
            kinds.append("body")
        else:
            kinds.append("other")
    return kinds


def _by_structure(layouts: list[Any], role: str) -> Any:
    for layout in layouts:
        kinds = _placeholder_types(layout)
        if role == "title" and "center_title" in kinds:
            return layout
        if role == "title_only" and kinds == ["title"]:
            return layout
        if role == "content" and sorted(kinds) == ["body", "title"]:
            return layout
        if role == "blank" and not kinds:
            return layout
    return None


def choose_layouts(prs: Any) -> Layouts:
    """Find the layouts the deck needs in ``prs`` (see :data:`LAYOUT_NAMES`).

    Each role is looked up by the layout's name (case and spacing ignored) in
    every slide master; where no name matches, by what the layout holds: a
    centred title for the title slide, a title alone for ``title_only``, a
    title and one body placeholder for ``content``, nothing for ``blank``.
    """
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    found: dict[str, Any] = {}
    for role, names in LAYOUT_NAMES.items():
        by_name = {_norm(layout.name): layout for layout in reversed(layouts)}
        match = next((by_name[n] for n in names if n in by_name), None)
        found[role] = match or _by_structure(layouts, role)
    return Layouts(
        title=found["title"],
        title_only=found["title_only"],
        content=found["content"],
        blank=found["blank"],
    )


# ---------------------------------------------------------------------------------------------
# Theme fonts


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def lxml_etree() -> Any:
    """lxml's etree (python-pptx's XML library, which has no type stubs)."""
    return importlib.import_module("lxml.etree")


def _theme_xml(prs: Any) -> Any:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    etree = lxml_etree()

    part = prs.slide_master.part.part_related_by(RT.THEME)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(part.blob, parser=parser), part


def template_fonts(prs: Any) -> TemplateFonts:
    """The heading and body fonts of the first slide master's theme (Calibri if unnamed)."""
    root, _ = _theme_xml(prs)
    scheme = root.find(f"{{{_A}}}themeElements/{{{_A}}}fontScheme")

    def latin(kind: str) -> str:
        if scheme is None:
            return "Calibri"
        node = scheme.find(f"{{{_A}}}{kind}/{{{_A}}}latin")
        name = node.get("typeface", "") if node is not None else ""
        return name or "Calibri"

    return TemplateFonts(heading=latin("majorFont"), body=latin("minorFont"))


# ---------------------------------------------------------------------------------------------
# The built-in design

PALETTE = {
    "dk1": "1A1A1A",
    "lt1": "FFFFFF",
    "dk2": "1F3A5F",
    "lt2": "E8EDF3",
    "accent1": "24598F",
    "accent2": "D9822B",
    "accent3": "4E9A8B",
    "accent4": "8A6FB0",
    "accent5": "B5473F",
    "accent6": "6E7F8D",
    "hlink": "24598F",
    "folHlink": "5B4F8F",
}
"""The built-in design's theme colours: navy headings, a blue accent, muted companions."""


def _inches(value: float) -> int:
    return round(value * EMU_PER_INCH)


def _set_box(element: Any, left: float, top: float, width: float, height: float) -> None:
    """Give a placeholder element (sp) an explicit position in inches."""
    from pptx.oxml.ns import qn

    sp_pr = element.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = sp_pr.makeelement(qn("a:xfrm"), {})
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    off = xfrm.makeelement(qn("a:off"), {"x": str(_inches(left)), "y": str(_inches(top))})
    ext = xfrm.makeelement(qn("a:ext"), {"cx": str(_inches(width)), "cy": str(_inches(height))})
    xfrm.append(off)
    xfrm.append(ext)


def _element(tag: str, inner: str = "", **attributes: str) -> Any:
    from pptx.oxml import parse_xml

    attrs_text = " ".join(f'{k}="{v}"' for k, v in attributes.items())
    return parse_xml(
        f'<{tag} xmlns:a="{_A}" '
        f'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" {attrs_text}>'
        f"{inner}</{tag}>"
    )


def _rectangle(shape_id: int, name: str, box: tuple[float, float, float, float]) -> Any:
    left, top, width, height = (_inches(v) for v in box)
    return _element(
        "p:sp",
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/>'
        '<p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        "</p:spPr>",
    )


def _run_style(size: int, colour: str, bold: bool = False, tint: int | None = None) -> str:
    tint_xml = f'<a:tint val="{tint}"/>' if tint else ""
    bold_attr = ' b="1"' if bold else ""
    return (
        f'<a:defRPr sz="{size}"{bold_attr}><a:solidFill><a:schemeClr val="{colour}">{tint_xml}'
        "</a:schemeClr></a:solidFill></a:defRPr>"
    )


def _set_list_style(element: Any, algn: str, size: int, colour: str, **kw: Any) -> None:
    """Set a placeholder's first-level paragraph and run style (its lstStyle)."""
    from pptx.oxml.ns import qn

    body = element.find(qn("p:txBody"))
    old = body.find(qn("a:lstStyle"))
    style = _element(
        "a:lstStyle",
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:buNone/>'
        f"{_run_style(size, colour, **kw)}</a:lvl1pPr>",
    )
    body.replace(old, style)


def _set_anchor(element: Any, anchor: str) -> None:
    from pptx.oxml.ns import qn

    body_pr = element.find(qn("p:txBody")).find(qn("a:bodyPr"))
    body_pr.set("anchor", anchor)
    for child in list(body_pr):
        body_pr.remove(child)  # no autofit: the deck sizes titles itself


def _widen(element: Any, factor: float) -> None:
    from pptx.oxml.ns import qn

    for xfrm in element.iter(qn("a:xfrm")):
        off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        if off is not None:
            off.set("x", str(round(int(off.get("x")) * factor)))
        if ext is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def _recolour_theme(prs: Any) -> None:
    etree = lxml_etree()
    root, part = _theme_xml(prs)
    root.set("name", "rusmodel")
    scheme = root.find(f"{{{_A}}}themeElements/{{{_A}}}clrScheme")
    scheme.set("name", "rusmodel")
    for child in scheme:
        key = etree.QName(child).localname
        if key in PALETTE:
            for old in list(child):
                child.remove(old)
            etree.SubElement(child, f"{{{_A}}}srgbClr", val=PALETTE[key])
    fonts = root.find(f"{{{_A}}}themeElements/{{{_A}}}fontScheme")
    fonts.set("name", "rusmodel")
    for kind in ("majorFont", "minorFont"):
        fonts.find(f"{{{_A}}}{kind}/{{{_A}}}latin").set("typeface", "Calibri")
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def builtin_presentation() -> Any:
    """The built-in 16:9 design, made afresh (and identically) on every call."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.oxml.ns import qn

    prs: Any = Presentation()
    factor = WIDE_WIDTH / prs.slide_width
    prs.slide_width = WIDE_WIDTH
    prs.slide_height = WIDE_HEIGHT
    master = prs.slide_master
    _widen(master._element, factor)
    for layout in master.slide_layouts:
        _widen(layout._element, factor)
    _recolour_theme(prs)

    boxes = {
        PP_PLACEHOLDER.TITLE: (0.5, 0.3, 12.333, 0.85),
        PP_PLACEHOLDER.BODY: (0.5, 1.45, 12.333, 5.3),
        PP_PLACEHOLDER.DATE: (0.5, 6.95, 3.0, 0.4),
        PP_PLACEHOLDER.FOOTER: (3.6, 6.95, 6.133, 0.4),
        PP_PLACEHOLDER.SLIDE_NUMBER: (10.833, 6.95, 2.0, 0.4),
    }
    for shape in master.placeholders:
        kind = shape.placeholder_format.type
        if kind in boxes:
            _set_box(shape._element, *boxes[kind])
        if kind == PP_PLACEHOLDER.TITLE:
            _set_anchor(shape._element, "b")
        elif kind in (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            align = {PP_PLACEHOLDER.DATE: "l", PP_PLACEHOLDER.FOOTER: "ctr"}.get(kind, "r")
            _set_list_style(shape._element, align, 1100, "tx1", tint=65000)

    styles = master._element.find(qn("p:txStyles"))
    title_style = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title_style.set("algn", "l")
    run = title_style.find(qn("a:defRPr"))
    run.set("sz", "2800")
    run.set("b", "1")
    run.find(qn("a:solidFill")).find(qn("a:schemeClr")).set("val", "tx2")
    body_style = styles.find(qn("p:bodyStyle"))
    for level, size in (("a:lvl1pPr", 2000), ("a:lvl2pPr", 1800), ("a:lvl3pPr", 1600)):
        body_style.find(qn(level)).find(qn("a:defRPr")).set("sz", str(size))

    tree = master.shapes._spTree
    tree.append(_rectangle(90, "Accent line", (0.5, 1.2, 12.333, 0.03)))

    for layout in master.slide_layouts:
        for shape in layout.placeholders:
            sp_pr = shape._element.find(qn("p:spPr"))
            xfrm = sp_pr.find(qn("a:xfrm"))
            if xfrm is not None and layout.name != "Title Slide":
                sp_pr.remove(xfrm)  # inherit the master's boxes
        if layout.name == "Title Slide":
            _style_title_layout(layout)
    return prs


def _style_title_layout(layout: Any) -> None:
    from pptx.enum.shapes import PP_PLACEHOLDER

    layout._element.set("showMasterSp", "0")
    for shape in layout.placeholders:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.CENTER_TITLE:
            _set_box(shape._element, 1.1, 1.6, 11.4, 2.2)
            _set_anchor(shape._element, "b")
            _set_list_style(shape._element, "l", 4000, "tx2", bold=True)
        elif kind == PP_PLACEHOLDER.SUBTITLE:
            _set_box(shape._element, 1.1, 4.1, 11.4, 2.2)
            _set_anchor(shape._element, "t")
            _set_list_style(shape._element, "l", 2000, "tx1", tint=75000)
    tree = layout.shapes._spTree
    tree.append(_rectangle(90, "Accent band", (0.0, 0.0, 0.45, 7.5)))
    tree.append(_rectangle(91, "Accent line", (1.1, 3.95, 3.0, 0.04)))
