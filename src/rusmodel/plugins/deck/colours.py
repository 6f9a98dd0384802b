"""Colours: python-pptx's colour for ``RRGGBB``, and text that reads on a coloured fill."""

from __future__ import annotations

from typing import Any

from rusmodel.accessibility import readable_on

__all__ = ["rgb", "text_colour_on"]


def text_colour_on(fill: str) -> str:
    """Dark grey or white, whichever reads better on ``fill``; black or white where neither
    reaches WCAG's 4.5:1 (see :func:`rusmodel.accessibility.readable_on`)."""
    return readable_on(fill)


def rgb(colour: str) -> Any:
    """python-pptx's colour for ``RRGGBB`` (its constructor is unannotated)."""
    from pptx.dml.color import RGBColor

    make: Any = RGBColor
    return make.from_string(colour)
