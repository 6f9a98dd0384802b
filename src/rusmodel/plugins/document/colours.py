"""Colour contrast as WCAG measures it, for text on a status cell's fill."""

from __future__ import annotations

__all__ = ["contrast", "luminance", "text_colour_on"]


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill``: never less than 4.5:1 (WCAG).

    With pure black and white the better of the two always reaches about 4.58:1.
    """
    lum = luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "FFFFFF" if on_white >= on_black else "000000"


def luminance(colour: str) -> float:
    """The relative luminance of ``RRGGBB`` as WCAG defines it."""

    def channel(pair: str) -> float:
        c = int(pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two ``RRGGBB`` colours (1 to 21)."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)
