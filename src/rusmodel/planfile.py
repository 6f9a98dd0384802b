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

from decimal import Decimal

import yaml

from rusmodel._gc import collector_paused
from rusmodel.convert import unstructure_plan
from rusmodel.model import Plan
from rusmodel.planfile_document import MAX_DEPTH as MAX_DEPTH
from rusmodel.planfile_document import PlanDocument, decode
from rusmodel.planfile_events import SLOW_PATH, read_yaml_events
from rusmodel.planfile_json import dump_json, load_json, read_json_document
from rusmodel.planfile_nodes import read_yaml_nodes

__all__ = [
    "PlanDocument",
    "dump_json",
    "dump_yaml",
    "load_json",
    "load_yaml",
    "read_json_document",
    "read_yaml_document",
]

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read_yaml_document(raw: bytes | str, file: str = "") -> PlanDocument:
    """Parse YAML into plain data and a line map, refusing aliases and duplicate keys."""
    text = decode(raw, file)
    with collector_paused():
        return _read_yaml(text, file)


def _read_yaml(text: str, file: str) -> PlanDocument:
    try:
        data, lines = read_yaml_events(text)
    except SLOW_PATH:
        # Something a plain plan does not hold (an alias, a duplicate key, a tag, bad
        # YAML): read again through the node graph, which says exactly what is wrong.
        return read_yaml_nodes(text, file)
    return PlanDocument(data=data, file=file, lines=lines)


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
