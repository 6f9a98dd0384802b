"""Word documents (``--format docx``): the plan document and the follow-up report.

``--kind plan`` writes the plan as the region writes its verksamhetsplan:
vision, values, goal areas with sub-goals and indicators, each unit's
chapter with its activities and budget, and the plan's own prose chapters.
``--kind follow-up`` writes a period's report, the appendix to a
delårsrapport: the summary with the counts, changes since the previous
period, activities with their coloured and worded status and comment,
indicators, key figures, economy and internal control.

Both are real Word structure: headings in the styles "Heading 1" to
"Heading 3", a table of contents, table header rows repeated on every page,
tables inside the margins, page numbers in the footer, the language set. They
are made on a clean A4 design or on a region's own template (``--template``).
See ``docs/word.md``.

This module only declares the exporter; python-docx is imported when a
document is written, so that ``rusmodel --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from rusmodel.formats import ExportContext, Exporter, Option
from rusmodel.hookspecs import hookimpl
from rusmodel.model import Plan

__all__ = ["EXPORTER", "KINDS", "rusmodel_exporters", "write"]

KINDS = ("plan", "follow-up")
"""The documents this exporter writes."""


def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the document for ``plan`` (its kind from ``context.options``) to ``out``."""
    from rusmodel.plugins.document.build import write_document

    write_document(plan, out, context)


EXPORTER = Exporter(
    name="docx",
    description="the plan document or a period's follow-up report (Word)",
    suffixes=(".docx",),
    write=write,
    options=(
        Option(
            name="kind",
            help="the document: plan (the plan with its chapters and budget) or follow-up "
            "(a period's report)",
            kind="choice",
            default="plan",
            choices=KINDS,
        ),
        Option(
            name="template",
            help="a region's Word template (.dotx or .docx) to write the document in",
            kind="path",
        ),
        Option(
            name="group_by",
            help="group the follow-up report's activities and counts by goal area or by unit",
            kind="choice",
            default="goal_area",
            choices=("goal_area", "unit"),
        ),
    ),
)


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return (EXPORTER,)
