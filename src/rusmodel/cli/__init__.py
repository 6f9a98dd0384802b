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

import os
import sys
from collections.abc import Sequence

from rusmodel.cli.errors import DEBUG_VARIABLE, InternalError, os_message
from rusmodel.cli.parser import OWN_COMMANDS, Handler, build_parser, chosen_format, split_command
from rusmodel.files import select_period
from rusmodel.plugins import registry
from rusmodel.problems import PlanError

__all__ = ["DEBUG_VARIABLE", "OWN_COMMANDS", "build_parser", "main", "select_period"]

_parser = build_parser  # the name scripts/gen_docs.py knows


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
    command, rest = split_command(argv, reg)
    try:
        parser = build_parser(reg, command, chosen_format(reg, command, rest))
    except InternalError as exc:
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
    except InternalError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(os_message(exc), file=sys.stderr)
        return 1
