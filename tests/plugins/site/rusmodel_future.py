"""A plugin written for a hook API newer than any rusmodel offers."""

from collections.abc import Iterable

from rusmodel import Exporter, hookimpl

RUSMODEL_HOOK_API = 99


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return []
