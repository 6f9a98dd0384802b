"""Reading a plain YAML plan in one pass over the parser's events (the fast way).

Anything a plain plan does not hold makes it give way (:data:`SLOW_PATH`) to the
node graph's reading (:mod:`rusmodel.planfile_nodes`), which names the problem.
"""

from __future__ import annotations

from typing import Any

import yaml

from rusmodel.planfile_document import MAX_DEPTH
from rusmodel.planfile_loader import PlanLoader

__all__ = ["SLOW_PATH", "read_yaml_events"]


class _Unusual(Exception):
    """The YAML holds something :func:`read_yaml_events` leaves to
    :func:`~rusmodel.planfile_nodes.read_yaml_nodes`."""


# What makes the one-pass reader give way: its own refusals, and every error of PyYAML's
# parser and constructors (the node graph's reading reports them in its words).
SLOW_PATH = (_Unusual, yaml.YAMLError, ValueError, ArithmeticError, KeyError, MemoryError)

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Scalar tags built here by their constructors; any other tag goes the slow way.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


def read_yaml_events(text: str) -> tuple[Any, dict[str, int]]:
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
    loader = PlanLoader(text)
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
