"""The plan file as JSON, for programs: the same schema as the YAML file, numbers read and
written exactly (a :class:`~decimal.Decimal` keeps its digits), duplicate keys refused."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from rusmodel._gc import collector_paused
from rusmodel.convert import unstructure_plan
from rusmodel.model import Plan
from rusmodel.planfile_document import MAX_INT_DIGITS, PlanDocument, decode
from rusmodel.problems import PlanError, Problem, shorten

__all__ = ["dump_json", "load_json", "read_json_document"]


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a plan can hold")


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {shorten(key)} is given twice")
        result[key] = value
    return result


class _BadNumber(ValueError):
    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadNumber(text, f"a number of {len(text)} digits is not one a plan can hold")
    return int(text)


def _parse_float(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:  # an exponent past what a Decimal holds: 1e9999999999999999999
        raise _BadNumber(text, f"{shorten(text)} is not a number a plan can hold") from None


def read_json_document(raw: bytes | str, file: str = "") -> PlanDocument:
    """Parse JSON into plain data with exact decimals; duplicate keys are errors."""
    text = decode(raw, file)
    try:
        with collector_paused():
            data = json.loads(
                text,
                parse_float=_parse_float,
                parse_int=_parse_int,
                parse_constant=_reject_constant,
                object_pairs_hook=_unique_object,
            )
    except _BadNumber as exc:
        line = text[: text.find(exc.text)].count("\n") + 1
        raise PlanError([Problem(f"not valid JSON: {exc}", file=file, line=line)]) from None
    except json.JSONDecodeError as exc:
        raise PlanError(
            [Problem(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file, line=exc.lineno)]
        ) from None
    except RecursionError:
        raise PlanError.single("the file nests too deeply to be a plan", file=file) from None
    except ValueError as exc:
        raise PlanError.single(f"not valid JSON: {exc}", file=file) from None
    return PlanDocument(data=data, file=file, lines={})


def load_json(raw: bytes | str, file: str = "") -> Plan:
    """Read a plan from JSON; raise :class:`PlanError` naming every problem."""
    with collector_paused():
        return read_json_document(raw, file).plan()


def _json(value: Any, indent: str) -> str:
    """JSON text for plain data; written by hand since json cannot emit a Decimal's digits."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [f"{inner}{_json(v, inner)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def dump_json(plan: Plan) -> str:
    """The plan as JSON, the same structure as the YAML file; decimals keep their digits."""
    return _json(unstructure_plan(plan), "") + "\n"
