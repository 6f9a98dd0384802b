"""Table cells and columns, and how wide each column must be to hold its words.

Word and LibreOffice wrap a cell's text at its column's width and break a
word that is wider than the column. The widths are therefore chosen here,
from the text: every column at least as wide as its longest word, the rest
of the text width shared among the columns of long text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import attrs

__all__ = [
    "CELL_PADDING_PT",
    "HEADER_FILL",
    "Cell",
    "Column",
    "column_widths",
    "line_count",
    "text_width",
]

CELL_PADDING_PT = 2 * 5.4 + 1.0
"""Word's default cell margins (0.19 cm each side) and a border's width."""
HEADER_FILL = "1F3864"
"""The header row's fill: navy, with white text (11:1)."""

_NARROW = set("iljtfrI.,;:!'|()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points, estimated on the generous side.

    The factors are those of Arial, wider than Calibri (the built-in design's
    font), so a column measured this way holds its words in either.
    """
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.3
        elif char in _WIDE:
            em += 0.85
        elif char.isupper() or char in "åäöÅÄÖ":
            em += 0.68
        else:
            em += 0.56
    return em * size * (1.07 if bold else 1.0)


@attrs.frozen
class Cell:
    """A table cell: its text (lines become paragraphs), and how it is drawn."""

    text: str
    bold: bool = False
    fill: str | None = None
    align: str = "left"


@attrs.frozen
class Column:
    """A table column: its header, its alignment, and whether it may take more than it needs.

    ``weight`` shares out the room left once every column holds its longest
    word; ``fixed`` columns (numbers, statuses) take only what they need;
    ``fill`` is the header cell's colour (a status column's is the status's);
    ``group`` is a heading over neighbouring columns that share it (Månadsbokslut).
    """

    header: str
    align: str = "left"
    weight: float = 1.0
    fixed: bool = False
    fill: str = HEADER_FILL
    group: str = ""


_BREAKS = re.compile(r"\s+|(?<=[-–])")
"""Where a line may end: at a space, or after a hyphen or dash (EU-|arbete). Not after a
slash: LibreOffice keeps samlingar/WestmannaArvet together, as a word."""


def _longest_word(text: str, size: float, bold: bool) -> float:
    words = _BREAKS.split(text)
    return max((text_width(w, size, bold) for w in words if w), default=0.0)


def _longest_line(text: str, size: float, bold: bool) -> float:
    return max((text_width(line, size, bold) for line in text.splitlines()), default=0.0)


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: float, size: float
) -> list[float] | None:
    """Column widths in points that fill ``width``, or ``None`` if a word cannot fit at ``size``.

    Every column gets at least its longest word; the rest of the width goes
    to the columns whose text is longer than that, by weight, never more than
    a column's longest line.
    """
    need: list[float] = []
    want: list[float] = []
    for index, column in enumerate(columns):
        cells = [(column.header, True)] + [(row[index].text, row[index].bold) for row in rows]
        need.append(max(_longest_word(t, size, b) for t, b in cells) + CELL_PADDING_PT)
        want.append(max(_longest_line(t, size, b) for t, b in cells) + CELL_PADDING_PT)
    if sum(need) > width:
        return None
    widths = list(need)
    room = width - sum(widths)
    # Share out what is left in rounds, so a column that is satisfied passes its share on.
    for _ in range(len(columns) + 1):
        hungry = [i for i, c in enumerate(columns) if widths[i] < want[i] - 0.01]
        if room <= 0.01 or not hungry:
            break
        total = sum(columns[i].weight for i in hungry)
        given = 0.0
        for i in hungry:
            share = room * columns[i].weight / total
            extra = min(share, want[i] - widths[i])
            widths[i] += extra
            given += extra
        room -= given
    if room > 0.01:
        # Everything fits on one line: the free columns share what is left, so tables are as wide
        # as the text.
        free = [i for i, c in enumerate(columns) if not c.fixed] or list(range(len(columns)))
        total = sum(columns[i].weight for i in free)
        for i in free:
            widths[i] += room * columns[i].weight / total
    return widths


def line_count(rows: Sequence[Sequence[Cell]], widths: Sequence[float], size: float) -> int:
    """About how many lines of text the rows take, wrapped in columns of ``widths``."""
    total = 0
    for row in rows:
        tallest = 1
        for cell, width in zip(row, widths, strict=False):
            room = max(1.0, width - CELL_PADDING_PT)
            lines = sum(
                max(1, math.ceil(text_width(line, size, cell.bold) / room))
                for line in cell.text.split("\n")
            )
            tallest = max(tallest, lines)
        total += tallest
    return total
