"""Markdown-like prose (löptext) as blocks: paragraphs and bullet lists of bold and plain runs.

The plan's summary, values, chapters and units' descriptions are written in a
small part of Markdown that planning staff can type without learning it:

- a blank line starts a new paragraph; lines of one paragraph are joined;
- a line that starts with ``- ``, ``* `` or ``• `` is an item of a bullet
  list, and the lines after it (until a blank line or the next item) go on
  with that item;
- ``**bold**`` is bold.

Everything else is text as written: no headings, links or pictures (a
chapter's title is its heading). Exporters draw the blocks in their own way;
:func:`unclosed_bold` tells validation where a ``**`` was left open.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["BulletList", "Paragraph", "Run", "parse_prose", "plain_text", "unclosed_bold"]

_BULLET = re.compile(r"^\s*[-*•]\s+(?P<text>.*)$")


@attrs.frozen
class Run:
    """A piece of text, bold or not."""

    text: str
    bold: bool = False


@attrs.frozen
class Paragraph:
    """A paragraph (stycke) of runs."""

    runs: tuple[Run, ...]


@attrs.frozen
class BulletList:
    """A bullet list (punktlista): each item a tuple of runs."""

    items: tuple[tuple[Run, ...], ...]


Block = Paragraph | BulletList


def _runs(text: str) -> tuple[Run, ...]:
    """``text`` split at ``**`` pairs; an unpaired ``**`` stays as written."""
    parts = text.split("**")
    if len(parts) % 2 == 0:
        # An odd number of markers: the last one has no partner and is plain text.
        parts = [*parts[:-2], parts[-2] + "**" + parts[-1]]
    runs = [Run(part, bold=index % 2 == 1) for index, part in enumerate(parts) if part]
    return tuple(runs)


def parse_prose(text: str) -> tuple[Block, ...]:
    """The blocks of ``text``, in order; empty text gives no blocks."""
    blocks: list[Block] = []
    lines: list[str] = []
    items: list[list[str]] = []

    def close() -> None:
        if lines:
            blocks.append(Paragraph(_runs(" ".join(lines))))
            lines.clear()
        if items:
            blocks.append(BulletList(tuple(_runs(" ".join(item)) for item in items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
            continue
        bullet = _BULLET.match(raw)
        if bullet is not None:
            if lines:
                close()
            items.append([bullet.group("text").strip()])
        elif items:
            items[-1].append(line)
        else:
            lines.append(line)
    close()
    return tuple(blocks)


def plain_text(text: str) -> str:
    """``text`` without its markup, one line per paragraph or item: what a reader sees."""
    out: list[str] = []
    for block in parse_prose(text):
        if isinstance(block, Paragraph):
            out.append("".join(r.text for r in block.runs))
        else:
            out += ["".join(r.text for r in item) for item in block.items]
    return "\n".join(out)


def unclosed_bold(text: str) -> bool:
    """Whether a paragraph or item of ``text`` has a ``**`` without its partner."""
    for block in parse_prose(text):
        pieces = [block.runs] if isinstance(block, Paragraph) else list(block.items)
        if any("**" in run.text for runs in pieces for run in runs):
            return True
    return False
