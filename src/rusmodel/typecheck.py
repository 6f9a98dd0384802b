"""Values of the wrong type in a plan built in Python: ``Plan(first_year="2024")``.

A plan read from a file has the model's types (the reader converts and
refuses what it cannot), but a plan built in Python or by a plugin's importer
may hold a string where a year belongs or a list where a tuple does. The
model's classes do not check types when built; :func:`type_problems` walks a
plan's fields with their type hints and reports each wrong value at its place
(``first_year: expected a whole number, got str '2024'``), so
:func:`rusmodel.validation.validate` reports it instead of a ``TypeError``
from deep inside a check or an exporter.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from rusmodel.problems import Problem, format_path, shorten

__all__ = ["type_problems"]

PathPart = str | int

_WORDS: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    Decimal: "a decimal number (decimal.Decimal)",
    dt.date: "a date (datetime.date)",
}


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def type_problems(value: object) -> list[Problem]:
    """Every value in ``value`` (a plan or any model object) whose type is not its field's."""
    if not attrs.has(type(value)):
        return [Problem(f"expected a model object, got {type(value).__name__}")]
    # A plan nearly always has every type right: the quick check says so without making
    # a path for every value; only a plan it refuses is walked again for the problems.
    if _instance_fits(type(value))(value):
        return []
    return list(_instance(value, ()))


def _instance(value: Any, path: tuple[PathPart, ...]) -> Iterator[Problem]:
    cls: Any = type(value)
    hints = _hints(cls)
    for field in attrs.fields(type(value)):
        yield from _check(getattr(value, field.name), hints[field.name], (*path, field.name))


def _describe(tp: Any) -> str:
    if tp in _WORDS:
        return _WORDS[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"a {tp.__name__} ({', '.join(repr(m.value) for m in tp)})"
    if isinstance(tp, type):
        return f"a {tp.__name__}"
    origin = typing.get_origin(tp)
    if origin is tuple:
        return "a tuple"
    if origin is dict:
        return "a dict"
    if origin in (typing.Union, types.UnionType):
        return " or ".join("None" if a is type(None) else _describe(a) for a in typing.get_args(tp))
    return str(tp)


def _wrong(value: Any, tp: Any, path: tuple[PathPart, ...], hint: str = "") -> Problem:
    got = type(value).__name__
    if value is None:
        shown = ""
    elif isinstance(value, list | dict | set | tuple):
        shown = f" of {len(value)}"
    else:
        shown = f" {shorten(value)}"
    return Problem(f"expected {_describe(tp)}, got {got}{shown}{hint}", place=format_path(path))


def _check(value: Any, tp: Any, path: tuple[PathPart, ...]) -> Iterator[Problem]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return
        fitting = [a for a in options if a is not type(None) and _fits_outer(value, a)]
        if not fitting:
            yield _wrong(value, tp, path)
            return
        yield from _check(value, fitting[0], path)
        return
    if origin is tuple:
        if not isinstance(value, tuple):
            hint = "; write tuple(...)" if isinstance(value, list) else ""
            yield _wrong(value, tp, path, hint)
            return
        inner = typing.get_args(tp)[0]
        for index, item in enumerate(value):
            yield from _check(item, inner, (*path, index))
        return
    if origin is dict:
        if not isinstance(value, dict):
            yield _wrong(value, tp, path)
            return
        key_type, item_type = typing.get_args(tp)
        for key, item in value.items():
            if not isinstance(key, key_type):
                yield _wrong(key, key_type, path, " as a key")
                continue
            yield from _check(item, item_type, (*path, key))
        return
    if not _fits_outer(value, tp):
        yield _wrong(value, tp, path)
        return
    if attrs.has(type(value)):
        yield from _instance(value, path)


def _fits_outer(value: Any, tp: Any) -> bool:
    """Whether ``value`` is of ``tp`` on the surface (its items are checked separately)."""
    origin = typing.get_origin(tp)
    if origin is not None:
        return isinstance(value, origin)
    if tp is Any:
        return True
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, tp)


# -- the quick check: the same rules as :func:`_check`, as one test per type -------------------

Fits = Callable[[Any], bool]


def _is_model(cls: type) -> bool:
    known = _MODEL_CLASSES.get(cls)
    if known is None:
        known = _MODEL_CLASSES[cls] = attrs.has(cls)
    return known


_MODEL_CLASSES: dict[type, bool] = {}


def _instance_fits(cls: type) -> Fits:
    """Whether an instance of the model class ``cls`` has every field of its type."""
    known = _INSTANCE_FITS.get(cls)
    if known is None:
        known = _INSTANCE_FITS[cls] = _make_instance_fits(cls)
    return known


_INSTANCE_FITS: dict[type, Fits] = {}


def _make_instance_fits(cls: type) -> Fits:
    checks: list[tuple[str, Fits]] = []

    def fits(value: Any) -> bool:
        if not checks:
            # Made on first use, so a class whose fields hold the class itself is no loop.
            hints = _hints(cls)
            checks.extend((f.name, _fits(hints[f.name])) for f in attrs.fields(cls))
        return all(check(getattr(value, name)) for name, check in checks)

    return fits


@functools.cache
def _fits(tp: Any) -> Fits:
    """A test that is true exactly where :func:`_check` finds no problem in a value of ``tp``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        none_fits = type(None) in options
        choices = [(_outer(a), _fits(a)) for a in options if a is not type(None)]

        def union(value: Any) -> bool:
            if value is None and none_fits:
                return True
            for outer, inner in choices:
                if outer(value):
                    return inner(value)
            return False

        return union
    if origin is tuple:
        item_fits = _fits(typing.get_args(tp)[0])
        return lambda value: isinstance(value, tuple) and all(item_fits(i) for i in value)
    if origin is dict:
        key_type, item_type = typing.get_args(tp)
        value_fits = _fits(item_type)
        return lambda value: (
            isinstance(value, dict)
            and all(isinstance(k, key_type) and value_fits(v) for k, v in value.items())
        )
    outer = _outer(tp)

    def plain(value: Any) -> bool:
        if not outer(value):
            return False
        cls = type(value)
        return not _is_model(cls) or _instance_fits(cls)(value)

    return plain


@functools.cache
def _outer(tp: Any) -> Fits:
    """:func:`_fits_outer` for ``tp``, its type looked at once."""
    origin = typing.get_origin(tp)
    if origin is not None:
        return lambda value: isinstance(value, origin)
    if tp is Any:
        return lambda value: True
    if tp is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if tp is dt.date:
        return lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return lambda value: isinstance(value, tp)
