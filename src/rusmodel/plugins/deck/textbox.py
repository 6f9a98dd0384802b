"""Writing measured paragraphs into a text box: runs, bullets, line spacing, line breaks.

The paragraphs' heights were worked out by :mod:`.textflow` with the same
font metrics; the box is made exactly as tall as they need and is never
grown by the renderer (``auto_size`` off), so what was measured is what is
drawn. Where a renderer would break a line elsewhere than measured (after a
hyphen), the measured line ends are written as line breaks
(:func:`.metrics.line_breaks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rusmodel.plugins.deck.metrics import breakable, font_metrics, line_breaks, line_height
from rusmodel.plugins.deck.paragraphs import Paragraph, broken_runs
from rusmodel.plugins.deck.tables import rgb
from rusmodel.plugins.deck.textflow import BULLET_INDENT, TEXT_INSET_X, TEXT_INSET_Y, text_height
from rusmodel.plugins.deck.theme import EMU_PER_PT, Rect, lxml_etree
from rusmodel.plugins.deck.xml import A_NS, emu

__all__ = ["add_text_box"]


def add_text_box(
    slide: Any, box: Rect, paragraphs: Sequence[Paragraph], font: str, language: str
) -> Any:
    """A text box in ``box`` holding ``paragraphs`` in ``font``, its runs marked as
    ``language`` (``sv-SE``); its height is what they need, at most the box's."""
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Emu, Pt

    height = min(box.height, emu(text_height(paragraphs, box.width_pt, font)) + 1)
    shape = slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(height))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Emu(int(TEXT_INSET_X))
    frame.margin_top = frame.margin_bottom = Emu(int(TEXT_INSET_Y))
    for index, source in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.line_spacing = Emu(emu(line_height(source.size)))
        if source.space_before:
            paragraph.space_before = Pt(source.space_before)
        if source.bullet:
            _bullet(paragraph)
        indent = BULLET_INDENT if source.bullet else 0.0
        room = box.width_pt - 2 * TEXT_INSET_X / EMU_PER_PT - indent
        metrics = font_metrics(font, source.bold)
        breaks = line_breaks(source.text, room, source.size, metrics)
        for part, text in broken_runs(source.runs, breaks):
            if part is None:
                paragraph.add_line_break()
                continue
            run = paragraph.add_run()
            run.text = breakable(text)
            run_font = run.font
            run_font.size = Pt(source.size)
            run_font.bold = part.bold
            if part.colour:
                _colour(run_font, part.colour)
            if part.link:
                run.hyperlink.address = part.link
            run._r.get_or_add_rPr().set("lang", language)
    return shape


def _colour(font: Any, colour: str) -> None:
    """``font.color.rgb = colour`` as python-pptx writes it on a new run's properties, which
    have no child yet: its colour objects look for every kind of fill first, and text boxes
    hold most of a deck's runs."""
    etree = lxml_etree()

    fill = etree.SubElement(font._rPr, f"{{{A_NS}}}solidFill")
    etree.SubElement(fill, f"{{{A_NS}}}srgbClr", val=str(rgb(colour)))


def _bullet(paragraph: Any) -> None:
    from pptx.oxml import parse_xml

    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(emu(BULLET_INDENT)))
    p_pr.set("indent", str(-emu(BULLET_INDENT)))
    p_pr.append(parse_xml(f'<a:buFont xmlns:a="{A_NS}" typeface="Arial"/>'))
    p_pr.append(parse_xml(f'<a:buChar xmlns:a="{A_NS}" char="•"/>'))
