"""Reading order against layout (läsordning): a slide's content is read as it is laid out.

A screen reader reads a slide's shapes in the order of its shape tree, which
need not be the order a sighted reader sees them in. Between two shapes the
layout says which comes first only where they line up:

- one *above* the other, sharing columns (they overlap side to side): the upper
  one is read first;
- side by side, sharing rows (they overlap top to bottom): the left one is read
  first, so a two-column slide reads its left column, then its right.

Two shapes that share neither (diagonal to each other: the second box of the
left column and the first of the right) may be read either way, so a slide
may be read by rows or by columns; and two shapes drawn over each other say
nothing. An overlap or gap of up to :data:`TOLERANCE` of the slide's size
(or half the smaller shape) does not count, so boxes set a little off their
neighbours' edges are not mistaken for a layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rusmodel.plugins.deck.package import (
    Box,
    DeckPackage,
    in_slide,
    non_visual_props,
    own_box,
    shape_text,
)

__all__ = ["TOLERANCE", "first_jump", "laid_out_order", "precedes", "reading_box"]

P = "http://schemas.openxmlformats.org/presentationml/2006/main"

TOLERANCE = 0.02
"""How much of the slide's width (side to side) or height (top to bottom) two shapes
may overlap, or fall short of lining up, without it counting."""


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return min(a1, b1) - max(a0, b0)


def precedes(first: Box, second: Box, size: tuple[int, int]) -> str | None:
    """How ``first`` comes before ``second`` in the layout: ``"above"``, ``"left of"``,
    or ``None`` where the layout does not say."""
    fx0, fy0, fx1, fy1 = first
    sx0, sy0, sx1, sy1 = second
    slack_x = min(size[0] * TOLERANCE, min(fx1 - fx0, sx1 - sx0) / 2)
    slack_y = min(size[1] * TOLERANCE, min(fy1 - fy0, sy1 - sy0) / 2)
    across = _overlap(fx0, fx1, sx0, sx1)  # shared columns
    down = _overlap(fy0, fy1, sy0, sy1)  # shared rows
    if fy0 < sy0 and down <= slack_y and across > slack_x:
        return "above"
    if fx0 < sx0 and across <= slack_x and down > slack_y:
        return "left of"
    return None


def first_jump(boxes: Sequence[Box | None], size: tuple[int, int]) -> tuple[int, int, str] | None:
    """The first place where the reading order (the order of ``boxes``) goes against the
    layout: ``(i, j, how)``, shape ``i`` read before shape ``j`` that is ``how`` it.
    Shapes without a known position (``None``) are left out."""
    for i, early in enumerate(boxes):
        if early is None:
            continue
        for j in range(i + 1, len(boxes)):
            late = boxes[j]
            how = precedes(late, early, size) if late is not None else None
            if how is not None:
                return i, j, how
    return None


def laid_out_order(boxes: Sequence[Box | None], size: tuple[int, int]) -> list[int]:
    """The shapes' indexes in an order that follows the layout, as close to the given
    order as it can be: a shape moves only where the layout puts another first, so
    shapes already in layout order stay as they are."""

    def held_back(i: int, others: list[int]) -> bool:
        box = boxes[i]
        if box is None:
            return False
        return any(
            (other := boxes[j]) is not None and precedes(other, box, size) is not None
            for j in others
            if j != i
        )

    remaining = list(range(len(boxes)))
    order: list[int] = []
    while remaining:
        # the first shape (in the given order) that no remaining shape must precede;
        # where the layout goes round in a circle, the first one
        chosen = next((i for i in remaining if not held_back(i, remaining)), remaining[0])
        order.append(chosen)
        remaining.remove(chosen)
    return order


def reading_box(
    package: DeckPackage, slide: str, shape: Any, groups: tuple[Any, ...] = ()
) -> Box | None:
    """Where a shape a screen reader reads is drawn on ``slide`` (inside ``groups``); ``None``
    for what it does not read (a line, an empty or hidden shape) or where that is not said."""
    props = non_visual_props(shape)
    if shape.tag == f"{{{P}}}cxnSp" or props is None or props.get("hidden") in ("1", "true"):
        return None
    if shape.tag == f"{{{P}}}sp" and not shape_text(shape).strip() and not props.get("descr"):
        return None
    own = own_box(shape)
    if own is None and not groups:
        own = package.placeholder_box(slide, shape)
    return in_slide(own, groups) if own is not None else None
