"""How much room text takes on a slide: character widths, word wrap, line height.

PowerPoint and LibreOffice grow a table row until its text fits, so a deck
that places tables by their declared heights runs off the slide. The deck
therefore wraps every cell's text itself, with the advance widths of the font
the renderer draws with, and makes each row as tall as its wrapped text.

The widths come from ``fontmetrics.json`` (made by
``scripts/make_font_metrics.py`` from free fonts with the same metrics as the
common Office fonts): Carlito measures Calibri, Liberation Sans measures
Arial. A font with no known twin is measured with DejaVu Sans, which is
wider than the usual sans-serif fonts and is what LibreOffice draws with when
a font is missing, so text measured that way fits whichever is used.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

import attrs

from rusmodel.accessibility import INVISIBLE

__all__ = [
    "LINE_SPACING",
    "FontMetrics",
    "breakable",
    "font_metrics",
    "is_known_font",
    "line_breaks",
    "line_height",
    "measuring_family",
    "pieces",
    "text_height",
    "tidy",
    "words",
    "wrap",
    "written_lines",
]

LINE_SPACING = 1.2
"""A line's height as a multiple of the font size.

The deck sets this spacing exactly on every paragraph it measures
(``lnSpc``/``spcPts``): left to themselves, PowerPoint spaces Calibri lines
1.2 × the size apart and LibreOffice 1.0 × in tables, so no one height would
be right for both."""

WIDTH_MARGIN = 1.02
"""Widths are taken 2 % wider than measured: renderers round and hint differently."""

FALLBACK_FAMILY = "DejaVu Sans"

_UNSEEN = "".join(INVISIBLE)
"""Zero-width space, word joiner, soft hyphen, byte-order mark: never drawn, never written."""
_SAME_WIDTH = str.maketrans({"\u00a0": " "} | dict.fromkeys(map(ord, _UNSEEN)))
"""Characters a font may lack but that are drawn as wide as another it has (or not at all)."""


@attrs.frozen(eq=False)
class FontMetrics:
    """The advance widths of one font face, in units of the font's em."""

    family: str
    bold: bool
    units_per_em: int
    widths: dict[int, int]
    missing_width: int
    _words: dict[str, int] = attrs.field(factory=dict, init=False, repr=False)

    def units(self, text: str) -> int:
        """The advance of ``text`` in font units (remembered: the same words recur)."""
        known = self._words.get(text)
        if known is None:
            widths, missing = self.widths, self.missing_width
            known = sum(widths.get(ord(c), missing) for c in text.translate(_SAME_WIDTH))
            if len(self._words) < 200_000:
                self._words[text] = known
        return known

    def scale(self, size: float) -> float:
        """Points per font unit at ``size`` points, with the safety margin."""
        return size * WIDTH_MARGIN / self.units_per_em

    def text_width(self, text: str, size: float) -> float:
        """The width of ``text`` on one line, in points, at ``size`` points."""
        return self.units(text) * self.scale(size)


@functools.cache
def _data() -> dict[str, object]:
    text = resources.files(__package__).joinpath("fontmetrics.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def _families() -> dict[str, dict[str, object]]:
    families = _data()["families"]
    assert isinstance(families, dict)
    return families


def measuring_family(font_name: str) -> str:
    """The family whose metrics stand for ``font_name`` (Calibri is measured as Carlito)."""
    wanted = font_name.strip().casefold()
    for family, info in _families().items():
        names = info["stands_for"]
        assert isinstance(names, list)
        if wanted in (n.casefold() for n in names):
            return family
    return FALLBACK_FAMILY


def is_known_font(font_name: str) -> bool:
    """Whether ``font_name`` has a metric twin the deck can measure with exactly."""
    wanted = font_name.strip().casefold()
    return measuring_family(font_name) != FALLBACK_FAMILY or wanted == "dejavu sans"


@functools.cache
def font_metrics(font_name: str, bold: bool = False) -> FontMetrics:
    """The metrics to measure ``font_name`` with, regular or bold."""
    family = measuring_family(font_name)
    face = _families()[family]["faces"]
    assert isinstance(face, dict)
    info = face["bold" if bold else "regular"]
    widths: dict[int, int] = {}
    for start, run in info["runs"]:
        for offset, width in enumerate(run):
            widths[start + offset] = width
    em = info["units_per_em"]
    return FontMetrics(
        family=family,
        bold=bold,
        units_per_em=em,
        widths=widths,
        missing_width=info["missing_width"],
    )


_OPEN_HYPHEN = re.compile(r"(?<=\w)- ")


_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff{_UNSEEN}]")


def breakable(text: str) -> str:
    """``text`` as the deck writes it: a hyphen ending a word tied to the next word.

    "gång- och cykelstrategi" gets a no-break space after the hyphen: a line
    ending in a hyphen is read by PDF text extractors as one word split in two
    and joined again ("gångoch"). Nothing invisible is added here; see
    :func:`line_breaks` for where a line break is written. Control
    characters, which validation refuses and a slide would show as
    python-pptx's escape (``_x0007_``), are left out, and so are characters
    nobody sees (zero-width space, word joiner, soft hyphen, byte-order mark)
    that a plan's text may carry from a web page: copied from the slide, they
    would make a word differ from the one a reader searches for.
    """
    return _OPEN_HYPHEN.sub("-\u00a0", _CONTROL.sub("", text))


_INNER_HYPHEN = re.compile(r"(?<=\w)[-\u2013\u2014](?=\w)")
"""A hyphen or dash inside a word ("ÅVS-Finnslätten", "2023–2025"), where renderers break."""
_BREAKS_AFTER = re.compile("[-/\u2013\u2014]")
_SPACE = frozenset(" \t\u00a0")

Span = tuple[int, int]
"""A stretch ``text[start:end]`` a line break is written in place of."""


def line_breaks(text: str, width: float, size: float, metrics: FontMetrics) -> list[Span]:
    """Where one paragraph's ``text`` is written with a line break (``<a:br/>``) so that
    renderers break its lines only where :func:`wrap` does, each as the spaces it replaces
    (an empty span after the slash of a word wider than the line).

    LibreOffice breaks after a hyphen or a dash ("ÅVS-" / "Finnslätten",
    "2021-" / "08-18", "2023–" / "2025") where the start of the word still fits
    the line and :func:`wrap` moved the whole word to the next, and PDF text
    extractors then read the two halves as one word ("ÅVSFinnslätten").
    Nothing a reader cannot see may hold the word together (text copied from
    the slide must be the plan's own), so the line ends the deck measured are
    written out instead: each measured line fits
    the renderer's (the widths are taken a little wide), and the renderer then
    breaks nowhere else. Only the lines up to the last one holding such a
    word get a break, and only in a paragraph that wraps: a title, a date or
    a short comment is written as it is. A word wider than the line breaks
    after its slash ("Näringsliv/" / "Ledningsstaben"), where renderers do not
    break by themselves.
    """
    if not _BREAKS_AFTER.search(text):
        return []
    lines = wrap(text, width, size, metrics)
    if len(lines) < 2:
        return []
    hyphened = [i for i, line in enumerate(lines) if _INNER_HYPHEN.search(line)]
    last = hyphened[-1] if hyphened else 0
    spans: list[Span] = []
    at = 0
    for index, line in enumerate(lines[:-1]):
        at = _after(text, at, sum(c not in _SPACE for c in line))
        end = at
        while end < len(text) and text[end] in " \t":
            end += 1
        # a line ending inside words tied together ("gång-\u00a0och") was cut there anyway
        cut = line.endswith("\u00a0") or lines[index + 1].startswith("\u00a0")
        if end > at and text[end : end + 1] not in ("", "\n") and index < last and not cut:
            spans.append((at, end))
        elif end == at and text[at - 1 : at] == "/" and _SLASH.match(text, at):
            spans.append((at, at))
        at = end
    return spans


def _after(text: str, at: int, count: int) -> int:
    """The place in ``text`` after ``count`` more characters that are not spaces."""
    while count:
        if text[at] not in _SPACE and text[at] != "\n":
            count -= 1
        at += 1
    return at


def written_lines(text: str, spans: list[Span]) -> list[str]:
    """``text`` cut where :func:`line_breaks` puts a line break, the spans left out."""
    parts, at = [], 0
    for start, end in spans:
        parts.append(text[at:start])
        at = end
    parts.append(text[at:])
    return parts


_SLASH = re.compile(r"(?<=\w/)(?=\w)")


def pieces(word: str) -> list[str]:
    """A word longer than its line cut where the line may break inside it: after a slash
    between words ("biblioteksverksamhet/" "Kulturutveckling")."""
    return _SLASH.split(word)


def words(paragraph: str) -> list[str]:
    """The words of one paragraph a line can break between, as the deck writes them.

    A word ending in a hyphen stays with the next ("gång- och"), as
    :func:`breakable` ties them.
    """
    tied = _OPEN_HYPHEN.sub("-\u00a0", tidy(paragraph))
    return tied.split(" ") if tied else []


def line_height(size: float) -> float:
    """The height of one line of text in points at ``size`` points (spacing set exactly)."""
    return LINE_SPACING * size


_SPACES = re.compile(r"[ \t]+")


def tidy(text: str) -> str:
    """``text`` as the deck writes it: runs of spaces as one, no spaces at line ends."""
    if not (
        "  " in text
        or "\t" in text
        or " \n" in text
        or "\n " in text
        or text.startswith(" ")
        or text.endswith(" ")
    ):
        # Nearly every text is tidy already (and is measured many times over).
        return text
    return "\n".join(_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))


def _split_long(word: str, limit: float, metrics: FontMetrics) -> list[str]:
    """A word too long for the line, cut into pieces that each fit (as renderers do)."""
    parts: list[str] = []
    current = ""
    used = 0
    for char in word:
        advance = metrics.units(char)
        if current and used + advance > limit:
            parts.append(current)
            current, used = char, advance
        else:
            current += char
            used += advance
    if current:
        parts.append(current)
    return parts


def wrap(text: str, width: float, size: float, metrics: FontMetrics) -> list[str]:
    """The lines ``text`` takes in a box ``width`` points wide, greedy as renderers wrap.

    Each paragraph (a line of ``text``) starts a new line; lines break at
    spaces (a no-break space holds two words together), and after a slash
    between words only in a word longer than the line ("biblioteksverksamhet/
    Kulturutveckling" in a narrow column), where :func:`line_breaks` writes
    a line break; a piece longer than the line is cut.
    """
    limit = width / metrics.scale(size)
    space = metrics.units(" ")
    lines: list[str] = []
    for paragraph in tidy(text).split("\n"):
        current = ""
        used = 0
        for word in words(paragraph):
            whole = metrics.units(word) <= limit
            for index, piece in enumerate([word] if whole else pieces(word)):
                advance = metrics.units(piece)
                gap = 0 if index or not current else space
                if current and used + gap + advance <= limit:
                    current += (" " if gap else "") + piece
                    used += gap + advance
                    continue
                if current:
                    lines.append(current)
                if advance <= limit:
                    current, used = piece, advance
                    continue
                parts = _split_long(piece, limit, metrics)
                lines.extend(parts[:-1])
                current, used = parts[-1], metrics.units(parts[-1])
        lines.append(current)
    return lines


def text_height(text: str, width: float, size: float, metrics: FontMetrics) -> float:
    """The height ``text`` takes in points when wrapped to ``width`` points."""
    return len(wrap(text, width, size, metrics)) * line_height(size)
