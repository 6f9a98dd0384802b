"""The narrative of a period: highlights and what is coming (på gång)."""

from __future__ import annotations

import attrs

__all__ = ["Narrative"]


@attrs.frozen(kw_only=True)
class Narrative:
    """Bullets for one period: ``highlights`` (viktiga händelser) and ``upcoming`` (på gång)."""

    period: str
    summary: str = ""
    highlights: tuple[str, ...] = ()
    upcoming: tuple[str, ...] = ()
