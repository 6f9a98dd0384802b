"""The hook specifications: the reference for plugin authors.

A plugin is a module (or an object) with functions marked
``@rusmodel.hookimpl`` whose names are the hooks below. It is found through
the ``rusmodel`` entry-point group of its package::

    [project.entry-points.rusmodel]
    markdown = "rusmodel_markdown"

Hooks return descriptors; rusmodel collects them from every plugin, checks
that no two plugins claim the same name, and sorts them by name, so the order
plugins load in never matters. Where two packages claim one name, neither gets
it and both are named in the error; where one of them is rusmodel itself, its
own format keeps the name, so no package can take over reading plan files. A
plugin that fails to import or raises in a hook is reported with its package
and the hook, and the other formats keep working. The environment variable
``RUSMODEL_PLUGINS`` chooses which plugins load (see ``rusmodel plugins --help``).

An implementation may take fewer arguments than its specification (none of
these take any today): that is how a hook can gain arguments without
breaking plugins.

The hook API has a version, :data:`HOOK_API_VERSION`. Within one version,
hooks and descriptor fields are only added, never removed or changed; a new
field always has a default. A plugin that needs a newer API sets
``RUSMODEL_HOOK_API = N`` in its module; rusmodel refuses to load it (with a
message naming the package) when ``N`` is newer than its own version.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from rusmodel.formats import Command, Exporter, Importer

__all__ = ["HOOK_API_VERSION", "hookimpl", "hookspec"]

HOOK_API_VERSION = 1
"""The version of the hook API this rusmodel offers."""

hookspec = pluggy.HookspecMarker("rusmodel")
hookimpl = pluggy.HookimplMarker("rusmodel")
"""Mark a plugin's function as the implementation of the hook of the same name."""


@hookspec
def rusmodel_exporters() -> Iterable[Exporter]:  # type: ignore[empty-body]
    """Return the exporters this plugin adds: formats a plan can be written in.

    Each :class:`~rusmodel.formats.Exporter` has a unique ``name`` (used as
    ``--format NAME``), a one-line ``description``, the ``suffixes`` that
    choose it when ``--format`` is left out, its ``options``, and the
    ``write(plan, out, context)`` function.
    """


@hookspec
def rusmodel_importers() -> Iterable[Importer]:  # type: ignore[empty-body]
    """Return the importers this plugin adds: formats a plan can be read from.

    Each :class:`~rusmodel.formats.Importer` has a unique ``name``, a
    ``description``, the ``suffixes`` it reads, its ``options``, whether it
    round-trips with the exporter of the same name, and ``read(path, context)``.
    """


@hookspec
def rusmodel_commands() -> Iterable[Command]:  # type: ignore[empty-body]
    """Return subcommands this plugin adds to the ``rusmodel`` command line.

    Each :class:`~rusmodel.formats.Command` has a unique ``name`` that must not
    be one of rusmodel's own commands.
    """
