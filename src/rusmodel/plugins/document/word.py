"""Writing Word structure with python-docx: headings, prose, lists, tables, the contents, fields.

python-docx covers paragraphs, runs and plain tables; what a published
document also needs is written as WordprocessingML here: a table of contents
field whose entries link to bookmarks on the headings, repeated header rows
(``w:tblHeader``), fixed column widths inside the text width, the table's alt
text (``w:tblCaption``, ``w:tblDescription``), cell fills, bullet numbering
and the page-number fields of the footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from rusmodel.plugins.document.colours import text_colour_on
from rusmodel.plugins.document.tables import (
    CELL_PADDING_PT,
    HEADER_FILL,
    Cell,
    Column,
    column_widths,
    line_count,
    text_width,
)
from rusmodel.prose import BulletList, Paragraph, Run, parse_prose

__all__ = ["TOC_LEVELS", "WordWriter"]

TWIPS_PER_PT = 20
RECORD_FILL = "E7E6E6"
"""The fill of the row that starts a record of a turned table: light grey, black text."""
TOC_LEVELS = 2
"""The heading levels the table of contents lists; all three show in Word's navigation pane."""
KEEP_TOGETHER_LINES = 16
"""A table of at most about this many lines of text is kept on one page."""
ROW_WHOLE_LINES = 4
"""A row of at most about this many lines is never split over a page break; a longer one
may be, so that a long comment does not leave the page before it half empty."""
BORDER_COLOUR = "A6A6A6"

_TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)
"""The order the schema gives the children of ``w:tblPr``; Word refuses other orders."""


# -- XML helpers -------------------------------------------------------------------------------


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _set_in_order(parent: Any, child: Any, order: Sequence[str]) -> None:
    """Put ``child`` into ``parent`` where the schema's ``order`` wants it, replacing its like."""
    name = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    later = order[order.index(name) + 1 :]
    for existing in parent:
        if existing.tag.split("}")[1] in later:
            existing.addprevious(child)
            return
    parent.append(child)


def _field_runs(instruction: str, shown: str) -> list[Any]:
    """The runs of a complex field: begin, the instruction, separate, what it shows, end."""
    runs = []
    for part in ("begin", "instr", "separate", "shown", "end"):
        run = _element("w:r")
        if part == "instr":
            text = _element("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run.append(text)
        elif part == "shown":
            text = _element("w:t")
            text.text = shown
            run.append(text)
        else:
            run.append(_element("w:fldChar", fldCharType=part))
        runs.append(run)
    return runs


@attrs.define
class _Heading:
    text: str
    level: int
    bookmark: str


@attrs.define
class WordWriter:
    """Adds the document's parts to a python-docx document, in reading order.

    ``width`` is the text width in points (page width less the margins);
    ``bullet_id`` the numbering id of the bullet list definition.
    """

    doc: Any
    lang: str
    width: float
    bullet_id: int
    headings: list[_Heading] = attrs.field(factory=list)
    toc_anchor: Any = None
    tables: int = 0
    new_page: bool = False

    # -- text ----------------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        """A heading in the style "Heading 1" to "Heading 3", bookmarked for the contents."""
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        if self.new_page:
            # The first heading after the title page starts a page; a page break of its own
            # would leave an empty page where the contents fill the first one exactly.
            paragraph.paragraph_format.page_break_before = True
            self.new_page = False
        name = f"_Toc{len(self.headings) + 1:06d}"
        number = str(len(self.headings) + 1)
        paragraph._p.append(_element("w:bookmarkStart", id=number, name=name))
        paragraph.add_run(text)
        paragraph._p.append(_element("w:bookmarkEnd", id=number))
        self.headings.append(_Heading(text, level, name))

    def paragraph(self, text: str = "", *, bold: bool = False, style: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            paragraph.add_run(text).bold = bold or None
        return paragraph

    def runs(self, runs: Sequence[Run], style: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        for run in runs:
            paragraph.add_run(run.text).bold = run.bold or None
        return paragraph

    def bullets(self, items: Sequence[Sequence[Run] | str]) -> None:
        """A bullet list; a short one is kept on one page."""
        length = sum(len(i) if isinstance(i, str) else sum(len(r.text) for r in i) for i in items)
        keep = len(items) <= 8 and length <= 400
        for index, item in enumerate(items):
            self.bullet(item, keep_with_next=keep and index < len(items) - 1)

    def bullet(self, runs: Sequence[Run] | str, *, keep_with_next: bool = False) -> None:
        """A bullet list item, numbered with the document's own bullet definition."""
        items = (Run(runs),) if isinstance(runs, str) else runs
        paragraph = self.runs(
            items, style="List Paragraph" if self._has("List Paragraph") else None
        )
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = _element("w:numPr")
        num_pr.append(_element("w:ilvl", val="0"))
        num_pr.append(_element("w:numId", val=str(self.bullet_id)))
        style = p_pr.find(qn("w:pStyle"))
        if style is None:
            p_pr.insert(0, num_pr)
        else:
            style.addnext(num_pr)
        paragraph.paragraph_format.space_after = Pt(2)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True

    def prose(self, text: str) -> None:
        """Markdown-like text (see :mod:`rusmodel.prose`) as paragraphs and bullet lists."""
        for block in parse_prose(text):
            if isinstance(block, Paragraph):
                self.runs(block.runs)
            elif isinstance(block, BulletList):
                self.bullets(block.items)

    def _has(self, style: str) -> bool:
        try:
            self.doc.styles[style]
        except KeyError:
            return False
        return True

    # -- contents --------------------------------------------------------------------------

    def contents_here(self, title: str) -> None:
        """Where the table of contents goes; its entries are written by :meth:`finish_contents`."""
        style = "TOC Heading" if self._has("TOC Heading") else None
        heading = self.paragraph(title, bold=style is None, style=style)
        heading.paragraph_format.keep_with_next = True
        self.toc_anchor = self.doc.add_paragraph()

    def finish_contents(self) -> None:
        """The TOC field, with an entry per heading that links to it.

        Word rebuilds the field, with page numbers, when it updates fields (it
        is asked to on opening), and so does the PDF exporter through
        LibreOffice. Until then the entries written here show, without page
        numbers: a page number is only known once the pages are laid out.
        """
        if self.toc_anchor is None:
            return
        anchor = self.toc_anchor._p
        entries = [h for h in self.headings if h.level <= TOC_LEVELS] or [_Heading("", 1, "")]
        for index, heading in enumerate(entries):
            p = _element("w:p")
            p_pr = _element("w:pPr")
            # A template in another language names its styles' ids in it (Innehll1): look it up.
            style_id = self.doc.styles[f"toc {heading.level}"].style_id
            p_pr.append(_element("w:pStyle", val=style_id))
            tabs = _element("w:tabs")
            right = str(int(self.width * TWIPS_PER_PT))
            tabs.append(_element("w:tab", val="right", leader="dot", pos=right))
            p_pr.append(tabs)
            p.append(p_pr)
            if index == 0:
                for run in _field_runs(f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u', "")[:3]:
                    p.append(run)
            if heading.bookmark:
                link = _element("w:hyperlink", anchor=heading.bookmark, history="1")
                run = _element("w:r")
                text = _element("w:t")
                text.set(qn("xml:space"), "preserve")
                text.text = heading.text
                run.append(text)
                link.append(run)
                p.append(link)
            if index == len(entries) - 1:
                end = _element("w:r")
                end.append(_element("w:fldChar", fldCharType="end"))
                p.append(end)
            anchor.addprevious(p)
        anchor.getparent().remove(anchor)
        self.toc_anchor = None

    # -- tables ----------------------------------------------------------------------------

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        caption: str,
        description: str = "",
        sizes: Sequence[float] = (10.0, 9.0, 8.0),
        records: bool = False,
    ) -> None:
        """A table inside the text width, its header row repeated on every page it runs onto.

        The first font size of ``sizes`` at which every column holds its
        longest word is used; where none does, or with ``records``, each row
        is shown as a block of label and value rows. The table carries
        ``caption`` and a description of its rows and columns as alt text.
        """
        size = sizes[-1]
        widths: list[float] | None = None
        for candidate in () if records else sizes:
            widths = column_widths(columns, rows, self.width, candidate)
            if widths is not None:
                size = candidate
                break
        if widths is None:
            # Too many columns for the page: each row becomes a block of label and value rows.
            self._record_table(columns, rows, caption, description, sizes[0])
            return
        twips = [int(w * TWIPS_PER_PT) for w in widths]
        # Rounding down keeps the sum of the grid within the text width.
        grouped = any(c.group for c in columns)
        above = 2 if grouped else 1
        table = self.doc.add_table(rows=above + len(rows), cols=len(columns))
        table.autofit = False
        self._table_properties(table, sum(twips), caption, description)
        for index, width in enumerate(twips):
            table.columns[index].width = Twips(width)
        for line in table.rows[:above]:
            tr_pr = line._tr.get_or_add_trPr()
            tr_pr.append(_element("w:cantSplit"))
            tr_pr.append(_element("w:tblHeader"))
        if grouped:
            self._group_row(table.rows[0], columns, twips, size)
        header = table.rows[above - 1]
        for index, column in enumerate(columns):
            self._fill_cell(
                header.cells[index],
                Cell(column.header, bold=True, fill=column.fill, align=column.align),
                twips[index],
                size,
            )
        together = line_count(rows, widths, size) <= KEEP_TOGETHER_LINES
        for r, row in enumerate(rows, start=above):
            cells = table.rows[r].cells
            for index, cell in enumerate(row):
                align = columns[index].align if cell.align == "left" else cell.align
                self._fill_cell(cells[index], attrs.evolve(cell, align=align), twips[index], size)
            if together or line_count([row], widths, size) <= ROW_WHOLE_LINES:
                # A row split over a page break ("Konsultarvoden för speciella" /
                # "utredningar") is misread; only a row too long to move whole may split.
                table.rows[r]._tr.get_or_add_trPr().append(_element("w:cantSplit"))
            if together and r < above - 1 + len(rows):
                # A short table stays on one page: its rows keep with the next.
                for cell in cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        if together:
            for line in table.rows[:above]:
                for cell in line.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        self.tables += 1
        # A little room after the table, so the next heading or paragraph does not touch it.
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _group_row(
        self, line: Any, columns: Sequence[Column], twips: Sequence[int], size: float
    ) -> None:
        """The row of column groups over the header (Månadsbokslut | Helår): each group one
        cell across its columns, as the deck and the reports head them."""
        cells = list(line.cells)
        start = 0
        while start < len(columns):
            group = columns[start].group
            end = start + 1
            while group and end < len(columns) and columns[end].group == group:
                end += 1
            cell = cells[start].merge(cells[end - 1]) if end - start > 1 else cells[start]
            content = Cell(group, bold=True, fill=columns[start].fill, align="center")
            self._fill_cell(cell, content, sum(twips[start:end]), size)
            start = end

    def _record_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        caption: str,
        description: str,
        size: float,
    ) -> None:
        """A table too wide for the page, turned: two columns, a block of rows per record.

        Each record starts with a shaded row holding its first value under
        its column's name; the other columns follow as label and value.
        """
        from rusmodel.plugins.document.words import word

        labels = [Column(word("record_item", self.lang)), Column(word("record_content", self.lang))]
        longest = max(text_width(c.header, size, True) for c in columns[1:]) + CELL_PADDING_PT
        label_width = min(max(longest, self.width * 0.25), self.width * 0.4)
        twips = [int(label_width * TWIPS_PER_PT), int((self.width - label_width) * TWIPS_PER_PT)]
        per_record = len(columns)
        table = self.doc.add_table(rows=1 + per_record * len(rows), cols=2)
        table.autofit = False
        self._table_properties(table, sum(twips), caption, description)
        for index, width in enumerate(twips):
            table.columns[index].width = Twips(width)
        header = table.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        tr_pr.append(_element("w:cantSplit"))
        tr_pr.append(_element("w:tblHeader"))
        for index, column in enumerate(labels):
            self._fill_cell(
                header.cells[index],
                Cell(column.header, bold=True, fill=HEADER_FILL),
                twips[index],
                size,
            )
        for number, row in enumerate(rows):
            first = 1 + number * per_record
            cells = table.rows[first].cells
            merged = cells[0].merge(cells[1])
            title = f"{columns[0].header}: {row[0].text or '–'}"
            self._fill_cell(merged, Cell(title, bold=True, fill=RECORD_FILL), sum(twips), size)
            for offset, (column, cell) in enumerate(zip(columns[1:], row[1:], strict=True), 1):
                line = table.rows[first + offset]
                self._fill_cell(line.cells[0], Cell(column.header, bold=True), twips[0], size)
                self._fill_cell(line.cells[1], cell, twips[1], size)
            for offset in range(per_record):
                line = table.rows[first + offset]
                line._tr.get_or_add_trPr().append(_element("w:cantSplit"))
                if offset < per_record - 1:
                    # A record stays on one page.
                    for cell in line.cells:
                        for paragraph in cell.paragraphs:
                            paragraph.paragraph_format.keep_with_next = True
        self.tables += 1
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _table_properties(self, table: Any, width: int, caption: str, description: str) -> None:
        tbl_pr = table._tbl.tblPr
        _set_in_order(tbl_pr, _element("w:tblW", w=str(width), type="dxa"), _TBLPR_ORDER)
        borders = _element("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(
                _element(f"w:{side}", val="single", sz="4", space="0", color=BORDER_COLOUR)
            )
        _set_in_order(tbl_pr, borders, _TBLPR_ORDER)
        _set_in_order(tbl_pr, _element("w:tblLayout", type="fixed"), _TBLPR_ORDER)
        _set_in_order(tbl_pr, _element("w:tblCaption", val=caption[:255]), _TBLPR_ORDER)
        if description:
            _set_in_order(
                tbl_pr, _element("w:tblDescription", val=description[:1000]), _TBLPR_ORDER
            )

    def _fill_cell(self, cell: Any, content: Cell, width: int, size: float) -> None:
        cell.width = Twips(width)
        if content.fill:
            tc_pr = cell._tc.get_or_add_tcPr()
            tc_pr.append(_element("w:shd", val="clear", color="auto", fill=content.fill))
        colour = text_colour_on(content.fill) if content.fill else None
        lines = content.text.split("\n") or [""]
        paragraph = cell.paragraphs[0]
        for number, line in enumerate(lines):
            if number:
                paragraph = cell.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.space_before = Pt(1)
            fmt.space_after = Pt(1)
            if content.align == "right":
                fmt.alignment = 2
            elif content.align == "center":
                fmt.alignment = 1
            if line:
                run = paragraph.add_run(line)
                run.font.size = Pt(size)
                run.bold = content.bold or None
                if colour is not None:
                    run.font.color.rgb = RGBColor.from_string(colour)

    # -- page furniture --------------------------------------------------------------------

    def footer(self, section: Any, text: str, page_word: str, of_word: str) -> None:
        """``text`` at the left of the footer and "Sida 3 av 12" at the right (PAGE, NUMPAGES).

        Where both do not fit on one line, the page number gets a line of its own.
        """
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for child in list(paragraph._p):
            if child.tag != qn("w:pPr"):
                paragraph._p.remove(child)
        page_text = f"{page_word} 99 {of_word} 99"
        together = text_width(text, 9.0) + text_width(page_text, 9.0) + 24 <= self.width
        if together:
            stops = paragraph.paragraph_format.tab_stops
            # The style's own stops (Word's footer has a centre and a right one, for Letter
            # paper) would catch the tab before ours: clear them.
            for stop in list(paragraph.style.paragraph_format.tab_stops):
                stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
            stops.add_tab_stop(
                Twips(int(self.width * TWIPS_PER_PT)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES
            )
            paragraph.add_run(f"{text}\t").font.size = Pt(9)
        else:
            paragraph.add_run(text).font.size = Pt(9)
            paragraph = footer.add_paragraph()
            paragraph.paragraph_format.alignment = 2
        paragraph.add_run(f"{page_word} " if page_word else "").font.size = Pt(9)
        for instruction, shown in (("PAGE", "1"), (None, f" {of_word} "), ("NUMPAGES", "1")):
            if instruction is None:
                paragraph.add_run(shown).font.size = Pt(9)
                continue
            for field in _field_runs(instruction, shown):
                r_pr = _element("w:rPr")
                r_pr.append(_element("w:sz", val="18"))
                field.insert(0, r_pr)
                paragraph._p.append(field)
