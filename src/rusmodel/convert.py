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
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
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
from rusmodel.problems import PathPart, PlanError, Problem, format_path, nearest_line
from rusmodel.targets import Target, parse_target

__all__ = ["FieldError", "converter", "structure_plan", "unstructure_plan"]

T = TypeVar("T")


class FieldError(ValueError):
    """A value that has the wrong shape; its message is shown to the user as it is."""


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


def _structure_str(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    raise FieldError(f"expected text, got {_kind(value)}; put it in quotes")


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise FieldError(f"expected a whole number, got {_kind(value)} {value!r}")


def _structure_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError(f"expected true or false, got {_kind(value)} {value!r}")


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
            raise FieldError(f"expected a number, got text {value!r}") from None
    else:
        raise FieldError(f"expected a number, got {_kind(value)}")
    if not result.is_finite():
        raise FieldError(f"expected a finite number, got {value!r}")
    return result


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise FieldError(f"expected a date (YYYY-MM-DD), got a date and time {value}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldError(f"expected a date written YYYY-MM-DD, got {_kind(value)} {value!r}")


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
    raise FieldError(f"{value!r} is not one of: {allowed}")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
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
            raise FieldError(f"{value!r} is not a built-in scale ({known}); or define one")
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
    """The keys allowed at ``path``, found by walking the model's classes."""
    cls: Any = Plan
    for part in path:
        if isinstance(part, int):
            continue
        if not attrs.has(cls):
            return []
        hints = typing.get_type_hints(cls)
        if part not in hints:
            return []
        cls = _inner_class(hints[part])
    return [f.name for f in attrs.fields(cls)] if attrs.has(cls) else []


def _inner_class(tp: Any) -> Any:
    if attrs.has(tp):
        return tp
    for arg in reversed(typing.get_args(tp)):
        inner = _inner_class(arg)
        if inner is not None:
            return inner
    return None


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
        for extra in sorted(exc.extra_fields):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                Problem(
                    f"unknown key {extra!r}{hint}",
                    place=place or "(top level)",
                    file=file,
                    line=nearest_line(format_path((*path, extra)), lines),
                )
            )
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
