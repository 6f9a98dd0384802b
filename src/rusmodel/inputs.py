"""Opening the files a command reads: regular files only, of a bounded size.

A plan, a returned workbook or a template is read from a file on disk. A name
that leads to a device (``/dev/zero`` never ends), a named pipe (a FIFO waits
for a writer that may never come) or a socket is refused at once, before any
of it is read, and a plan file larger than :data:`MAX_PLAN_BYTES` is refused
before it is parsed. Every refusal is a :class:`~rusmodel.PlanError` naming
the file. A symbolic link is followed: what counts is the file it leads to.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from rusmodel.problems import PlanError

__all__ = [
    "MAX_PLAN_BYTES",
    "input_replaced_by",
    "open_input",
    "read_input",
    "refuse_replacing_input",
    "refuse_special",
]

MAX_PLAN_BYTES = 128 * 1024 * 1024
"""The largest plan file (YAML or JSON) read: 128 MiB.

A plan of 100 000 activities, far more than any region has, is 78 MB of YAML
and is read in about 1 GB of memory; what a file larger than this would need
is refused before any of it is parsed.
"""


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a disk (a block device)"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def refuse_special(path: Path, mode: int) -> None:
    """Raise :class:`PlanError` unless ``mode`` (from :func:`os.stat`) is a regular file's."""
    kind = _kind(mode)
    if kind == "a folder":
        raise PlanError.single("is a folder, not a file", file=str(path))
    if kind is not None:
        raise PlanError.single(
            f"is {kind}, not a file; rusmodel reads only regular files", file=str(path)
        )


def open_input(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for binary reading if it is a regular file; otherwise :class:`PlanError`.

    A named pipe is opened without waiting for a writer, so that it is refused
    at once rather than hanging.
    """
    source = Path(path)
    file = str(source)
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no named pipes in paths
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(source, flags)
    except FileNotFoundError:
        raise PlanError.single("the file does not exist", file=file) from None
    except IsADirectoryError:
        raise PlanError.single("is a folder, not a file", file=file) from None
    except OSError as exc:
        raise PlanError.single(f"the file cannot be read: {exc.strerror}", file=file) from None
    try:
        refuse_special(source, os.fstat(fd).st_mode)
        if nonblocking:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_input(
    path: str | os.PathLike[str], *, limit: int = MAX_PLAN_BYTES, what: str = "a plan file"
) -> bytes:
    """The bytes of the regular file ``path``, refused when there are more than ``limit``.

    ``what`` names the kind of file in the refusal ("a plan file").
    """
    file = str(path)
    with open_input(path) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise PlanError.single(_too_large(limit, what), file=file)
        try:
            data = handle.read(limit + 1)  # a file growing as it is read is caught too
        except OSError as exc:
            raise PlanError.single(f"the file cannot be read: {exc.strerror}", file=file) from None
    if len(data) > limit:
        raise PlanError.single(_too_large(limit, what), file=file)
    return data


def _too_large(limit: int, what: str) -> str:
    return f"the file is larger than {limit // (1024 * 1024)} MB, the most {what} may be"


def input_replaced_by(
    output: str | os.PathLike[str], inputs: Iterable[tuple[str, str | os.PathLike[str]]]
) -> tuple[str, str] | None:
    """The input (what it is, its path) that writing ``output`` would replace, or ``None``.

    ``inputs`` are pairs of what the file is, in words ("the plan",
    "the --template file"), and its path. The files are compared as the system
    knows them (device and inode), so a symbolic link to an input, or a hard
    link, is that input; on a file system that ignores case, so is the input's
    name in other letters. An output that is not there yet, or is a device or
    a pipe, replaces nothing.
    """
    try:
        written = os.stat(output)
    except OSError:
        return None  # not there yet: it replaces nothing
    if not stat.S_ISREG(written.st_mode):
        return None
    for what, path in inputs:
        try:
            read = os.stat(path)
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            return what, os.fspath(path)
    return None


def refuse_replacing_input(
    output: str | os.PathLike[str], inputs: Iterable[tuple[str, str | os.PathLike[str]]]
) -> None:
    """Raise :class:`PlanError` naming ``output`` when it is one of the files a command reads.

    The files are compared as :func:`input_replaced_by` does. A command checks
    this before it reads anything: writing its output would otherwise replace
    what it read (a returned workbook, a template).
    """
    replaced = input_replaced_by(output, inputs)
    if replaced is not None:
        what, path = replaced
        raise PlanError.single(
            f"the output would replace {what} {path}, which is being read; choose another output",
            file=str(output),
        )
