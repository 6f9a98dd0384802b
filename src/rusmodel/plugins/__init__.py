"""The plugin manager: finds the format plugins, loads each on its own, contains the broken ones.

Every format, rusmodel's own included, is a plugin found through the
``rusmodel`` entry-point group (see :mod:`rusmodel.hookspecs`). The manager
loads the entry points one at a time, so a plugin that fails to import, needs
a newer hook API, misspells a hook or raises inside one is reported with its
package and the hook, and every other format keeps working.

Which plugins load is chosen by the ``RUSMODEL_PLUGINS`` environment variable,
a comma-separated list of package (distribution) or entry-point names:

- not set: every installed plugin loads;
- ``RUSMODEL_PLUGINS=""``: only rusmodel's own formats;
- ``RUSMODEL_PLUGINS="rusmodel-markdown"``: rusmodel's own and the ones named;
- ``RUSMODEL_PLUGINS="-broken-plugin"``: everything except the ones named
  with a leading ``-`` (this also rules out one of rusmodel's own, ``-pptx``).

Names are unique per kind: two packages adding an exporter of the same name
is an error naming both. Where one of them is rusmodel itself, rusmodel's own
format keeps the name (so no package can take over reading plan files);
between two other packages, neither gets the name until one is removed or
ruled out. Everything is sorted by name, so load order never matters.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs
import pluggy

from rusmodel import hookspecs
from rusmodel.formats import Command, Exporter, Importer, Option
from rusmodel.hookspecs import HOOK_API_VERSION
from rusmodel.problems import PlanError, Problem

__all__ = [
    "BUILTIN_PACKAGE",
    "ENTRY_POINT_GROUP",
    "HOOK_NAMES",
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
BUILTIN_PACKAGE = "rusmodel"
HOOK_NAMES = ("rusmodel_commands", "rusmodel_exporters", "rusmodel_importers")

RESERVED_COMMANDS = frozenset({"export", "help", "import", "plugins", "summary", "validate"})
"""rusmodel's own subcommands; a plugin's command may not take these names."""

RESERVED_OPTIONS = frozenset({"format", "help", "input", "lang", "output", "period", "version"})
"""Options of ``export`` and ``import`` themselves; a format's options may not take these names."""

Kind = Literal["exporter", "importer", "command"]
D = TypeVar("D", Exporter, Importer)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_OPTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SUFFIX = re.compile(r"^\.[^\s/\\]+$")
_OPTION_KINDS = ("text", "path", "int", "bool", "choice")


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

    @property
    def label(self) -> str:
        version = f" {self.version}" if self.version else ""
        return f"plugin {self.name!r} (package {self.package}{version})"


@attrs.frozen
class PluginProblem:
    """A plugin that could not be used, or a part of it that could not: who, which hook, what."""

    plugin: str
    package: str
    version: str
    message: str
    hook: str = ""

    def __str__(self) -> str:
        version = f" {self.version}" if self.version else ""
        where = f"plugin {self.plugin!r} (package {self.package}{version})"
        if self.hook:
            where += f", hook {self.hook}"
        return f"{where}: {self.message}"


@attrs.frozen
class Registry:
    """The formats and commands of every plugin that loaded, by name, and what went wrong.

    ``exporters``, ``importers`` and ``commands`` are sorted by name;
    ``plugins`` lists the plugins that loaded, ``skipped`` those ruled out by
    ``RUSMODEL_PLUGINS``, ``problems`` every plugin or hook that failed.
    """

    exporters: Mapping[str, Exporter]
    importers: Mapping[str, Importer]
    commands: Mapping[str, Command]
    plugins: tuple[PluginInfo, ...]
    problems: tuple[PluginProblem, ...] = ()
    skipped: tuple[PluginInfo, ...] = ()
    owners: Mapping[tuple[Kind, str], PluginInfo] = attrs.field(factory=dict)
    refused: Mapping[tuple[Kind, str], str] = attrs.field(factory=dict)

    def owner(self, kind: Kind, name: str) -> PluginInfo:
        """The plugin that added the exporter, importer or command ``name``."""
        return self.owners[(kind, name)]

    def exporter(self, name: str) -> Exporter:
        """The exporter ``name``; a :class:`PlanError` listing the exporters if there is none."""
        return _lookup(self.exporters, self.refused, "exporter", name)

    def importer(self, name: str) -> Importer:
        """The importer ``name``; a :class:`PlanError` listing the importers if there is none."""
        return _lookup(self.importers, self.refused, "importer", name)

    def exporter_for(self, path: str | os.PathLike[str]) -> Exporter:
        """The exporter whose suffix ``path`` ends with; a :class:`PlanError` if none or several."""
        return _by_suffix(self.exporters, "exporter", Path(path))

    def importer_for(self, path: str | os.PathLike[str]) -> Importer:
        """The importer whose suffix ``path`` ends with; a :class:`PlanError` if none or several."""
        return _by_suffix(self.importers, "importer", Path(path))


def _lookup(
    found: Mapping[str, D], refused: Mapping[tuple[Kind, str], str], kind: Kind, name: str
) -> D:
    if name in found:
        return found[name]
    if (kind, name) in refused:
        raise PlanError.single(refused[(kind, name)])
    listed = ", ".join(found) or "none"
    raise PlanError.single(f"there is no {kind} named {name!r}; the {kind}s are: {listed}")


def _suffix_list(descriptors: Iterable[Exporter | Importer]) -> str:
    parts = [f"{d.name} ({', '.join(d.suffixes)})" for d in descriptors if d.suffixes]
    return "; ".join(parts) or "none"


def _by_suffix(found: Mapping[str, D], kind: Kind, path: Path) -> D:
    filename = path.name.lower()
    matches: list[tuple[int, D]] = []
    for descriptor in found.values():
        lengths = [len(s) for s in descriptor.suffixes if filename.endswith(s.lower())]
        if lengths:
            matches.append((max(lengths), descriptor))
    if not matches:
        verb = "writes" if kind == "exporter" else "reads"
        raise PlanError.single(
            f"no format {verb} files named like {path.name!r}; "
            f"choose one with --format NAME or use a known suffix: {_suffix_list(found.values())}"
        )
    longest = max(length for length, _ in matches)
    best = [d for length, d in matches if length == longest]
    if len(best) > 1:
        names = ", ".join(d.name for d in best)
        raise PlanError.single(
            f"several {kind}s handle files named like {path.name!r} ({names}); "
            "choose one with --format NAME"
        )
    return best[0]


# --- Options -----------------------------------------------------------------------------


def _option_problem(option: Option, message: str, owner: str) -> Problem:
    return Problem(f"{message}{f' (format {owner})' if owner else ''}", place=option.flag)


def _coerce(option: Option, value: Any, owner: str) -> tuple[Any, Problem | None]:
    if option.kind == "bool":
        if isinstance(value, bool):
            return value, None
        return value, _option_problem(option, f"expected true or false, got {value!r}", owner)
    if option.kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        if isinstance(value, str):
            try:
                return int(value.strip()), None
            except ValueError:
                pass
        return value, _option_problem(option, f"expected a whole number, got {value!r}", owner)
    if option.kind == "path":
        if not isinstance(value, str | os.PathLike):
            return value, _option_problem(option, f"expected a file name, got {value!r}", owner)
        path = Path(value)
        if not path.exists():
            return path, _option_problem(option, f"no such file: {os.fspath(path)}", owner)
        return path, None
    if not isinstance(value, str):
        return value, _option_problem(option, f"expected text, got {value!r}", owner)
    if option.kind == "choice" and value not in option.choices:
        allowed = ", ".join(option.choices)
        return value, _option_problem(option, f"{value!r} is not one of: {allowed}", owner)
    return value, None


def resolve_options(
    options: Sequence[Option], given: Mapping[str, Any], *, owner: str = ""
) -> dict[str, Any]:
    """The values of a format's options: ``given`` checked, defaults filled in.

    Run before any work starts: a path must exist, an int must be a number, a
    choice one of its choices, and every name one the format declares. A value
    of ``None`` means not given. Raises :class:`PlanError` with one problem per
    bad option, placed at its flag (``--template``).
    """
    declared = {o.name: o for o in options}
    problems = [
        Problem(
            f"{owner or 'the format'} has no option {name!r}; "
            f"it takes: {', '.join(o.flag for o in options) or 'none'}",
            place="--" + name.replace("_", "-"),
        )
        for name in given
        if name not in declared
    ]
    values: dict[str, Any] = {}
    for option in options:
        value = given.get(option.name)
        if value is None:
            value = option.default
        if value is None:
            values[option.name] = False if option.kind == "bool" else None
            continue
        values[option.name], problem = _coerce(option, value, owner)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise PlanError(problems)
    return values


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
    if not allow_list or candidate.builtin:
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

    def problem(self, info: PluginInfo, message: str, hook: str = "") -> None:
        self.problems.append(
            PluginProblem(
                plugin=info.name,
                package=info.package,
                version=info.version,
                message=message,
                hook=hook,
            )
        )

    def load(self, candidate: _Candidate) -> None:
        info = candidate.info()
        try:
            plugin = candidate.load()
        except (Exception, SystemExit) as exc:
            self.problem(info, f"could not be loaded: {_one_line(exc)}")
            return
        needed = getattr(plugin, "RUSMODEL_HOOK_API", 1)
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
        hooks = self._hook_names(plugin, info)
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

    def _hook_names(self, plugin: object, info: PluginInfo) -> list[str]:
        """The plugin's valid hook names; a misspelled hook is reported and left out."""
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
            else:
                names.append(name)
        return names

    def call_hooks(self) -> None:
        kinds: tuple[tuple[str, Kind, type[Exporter | Importer | Command]], ...] = (
            ("rusmodel_exporters", "exporter", Exporter),
            ("rusmodel_importers", "importer", Importer),
            ("rusmodel_commands", "command", Command),
        )
        for hook, kind, cls in kinds:
            caller = getattr(self.pm.hook, hook)
            for impl in caller.get_hookimpls():
                info = self.infos.get(impl.plugin_name)
                if info is None or impl.hookwrapper or impl.wrapper:
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
                    issues = _descriptor_issues(kind, item)
                    if issues:
                        for issue in issues:
                            self.problem(info, f"{kind} {item.name!r}: {issue}", hook=hook)
                        continue
                    self.claims.setdefault((kind, item.name), []).append((item, info))

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
                            hook=f"rusmodel_{kind}s",
                        )
                continue
            message = (
                f"the {kind} name {name!r} is added by both {packages}; neither is used "
                "until one is uninstalled or ruled out, for example with "
                f"{PLUGINS_VARIABLE}=-{claims[-1][1].package}"
            )
            self.refused[(kind, name)] = message
            for _, info in claims:
                self.problem(info, message, hook=f"rusmodel_{kind}s")
        return chosen, owners


def _descriptor_issues(kind: Kind, item: Any) -> list[str]:
    """What is wrong with a descriptor a plugin returned; empty if it can be used."""
    issues: list[str] = []
    name = item.name
    if not isinstance(name, str) or not _NAME.match(name):
        issues.append("a name is lowercase letters, digits, '-' and '_'")
    if kind == "command":
        if name in RESERVED_COMMANDS:
            issues.append(f"{name!r} is one of rusmodel's own commands")
        if not callable(item.add_arguments) or not callable(item.run):
            issues.append("add_arguments and run must be functions")
        return issues
    if not isinstance(item.description, str) or not item.description.strip():
        issues.append("needs a one-line description")
    suffixes = item.suffixes
    if isinstance(suffixes, str) or not all(
        isinstance(s, str) and _SUFFIX.match(s) for s in suffixes
    ):
        issues.append(f"suffixes must be a tuple of suffixes such as ('.md',), not {suffixes!r}")
    function = item.write if kind == "exporter" else item.read
    if not callable(function):
        issues.append(f"{'write' if kind == 'exporter' else 'read'} must be a function")
    seen: set[str] = set()
    for option in item.options:
        if not isinstance(option, Option):
            issues.append(f"options must be rusmodel.Option, not {type(option).__name__}")
            continue
        issues.extend(_option_issues(option, seen))
        seen.add(option.name)
    return issues


def _option_issues(option: Option, seen: set[str]) -> list[str]:
    name = option.name
    if not isinstance(name, str) or not _OPTION_NAME.match(name):
        return [f"the option name {name!r} must be lowercase letters, digits and '_'"]
    issues = []
    if name in seen:
        issues.append(f"the option {name!r} is declared twice")
    if name in RESERVED_OPTIONS:
        issues.append(f"the option name {name!r} is taken by rusmodel itself")
    if option.kind not in _OPTION_KINDS:
        issues.append(f"the option {name!r} has kind {option.kind!r}; use one of {_OPTION_KINDS}")
    if option.kind == "choice":
        if not option.choices:
            issues.append(f"the option {name!r} is a choice with no choices")
        elif option.default is not None and option.default not in option.choices:
            issues.append(f"the default of {name!r} is not one of its choices")
    if option.default is not None and not _default_fits(option):
        issues.append(f"the default of {name!r} is not a valid {option.kind}")
    return issues


def _default_fits(option: Option) -> bool:
    default = option.default
    if option.kind == "bool":
        return isinstance(default, bool)
    if option.kind == "int":
        return isinstance(default, int) and not isinstance(default, bool)
    if option.kind == "path":
        # A default path is checked to exist only when it is used.
        return isinstance(default, str | os.PathLike)
    return isinstance(default, str)


def build_registry(
    plugins: Iterable[object] | None = None, *, env: Mapping[str, str] | None = None
) -> Registry:
    """Load the plugins and collect what they add.

    With ``plugins`` left out, every entry point of the ``rusmodel`` group is
    loaded that ``RUSMODEL_PLUGINS`` (read from ``env``, else the environment)
    allows. With ``plugins`` given, exactly those objects (modules, usually)
    are used, which is how a plugin's own tests check it without installing it.
    """
    setting = (os.environ if env is None else env).get(PLUGINS_VARIABLE)
    if plugins is None:
        candidates = _entry_point_candidates()
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
    )


@functools.cache
def registry() -> Registry:
    """The registry of this process, built once from the installed plugins."""
    return build_registry()
