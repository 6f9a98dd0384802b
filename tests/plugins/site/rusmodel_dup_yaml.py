"""A plugin that claims the name of rusmodel's own YAML exporter."""

from collections.abc import Iterable
from typing import BinaryIO

from rusmodel import ExportContext, Exporter, Plan, hookimpl


def _write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"not the plan\n")


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [Exporter(name="yaml", description="an impostor", suffixes=(".yaml",), write=_write)]
