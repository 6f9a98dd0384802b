"""The command line: ``rusmodel export``, ``import``, ``validate``, ``summary`` and ``plugins``.

It parses arguments, calls the library and turns problems into lines and exit
codes; no domain logic lives here. Formats and extra commands come from the
plugins (:mod:`rusmodel.plugins`), so ``--help`` of ``export --format NAME``
shows that format's own options, made from its declaration.

Exit codes: 0 done, 1 the input has errors (each printed on its own line to
stderr, ``FILE:LINE: place: message``) or a plugin failed, 2 the command was
used wrongly, 130 interrupted. Bad input never gives a traceback; set
``RUSMODEL_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from rusmodel import __version__
from rusmodel.atomic import atomic_write
from rusmodel.files import require_file, select_period
from rusmodel.formats import ExportContext, Exporter, ImportContext, Importer, Option
from rusmodel.hookspecs import HOOK_API_VERSION
from rusmodel.labels import LANGUAGES
from rusmodel.model import Plan
from rusmodel.plugins import (
    PLUGINS_VARIABLE,
    Kind,
    PluginInfo,
    Registry,
    registry,
    resolve_options,
)
from rusmodel.problems import PlanError, Problem, Severity, with_lines

__all__ = ["main", "select_period"]

DEBUG_VARIABLE = "RUSMODEL_DEBUG"
OWN_COMMANDS = ("export", "import", "validate", "summary", "plugins")

Handler = Callable[[argparse.Namespace], int]

_PLUGINS_HELP = f"""\
{PLUGINS_VARIABLE} chooses which plugins load (package or plugin names, comma-separated):
  not set                        every installed plugin
  {PLUGINS_VARIABLE}=""            only rusmodel's own formats
  {PLUGINS_VARIABLE}=pkg-a,pkg-b   rusmodel's own and these
  {PLUGINS_VARIABLE}=-pkg-a        every plugin except pkg-a"""


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=79)


class _InternalError(Exception):
    """A plugin failed in a way that is not the input's fault; reported on one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rusmodel`` with ``argv`` (default: the process's arguments); return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(arguments)
    except KeyboardInterrupt:
        print("rusmodel: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`rusmodel plugins | head -1`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    reg = registry()
    command, rest = _split_command(argv, reg)
    try:
        parser = _parser(reg, command, _chosen_format(reg, command, rest))
    except _InternalError as exc:
        print(exc, file=sys.stderr)
        return 1
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    args.lang = args.lang or "sv"
    if args.command != "plugins":
        for plugin_problem in reg.problems:
            print(f"warning: {plugin_problem}", file=sys.stderr)
    handler: Handler = args.handler
    try:
        return handler(args)
    except PlanError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except _InternalError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(_os_message(exc), file=sys.stderr)
        return 1


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _internal(what: str, name: str, owner: PluginInfo, exc: Exception) -> _InternalError:
    if os.environ.get(DEBUG_VARIABLE):
        raise exc
    text = " ".join(str(exc).split())
    version = f" {owner.version}" if owner.version else ""
    return _InternalError(
        f"internal error in {what} {name} (package {owner.package}{version}): "
        f"{type(exc).__name__}{': ' + text if text else ''} "
        f"(set {DEBUG_VARIABLE}=1 to see where)"
    )


# --- Building the parser ------------------------------------------------------------------


def _split_command(argv: Sequence[str], reg: Registry) -> tuple[str | None, list[str]]:
    """The subcommand and what follows it; only ``--lang VALUE`` may come before it."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--lang":
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        return word, list(argv[index + 1 :])
    return None, []


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise ValueError(message)


def _chosen_format(
    reg: Registry, command: str | None, rest: list[str]
) -> Exporter | Importer | None:
    """The format ``export`` or ``import`` will use, if the arguments tell, for its options."""
    if command not in ("export", "import"):
        return None
    pre = _QuietParser(add_help=False, allow_abbrev=False)
    pre.add_argument("--format", "-f")
    pre.add_argument("--output", "-o")
    pre.add_argument("source", nargs="?")
    try:
        known, _ = pre.parse_known_args(rest)
        if command == "export":
            if known.format:
                return reg.exporter(known.format)
            return reg.exporter_for(known.output) if known.output else None
        if known.format:
            return reg.importer(known.format)
        return reg.importer_for(known.source) if known.source else None
    except (ValueError, PlanError):
        return None


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help="language of headings and labels: sv (Swedish, the default) or en",
    )


def _formats_text(
    descriptors: Mapping[str, Exporter] | Mapping[str, Importer], reg: Registry, kind: Kind
) -> str:
    rows = []
    for name, descriptor in descriptors.items():
        owner = reg.owners.get((kind, name))
        package = f" [{owner.package}]" if owner and not owner.builtin else ""
        rows.append((name, ", ".join(descriptor.suffixes) or "-", descriptor.description + package))
    if not rows:
        return "  (none)"
    name_width = max(10, *(len(r[0]) for r in rows))
    suffix_width = max(14, *(len(r[1]) for r in rows))
    return "\n".join(f"  {n:<{name_width}} {s:<{suffix_width}} {d}" for n, s, d in rows)


def _option_dest(option: Option) -> str:
    return f"format_option_{option.name}"


def _add_format_options(
    parser: argparse.ArgumentParser, descriptor: Exporter | Importer, owner: PluginInfo, kind: Kind
) -> None:
    if not descriptor.options:
        return
    group = parser.add_argument_group(
        f"options of the {kind} {descriptor.name!r} ({owner.package})"
    )
    for option in descriptor.options:
        help_text = option.help
        dest = _option_dest(option)
        if option.kind == "bool":
            state = "on" if option.default else "off"
            group.add_argument(
                option.flag,
                dest=dest,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{help_text} ({state} unless given)",
            )
            continue
        if option.default is not None:
            help_text += f" (default: {option.default})"
        if option.kind == "int":
            group.add_argument(option.flag, dest=dest, type=int, metavar="N", help=help_text)
        elif option.kind == "choice":
            group.add_argument(option.flag, dest=dest, choices=option.choices, help=help_text)
        elif option.kind == "path":
            group.add_argument(option.flag, dest=dest, metavar="FILE", help=help_text)
        else:
            group.add_argument(option.flag, dest=dest, metavar="TEXT", help=help_text)


def _given_options(args: argparse.Namespace, options: Sequence[Option]) -> dict[str, Any]:
    return {o.name: getattr(args, _option_dest(o), None) for o in options}


def _parser(
    reg: Registry, command: str | None, chosen: Exporter | Importer | None
) -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="rusmodel",
        description=_wrap(
            "Plan and follow up regional development work: check a plan, count its "
            "statuses, and make the committee's decks and workbooks from it."
        ),
        epilog="`rusmodel COMMAND --help` tells more about each command.\n\n"
        f"{_PLUGINS_HELP}\n"
        f"{DEBUG_VARIABLE}=1 shows the traceback of an internal error in a plugin.",
        formatter_class=raw,
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"rusmodel {__version__} (hook API {HOOK_API_VERSION})",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of headings and labels: sv (Swedish, the default) or en",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    export = sub.add_parser(
        "export",
        help="write a plan in another format: a deck, a workbook, …",
        description=_wrap(
            "Write the plan PLAN as OUT in the format NAME. The plan is checked first: "
            "with errors nothing is written. OUT is replaced only once the new file is complete."
        ),
        epilog=f"formats (NAME, suffixes, what it writes):\n"
        f"{_formats_text(reg.exporters, reg, 'exporter')}\n\n"
        "Each format has its own options: `rusmodel export --format NAME --help` lists them.",
        formatter_class=raw,
        allow_abbrev=False,
    )
    export.add_argument("plan", metavar="PLAN", help="the plan file (.yaml, .json, …)")
    export.add_argument(
        "--format", "-f", metavar="NAME", help="the format to write; left out, OUT's suffix decides"
    )
    export.add_argument("--output", "-o", metavar="OUT", required=True, help="the file to write")
    export.add_argument(
        "--period",
        metavar="P",
        help="the follow-up period to report, by id or name (default: the plan's latest)",
    )
    _lang_argument(export)
    if command == "export" and isinstance(chosen, Exporter):
        _add_format_options(export, chosen, reg.owner("exporter", chosen.name), "exporter")
    export.set_defaults(handler=functools.partial(_export, reg))

    imp = sub.add_parser(
        "import",
        help="read a plan from another format and write it as a plan file",
        description=_wrap(
            "Read IN in the format NAME and write the plan to PLAN (.yaml or .json). "
            "The plan is checked first: with errors nothing is written."
        ),
        epilog=f"formats (NAME, suffixes, what it reads):\n"
        f"{_formats_text(reg.importers, reg, 'importer')}\n\n"
        "Each format has its own options: `rusmodel import IN --format NAME --help` lists them.",
        formatter_class=raw,
        allow_abbrev=False,
    )
    imp.add_argument("input", metavar="IN", help="the file to read")
    imp.add_argument(
        "--format", "-f", metavar="NAME", help="the format to read; left out, IN's suffix decides"
    )
    imp.add_argument("--output", "-o", metavar="PLAN", required=True, help="the plan file to write")
    _lang_argument(imp)
    if command == "import" and isinstance(chosen, Importer):
        _add_format_options(imp, chosen, reg.owner("importer", chosen.name), "importer")
    imp.set_defaults(handler=functools.partial(_import, reg))

    validate = sub.add_parser(
        "validate",
        help="check plan files and print every problem",
        description="Check each FILE and print every problem, one per line: "
        "FILE:LINE: place: message. Exit 1 if any file has an error; warnings do not fail.",
        allow_abbrev=False,
    )
    validate.add_argument("files", metavar="FILE", nargs="+", help="a plan file")
    validate.add_argument(
        "--format", "-f", metavar="NAME", help="the format to read; left out, the suffix decides"
    )
    validate.set_defaults(handler=functools.partial(_validate, reg))

    summary = sub.add_parser(
        "summary",
        help="count the activities per goal area and status",
        description="Count the activities of a follow-up period per goal area (or unit) and "
        "status, with the share on track, as the committee's summary table shows them.",
        allow_abbrev=False,
    )
    summary.add_argument("file", metavar="FILE", help="a plan file")
    summary.add_argument(
        "--period",
        metavar="P",
        help="the follow-up period, by id or name (default: the plan's latest)",
    )
    summary.add_argument(
        "--by",
        choices=("goal_area", "unit"),
        default="goal_area",
        help="count per goal area (the default) or per unit",
    )
    summary.add_argument("--json", action="store_true", help="print JSON for programs")
    summary.add_argument(
        "--format", "-f", metavar="NAME", help="the format to read; left out, the suffix decides"
    )
    _lang_argument(summary)
    summary.set_defaults(handler=functools.partial(_summary, reg))

    plugins = sub.add_parser(
        "plugins",
        help="list the installed plugins and the formats and commands they add",
        description=_wrap(
            "List every plugin with its package, version and the formats and commands "
            "it adds, and every plugin that failed. Exit 1 if any plugin has a problem."
        ),
        epilog=_PLUGINS_HELP,
        formatter_class=raw,
        allow_abbrev=False,
    )
    plugins.add_argument("--json", action="store_true", help="print JSON for programs")
    plugins.set_defaults(handler=functools.partial(_plugins, reg))

    for name, plugin_command in reg.commands.items():
        owner = reg.owner("command", name)
        extra = "" if owner.builtin else f" [{owner.package}]"
        command_parser = sub.add_parser(
            name,
            help=plugin_command.help + extra,
            description=plugin_command.help,
            allow_abbrev=False,
        )
        if name == command:
            # Only the command being run declares its arguments, so a plugin's
            # heavy imports stay out of every other command.
            try:
                plugin_command.add_arguments(command_parser)
            except Exception as exc:
                raise _internal("command", name, owner, exc) from exc
            with contextlib.suppress(argparse.ArgumentError):  # it has its own --lang
                _lang_argument(command_parser)
        command_parser.set_defaults(handler=functools.partial(_plugin_command, reg, name))
    return parser


# --- Shared steps ---------------------------------------------------------------------------


def _not_the_same(source: Path, target: Path) -> None:
    if target.exists() and source.exists() and target.samefile(source):
        raise PlanError.single(
            "the output would replace the file being read; choose another output",
            file=str(target),
        )


def _read(
    reg: Registry,
    importer: Importer,
    path: Path,
    lang: str,
    options: Mapping[str, Any] | None = None,
) -> Plan:
    require_file(path)
    if options is None:
        options = resolve_options(importer.options, {}, owner=importer.name)
    try:
        return importer.read(path, ImportContext(lang=lang, options=options))
    except (PlanError, OSError):
        raise
    except Exception as exc:
        raise _internal("format", importer.name, reg.owner("importer", importer.name), exc) from exc


def _write(
    reg: Registry, exporter: Exporter, plan: Plan, target: Path, context: ExportContext
) -> None:
    try:
        with atomic_write(target) as out:
            exporter.write(plan, out, context)
    except PlanError as exc:
        if not context.source:
            raise
        # What the exporter cannot write is a place in the plan: name its file and line.
        source = Path(context.source)
        raise PlanError(with_lines(exc.problems, str(source), _line_map(source))) from None
    except OSError:
        raise
    except Exception as exc:
        raise _internal("format", exporter.name, reg.owner("exporter", exporter.name), exc) from exc


def _line_map(path: Path) -> Mapping[str, int]:
    """Where each value of a YAML plan file is, for problems found after reading it."""
    from rusmodel.planfile import read_yaml_document

    if path.suffix.lower() not in (".yaml", ".yml"):
        return {}
    try:
        return read_yaml_document(path.read_bytes(), str(path)).lines
    except (PlanError, OSError):
        return {}


def _check(plan: Plan, source: Path) -> None:
    """Print the plan's warnings; raise its errors so nothing is written."""
    from rusmodel.validation import validate

    problems = validate(plan)
    if not problems:
        return
    problems = with_lines(problems, str(source), _line_map(source))
    for problem in problems:
        if not problem.is_error:
            print(problem, file=sys.stderr)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise PlanError(errors)


# --- Commands ---------------------------------------------------------------------------------


def _export(reg: Registry, args: argparse.Namespace) -> int:
    source, target = Path(args.plan), Path(args.output)
    exporter = reg.exporter(args.format) if args.format else reg.exporter_for(target)
    importer = reg.importer_for(source)
    options = resolve_options(
        exporter.options, _given_options(args, exporter.options), owner=exporter.name
    )
    _not_the_same(source, target)
    plan = _read(reg, importer, source, args.lang)
    period = select_period(plan, args.period, file=str(source))
    _check(plan, source)
    context = ExportContext(period=period, lang=args.lang, options=options, source=str(source))
    _write(reg, exporter, plan, target, context)
    about = f", period {period.name}" if period else ""
    print(f"{target}: written ({exporter.name}{about})")
    return 0


def _import(reg: Registry, args: argparse.Namespace) -> int:
    source, target = Path(args.input), Path(args.output)
    importer = reg.importer(args.format) if args.format else reg.importer_for(source)
    exporter = reg.exporter_for(target)
    reader = reg.importers.get(exporter.name)
    if reader is None or not reader.round_trip:
        plan_formats = ", ".join(n for n, i in reg.importers.items() if i.round_trip)
        raise PlanError.single(
            f"{target.name} would not be a plan file rusmodel can read back; write a plan "
            f"file ({plan_formats}), or use `rusmodel export` for other formats",
            file=str(target),
        )
    options = resolve_options(
        importer.options, _given_options(args, importer.options), owner=importer.name
    )
    out_options = resolve_options(exporter.options, {}, owner=exporter.name)
    _not_the_same(source, target)
    plan = _read(reg, importer, source, args.lang, options)
    _check(plan, source)
    context = ExportContext(
        period=plan.latest_period(), lang=args.lang, options=out_options, source=str(source)
    )
    _write(reg, exporter, plan, target, context)
    print(f"{target}: written ({exporter.name}, read as {importer.name})")
    return 0


def _problems_in(reg: Registry, path: Path, format_name: str | None, lang: str) -> list[Problem]:
    """Every problem of one file: reading it, then checking the plan."""
    from rusmodel.planfile import read_json_document, read_yaml_document
    from rusmodel.validation import validate

    file = str(path)
    try:
        require_file(path)
        suffix = path.suffix.lower()
        plain = format_name or {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(suffix)
        if plain in ("yaml", "json"):
            reader = read_yaml_document if plain == "yaml" else read_json_document
            document = reader(path.read_bytes(), file)
            return with_lines(validate(document.plan()), file, document.lines)
        importer = reg.importer(format_name) if format_name else reg.importer_for(path)
        return with_lines(validate(_read(reg, importer, path, lang)), file, {})
    except PlanError as exc:
        return [p if p.file else attrs.evolve(p, file=file) for p in exc.problems]
    except OSError as exc:
        return [Problem(exc.strerror or str(exc), file=file)]
    except _InternalError as exc:
        return [Problem(str(exc), file=file)]


def _validate(reg: Registry, args: argparse.Namespace) -> int:
    errors = warnings = 0
    for name in args.files:
        for problem in _problems_in(reg, Path(name), args.format, args.lang):
            print(problem)
            if problem.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
    files = len(args.files)
    print(
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}",
        file=sys.stderr,
    )
    return 1 if errors else 0


def _summary(reg: Registry, args: argparse.Namespace) -> int:
    from rusmodel.labels import format_date, label
    from rusmodel.model import GoalKind
    from rusmodel.summary import GroupCount, share_percent, status_counts, total_count

    source = Path(args.file)
    importer = reg.importer(args.format) if args.format else reg.importer_for(source)
    plan = _read(reg, importer, source, args.lang)
    period = select_period(plan, args.period, file=str(source))
    if period is None:
        raise PlanError.single("the plan has no follow-up periods to count", file=str(source))
    lang = args.lang
    groups = status_counts(plan, period.id, group_by=args.by)
    total = total_count(plan, period.id)
    scale = plan.scale.values

    if args.json:

        def count_json(count: GroupCount) -> dict[str, Any]:
            return {
                "key": count.key,
                "name": count.name,
                "total": count.total,
                "by_status": count.by_status,
                "unreported": count.unreported,
                "on_track": count.on_track,
                "share_percent": share_percent(count),
            }

        data = {
            "plan": plan.title,
            "period": {"id": period.id, "name": period.name, "as_of": period.as_of.isoformat()},
            "group_by": args.by,
            "statuses": [{"id": v.id, "label": v.label(lang)} for v in scale],
            "groups": [count_json(g) for g in groups],
            "total": count_json(total),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    if args.by == "unit":
        first = label("unit", lang)
    elif any(g.kind is GoalKind.VISION_GOAL for g in plan.goal_areas):
        first = label("goal_area_or_vision_goal", lang)
    else:
        first = label("goal_area", lang)
    unreported = total.unreported > 0
    header = [first, label("total", lang), *(v.label(lang) for v in scale)]
    header += [label("not_reported", lang)] if unreported else []
    header += [label("share_on_track", lang)]

    def row(name: str, count: GroupCount) -> list[str]:
        share = share_percent(count)
        cells = [name, str(count.total), *(str(count.by_status[v.id]) for v in scale)]
        cells += [str(count.unreported)] if unreported else []
        sign = "" if lang == "en" else " "
        cells += [f"{share}{sign}%" if share is not None else "-"]
        return cells

    rows = [row(g.name, g) for g in groups] + [row(label("total", lang), total)]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first_cell = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first_cell, *rest]).rstrip()

    date = format_date(period.as_of)
    as_of = "" if date in period.name else f" ({label('as_of', lang, date=date)})"
    print(f"{plan.title} – {period.name}{as_of}")
    print()
    print(line(header))
    for cells in rows:
        print(line(cells))
    return 0


def _plugins(reg: Registry, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(_plugins_json(reg), ensure_ascii=False, indent=2))
        return 1 if reg.problems else 0

    def added(info: PluginInfo) -> str:
        parts = [
            f"{what} {', '.join(names)}"
            for what, names in (
                ("exports", info.exporters),
                ("imports", info.importers),
                ("commands", info.commands),
            )
            if names
        ]
        return "; ".join(parts) or "adds nothing"

    print(f"rusmodel {__version__}, hook API {HOOK_API_VERSION}")
    print()
    print("plugins:")
    rows = [(f"{i.name}", f"{i.package} {i.version}".strip(), added(i)) for i in reg.plugins] or [
        ("(none)", "", "")
    ]
    name_w = max(len(r[0]) for r in rows)
    package_w = max(len(r[1]) for r in rows)
    for name, package, what in rows:
        print(f"  {name:<{name_w}}  {package:<{package_w}}  {what}".rstrip())
    print()
    print("exporters:")
    print(_formats_text(reg.exporters, reg, "exporter"))
    print()
    print("importers:")
    print(_formats_text(reg.importers, reg, "importer"))
    if reg.commands:
        print()
        print("commands:")
        for name, command in reg.commands.items():
            print(f"  {name:<10} {command.help} [{reg.owner('command', name).package}]")
    if reg.skipped:
        print()
        print(f"not loaded ({PLUGINS_VARIABLE}):")
        for info in reg.skipped:
            print(f"  {info.name}  {info.package} {info.version}".rstrip())
    if reg.problems:
        print()
        print("problems:")
        for problem in reg.problems:
            print(f"  {problem}")
        print()
        print(f"A plugin is ruled out with {PLUGINS_VARIABLE}=-PACKAGE (see --help).")
        return 1
    return 0


def _plugins_json(reg: Registry) -> dict[str, Any]:
    def option_json(option: Option) -> dict[str, Any]:
        default = option.default
        return {
            "name": option.name,
            "flag": option.flag,
            "kind": option.kind,
            "default": os.fspath(default) if isinstance(default, os.PathLike) else default,
            "choices": list(option.choices),
            "help": option.help,
        }

    def format_json(kind: Kind, descriptor: Exporter | Importer) -> dict[str, Any]:
        owner = reg.owner(kind, descriptor.name)
        data: dict[str, Any] = {
            "name": descriptor.name,
            "description": descriptor.description,
            "suffixes": list(descriptor.suffixes),
            "package": owner.package,
            "plugin": owner.name,
            "options": [option_json(o) for o in descriptor.options],
        }
        if isinstance(descriptor, Importer):
            data["round_trip"] = descriptor.round_trip
        return data

    def plugin_json(info: PluginInfo) -> dict[str, Any]:
        return {
            "name": info.name,
            "package": info.package,
            "version": info.version,
            "module": info.module,
            "builtin": info.builtin,
            "exporters": list(info.exporters),
            "importers": list(info.importers),
            "commands": list(info.commands),
        }

    return {
        "rusmodel": __version__,
        "hook_api": HOOK_API_VERSION,
        "plugins": [plugin_json(i) for i in reg.plugins],
        "exporters": [format_json("exporter", e) for e in reg.exporters.values()],
        "importers": [format_json("importer", i) for i in reg.importers.values()],
        "commands": [
            {"name": name, "help": c.help, "package": reg.owner("command", name).package}
            for name, c in reg.commands.items()
        ],
        "skipped": [plugin_json(i) for i in reg.skipped],
        "problems": [
            {
                "plugin": p.plugin,
                "package": p.package,
                "version": p.version,
                "hook": p.hook,
                "message": p.message,
            }
            for p in reg.problems
        ],
    }


def _plugin_command(reg: Registry, name: str, args: argparse.Namespace) -> int:
    command = reg.commands[name]
    try:
        code = command.run(args)
    except (PlanError, OSError):
        raise
    except Exception as exc:
        raise _internal("command", name, reg.owner("command", name), exc) from exc
    return code if isinstance(code, int) else 0
