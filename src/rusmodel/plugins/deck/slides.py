"""Making slides in the chosen design: titles that fit, footers, text and table slides.

:class:`SlideMaker` knows the template (its layouts, fonts and the box where
content goes) and makes each slide from a layout, never by copying another
slide: python-pptx cannot copy slides, and a fresh slide keeps the layout's
master shapes (a region's logo) and placeholders.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rusmodel.labels import label
from rusmodel.plugins.deck.footers import Footers
from rusmodel.plugins.deck.frozen import freeze
from rusmodel.plugins.deck.metrics import breakable, font_metrics, line_breaks, written_lines
from rusmodel.plugins.deck.paging import deal_rows
from rusmodel.plugins.deck.paragraphs import Paragraph, Run
from rusmodel.plugins.deck.placeholders import PlaceholderStyles
from rusmodel.plugins.deck.tabledraw import draw_table
from rusmodel.plugins.deck.tables import (
    Cell,
    Column,
    TableFont,
    column_widths,
    group_height,
    row_height,
    words_fit,
)
from rusmodel.plugins.deck.textbox import add_text_box
from rusmodel.plugins.deck.textflow import (
    paragraph_height,
    text_height,
    text_pages,
)
from rusmodel.plugins.deck.theme import (
    EMU_PER_INCH,
    EMU_PER_PT,
    Layouts,
    Rect,
    TemplateFonts,
    choose_layouts,
    template_fonts,
)
from rusmodel.plugins.deck.xml import P_NS, emu

__all__ = ["SMALLEST_SIZE", "Paragraph", "Run", "SlideMaker"]

SMALLEST_SIZE = 10.0
"""No text of the deck is set smaller, in points."""

GAP = 0.12 * EMU_PER_INCH
"""Space between a legend or note and the table it belongs to."""


def _make_title(shape: Any) -> None:
    """Make a text box the slide's title placeholder (it keeps its own position and text)."""
    from pptx.oxml import parse_xml

    non_visual = shape._element.nvSpPr
    non_visual.cNvSpPr.attrib.pop("txBox", None)
    non_visual.cNvPr.set("name", "Title")
    non_visual.nvPr.insert(0, parse_xml(f'<p:ph xmlns:p="{P_NS}" type="title"/>'))


class SlideMaker:
    """Makes the deck's slides in ``prs`` (the built-in design or a region's template).

    ``footer_date`` is the as-of date shown in the footer, ``footer_text`` what
    the footer placeholder says (the organisation and period); every slide
    gets them and its slide number.
    """

    def __init__(
        self, prs: Any, lang: str, footer_date: str, footer_text: str, footer_short: str = ""
    ) -> None:
        self.prs = prs
        self.lang = lang
        self.footer_date = footer_date
        self.footer_text = footer_text
        self.layouts: Layouts = choose_layouts(prs)
        self.fonts: TemplateFonts = template_fonts(prs)
        self.width = int(prs.slide_width)
        self.height = int(prs.slide_height)
        self.styles = PlaceholderStyles(prs)
        self._next_slide_id: int | None = None
        # Slides in the deck: counting an lxml element's children walks them all, which for
        # every new slide made the deck's time grow faster than the deck.
        self._slide_count = len(prs.slides._sldIdLst)
        self._filling: Any = None  # the part of the slide being made
        self.title_box = self._title_box()
        self.content = self._content_box()
        self.footers = Footers(
            self.width,
            self.height,
            self.language,
            footer_date,
            footer_text,
            self.fonts.body,
            footer_short,
        )
        self.last_bottom = self.content.top
        """Where the content of the slide made last ends (EMU from the slide's top)."""

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
        :func:`.frozen.freeze`).
        """
        freeze(self._filling)
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
        self.footers.add(slide, self._slide_count)
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
        self._set_title(slide, title, one_line=False)
        text = "\n".join(line for line in lines if line)
        if subtitle is not None:
            size = self.styles.fit_size(subtitle, text, self.fonts.body, 20.0)
            self._write_lines(subtitle, text.split("\n"), size, self.fonts.body, 20.0)
        elif text:
            box = self.content.below(int(self.content.height * 0.45))
            self.add_text(slide, box, [Paragraph.of(line, 20.0) for line in text.split("\n")])
        self.footers.add(slide, self._slide_count)
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

    def _set_title(self, slide: Any, text: str, *, one_line: bool = True) -> None:
        title = slide.shapes.title
        if title is None:
            # The layout has no title: a text box in its place, made a title placeholder so
            # that the slide still has a title for screen readers and the outline.
            box = self.add_text(slide, self.title_box, [Paragraph.of(text, 24.0, bold=True)])
            _make_title(box)
            return
        size = self.styles.fit_size(title, text, self.fonts.heading, 32.0, one_line=one_line)
        self._write_lines(title, [text], size, self.fonts.heading, 32.0)

    def retitle(self, slide: Any, text: str) -> None:
        """Give ``slide`` (the one being made) another title."""
        self._set_title(slide, text)

    def _write_lines(
        self, shape: Any, lines: Sequence[str], size: float | None, font: str, default: float
    ) -> None:
        """``lines`` as the paragraphs of placeholder ``shape``, at ``size`` points (``None``:
        the template's), each held to the lines it was measured to take (a title slide's
        "2023–2025" or "2023-08-31" is not broken at its dash; see :func:`.line_breaks`)."""
        from pptx.util import Pt

        box, template_size, bold, horizontal, _ = self.styles.text_style(shape, default)
        width = (box.width - horizontal) / EMU_PER_PT
        measured = size if size is not None else template_size
        metrics = font_metrics(font, bold)
        frame = shape.text_frame
        frame.clear()
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            parts = written_lines(line, line_breaks(line, width, measured, metrics))
            for number, part in enumerate(parts):
                if number:
                    paragraph.add_line_break()
                run = paragraph.add_run()
                run.text = breakable(part)
                self._language(run)
                if size is not None:
                    run.font.size = Pt(size)

    def _language(self, run: Any) -> None:
        run._r.get_or_add_rPr().set("lang", self.language)

    # -- text --------------------------------------------------------------------------------

    def paragraph_height(self, paragraph: Paragraph, width: float) -> float:
        """Points ``paragraph`` takes in a text box ``width`` points wide (insets included)."""
        return paragraph_height(paragraph, width, self.fonts.body)

    def text_height(self, paragraphs: Sequence[Paragraph], width: float) -> float:
        """Points a text box ``width`` points wide needs for ``paragraphs``."""
        return text_height(paragraphs, width, self.fonts.body)

    def add_text(self, slide: Any, box: Rect, paragraphs: Sequence[Paragraph]) -> Any:
        """A text box in ``box`` holding ``paragraphs``; its height is what they need."""
        return add_text_box(slide, box, paragraphs, self.fonts.body, self.language)

    def text_slides(self, title: str, paragraphs: Sequence[Paragraph]) -> list[Any]:
        """Slides of ``paragraphs``, continued on "forts." slides where they do not fit one.

        See :meth:`text_pages`.
        """
        slides = []
        for number, page in enumerate(self.text_pages(paragraphs, self.content)):
            slide = self.new_slide(title if number == 0 else self.continued(title, number))
            self.add_text(slide, self.content, page)
            slides.append(slide)
        return slides

    def text_pages(self, paragraphs: Sequence[Paragraph], box: Rect) -> list[list[Paragraph]]:
        """``paragraphs`` dealt out over boxes like ``box`` (see :func:`.textflow.text_pages`)."""
        return text_pages(paragraphs, box, self.fonts.body, self.continued)

    def continued(self, title: str, number: int = 1) -> str:
        """The title of the ``number``-th slide a section continues on: "X (forts.)", then
        "X (forts. 2)" …, numbered here so that the title is fitted as it is shown (every
        slide's title is unique; see :mod:`.accessible`)."""
        if number <= 1:
            return label("continued", self.lang, title=title)
        return label("continued_n", self.lang, title=title, number=number)

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
        dense: bool = False,
    ) -> tuple[TableFont, list[float], float] | None:
        """The largest of ``sizes`` at which the table fits ``box`` whole, no word cut:
        its font, column widths and height in points. A ``dense`` table (a statement)
        then tries the sizes again with its rows set closer together."""
        fonts = [self.table_font(s) for s in sizes]
        if dense:
            fonts += [TableFont(self.fonts.body, s, compact=True) for s in sizes]
        for font in fonts:
            if not words_fit(columns, rows, box.width_pt, font):
                continue
            chosen = column_widths(columns, rows, box.width_pt, font, fill=fill)
            header = row_height([Cell(c.header, bold=True) for c in columns], chosen, font)
            height = header + group_height(columns, font)
            height += sum(row_height(r, chosen, font) for r in rows)
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
        """The largest of ``sizes`` (or smaller, down to :data:`SMALLEST_SIZE`) at which no word
        is cut.

        A narrow template (4:3) or a long word may not leave room for every
        word at the size asked for; a smaller font is better than a word cut
        in two, but nothing is set under 10 pt, where a committee cannot read it.
        """
        smallest = min(sizes)
        tried = [*sizes, *(s for s in (11.0, 10.0) if s < smallest and s >= SMALLEST_SIZE)]
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
        names: Sequence[int] = (0,),
        dense: bool = False,
    ) -> list[Any]:
        """Slides holding a table of ``rows``, continued on "forts." slides as needed.

        The table is set in the largest of ``sizes`` (points) at which it fits
        one slide, else in the first size over as many slides as it needs (a
        smaller one where words would be cut, see :meth:`readable_font`).
        ``font`` and ``widths`` fix both instead (tables that must look alike);
        ``fill=False`` lets a table of short values stay narrower than the box.
        ``above`` (a legend) and ``below`` (a footnote) are repeated on every
        slide. Column widths are the same on every slide of the table. A row
        that does not fit continues on the next slide at a sentence (see
        :func:`.paging.deal_rows`); ``names`` are the columns that name it there.
        """
        box = box or self.content
        above_height = emu(self.text_height(above, box.width_pt)) + int(GAP) if above else 0
        below_height = emu(self.text_height(below, box.width_pt)) + int(GAP) if below else 0
        room = (box.height - above_height - below_height) / EMU_PER_PT
        if font is None:
            whole = self.fit_table(
                columns,
                rows,
                Rect(box.left, box.top, box.width, emu(room)),
                sizes,
                fill=fill,
                dense=dense,
            )
            if whole is not None:
                font, widths = whole[0], whole[1]
            else:
                font = self.readable_font(columns, rows, box, sizes)
        widths = list(widths or column_widths(columns, rows, box.width_pt, font, fill=fill))
        header = row_height([Cell(c.header, bold=True) for c in columns], widths, font)
        groups = group_height(columns, font)
        marker = self.continued("").strip()
        pages = deal_rows(rows, widths, font, room, header + groups, names=names, marker=marker)
        slides = []
        for number, page in enumerate(pages):
            slide = self.new_slide(title if number == 0 else self.continued(title, number))
            top = box.top
            if above:
                self.add_text(slide, Rect(box.left, top, box.width, above_height), above)
                top += above_height
            drawn = [header, *page.heights]
            draw_table(slide, box.left, top, columns, widths, page.rows, font, self.language, drawn)
            bottom = top + emu(groups + header + sum(page.heights))
            if below:
                note_top = bottom + int(GAP)
                self.add_text(slide, Rect(box.left, note_top, box.width, below_height), below)
                bottom = note_top + below_height
            self.last_bottom = bottom
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
