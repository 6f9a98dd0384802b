"""The plan file as JSON: the same schema as the YAML file, for programs.

A built-in plugin registered through the ``rusmodel`` entry-point group like
any other, and written only with public API, as a third party would write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from rusmodel import (
    ExportContext,
    Exporter,
    ImportContext,
    Importer,
    Plan,
    dump_json,
    hookimpl,
    load_json,
)
from rusmodel.inputs import read_input

__all__ = ["rusmodel_exporters", "rusmodel_importers"]

SUFFIXES = (".json",)


def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the plan as JSON; amounts keep their decimals exactly."""
    out.write(dump_json(plan).encode("utf-8"))


def read(path: Path, context: ImportContext) -> Plan:
    """Read a plan from JSON; problems name the file and the line."""
    return load_json(read_input(path), file=str(path))


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [
        Exporter(
            name="json",
            description="the plan file as JSON, the same schema as the YAML file",
            suffixes=SUFFIXES,
            write=write,
        )
    ]


@hookimpl
def rusmodel_importers() -> Iterable[Importer]:
    return [
        Importer(
            name="json",
            description="a plan file written in JSON",
            suffixes=SUFFIXES,
            read=read,
            round_trip=True,
        )
    ]
