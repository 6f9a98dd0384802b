"""Taking turns at writing a plan in place: an advisory lock held in a file beside it.

``rusmodel collect plan.yaml a.xlsx -o plan.yaml`` reads the plan, merges the
answers and writes the plan back. Two such runs at once (two units' workbooks
collected by two people) would each read the plan before the other wrote it,
and the second write would lose the first one's answers. So a run that writes
a plan in place holds :func:`plan_lock` from before it reads the plan until
the plan is written: a second run waits for it, then reads the plan as the
first one left it.

The lock is the operating system's lock on a file beside the plan,
``.plan.yaml.lock`` (``flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows): the system releases it when a run ends in any way, even killed, so
a lock is never left behind held. The file itself is removed when the run
ends normally. A run waits at most :data:`LOCK_WAIT` seconds (the environment
variable ``RUSMODEL_LOCK_WAIT`` changes it; ``0`` does not wait) and then
stops with an error naming the plan. The lock is advisory: programs other
than rusmodel do not see it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rusmodel.problems import PlanError

__all__ = ["LOCK_WAIT", "WAIT_VARIABLE", "lock_path", "plan_lock"]

LOCK_WAIT = 60.0
"""How long a run waits for another one writing the same plan: 60 seconds."""

WAIT_VARIABLE = "RUSMODEL_LOCK_WAIT"

_POLL = 0.05


def lock_path(plan: str | os.PathLike[str]) -> Path:
    """The lock file of ``plan``: ``.NAME.lock`` beside the file a link leads to."""
    real = Path(os.path.realpath(plan))
    return real.with_name(f".{real.name}.lock")


def _wait_from_environment() -> float:
    text = os.environ.get(WAIT_VARIABLE, "").strip()
    if not text:
        return LOCK_WAIT
    try:
        seconds = float(text)
    except ValueError:
        raise PlanError.single(
            f"{WAIT_VARIABLE}={text!r} is not a number of seconds", place=WAIT_VARIABLE
        ) from None
    return max(0.0, seconds)


@contextlib.contextmanager
def plan_lock(
    plan: str | os.PathLike[str],
    *,
    wait: float | None = None,
    waiting: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock on ``plan`` inside the block; read and write the plan only inside it.

    Waits up to ``wait`` seconds (by default :data:`LOCK_WAIT`, or
    ``RUSMODEL_LOCK_WAIT``) for another run holding it, calling ``waiting``
    once with a line saying so; then raises :class:`PlanError` naming the plan.
    """
    seconds = _wait_from_environment() if wait is None else wait
    path = lock_path(plan)
    deadline = time.monotonic() + seconds
    told = False
    while True:
        fd = _open(path, plan)
        if _try_lock(fd):
            if _still_there(fd, path):
                break
            _release(fd)  # the run before removed the file as we took it: take the new one
            continue
        holder = _holder(fd)
        os.close(fd)
        if time.monotonic() >= deadline:
            raise PlanError.single(
                f"another rusmodel run{holder} is writing this plan; waited {seconds:g} s for it "
                f"to finish (the lock is {path.name}); try again when it has finished",
                file=str(plan),
            )
        if not told and waiting is not None:
            waiting(f"{plan}: another rusmodel run{holder} is writing this plan; waiting for it")
            told = True
        time.sleep(_POLL)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # before releasing: whoever waits on this file then takes a new one
        _release(fd)


def _open(path: Path, plan: str | os.PathLike[str]) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise PlanError.single(
            f"cannot make the lock file {path.name} beside the plan: {exc.strerror}",
            file=str(plan),
        ) from None


def _still_there(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _holder(fd: int) -> str:
    """`` (process 1234 on host)``, as the holder wrote it, or nothing."""
    try:
        words = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
    except (OSError, AttributeError):
        return ""
    if len(words) == 2 and words[0].isdigit():
        return f" (process {words[0]} on {words[1]})"
    return ""


if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
