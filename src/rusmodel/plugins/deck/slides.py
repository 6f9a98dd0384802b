"""Making slides in the chosen design: titles that fit, footers, text and table slides.

:class:`SlideMaker` knows the template (its layouts, fonts and the box where
content goes) and makes each slide from a layout, never by copying another
slide: python-pptx cannot copy slides, and a fresh slide keeps the layout's
master shapes (a region's logo) and placeholders.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import attrs

from rusmodel.labels import label
from rusmodel.plugins.deck.metrics import breakable, font_metrics, line_height, wrap
from rusmodel.plugins.deck.tables import (
    Cell,
    Column,
    TableFont,
    column_widths,
    draw_table,
    paginate,
    rgb,
    row_height,
    split_tall_rows,
    words_fit,
)
from rusmodel.plugins.deck.theme import (
    EMU_PER_INCH,
    EMU_PER_PT,
    Layouts,
    Rect,
    TemplateFonts,
    choose_layouts,
    lxml_etree,
    template_fonts,
)

__all__ = ["Paragraph", "Run", "SlideMaker"]

GAP = 0.12 * EMU_PER_INCH
"""Space between a legend or note and the table it belongs to."""
TEXT_INSET_X = 0.1 * EMU_PER_INCH
TEXT_INSET_Y = 0.05 * EMU_PER_INCH
BULLET_INDENT = 18.0
"""How far a bullet's text is indented from its bullet, in points."""
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@attrs.frozen
class Run:
    """A piece of a paragraph with its own colour (``RRGGBB``) or weight."""

    text: str
    colour: str | None = None
    bold: bool = False


@attrs.frozen
class Paragraph:
    """A paragraph of a text box: its runs, size in points, bullet and space before.

    A ``heading`` is kept on the slide of the paragraph after it.
    """

    runs: tuple[Run, ...]
    size: float = 16.0
    bullet: bool = False
    space_before: float = 0.0
    heading: bool = False

    @classmethod
    def of(cls, text: str, size: float = 16.0, *, bold: bool = False, **kw: Any) -> Paragraph:
        return cls(runs=(Run(text, bold=bold),), size=size, **kw)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        return any(r.bold for r in self.runs)


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def _escape(text: str) -> str:
    text = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    # XML cannot hold control characters, and a slide would show python-pptx's escape of one
    # (_x0007_) as it stands; validation refuses them, and a plan built in Python loses them.
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def _first(element: Any, path: str) -> Any:
    found = element.xpath(path)
    return found[0] if found else None


def _freeze(part: Any) -> None:
    """Keep a finished slide as the XML text it will be saved as, and let its tree go.

    python-pptx holds every slide as an lxml tree until the deck is saved, and
    a tree takes some twelve times the memory of its text: the deck of 10 000
    activities (2 900 slides) peaked at 880 MB, 464 MB with finished slides
    kept as text. The text is what saving writes (the same bytes,
    made now instead of then). Should anything ask for the slide's tree
    again, it is parsed back from the text (:func:`_frozen_part_class`).
    """
    from pptx.parts.slide import SlidePart

    if type(part) is not SlidePart or "_element" not in vars(part):
        return  # not python-pptx's slide part as this knows it: leave it as it is
    blob = part.blob
    state = vars(part)
    del state["_element"]
    state.pop("slide", None)  # python-pptx's cached Slide, which holds the tree
    state["_frozen_blob"] = blob
    part.__class__ = _frozen_part_class()


@functools.cache
def _frozen_part_class() -> type:
    """A slide part whose XML is held as text, parsed back into a tree on first use."""
    from pptx.oxml import parse_xml
    from pptx.parts.slide import SlidePart

    def blob(self: Any) -> bytes:
        blob: bytes = vars(self)["_frozen_blob"]
        return blob

    def element(self: Any) -> Any:
        state = vars(self)
        tree = parse_xml(state.pop("_frozen_blob"))
        self.__class__ = SlidePart
        state["_element"] = tree
        return tree

    return type(
        "_FrozenSlidePart",
        (SlidePart,),
        {"blob": property(blob), "_element": property(element), "__slots__": ()},
    )


class SlideMaker:
    """Makes the deck's slides in ``prs`` (the built-in design or a region's template).

    ``footer_date`` is the as-of date shown in the footer, ``footer_text`` what
    the footer placeholder says (the organisation and period); every slide
    gets them and its slide number.
    """

    def __init__(self, prs: Any, lang: str, footer_date: str, footer_text: str) -> None:
        self.prs = prs
        self.lang = lang
        self.footer_date = footer_date
        self.footer_text = footer_text
        self.layouts: Layouts = choose_layouts(prs)
        self.fonts: TemplateFonts = template_fonts(prs)
        self.width = int(prs.slide_width)
        self.height = int(prs.slide_height)
        self._styles: dict[tuple[str, int, float], tuple[Rect, float, bool, int, int]] = {}
        self._next_slide_id: int | None = None
        # Slides in the deck: counting an lxml element's children walks them all, which for
        # every new slide made the deck's time grow faster than the deck.
        self._slide_count = len(prs.slides._sldIdLst)
        self._filling: Any = None  # the part of the slide being made
        self._footers: dict[str, dict[Any, str]] = {}
        self.title_box = self._title_box()
        self.content = self._content_box()

    # -- geometry ----------------------------------------------------------------------------

    def _layout_title(self, layout: Any) -> Any:
        from pptx.enum.shapes import PP_PLACEHOLDER

        if layout is None:
            return None
        for shape in layout.placeholders:
            if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                return shape
        return None

    def _table_layout(self) -> Any:
        layouts = self.layouts
        chosen = layouts.title_only or layouts.content or layouts.blank
        return chosen or self.prs.slide_layouts[0]

    def _title_box(self) -> Rect:
        shape = self._layout_title(self._table_layout())
        if shape is not None and shape.width:
            return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        margin = int(self.width * 0.04)
        return Rect(
            margin, int(self.height * 0.04), self.width - 2 * margin, int(self.height * 0.13)
        )

    def _content_box(self) -> Rect:
        from pptx.enum.shapes import PP_PLACEHOLDER

        margin = int(self.width * 0.04)
        fallback_top = self.title_box.bottom + int(0.15 * EMU_PER_INCH)
        box = Rect(
            margin, fallback_top, self.width - 2 * margin, int(self.height * 0.9) - fallback_top
        )
        layout = self.layouts.content
        if layout is not None:
            bodies = [
                s
                for s in layout.placeholders
                if s.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
                and s.width
            ]
            if bodies:
                body = max(bodies, key=lambda s: int(s.width) * int(s.height))
                box = Rect(int(body.left), int(body.top), int(body.width), int(body.height))
        # Never reach above the title's bottom or past the slide's edges.
        top = max(box.top, self.title_box.bottom + int(0.05 * EMU_PER_INCH))
        left = max(box.left, 0)
        right = min(box.right, self.width)
        bottom = min(box.bottom, self.height - int(0.05 * EMU_PER_INCH))
        return Rect(left, top, right - left, bottom - top)

    # -- slides ------------------------------------------------------------------------------

    def _add_slide(self, layout: Any) -> Any:
        """``prs.slides.add_slide(layout)`` in a time that does not grow with the deck.

        python-pptx's ``add_slide`` looks through every relationship of the
        presentation for one to the new slide (there can be none), through
        every slide id for the largest, and counts the slides to name the new
        one, so each slide costs more than the one before: 3 000 slides took
        44 s against 5 s this way. The steps are python-pptx's own, in its
        order, without the searches and with the slides counted as they are
        added, so the file is the same byte for byte. Should python-pptx rename
        what this relies on, its own ``add_slide`` is used.

        The slide made before is finished then: it is kept as its XML text (see
        :func:`_freeze`).
        """
        _freeze(self._filling)
        slide = self._new_slide(layout)
        self._filling = slide.part
        return slide

    def _new_slide(self, layout: Any) -> Any:
        from pptx.opc.constants import RELATIONSHIP_TYPE
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import SlidePart

        part = self.prs.part
        id_list = self.prs.slides._sldIdLst
        rels = part.rels
        if self._next_slide_id is None:
            # Looked up on the classes: asking an object for a property would run it.
            needed = (
                (rels, "_add_relationship"),
                (id_list, "_next_id"),
                (id_list, "_add_sldId"),
            )
            found = all(hasattr(type(obj), name) for obj, name in needed)
            self._next_slide_id = int(id_list._next_id) if found else -1
        if self._next_slide_id < 0:
            self._slide_count += 1
            return self.prs.slides.add_slide(layout)
        new_part: Any = SlidePart.new  # python-pptx leaves it unannotated
        # The name python-pptx's _next_slide_partname gives, without its count of the slides.
        partname = PackURI(f"/ppt/slides/slide{self._slide_count + 1}.xml")
        slide_part = new_part(partname, part.package, layout.part)
        rId = rels._add_relationship(RELATIONSHIP_TYPE.SLIDE, slide_part)
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        id_list._add_sldId(id=self._next_slide_id, rId=rId)
        self._next_slide_id += 1
        self._slide_count += 1
        return slide

    def new_slide(self, title: str) -> Any:
        """A slide of the table layout with ``title``, footer and slide number, otherwise empty."""
        slide = self._add_slide(self._table_layout())
        self._keep_only_title(slide)
        self._set_title(slide, title)
        self._add_footer(slide)
        return slide

    def title_slide(self, title: str, lines: Sequence[str]) -> Any:
        """The deck's first slide: the plan's title and the lines under it."""
        from pptx.enum.shapes import PP_PLACEHOLDER

        layout = self.layouts.title or self._table_layout()
        slide = self._add_slide(layout)
        subtitle = None
        for shape in list(slide.placeholders):
            kind = shape.placeholder_format.type
            if kind == PP_PLACEHOLDER.SUBTITLE and subtitle is None:
                subtitle = shape
            elif kind not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                shape._element.getparent().remove(shape._element)
        self._set_title(slide, title)
        text = "\n".join(line for line in lines if line)
        if subtitle is not None:
            size = self._fit_size(subtitle, text, self.fonts.body, 20.0)
            self._write_lines(subtitle.text_frame, text.split("\n"), size)
        elif text:
            box = self.content.below(int(self.content.height * 0.45))
            self.add_text(slide, box, [Paragraph.of(line, 20.0) for line in text.split("\n")])
        self._add_footer(slide)
        return slide

    def _keep_only_title(self, slide: Any) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER

        for shape in list(slide.placeholders):
            if shape.placeholder_format.type not in (
                PP_PLACEHOLDER.TITLE,
                PP_PLACEHOLDER.CENTER_TITLE,
            ):
                shape._element.getparent().remove(shape._element)

    # -- titles ------------------------------------------------------------------------------

    def _inherited(self, shape: Any, attribute: str) -> str | None:
        """A run property of a placeholder's first level, looked up as PowerPoint inherits it."""
        from pptx.enum.shapes import PP_PLACEHOLDER

        chain = [shape._element]
        layout_shape = getattr(shape, "_base_placeholder", None)
        if layout_shape is not None:
            chain.append(layout_shape._element)
            master_shape = getattr(layout_shape, "_base_placeholder", None)
            if master_shape is not None:
                chain.append(master_shape._element)
        for element in chain:
            value = _first(element, f"./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@{attribute}")
            if value is not None:
                return str(value)
        kind = shape.placeholder_format.type
        layout = getattr(shape.part, "slide_layout", None)
        master = (layout.slide_master if layout is not None else self.prs.slide_master)._element
        style = (
            "p:titleStyle"
            if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            else "p:bodyStyle"
        )
        value = _first(master, f"./p:txStyles/{style}/a:lvl1pPr/a:defRPr/@{attribute}")
        return str(value) if value is not None else None

    def _insets(self, shape: Any) -> tuple[int, int]:
        chain = [shape._element]
        base = getattr(shape, "_base_placeholder", None)
        while base is not None:
            chain.append(base._element)
            base = getattr(base, "_base_placeholder", None)
        horizontal, vertical = 91440 * 2, 45720 * 2
        for element in reversed(chain):
            body = _first(element, "./p:txBody/a:bodyPr")
            if body is None:
                continue
            if body.get("lIns") is not None or body.get("rIns") is not None:
                horizontal = int(body.get("lIns", 91440)) + int(body.get("rIns", 91440))
            if body.get("tIns") is not None or body.get("bIns") is not None:
                vertical = int(body.get("tIns", 45720)) + int(body.get("bIns", 45720))
        return horizontal, vertical

    def _text_style(self, shape: Any, default: float) -> tuple[Rect, float, bool, int, int]:
        """A placeholder's box, font size, weight and insets, as its layout gives them.

        A new slide's placeholder inherits all of these, so they are looked up
        once per layout and placeholder (the lookups are slow).
        """
        layout = shape.part.slide_layout
        key = (str(layout.part.partname), shape.placeholder_format.idx, default)
        known = self._styles.get(key)
        if known is None:
            raw = self._inherited(shape, "sz")
            box = Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
            known = (
                box,
                int(raw) / 100 if raw else default,
                self._inherited(shape, "b") in ("1", "true"),
                *self._insets(shape),
            )
            self._styles[key] = known
        return known

    def _fit_size(self, shape: Any, text: str, font: str, default: float) -> float | None:
        """The size ``text`` needs to fit its placeholder: ``None`` where the template's fits."""
        box, size, bold, horizontal, vertical = self._text_style(shape, default)
        metrics = font_metrics(font, bold)
        width = (box.width - horizontal) / EMU_PER_PT
        height = (box.height - vertical) / EMU_PER_PT
        smallest = min(size, max(12.0, size * 0.5))
        paragraphs = text.count("\n") + 1
        candidate = size
        while True:
            lines = wrap(text, width, candidate, metrics)
            # Templates often space paragraphs by a fifth of a line; allow for it.
            needed = len(lines) * line_height(candidate) + paragraphs * 0.2 * candidate
            if needed <= height or candidate <= smallest:
                break
            candidate = max(smallest, candidate - 2)
        return None if candidate == size else candidate

    def _set_title(self, slide: Any, text: str) -> None:
        title = slide.shapes.title
        if title is None:
            self.add_text(slide, self.title_box, [Paragraph.of(text, 24.0, bold=True)])
            return
        size = self._fit_size(title, text, self.fonts.heading, 32.0)
        self._write_lines(title.text_frame, [text], size)

    def _write_lines(self, frame: Any, lines: Sequence[str], size: float | None) -> None:
        from pptx.util import Pt

        frame.clear()
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = breakable(line)
            self._language(run)
            if size is not None:
                run.font.size = Pt(size)

    def _language(self, run: Any) -> None:
        run._r.get_or_add_rPr().set("lang", self.language)

    # -- footer ------------------------------------------------------------------------------

    def _add_footer(self, slide: Any) -> None:
        """Date, footer text and slide number, in the layout's footer placeholders.

        Where the layout has no placeholder for the date or the number, a small
        text box at the bottom of the slide holds it.
        """
        from pptx.enum.shapes import PP_PLACEHOLDER

        wanted = {
            PP_PLACEHOLDER.DATE: self.footer_date,
            PP_PLACEHOLDER.FOOTER: self.footer_text,
            PP_PLACEHOLDER.SLIDE_NUMBER: None,
        }
        layout = slide.slide_layout
        key = str(layout.part.partname)
        if key not in self._footers:
            found: dict[Any, str] = {}
            for shape in layout.placeholders:
                kind = shape.placeholder_format.type
                if kind in wanted and kind not in found and shape.width:
                    found[kind] = self._footer_template(shape)
            self._footers[key] = found
        found = self._footers[key]
        for kind, template in found.items():
            self._footer_placeholder(slide, template, wanted[kind])
        if PP_PLACEHOLDER.SLIDE_NUMBER not in found:
            self._footer_box(slide, None, "r")
        if PP_PLACEHOLDER.DATE not in found:
            self._footer_box(slide, self.footer_date, "l")

    def _footer_run(self, layout_shape: Any) -> str:
        """Run properties for footer text, copied from the placeholder's inherited style.

        LibreOffice does not apply a master's footer style to footer text on a
        slide (it draws it in its default serif), so the style is written on
        the run itself; PowerPoint shows the same either way.
        """
        from copy import deepcopy

        etree = lxml_etree()
        lang = self.language
        chain = [layout_shape._element]
        base = getattr(layout_shape, "_base_placeholder", None)
        if base is not None:
            chain.append(base._element)
        style = None
        for element in chain:
            style = _first(element, "./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr")
            if style is not None:
                break
        if style is None:
            return f'<a:rPr xmlns:a="{_A}" lang="{lang}"/>'
        run = deepcopy(style)
        run.tag = f"{{{_A}}}rPr"
        run.set("lang", lang)
        names = {etree.QName(child).localname for child in run}
        if not names & {
            "latin",
            "ea",
            "cs",
            "sym",
            "hlinkClick",
            "hlinkMouseOver",
            "rtl",
            "extLst",
        }:
            etree.SubElement(run, f"{{{_A}}}latin", typeface="+mn-lt")
        return str(etree.tostring(run, encoding="unicode"))

    def _footer_template(self, layout_shape: Any) -> str:
        """A footer placeholder for slides of this layout, with its id and text to fill in."""
        ph = _first(layout_shape._element, "./p:nvSpPr/p:nvPr/p:ph")
        ph_attrs = " ".join(f'{k}="{_escape(v)}"' for k, v in ph.attrib.items())
        name = _escape(layout_shape.name).replace("{", "{{").replace("}", "}}")
        run_props = self._footer_run(layout_shape).replace("{", "{{").replace("}", "}}")
        return (
            f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr>'
            f'<p:cNvPr id="{{id}}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            f"</p:cNvSpPr><p:nvPr><p:ph {ph_attrs}/></p:nvPr></p:nvSpPr><p:spPr/>"
            f"<p:txBody><a:bodyPr/><a:lstStyle/><a:p>{{open}}{run_props}<a:t>{{text}}</a:t>"
            f"{{close}}</a:p></p:txBody></p:sp>"
        )

    def _footer_placeholder(self, slide: Any, template: str, text: str | None) -> None:
        from pptx.oxml import parse_xml

        if text is None:
            number = self._slide_count
            parts = {
                "open": f'<a:fld id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum">',
                "text": str(number),
                "close": "</a:fld>",
            }
        else:
            parts = {"open": "<a:r>", "text": _escape(breakable(text)), "close": "</a:r>"}
        element = parse_xml(template.format(id=slide.shapes._next_shape_id, **parts))
        slide.shapes._spTree.append(element)

    def _footer_box(self, slide: Any, text: str | None, align: str) -> None:
        """A footer text box where the layout has no placeholder for it."""
        from pptx.enum.text import PP_ALIGN
        from pptx.oxml import parse_xml
        from pptx.util import Emu, Pt

        width = int(2.0 * EMU_PER_INCH)
        height = int(0.35 * EMU_PER_INCH)
        top = self.height - height - int(0.1 * EMU_PER_INCH)
        left = (
            self.width - width - int(0.2 * EMU_PER_INCH)
            if align == "r"
            else int(0.2 * EMU_PER_INCH)
        )
        box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
        paragraph = box.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT if align == "r" else PP_ALIGN.LEFT
        if text is None:
            lang = self.language
            field = parse_xml(
                f'<a:fld xmlns:a="{_A}" id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum">'
                f'<a:rPr lang="{lang}" sz="1100"/>'
                f"<a:t>{self._slide_count}</a:t></a:fld>"
            )
            paragraph._p.append(field)
        else:
            run = paragraph.add_run()
            run.text = breakable(text)
            run.font.size = Pt(11)
            self._language(run)

    # -- text --------------------------------------------------------------------------------

    def paragraph_height(self, paragraph: Paragraph, width: float) -> float:
        """Points ``paragraph`` takes in a text box ``width`` points wide (insets included)."""
        room = width - 2 * TEXT_INSET_X / EMU_PER_PT - (BULLET_INDENT if paragraph.bullet else 0)
        metrics = font_metrics(self.fonts.body, paragraph.bold)
        lines = wrap(paragraph.text, room, paragraph.size, metrics)
        return paragraph.space_before + len(lines) * line_height(paragraph.size)

    def text_height(self, paragraphs: Sequence[Paragraph], width: float) -> float:
        """Points a text box ``width`` points wide needs for ``paragraphs``."""
        inner = sum(self.paragraph_height(p, width) for p in paragraphs)
        return inner + 2 * TEXT_INSET_Y / EMU_PER_PT

    def add_text(self, slide: Any, box: Rect, paragraphs: Sequence[Paragraph]) -> Any:
        """A text box in ``box`` holding ``paragraphs``; its height is what they need."""
        from pptx.enum.text import MSO_AUTO_SIZE
        from pptx.util import Emu, Pt

        height = min(box.height, _emu(self.text_height(paragraphs, box.width_pt)) + 1)
        shape = slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(height))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Emu(int(TEXT_INSET_X))
        frame.margin_top = frame.margin_bottom = Emu(int(TEXT_INSET_Y))
        for index, source in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.line_spacing = Emu(_emu(line_height(source.size)))
            if source.space_before:
                paragraph.space_before = Pt(source.space_before)
            if source.bullet:
                self._bullet(paragraph)
            for part in source.runs:
                run = paragraph.add_run()
                run.text = breakable(part.text)
                run.font.size = Pt(source.size)
                run.font.bold = part.bold
                if part.colour:
                    run.font.color.rgb = rgb(part.colour)
                self._language(run)
        return shape

    def _bullet(self, paragraph: Any) -> None:
        from pptx.oxml import parse_xml

        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.set("marL", str(_emu(BULLET_INDENT)))
        p_pr.set("indent", str(-_emu(BULLET_INDENT)))
        p_pr.append(parse_xml(f'<a:buFont xmlns:a="{_A}" typeface="Arial"/>'))
        p_pr.append(parse_xml(f'<a:buChar xmlns:a="{_A}" char="•"/>'))

    def text_slides(self, title: str, paragraphs: Sequence[Paragraph]) -> list[Any]:
        """Slides of ``paragraphs``, continued on "forts." slides where they do not fit one.

        A paragraph is not divided unless it is taller than a slide by itself
        (it then fills the rest of the slide and goes on on the next); a
        heading stays on the slide of the paragraph after it.
        """
        box = self.content
        room = box.height_pt - 2 * TEXT_INSET_Y / EMU_PER_PT
        pages: list[list[Paragraph]] = [[]]
        used = 0.0
        queue = list(paragraphs)
        while queue:
            paragraph = queue.pop(0)
            height = self.paragraph_height(paragraph, box.width_pt)
            if height > room:
                first, rest = self._cut(paragraph, box.width_pt, room - used)
                if first is not None:
                    pages[-1].append(first)
                pages.append([])
                used = 0.0
                queue.insert(0, rest)
                continue
            needed = height
            if paragraph.heading and queue:
                together = height + self.paragraph_height(queue[0], box.width_pt)
                needed = together if together <= room else height
            if pages[-1] and used + needed > room:
                pages.append([])
                used = 0.0
            pages[-1].append(paragraph)
            used += height
        slides = []
        for number, page in enumerate(p for p in pages if p):
            slide = self.new_slide(title if number == 0 else self.continued(title))
            self.add_text(slide, box, page)
            slides.append(slide)
        return slides

    def _cut(
        self, paragraph: Paragraph, width: float, free: float
    ) -> tuple[Paragraph | None, Paragraph]:
        """The lines of ``paragraph`` that fit in ``free`` points, and the rest of it."""
        indent = BULLET_INDENT if paragraph.bullet else 0.0
        room = width - 2 * TEXT_INSET_X / EMU_PER_PT - indent
        metrics = font_metrics(self.fonts.body, paragraph.bold)
        lines = wrap(paragraph.text, room, paragraph.size, metrics)
        count = int((free - paragraph.space_before) // line_height(paragraph.size))
        if count < 1:
            return None, paragraph
        first = attrs.evolve(paragraph, runs=(Run(" ".join(lines[:count]), bold=paragraph.bold),))
        rest = attrs.evolve(
            paragraph,
            runs=(Run(" ".join(lines[count:]), bold=paragraph.bold),),
            bullet=False,
            space_before=0.0,
        )
        return first, rest

    def continued(self, title: str) -> str:
        return label("continued", self.lang, title=title)

    # -- tables ------------------------------------------------------------------------------

    def table_font(self, size: float = 12.0) -> TableFont:
        return TableFont(self.fonts.body, size)

    def fit_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        box: Rect,
        sizes: Sequence[float],
        *,
        fill: bool = True,
    ) -> tuple[TableFont, list[float], float] | None:
        """The largest of ``sizes`` at which the table fits ``box`` whole, no word cut:
        its font, column widths and height in points."""
        for size in sizes:
            font = self.table_font(size)
            if not words_fit(columns, rows, box.width_pt, font):
                continue
            chosen = column_widths(columns, rows, box.width_pt, font, fill=fill)
            header = row_height([Cell(c.header, bold=True) for c in columns], chosen, font)
            height = header + sum(row_height(r, chosen, font) for r in rows)
            if height <= box.height_pt:
                return font, chosen, height
        return None

    def readable_font(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        box: Rect,
        sizes: Sequence[float] = (12.0,),
    ) -> TableFont:
        """The largest of ``sizes`` (or smaller, down to 8 pt) at which no word is cut.

        A narrow template (4:3) or a long word may not leave room for every
        word at the size asked for; a smaller font is better than a word cut
        in two.
        """
        smallest = min(sizes)
        tried = [*sizes, *(s for s in (11.0, 10.0, 9.0, 8.0) if s < smallest)]
        for size in tried:
            font = self.table_font(size)
            if words_fit(columns, rows, box.width_pt, font):
                return font
        return self.table_font(tried[-1])

    def table_slides(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        sizes: Sequence[float] = (12.0,),
        above: Sequence[Paragraph] = (),
        below: Sequence[Paragraph] = (),
        widths: Sequence[float] | None = None,
        font: TableFont | None = None,
        box: Rect | None = None,
        fill: bool = True,
    ) -> list[Any]:
        """Slides holding a table of ``rows``, continued on "forts." slides as needed.

        The table is set in the largest of ``sizes`` (points) at which it fits
        one slide, else in the first size over as many slides as it needs (a
        smaller one where words would be cut, see :meth:`readable_font`).
        ``font`` and ``widths`` fix both instead (tables that must look alike);
        ``fill=False`` lets a table of short values stay narrower than the box.
        ``above`` (a legend) and ``below`` (a footnote) are repeated on every
        slide. Column widths are the same on every slide of the table.
        """
        box = box or self.content
        above_height = _emu(self.text_height(above, box.width_pt)) + int(GAP) if above else 0
        below_height = _emu(self.text_height(below, box.width_pt)) + int(GAP) if below else 0
        room = (box.height - above_height - below_height) / EMU_PER_PT
        if font is None:
            whole = self.fit_table(
                columns, rows, Rect(box.left, box.top, box.width, _emu(room)), sizes, fill=fill
            )
            if whole is not None:
                font, widths = whole[0], whole[1]
            else:
                font = self.readable_font(columns, rows, box, sizes)
        widths = list(widths or column_widths(columns, rows, box.width_pt, font, fill=fill))
        header = row_height([Cell(c.header, bold=True) for c in columns], widths, font)
        marker = self.continued("").strip()
        fitted = split_tall_rows(rows, widths, font, room - header, marker)
        heights = [row_height(r, widths, font) for r in fitted]
        slides = []
        for number, page in enumerate(paginate(heights, header, room)):
            slide = self.new_slide(title if number == 0 else self.continued(title))
            top = box.top
            if above:
                self.add_text(slide, Rect(box.left, top, box.width, above_height), above)
                top += above_height
            table_rows = [fitted[i] for i in page]
            drawn = [header, *(heights[i] for i in page)]
            draw_table(
                slide, box.left, top, columns, widths, table_rows, font, self.language, drawn
            )
            if below:
                table_height = header + sum(heights[i] for i in page)
                note_top = top + _emu(table_height) + int(GAP)
                self.add_text(slide, Rect(box.left, note_top, box.width, below_height), below)
            slides.append(slide)
        return slides

    def draw_table(
        self,
        slide: Any,
        box: Rect,
        columns: Sequence[Column],
        widths: Sequence[float],
        rows: Sequence[Sequence[Cell]],
        font: TableFont,
    ) -> Any:
        """A table at the top left of ``box`` (which the caller has checked it fits)."""
        return draw_table(slide, box.left, box.top, columns, widths, rows, font, self.language)

    @property
    def language(self) -> str:
        """The language tag of the deck's text (for spelling and hyphenation in PowerPoint)."""
        return "en-GB" if self.lang == "en" else "sv-SE"
