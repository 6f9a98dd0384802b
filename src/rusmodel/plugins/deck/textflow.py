"""Text boxes' paragraphs measured and dealt out over slides, continued after a sentence.

A text box's height is what its paragraphs need, wrapped as renderers wrap
them (:mod:`.metrics`). Paragraphs that do not fit one slide go on on the
next, divided after a sentence where a slide would otherwise be left mostly
empty, a heading repeated "(forts.)" over the bullets it heads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from rusmodel.plugins.deck.metrics import font_metrics, line_height, wrap
from rusmodel.plugins.deck.paging import FILL_BEFORE_MOVING, sentences
from rusmodel.plugins.deck.paragraphs import Paragraph, Run
from rusmodel.plugins.deck.theme import EMU_PER_INCH, EMU_PER_PT, Rect

__all__ = [
    "BULLET_INDENT",
    "TEXT_INSET_X",
    "TEXT_INSET_Y",
    "paragraph_height",
    "text_height",
    "text_pages",
]

TEXT_INSET_X = 0.1 * EMU_PER_INCH
TEXT_INSET_Y = 0.05 * EMU_PER_INCH
BULLET_INDENT = 18.0
"""How far a bullet's text is indented from its bullet, in points."""


def paragraph_height(paragraph: Paragraph, width: float, font: str) -> float:
    """Points ``paragraph`` takes in a text box ``width`` points wide (insets included),
    set in ``font`` (the template's body font)."""
    room = width - 2 * TEXT_INSET_X / EMU_PER_PT - (BULLET_INDENT if paragraph.bullet else 0)
    metrics = font_metrics(font, paragraph.bold)
    lines = wrap(paragraph.text, room, paragraph.size, metrics)
    return paragraph.space_before + len(lines) * line_height(paragraph.size)


def text_height(paragraphs: Sequence[Paragraph], width: float, font: str) -> float:
    """Points a text box ``width`` points wide needs for ``paragraphs``."""
    inner = sum(paragraph_height(p, width, font) for p in paragraphs)
    return inner + 2 * TEXT_INSET_Y / EMU_PER_PT


def text_pages(
    paragraphs: Sequence[Paragraph], box: Rect, font: str, continued: Callable[[str], str]
) -> list[list[Paragraph]]:
    """``paragraphs`` dealt out over boxes like ``box``.

    A paragraph that does not fit the room left moves to the next box,
    unless the box is still less than :data:`.paging.FILL_BEFORE_MOVING`
    full or the paragraph is taller than a box: then it is divided after a
    sentence (after a line only where one sentence is taller than a box). A
    heading stays with the paragraph after it and is repeated, "(forts.)",
    at the top of a box whose paragraphs continue under it.
    """
    room = box.height_pt - 2 * TEXT_INSET_Y / EMU_PER_PT
    width = box.width_pt
    pages: list[list[Paragraph]] = [[]]
    used = 0.0
    heading: Paragraph | None = None
    queue = list(paragraphs)

    fresh = True  # nothing but a repeated heading on the page yet

    def new_page(next_one: Paragraph) -> None:
        nonlocal used, fresh
        pages.append([])
        used, fresh = 0.0, True
        if heading is not None and not next_one.heading:
            again = attrs.evolve(
                heading,
                runs=(Run(continued(heading.text), bold=heading.bold),),
                space_before=0.0,
            )
            pages[-1].append(again)
            used += paragraph_height(again, width, font)

    while queue:
        paragraph = queue.pop(0)
        if paragraph.heading:
            heading = paragraph
        height = paragraph_height(paragraph, width, font)
        needed = height
        if paragraph.heading and queue:
            together = height + paragraph_height(queue[0], width, font)
            needed = together if together <= room else height
        if (used + needed <= room or fresh) and height <= room - used:
            pages[-1].append(paragraph)
            used, fresh = used + height, False
            continue
        if not paragraph.heading and (used < room * FILL_BEFORE_MOVING or height > room):
            first, rest = _cut(paragraph, width, room - used, font, force=fresh)
            if first is not None:
                pages[-1].append(first)
                new_page(rest)
                queue.insert(0, rest)
                continue
        if fresh:  # nothing smaller can be made of it: it goes where it is
            pages[-1].append(paragraph)
            used, fresh = used + height, False
            continue
        new_page(paragraph)
        queue.insert(0, paragraph)
    return [p for p in pages if p]


def _cut(
    paragraph: Paragraph, width: float, free: float, font: str, *, force: bool = False
) -> tuple[Paragraph | None, Paragraph]:
    """The sentences of ``paragraph`` that fit in ``free`` points, and the rest of it.

    With ``force`` (nothing else is in the box) a sentence taller than the
    box is cut after its last line that fits.
    """
    text = paragraph.text
    kept = ""
    parts = sentences(text)
    for part in parts:
        trial = kept + part
        candidate = attrs.evolve(paragraph, runs=(Run(trial.rstrip(), bold=paragraph.bold),))
        if paragraph_height(candidate, width, font) > free:
            break
        kept = trial
    if kept and len(kept) < len(text):
        rest_text = text[len(kept) :].lstrip()
    elif not kept and force:
        indent = BULLET_INDENT if paragraph.bullet else 0.0
        room = width - 2 * TEXT_INSET_X / EMU_PER_PT - indent
        metrics = font_metrics(font, paragraph.bold)
        lines = wrap(text, room, paragraph.size, metrics)
        count = int((free - paragraph.space_before) // line_height(paragraph.size))
        if count < 1:
            return None, paragraph
        kept, rest_text = " ".join(lines[:count]), " ".join(lines[count:])
    else:
        return None, paragraph
    first = attrs.evolve(paragraph, runs=(Run(kept.rstrip(), bold=paragraph.bold),))
    rest = attrs.evolve(
        paragraph,
        runs=(Run(rest_text, bold=paragraph.bold),),
        bullet=False,
        space_before=0.0,
    )
    return first, rest
