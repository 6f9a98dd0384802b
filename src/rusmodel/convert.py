"""The cattrs converters between the model and plain data, built once.

Plain data is what YAML and JSON hold: dicts, lists, strings, numbers, dates.
Structuring is strict, since a plan file is written by hand: unknown keys,
text where a number belongs and numbers where text belongs are errors with a
path, never silently coerced.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import types
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from rusmodel.model import (
    BUILTIN_SCALES,
    Plan,
    Schedule,
    ScheduleError,
    StatusScale,
    parse_schedule,
)
from rusmodel.problems import PathPart, PlanError, Problem, format_path, nearest_line, shorten
from rusmodel.targets import Target, parse_target

__all__ = ["FieldError", "converter", "structure_plan", "unstructure_plan"]

T = TypeVar("T")


class FieldError(ValueError):
    """A value that has the wrong shape; its message is shown to the user as it is."""


MAX_DIGITS = 100
"""No number in a plan has more digits than this before or after the decimal point.

Written out in full, ``1e999999999`` is a gigabyte of zeros; no amount, outcome
or year comes near this bound.
"""


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return "a date"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return shorten(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _structure_str(value: object, _: type) -> str:
    if isinstance(value, str):
        bad = _SURROGATE.search(value)
        if bad:
            # Only a JSON escape ("\ud800") makes one; no file or document can hold it.
            raise FieldError(
                f"the text holds half of a character (U+{ord(bad.group()):04X}, a lone "
                "surrogate); write the whole character"
            )
        return value
    raise FieldError(f"expected text, got {_kind(value)}; put it in quotes")


def _check_size(number: Decimal, value: object) -> Decimal:
    if number and abs(number.adjusted()) >= MAX_DIGITS:
        raise FieldError(
            f"{_shown(value)} has more than {MAX_DIGITS} digits before or after the decimal "
            "point; it is not a number a plan can hold"
        )
    return number


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        _check_size(Decimal(value), value)
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        # Checked before int(): int(Decimal("1e999999999")) would take minutes and gigabytes.
        return int(_check_size(value, value))
    if isinstance(value, str) and _OTHER_BASE.fullmatch(value.strip()):
        raise FieldError(
            f"expected a whole number in plain decimal digits (no leading zero, 0x or colon), "
            f"got {_shown(value)}"
        )
    raise FieldError(f"expected a whole number, got {_kind(value)} {_shown(value)}")


# What YAML 1.1 would read in base 8, 16, 2 or 60; the plan file keeps it as text.
_OTHER_BASE = re.compile(r"[-+]?(0[0-9_]+|0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)")


def _structure_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError(f"expected true or false, got {_kind(value)} {_shown(value)}")


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool):
        raise FieldError("expected a number, got true/false")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # YAML and JSON readers here give Decimal; a float only comes from Python callers.
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise FieldError(f"expected a number, got text {_shown(value)}") from None
    else:
        raise FieldError(f"expected a number, got {_kind(value)}")
    if not result.is_finite():
        raise FieldError(f"expected a finite number, got {_shown(value)}")
    return _check_size(result, value)


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise FieldError(f"expected a date (YYYY-MM-DD), got a date and time {value}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise FieldError(f"{_shown(value)} is not a date in the calendar") from None
    raise FieldError(f"expected a date written YYYY-MM-DD, got {_kind(value)} {_shown(value)}")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_schedule(value: object, _: type) -> Schedule:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(f"expected a schedule such as 2023 or 2023-2024, got {_kind(value)}")
    try:
        return parse_schedule(value)
    except ScheduleError as exc:
        raise FieldError(str(exc)) from None


def _structure_target(value: object, _: type) -> Target:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise FieldError(f"expected a target such as '> 69%', got {_kind(value)}")
    return parse_target(str(value))


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    for member in cls:
        if member.value == value:
            return member
    allowed = ", ".join(str(m.value) for m in cls)
    raise FieldError(f"{_shown(value)} is not one of: {allowed}")


def _is_list(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list_hook(tp: Any, conv: cattrs.Converter) -> Any:
    """A list in the file; text or a mapping there is refused, not read item by item.

    Left to cattrs, ``responsible: Folkhälsostrateg`` would become a list of
    the name's letters without a word said.
    """
    items = homogenous_tuple_structure_factory(tp, conv)

    def structure(value: object, _: type) -> Any:
        if not isinstance(value, list | tuple):
            raise FieldError(f"expected a list, got {_kind(value)}")
        return items(value, tp)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook_factory(_is_list, lambda tp: _list_hook(tp, conv))
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(Schedule, _structure_schedule)
    conv.register_structure_hook(Target, _structure_target)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook(Decimal, lambda d: d)
    conv.register_unstructure_hook(dt.date, lambda d: d)
    conv.register_unstructure_hook(Schedule, lambda s: s.text())
    conv.register_unstructure_hook(Target, lambda t: t.text)

    scale_fn = make_dict_structure_fn(StatusScale, conv, _cattrs_forbid_extra_keys=True)

    def structure_scale(value: object, _: type) -> StatusScale:
        if isinstance(value, str):
            if value in BUILTIN_SCALES:
                return BUILTIN_SCALES[value]
            known = ", ".join(BUILTIN_SCALES)
            raise FieldError(f"{_shown(value)} is not a built-in scale ({known}); or define one")
        if not isinstance(value, Mapping):
            raise FieldError(f"expected a scale name or a scale, got {_kind(value)}")
        return scale_fn(value, StatusScale)

    def unstructure_scale(scale: StatusScale) -> object:
        if BUILTIN_SCALES.get(scale.id) == scale:
            return scale.id
        return {
            "id": scale.id,
            "values": [conv.unstructure(v) for v in scale.values],
        }

    conv.register_structure_hook(StatusScale, structure_scale)
    conv.register_unstructure_hook(StatusScale, unstructure_scale)
    return conv


converter: cattrs.Converter = _make_converter()
"""The converter between plain data and the model; built once, shared by every format."""


def unstructure_plan(plan: Plan) -> dict[str, Any]:
    """The plan as plain data, ``schema_version`` first, defaults left out."""
    data: dict[str, Any] = converter.unstructure(plan)
    data.pop("schema_version", None)
    return {"schema_version": plan.schema_version, **data}


def structure_plan(data: object, *, file: str = "", lines: Mapping[str, int] | None = None) -> Plan:
    """Build a :class:`Plan` from plain data or raise :class:`PlanError` with every problem.

    ``lines`` maps a path in the data to the line it was read from, so each
    problem can name its line.
    """
    if not isinstance(data, Mapping):
        raise PlanError.single(f"expected a plan (a mapping of keys), got {_kind(data)}", file=file)
    version = data.get("schema_version")
    if version is not None and version != 1:
        raise PlanError.single(
            f"schema_version {version!r} is not supported; this rusmodel reads version 1",
            file=file,
            place="schema_version",
        )
    try:
        return converter.structure(data, Plan)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = [
            problem
            for path, error in _walk(exc, ())
            for problem in _problem(path, error, data, file, lines or {})
        ]
        problems.sort(key=lambda p: p.line or 0)
        raise PlanError(problems) from None
    except (FieldError, ForbiddenExtraKeysError) as exc:
        raise PlanError(_problem((), exc, data, file, lines or {})) from None


def _walk(
    exc: BaseException, path: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], BaseException]]:
    if isinstance(exc, IterableValidationError):
        indexed, without = exc.group_exceptions()
        for sub, index_note in indexed:
            yield from _walk(sub, (*path, index_note.index))
        for sub in without:
            yield path, sub
    elif isinstance(exc, ClassValidationError):
        named, without = exc.group_exceptions()
        for sub, name_note in named:
            yield from _walk(sub, (*path, name_note.name))
        for sub in without:
            yield from _walk(sub, path) if isinstance(sub, ExceptionGroup) else [(path, sub)]
    else:
        yield path, exc


def _value_at(data: object, path: tuple[PathPart, ...]) -> object:
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if (isinstance(data, Mapping) and part in data) or in_list:
            data = data[part]  # type: ignore[index]
        else:
            return None
    return data


def _fields_at(path: tuple[PathPart, ...]) -> list[str]:
    """The keys allowed at ``path``, found by walking the model's types."""
    tp: Any = Plan
    for part in path:
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a not in (type(None), Ellipsis)]
        if origin is dict or (origin is tuple and isinstance(part, int)):
            tp = args[-1]  # a mapping's key or a tuple's index: step into the value
        elif attrs.has(tp) and isinstance(part, str):
            hints = typing.get_type_hints(tp)
            if part not in hints:
                return []
            tp = hints[part]
        else:
            return []
        while typing.get_origin(tp) in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
    return [f.name for f in attrs.fields(tp)] if attrs.has(tp) else []


def _problem(
    path: tuple[PathPart, ...],
    exc: BaseException,
    data: object,
    file: str,
    lines: Mapping[str, int],
) -> list[Problem]:
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = _fields_at(path)
        place = format_path(path)
        problems = []
        for extra in sorted(exc.extra_fields, key=str):
            if not isinstance(extra, str):
                given = (
                    "an empty key (null)" if extra is None else f"{_kind(extra)} {_shown(extra)}"
                )
                message = f"a key must be text, got {given}; put it in quotes"
                line = nearest_line(format_path((*path, str(extra))), lines)
            else:
                # difflib compares every pair of characters: only for names of a sane length.
                close = (
                    difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
                    if len(extra) < 100
                    else []
                )
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                message = f"unknown key {_shown(extra)}{hint}"
                line = nearest_line(format_path((*path, extra)), lines)
            problems.append(Problem(message, place=place or "(top level)", file=file, line=line))
        return problems
    if isinstance(exc, KeyError):
        place = format_path(path[:-1])
        message = f"required key {path[-1]!r} is missing" if path else "a key is missing"
        return [Problem(message, place=place, file=file, line=nearest_line(place, lines))]
    if isinstance(exc, FieldError):
        message = str(exc)
    elif isinstance(exc, AttributeError | TypeError) and isinstance(
        _value_at(data, path), list | str | int | Decimal | bool | None
    ):
        value = _value_at(data, path)
        message = f"expected a mapping or a list here, got {_kind(value)}"
    else:
        message = f"invalid value: {exc}"
    place = format_path(path)
    return [Problem(message, place=place, file=file, line=nearest_line(place, lines))]
