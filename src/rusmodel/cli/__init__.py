"""The command line: ``rusmodel export``, ``import``, ``validate``, ``summary`` and ``plugins``.

It parses arguments, calls the library and turns problems into lines and exit
codes; no domain logic lives here. Formats and extra commands come from the
plugins (:mod:`rusmodel.plugins`), so ``--help`` of ``export --format NAME``
shows that format's own options, made from its declaration.

Exit codes: 0 done, 1 the input has errors (each printed on its own line to
stderr, ``FILE:LINE: place: message``) or a plugin failed, 2 the command was
used wrongly, 130 interrupted (Ctrl-C), 143 stopped by ``SIGTERM`` (``kill``,
a service manager), 129 by ``SIGHUP`` (the terminal closed). Stopped either
way, a command leaves no half-written output and no temporary ``.part`` file:
an existing output is kept as it was. Bad input never gives a traceback; set
``RUSMODEL_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

from rusmodel.cli.errors import DEBUG_VARIABLE, InternalError, os_message
from rusmodel.cli.parser import (
    OWN_COMMANDS,
    Handler,
    build_parser,
    chosen_format,
    plugins_dirs,
    split_command,
)
from rusmodel.files import select_period
from rusmodel.options import unknown_option
from rusmodel.plugins import build_registry, registry
from rusmodel.problems import PlanError

__all__ = ["DEBUG_VARIABLE", "OWN_COMMANDS", "build_parser", "main", "select_period"]

_parser = build_parser  # the name scripts/gen_docs.py knows


class Stopped(BaseException):
    """The process was told to stop by a signal; unwinds like Ctrl-C, so outputs are cleaned up."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: FrameType | None) -> None:
    raise Stopped(number)


# SIGTERM and SIGHUP end a Python process at once by default, leaving the temporary file
# of an output being written behind; raised as an exception they unwind as Ctrl-C does.
_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Stopped` while a command runs, then restore them."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a host program keeps its own
        return
    before = {number: signal.signal(number, _stop) for number in _STOPPING}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rusmodel`` with ``argv`` (default: the process's arguments); return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        with _stopped_by_signals():
            return _main(arguments)
    except KeyboardInterrupt:
        print("rusmodel: interrupted", file=sys.stderr)
        return 130
    except Stopped as stopped:
        print(f"rusmodel: stopped by {signal.Signals(stopped.number).name}", file=sys.stderr)
        return 128 + stopped.number
    except BrokenPipeError:
        # The reader of our output went away (`rusmodel plugins | head -1`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _unknown_flags(extra: Sequence[str]) -> list[str] | None:
    """The options argparse did not know (``--name`` or ``--name=value``, each with its value);
    ``None`` if anything else is left over."""
    names: list[str] = []
    index = 0
    while index < len(extra):
        word = extra[index]
        if not word.startswith("--"):
            return None
        names.append(word.split("=", 1)[0])
        index += 1
        if "=" not in word and index < len(extra) and not extra[index].startswith("-"):
            index += 1  # its value
    return names


def _main(argv: list[str]) -> int:
    folders = plugins_dirs(argv)
    reg = build_registry(plugins_dirs=folders) if folders else registry()
    command, rest = split_command(argv, reg)
    chosen = chosen_format(reg, command, rest)
    try:
        parser = build_parser(reg, command, chosen)
    except InternalError as exc:
        print(exc, file=sys.stderr)
        return 1
    if command in ("export", "import"):
        args, extra = parser.parse_known_args(argv)
        unknown = _unknown_flags(extra)
        if extra and (chosen is None or unknown is None):
            parser.parse_args(argv)  # argparse's own usage error for what is not an option
        if unknown and chosen is not None:
            # The message a Python caller gets: the format's options, the nearest suggested.
            for name in unknown:
                print(unknown_option(name, chosen.options, owner=chosen.name), file=sys.stderr)
            return 2
    else:
        args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    args.lang = args.lang or "sv"
    if args.command != "plugins":
        debug = bool(os.environ.get(DEBUG_VARIABLE))
        for plugin_problem in reg.problems:
            print(f"warning: {plugin_problem}", file=sys.stderr)
            if debug and plugin_problem.traceback:
                print(plugin_problem.traceback.rstrip(), file=sys.stderr)
        for text in reg.warnings:
            print(f"warning: {text}", file=sys.stderr)
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
