"""The plan file: YAML for people, JSON for programs, one schema for both.

Reading is defensive because plan files are written by hand and passed
around: the text must be UTF-8 (a BOM is allowed), YAML aliases are refused
(a few lines of aliases can expand to gigabytes), duplicate keys are errors,
and numbers are read as :class:`~decimal.Decimal` so ``10.50`` stays exact.
A plain YAML plan is read in one pass over the parser's events; anything
else goes through PyYAML's node graph, which names each problem and its line.
Writing is canonical: reading a written file and writing it again gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import yaml

from rusmodel._gc import collector_paused
from rusmodel.convert import structure_plan, unstructure_plan
from rusmodel.model import Plan
from rusmodel.problems import PlanError, Problem, format_path, shorten

__all__ = [
    "PlanDocument",
    "dump_json",
    "dump_yaml",
    "load_json",
    "load_yaml",
    "read_json_document",
    "read_yaml_document",
]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_DEPTH = 64
"""No plan nests deeper than this; deeper input is refused before it is built."""


@attrs.frozen
class PlanDocument:
    """Plain data read from a plan file, with the line each path was read from."""

    data: Any
    file: str
    lines: Mapping[str, int]

    def plan(self) -> Plan:
        with collector_paused():
            return structure_plan(self.data, file=self.file, lines=self.lines)


class _PlanLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe YAML with exact decimals and no silent surprises."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a number a plan can hold", node.start_mark
        )
    return Decimal(text)


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_MAX_INT_DIGITS = 4000


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    # YAML 1.1 reads 0x7E7, 03743 and 33:43 as numbers in base 16, 8 and 60 (all 2023);
    # nobody writing a plan means that, so they stay the text they are.
    text = str(loader.construct_scalar(node))
    plain = text.replace("_", "")
    if not _PLAIN_INT.fullmatch(plain):
        return text
    if len(plain) > _MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {len(plain)} digits is not one a plan can hold",
            node.start_mark,
        )
    return int(plain)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    # An impossible date (2023-02-30), or any text tagged !!timestamp, stays text, so the
    # model says where it is and why.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):
        return str(loader.construct_scalar(node))


_PlanLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_PlanLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_PlanLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _decode(raw: bytes | str, file: str) -> str:
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


def read_yaml_document(raw: bytes | str, file: str = "") -> PlanDocument:
    """Parse YAML into plain data and a line map, refusing aliases and duplicate keys."""
    text = _decode(raw, file)
    with collector_paused():
        return _read_yaml(text, file)


def _read_yaml(text: str, file: str) -> PlanDocument:
    try:
        data, lines = _read_yaml_events(text)
    except _SLOW_PATH:
        # Something a plain plan does not hold (an alias, a duplicate key, a tag, bad
        # YAML): read again through the node graph, which says exactly what is wrong.
        return _read_yaml_nodes(text, file)
    return PlanDocument(data=data, file=file, lines=lines)


class _Unusual(Exception):
    """The YAML holds something :func:`_read_yaml_events` leaves to :func:`_read_yaml_nodes`."""


# What makes the one-pass reader give way: its own refusals, and every error of PyYAML's
# parser and constructors (the node graph's reading reports them in its words).
_SLOW_PATH = (_Unusual, yaml.YAMLError, ValueError, ArithmeticError, KeyError, MemoryError)

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Scalar tags built here by their constructors; any other tag goes the slow way.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


def _read_yaml_events(text: str) -> tuple[Any, dict[str, int]]:
    """A plain YAML plan's data and line map, built in one pass over the parser's events.

    PyYAML's own loading composes a graph of nodes (two marks each) for the
    whole document and then walks it twice, once here for lines, aliases and
    duplicate keys, once to construct the data: at 100 000 activities that
    graph took 2.6 GB and the walks grew faster than the plan. This reads the
    same data, with the same tags and constructors, straight from the events,
    and keeps only the data and the lines. Raises :class:`_Unusual` (or the
    parser's error) at anything a plain plan does not hold: an anchor or an
    alias, a merge key, a duplicate key, a key that is not a scalar, a
    tag other than the standard scalar ones, nesting deeper than
    :data:`MAX_DEPTH`, more than one document.
    """
    loader = _PlanLoader(text)
    try:
        get = loader.get_event
        resolve = loader.resolve
        constructors = loader.yaml_constructors

        def scalar(event: yaml.ScalarEvent) -> Any:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag == _STR:
                return event.value
            if tag not in _SCALAR_TAGS:
                raise _Unusual(tag)
            # No marks: a constructor's error sends the file the slow way, which has them.
            return constructors[tag](loader, yaml.ScalarNode(tag, event.value))

        get()  # the stream's start
        if not isinstance(get(), yaml.DocumentStartEvent):
            raise _Unusual("no document")
        lines: dict[str, int] = {}
        # The containers being read, outermost first, each with its path, its next
        # index (a list) or the key waiting for its value (a dict), and its keys as written.
        stack: list[tuple[Any, str, int, tuple[Any] | None, set[str] | None]] = []
        container: Any = None
        path = where = ""
        index = 0
        key: tuple[Any] | None = None  # a tuple: the key may be None (written ~)
        keys: set[str] | None = None  # the keys as written, in a mapping; None in a list
        event = get()
        while True:
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = container
                if not stack:
                    break
                container, path, index, key, keys = stack.pop()
            elif keys is not None and key is None:  # a key of the mapping being read
                if kind is not yaml.ScalarEvent:
                    raise _Unusual("a key that is not a scalar")
                written = event.value
                if written in keys or written == "<<" or event.anchor is not None:
                    raise _Unusual(written)  # a duplicate, a merge key, an anchor
                keys.add(written)
                key = (scalar(event),)
                where = f"{path}.{written}" if path else written
                lines[where] = event.start_mark.line + 1
                event = get()
                continue
            else:
                if event.anchor is not None:  # the composer checks that anchors are unique
                    raise _Unusual("anchor")
                if container is not None:
                    if keys is None:
                        where = f"{path}[{index}]"
                        lines[where] = event.start_mark.line + 1
                    if len(stack) >= MAX_DEPTH:
                        raise _Unusual("deep")
                if kind is yaml.ScalarEvent:
                    value = scalar(event)
                    if container is None:
                        break
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    mapping = kind is yaml.MappingStartEvent
                    if event.tag not in (None, "!", _MAP if mapping else _SEQ):
                        raise _Unusual(event.tag)
                    if container is not None:
                        stack.append((container, path, index, key, keys))
                        path = where
                    container = {} if mapping else []
                    index, key, keys = 0, None, (set() if mapping else None)
                    event = get()
                    continue
                else:  # an alias
                    raise _Unusual("alias")
            if keys is not None and key is not None:
                container[key[0]] = value
                key = None
            else:
                container.append(value)
                index += 1
            event = get()
        if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(
            get(), yaml.StreamEndEvent
        ):
            raise _Unusual("more than one document")
        return value, lines
    finally:
        loader.dispose()


def _read_yaml_nodes(text: str, file: str) -> PlanDocument:
    """Read through PyYAML's node graph, reporting every alias, duplicate key and error."""
    loader = _PlanLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PlanError.single("the file is empty", file=file)
        lines: dict[str, int] = {}
        problems = _check_nodes(node, file, lines)
        if any(p.message == _ALIAS for p in problems):
            problems = [p for p in problems if p.message != _ALIAS] + _aliases(text, file)
            problems.sort(key=lambda p: p.line or 0)
        if problems:
            raise PlanError(problems)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:
        raise PlanError([_reader_problem(exc, text, file)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(str(exc.problem or exc.context or "not valid YAML").split())
        raise PlanError([Problem(f"not valid YAML: {message}", file=file, line=line)]) from None
    except yaml.YAMLError as exc:
        raise PlanError.single(f"not valid YAML: {exc}", file=file) from None
    except (RecursionError, MemoryError):
        raise PlanError.single("the file nests too deeply to be a plan", file=file) from None
    except (ValueError, ArithmeticError) as exc:
        raise PlanError.single(f"not a valid value: {exc}", file=file) from None
    finally:
        loader.dispose()
    return PlanDocument(data=data, file=file, lines=lines)


def _check_nodes(root: yaml.Node, file: str, lines: dict[str, int]) -> list[Problem]:
    """Walk the node tree once: record lines, refuse aliases, duplicate keys, depth."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            # Composed YAML has lost where the alias was written: _aliases finds that.
            problems.append(Problem(_ALIAS, file=file))
            continue
        seen.add(id(node))
        if len(path) > MAX_DEPTH:
            problems.append(
                Problem(
                    f"nested deeper than {MAX_DEPTH} levels",
                    place=format_path(path),
                    file=file,
                    line=node.start_mark.line + 1,
                )
            )
            break
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                child = (*path, key)
                if key in keys:
                    problems.append(
                        Problem(
                            f"the key {shorten(key)} is given twice (first on line {keys[key]})",
                            place=format_path(child),
                            file=file,
                            line=line,
                        )
                    )
                    continue
                keys[key] = line
                lines[format_path(child)] = line
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines[format_path(child)] = item.start_mark.line + 1
                stack.append((item, child))
    problems.sort(key=lambda p: p.line or 0)
    return problems


_ALIAS = "YAML aliases (*name) are not allowed in a plan file; write the value out"
_MAX_ALIASES_SHOWN = 10


def _aliases(text: str, file: str) -> list[Problem]:
    """A problem on the line of each alias (the first few), found again from the YAML events."""
    found = [
        event for event in yaml.parse(text, Loader=_Loader) if isinstance(event, yaml.AliasEvent)
    ]
    problems = [
        Problem(
            f"YAML aliases are not allowed in a plan file: *{_anchor(event.anchor)} "
            f"repeats the value marked &{_anchor(event.anchor)}; write the value out",
            file=file,
            line=event.start_mark.line + 1 if event.start_mark else None,
        )
        for event in found[:_MAX_ALIASES_SHOWN]
    ]
    if len(found) > _MAX_ALIASES_SHOWN:
        problems.append(
            Problem(
                f"and {len(found) - _MAX_ALIASES_SHOWN} more YAML aliases after this line",
                file=file,
                line=problems[-1].line,
            )
        )
    return problems or [Problem(_ALIAS, file=file)]


def _anchor(name: str | None) -> str:
    text = name or ""
    return text if len(text) <= 40 else text[:39] + "…"


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A character YAML refuses, on its line (libyaml counts the position in UTF-8 bytes)."""
    before = text.encode("utf-8", "surrogatepass")[: max(exc.position, 0)]
    character = exc.character
    code = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return Problem(
        f"not valid YAML: the character {code} ({exc.reason}) cannot be in a YAML file",
        file=file,
        line=before.count(b"\n") + 1,
    )


def load_yaml(raw: bytes | str, file: str = "") -> Plan:
    """Read a plan from YAML text or bytes; raise :class:`PlanError` naming every problem."""
    with collector_paused():
        return read_yaml_document(raw, file).plan()


class _PlanDumper(_Dumper):  # type: ignore[misc,valid-type]
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_PlanDumper.add_representer(Decimal, _represent_decimal)
_PlanDumper.add_representer(str, _represent_str)


def dump_yaml(plan: Plan) -> str:
    """The plan as canonical YAML: the model's key order, defaults left out, UTF-8 text."""
    return yaml.dump(
        unstructure_plan(plan),
        Dumper=_PlanDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


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
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _BadNumber(text, f"a number of {len(text)} digits is not one a plan can hold")
    return int(text)


def _parse_float(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:  # an exponent past what a Decimal holds: 1e9999999999999999999
        raise _BadNumber(text, f"{shorten(text)} is not a number a plan can hold") from None


def read_json_document(raw: bytes | str, file: str = "") -> PlanDocument:
    """Parse JSON into plain data with exact decimals; duplicate keys are errors."""
    text = _decode(raw, file)
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
