"""Web addresses in the plan's text, shown as short link text with a real hyperlink.

A report's comment may hold an address of 150 characters ("Länk till rapport:
https://regionvastmanland.se/globalassets/…/rapport.pdf"). Printed raw it
takes lines of a narrow column and cannot be read aloud or clicked; the deck
shows the site's name ("regionvastmanland.se") as the link's text instead,
and the link leads to the whole address.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["Piece", "link_pieces", "link_text"]

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]]", re.IGNORECASE)

Piece = tuple[str, str | None]
"""A piece of text and the address it links to (``None``: plain text)."""


def link_text(url: str) -> str:
    """The words shown for ``url``: its site's name ("regionvastmanland.se")."""
    target = url if "://" in url else f"https://{url}"
    host = urlsplit(target).hostname or url
    return host.removeprefix("www.")


def link_pieces(text: str) -> list[Piece]:
    """``text`` cut into plain pieces and links, each link shown by :func:`link_text`."""
    pieces: list[Piece] = []
    start = 0
    for match in _URL.finditer(text):
        if match.start() > start:
            pieces.append((text[start : match.start()], None))
        url = match[0] if "://" in match[0] else f"https://{match[0]}"
        pieces.append((link_text(match[0]), url))
        start = match.end()
    if start < len(text) or not pieces:
        pieces.append((text[start:], None))
    return pieces
