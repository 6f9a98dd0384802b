"""Tables that fit their slide: column widths, row heights from wrapped text, pagination.

A table row in a .pptx file has only a minimum height; PowerPoint and
LibreOffice grow it until its text fits. So the deck wraps each cell's text
itself (:mod:`.metrics`), gives every row the height of its tallest cell,
and moves rows that would pass the bottom of the slide to a continuation
slide ("forts."). A row is never divided between slides, unless a single row
is taller than a whole slide; then its text continues in the next row.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs

from rusmodel.plugins.deck.metrics import (
    FontMetrics,
    breakable,
    font_metrics,
    line_height,
    pieces,
    tidy,
    words,
    wrap,
)
from rusmodel.plugins.deck.theme import EMU_PER_PT

__all__ = [
    "Cell",
    "Column",
    "TableFont",
    "cell_lines",
    "column_widths",
    "draw_table",
    "drawn_bold",
    "narrowest",
    "paginate",
    "rgb",
    "row_height",
    "split_tall_rows",
    "text_colour_on",
    "words_fit",
]

Align = Literal["l", "ctr", "r"]

MARGIN_X = 5.04
"""Left and right cell margin in points (0.07 in)."""
MARGIN_Y = 2.88
"""Top and bottom cell margin in points (0.04 in)."""
BORDER_ALLOWANCE = 1.0
"""Points of a cell's width taken as lost to its borders when wrapping."""


@attrs.frozen
class Cell:
    """A table cell: its text (lines separated by ``\\n``), weight, fill and alignment.

    ``fill`` (``RRGGBB``) marks a status cell; its text colour is chosen to be
    readable on it. ``align`` overrides the column's alignment.
    """

    text: str
    bold: bool = False
    fill: str | None = None
    align: Align | None = None


@attrs.frozen
class Column:
    """A table column: its header, how it shares width and how its text is aligned.

    A ``fixed`` column is as wide as its widest value (for short values such
    as a status or a schedule, at most ``max_share`` of the table); the others
    share what is left by ``weight``, none wider than its longest text needs.
    """

    header: str
    weight: float = 1.0
    fixed: bool = False
    align: Align = "l"
    max_share: float = 0.22


@attrs.frozen
class TableFont:
    """The font a table is measured and drawn with: the template's body font and a size."""

    name: str
    size: float = 12.0

    def metrics(self, bold: bool) -> FontMetrics:
        return font_metrics(self.name, bold)


def _text_room(width: float) -> float:
    return width - 2 * MARGIN_X - BORDER_ALLOWANCE


PAD = 2 * MARGIN_X + BORDER_ALLOWANCE + 1.0
"""What a column needs besides its text: the cell margins, the border and a point to spare."""


def drawn_bold(cell: Cell) -> bool:
    """Whether the cell is drawn in bold: bold cells and status cells."""
    return cell.bold or cell.fill is not None


def _natural_width(text: str, font: TableFont, bold: bool) -> float:
    metrics = font.metrics(bold)
    return max((metrics.text_width(line, font.size) for line in text.split("\n")), default=0.0)


def _longest_word(text: str, font: TableFont, bold: bool) -> float:
    """The widest piece of ``text`` a line cannot break inside."""
    metrics = font.metrics(bold)
    return max(
        (
            metrics.text_width(piece, font.size)
            for paragraph in text.split("\n")
            for word in words(paragraph)
            for piece in pieces(word)
        ),
        default=0.0,
    )


def _texts(column: Column, index: int, rows: Sequence[Sequence[Cell]]) -> list[tuple[str, bool]]:
    return [(column.header, True)] + [(row[index].text, drawn_bold(row[index])) for row in rows]


def narrowest(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], font: TableFont
) -> list[float]:
    """Each column's narrowest width that cuts no word (header included), in points."""
    return [
        max(_longest_word(t, font, b) for t, b in _texts(column, index, rows)) + PAD
        for index, column in enumerate(columns)
    ]


def words_fit(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], total: float, font: TableFont
) -> bool:
    """Whether a table ``total`` points wide can hold every word whole at this font size."""
    return sum(narrowest(columns, rows, font)) <= total


def column_widths(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    total: float,
    font: TableFont,
    *,
    fill: bool = True,
) -> list[float]:
    """Widths in points for ``columns`` so that the table is ``total`` points wide and low.

    Every column is at least as wide as its longest word. Fixed columns take
    their content's width (capped at ``max_share`` of the table). Flexible
    columns then get the rest of the width a little at a time, each piece
    going to the column where it lowers the table most: a row is as tall as
    its fullest cell, so width goes where the long texts are. A column never
    gets more than its longest line needs; width left over is spread by
    ``weight``, or left unused with ``fill=False`` (a table of numbers reads
    better narrow than stretched). Where even the longest words do not fit (see
    :func:`words_fit`), all columns are narrowed alike and words are cut.
    """
    count = len(columns)
    natural = [
        max(_natural_width(t, font, b) for t, b in _texts(column, index, rows)) + PAD
        for index, column in enumerate(columns)
    ]
    shortest = narrowest(columns, rows, font)
    widths = [0.0] * count
    flexible = [i for i, c in enumerate(columns) if not c.fixed]
    for index, column in enumerate(columns):
        widths[index] = shortest[index]
        if column.fixed:
            widths[index] = max(shortest[index], min(natural[index], total * column.max_share))
    spare = total - sum(widths)
    if spare < 0 or not flexible:
        factor = total / sum(widths) if sum(widths) else 1.0
        return [w * factor for w in widths]
    paragraphs = [[_paragraph_widths(row[i], font) for i in range(count)] for row in rows]
    spare = _share_out(widths, flexible, natural, paragraphs, spare, PAD)
    if spare > 0.01 and fill:
        weight = sum(columns[i].weight for i in flexible)
        for i in flexible:
            widths[i] += spare * columns[i].weight / weight
    return widths


def _paragraph_widths(cell: Cell, font: TableFont) -> list[float]:
    metrics = font.metrics(drawn_bold(cell))
    return [metrics.text_width(p, font.size) for p in tidy(cell.text).split("\n")]


def _lines(paragraphs: list[float], width: float, pad: float) -> float:
    """About how many lines paragraphs of these widths take in a column ``width`` wide."""
    room = max(width - pad, 1.0)
    return sum(max(1.0, p / room) for p in paragraphs) if paragraphs else 1.0


def _lines_in(paragraphs: list[float], width: float, room: float, pad: float) -> float:
    """:func:`_lines` where ``room`` is known; one paragraph (the usual case) without calls.

    Runs for every wrapping row at every step of :func:`_share_out`.
    """
    if len(paragraphs) == 1:
        lines = paragraphs[0] / room
        return lines if lines > 1.0 else 1.0
    return _lines(paragraphs, width, pad)


def _share_out(
    widths: list[float],
    flexible: list[int],
    natural: list[float],
    paragraphs: list[list[list[float]]],
    spare: float,
    pad: float,
) -> float:
    """Give ``spare`` points to the flexible columns where they lower the rows most.

    Row heights are estimated smoothly (text width over column width) so that
    every piece of width shows its effect; returns the width nobody could use.

    A row is lowered by widening a column only where that column holds its
    tallest cell: for every other row the gain is exactly nothing. So each
    column keeps, in order, the rows whose tallest cell it holds and whose cell
    still has a paragraph wider than the column (only widths grow here, so a
    cell that fits stays fitting), and a row's two tallest cells are looked for
    again only when the cell that shrank was one of them. The widths are the
    same as when every row was summed, in a third of the time (the activity
    table of a 10 000-activity plan has 12 000 rows: 5.4 s, now 1.8 s).
    """
    step = max(2.0, spare / 150)
    lines = [[_lines(cells[i], widths[i], pad) for i in range(len(widths))] for cells in paragraphs]
    widest = {c: [max(cells[c], default=0.0) for cells in paragraphs] for c in flexible}

    def top_two(row: list[float]) -> tuple[float, int, float]:
        """The tallest cell's lines and column (the first of equals), and the next lines."""
        most = max(row)
        best = row.index(most)
        return most, best, max(row[:best] + row[best + 1 :], default=0.0)

    def wrapping(column: int, rows: Iterable[int]) -> list[int]:
        """Those of ``rows`` whose cell in ``column`` has a paragraph wider than the column."""
        room = max(widths[column] - pad, 1.0)
        wide = widest[column]
        return [r for r in rows if wide[r] > room]

    def tallest_in(column: int) -> list[int]:
        return [r for r in active[column] if tops[r][1] == column]

    tops = [top_two(row) for row in lines]
    active = {column: wrapping(column, range(len(paragraphs))) for column in flexible}
    tallest = {column: tallest_in(column) for column in flexible}
    while spare > 0.01:
        give = min(step, spare)
        chosen, chosen_gain = -1, 1e-9
        for column in flexible:
            if widths[column] + give > natural[column] + 0.01:
                continue
            width = widths[column] + give
            room = max(width - pad, 1.0)
            gain = 0.0
            for r in tallest[column]:
                first, _, second = tops[r]
                new = _lines_in(paragraphs[r][column], width, room, pad)
                gain += first - (new if new > second else second)
            if gain > chosen_gain:
                chosen, chosen_gain = column, gain
        if chosen < 0:
            break
        widths[chosen] += give
        spare -= give
        width = widths[chosen]
        room = max(width - pad, 1.0)
        taller_elsewhere: list[int] = []  # rows whose tallest cell is now in another column
        for r in active[chosen]:
            row = lines[r]
            before = row[chosen]
            row[chosen] = new = _lines_in(paragraphs[r][chosen], width, room, pad)
            # tops[r] is always top_two(row): the first of equal tallest cells is the tallest.
            first, first_index, second = tops[r]
            if first_index != chosen:
                if before == second:  # the second tallest shrank; the tallest stays
                    tops[r] = top_two(row)
            elif new > second:
                tops[r] = (new, chosen, second)
            else:
                tops[r] = top_two(row)
                if tops[r][1] != chosen:
                    taller_elsewhere.append(r)
        active[chosen] = wrapping(chosen, active[chosen])
        tallest[chosen] = tallest_in(chosen)
        for r in taller_elsewhere:
            column = tops[r][1]
            if column in tallest and _holds(active[column], r):
                bisect.insort(tallest[column], r)
    return spare


def _holds(rows: list[int], row: int) -> bool:
    """Whether the sorted ``rows`` hold ``row``."""
    at = bisect.bisect_left(rows, row)
    return at < len(rows) and rows[at] == row


def cell_lines(cell: Cell, width: float, font: TableFont) -> list[str]:
    """The lines ``cell``'s text takes in a column ``width`` points wide."""
    return wrap(cell.text, _text_room(width), font.size, font.metrics(drawn_bold(cell)))


def row_height(cells: Sequence[Cell], widths: Sequence[float], font: TableFont) -> float:
    """The height in points a row needs for its tallest cell, margins included."""
    lines = max(len(cell_lines(c, w, font)) for c, w in zip(cells, widths, strict=True))
    return lines * line_height(font.size) + 2 * MARGIN_Y


def split_tall_rows(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    font: TableFont,
    room: float,
    continued: str,
) -> list[list[Cell]]:
    """``rows`` with any row taller than ``room`` points continued in rows that fit.

    Only a row that cannot fit on a slide of its own is divided: its wrapped
    lines are dealt out over as many rows as needed, the first cell of each
    following row saying ``continued`` and a status cell keeping its colour
    and its word.
    """
    per_line = line_height(font.size)
    max_lines = max(1, math.floor((room - 2 * MARGIN_Y) / per_line))
    result: list[list[Cell]] = []
    for row in rows:
        if row_height(row, widths, font) <= room:
            result.append(list(row))
            continue
        wrapped = [cell_lines(c, w, font) for c, w in zip(row, widths, strict=True)]
        parts = max(math.ceil(len(lines) / max_lines) for lines in wrapped)
        for part in range(parts):
            new_row: list[Cell] = []
            for index, (cell, lines) in enumerate(zip(row, wrapped, strict=True)):
                chunk = "\n".join(lines[part * max_lines : (part + 1) * max_lines])
                if cell.fill is not None:
                    chunk = cell.text  # a status says its word on every part
                elif part and index == 0 and not chunk:
                    chunk = continued
                new_row.append(attrs.evolve(cell, text=chunk))
            result.append(new_row)
    return result


def paginate(heights: Sequence[float], header: float, room: float) -> list[list[int]]:
    """Row indexes per slide: as many whole rows as fit under the header in ``room`` points."""
    pages: list[list[int]] = []
    current: list[int] = []
    used = header
    for index, height in enumerate(heights):
        if current and used + height > room:
            pages.append(current)
            current, used = [], header
        current.append(index)
        used += height
    if current:
        pages.append(current)
    return pages


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (by WCAG contrast)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(fill[i : i + 2]) for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "FFFFFF" if on_white >= on_black else "1A1A1A"


def rgb(colour: str) -> Any:
    """python-pptx's colour for ``RRGGBB`` (its constructor is unannotated)."""
    from pptx.dml.color import RGBColor

    make: Any = RGBColor
    return make.from_string(colour)


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # XML cannot hold control characters, and a slide would show python-pptx's escape of one
    # (_x0007_) as it stands; validation refuses them, and a plan built in Python loses them.
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_HEADER_FILL = '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
_BAND_FILL = (
    '<a:solidFill><a:schemeClr val="accent1"><a:lumMod val="12000"/><a:lumOff val="88000"/>'
    "</a:schemeClr></a:solidFill>"
)
_PLAIN_FILL = '<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>'


def _cell_xml(
    source: Cell, font: TableFont, align: Align, header: bool, band: bool, lang: str
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
    for line in tidy(source.text).split("\n"):
        run = (
            f"<a:r><a:rPr {props}>{colour}</a:rPr><a:t>{_escape(breakable(line))}</a:t></a:r>"
            if line
            else ""
        )
        paragraphs.append(
            f'<a:p><a:pPr algn="{source.align or align}"><a:lnSpc><a:spcPts val="{spacing}"/>'
            f"</a:lnSpc></a:pPr>{run}<a:endParaRPr {props}/></a:p>"
        )
    margin_x, margin_y = _emu(MARGIN_X), _emu(MARGIN_Y)
    return (
        f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{''.join(paragraphs)}</a:txBody>"
        f'<a:tcPr marL="{margin_x}" marR="{margin_x}" marT="{margin_y}" marB="{margin_y}" '
        f'anchor="t">{fill}</a:tcPr></a:tc>'
    )


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
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    header = [Cell(c.header, bold=True) for c in columns]
    all_rows = [header, *rows]
    if heights is None:
        heights = [row_height(r, widths, font) for r in all_rows]
    row_emu = [_emu(h) for h in heights]
    width_emu = [_emu(w) for w in widths]
    # python-pptx makes every cell of the rows it is asked for, and they are replaced
    # below: one row is enough for it to make the frame, grid and table properties.
    shape = slide.shapes.add_table(
        1, len(columns), Emu(left), Emu(top), Emu(sum(width_emu)), Emu(sum(row_emu))
    )
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("a:gridCol")), width_emu, strict=True):
        column.set("w", str(width))
    xml_rows = []
    for row_index, (cells, height) in enumerate(zip(all_rows, row_emu, strict=True)):
        xml_cells = "".join(
            _cell_xml(
                source,
                font,
                columns[col_index].align,
                header=row_index == 0,
                band=row_index > 0 and row_index % 2 == 0,
                lang=lang,
            )
            for col_index, source in enumerate(cells)
        )
        xml_rows.append(f'<a:tr h="{height}">{xml_cells}</a:tr>')
    built = parse_xml(f'<a:tbl xmlns:a="{_A}">{"".join(xml_rows)}</a:tbl>')
    tbl = table._tbl
    for old in tbl.findall(qn("a:tr")):
        tbl.remove(old)
    for new in list(built):
        tbl.append(new)
    return shape
