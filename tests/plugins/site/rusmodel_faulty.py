"""Formats that fail while working, and one that shows every kind of option.

- ``faulty`` writes half a file and then fails with a bug (not a PlanError);
  its importer fails the same way; the ``crash`` command too.
- ``optdemo`` writes the options it was given as JSON.
"""

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from rusmodel import (
    Command,
    ExportContext,
    Exporter,
    ImportContext,
    Importer,
    Option,
    Plan,
    hookimpl,
)


def _write_half(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"half a file")
    raise ZeroDivisionError("division by zero")


def _read_bug(path: Path, context: ImportContext) -> Plan:
    raise KeyError("sheet")


def _write_options(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    options = {k: str(v) if isinstance(v, Path) else v for k, v in context.options.items()}
    period = context.period.id if context.period else None
    data = {"options": options, "period": period, "lang": context.lang, "source": context.source}
    out.write(json.dumps(data, sort_keys=True).encode())


def _crash_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--times", type=int, default=1)


def _crash(args: argparse.Namespace) -> int:
    raise AttributeError("'NoneType' object has no attribute 'rows'")


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [
        Exporter(
            name="faulty", description="fails half-way", suffixes=(".faulty",), write=_write_half
        ),
        Exporter(
            name="optdemo",
            description="writes its options as JSON",
            suffixes=(".optdemo",),
            write=_write_options,
            options=(
                Option(name="title", help="a text", kind="text", default="Uppföljning"),
                Option(name="template", help="a file that must exist", kind="path"),
                Option(name="max_rows", help="a whole number", kind="int", default=16),
                Option(name="legend", help="a flag", kind="bool", default=True),
                Option(
                    name="group_by",
                    help="a choice",
                    kind="choice",
                    default="goal_area",
                    choices=("goal_area", "unit"),
                ),
            ),
        ),
    ]


@hookimpl
def rusmodel_importers() -> Iterable[Importer]:
    return [Importer(name="faulty", description="fails", suffixes=(".faulty",), read=_read_bug)]


@hookimpl
def rusmodel_commands() -> Iterable[Command]:
    return [Command(name="crash", help="fails", add_arguments=_crash_arguments, run=_crash)]
