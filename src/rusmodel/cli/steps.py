"""Steps every command shares: reading a plan with a format, checking it, writing it atomically."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rusmodel.atomic import atomic_write
from rusmodel.cli.errors import internal
from rusmodel.files import require_file
from rusmodel.formats import ExportContext, Exporter, ImportContext, Importer, Option
from rusmodel.model import Plan
from rusmodel.plugins import Registry, resolve_options
from rusmodel.problems import PlanError, with_lines

__all__ = [
    "check",
    "given_options",
    "line_map",
    "not_the_same",
    "option_dest",
    "read",
    "write",
]


def option_dest(option: Option) -> str:
    return f"format_option_{option.name}"


def given_options(args: argparse.Namespace, options: Sequence[Option]) -> dict[str, Any]:
    return {o.name: getattr(args, option_dest(o), None) for o in options}


def not_the_same(source: Path, target: Path) -> None:
    if target.exists() and source.exists() and target.samefile(source):
        raise PlanError.single(
            "the output would replace the file being read; choose another output",
            file=str(target),
        )


def read(
    reg: Registry,
    importer: Importer,
    path: Path,
    lang: str,
    options: Mapping[str, Any] | None = None,
) -> Plan:
    require_file(path)
    if options is None:
        options = resolve_options(importer.options, {}, owner=importer.name)
    try:
        return importer.read(path, ImportContext(lang=lang, options=options))
    except (PlanError, OSError):
        raise
    except Exception as exc:
        raise internal("format", importer.name, reg.owner("importer", importer.name), exc) from exc


def write(
    reg: Registry, exporter: Exporter, plan: Plan, target: Path, context: ExportContext
) -> None:
    try:
        with atomic_write(target) as out:
            exporter.write(plan, out, context)
    except PlanError as exc:
        if not context.source:
            raise
        # What the exporter cannot write is a place in the plan: name its file and line.
        source = Path(context.source)
        raise PlanError(with_lines(exc.problems, str(source), line_map(source))) from None
    except OSError:
        raise
    except Exception as exc:
        raise internal("format", exporter.name, reg.owner("exporter", exporter.name), exc) from exc


def line_map(path: Path) -> Mapping[str, int]:
    """Where each value of a YAML plan file is, for problems found after reading it."""
    from rusmodel.planfile import read_yaml_document

    if path.suffix.lower() not in (".yaml", ".yml"):
        return {}
    try:
        return read_yaml_document(path.read_bytes(), str(path)).lines
    except (PlanError, OSError):
        return {}


def check(plan: Plan, source: Path) -> None:
    """Print the plan's warnings; raise its errors so nothing is written."""
    from rusmodel.validation import validate

    problems = validate(plan)
    if not problems:
        return
    problems = with_lines(problems, str(source), line_map(source))
    for problem in problems:
        if not problem.is_error:
            print(problem, file=sys.stderr)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise PlanError(errors)
