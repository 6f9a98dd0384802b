"""The deck's sections, each a function that adds its slides, by name.

Every section reads the plan through :mod:`rusmodel.summary`, so the counts on
the summary slide, the rows of the activity tables and the workbook all agree.
A section with nothing to show for the period adds no slides. The sections
live in modules by subject: :mod:`.overview` (title, summary, highlights,
changes), :mod:`.activities` (activities and indicators), :mod:`.figures`
(key figures), :mod:`.economy`, :mod:`.control` (internal control) and
:mod:`.closing` (the goal-area overview and the closing slide).
"""

from __future__ import annotations

from collections.abc import Callable

from rusmodel.plugins.deck.activities import activities_and_indicators
from rusmodel.plugins.deck.closing import closing_slide, overview_slide
from rusmodel.plugins.deck.context import Deck
from rusmodel.plugins.deck.control import internal_control_slides
from rusmodel.plugins.deck.economy import economy_slides
from rusmodel.plugins.deck.figures import key_figure_slides
from rusmodel.plugins.deck.overview import (
    changes_section,
    narrative_section,
    summary_section,
    title_section,
)

__all__ = ["SECTIONS", "Deck", "activities_and_indicators"]

SECTIONS: dict[str, Callable[[Deck], None]] = {
    "title": title_section,
    "summary": summary_section,
    "narrative": narrative_section,
    "overview": overview_slide,
    "changes": changes_section,
    "key_figures": key_figure_slides,
    "economy": economy_slides,
    "internal_control": internal_control_slides,
    "closing": closing_slide,
}
"""Sections that stand alone, by name; ``activities`` and ``indicators`` are built together."""
