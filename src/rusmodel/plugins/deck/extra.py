"""Sections plugins add to the deck (:func:`rusmodel.hookspecs.rusmodel_deck_sections`).

A plugin describes its slides without python-pptx: a title with bullet
paragraphs, or a table of text. They are laid out here in the deck's own
design, fonts and footer, so they look like the built-in sections.
"""

from __future__ import annotations

from rusmodel.formats import DeckSection, ExportContext, Slide
from rusmodel.model import Plan
from rusmodel.plugins.deck.slides import Paragraph, SlideMaker
from rusmodel.plugins.deck.tables import Cell, Column
from rusmodel.problems import PlanError

__all__ = ["add_plugin_section"]

_BODY = 16.0
_TABLE_SIZES = (14.0, 12.0, 11.0, 10.0)


def add_plugin_section(
    maker: SlideMaker, section: DeckSection, plan: Plan, context: ExportContext
) -> None:
    """Add the slides of a plugin's ``section`` for the period of ``context``."""
    slides = list(section.slides(plan, context))
    for index, slide in enumerate(slides):
        if not isinstance(slide, Slide):
            raise PlanError.single(
                f"the deck section {section.name!r} returned {type(slide).__name__} "
                f"at {index}, not a rusmodel.Slide",
                place="--sections",
            )
        _add(maker, slide, section.name)


def _add(maker: SlideMaker, slide: Slide, name: str) -> None:
    if slide.table:
        header, *rows = slide.table
        widths = {len(row) for row in rows}
        if widths - {len(header)}:
            raise PlanError.single(
                f"the deck section {name!r}: a row of the table {slide.title!r} has "
                f"{max(widths - {len(header)})} cells for {len(header)} columns",
                place="--sections",
            )
        below = [Paragraph.of(text, 12.0) for text in slide.paragraphs]
        maker.table_slides(
            slide.title,
            [Column(text) for text in header],
            [[Cell(text) for text in row] for row in rows],
            below=below,
            sizes=_TABLE_SIZES,
        )
        return
    paragraphs = [
        Paragraph.of(text, _BODY, bullet=True, space_before=4.0) for text in slide.paragraphs
    ]
    maker.text_slides(slide.title, paragraphs)
