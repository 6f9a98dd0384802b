"""What a format plugin contributes: importers, exporters and commands.

A plugin returns these descriptors from its hooks (see :mod:`rusmodel.hookspecs`).
Each declares its name, a one-line description, the file suffixes it handles
and the options it takes, so the command line and the documentation are made
from the declaration and options are checked before any work starts.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Literal

import attrs

from rusmodel.model import Period, Plan

__all__ = [
    "Command",
    "ExportContext",
    "Exporter",
    "ImportContext",
    "Importer",
    "Option",
    "OptionKind",
]

OptionKind = Literal["text", "path", "int", "bool", "choice"]


@attrs.frozen
class Option:
    """An option a format takes, shown as ``--name`` on the command line.

    ``kind`` is ``text``, ``path`` (checked to exist), ``int``, ``bool`` (a
    flag) or ``choice`` (one of ``choices``). Names use underscores in Python
    (``group_by``) and dashes on the command line (``--group-by``).
    """

    name: str
    help: str
    kind: OptionKind = "text"
    default: Any = None
    choices: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@attrs.frozen
class ExportContext:
    """What an exporter is asked to make besides the plan.

    ``period`` is the follow-up period to report (the plan's latest unless the
    user chose one; ``None`` only for a plan with no periods); ``lang`` is
    ``sv`` or ``en``; ``options`` holds this format's options by name, checked
    and with defaults filled in; ``source`` names the plan file for messages.
    """

    period: Period | None = None
    lang: str = "sv"
    options: Mapping[str, Any] = attrs.field(factory=dict)
    source: str = ""


@attrs.frozen
class ImportContext:
    """What an importer is told besides the file: its options and the language."""

    lang: str = "sv"
    options: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Exporter:
    """A format a plan can be written in.

    ``write(plan, out, context)`` writes the whole file to the binary stream
    ``out``; rusmodel opens that stream on a temporary file and moves it into
    place only when ``write`` returns, so an exporter never handles paths or
    partial files. It raises :class:`rusmodel.PlanError` for input it cannot
    use.
    """

    name: str
    description: str
    suffixes: tuple[str, ...]
    write: Callable[[Plan, BinaryIO, ExportContext], None]
    options: tuple[Option, ...] = ()


@attrs.frozen
class Importer:
    """A format a plan can be read from.

    ``read(path, context)`` returns the plan or raises
    :class:`rusmodel.PlanError` naming the file and the place of each problem.
    ``round_trip`` promises that what the format's exporter writes reads back
    as an equal plan; :mod:`rusmodel.testing` checks that promise.
    """

    name: str
    description: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, ImportContext], Plan]
    options: tuple[Option, ...] = ()
    round_trip: bool = False


@attrs.frozen
class Command:
    """A subcommand a plugin adds to ``rusmodel`` (the Excel plugin adds ``template``).

    ``add_arguments(parser)`` declares its arguments on an :mod:`argparse`
    parser; ``run(args)`` does the work and returns the exit code. It raises
    :class:`rusmodel.PlanError` for bad input, which the command line prints
    one line per problem.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
