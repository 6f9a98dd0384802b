"""The plugin registry: finds the plugins, loads each on its own, contains the broken ones.

Every format, rusmodel's own included, is a plugin found through the
``rusmodel`` entry-point group (see :mod:`rusmodel.hookspecs`). The registry
loads the entry points one at a time, so a plugin that fails to import, needs
a newer hook API, misspells a hook or raises inside one is reported with its
package and the hook, and every other plugin keeps working.

Which plugins load is chosen by the ``RUSMODEL_PLUGINS`` environment variable,
a comma-separated list of package (distribution) or entry-point names:

- not set: every installed plugin loads;
- ``RUSMODEL_PLUGINS=""``: only rusmodel's own formats;
- ``RUSMODEL_PLUGINS="rusmodel-markdown"``: rusmodel's own and the ones named;
- ``RUSMODEL_PLUGINS="-broken-plugin"``: everything except the ones named
  with a leading ``-`` (this also rules out one of rusmodel's own, ``-pptx``).

A name in it that matches no installed plugin is warned about. Plugin modules
not installed at all are loaded from a folder with ``rusmodel --plugins-dir
DIR`` or ``RUSMODEL_PLUGINS_DIR`` (folders separated as in ``PATH``): every
``*.py`` file and every package folder in it, for trying a plugin out.

Names are unique per kind: two packages adding an exporter of the same name
is an error naming both, reported once. Where one of them is rusmodel itself,
rusmodel's own format keeps the name (so no package can take over reading
plan files); between two other packages, neither gets the name, nor is a file
suffix either of them claims chosen by suffix, until one is removed or ruled
out. Everything is sorted by name, so load order never matters.

This module (not its subpackages, which are rusmodel's own plugins) is public:
:func:`registry` and :class:`Registry` are how a program or a plugin's tests
see what is installed.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from rusmodel.formats import (
    Command,
    DeckSection,
    Exporter,
    Importer,
    PlanTransform,
    ValidationRule,
)
from rusmodel.options import resolve_options
from rusmodel.plugins.descriptors import RESERVED_COMMANDS, RESERVED_OPTIONS
from rusmodel.plugins.info import (
    BUILTIN_PACKAGE,
    DEBUG_VARIABLE,
    ENTRY_POINT_GROUP,
    HOOK_NAMES,
    PLUGINS_DIR_VARIABLE,
    PLUGINS_VARIABLE,
    Kind,
    PluginInfo,
    PluginProblem,
)
from rusmodel.plugins.loading import (
    Collector,
    entry_point_candidates,
    folder_candidates,
    object_candidate,
    selected,
    unmatched,
)
from rusmodel.problems import PlanError

D = TypeVar("D", Exporter, Importer)

__all__ = [
    "BUILTIN_PACKAGE",
    "DEBUG_VARIABLE",
    "ENTRY_POINT_GROUP",
    "HOOK_NAMES",
    "PLUGINS_DIR_VARIABLE",
    "PLUGINS_VARIABLE",
    "RESERVED_COMMANDS",
    "RESERVED_OPTIONS",
    "Kind",
    "PluginInfo",
    "PluginProblem",
    "Registry",
    "build_registry",
    "registry",
    "resolve_options",
]


@attrs.frozen
class Registry:
    """What every plugin that loaded adds, by name, and what went wrong.

    ``exporters``, ``importers``, ``commands``, ``validation_rules``,
    ``plan_transforms`` and ``deck_sections`` are sorted by name; ``plugins``
    lists the plugins that loaded, ``skipped`` those ruled out by
    ``RUSMODEL_PLUGINS`` (``setting`` is its value, ``None`` when not set),
    ``problems`` every plugin or hook that failed, and ``warnings`` what is
    doubtful but harmless (a name in ``RUSMODEL_PLUGINS`` that matches no
    plugin). ``refused`` holds, for a name two packages claim, why neither
    has it; ``refused_suffixes`` the file suffixes of those formats, which
    never choose a format.
    """

    exporters: Mapping[str, Exporter]
    importers: Mapping[str, Importer]
    commands: Mapping[str, Command]
    plugins: tuple[PluginInfo, ...]
    problems: tuple[PluginProblem, ...] = ()
    skipped: tuple[PluginInfo, ...] = ()
    owners: Mapping[tuple[Kind, str], PluginInfo] = attrs.field(factory=dict)
    refused: Mapping[tuple[Kind, str], str] = attrs.field(factory=dict)
    validation_rules: Mapping[str, ValidationRule] = attrs.field(factory=dict)
    plan_transforms: Mapping[str, PlanTransform] = attrs.field(factory=dict)
    deck_sections: Mapping[str, DeckSection] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()
    setting: str | None = None
    refused_suffixes: Mapping[tuple[Kind, str], tuple[str, ...]] = attrs.field(factory=dict)

    def owner(self, kind: Kind, name: str) -> PluginInfo:
        """The plugin that added the exporter, importer or command ``name``."""
        return self.owners[(kind, name)]

    def exporter(self, name: str) -> Exporter:
        """The exporter ``name``; a :class:`PlanError` listing the exporters if there is none."""
        return _lookup(self, self.exporters, "exporter", name)

    def importer(self, name: str) -> Importer:
        """The importer ``name``; a :class:`PlanError` listing the importers if there is none."""
        return _lookup(self, self.importers, "importer", name)

    def exporter_for(self, path: str | os.PathLike[str]) -> Exporter:
        """The exporter whose suffix ``path`` ends with; a :class:`PlanError` if none or several.

        A suffix claimed by a format whose name two packages claim is never
        chosen: the user must name the format with ``--format``.
        """
        return _by_suffix(self, self.exporters, "exporter", Path(path))

    def importer_for(self, path: str | os.PathLike[str]) -> Importer:
        """The importer whose suffix ``path`` ends with; a :class:`PlanError` if none or several."""
        return _by_suffix(self, self.importers, "importer", Path(path))

    def filter_note(self) -> str:
        """What ``RUSMODEL_PLUGINS`` left out, for a message about a format not found."""
        if self.setting is None or not self.skipped:
            return ""
        names = ", ".join(sorted({i.package for i in self.skipped}))
        return f" ({PLUGINS_VARIABLE}={self.setting!r} is set and left out: {names})"


def _lookup(reg: Registry, found: Mapping[str, D], kind: Kind, name: str) -> D:
    if name in found:
        return found[name]
    if (kind, name) in reg.refused:
        raise PlanError.single(reg.refused[(kind, name)])
    listed = ", ".join(found) or "none"
    close = difflib.get_close_matches(name, list(found), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise PlanError.single(
        f"there is no {kind} named {name!r}; the {kind}s are: {listed}{hint}{reg.filter_note()}"
    )


def _suffix_list(descriptors: Iterable[Exporter | Importer]) -> str:
    parts = [f"{d.name} ({', '.join(d.suffixes)})" for d in descriptors if d.suffixes]
    return "; ".join(parts) or "none"


def _longest(suffixes: Iterable[str], filename: str) -> int:
    return max((len(s) for s in suffixes if filename.endswith(s.lower())), default=0)


def _by_suffix(reg: Registry, found: Mapping[str, D], kind: Kind, path: Path) -> D:
    filename = path.name.lower()
    matches: list[tuple[int, D]] = []
    for descriptor in found.values():
        length = _longest(descriptor.suffixes, filename)
        if length:
            matches.append((length, descriptor))
    collided = {
        name: _longest(suffixes, filename)
        for (k, name), suffixes in reg.refused_suffixes.items()
        if k == kind
    }
    longest = max([length for length, _ in matches] + list(collided.values()), default=0)
    if not longest:
        verb = "writes" if kind == "exporter" else "reads"
        raise PlanError.single(
            f"no format {verb} files named like {path.name!r}; "
            f"choose one with --format NAME or use a known suffix: "
            f"{_suffix_list(found.values())}{reg.filter_note()}"
        )
    # A suffix a collided format claims chooses nothing: the format the user
    # meant may be the one that lost its name, not the one left.
    lost = sorted(name for name, length in collided.items() if length == longest)
    if lost:
        left = ", ".join(d.name for length, d in matches if length == longest)
        raise PlanError.single(
            f"files named like {path.name!r} are also claimed by the {kind} "
            f"{', '.join(repr(n) for n in lost)}, whose name two packages claim (see "
            f"`rusmodel plugins`); choose the format with --format NAME"
            + (f" (the others: {left})" if left else "")
        )
    best = [d for length, d in matches if length == longest]
    if len(best) > 1:
        names = ", ".join(d.name for d in best)
        raise PlanError.single(
            f"several {kind}s handle files named like {path.name!r} ({names}); "
            "choose one with --format NAME"
        )
    return best[0]


def build_registry(
    plugins: Iterable[object] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    plugins_dirs: Sequence[str | os.PathLike[str]] | None = None,
) -> Registry:
    """Load the plugins and collect what they add.

    With ``plugins`` left out, every entry point of the ``rusmodel`` group is
    loaded that ``RUSMODEL_PLUGINS`` (read from ``env``, else the environment)
    allows, and every plugin module in ``plugins_dirs`` (by default the
    folders of ``RUSMODEL_PLUGINS_DIR``). With ``plugins`` given, exactly
    those objects (modules, usually) are used, which is how a plugin's own
    tests check it without installing it.
    """
    environ = os.environ if env is None else env
    setting = environ.get(PLUGINS_VARIABLE)
    if plugins is None:
        if plugins_dirs is None:
            plugins_dirs = [d for d in environ.get(PLUGINS_DIR_VARIABLE, "").split(os.pathsep) if d]
        candidates = entry_point_candidates() + folder_candidates(plugins_dirs)
    else:
        candidates = [object_candidate(p) for p in plugins]
        setting = None
    collector = Collector()
    skipped = []
    for candidate in candidates:
        if selected(candidate, setting):
            collector.load(candidate)
        else:
            skipped.append(candidate.info())
    collector.call_hooks()
    chosen, owners = collector.resolve()

    added: dict[str, dict[Kind, list[str]]] = {}
    for (kind, name), info in owners.items():
        added.setdefault(f"{info.package}:{info.name}", {}).setdefault(kind, []).append(name)
    complete: dict[str, PluginInfo] = {}
    for key, info in collector.infos.items():
        mine = added.get(key, {})
        complete[key] = attrs.evolve(
            info,
            exporters=tuple(sorted(mine.get("exporter", []))),
            importers=tuple(sorted(mine.get("importer", []))),
            commands=tuple(sorted(mine.get("command", []))),
            validation_rules=tuple(sorted(mine.get("validation_rule", []))),
            plan_transforms=tuple(sorted(mine.get("plan_transform", []))),
            deck_sections=tuple(sorted(mine.get("deck_section", []))),
        )
    owners = {what: complete[f"{i.package}:{i.name}"] for what, i in owners.items()}
    infos = list(complete.values())

    def of(kind: Kind) -> dict[str, Any]:
        return {name: item for (k, name), item in sorted(chosen.items()) if k == kind}

    return Registry(
        exporters=of("exporter"),
        importers=of("importer"),
        commands=of("command"),
        plugins=tuple(sorted(infos, key=lambda i: (not i.builtin, i.package.lower(), i.name))),
        problems=tuple(sorted(collector.problems, key=lambda p: (p.package.lower(), p.plugin))),
        skipped=tuple(skipped),
        owners=owners,
        refused=collector.refused,
        validation_rules=of("validation_rule"),
        plan_transforms=of("plan_transform"),
        deck_sections=of("deck_section"),
        warnings=tuple(unmatched(setting, candidates)),
        setting=setting,
        refused_suffixes=collector.refused_suffixes,
    )


@functools.cache
def registry() -> Registry:
    """The registry of this process, built once from the installed plugins.

    ``registry().exporters`` lists what can be written, ``registry().problems``
    what went wrong loading the plugins, as ``rusmodel plugins`` shows them.
    """
    return build_registry()
