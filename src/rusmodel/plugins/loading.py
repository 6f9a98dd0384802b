"""Finding plugins (entry points, folders, given objects) and loading each on its own.

A plugin that fails to import, needs a newer hook API, misspells a hook or
raises inside one becomes a :class:`~rusmodel.plugins.PluginProblem`; the
others load as usual. :func:`rusmodel.plugins.build_registry` runs this.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
from rusmodel.plugins.descriptors import descriptor_issues
from rusmodel.plugins.info import (
    BUILTIN_PACKAGE,
    ENTRY_POINT_GROUP,
    HOOK_NAMES,
    PLUGINS_VARIABLE,
    Kind,
    PluginInfo,
    PluginProblem,
)

__all__ = [
    "Collector",
    "entry_point_candidates",
    "folder_candidates",
    "object_candidate",
    "selected",
    "unmatched",
]

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


def selected(candidate: _Candidate, setting: str | None) -> bool:
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


def entry_point_candidates() -> list[_Candidate]:
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


def object_candidate(plugin: object) -> _Candidate:
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


def folder_candidates(folders: Sequence[str | os.PathLike[str]]) -> list[_Candidate]:
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


def unmatched(setting: str | None, candidates: Sequence[_Candidate]) -> list[str]:
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


class Collector:
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
