"""The plan file as YAML: the format people write and read plans in.

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
    dump_yaml,
    hookimpl,
    load_yaml,
)
from rusmodel.inputs import read_input

__all__ = ["rusmodel_exporters", "rusmodel_importers"]

SUFFIXES = (".yaml", ".yml")


def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the plan in canonical YAML (the model's key order, defaults left out)."""
    out.write(dump_yaml(plan).encode("utf-8"))


def read(path: Path, context: ImportContext) -> Plan:
    """Read a plan file; problems name the file and the line."""
    return load_yaml(read_input(path), file=str(path))


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [
        Exporter(
            name="yaml",
            description="the plan file as YAML, the format plans are written in by hand",
            suffixes=SUFFIXES,
            write=write,
        )
    ]


@hookimpl
def rusmodel_importers() -> Iterable[Importer]:
    return [
        Importer(
            name="yaml",
            description="a plan file written in YAML",
            suffixes=SUFFIXES,
            read=read,
            round_trip=True,
        )
    ]
