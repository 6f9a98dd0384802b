"""``rusmodel plugins`` lists the plugins and what they add; a plugin's own command is run here."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from typing import Any

from rusmodel import __version__
from rusmodel.cli.errors import internal
from rusmodel.formats import Exporter, Importer, Option
from rusmodel.hookspecs import HOOK_API_VERSION
from rusmodel.plugins import PLUGINS_VARIABLE, Kind, PluginInfo, Registry
from rusmodel.problems import PlanError

__all__ = ["formats_text", "run", "run_plugin_command"]


def formats_text(
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


def run(reg: Registry, args: argparse.Namespace) -> int:
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
    print(formats_text(reg.exporters, reg, "exporter"))
    print()
    print("importers:")
    print(formats_text(reg.importers, reg, "importer"))
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


def run_plugin_command(reg: Registry, name: str, args: argparse.Namespace) -> int:
    command = reg.commands[name]
    try:
        code = command.run(args)
    except (PlanError, OSError):
        raise
    except Exception as exc:
        raise internal("command", name, reg.owner("command", name), exc) from exc
    return code if isinstance(code, int) else 0
