"""One of two folder plugins that both add an exporter named "html" for .html files."""

from collections.abc import Iterable
from typing import BinaryIO

from rusmodel import ExportContext, Exporter, Plan, hookimpl


def _write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"<p>html b</p>\n")


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [Exporter(name="html", description="html b", suffixes=(".html",), write=_write)]
