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

Version 2 added :func:`rusmodel_validation_rules`,
:func:`rusmodel_plan_transforms` and :func:`rusmodel_deck_sections` and
changed nothing of version 1, so a plugin that declares
``RUSMODEL_HOOK_API = 1`` loads and works as before. Such a plugin may not
implement a version-2 hook: that hook is reported and not used, since a
rusmodel offering only version 1 would silently ignore it; declare 2 instead.
A plugin that declares nothing may implement every hook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pluggy

from rusmodel.formats import (
    Command,
    DeckSection,
    Exporter,
    Importer,
    PlanTransform,
    ValidationRule,
)

__all__ = [
    "HOOK_API_VERSION",
    "HOOK_VERSIONS",
    "hookimpl",
    "hookspec",
    "rusmodel_commands",
    "rusmodel_deck_sections",
    "rusmodel_exporters",
    "rusmodel_importers",
    "rusmodel_plan_transforms",
    "rusmodel_validation_rules",
]

HOOK_API_VERSION = 2
"""The version of the hook API this rusmodel offers."""

HOOK_VERSIONS: Mapping[str, int] = {
    "rusmodel_commands": 1,
    "rusmodel_deck_sections": 2,
    "rusmodel_exporters": 1,
    "rusmodel_importers": 1,
    "rusmodel_plan_transforms": 2,
    "rusmodel_validation_rules": 2,
}
"""Each hook and the version of the hook API that added it."""

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


@hookspec
def rusmodel_validation_rules() -> Iterable[ValidationRule]:  # type: ignore[empty-body]
    """Return checks this plugin adds to ``rusmodel validate`` (hook API 2).

    Each :class:`~rusmodel.formats.ValidationRule` has a unique ``name``, a
    ``description`` and ``check(plan)``, which returns
    problems (:class:`~rusmodel.Problem`) placed at paths into the plan; rusmodel
    reports them with the plan file's line numbers, and runs them in the
    check before every export too.
    """


@hookspec
def rusmodel_plan_transforms() -> Iterable[PlanTransform]:  # type: ignore[empty-body]
    """Return changes this plugin makes to every plan ``rusmodel import`` reads (hook API 2).

    Each :class:`~rusmodel.formats.PlanTransform` has a unique ``name``, a
    ``description`` and ``transform(plan, context)``, run in the order of
    the names after the importer has read the plan and before it is checked.
    """


@hookspec
def rusmodel_deck_sections() -> Iterable[DeckSection]:  # type: ignore[empty-body]
    """Return sections this plugin adds to the committee deck (hook API 2).

    Each :class:`~rusmodel.formats.DeckSection` has a unique ``name`` (which
    ``--sections`` and the plan's deck profile take), a ``description``, the
    built-in section it comes ``after``, and ``slides(plan, context)``, which returns
    slides (:class:`~rusmodel.formats.Slide`): titles with bullet paragraphs
    or a table, which the deck lays out in its own design.
    """
