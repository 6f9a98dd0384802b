"""The plan's deck profile (bildspelsprofil): which sections its committee deck shows."""

from __future__ import annotations

import attrs

__all__ = ["DECK_SECTIONS", "DeckProfile"]

DECK_SECTIONS = (
    "title",
    "summary",
    "narrative",
    "overview",
    "changes",
    "activities",
    "indicators",
    "key_figures",
    "economy",
    "internal_control",
    "closing",
)
"""The deck's own sections, in the order a deck shows them when nothing else is chosen.

Sections plugins add (:func:`rusmodel.hookspecs.rusmodel_deck_sections`) are
named by their own names next to these."""


@attrs.frozen(kw_only=True)
class DeckProfile:
    """How the plan's committee deck (``--format pptx``) is made, every period the same way.

    ``sections`` are the sections the deck shows, in the order it shows them:
    the deck's own (title, summary, narrative, overview, changes, activities,
    indicators, key_figures, economy, internal_control, closing; see
    :data:`DECK_SECTIONS`) and the sections plugins add. Empty (the default)
    shows every section in the deck's own order. ``--sections`` on the
    command line (the exporter's ``sections`` option) wins over the profile.
    """

    sections: tuple[str, ...] = ()
