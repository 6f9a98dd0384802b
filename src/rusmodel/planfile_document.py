"""What reading a plan file gives before the model is made of it: plain data with the line
each path was read from (:class:`PlanDocument`). The YAML and the JSON reader decode the
text by one rule (:func:`decode`) and keep the same limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from rusmodel._gc import collector_paused
from rusmodel.convert import structure_plan
from rusmodel.model import Plan
from rusmodel.problems import PlanError, Problem

__all__ = ["MAX_DEPTH", "MAX_INT_DIGITS", "PlanDocument", "decode"]

MAX_DEPTH = 64
"""No plan nests deeper than this; deeper input is refused before it is built."""
MAX_INT_DIGITS = 4000
"""The most digits a whole number in a plan file may have; a longer one is refused."""


@attrs.frozen
class PlanDocument:
    """Plain data read from a plan file, with the line each path was read from."""

    data: Any
    file: str
    lines: Mapping[str, int]

    def plan(self) -> Plan:
        with collector_paused():
            return structure_plan(self.data, file=self.file, lines=self.lines)


def decode(raw: bytes | str, file: str) -> str:
    """The text of a plan file: UTF-8, a BOM allowed; UTF-16 and bytes that are not UTF-8
    are refused, naming the line."""
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanError.single("the file is UTF-16 text; save it as UTF-8", file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(
            [
                Problem(
                    f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8",
                    file=file,
                    line=line,
                )
            ]
        ) from None
