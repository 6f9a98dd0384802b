"""``rusmodel export`` and ``import``: a plan to another format, and back to a plan file."""

from __future__ import annotations

import argparse
from pathlib import Path

from rusmodel.cli.errors import internal
from rusmodel.cli.steps import (
    check,
    given_options,
    not_the_same,
    read,
    transform,
    write,
    written,
)
from rusmodel.files import option_files, require_file, select_period
from rusmodel.formats import ExportContext, ImportContext, Importer
from rusmodel.merge import Answer, answers_from_plan, format_report, merge_period
from rusmodel.model import Period, Plan
from rusmodel.plugins import Registry, resolve_options
from rusmodel.problems import PlanError

__all__ = ["run_export", "run_import"]


def run_export(reg: Registry, args: argparse.Namespace) -> int:
    source, target = Path(args.plan), Path(args.output)
    exporter = reg.exporter(args.format) if args.format else reg.exporter_for(target)
    importer = reg.importer_for(source)
    options = resolve_options(
        exporter.options, given_options(args, exporter.options), owner=exporter.name
    )
    not_the_same(source, target, dict(option_files(exporter.options, options)))
    plan = read(reg, importer, source, args.lang)
    period = select_period(plan, args.period, file=str(source))
    check(plan, source, reg.validation_rules.values(), reg.deck_sections)
    context = ExportContext(
        period=period,
        lang=args.lang,
        options=options,
        source=str(source),
        deck_sections=tuple(reg.deck_sections.values()),
    )
    write(reg, exporter, plan, target, context)
    about = f", period {period.name}" if period else ""
    written(f"{target}: written ({exporter.name}{about})", target)
    return 0


def run_import(reg: Registry, args: argparse.Namespace) -> int:
    source, target = Path(args.input), Path(args.output)
    importer = reg.importer(args.format) if args.format else reg.importer_for(source)
    exporter = reg.exporter_for(target)
    reader = reg.importers.get(exporter.name)
    if reader is None or not reader.round_trip:
        plan_formats = ", ".join(n for n, i in reg.importers.items() if i.round_trip)
        raise PlanError.single(
            f"{target.name} would not be a plan file rusmodel can read back; write a plan "
            f"file ({plan_formats}), or use `rusmodel export` for other formats",
            file=str(target),
        )
    options = resolve_options(
        importer.options, given_options(args, importer.options), owner=importer.name
    )
    out_options = resolve_options(exporter.options, {}, owner=exporter.name)
    not_the_same(source, target, dict(option_files(importer.options, options)))
    if args.into:
        return _import_into(reg, args, importer, options)
    context = ImportContext(lang=args.lang, options=options, period=args.period)
    plan = read(reg, importer, source, args.lang, options, context)
    plan = transform(reg, plan, context)
    check(plan, source, reg.validation_rules.values(), reg.deck_sections)
    out = ExportContext(
        period=plan.latest_period(), lang=args.lang, options=out_options, source=str(source)
    )
    write(reg, exporter, plan, target, out)
    written(f"{target}: written ({exporter.name}, read as {importer.name})", target)
    return 0


def _import_into(
    reg: Registry, args: argparse.Namespace, importer: Importer, options: dict[str, object]
) -> int:
    """Merge the period's answers in IN into the plan EXISTING, print the report, write PLAN.

    As ``rusmodel collect``: the valid answers are merged and written even when
    some are refused, and the exit code is then 1.
    """
    source, existing, target = Path(args.input), Path(args.into), Path(args.output)
    not_the_same(source, existing)
    plan_reader = reg.importer_for(existing)
    plan = read(reg, plan_reader, existing, args.lang)
    check(plan, existing, reg.validation_rules.values(), reg.deck_sections)
    period = select_period(plan, args.period, file=str(existing))
    if period is None:
        raise PlanError.single("the plan has no periods to merge into", file=str(existing))
    context = ImportContext(lang=args.lang, options=options, period=period.id, plan=plan)
    answers = _answers(reg, importer, source, context, period)
    result = merge_period(plan, period, answers, files=[str(source)], lang=args.lang)
    merged = transform(reg, result.plan, context)
    print(format_report(result.report, args.lang))
    print()
    check(merged, existing, reg.validation_rules.values(), reg.deck_sections)
    exporter = reg.exporter_for(target)
    out = ExportContext(
        period=period,
        lang=args.lang,
        options=resolve_options(exporter.options, {}, owner=exporter.name),
        source=str(existing),
    )
    write(reg, exporter, merged, target, out)
    written(f"{target}: written ({exporter.name}, {importer.name} merged into {existing})", target)
    return 0 if result.report.ok else 1


def _answers(
    reg: Registry, importer: Importer, source: Path, context: ImportContext, period: Period
) -> list[Answer]:
    """The answers in ``source``: the importer's own, else the period in the plan it reads."""
    if importer.read_answers is None:
        imported: Plan = read(reg, importer, source, context.lang, context.options, context)
        return answers_from_plan(imported, period.id, str(source))
    require_file(source)
    try:
        answers = list(importer.read_answers(source, context))
    except (PlanError, OSError):
        raise
    except Exception as exc:
        raise internal("format", importer.name, reg.owner("importer", importer.name), exc) from exc
    wrong = [a for a in answers if not isinstance(a, Answer)]
    if wrong:
        raise internal(
            "format",
            importer.name,
            reg.owner("importer", importer.name),
            TypeError(f"read_answers returned {type(wrong[0]).__name__}, not an Answer"),
        )
    return answers
