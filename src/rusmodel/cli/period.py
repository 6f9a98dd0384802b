"""``rusmodel period add|list|close``: open the next follow-up period, see the periods, end a round.

``add`` appends a period to the plan file and carries over the activities
still open after the period before it (:func:`rusmodel.cycle.add_period`),
each with an empty follow-up to be filled in; the plan file is replaced only
once the new one is complete. ``list`` shows each period with what it follows
up and how many have answered; ``close`` marks a period's round as over.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
from pathlib import Path

import attrs

from rusmodel.cli.steps import check, read, write
from rusmodel.cycle import add_period, followed_up, round_state
from rusmodel.formats import ExportContext
from rusmodel.labels import LANGUAGES
from rusmodel.model import Period, Plan
from rusmodel.plugins import Registry, resolve_options
from rusmodel.problems import PlanError

__all__ = ["add_parser", "run_add", "run_close", "run_list"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], reg: Registry) -> None:
    """Add ``period`` and its subcommands to the command line's subparsers."""
    period = sub.add_parser(
        "period",
        help="open the next follow-up period, list the periods, or close one",
        description="Open the next follow-up period of a plan file, list its periods with "
        "their counts, or mark a period's round as over.",
        allow_abbrev=False,
    )
    actions = period.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add the next period, carrying over the activities still open",
        description="Add a period last to the plan file PLAN. Every activity still open "
        "after the previous period (or the period --from names) is carried over with an "
        "empty follow-up, for the next round to fill in; its last comment is not copied. "
        "The plan file is replaced only once the new one is complete.",
        allow_abbrev=False,
    )
    add.add_argument("plan", metavar="PLAN", help="the plan file (.yaml or .json)")
    add.add_argument("--id", required=True, help="the new period's id (2022-12)")
    add.add_argument("--name", required=True, help="the name documents show (Delår 2 2022)")
    add.add_argument(
        "--as-of", required=True, metavar="DATE", help="the date reported at, YYYY-MM-DD"
    )
    add.add_argument(
        "--from",
        dest="source",
        metavar="P",
        help="the period to carry the open activities from (default: the latest)",
    )
    add.set_defaults(handler=functools.partial(run_add, reg))

    listing = actions.add_parser(
        "list",
        help="list the periods with what each follows up and who has answered",
        description="List the periods of PLAN, oldest first: the activities each follows "
        "up, how many have a status, how many units have answered, and whether it is closed.",
        allow_abbrev=False,
    )
    listing.add_argument("plan", metavar="PLAN", help="a plan file")
    listing.set_defaults(handler=functools.partial(run_list, reg))

    close = actions.add_parser(
        "close",
        help="mark a period's round as over: collect takes no more answers for it",
        description="Mark the period P of PLAN closed (closed: true): `rusmodel collect` and "
        "`rusmodel template` refuse it, and units that did not answer count as not reported.",
        allow_abbrev=False,
    )
    close.add_argument("plan", metavar="PLAN", help="the plan file (.yaml or .json)")
    close.add_argument("period", metavar="P", help="the period's id")
    close.set_defaults(handler=functools.partial(run_close, reg))
    for parser in (add, listing, close):
        parser.add_argument(
            "--lang",
            choices=LANGUAGES,
            default=argparse.SUPPRESS,
            help="language of the messages: sv (Swedish, the default) or en",
        )


def _load(reg: Registry, args: argparse.Namespace) -> tuple[Path, Plan]:
    path = Path(args.plan)
    return path, read(reg, reg.importer_for(path), path, args.lang)


def _save(reg: Registry, path: Path, plan: Plan) -> None:
    """Write the plan back to its own file, in its own format, once it is checked."""
    importer = reg.importer_for(path)
    if not importer.round_trip:
        raise PlanError.single(
            "only a plan file (.yaml, .json, or the full workbook) can be changed in place",
            file=str(path),
        )
    exporter = reg.exporter(importer.name)
    check(plan, path, deck_sections=reg.deck_sections)
    options = resolve_options(exporter.options, {}, owner=exporter.name)
    context = ExportContext(period=plan.latest_period(), options=options, source=str(path))
    write(reg, exporter, plan, path, context)


def run_add(reg: Registry, args: argparse.Namespace) -> int:
    path, plan = _load(reg, args)
    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        raise PlanError.single(
            f"--as-of {args.as_of!r} is not a date; write it as YYYY-MM-DD", file=str(path)
        ) from None
    period = Period(id=args.id, name=args.name, as_of=as_of)
    try:
        new = add_period(plan, period, after=args.source)
    except ValueError as exc:
        raise PlanError.single(str(exc), file=str(path), place="periods") from None
    _save(reg, path, new)
    carried = len(followed_up(new, period.id))
    latest = plan.latest_period()
    source = args.source or (latest.id if latest else "")
    print(f"{path}: period {period.id} ({period.name}) added")
    if source:
        print(
            f"{carried} activities carried over from {source}, their follow-ups empty for the "
            "round to fill in"
        )
    return 0


def run_close(reg: Registry, args: argparse.Namespace) -> int:
    path, plan = _load(reg, args)
    found = plan.period(args.period)
    if found is None:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise PlanError.single(
            f"the plan has no period {args.period!r} (its periods: {known})", file=str(path)
        )
    periods = tuple(attrs.evolve(p, closed=True) if p is found else p for p in plan.periods)
    _save(reg, path, attrs.evolve(plan, periods=periods))
    print(f"{path}: period {found.id} ({found.name}) closed")
    return 0


_HEAD = (
    ("Id", "Namn", "Per", "Aktiviteter", "Med status", "Svarat", "Stängd"),
    ("Id", "Name", "As of", "Activities", "With status", "Answered", "Closed"),
)
_OF = ("av", "of")
_YES = ("ja", "yes")


def run_list(reg: Registry, args: argparse.Namespace) -> int:
    _, plan = _load(reg, args)
    en = 1 if args.lang == "en" else 0
    rows = [list(_HEAD[en])]
    for period in plan.periods:
        followed = followed_up(plan, period.id)
        with_status = sum(
            1
            for a in followed
            if (f := a.follow_ups.get(period.id)) is not None and f.status is not None
        )
        state = round_state(plan, period.id)
        of = _OF[en]
        rows.append(
            [
                period.id,
                period.name,
                period.as_of.isoformat(),
                str(len(followed)),
                str(with_status),
                f"{len(state.answered)} {of} {len(state.units)}",
                _YES[en] if period.closed else "",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    numeric = {3, 4, 5}
    for row in rows:
        cells = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return 0
