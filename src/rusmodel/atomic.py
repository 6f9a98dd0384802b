"""Writing a file so that it is either complete or not there at all.

An output is written to a temporary file beside the target and moved over
the target only once it is complete, so a failure half-way leaves no partial
file and an existing file untouched. Plugins get this through the public API.

What the target is decides how it is written:

- a regular file, or a name not yet taken: replaced as above;
- a symbolic link: the file it points to is replaced as above, and the link
  stays a link;
- a character device or a pipe (``/dev/null``, ``/dev/stdout``, a FIFO):
  nothing can replace those, so the output is made complete first, in an
  unnamed temporary file, and then written straight into it;
- a folder, a disk (block device) or a socket: refused with a
  :class:`~rusmodel.PlanError` naming it; nothing is written.

An error names the target, never the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from rusmodel.problems import PlanError

__all__ = ["atomic_write"]


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open ``path`` for binary writing; it is replaced only when the block ends cleanly.

    >>> with atomic_write("deck.pptx") as out:  # doctest: +SKIP
    ...     presentation.save(out)
    """
    target = Path(path)
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise _naming(exc, target, None) from None
    if mode is None or stat.S_ISREG(mode):
        with _replacing(target, exists=mode is not None) as handle:
            yield handle
        return
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        with _straight(target) as handle:
            yield handle
        return
    raise PlanError.single(_refusal(mode), file=str(target))


def _refusal(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder; give the name of the file to write"
    if stat.S_ISBLK(mode):
        what = "a disk (a block device)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a special file"
    return (
        f"is {what}; rusmodel writes only to files, to character devices "
        "such as /dev/null and to pipes"
    )


@contextlib.contextmanager
def _replacing(target: Path, *, exists: bool) -> Iterator[BinaryIO]:
    # A link is followed: the file it names is replaced and the link kept.
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    directory = real.parent if str(real.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise _naming(exc, target, None, made=False) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if exists:
            # Keep the permissions the user gave the file being replaced.
            os.chmod(temp_name, real.stat().st_mode & 0o777)
        else:
            os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, real)
    except OSError as exc:
        _remove(temp_name)
        raise _naming(exc, target, temp_name) from None
    except BaseException:
        _remove(temp_name)
        raise


@contextlib.contextmanager
def _straight(target: Path) -> Iterator[BinaryIO]:
    """Make the output complete in an unnamed file, then write it into the device or pipe."""
    try:
        with tempfile.TemporaryFile() as handle:
            yield handle
            handle.seek(0)
            with open(target, "wb") as out:
                shutil.copyfileobj(handle, out)
    except OSError as exc:
        raise _naming(exc, target, None) from None


def _remove(temp_name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp_name)


def _naming(exc: OSError, target: Path, temp_name: str | None, *, made: bool = True) -> OSError:
    """``exc`` naming the target where it named the temporary file, or nothing.

    ``made`` is false where the temporary file could not be made: the name in
    the error is then the one it would have had.
    """
    if made and exc.filename is not None and exc.filename != temp_name:
        return exc
    # OSError(errno, ...) gives the subclass for that errno (PermissionError, …).
    return OSError(exc.errno, exc.strerror or str(exc), str(target))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
