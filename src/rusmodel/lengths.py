"""Texts longer than any document can show (:data:`MAX_TEXT`), found fast in a large plan.

Validation refuses them (a comment holding a pasted file would otherwise become
thousands of slides); this module finds them, at the speed a plan of a million
texts needs, and names each one's place in the plan file.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import operator
import types
import typing
from collections.abc import Iterator
from decimal import Decimal

import attrs

from rusmodel.model import Plan
from rusmodel.problems import Problem
from rusmodel.targets import Target

__all__ = ["MAX_TEXT", "long_texts"]

MAX_TEXT = 32_767
"""The most characters any one text of a plan may have: what an Excel cell holds.

No document rusmodel makes can show more in one place: a workbook cell holds
at most this (Excel cuts the rest), and a slide shows some 2 000 characters,
so a comment of this length already fills a dozen slides. A longer text is a
mistake (a file pasted into a comment) and is refused before a deck of
thousands of slides is made from it.
"""


def long_texts(plan: Plan) -> Iterator[Problem]:
    """Every text longer than :data:`MAX_TEXT`, at its place in the plan file.

    A first pass only looks (a plan holds a million texts, and this runs on
    every check); the places are found only for a plan that has such a text.
    """
    if _has_long_text(plan):
        yield from _long_texts(plan, "")


def _has_long_text(value: object) -> bool:
    """Whether any text in ``value`` is too long, by a check made for its type (see below)."""
    return _checker(type(value))([value])


Check = typing.Callable[[list[typing.Any]], bool]
"""Whether any of a list of values of one type holds too long a text."""


def _texts_too_long(texts: list[str]) -> bool:
    return bool(texts) and max(map(len, texts)) > MAX_TEXT


def _nothing(values: list[typing.Any]) -> bool:
    return False


_CHECKERS: dict[object, Check] = {}


def _checker(annotation: object) -> Check:
    """The check for values of the type ``annotation`` (see :func:`_make_checker`), made once."""
    check = _CHECKERS.get(annotation)
    if check is None:
        check = _CHECKERS[annotation] = _make_checker(annotation)
    return check


def _make_checker(annotation: typing.Any) -> Check:
    """A check of many values of the type ``annotation`` at once, field by field.

    Made once per type from its annotation: the titles of all activities are
    one list, their follow-ups' comments another, and each list's longest text
    is found by ``max(map(len, …))``, so a plan's million texts are looked at
    at the speed of C, not one Python call each.
    """
    if annotation is str:
        return _texts_too_long
    if annotation is Target:
        return lambda targets: _texts_too_long([t.text for t in targets])
    if _no_text(annotation):
        return _nothing
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in arguments if a is not type(None)]
        if len(options) == 1:
            one = _checker(options[0])
            return lambda values: one([v for v in values if v is not None])
    elif origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _checker(arguments[0])
        return lambda tuples: item(list(itertools.chain.from_iterable(tuples)))
    elif origin is dict and len(arguments) == 2:
        key, item = _checker(arguments[0]), _checker(arguments[1])
        return lambda mappings: (
            key(list(itertools.chain.from_iterable(mappings)))
            or item(list(itertools.chain.from_iterable(map(dict.values, mappings))))
        )
    elif isinstance(annotation, type) and attrs.has(annotation):
        fields = [
            (operator.attrgetter(name), _checker(_field_type(annotation, name)))
            for name in _text_fields(annotation)
        ]
        return lambda objects: any(check(list(map(get, objects))) for get, check in fields)
    return lambda values: any(map(_any_long, values))  # a type not foreseen: value by value


def _field_type(cls: type, name: str) -> object:
    return attrs.fields_dict(attrs.resolve_types(cls))[name].type


def _any_long(value: object) -> bool:
    if isinstance(value, str):
        return len(value) > MAX_TEXT
    if isinstance(value, (tuple, list)):
        return any(map(_any_long, value))
    if isinstance(value, dict):
        return any(map(_any_long, value)) or any(map(_any_long, value.values()))
    return bool(_text_fields(type(value))) and _checker(type(value))([value])


def _long_texts(value: object, place: str) -> Iterator[Problem]:
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            yield Problem(
                f"the text is {len(value):,} characters long; no document can show more than "
                f"{MAX_TEXT:,} in one place (an Excel cell holds no more): shorten it",
                place=place,
            )
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _long_texts(item, f"{place}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _long_texts(key, place)
            yield from _long_texts(item, f"{place}.{key}" if place else str(key))
    elif isinstance(value, Target):
        yield from _long_texts(value.text, place)  # written in the file as its text
    else:
        for name in _text_fields(type(value)):
            yield from _long_texts(getattr(value, name), f"{place}.{name}" if place else name)


_NO_TEXT = frozenset({int, bool, Decimal, float, type(None)})


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that may hold text, at any depth; none for other types."""
    names = _TEXT_FIELDS.get(cls)
    if names is None:
        fields = attrs.fields(attrs.resolve_types(cls)) if attrs.has(cls) else ()
        names = _TEXT_FIELDS[cls] = tuple(f.name for f in fields if not _no_text(f.type))
    return names


def _no_text(annotation: object) -> bool:
    """Whether a field's type can hold no text: a number, a date, a flag or an enum."""
    arguments = typing.get_args(annotation)
    if arguments and typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return all(_no_text(a) for a in arguments)
    if isinstance(annotation, type):
        return annotation in _NO_TEXT or issubclass(annotation, (dt.date, enum.Enum))
    return False
