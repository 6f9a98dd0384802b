"""Steps every command shares: reading a plan with a format, checking it, writing it atomically."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from rusmodel.atomic import atomic_write
from rusmodel.cli.errors import internal
from rusmodel.files import require_file
from rusmodel.formats import (
    ExportContext,
    Exporter,
    ImportContext,
    Importer,
    Option,
    ValidationRule,
)
from rusmodel.inputs import read_input, refuse_replacing_input
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
    "transform",
    "write",
    "written",
]


def option_dest(option: Option) -> str:
    return f"format_option_{option.name}"


def given_options(args: argparse.Namespace, options: Sequence[Option]) -> dict[str, Any]:
    return {o.name: getattr(args, option_dest(o), None) for o in options}


def written(line: str, target: Path) -> None:
    """Say that ``target`` was written: on stdout, or on stderr when stdout is the output.

    ``-o /dev/stdout | less`` then shows the output alone, not followed by this line.
    """
    try:
        out, made = os.fstat(sys.stdout.fileno()), os.stat(target)
        to_output = (out.st_dev, out.st_ino) == (made.st_dev, made.st_ino)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        to_output = False
    print(line, file=sys.stderr if to_output else sys.stdout)


def not_the_same(source: Path, target: Path, others: Mapping[str, Path] | None = None) -> None:
    """Refuse an output that is the plan read, or one of the ``others`` read (by what they are)."""
    refuse_replacing_input(target, [("the plan", source), *(others or {}).items()])


def read(
    reg: Registry,
    importer: Importer,
    path: Path,
    lang: str,
    options: Mapping[str, Any] | None = None,
    context: ImportContext | None = None,
) -> Plan:
    require_file(path)
    if options is None:
        options = resolve_options(importer.options, {}, owner=importer.name)
    context = attrs.evolve(context or ImportContext(), lang=lang, options=options)
    try:
        return importer.read(path, context)
    except (PlanError, OSError):
        raise
    except Exception as exc:
        raise internal("format", importer.name, reg.owner("importer", importer.name), exc) from exc


def transform(reg: Registry, plan: Plan, context: ImportContext) -> Plan:
    """The plan after each of the plugins' plan transforms; one that crashes is named."""
    from rusmodel.files import apply_transforms

    for name, one in reg.plan_transforms.items():
        alone = attrs.evolve(reg, plan_transforms={name: one})
        try:
            plan = apply_transforms(plan, context, alone)
        except (PlanError, OSError):
            raise
        except Exception as exc:
            raise internal("plan transform", name, reg.owner("plan_transform", name), exc) from exc
    return plan


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
        return read_yaml_document(read_input(path), str(path)).lines
    except (PlanError, OSError):
        return {}


def check(
    plan: Plan,
    source: Path,
    rules: Iterable[ValidationRule] = (),
    deck_sections: Iterable[str] = (),
) -> None:
    """Print the plan's warnings; raise its errors so nothing is written.

    ``deck_sections`` are the sections plugins add, which the plan's deck profile may name.
    """
    from rusmodel.validation import validate

    problems = validate(plan, rules=rules, deck_sections=deck_sections)
    if not problems:
        return
    problems = with_lines(problems, str(source), line_map(source))
    for problem in problems:
        if not problem.is_error:
            print(problem, file=sys.stderr)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise PlanError(errors)
