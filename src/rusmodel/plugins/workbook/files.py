"""Reading and writing plan files by their suffix, for the workbook commands."""

from __future__ import annotations

import io
from pathlib import Path

from rusmodel import Plan, PlanError, atomic_write, dump_json, dump_yaml, load_json, load_yaml
from rusmodel.inputs import read_input

__all__ = ["PLAN_SUFFIXES", "load_plan", "save_plan"]

PLAN_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise PlanError.single(
            f"a plan file ends in {', '.join(PLAN_SUFFIXES)}; {path.name!r} does not",
            file=str(path),
        )
    return suffix


def load_plan(path: Path) -> Plan:
    """Read a plan from YAML, JSON or a full workbook; :class:`PlanError` names what is wrong."""
    suffix = _suffix(path)
    if suffix == ".xlsx":
        from rusmodel.plugins.workbook.read import read_plan

        return read_plan(path)
    raw = read_input(path)
    return load_json(raw, str(path)) if suffix == ".json" else load_yaml(raw, str(path))


def plan_bytes(plan: Plan, path: Path) -> bytes:
    """The plan as the file ``path`` names it: YAML, JSON or a full workbook."""
    suffix = _suffix(path)
    if suffix == ".xlsx":
        from rusmodel.plugins.workbook.full import write_full

        buffer = io.BytesIO()
        write_full(plan, buffer)
        return buffer.getvalue()
    text = dump_json(plan) if suffix == ".json" else dump_yaml(plan)
    return text.encode("utf-8")


def save_plan(plan: Plan, path: Path) -> None:
    """Write the plan to ``path``; the file is replaced only once it is completely written."""
    data = plan_bytes(plan, path)
    with atomic_write(path) as out:
        out.write(data)
