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
import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs
import pluggy

from rusmodel import hookspecs
from rusmodel.formats import (
    Command,
    DeckSection,
    Exporter,
    Importer,
    PlanTransform,
    ValidationRule,
)
from rusmodel.hookspecs import HOOK_API_VERSION, HOOK_VERSIONS
from rusmodel.options import resolve_options
from rusmodel.plugins.descriptors import RESERVED_COMMANDS, RESERVED_OPTIONS, descriptor_issues
from rusmodel.problems import PlanError

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
D = TypeVar("D", Exporter, Importer)

# Each hook, the kind of what it returns and the descriptor class.
_HOOKS: tuple[tuple[str, Kind, type], ...] = (
    ("rusmodel_exporters", "exporter", Exporter),
    ("rusmodel_importers", "importer", Importer),
    ("rusmodel_commands", "command", Command),
    ("rusmodel_validation_rules", "validation_rule", ValidationRule),
    ("rusmodel_plan_transforms", "plan_transform", PlanTransform),
    ("rusmodel_deck_sections", "deck_section", DeckSection),
)


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
        raise PlanError.single(
            f"files named like {path.name!r} are also claimed by the {kind} "
            f"{', '.join(repr(n) for n in lost)}, whose name two packages claim (see "
            "`rusmodel plugins`); choose the format with --format NAME"
        )
    best = [d for length, d in matches if length == longest]
    if len(best) > 1:
        names = ", ".join(d.name for d in best)
        raise PlanError.single(
            f"several {kind}s handle files named like {path.name!r} ({names}); "
            "choose one with --format NAME"
        )
    return best[0]


# --- Finding and loading plugins ---------------------------------------------------------


@attrs.frozen
class _Candidate:
    """A plugin not loaded yet: what an entry point (or a test) offers."""

    name: str
    package: str
    version: str
    module: str
    load: Callable[[], object]
    builtin: bool
    from_folder: bool = False

    def info(self) -> PluginInfo:
        return PluginInfo(
            name=self.name,
            package=self.package,
            version=self.version,
            module=self.module,
            builtin=self.builtin,
        )


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _selected(candidate: _Candidate, setting: str | None) -> bool:
    """Whether ``RUSMODEL_PLUGINS`` lets this plugin load (see the module's docstring)."""
    if setting is None:
        return True
    items = [_normalise(i) for i in setting.split(",") if i.strip()]
    names = {_normalise(candidate.package), _normalise(candidate.name)}
    excluded = {i[1:] for i in items if i.startswith("-")}
    if names & excluded:
        return False
    included = {i for i in items if not i.startswith("-")}
    allow_list = bool(included) or not excluded
    # A plugin from --plugins-dir was asked for by name: only an exclusion rules it out.
    if not allow_list or candidate.builtin or candidate.from_folder:
        return True
    return bool(names & included)


def _rusmodel_version() -> str:
    import rusmodel

    return rusmodel.__version__


def _entry_point_candidates() -> list[_Candidate]:
    from importlib.metadata import entry_points

    candidates = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        dist = point.dist
        package = dist.name if dist is not None else "?"
        version = dist.version if dist is not None else ""
        candidates.append(
            _Candidate(
                name=point.name,
                package=package,
                version=version,
                module=point.value,
                load=point.load,
                builtin=_normalise(package) == BUILTIN_PACKAGE,
            )
        )
    candidates.sort(key=lambda c: (not c.builtin, _normalise(c.package), c.name))
    return candidates


def _object_candidate(plugin: object) -> _Candidate:
    module = str(getattr(plugin, "__name__", type(plugin).__module__))
    package = module.split(".")[0]
    builtin = package == BUILTIN_PACKAGE
    return _Candidate(
        name=module.rsplit(".", 1)[-1],
        package=package,
        version=_rusmodel_version() if builtin else "",
        module=module,
        load=lambda: plugin,
        builtin=builtin,
    )


def _folder_candidates(folders: Sequence[str | os.PathLike[str]]) -> list[_Candidate]:
    """A candidate for every ``*.py`` file and package folder in ``folders``, by name."""
    candidates = []
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            candidates.append(_missing_folder(root))
            continue
        for path in sorted(root.iterdir()):
            if path.name.startswith(("_", ".")):
                continue
            if path.suffix == ".py" and path.is_file():
                source = path
            elif path.is_dir() and (path / "__init__.py").is_file():
                source = path / "__init__.py"
            else:
                continue
            name = path.stem if path.is_file() else path.name
            candidates.append(
                _Candidate(
                    name=name,
                    package=f"{root}{os.sep}{path.name}",
                    version="",
                    module=name,
                    load=functools.partial(_load_file, name, source),
                    builtin=False,
                    from_folder=True,
                )
            )
    return candidates


def _missing_folder(root: Path) -> _Candidate:
    def load() -> object:
        raise FileNotFoundError(f"no such folder: {root}")

    return _Candidate(
        name=root.name or str(root),
        package=str(root),
        version="",
        module="",
        load=load,
        builtin=False,
        from_folder=True,
    )


def _load_file(name: str, source: Path) -> object:
    """Import the module at ``source`` as ``name``, as datasette's ``--plugins-dir`` does."""
    if name in sys.modules:
        loaded = sys.modules[name]
        if Path(getattr(loaded, "__file__", "") or "").resolve() == source.resolve():
            return loaded
        raise ImportError(f"a module named {name!r} is already imported from elsewhere; rename it")
    locations = [str(source.parent)] if source.name == "__init__.py" else None
    spec = importlib.util.spec_from_file_location(
        name, source, submodule_search_locations=locations
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {source}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs and typing look classes' modules up here
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _unmatched(setting: str | None, candidates: Sequence[_Candidate]) -> list[str]:
    """A warning for each name in ``RUSMODEL_PLUGINS`` that matches no plugin."""
    if not setting:
        return []
    known = {_normalise(n) for c in candidates for n in (c.package, c.name)}
    shown = sorted({c.package for c in candidates if not c.from_folder})
    warnings = []
    for item in (i.strip() for i in setting.split(",")):
        name = item.removeprefix("-").strip()
        if not name or _normalise(name) in known:
            continue
        close = difflib.get_close_matches(_normalise(name), sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        warnings.append(
            f"{PLUGINS_VARIABLE} names {name!r}, which is no installed plugin or package "
            f"(installed: {', '.join(shown) or 'none'}){hint}"
        )
    return warnings


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Collector:
    """Gathers what the plugins add, and every problem, while they load one by one."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.problems: list[PluginProblem] = []
        self.claims: dict[tuple[Kind, str], list[tuple[Any, PluginInfo]]] = {}
        self.refused: dict[tuple[Kind, str], str] = {}
        self.refused_suffixes: dict[tuple[Kind, str], tuple[str, ...]] = {}
        self.hooks: dict[str, set[str]] = {}

    def problem(self, info: PluginInfo, message: str, hook: str = "", trace: str = "") -> None:
        self.problems.append(
            PluginProblem(
                plugin=info.name,
                package=info.package,
                version=info.version,
                message=message,
                hook=hook,
                traceback=trace,
            )
        )

    def load(self, candidate: _Candidate) -> None:
        info = candidate.info()
        try:
            plugin = candidate.load()
        except (Exception, SystemExit) as exc:
            trace = "".join(traceback.format_exception(exc))
            self.problem(info, f"could not be loaded: {_one_line(exc)}", trace=trace)
            return
        needed = getattr(plugin, "RUSMODEL_HOOK_API", HOOK_API_VERSION)
        if not isinstance(needed, int) or isinstance(needed, bool):
            self.problem(info, f"RUSMODEL_HOOK_API must be a whole number, not {needed!r}")
            return
        if needed > HOOK_API_VERSION:
            self.problem(
                info,
                f"needs hook API version {needed}, but this rusmodel "
                f"({_rusmodel_version()}) offers version {HOOK_API_VERSION}; "
                "upgrade rusmodel to use it",
            )
            return
        reported = len(self.problems)
        hooks = self._hook_names(plugin, info, needed)
        if not hooks and len(self.problems) == reported:
            self.problem(
                info,
                "adds no rusmodel hooks (functions marked @rusmodel.hookimpl named "
                f"{', '.join(HOOK_NAMES)})",
            )
        if not hooks:
            return
        key = f"{candidate.package}:{candidate.name}"
        if self.pm.is_registered(plugin):
            other = self.infos[str(self.pm.get_name(plugin))]
            self.problem(info, f"is the same module as {other.label}, which is already loaded")
            return
        try:
            self.pm.register(plugin, name=key)
        except Exception as exc:
            self.problem(info, f"its hooks do not match rusmodel's: {_one_line(exc)}")
            return
        self.infos[key] = info
        self.hooks[key] = set(hooks)

    def _hook_names(self, plugin: object, info: PluginInfo, declared: int) -> list[str]:
        """The plugin's valid hook names; a misspelled hook is reported and left out.

        So is a hook newer than the hook API the plugin declares: an older
        rusmodel would silently not call it, so the declaration must say so.
        """
        names = []
        for attribute in dir(plugin):
            options = self.pm.parse_hookimpl_opts(plugin, attribute)
            if options is None:
                continue
            name = options.get("specname") or attribute
            if name not in HOOK_NAMES:
                close = difflib.get_close_matches(name, HOOK_NAMES, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                self.problem(info, f"{name} is not a rusmodel hook{hint}", hook=name)
            elif options.get("hookwrapper") or options.get("wrapper"):
                self.problem(info, "rusmodel hooks cannot be wrappers", hook=name)
            elif HOOK_VERSIONS[name] > declared:
                self.problem(
                    info,
                    f"is a hook of hook API version {HOOK_VERSIONS[name]}, but the plugin "
                    f"declares RUSMODEL_HOOK_API = {declared}; declare "
                    f"{HOOK_VERSIONS[name]} to use it (the hook is not used)",
                    hook=name,
                )
            else:
                names.append(name)
        return names

    def call_hooks(self) -> None:
        for hook, kind, cls in _HOOKS:
            caller = getattr(self.pm.hook, hook)
            for impl in caller.get_hookimpls():
                info = self.infos.get(impl.plugin_name)
                if info is None or impl.hookwrapper or impl.wrapper:
                    continue
                if hook not in self.hooks.get(impl.plugin_name, set()):
                    continue
                try:
                    # No hook takes arguments yet; pluggy refused any implementation
                    # asking for one its specification lacks when it was registered.
                    result = impl.function()
                    items = list(result) if result is not None else []
                except (Exception, SystemExit) as exc:
                    self.problem(info, f"raised {_one_line(exc)}", hook=hook)
                    continue
                for item in items:
                    if not isinstance(item, cls):  # a plugin's types are not to be trusted
                        self.problem(
                            info,
                            f"returned {type(item).__name__} {item!r:.60}, not a {cls.__name__}",
                            hook=hook,
                        )
                        continue
                    name: str = getattr(item, "name")  # noqa: B009 (any descriptor's name)
                    issues = descriptor_issues(kind, item)
                    if issues:
                        for issue in issues:
                            self.problem(info, f"{kind} {name!r}: {issue}", hook=hook)
                        continue
                    self.claims.setdefault((kind, name), []).append((item, info))

    def resolve(self) -> tuple[dict[tuple[Kind, str], Any], dict[tuple[Kind, str], PluginInfo]]:
        """Each name's one claimant; a name claimed twice is reported naming both packages."""
        chosen: dict[tuple[Kind, str], Any] = {}
        owners: dict[tuple[Kind, str], PluginInfo] = {}
        for (kind, name), claims in sorted(self.claims.items()):
            if len(claims) == 1:
                chosen[(kind, name)], owners[(kind, name)] = claims[0]
                continue
            claims.sort(key=lambda c: (c[1].package.lower(), c[1].name))
            packages = " and ".join(sorted({f"{i.package} {i.version}".strip() for _, i in claims}))
            hook = f"rusmodel_{kind}s"
            builtin = [c for c in claims if c[1].builtin]
            if len(builtin) == 1:
                item, owner = builtin[0]
                chosen[(kind, name)], owners[(kind, name)] = item, owner
                for _, info in claims:
                    if info is not owner:
                        self.problem(
                            info,
                            f"the {kind} name {name!r} is added by both {packages}; "
                            "rusmodel's own is used, this one is ignored",
                            hook=hook,
                        )
                continue
            message = (
                f"the {kind} name {name!r} is added by both {packages}; neither is used "
                "until one is uninstalled or ruled out, for example with "
                f"{PLUGINS_VARIABLE}=-{claims[-1][1].package}"
            )
            self.refused[(kind, name)] = message
            self.refused_suffixes[(kind, name)] = tuple(
                sorted({s for item, _ in claims for s in getattr(item, "suffixes", ())})
            )
            # One problem for the collision, not one per side: it names both packages.
            self.problem(claims[0][1], message, hook=hook)
        return chosen, owners


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
        candidates = _entry_point_candidates() + _folder_candidates(plugins_dirs)
    else:
        candidates = [_object_candidate(p) for p in plugins]
        setting = None
    collector = _Collector()
    skipped = []
    for candidate in candidates:
        if _selected(candidate, setting):
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
        warnings=tuple(_unmatched(setting, candidates)),
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
