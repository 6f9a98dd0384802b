"""Internal control (intern kontroll): a table per level, the region's and the
administration's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rusmodel.model import (
    ControlLevel,
)
from rusmodel.plugins.deck.context import (
    Deck,
)
from rusmodel.plugins.deck.tables import Cell, Column

if TYPE_CHECKING:
    pass

__all__ = ["internal_control_slides"]

# -- internal control -------------------------------------------------------------------------


def internal_control_slides(deck: Deck) -> None:
    """A table per level (region-wide, then the administration's): area, method, result, actions."""
    if deck.period is None:
        return
    checks = [c for c in deck.plan.internal_control if c.period == deck.period.id]
    columns = [
        Column(deck.label("control_area")),
        Column(deck.label("control_regulation")),
        Column(deck.label("control_method")),
        Column(deck.label("control_result")),
        Column(deck.label("control_actions")),
    ]
    for level, key in (
        (ControlLevel.REGION, "internal_control_region"),
        (ControlLevel.ADMINISTRATION, "internal_control_administration"),
    ):
        rows = [
            [Cell.linked(text) for text in (c.area, c.regulation, c.method, c.result, c.actions)]
            for c in checks
            if c.level is level
        ]
        if rows:
            deck.maker.table_slides(deck.label(key), columns, rows)
