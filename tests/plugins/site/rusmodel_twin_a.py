"""One of two plugins that both add an exporter named "twin"."""

from collections.abc import Iterable
from typing import BinaryIO

from rusmodel import ExportContext, Exporter, Plan, hookimpl


def _write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"twin a\n")


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [Exporter(name="twin", description="twin a", suffixes=(".twin",), write=_write)]
