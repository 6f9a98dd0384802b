"""The committee deck (PowerPoint, ``--format pptx``): the follow-up a committee is shown.

The deck holds a title slide; a summary of statuses per goal area with a
native chart; highlights; what changed since the previous period; per goal
area the activity tables (continued on "forts." slides, with a coloured and
labelled status cell and the status legend) and the indicators; key figures
as charts with their tables; the economy; internal control. It is made on a
clean built-in 16:9 design or on a region's own template (``--template``).
See ``docs/deck.md``.

This module only declares the exporter; python-pptx is imported when a deck
is written, so that ``rusmodel --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from rusmodel.formats import ExportContext, Exporter, Option
from rusmodel.hookspecs import hookimpl
from rusmodel.model import Plan

__all__ = ["EXPORTER", "rusmodel_exporters", "write"]

SECTION_HELP = (
    "comma-separated sections to include, in the order given: title, summary, narrative, "
    "overview, changes, activities, indicators, key_figures, economy, internal_control, "
    "closing (default: all, in this order)"
)


def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the deck for ``plan`` in ``context.period`` to ``out``."""
    from rusmodel.plugins.deck.build import write_deck

    write_deck(plan, out, context)


EXPORTER = Exporter(
    name="pptx",
    description="the committee's follow-up deck (PowerPoint)",
    suffixes=(".pptx",),
    write=write,
    options=(
        Option(
            name="template",
            help="a region's PowerPoint template (.pptx or .potx) to build the deck on",
            kind="path",
        ),
        Option(name="sections", help=SECTION_HELP, kind="text"),
        Option(
            name="group_by",
            help="group activity tables and the summary by goal area or by unit",
            kind="choice",
            default="goal_area",
            choices=("goal_area", "unit"),
        ),
        Option(
            name="only",
            help="keep only one goal area or unit, given by its id or name",
            kind="text",
        ),
    ),
)


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return (EXPORTER,)
