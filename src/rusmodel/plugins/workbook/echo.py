"""Problems a command's report shows on standard output, said again on standard error.

``rusmodel collect`` prints its report (who answered, what was merged, what
was refused) on standard output, where a person reads it or a script saves
it. Every other command puts its problems on standard error, and a script that
keeps the report in a file must still see what was refused: so the refusals
go to both, one line each. Where both streams are the same terminal or file
(a person at a terminal), they are printed once, in the report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

__all__ = ["to_stderr"]


def to_stderr(lines: Iterable[object]) -> None:
    """Print ``lines`` on standard error, unless standard output is the same file."""
    if _same_file():
        return
    for line in lines:
        print(line, file=sys.stderr)


def _same_file() -> bool:
    if sys.stdout is sys.stderr:
        return True  # one stream for both (a program capturing them together)
    try:
        out, err = os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return False  # not real files (captured by a test, a notebook): say it on both
    return (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino)
