"""Every slide's footer: the as-of date, the organisation and period, the slide number."""

from __future__ import annotations

import math
import re
from typing import Any

from rusmodel.plugins.deck.metrics import breakable, font_metrics
from rusmodel.plugins.deck.package import FOOTER_NAME
from rusmodel.plugins.deck.placeholders import first
from rusmodel.plugins.deck.theme import EMU_PER_INCH, EMU_PER_PT, lxml_etree
from rusmodel.plugins.deck.xml import A_NS as _A
from rusmodel.plugins.deck.xml import P_NS as _P
from rusmodel.plugins.deck.xml import escape as _escape

__all__ = ["SLIDE_NUMBER_FIELD_ID", "Footers"]

SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
SMALLEST = 10
"""The smallest footer text, in points."""


class Footers:
    """Writes the footer of each slide: ``date`` (the as-of date), ``text`` (what the
    footer placeholder says) and the slide number, in ``language`` (a tag such as sv-SE).

    ``width`` and ``height`` are the slide's, in EMU, for footers drawn as text
    boxes where the layout has no placeholder; ``short`` is said instead of
    ``text`` where that cannot be written on one line at 10 pt or more.
    """

    def __init__(
        self,
        width: int,
        height: int,
        language: str,
        date: str,
        text: str,
        font: str = "Calibri",
        short: str = "",
    ) -> None:
        self.font = font
        self.short = short
        self.width = width
        self.height = height
        self.language = language
        self.date = date
        self.text = text
        self._cache: dict[str, dict[Any, str]] = {}

    def add(self, slide: Any, number: int) -> None:
        """Date, footer text and slide number, in the layout's footer placeholders.

        Where the layout has no placeholder for the date or the number, a small
        text box at the bottom of the slide holds it.
        """
        from pptx.enum.shapes import PP_PLACEHOLDER

        wanted = {
            PP_PLACEHOLDER.DATE: self.date,
            PP_PLACEHOLDER.FOOTER: self.text,
            PP_PLACEHOLDER.SLIDE_NUMBER: None,
        }
        layout = slide.slide_layout
        key = str(layout.part.partname)
        if key not in self._cache:
            shapes: dict[Any, Any] = {}
            for shape in layout.placeholders:
                kind = shape.placeholder_format.type
                if kind in wanted and kind not in shapes and shape.width:
                    shapes[kind] = shape
            found: dict[Any, str] = {}
            for kind, shape in shapes.items():
                found[kind] = self._template(shape)
                if kind == PP_PLACEHOLDER.FOOTER:
                    found[kind] = self._fitted(found[kind], shape, shapes)
            self._cache[key] = found
        found = self._cache[key]
        wanted[PP_PLACEHOLDER.FOOTER] = self.text  # it may have been shortened to fit
        for kind, template in found.items():
            self._placeholder(slide, template, wanted[kind], number)
        if PP_PLACEHOLDER.SLIDE_NUMBER not in found:
            self._box(slide, None, "r", number)
        if PP_PLACEHOLDER.DATE not in found:
            self._box(slide, self.date, "l", number)

    def _run(self, layout_shape: Any) -> str:
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
            style = first(element, "./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr")
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

    def _template(self, layout_shape: Any) -> str:
        """A footer placeholder for slides of this layout, with its id and text to fill in."""
        ph = first(layout_shape._element, "./p:nvSpPr/p:nvPr/p:ph")
        ph_attrs = " ".join(f'{k}="{_escape(v)}"' for k, v in ph.attrib.items())
        name = _escape(layout_shape.name).replace("{", "{{").replace("}", "}}")
        run_props = self._run(layout_shape).replace("{", "{{").replace("}", "}}")
        return (
            f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr>'
            f'<p:cNvPr id="{{id}}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            f"</p:cNvSpPr><p:nvPr><p:ph {ph_attrs}/></p:nvPr></p:nvSpPr><p:spPr/>"
            f"<p:txBody><a:bodyPr/><a:lstStyle/><a:p>{{open}}{run_props}<a:t>{{text}}</a:t>"
            f"{{close}}</a:p></p:txBody></p:sp>"
        )

    def _fitted(self, template: str, shape: Any, shapes: dict[Any, Any]) -> str:
        """The footer placeholder made as wide as the room between the date and the slide
        number where its text would wrap, and its text set smaller (not under 10 pt) where
        even that is too narrow: a footer on two lines runs into the slide's bottom edge."""
        from pptx.enum.shapes import PP_PLACEHOLDER

        size_match = re.search(r'<a:rPr[^>]* sz="(\d+)"', template)
        size = int(size_match[1]) / 100 if size_match else 12.0
        metrics = font_metrics(self.font)
        needed = metrics.text_width(self.text, size) + 0.25 * 72  # the insets
        left, right = int(shape.left), int(shape.left) + int(shape.width)
        if needed * EMU_PER_PT <= right - left:
            return template
        gap = int(0.1 * EMU_PER_INCH)
        date = shapes.get(PP_PLACEHOLDER.DATE)
        number = shapes.get(PP_PLACEHOLDER.SLIDE_NUMBER)
        if date is not None and int(date.left) < left:
            left = int(date.left) + int(date.width) + gap
        if number is not None and int(number.left) > left:
            right = int(number.left) - gap
        xfrm = (
            f'<p:spPr><a:xfrm><a:off x="{left}" y="{int(shape.top)}"/>'
            f'<a:ext cx="{right - left}" cy="{int(shape.height)}"/></a:xfrm></p:spPr>'
        )
        template = template.replace("<p:spPr/>", xfrm, 1)
        room = (right - left) / EMU_PER_PT - 0.25 * 72
        if self.short and metrics.text_width(self.text, SMALLEST) > room:
            self.text = self.short  # the organisation alone; the date says the period
            needed = metrics.text_width(self.text, size) + 0.25 * 72
        if needed - 0.25 * 72 > room:
            smaller = max(SMALLEST, math.floor(size * room / (needed - 0.25 * 72)))
            if size_match:
                template = template.replace(
                    size_match[0],
                    size_match[0].replace(f'sz="{size_match[1]}"', f'sz="{smaller * 100}"'),
                    1,
                )
            else:
                template = template.replace("<a:rPr ", f'<a:rPr sz="{smaller * 100}" ', 1)
        return template

    def _placeholder(self, slide: Any, template: str, text: str | None, number: int) -> None:
        from pptx.oxml import parse_xml

        if text is None:
            parts = {
                "open": f'<a:fld id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum">',
                "text": str(number),
                "close": "</a:fld>",
            }
        else:
            parts = {"open": "<a:r>", "text": _escape(breakable(text)), "close": "</a:r>"}
        element = parse_xml(template.format(id=slide.shapes._next_shape_id, **parts))
        slide.shapes._spTree.append(element)

    def _box(self, slide: Any, text: str | None, align: str, number: int) -> None:
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
        # Named as a footer, so that it is read last (see .accessible) like a footer placeholder.
        box.name = f"{FOOTER_NAME} {'slide number' if text is None else 'date'}"
        paragraph = box.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT if align == "r" else PP_ALIGN.LEFT
        if text is None:
            lang = self.language
            field = parse_xml(
                f'<a:fld xmlns:a="{_A}" id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum">'
                f'<a:rPr lang="{lang}" sz="1100"/>'
                f"<a:t>{number}</a:t></a:fld>"
            )
            paragraph._p.append(field)
        else:
            run = paragraph.add_run()
            run.text = breakable(text)
            run.font.size = Pt(11)
            self._language(run)

    def _language(self, run: Any) -> None:
        run._r.get_or_add_rPr().set("lang", self.language)
