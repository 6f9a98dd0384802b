"""A format's options: checked, converted to their kind and filled in with defaults.

The command line and the Python API (:func:`rusmodel.export`,
:func:`rusmodel.read_plan`) both check options here, before any work starts,
so a misspelled option or a bad value gets the same message either way: the
option's flag, what is wrong, and for an unknown name the format's options
with the nearest one suggested.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rusmodel.formats import Option
from rusmodel.problems import PlanError, Problem, shorten

__all__ = ["resolve_options", "unknown_option"]


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def unknown_option(name: str, options: Sequence[Option], *, owner: str = "") -> Problem:
    """The problem of an option ``name`` the format does not take, with the nearest suggested.

    ``name`` may be given as in Python (``group_by``) or as a flag (``--group-by``).
    """
    plain = name.lstrip("-").replace("-", "_")
    flags = [o.flag for o in options]
    close = difflib.get_close_matches(plain, [o.name for o in options], n=1, cutoff=0.6)
    hint = f"; did you mean {_flag(close[0])}?" if close else ""
    return Problem(
        f"{owner or 'the format'} has no option {plain!r}; "
        f"it takes: {', '.join(flags) or 'none'}{hint}",
        place=_flag(plain),
    )


def _option_problem(option: Option, message: str, owner: str) -> Problem:
    return Problem(f"{message}{f' (format {owner})' if owner else ''}", place=option.flag)


def _coerce(option: Option, value: Any) -> tuple[Any, str | None]:
    """``value`` as ``option``'s kind, or the message saying why it cannot be."""
    kind = option.kind
    if kind == "bool":
        return (value, None) if isinstance(value, bool) else (value, _expected("true or false"))
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        if isinstance(value, str):
            try:
                return int(value.strip()), None
            except ValueError:
                pass
        return value, f"expected a whole number, got {shorten(value)}"
    if kind == "decimal":
        if isinstance(value, Decimal):
            return value, None
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value), None
        if isinstance(value, str):
            try:
                number = Decimal(value.strip().replace(",", ".").replace("\u2212", "-"))
            except InvalidOperation:
                pass
            else:
                if number.is_finite():
                    return number, None
        return value, f"expected a number such as 12.5, got {shorten(value)}"
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value, None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()), None
            except ValueError:
                pass
        return value, f"expected a date such as 2023-08-31, got {shorten(value)}"
    if kind == "path":
        if not isinstance(value, str | os.PathLike):
            return value, f"expected a file name, got {shorten(value)}"
        path = Path(value)
        if not path.exists():
            return path, f"no such file: {os.fspath(path)}"
        return path, None
    if not isinstance(value, str):
        return value, f"expected text, got {shorten(value)}"
    if kind == "choice" and value not in option.choices:
        return value, f"{shorten(value)} is not one of: {', '.join(option.choices)}"
    return value, None


def _expected(what: str) -> str:
    return f"expected {what}"


def resolve_options(
    options: Sequence[Option], given: Mapping[str, Any], *, owner: str = ""
) -> dict[str, Any]:
    """The values of a format's options: ``given`` checked, defaults filled in.

    Run before any work starts: a path must exist, an int must be a number, a
    date a date, a choice one of its choices, a required option given, every
    name one the format declares (an unknown one is named with the format's
    options and the nearest suggested), and each option's ``validator`` must
    accept its value. A value of ``None`` means not given. Raises
    :class:`~rusmodel.PlanError` with one problem per bad option, placed at
    its flag (``--template``); ``owner`` names the format in the messages.
    """
    declared = {o.name: o for o in options}
    problems = [
        unknown_option(name, options, owner=owner)
        for name in given
        if name not in declared and name.replace("-", "_") not in declared
    ]
    values: dict[str, Any] = {}
    for option in options:
        value = given.get(option.name)
        if value is None:
            value = option.default
        if value is None:
            if option.required:
                problems.append(_option_problem(option, "must be given", owner))
            values[option.name] = False if option.kind == "bool" else None
            continue
        values[option.name], message = _coerce(option, value)
        if message is None and option.validator is not None:
            try:
                message = option.validator(values[option.name])
            except (ValueError, TypeError) as exc:
                message = str(exc) or type(exc).__name__
        if message is not None:
            problems.append(_option_problem(option, message, owner))
    if problems:
        raise PlanError(problems)
    return values
