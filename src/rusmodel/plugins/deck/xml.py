"""Small helpers for writing slide XML by hand: namespaces, escaping, points to EMU."""

from __future__ import annotations

import re

from rusmodel.plugins.deck.theme import EMU_PER_PT

__all__ = ["A_NS", "P_NS", "R_NS", "emu", "escape"]

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def emu(points: float) -> int:
    """``points`` in EMU, the unit of a slide's geometry."""
    return round(points * EMU_PER_PT)


def escape(text: str) -> str:
    """``text`` for an XML attribute or element."""
    text = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    # XML cannot hold control characters, and a slide would show python-pptx's escape of one
    # (_x0007_) as it stands; validation refuses them, and a plan built in Python loses them.
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
