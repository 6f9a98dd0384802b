"""Writing a set of files into a folder all at once, or not at all (``rusmodel template``).

The collection workbooks of a round go out together: a folder left with five
of eight, after a full disk, looks like a finished round. So the files are
written into a temporary folder beside their own (``.rusmodel-….part``), each
one complete and flushed to disk, and only then moved into place, one rename
each; if anything fails while they are written, the temporary folder is
removed and the folder is as it was. A folder that does not exist yet is made
whole and renamed into place in one step.

A file already in the folder under a name to be written is never replaced
unless asked (``force``): a unit may have filled it in and sent it back
there. Every such file is named, and nothing is written. A file the command
reads (the plan, given as ``inputs``) is never replaced, not even with
``force``: a plan saved as a workbook in the folder under a name to be
written, or a link to it there, is named and nothing is written. Nothing
but the command's own temporary folder is ever removed.

Should a move into place fail after others succeeded (the disk is not full
then, since each move only renames), the error says which files were written
and which were not.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from rusmodel import PlanError, Problem
from rusmodel.inputs import input_replaced_by

__all__ = ["write_all"]

Writer = Callable[[BinaryIO], None]


def write_all(
    directory: Path,
    files: Sequence[tuple[str, Writer]],
    *,
    force: bool = False,
    inputs: Sequence[tuple[str, Path]] = (),
) -> list[Path]:
    """Write each ``(name, write)`` of ``files`` into ``directory``: all of them, or none.

    ``write`` is given the open file to write to. ``inputs`` are the files the
    command reads, as pairs of what each is in words ("the plan") and its
    path; none of them is ever replaced. Raises :class:`PlanError` naming each
    file already there (unless ``force``), each input a file would replace, or
    the file that could not be written; the folder is then as it was.
    """
    paths = [directory / name for name, _ in files]
    _check_targets(directory, paths, force=force, inputs=inputs)
    existed = directory.is_dir()
    made: list[Path] = []  # the folders above a new one made here, to remove should it fail
    if existed:
        staging = Path(tempfile.mkdtemp(prefix=".rusmodel-", suffix=".part", dir=directory))
    else:
        parent = directory.parent
        made = [p for p in (parent, *parent.parents) if not p.exists()]
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".part", dir=parent))
    done = False
    try:
        for (name, write), path in zip(files, paths, strict=True):
            _write_one(staging / name, path, write)
        _sync(staging)
        if not existed:
            os.chmod(staging, 0o777 & ~_umask())  # mkdtemp made it for its owner only
            try:
                os.rename(staging, directory)
            except OSError as exc:
                raise PlanError.single(
                    f"the folder cannot be made: {exc.strerror}; nothing was written",
                    file=str(directory),
                ) from None
            _sync(directory.parent)
        else:
            _move_into_place(staging, paths)
            _sync(directory)
        done = True
        return paths
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:
            for folder in made:  # innermost first; each is empty unless someone else wrote there
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _check_targets(
    directory: Path, paths: Sequence[Path], *, force: bool, inputs: Sequence[tuple[str, Path]]
) -> None:
    if directory.exists() and not directory.is_dir():
        raise PlanError.single("this is a file, not a folder to write into", file=str(directory))
    problems = []
    for path in paths:
        replaced = input_replaced_by(path, inputs)  # through links: compared as files
        if replaced is not None:
            what, read = replaced
            problems.append(
                Problem(
                    f"a workbook of this name would replace {what} ({read}), which is never "
                    "replaced, not even with --force; nothing was written. Write the workbooks "
                    "to another folder, or move the plan out of this one",
                    file=str(path),
                )
            )
            continue
        if path.is_dir():
            problems.append(Problem("a folder has this name; nothing was written", file=str(path)))
        elif not force and os.path.lexists(path):
            problems.append(
                Problem(
                    "the file is already there and would be replaced (a unit may have filled it "
                    "in); nothing was written. Move it away, write to another folder, or give "
                    "--force to replace it",
                    file=str(path),
                )
            )
    if problems:
        raise PlanError(problems)


def _write_one(temporary: Path, path: Path, write: Writer) -> None:
    """Write one file in the temporary folder; an error names the file it is meant to be."""
    try:
        with temporary.open("xb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            # Keep the permissions the user gave the file being replaced.
            os.chmod(temporary, path.stat().st_mode & 0o777)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PlanError.single(
            f"cannot be written: {reason}; no file was written, the folder is as it was",
            file=str(path),
        ) from None


def _move_into_place(staging: Path, paths: Sequence[Path]) -> None:
    for done, path in enumerate(paths):
        try:
            os.replace(staging / path.name, path)
        except OSError as exc:
            written = ", ".join(p.name for p in paths[:done]) or "none"
            problems = [
                Problem(f"not written: {exc.strerror or exc}", file=str(missing))
                for missing in paths[done:]
            ]
            problems.append(
                Problem(
                    f"{done} of {len(paths)} files were written before that: {written}",
                    file=str(path.parent),
                )
            )
            raise PlanError(problems) from None


def _sync(directory: Path) -> None:
    """Flush a folder's entries to disk, so the renames survive a power cut (where possible)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
