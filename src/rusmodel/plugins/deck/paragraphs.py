"""The text the deck's slides hold: paragraphs of runs, each run with its colour and weight."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

__all__ = ["Paragraph", "Run", "broken_runs"]


@attrs.frozen
class Run:
    """A piece of a paragraph with its own colour (``RRGGBB``) or weight."""

    text: str
    colour: str | None = None
    bold: bool = False
    link: str | None = None
    """The address the run's words link to."""


@attrs.frozen
class Paragraph:
    """A paragraph of a text box: its runs, size in points, bullet and space before.

    A ``heading`` is kept on the slide of the paragraph after it.
    """

    runs: tuple[Run, ...]
    size: float = 16.0
    bullet: bool = False
    space_before: float = 0.0
    heading: bool = False

    @classmethod
    def of(cls, text: str, size: float = 16.0, *, bold: bool = False, **kw: Any) -> Paragraph:
        """A paragraph of the plan's ``text``, its web addresses shown as links."""
        from rusmodel.plugins.deck.links import link_pieces

        runs = tuple(Run(shown, bold=bold, link=url) for shown, url in link_pieces(text))
        return cls(runs=runs, size=size, **kw)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        return any(r.bold for r in self.runs)


def broken_runs(
    runs: Sequence[Run], breaks: Sequence[tuple[int, int]]
) -> list[tuple[Run | None, str]]:
    """The pieces of ``runs`` to write, each with the run whose look it has, and
    ``(None, "")`` for each line break; ``breaks`` are spans of the paragraph's
    text (all runs' text in a row) that a line break replaces.

    A break may fall inside a run (a long comment) or at a run's edge (after a
    bold run); the text of a span is left out.
    """
    starts = {begin for begin, _ in breaks}
    dropped = {at for begin, end in breaks for at in range(begin, end)}
    pieces: list[tuple[Run | None, str]] = []
    at = 0
    for run in runs:
        piece = ""
        for char in run.text:
            if at in starts:
                if piece:
                    pieces.append((run, piece))
                    piece = ""
                pieces.append((None, ""))
            if at not in dropped:
                piece += char
            at += 1
        if piece:
            pieces.append((run, piece))
    return pieces
