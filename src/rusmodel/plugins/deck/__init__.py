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

import argparse
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from rusmodel.accessibility import RULES
from rusmodel.formats import Command, ExportContext, Exporter, Option
from rusmodel.hookspecs import hookimpl
from rusmodel.model import Plan

__all__ = [
    "CHECKERS",
    "CHECK_DESCRIPTION",
    "CHECK_HELP",
    "EXPORTER",
    "rusmodel_commands",
    "rusmodel_exporters",
    "write",
]

SECTION_HELP = (
    "comma-separated sections to include, in the order given: title, summary, narrative, "
    "overview, changes, activities, indicators, key_figures, economy, internal_control, "
    "closing, and sections plugins add (default: the plan's deck profile, deck: sections:, "
    "else all, in this order)"
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
        Option(
            name="palette",
            help="colours of chart series: one colour-blind readers can tell apart "
            "(accessible) or the template's accent colours (template)",
            kind="choice",
            default="accessible",
            choices=("accessible", "template"),
        ),
    ),
)


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return (EXPORTER,)


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = CHECK_DESCRIPTION
    # one rule a line in --help; the reference page joins the lines into a paragraph
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("files", nargs="+", type=Path, metavar="DECK", help="a deck (.pptx)")


CHECKERS = {
    ".pptx": "rusmodel.plugins.deck.checker:check_deck",
    ".potx": "rusmodel.plugins.deck.checker:check_deck",
}
"""The accessibility checker of each kind of document, by suffix, as ``module:function``.

A checker takes a path and returns :class:`rusmodel.Problem` values made with
:func:`rusmodel.accessibility.finding`; a checker of Word documents is one more
line here."""


def _check_run(args: argparse.Namespace) -> int:
    """Print one line per accessibility problem of each file; exit 1 when there is any."""
    import importlib

    from rusmodel.problems import Problem

    found = 0
    for path in args.files:
        where = CHECKERS.get(path.suffix.lower())
        if where is None:
            kinds = ", ".join(sorted(CHECKERS))
            problems = [Problem(f"is not a document rusmodel can check ({kinds})", file=str(path))]
        else:
            module, name = where.split(":")
            problems = list(getattr(importlib.import_module(module), name)(path))
        for problem in problems:
            print(problem)
        if not problems:
            print(f"{path}: meets all {len(RULES)} accessibility rules")
        found += len(problems)
    return 1 if found else 0


CHECK_HELP = (
    f"check that decks can be published: the {len(RULES)} accessibility rules of lag "
    "2018:1937 (WCAG 2.1 AA), which rusmodel check --help lists"
)
"""The command's line in ``rusmodel --help``; :data:`CHECK_DESCRIPTION` names every rule."""


def _describe_rules() -> str:
    lines = [
        textwrap.fill(
            "Check that each DECK can be published on the region's website, as lag 2018:1937 "
            '(WCAG 2.1 AA) asks: one line per problem, FILE: slide N, "SHAPE": RULE: message; '
            f"exit 1 if there is any. The {len(RULES)} rules:",
            width=88,
        ),
        "",
    ]
    last = len(RULES) - 1
    for number, (name, asks) in enumerate(RULES.items()):
        text = textwrap.fill(
            f"{name}: {asks}{'.' if number == last else ';'}",
            width=88,
            initial_indent="  ",
            subsequent_indent="    ",
        )
        lines.append(text)
    return "\n".join(lines)


CHECK_DESCRIPTION = _describe_rules()
"""What ``rusmodel check --help`` says: every rule of
:data:`rusmodel.accessibility.RULES` by name, with what it asks, so the help (and the
reference page made from it) never names fewer rules than the checker checks."""


@hookimpl
def rusmodel_commands() -> Iterable[Command]:
    return (Command(name="check", help=CHECK_HELP, add_arguments=_check_arguments, run=_check_run),)
