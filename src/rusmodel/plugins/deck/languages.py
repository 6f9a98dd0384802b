"""The deck's language (dokumentets språk): text marked with another language is named.

A screen reader speaks each piece of text in the voice of the language it is
marked with, and spelling and hyphenation follow it too, so Swedish text
marked ``en-US`` (pasted from another deck, typed on an English computer) is
read out with English sounds. The rule ``deck-language``:

- the deck's language is the language most of its text is marked with,
  counted in letters over every slide and chart; only the language counts, not
  the country (``en-US`` text in an ``en-GB`` deck is English);
- a shape (text box, placeholder, table, a shape inside a group) or chart whose
  text is marked with another language is reported once, naming the language
  and the text;
- except a phrase of up to :data:`MAX_PHRASE_WORDS` words in another language
  inside text in the deck's language: that is a name or quotation marked on
  purpose, as WCAG 2.1 asks (3.1.2, language of parts);
- a chart's own language (``c:lang``, for its text that has none of its own) is
  the deck's;
- the language the deck says it is in (its document properties, ``dc:language``)
  is the language of its text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import attrs

from rusmodel.accessibility import INVISIBLE_CHARACTERS, finding
from rusmodel.problems import Problem

__all__ = ["CORE_PROPERTIES", "MAX_PHRASE_WORDS", "DeckLanguage", "declared_language"]

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
"""The relationship type of a package's document properties (``docProps/core.xml``)."""
_DC = "http://purl.org/dc/elements/1.1/"
_LETTER = re.compile(r"[^\W\d_]")
_INVISIBLE = INVISIBLE_CHARACTERS
MAX_PHRASE_WORDS = 6
"""The longest stretch of text in another language (in words) taken as marked on purpose
where it sits in text of the deck's language."""


def _language(tag: str) -> str:
    """The language of a tag, without its country: ``sv-SE`` → ``sv``."""
    return tag.split("-")[0].lower()


def _quoted(text: str, limit: int = 40) -> str:
    text = " ".join(_INVISIBLE.sub("", text).split())
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'


@attrs.frozen
class _Stretch:
    """Text of one paragraph marked with one language: runs next to each other joined."""

    tag: str
    letters: int
    words: int
    text: str


@attrs.frozen
class _Holder:
    """A shape or chart's text, where it is and, for a chart, its own language."""

    slide: int
    place: str
    stretches: tuple[_Stretch, ...]
    chart_tag: str | None = None


def _stretches(holder: Any) -> tuple[_Stretch, ...]:
    found: list[_Stretch] = []
    for paragraph in holder.iter(f"{{{A}}}p"):
        runs: list[tuple[str, str]] = []
        for run in paragraph.iter(f"{{{A}}}r", f"{{{A}}}fld"):
            props = run.find(f"{{{A}}}rPr")
            tag = props.get("lang", "") if props is not None else ""
            text = run.findtext(f"{{{A}}}t") or ""
            if not tag:  # said by the rule ``language``
                continue
            if runs and runs[-1][0] == tag:
                runs[-1] = (tag, runs[-1][1] + text)
            else:
                runs.append((tag, text))
        for tag, text in runs:
            letters = len(_LETTER.findall(text))
            if letters:
                words = sum(1 for word in text.split() if _LETTER.search(word))
                found.append(_Stretch(tag, letters, words, text))
    return tuple(found)


def declared_language(core: Any) -> str | None:
    """The language a deck's document properties (``docProps/core.xml``) say it is in."""
    value = (core.findtext(f"{{{_DC}}}language") or "").strip() if core is not None else ""
    return value or None


class DeckLanguage:
    """The languages a deck's text is marked with, gathered slide by slide (:meth:`add_text`,
    :meth:`add_chart`); :meth:`findings` then names what is not in the deck's language."""

    def __init__(self) -> None:
        self._letters: Counter[str] = Counter()
        self._holders: list[_Holder] = []

    def add_text(self, slide: int, place: str, holder: Any) -> None:
        """The text of a shape (or table) at ``place`` on slide number ``slide``."""
        self._add(_Holder(slide, place, _stretches(holder)))

    def add_chart(self, slide: int, place: str, chart: Any) -> None:
        """A chart's text and its own language."""
        own = chart.find(f"{{{C}}}lang")
        tag = own.get("val", "") if own is not None else ""
        self._add(_Holder(slide, place, _stretches(chart), tag or None))

    def _add(self, holder: _Holder) -> None:
        for stretch in holder.stretches:
            self._letters[stretch.tag] += stretch.letters
        if holder.stretches or holder.chart_tag:
            self._holders.append(holder)

    def language(self, declared: str | None = None) -> str | None:
        """The deck's language: the one most of its text is marked with (the first seen of
        equals), as the tag most used for it, or the one ``declared`` for that language."""
        by_language: Counter[str] = Counter()
        for tag, letters in self._letters.items():
            by_language[_language(tag)] += letters
        if not by_language:
            return declared
        main = by_language.most_common(1)[0][0]
        if declared is not None and _language(declared) == main:
            return declared
        return max(
            (tag for tag in self._letters if _language(tag) == main),
            key=lambda tag: self._letters[tag],
        )

    def findings(self, file: str, declared: str | None) -> list[tuple[int, Problem]]:
        """The rule's findings, each with its slide number (0: the deck as a whole)."""
        deck = self.language(declared)
        if deck is None:
            return []
        main = _language(deck)
        found: list[tuple[int, Problem]] = []
        if declared is not None and _language(declared) != main:
            found.append(
                (
                    0,
                    finding(
                        "deck-language",
                        f"the document properties say the deck is in {declared} "
                        f"(dc:language), but most of its text is marked {deck}",
                        file,
                        "properties",
                    ),
                )
            )
        for holder in self._holders:
            message = _message(holder, main, deck)
            if message is not None:
                found.append((holder.slide, finding("deck-language", message, file, holder.place)))
        return found


def _message(holder: _Holder, main: str, deck: str) -> str | None:
    other = [s for s in holder.stretches if _language(s.tag) != main]
    own_tag = holder.chart_tag if holder.chart_tag and _language(holder.chart_tag) != main else None
    if holder.chart_tag is None and other:
        in_deck_language = any(_language(s.tag) == main for s in holder.stretches)
        if in_deck_language and all(s.words <= MAX_PHRASE_WORDS for s in other):
            return None  # phrases marked on purpose
    if not other and own_tag is None:
        return None
    tags = sorted({s.tag for s in other} | ({own_tag} if own_tag else set()))
    said = " and ".join(tags)
    if holder.chart_tag is not None:
        what = "the chart is" if not other else "the chart's text is"
        example = f": {_quoted(other[0].text)}" if other else " (c:lang)"
        return f"{what} marked {said}, not the deck's language {deck}{example}"
    part = "its text is" if len(other) == len(holder.stretches) else "part of its text is"
    return f"{part} marked {said}, not the deck's language {deck}: {_quoted(other[0].text)}"
