"""A plugin whose exporter hook raises, as a plugin with a missing data file would."""

from collections.abc import Iterable

from rusmodel import Exporter, hookimpl


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    raise RuntimeError("the template folder is missing")
