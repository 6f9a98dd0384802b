"""A folder plugin whose exporter "page" also writes .html files."""

from collections.abc import Iterable
from typing import BinaryIO

from rusmodel import ExportContext, Exporter, Plan, hookimpl


def _write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"<p>page</p>\n")


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [
        Exporter(
            name="page", description="a web page", suffixes=(".html", ".page.html"), write=_write
        )
    ]
