"""Control characters (styrtecken): text no document can show, refused wherever a plan comes from.

A deck, a workbook and a Word document are XML, and XML 1.0 cannot hold the
control characters U+0000 to U+001F other than tab, line feed and carriage
return. Written anyway, they come out as ``_x0000_`` on a slide. A plan file
in YAML cannot hold them either (the YAML reader refuses them), so they are
refused in every way a plan is made: validation refuses a plan holding one
(a JSON file, a plan built in Python), and the workbook readers refuse the
cell (``Välmående!J7``), whether the workbook is imported or collected.

Refused rather than dropped: the character may stand for something lost on
the way (a line break pasted from a word processor is U+000B), and only the
person who wrote the text knows what was meant.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["CONTROL", "control_message", "plan_texts", "problems", "refuse"]

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""The control characters no XML document can hold (tab and line breaks can), and the two
non-characters U+FFFE and U+FFFF, which XML cannot hold either."""

_NAMES = {
    0x00: "NUL",
    0x07: "a bell",
    0x08: "a backspace",
    0x0B: "a vertical tab, which word processors use as a line break",
    0x0C: "a form feed, which word processors use as a page break",
    0x1B: "an escape",
    0xFFFE: "a byte-order mark read the wrong way round",
    0xFFFF: "not a character at all",
}


def control_message(text: str) -> str | None:
    """Why ``text`` is refused, naming its first control character; ``None`` if it has none."""
    found = CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code, "a control character")
    count = len(CONTROL.findall(text))
    more = f" (and {count - 1} more)" if count > 1 else ""
    return (
        f"the text holds the {'non-' if code > 0xFFFD else 'control '}character "
        f"U+{code:04X} ({name}) at character "
        f"{found.start() + 1}{more}, which no document can show; delete it or type what it "
        "stood for (often text pasted from another program)"
    )


def plan_texts(value: object, place: str = "") -> Iterator[tuple[str, str]]:
    """Every text in ``value`` (a plan or any part of it) with its place (``units[0].name``).

    A key of a mapping (a period id in ``follow_ups``) is given with the
    mapping's place.
    """
    if type(value) is str:
        yield place, value
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from plan_texts(item, f"{place}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield place, key
            yield from plan_texts(item, f"{place}.{key}" if place else str(key))
    elif isinstance(value, str):
        yield place, value  # a text enum's value, as _texts finds it
    else:
        for name in _names(type(value)):
            yield from plan_texts(getattr(value, name), f"{place}.{name}" if place else name)


def problems(plan: object) -> Iterator[tuple[str, str]]:
    """Each text of ``plan`` holding a control character: its place and what is wrong.

    All texts are gathered and searched without their places first: nearly
    every plan has none, and a plan of 100 000 activities has more than a
    million texts (gathered and searched in under a second).
    """
    if not any(map(CONTROL.search, _texts(plan))):
        return
    for place, text in plan_texts(plan):
        message = control_message(text)
        if message is not None:
            yield place, message


def refuse(plan: object, file: str = "") -> None:
    """Raise :class:`~rusmodel.PlanError` naming each text of ``plan`` holding a control
    character (and ``file``, the plan's file, where given); return if there is none."""
    from rusmodel.problems import PlanError, Problem

    found = [Problem(message, place=place, file=file) for place, message in problems(plan)]
    if found:
        raise PlanError(found)


def _texts(value: object) -> list[str]:
    """Every text in ``value``, as :func:`plan_texts` finds them, without their places."""
    texts: list[str] = []
    keep = texts.append
    stack: list[Any] = [value]
    add = stack.extend
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            keep(item)
        elif kind is tuple or kind is list:
            add(item)
        elif kind is dict:
            add(item)  # the keys
            add(item.values())
        elif isinstance(item, str):
            keep(item)  # a text enum's value
        elif kind not in _NO_TEXT:
            add(_parts(kind)(item))
    return texts


_NO_TEXT: set[type] = {int, float, bool, type(None), Decimal, dt.date, dt.datetime}
_PARTS: dict[type, Callable[[Any], Iterable[object]]] = {}


def _parts(kind: type) -> Callable[[Any], Iterable[object]]:
    """A function giving the values of an attrs class's fields (nothing for another class)."""
    parts = _PARTS.get(kind)
    if parts is None:
        names = _names(kind)
        if len(names) > 1:
            parts = operator.attrgetter(*names)
        else:
            parts = functools.partial(_fields_of, names)
        _PARTS[kind] = parts
    return parts


def _names(kind: type) -> list[str]:
    """The fields of an attrs class; none for another class."""
    return [f.name for f in attrs.fields(kind)] if attrs.has(kind) else []


def _fields_of(names: list[str], value: object) -> list[object]:
    return [getattr(value, name) for name in names]
