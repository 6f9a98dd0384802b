"""What the registry says about plugins: who a plugin is, what went wrong, the names it uses."""

from __future__ import annotations

from typing import Literal

import attrs

from rusmodel.hookspecs import HOOK_VERSIONS

__all__ = [
    "BUILTIN_PACKAGE",
    "DEBUG_VARIABLE",
    "ENTRY_POINT_GROUP",
    "HOOK_NAMES",
    "PLUGINS_DIR_VARIABLE",
    "PLUGINS_VARIABLE",
    "Kind",
    "PluginInfo",
    "PluginProblem",
]

ENTRY_POINT_GROUP = "rusmodel"
PLUGINS_VARIABLE = "RUSMODEL_PLUGINS"
PLUGINS_DIR_VARIABLE = "RUSMODEL_PLUGINS_DIR"
DEBUG_VARIABLE = "RUSMODEL_DEBUG"
BUILTIN_PACKAGE = "rusmodel"
HOOK_NAMES = tuple(sorted(HOOK_VERSIONS))
"""Every hook a plugin may implement (:data:`rusmodel.hookspecs.__all__` lists the same)."""


Kind = Literal[
    "exporter", "importer", "command", "validation_rule", "plan_transform", "deck_section"
]


@attrs.frozen
class PluginInfo:
    """A plugin as ``rusmodel plugins`` lists it: its entry point, package, version, what it adds.

    ``name`` is the entry-point name, ``package`` the distribution that
    declares it, ``module`` what the entry point points at; ``builtin`` is
    true for rusmodel's own formats.
    """

    name: str
    package: str
    version: str
    module: str
    builtin: bool = False
    exporters: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    validation_rules: tuple[str, ...] = ()
    plan_transforms: tuple[str, ...] = ()
    deck_sections: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        version = f" {self.version}" if self.version else ""
        return f"plugin {self.name!r} (package {self.package}{version})"


@attrs.frozen
class PluginProblem:
    """A plugin that could not be used, or a part of it that could not: who, which hook, what.

    A name two packages claim is one problem: ``plugin`` and ``package`` name
    the first of them and the message names both. ``traceback`` holds the
    traceback of a plugin that could not be loaded, which the command line
    shows when ``RUSMODEL_DEBUG=1`` is set.
    """

    plugin: str
    package: str
    version: str
    message: str
    hook: str = ""
    traceback: str = ""

    def __str__(self) -> str:
        version = f" {self.version}" if self.version else ""
        where = f"plugin {self.plugin!r} (package {self.package}{version})"
        if self.hook:
            where += f", hook {self.hook}"
        return f"{where}: {self.message}"
