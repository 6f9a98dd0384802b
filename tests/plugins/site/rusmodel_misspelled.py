"""A plugin with one misspelled hook and one good one: the good one must keep working."""

import argparse
from collections.abc import Iterable

from rusmodel import Command, Exporter, hookimpl


@hookimpl
def rusmodel_exporter() -> Iterable[Exporter]:  # should be rusmodel_exporters
    return []


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("who", help="who to greet")


def _run(args: argparse.Namespace) -> int:
    print(f"hej {args.who} ({args.lang})")
    return 0


@hookimpl
def rusmodel_commands() -> Iterable[Command]:
    return [Command(name="greet", help="say hello", add_arguments=_arguments, run=_run)]
