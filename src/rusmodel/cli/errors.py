"""How the command line reports a plugin that failed: one line, unless ``RUSMODEL_DEBUG`` is set."""

from __future__ import annotations

import os

from rusmodel.plugins import PluginInfo

__all__ = ["DEBUG_VARIABLE", "InternalError", "internal", "os_message"]

DEBUG_VARIABLE = "RUSMODEL_DEBUG"


class InternalError(Exception):
    """A plugin failed in a way that is not the input's fault; reported on one line."""


def os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def internal(what: str, name: str, owner: PluginInfo, exc: Exception) -> InternalError:
    if os.environ.get(DEBUG_VARIABLE):
        raise exc
    text = " ".join(str(exc).split())
    version = f" {owner.version}" if owner.version else ""
    return InternalError(
        f"internal error in {what} {name} (package {owner.package}{version}): "
        f"{type(exc).__name__}{': ' + text if text else ''} "
        f"(set {DEBUG_VARIABLE}=1 to see where)"
    )
