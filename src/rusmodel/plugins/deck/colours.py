"""Colours: python-pptx's colour for ``RRGGBB``, and text that reads on a coloured fill."""

from __future__ import annotations

from typing import Any

__all__ = ["rgb", "text_colour_on"]


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
