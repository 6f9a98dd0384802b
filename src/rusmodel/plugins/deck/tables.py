"""Tables that fit their slide: column widths, row heights from wrapped text, pagination.

A table row in a .pptx file has only a minimum height; PowerPoint and
LibreOffice grow it until its text fits. So the deck wraps each cell's text
itself (:mod:`.metrics`), gives every row the height of its tallest cell,
and moves rows that would pass the bottom of the slide to a continuation
slide ("forts."; :mod:`.paging` deals them out).
:mod:`.tabledraw` puts the table on the slide.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs

from rusmodel.plugins.deck.colours import rgb, text_colour_on
from rusmodel.plugins.deck.metrics import (
    FontMetrics,
    font_metrics,
    line_height,
    pieces,
    tidy,
    words,
    wrap,
)

__all__ = [
    "Cell",
    "Column",
    "TableFont",
    "cell_lines",
    "column_widths",
    "drawn_bold",
    "group_height",
    "narrowest",
    "rgb",
    "row_height",
    "text_colour_on",
    "text_room",
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
    short: str | None = None
    """What a continuation row says for this cell where it names the row ("RF7")."""
    links: tuple[tuple[str, str], ...] = ()
    """Words of ``text`` that are links, and the address each leads to."""

    @classmethod
    def linked(cls, text: str, **kw: Any) -> Cell:
        """A cell of the plan's ``text``, its web addresses shown as links (:mod:`.links`)."""
        from rusmodel.plugins.deck.links import link_pieces

        pieces = link_pieces(text)
        links = tuple((shown, url) for shown, url in pieces if url is not None)
        return cls("".join(shown for shown, _ in pieces), links=links, **kw)


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
    group: str = ""
    """A heading over this column and its neighbours with the same group (Helår)."""


@attrs.frozen
class TableFont:
    """The font a table is measured and drawn with: the template's body font and a size."""

    name: str
    size: float = 12.0
    compact: bool = False
    """Half the usual space above and below each cell's text, for a dense statement."""

    def metrics(self, bold: bool) -> FontMetrics:
        return font_metrics(self.name, bold)

    @property
    def margin_y(self) -> float:
        """The cell margin above and below the text, in points."""
        return MARGIN_Y / 2 if self.compact else MARGIN_Y


def text_room(width: float) -> float:
    """The width text has in a column ``width`` points wide."""
    return width - 2 * MARGIN_X - BORDER_ALLOWANCE


PAD = 2 * MARGIN_X + BORDER_ALLOWANCE + 1.0
"""What a column needs besides its text: the cell margins, the border and a point to spare."""


def drawn_bold(cell: Cell) -> bool:
    """Whether the cell is drawn in bold: bold cells and status cells."""
    return cell.bold or cell.fill is not None


def _natural_width(text: str, font: TableFont, bold: bool) -> float:
    metrics = font.metrics(bold)
    return max((metrics.text_width(line, font.size) for line in text.split("\n")), default=0.0)


def _longest_word(text: str, font: TableFont, bold: bool, whole: bool = False) -> float:
    """The widest piece of ``text`` a line cannot break inside (with ``whole``, the widest
    word, a slash word such as "Näringsliv/Ledningsstaben" taken whole)."""
    metrics = font.metrics(bold)
    return max(
        (
            metrics.text_width(piece, font.size)
            for paragraph in text.split("\n")
            for word in words(paragraph)
            for piece in ([word] if whole else pieces(word))
        ),
        default=0.0,
    )


def _texts(column: Column, index: int, rows: Sequence[Sequence[Cell]]) -> list[tuple[str, bool]]:
    return [(column.header, True)] + [(row[index].text, drawn_bold(row[index])) for row in rows]


def narrowest(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    font: TableFont,
    *,
    whole: bool = False,
) -> list[float]:
    """Each column's narrowest width that cuts no word (header included), in points; a
    word may break after a slash in it unless ``whole``."""
    return [
        max(_longest_word(t, font, b, whole) for t, b in _texts(column, index, rows)) + PAD
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

    Every column is at least as wide as its longest word (a word with a slash in
    it taken whole where the table has room for it). Fixed columns take
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
    shortest = narrowest(columns, rows, font, whole=True)
    if sum(shortest) > total:
        # "Näringsliv/" over "Ledningsstaben" reads well; a narrower table does not
        shortest = narrowest(columns, rows, font)
    widths = [0.0] * count
    flexible = [i for i, c in enumerate(columns) if not c.fixed]
    for index, column in enumerate(columns):
        widths[index] = shortest[index]
        if column.fixed:
            widths[index] = max(shortest[index], min(natural[index], total * column.max_share))
    spare = total - sum(widths)
    slack = [w - s for w, s in zip(widths, shortest, strict=True)]
    if spare < 0 and sum(slack) >= -spare:
        # the short columns' one-line widths are too much together: each gives up part
        # of what it has over its longest word, so that no word is cut
        excess = -spare
        widths = [w - excess * s / sum(slack) for w, s in zip(widths, slack, strict=True)]
        spare = 0.0
    if spare < 0 or not flexible:
        factor = total / sum(widths) if sum(widths) else 1.0
        return [w * factor for w in widths]
    paragraphs = [[_paragraph_widths(row[i], font) for i in range(count)] for row in rows]
    spare = _share_out(widths, flexible, natural, paragraphs, spare, PAD)
    if spare > 0.01 and fill:
        weight = sum(columns[i].weight for i in flexible)
        for i in flexible:
            widths[i] += spare * columns[i].weight / weight
    return _save_lines(widths, columns, rows, font, shortest)


SAVE_LINES_ROWS = 120
"""Tables of at most this many rows get :func:`_save_lines`; a longer one is laid out by
the estimate alone (it runs over many slides, and each row costs wrapping)."""


def _save_lines(
    widths: list[float],
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    font: TableFont,
    shortest: Sequence[float],
) -> list[float]:
    """``widths`` with width moved to a column where that saves whole lines.

    :func:`_share_out` weighs width by a smooth estimate of lines, which cannot
    see that "Kultur och ideell sektor" 22 points short of one line takes two
    in each of ten rows whose other cells hold one: the rows are a line taller
    than they need. So, with the lines as they wrap, a column whose cells alone
    make rows two lines tall is widened to where the most of them take one,
    with width from the other columns down to where none of their cells takes
    a line more; this is repeated while it saves a line.
    """
    if len(rows) > SAVE_LINES_ROWS:
        return widths
    table = [[Cell(c.header, bold=True) for c in columns], *rows]
    widths = list(widths)
    count = len(columns)
    for _ in range(count):
        lines = [[len(cell_lines(row[c], widths[c], font)) for c in range(count)] for row in table]
        needs = [
            [
                _natural_width(tidy(row[c].text), font, drawn_bold(row[c])) + PAD
                for row, n in zip(table, lines, strict=True)
                if n[c] == 2
                and all(k <= 1 for d, k in enumerate(n) if d != c)
                and "\n" not in tidy(row[c].text)
            ]
            for c in range(count)
        ]
        if not any(needs):
            break
        floors = [
            max(
                shortest[d],
                *(
                    _narrowest_keeping(row[d], n[d], widths[d], font)
                    for row, n in zip(table, lines, strict=True)
                ),
            )
            for d in range(count)
        ]
        best: tuple[int, float, int] | None = None  # rows saved, minus the width moved, column
        for c in range(count):
            room = sum(widths[d] - floors[d] for d in range(count) if d != c)
            for target in sorted(set(needs[c])):
                if target - widths[c] > room:
                    break
                score = (sum(need <= target for need in needs[c]), widths[c] - target, c)
                if best is None or score > best:
                    best = score
        if best is None:
            break
        _, minus, c = best
        room = sum(widths[d] - floors[d] for d in range(count) if d != c)
        for d in range(count):
            if d != c:
                widths[d] += minus * (widths[d] - floors[d]) / room
        widths[c] -= minus
    return widths


def _narrowest_keeping(cell: Cell, lines: int, width: float, font: TableFont) -> float:
    """The narrowest width at which ``cell`` takes no more than ``lines`` lines (it does at
    ``width``), to half a point."""
    if not cell.text:
        return 0.0
    if lines <= 1:
        return _natural_width(tidy(cell.text), font, drawn_bold(cell)) + PAD
    return _narrowest_for(cell.text, drawn_bold(cell), lines, width, font)


@functools.lru_cache(maxsize=4096)
def _narrowest_for(text: str, bold: bool, lines: int, width: float, font: TableFont) -> float:
    # the same cell is asked again at every round, at a width moved a little
    metrics = font.metrics(bold)
    low, high = 0.0, width
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(wrap(text, text_room(middle), font.size, metrics)) <= lines:
            high = middle
        else:
            low = middle
    return high


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
    return wrap(cell.text, text_room(width), font.size, font.metrics(drawn_bold(cell)))


def row_height(cells: Sequence[Cell], widths: Sequence[float], font: TableFont) -> float:
    """The height in points a row needs for its tallest cell, margins included."""
    lines = max(len(cell_lines(c, w, font)) for c, w in zip(cells, widths, strict=True))
    return lines * line_height(font.size) + 2 * font.margin_y


def group_height(columns: Sequence[Column], font: TableFont) -> float:
    """The height of the row of column groups over the header (0 where no column has one)."""
    if not any(c.group for c in columns):
        return 0.0
    return line_height(font.size) + 2 * font.margin_y
