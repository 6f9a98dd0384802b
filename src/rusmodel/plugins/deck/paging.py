"""Dealing a table's rows out over slides, a long row continued at a sentence, never inside one.

A slide is filled with whole rows. A row that does not fit the room left is
moved to the next slide, unless that would leave the slide mostly empty (or
the row would not fit a slide of its own): then the row is divided where a
paragraph or a sentence ends, as much of it as fits stays, and the rest
continues in a row on the next slide. The continuation row names its row
(the cells of the columns that name it, with "(forts.)"), repeats the
status, and leaves the other short cells empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from rusmodel.plugins.deck.metrics import line_height
from rusmodel.plugins.deck.tables import Cell, TableFont, cell_lines, row_height

__all__ = ["FILL_BEFORE_MOVING", "Page", "deal_rows", "sentences"]

FILL_BEFORE_MOVING = 0.6
"""How full a slide must be before a row that does not fit is moved whole to the next one;
below this the row is divided at a sentence to fill the slide."""

_SENTENCE_END = re.compile(r"(?<=[.!?:;…])\s+(?=[\"'”»(]?[A-ZÅÄÖÉÜ0-9•–-])")


def sentences(text: str) -> list[str]:
    """``text`` cut after each paragraph and sentence, each piece keeping what ends it.

    Joined again (``"".join``) the pieces give ``text`` back. A piece ends
    with the line break or space that followed it.
    """
    pieces: list[str] = []
    for paragraph in re.split(r"(?<=\n)", text):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            pieces.append(paragraph[start : match.end()])
            start = match.end()
        if start < len(paragraph):
            pieces.append(paragraph[start:])
    return [p for p in pieces if p]


@attrs.frozen
class Page:
    """The rows of one slide of a table and their heights in points."""

    rows: tuple[tuple[Cell, ...], ...]
    heights: tuple[float, ...]


def _lines(cell: Cell, width: float, font: TableFont) -> int:
    return len(cell_lines(cell, width, font))


def _cut_cell(cell: Cell, width: float, font: TableFont, lines: int) -> tuple[str, str]:
    """The sentences of ``cell`` that fit in ``lines`` lines, and the rest ('' if all fit)."""
    if _lines(cell, width, font) <= lines:
        return cell.text, ""
    parts = sentences(cell.text)
    kept = ""
    for index, part in enumerate(parts):
        trial = kept + part
        if _lines(attrs.evolve(cell, text=trial.rstrip()), width, font) > lines:
            return kept.rstrip(), "".join(parts[index:]).lstrip()
        kept = trial
    return kept.rstrip(), ""


def _cut_lines(cell: Cell, width: float, font: TableFont, lines: int) -> tuple[str, str]:
    """A sentence longer than a slide: its lines, cut where the slide ends."""
    wrapped = cell_lines(cell, width, font)
    return " ".join(wrapped[:lines]), " ".join(wrapped[lines:])


def _divide(
    row: Sequence[Cell],
    widths: Sequence[float],
    font: TableFont,
    lines: int,
    names: Sequence[int],
    marker: str,
    force: bool,
) -> tuple[list[Cell], list[Cell]] | None:
    """``row`` cut into what fits ``lines`` lines and its continuation; ``None`` where no
    sentence fits (or, with ``force``, cut at a line as a last resort)."""
    first: list[Cell] = []
    rest: list[Cell] = []
    moved = False
    for index, (cell, width) in enumerate(zip(row, widths, strict=True)):
        if cell.fill is not None:
            first.append(cell)
            rest.append(cell)  # a status says its word on every part
            continue
        kept, left = _cut_cell(cell, width, font, lines)
        if not kept and left:
            if not force:
                return None
            kept, left = _cut_lines(cell, width, font, lines)
        moved = moved or bool(left)
        first.append(attrs.evolve(cell, text=kept))
        if left:
            rest.append(attrs.evolve(cell, text=left))
        elif index in names:
            rest.append(attrs.evolve(cell, text=f"{cell.short or cell.text} {marker}".strip()))
        else:
            rest.append(attrs.evolve(cell, text=""))
    if not moved:
        return None
    return first, rest


def deal_rows(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    font: TableFont,
    room: float,
    header: float,
    *,
    names: Sequence[int] = (0,),
    marker: str = "(forts.)",
) -> list[Page]:
    """``rows`` dealt out over slides of ``room`` points, each slide under a header row
    ``header`` points high.

    ``names`` are the columns whose cells name a row; a continuation row
    repeats them followed by ``marker`` ("(forts.)").
    """
    per_line = line_height(font.size)
    pages: list[Page] = []
    current: list[tuple[Cell, ...]] = []
    heights: list[float] = []
    used = header
    queue = [tuple(r) for r in rows]
    while queue:
        row = queue.pop(0)
        height = row_height(row, widths, font)
        if used + height <= room:
            current.append(row)
            heights.append(height)
            used += height
            continue
        free = room - used
        whole_page = room - header
        fill = (used - header) / whole_page if whole_page > 0 else 1.0
        if height > whole_page or fill < FILL_BEFORE_MOVING:
            lines = int((free - 2 * font.margin_y) // per_line)
            divided = (
                _divide(row, widths, font, lines, names, marker, force=not current)
                if lines >= 2 or not current
                else None
            )
            if divided is not None:
                first, rest = divided
                current.append(tuple(first))
                heights.append(row_height(first, widths, font))
                queue.insert(0, tuple(rest))
                pages.append(Page(tuple(current), tuple(heights)))
                current, heights, used = [], [], header
                continue
        if current:
            pages.append(Page(tuple(current), tuple(heights)))
            current, heights, used = [], [], header
            queue.insert(0, row)
            continue
        # Alone on a slide and still too tall: cut it at a line, as a last resort.
        lines = max(1, int((room - header - 2 * font.margin_y) // per_line))
        divided = _divide(row, widths, font, lines, names, marker, force=True)
        if divided is None:
            current.append(row)
            heights.append(height)
            used += height
            continue
        first, rest = divided
        pages.append(Page((tuple(first),), (row_height(first, widths, font),)))
        queue.insert(0, tuple(rest))
    if current:
        pages.append(Page(tuple(current), tuple(heights)))
    return pages
