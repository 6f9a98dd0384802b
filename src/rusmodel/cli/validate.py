"""``rusmodel validate``: every problem of each plan file, one per line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import attrs

from rusmodel.cli.errors import InternalError
from rusmodel.cli.steps import read
from rusmodel.files import require_file
from rusmodel.inputs import read_input
from rusmodel.plugins import Registry
from rusmodel.problems import PlanError, Problem, Severity, with_lines

__all__ = ["run"]


def _problems_in(reg: Registry, path: Path, format_name: str | None, lang: str) -> list[Problem]:
    """Every problem of one file: reading it, then checking the plan."""
    from rusmodel.planfile import read_json_document, read_yaml_document
    from rusmodel.validation import validate

    file = str(path)
    rules = reg.validation_rules.values()
    sections = tuple(reg.deck_sections)
    try:
        require_file(path)
        suffix = path.suffix.lower()
        plain = format_name or {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(suffix)
        if plain in ("yaml", "json"):
            reader = read_yaml_document if plain == "yaml" else read_json_document
            document = reader(read_input(path), file)
            plan = document.plan()
            return with_lines(
                validate(plan, rules=rules, deck_sections=sections), file, document.lines
            )
        importer = reg.importer(format_name) if format_name else reg.importer_for(path)
        return with_lines(
            validate(read(reg, importer, path, lang), rules=rules, deck_sections=sections), file, {}
        )
    except PlanError as exc:
        return [p if p.file else attrs.evolve(p, file=file) for p in exc.problems]
    except OSError as exc:
        return [Problem(exc.strerror or str(exc), file=file)]
    except InternalError as exc:
        return [Problem(str(exc), file=file)]


def run(reg: Registry, args: argparse.Namespace) -> int:
    errors = warnings = 0
    for name in args.files:
        for problem in _problems_in(reg, Path(name), args.format, args.lang):
            print(problem)
            if problem.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
    files = len(args.files)
    print(
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}",
        file=sys.stderr,
    )
    return 1 if errors else 0
