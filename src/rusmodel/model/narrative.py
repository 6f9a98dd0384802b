"""Prose: the narrative of a period (highlights, på gång) and the plan document's chapters."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Chapter", "ChapterPosition", "Narrative"]


@attrs.frozen(kw_only=True)
class Narrative:
    """Bullets for one period: ``highlights`` (viktiga händelser) and ``upcoming`` (på gång)."""

    period: str
    summary: str = ""
    highlights: tuple[str, ...] = ()
    upcoming: tuple[str, ...] = ()


class ChapterPosition(enum.Enum):
    """Where a chapter of its own stands in the plan document.

    ``front`` chapters (inledning, organisation) come after the summary and
    before the goals; ``back`` chapters (uppföljning och utvärdering) after the
    units.
    """

    FRONT = "front"
    BACK = "back"


@attrs.frozen(kw_only=True)
class Chapter:
    """A chapter of prose in the plan document (kapitel), with a title and its text.

    ``text`` is Markdown-like: paragraphs separated by a blank line, bullet
    lists (lines that start with ``- ``), and ``**bold**``. ``unit`` puts the
    chapter in that unit's part of the document (the id of one of the plan's
    units); without a unit the chapter stands on its own, at ``position``.
    The deck and the workbook leave chapters out.
    """

    title: str
    text: str = ""
    unit: str = ""
    position: ChapterPosition = ChapterPosition.FRONT
