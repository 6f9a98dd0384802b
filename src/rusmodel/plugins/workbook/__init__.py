"""Excel workbooks: the full workbook of a plan, and the follow-up round with the units.

- ``--format xlsx`` writes and reads the *full workbook* (hela arbetsboken):
  every part of the plan on its own sheet, lossless (:mod:`.full`, :mod:`.read`).
- ``rusmodel template`` writes one *collection workbook* (insamlingsbok) per
  unit with its activities to follow up (:mod:`.template`: who gets one in
  :mod:`.groups`, its layout in :mod:`.collection_layout`, its sheets in
  :mod:`.collection_sheets` and :mod:`.instructions`).
- ``rusmodel collect`` reads the returned collection workbooks, checks every
  answer and merges the period into the plan (:mod:`.collect`: reading one
  workbook in :mod:`.returned`, the report in :mod:`.collect_report`, the
  messages in :mod:`.collect_messages`).

This module only declares what the plugin offers; openpyxl and
python-calamine are imported when a workbook is actually written or read, so
``rusmodel --help`` stays fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from rusmodel import Command, ExportContext, Exporter, ImportContext, Importer, Plan, hookimpl

__all__ = [
    "rusmodel_commands",
    "rusmodel_exporters",
    "rusmodel_importers",
]


def _write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    from rusmodel.plugins.workbook.full import write_workbook

    write_workbook(plan, out, context)


def _read(path: Path, context: ImportContext) -> Plan:
    from rusmodel.plugins.workbook.read import read_workbook

    return read_workbook(path, context)


def _template_arguments(parser: argparse.ArgumentParser) -> None:
    from rusmodel.plugins.workbook.template import add_arguments

    add_arguments(parser)


def _template_run(args: argparse.Namespace) -> int:
    from rusmodel.plugins.workbook.template import run

    return run(args)


def _collect_arguments(parser: argparse.ArgumentParser) -> None:
    from rusmodel.plugins.workbook.collect import add_arguments

    add_arguments(parser)


def _collect_run(args: argparse.Namespace) -> int:
    from rusmodel.plugins.workbook.collect import run

    return run(args)


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [
        Exporter(
            name="xlsx",
            description="the whole plan as an Excel workbook, one sheet per kind of data",
            suffixes=(".xlsx",),
            write=_write,
        )
    ]


@hookimpl
def rusmodel_importers() -> Iterable[Importer]:
    return [
        Importer(
            name="xlsx",
            description="a plan from the full Excel workbook rusmodel writes",
            suffixes=(".xlsx",),
            read=_read,
            round_trip=True,
        )
    ]


@hookimpl
def rusmodel_commands() -> Iterable[Command]:
    return [
        Command(
            name="template",
            help="write one collection workbook per unit for a follow-up period",
            add_arguments=_template_arguments,
            run=_template_run,
        ),
        Command(
            name="collect",
            help="read returned collection workbooks and merge the period into the plan",
            add_arguments=_collect_arguments,
            run=_collect_run,
        ),
    ]
