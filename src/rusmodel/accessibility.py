"""Accessibility (tillgänglighet) of published documents: the rules and the colour maths.

Committee documents are published on the region's website, so they fall under
the law on accessible digital public services (lag 2018:1937, which points to
EN 301 549 and WCAG 2.1 AA). The checks of a deck (and, later, of a Word
document) report their findings as :class:`~rusmodel.Problem` values whose
message starts with the rule's name (``alt-text: …``) and whose place names
the slide and shape (``slide 3, "Table 5"``), so every checker prints and is
read the same way. :data:`RULES` names and explains each rule.

The colour functions follow WCAG 2.1's definitions of relative luminance and
contrast ratio; they take colours as ``RRGGBB``.
"""

from __future__ import annotations

import functools
import re

from rusmodel.problems import Problem

__all__ = [
    "INVISIBLE",
    "INVISIBLE_CHARACTERS",
    "LARGE_TEXT_BOLD_PT",
    "LARGE_TEXT_PT",
    "MIN_CONTRAST",
    "MIN_CONTRAST_LARGE",
    "RULES",
    "contrast",
    "finding",
    "invisible_text",
    "min_contrast",
    "readable_on",
    "relative_luminance",
]

RULES: dict[str, str] = {
    "title": "every slide has a title placeholder (not a text box) holding its title",
    "unique-title": "no two slides have the same title",
    "alt-text": "every chart, picture, table and group of shapes has alternative text saying "
    "what it shows, unless it is marked decorative",
    "reading-order": "the title is read first and the footer (date, footer, number) last",
    "layout-order": "a slide's content is read as it is laid out: top to bottom, and the left "
    "of two shapes side by side first",
    "language": "every piece of text says its language (sv-SE or en-GB)",
    "deck-language": "text is marked with the deck's language (another only for a phrase "
    "within it), and so are charts and the document properties",
    "table-header": "every table's first row is marked as its header row",
    "contrast": "text has a contrast of at least 4.5:1 with its fill (3:1 for large text)",
    "colour-only": "colour is never the only signal: a coloured cell says its meaning in words, "
    "a chart of several series has a legend",
    "data-labels": "every chart writes its values on the bars",
    "chart-title": "a chart without a title of its own does not get an automatic one",
    "palette": "no two series of a chart look alike to a reader with red-green colour blindness",
    "invisible-text": "text a reader can copy (on slides and in charts) holds no invisible "
    "characters (zero-width space, word joiner, soft hyphen, byte-order mark), so a word "
    "copied or searched for is the word a reader types",
}
"""The accessibility rules a document is checked against, by name, with what each asks."""

INVISIBLE: dict[str, str] = {
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\u00ad": "soft hyphen",
    "\ufeff": "byte-order mark",
}
"""The characters the rule ``invisible-text`` finds, with their names: each takes no room
where it stands, so a reader cannot see it, yet a word holding one is not the word typed
(a search does not find it, a copied link breaks) and some screen readers stop at it.
(The zero-width joiners of emoji and of scripts that need them are not among them.)"""
INVISIBLE_CHARACTERS = re.compile(f"[{''.join(INVISIBLE)}]")
"""Any of :data:`INVISIBLE`, to find or remove them."""

MIN_CONTRAST = 4.5
"""WCAG 2.1 AA's least contrast ratio for normal text (success criterion 1.4.3)."""
MIN_CONTRAST_LARGE = 3.0
"""The least contrast ratio for large text: 18 pt, or 14 pt in bold."""
LARGE_TEXT_PT = 18.0
LARGE_TEXT_BOLD_PT = 14.0


def finding(rule: str, message: str, file: str = "", place: str = "") -> Problem:
    """A broken ``rule`` as a problem: ``file: place: rule: message``."""
    if rule not in RULES:
        raise ValueError(f"unknown accessibility rule {rule!r}")
    return Problem(f"{rule}: {message}", place=place, file=file)


def invisible_text(text: str, limit: int = 40) -> str | None:
    """What the rule ``invisible-text`` says of ``text``: its first invisible character
    named, with the word it sits in (without it), and how many more there are; ``None`` where
    it has none."""
    found = INVISIBLE_CHARACTERS.search(text)
    if found is None:
        return None
    character = found.group()
    start = max((text.rfind(c, 0, found.start()) for c in (" ", "\n", "\t", "\v")), default=-1)
    ends = [i for i in (text.find(c, found.end()) for c in (" ", "\n", "\t", "\v")) if i >= 0]
    word = INVISIBLE_CHARACTERS.sub("", text[start + 1 : min(ends, default=len(text))])
    where = "in"
    if not word:  # standing alone between two spaces: the text around it
        word = INVISIBLE_CHARACTERS.sub("", text[max(found.start() - 20, 0) : found.end() + 20])
        where = "on its own in"
    word = " ".join(word.split())
    quoted = f'"{word[:limit]}…"' if len(word) > limit else f'"{word}"'
    count = len(INVISIBLE_CHARACTERS.findall(text))
    more = f" (and {count - 1} more invisible character{'s' if count > 2 else ''})"
    return (
        f"a {INVISIBLE[character]} (U+{ord(character):04X}) sits {where} {quoted}"
        f"{more if count > 1 else ''}: the word copied or searched for is not the word a "
        "reader types; remove it"
    )


def _channel(hex_pair: str) -> float:
    value = int(hex_pair, 16) / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


@functools.lru_cache(maxsize=1024)
def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of ``RRGGBB``: 0 for black, 1 for white."""
    r, g, b = (_channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    a, b = relative_luminance(first), relative_luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def min_contrast(size_pt: float | None, bold: bool) -> float:
    """The contrast text of this size and weight needs (size unknown: normal text)."""
    if size_pt is not None and (
        size_pt >= LARGE_TEXT_PT or (bold and size_pt >= LARGE_TEXT_BOLD_PT)
    ):
        return MIN_CONTRAST_LARGE
    return MIN_CONTRAST


def readable_on(fill: str, dark: str = "1A1A1A", light: str = "FFFFFF") -> str:
    """The text colour for ``fill``: ``dark`` or ``light``, whichever contrasts more.

    Where neither reaches :data:`MIN_CONTRAST` (a soft dark grey on a
    mid-tone fill can fall to 4.2:1), black or white is taken instead, one of
    which always does.
    """
    best = max((dark, light), key=lambda c: contrast(c, fill))
    if contrast(best, fill) >= MIN_CONTRAST:
        return best
    return max(("000000", "FFFFFF"), key=lambda c: contrast(c, fill))


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
_DEFICIENCIES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}
ALIKE_DISTANCE = 8.0
"""CIELAB distance under which two chart colours count as alike (about where two
flat bars side by side stop being told apart at a glance)."""


def _lab(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen_distance(first: str, second: str) -> float:
    """How far apart two colours look (CIELAB distance) to the reader who sees them closest:
    normal vision, protanopia or deuteranopia."""
    a = tuple(_channel(first[i : i + 2]) for i in (0, 2, 4))
    b = tuple(_channel(second[i : i + 2]) for i in (0, 2, 4))
    distances = [_distance(_lab((a[0], a[1], a[2])), _lab((b[0], b[1], b[2])))]
    for matrix in _DEFICIENCIES.values():
        sa = tuple(sum(m * c for m, c in zip(row, a, strict=True)) for row in matrix)
        sb = tuple(sum(m * c for m, c in zip(row, b, strict=True)) for row in matrix)
        distances.append(_distance(_lab((sa[0], sa[1], sa[2])), _lab((sb[0], sb[1], sb[2]))))
    return min(distances)


def _distance(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)
