"""``rusmodel export`` and ``import``: a plan to another format, and back to a plan file."""

from __future__ import annotations

import argparse
from pathlib import Path

from rusmodel.cli.steps import check, given_options, not_the_same, read, write
from rusmodel.files import select_period
from rusmodel.formats import ExportContext
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
    not_the_same(source, target)
    plan = read(reg, importer, source, args.lang)
    period = select_period(plan, args.period, file=str(source))
    check(plan, source)
    context = ExportContext(period=period, lang=args.lang, options=options, source=str(source))
    write(reg, exporter, plan, target, context)
    about = f", period {period.name}" if period else ""
    print(f"{target}: written ({exporter.name}{about})")
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
    not_the_same(source, target)
    plan = read(reg, importer, source, args.lang, options)
    check(plan, source)
    context = ExportContext(
        period=plan.latest_period(), lang=args.lang, options=out_options, source=str(source)
    )
    write(reg, exporter, plan, target, context)
    print(f"{target}: written ({exporter.name}, read as {importer.name})")
    return 0
