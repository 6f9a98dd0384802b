"""Reading a workbook's values in a child process while the parent checks the file.

python-calamine reads fast, but some files make it end the whole process: a
sheet whose cells lie far apart asks for a grid of billions of cells, a
shared-strings part announcing four billion strings asks for 96 GB at once,
and Rust ends a program whose memory allocation fails; no exception is raised.
:mod:`.safety` refuses every such file known, before the reader sees it, but
that check is written against the reader's behaviour, and a reader written in
another language has more ways to fail than anyone has found.

Where the platform allows it (Linux, in a process running a single thread),
the values are therefore read in a forked child process, under a memory
limit, while the parent runs the safety check on the same file:

- the check's verdict comes first: when it refuses the file, the child is
  stopped and the check's message is the one reported, as without the child;
- when the child dies (an abort, the memory limit) on a file the check let
  through, the file is refused as one the reader cannot read, quoting the
  reader's last words; nothing else of the program is lost;
- otherwise the values are the child's, exactly as read in one process.

The check and the read run side by side on two processors, so the check no
longer adds its time to the read's (two seconds of eight for a workbook of
100 000 activities). Elsewhere (Windows and macOS, where forking a Python
process is not safe, or a program running threads) the check runs first and
the values are read in the same process; the environment variable
``RUSMODEL_READ_IN_PROCESS=1`` asks for that everywhere.
"""

from __future__ import annotations

import contextlib
import faulthandler
import marshal
import os
import pickle
import queue
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from rusmodel import PlanError
from rusmodel.problems import Problem

__all__ = ["CHILD_MEMORY", "RawSheet", "available", "read_checked"]

RawSheet = tuple[str, bool, tuple[tuple[int, int, int, int], ...], list[list[Any]]]
"""A sheet as read: its name, whether it is hidden, its merged ranges and its rows."""

T = TypeVar("T")

CHILD_MEMORY = 4 << 30
"""The address space the child may take beyond what the process had when it forked: 4 GiB.

The largest workbook :mod:`.safety` lets through (256 MiB unpacked, 5 million
cells) is read in well under that; a file asking for more makes the child's
allocation fail at once instead of the machine swapping.
"""

_ROWS_PER_FRAME = 5_000
_HEADER = struct.Struct("<cQ")
_SHEET, _ROWS, _PICKLED, _ERROR, _DONE = b"S", b"R", b"P", b"E", b"D"
_LAST_WORDS = 4_000
_PIPE_SIZE = 1 << 20


def available() -> bool:
    """Whether values are read in a child process here (see the module's text)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and os.environ.get("RUSMODEL_READ_IN_PROCESS", "") in ("", "0")
    )


def read_checked(
    path: Path, check: Callable[[Path], T], read: Callable[[Path], Iterable[RawSheet]]
) -> tuple[T, list[RawSheet]]:
    """``check(path)`` here and ``read(path)`` in a forked child, at the same time.

    Returns what the check returned and the sheets read. Raises the check's
    :class:`PlanError` when it refuses the file, the reader's when it cannot
    read it, and one naming the file when the child dies. When no child can be
    started, the check runs first and the values are read here.
    """
    with tempfile.TemporaryFile() as printed:
        reader, writer = os.pipe()
        with contextlib.suppress(ImportError, AttributeError, OSError):
            import fcntl  # Linux: a pipe of 1 MiB instead of 64 kB, fewer turns between the two

            fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        try:
            pid = os.fork()
        except OSError:  # no process to be had (a limit on processes, no memory): read here
            os.close(reader)
            os.close(writer)
            verdict = check(path)
            return verdict, list(read(path))
        if pid == 0:  # pragma: no cover - the child; its work is checked through the parent
            os.close(reader)
            _child(path, read, writer, printed.fileno())
        os.close(writer)
        try:
            with os.fdopen(reader, "rb") as pipe:
                verdict = check(path)
                sheets, problems = _receive(pipe)
            status = _reap(pid)
        except BaseException:
            _stop(pid)
            raise
        if problems is not None:
            raise PlanError(problems)
        if sheets is None:
            printed.seek(0)
            said = printed.read(_LAST_WORDS).decode("utf-8", "replace")
            raise PlanError.single(_died(status, said), file=str(path))
    return verdict, sheets


def _child(
    path: Path, read: Callable[[Path], Iterable[RawSheet]], writer: int, printed: int
) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        for number in (signal.SIGTERM, signal.SIGHUP):  # the parent's handlers are not for us
            signal.signal(number, signal.SIG_DFL)
        os.dup2(printed, 2)  # what a dying reader prints is kept for the message
        faulthandler.disable()  # it would print to the parent's error output, not to ours
        os.environ["RUST_BACKTRACE"] = "0"
        _limit_memory()
        with os.fdopen(writer, "wb", buffering=1 << 20) as out:
            # The sheets read are sent by a thread of their own, so that the next sheet is
            # read (python-calamine lets go of the interpreter meanwhile) while the parent
            # takes in the last one.
            # A sheet, the reader's error, or the end: whether all was read.
            sheets: queue.Queue[RawSheet | PlanError | bool] = queue.Queue()
            sender = threading.Thread(target=_send_sheets, args=(out, sheets))
            sender.start()
            finished = False
            try:
                for sheet in read(path):
                    sheets.put(sheet)
                finished = True
            except PlanError as exc:
                sheets.put(exc)
            finally:
                sheets.put(finished)
                sender.join()
    except BaseException:
        code = 1
        _print_traceback()
    finally:
        os._exit(code)


def _send_sheets(
    out: BinaryIO, sheets: queue.Queue[RawSheet | PlanError | bool]
) -> None:  # pragma: no cover - runs in the child
    try:
        while True:
            sheet = sheets.get()
            if isinstance(sheet, bool):  # the end: all read, or the reader failed (printed)
                if sheet:
                    _send(out, _DONE, b"")
                return
            if isinstance(sheet, PlanError):
                _send(out, _ERROR, pickle.dumps(sheet.problems, pickle.HIGHEST_PROTOCOL))
                return
            name, hidden, merged, rows = sheet
            _send(out, _SHEET, marshal.dumps((name, hidden, merged)))
            for start in range(0, len(rows), _ROWS_PER_FRAME):
                batch = rows[start : start + _ROWS_PER_FRAME]
                try:
                    _send(out, _ROWS, marshal.dumps(batch))
                except ValueError:  # dates and times, which marshal does not know
                    _send(out, _PICKLED, pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            out.flush()
    except BaseException:
        _print_traceback()
        os._exit(1)


def _print_traceback() -> None:  # pragma: no cover - runs in the child
    """The error being handled, to the child's error output, which the parent quotes."""
    with contextlib.suppress(BaseException):
        import traceback

        os.write(2, traceback.format_exc().encode("utf-8", "replace")[-_LAST_WORDS:])


def _send(out: BinaryIO, kind: bytes, payload: bytes) -> None:  # pragma: no cover - child
    out.write(_HEADER.pack(kind, len(payload)))
    out.write(payload)


def _receive(pipe: BinaryIO) -> tuple[list[RawSheet] | None, tuple[Problem, ...] | None]:
    """The sheets the child sent, or its problems; ``(None, None)`` when it died midway.

    The payloads are the child's own ``marshal`` and ``pickle`` output: the
    file's contents reach them only as values python-calamine produced.
    """
    sheets: list[RawSheet] = []
    while True:
        header = pipe.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return None, None
        kind, size = _HEADER.unpack(header)
        payload = pipe.read(size)
        if len(payload) < size:
            return None, None
        if kind == _SHEET:
            name, hidden, merged = marshal.loads(payload)
            sheets.append((name, hidden, merged, []))
        elif kind == _ROWS:
            sheets[-1][3].extend(marshal.loads(payload))
        elif kind == _PICKLED:
            sheets[-1][3].extend(pickle.loads(payload))  # our own child's
        elif kind == _ERROR:
            return None, pickle.loads(payload)  # our own child's
        elif kind == _DONE:
            return sheets, None
        else:
            return None, None


def _reap(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return status


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _died(status: int, said: str) -> str:
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    if os.WIFSIGNALED(status):  # Rust says why first: "memory allocation of … bytes failed"
        how = f"stopped by signal {os.WTERMSIG(status)}"
        last_words = lines[0] if lines else ""
    else:  # a Python traceback, whose last line is the error
        how = f"stopped with exit code {os.waitstatus_to_exitcode(status)}"
        last_words = lines[-1] if lines else ""
    why = f" ({last_words[:200]})" if last_words else ""
    return (
        f"the workbook cannot be read: the spreadsheet reader {how}{why}; "
        "the file is damaged or not a workbook rusmodel will read"
    )


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    try:
        import resource
    except ImportError:
        return
    try:
        with open("/proc/self/status", "rb") as status:
            size = next(
                (int(line.split()[1]) * 1024 for line in status if line.startswith(b"VmSize:")),
                0,
            )
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = size + CHILD_MEMORY
        for limit in (soft, hard):
            if limit != resource.RLIM_INFINITY:
                want = min(want, limit)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (OSError, ValueError, StopIteration):
        pass
