"""Drawing a measured table on a slide: header, banded rows, status cells in their colour."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from rusmodel.plugins.deck.colours import text_colour_on
from rusmodel.plugins.deck.metrics import (
    breakable,
    line_breaks,
    line_height,
    tidy,
    written_lines,
)
from rusmodel.plugins.deck.tables import (
    MARGIN_X,
    Align,
    Cell,
    Column,
    TableFont,
    group_height,
    row_height,
    text_room,
)
from rusmodel.plugins.deck.xml import A_NS, R_NS, emu, escape

__all__ = ["draw_table"]

_HEADER_FILL = '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
_BAND_FILL = (
    '<a:solidFill><a:schemeClr val="accent1"><a:lumMod val="12000"/><a:lumOff val="88000"/>'
    "</a:schemeClr></a:solidFill>"
)
_PLAIN_FILL = '<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>'


def _runs(text: str, links: dict[str, str], props: str, colour: str) -> str:
    """The runs of one line of a cell; the words of a link get the link's relationship id."""
    if not text:
        return ""
    if not links:
        return f"<a:r><a:rPr {props}>{colour}</a:rPr><a:t>{escape(text)}</a:t></a:r>"
    pattern = "(" + "|".join(re.escape(shown) for shown in links) + ")"
    runs = []
    for index, piece in enumerate(re.split(pattern, text)):
        if not piece:
            continue
        if index % 2:
            link = f'<a:hlinkClick xmlns:r="{R_NS}" r:id="{links[piece]}"/>'
            runs.append(
                f"<a:r><a:rPr {props}>{colour}{link}</a:rPr><a:t>{escape(piece)}</a:t></a:r>"
            )
        else:
            runs.append(f"<a:r><a:rPr {props}>{colour}</a:rPr><a:t>{escape(piece)}</a:t></a:r>")
    return "".join(runs)


def _cell_xml(
    source: Cell,
    font: TableFont,
    align: Align,
    header: bool,
    band: bool,
    lang: str,
    width: float,
    relate: Callable[[str], str],
) -> str:
    """A table cell (``a:tc``) with its text, margins, fill and text colour.

    Written as XML in one go: filling thousands of cells through python-pptx's
    objects takes seconds.
    """
    if header:
        fill, colour = _HEADER_FILL, '<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>'
    elif source.fill:
        fill = f'<a:solidFill><a:srgbClr val="{source.fill}"/></a:solidFill>'
        colour = f'<a:solidFill><a:srgbClr val="{text_colour_on(source.fill)}"/></a:solidFill>'
    else:
        fill = _BAND_FILL if band else _PLAIN_FILL
        colour = '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill>'
    bold = ' b="1"' if header or source.bold or source.fill else ""
    size = round(font.size * 100)
    spacing = round(line_height(font.size) * 100)
    props = f'lang="{lang}" sz="{size}"{bold}'
    paragraphs = []
    metrics = font.metrics(bool(bold))
    for line in tidy(source.text).split("\n"):
        spans = line_breaks(line, text_room(width), font.size, metrics)
        links = {breakable(shown): relate(url) for shown, url in source.links if shown in line}
        run = f"<a:br><a:rPr {props}/></a:br>".join(
            _runs(breakable(part), links, props, colour) for part in written_lines(line, spans)
        )
        paragraphs.append(
            f'<a:p><a:pPr algn="{source.align or align}"><a:lnSpc><a:spcPts val="{spacing}"/>'
            f"</a:lnSpc></a:pPr>{run}<a:endParaRPr {props}/></a:p>"
        )
    margin_x, margin_y = emu(MARGIN_X), emu(font.margin_y)
    return (
        f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{''.join(paragraphs)}</a:txBody>"
        f'<a:tcPr marL="{margin_x}" marR="{margin_x}" marT="{margin_y}" marB="{margin_y}" '
        f'anchor="t">{fill}</a:tcPr></a:tc>'
    )


def _group_row(
    columns: Sequence[Column],
    widths: Sequence[float],
    font: TableFont,
    lang: str,
    relate: Callable[[str], str],
    height: int,
) -> str:
    """The row of column groups over the header: each group one cell across its columns."""
    cells = []
    index = 0
    while index < len(columns):
        group = columns[index].group
        span = 1
        while group and index + span < len(columns) and columns[index + span].group == group:
            span += 1
        width = sum(widths[index : index + span])
        xml = _cell_xml(Cell(group, bold=True), font, "ctr", True, False, lang, width, relate)
        cells.append(xml.replace("<a:tc>", f'<a:tc gridSpan="{span}">', 1) if span > 1 else xml)
        empty = _cell_xml(Cell(""), font, "ctr", True, False, lang, width, relate)
        cells += [empty.replace("<a:tc>", '<a:tc hMerge="1">', 1)] * (span - 1)
        index += span
    return f'<a:tr h="{height}">{"".join(cells)}</a:tr>'


def draw_table(
    slide: Any,
    left: int,
    top: int,
    columns: Sequence[Column],
    widths: Sequence[float],
    rows: Sequence[Sequence[Cell]],
    font: TableFont,
    lang: str = "sv-SE",
    heights: Sequence[float] | None = None,
) -> Any:
    """Put a table with a header row and ``rows`` on ``slide`` at (``left``, ``top``) EMU.

    Row heights are those the wrapped text needs, so the table's declared size
    is the size it is drawn at. The header row takes the template's first
    accent colour; body rows alternate white and a light tint of it.
    ``heights`` (points, the header's first) saves measuring rows again where
    the caller already has.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    def relate(url: str) -> str:
        rid: str = slide.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return rid

    header = [Cell(c.header, bold=True) for c in columns]
    all_rows = [header, *rows]
    if heights is None:
        heights = [row_height(r, widths, font) for r in all_rows]
    row_emu = [emu(h) for h in heights]
    width_emu = [emu(w) for w in widths]
    # python-pptx makes every cell of the rows it is asked for, and they are replaced
    # below: one row is enough for it to make the frame, grid and table properties.
    total = sum(row_emu) + emu(group_height(columns, font))
    shape = slide.shapes.add_table(
        1, len(columns), Emu(left), Emu(top), Emu(sum(width_emu)), Emu(total)
    )
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("a:gridCol")), width_emu, strict=True):
        column.set("w", str(width))
    xml_rows = []
    groups = group_height(columns, font)
    if groups:
        xml_rows.append(_group_row(columns, widths, font, lang, relate, emu(groups)))
    for row_index, (cells, height) in enumerate(zip(all_rows, row_emu, strict=True)):
        xml_cells = "".join(
            _cell_xml(
                source,
                font,
                columns[col_index].align,
                header=row_index == 0,
                band=row_index > 0 and row_index % 2 == 0,
                lang=lang,
                width=widths[col_index],
                relate=relate,
            )
            for col_index, source in enumerate(cells)
        )
        xml_rows.append(f'<a:tr h="{height}">{xml_cells}</a:tr>')
    built = parse_xml(f'<a:tbl xmlns:a="{A_NS}">{"".join(xml_rows)}</a:tbl>')
    tbl = table._tbl
    for old in tbl.findall(qn("a:tr")):
        tbl.remove(old)
    for new in list(built):
        tbl.append(new)
    return shape
