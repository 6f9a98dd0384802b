"""Building the command line's parser: its own commands, the formats' options, plugins' commands.

Only the command being run gets its format's or plugin's options, so
``--help`` of ``export --format NAME`` shows that format's own options and a
plugin's heavy imports stay out of every other command.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from rusmodel import __version__
from rusmodel.cli import exchange, plugin_commands
from rusmodel.cli import summary as summary_command
from rusmodel.cli import validate as validate_command
from rusmodel.cli.errors import DEBUG_VARIABLE, internal
from rusmodel.cli.plugin_commands import formats_text
from rusmodel.cli.steps import option_dest
from rusmodel.formats import Exporter, Importer
from rusmodel.hookspecs import HOOK_API_VERSION
from rusmodel.labels import LANGUAGES
from rusmodel.plugins import PLUGINS_VARIABLE, Kind, PluginInfo, Registry
from rusmodel.problems import PlanError

__all__ = ["OWN_COMMANDS", "Handler", "build_parser", "chosen_format", "split_command"]

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


def split_command(argv: Sequence[str], reg: Registry) -> tuple[str | None, list[str]]:
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


def chosen_format(
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
        dest = option_dest(option)
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


def build_parser(
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
        f"{formats_text(reg.exporters, reg, 'exporter')}\n\n"
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
    export.set_defaults(handler=functools.partial(exchange.run_export, reg))

    imp = sub.add_parser(
        "import",
        help="read a plan from another format and write it as a plan file",
        description=_wrap(
            "Read IN in the format NAME and write the plan to PLAN (.yaml or .json). "
            "The plan is checked first: with errors nothing is written."
        ),
        epilog=f"formats (NAME, suffixes, what it reads):\n"
        f"{formats_text(reg.importers, reg, 'importer')}\n\n"
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
    imp.set_defaults(handler=functools.partial(exchange.run_import, reg))

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
    validate.set_defaults(handler=functools.partial(validate_command.run, reg))

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
    summary.set_defaults(handler=functools.partial(summary_command.run, reg))

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
    plugins.set_defaults(handler=functools.partial(plugin_commands.run, reg))

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
                raise internal("command", name, owner, exc) from exc
            with contextlib.suppress(argparse.ArgumentError):  # it has its own --lang
                _lang_argument(command_parser)
        command_parser.set_defaults(
            handler=functools.partial(plugin_commands.run_plugin_command, reg, name)
        )
    return parser
