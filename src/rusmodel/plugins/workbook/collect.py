"""Taking the units' answers back (insamling): ``rusmodel collect PLAN RETURNED.xlsx... -o MERGED``.

Each returned collection workbook is checked (:mod:`.safety`), matched to what
was sent through its hidden ``rusmodel`` sheet (the plan, the period and the
unit it was made for), and read for its values. Columns are found by their
headers and rows by the activity's key in each row, so sorted rows, moved or
added columns and a renamed sheet are read correctly. Every answer is checked:

- a status must be a value of the plan's scale, written as its label in any
  case and with stray spaces ("Grön", "gul ", "RÖD"); anything else is refused
  and reported with its file, sheet and cell (``Välmående!I7``);
- a row must still belong to the activity it was sent for: the id and title
  in the row must agree with the hidden key, or the rows were reordered
  without it and the answer is refused rather than merged to the wrong
  activity;
- an activity not in the plan, an activity answered twice with different
  answers (in one workbook or in two), a workbook for another plan or period,
  one whose hidden sheet was edited (:mod:`.signature`), and the same workbook
  given twice are refused; so are error values (``#N/A``) and control
  characters, naming the cell;
- an activity sent but not answered (its row left blank or deleted) is listed.

The valid answers are merged into the period as new follow-ups; refused
answers are listed and left out. ``--strict`` writes nothing when anything is
refused. The merged plan is written only when everything has been read, and
replaces the output file in one step.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from rusmodel import (
    Period,
    Plan,
    PlanError,
    Problem,
    Severity,
    characters,
)
from rusmodel.inputs import refuse_replacing_input
from rusmodel.locks import plan_lock
from rusmodel.merge import agree, check_keys, merge_answers
from rusmodel.plugins.workbook import signature, template
from rusmodel.plugins.workbook.collect_messages import message as _m
from rusmodel.plugins.workbook.collect_report import (
    ROW_MISSING,
    Missing,
    Report,
    build_report,
    format_report,
)
from rusmodel.plugins.workbook.collect_report import text as _t
from rusmodel.plugins.workbook.echo import to_stderr
from rusmodel.plugins.workbook.returned import Answer, Returned, read_answers, read_meta
from rusmodel.plugins.workbook.values import Book, open_book

__all__ = [
    "ROW_MISSING",
    "Answer",
    "Collection",
    "Missing",
    "Report",
    "add_arguments",
    "collect",
    "format_report",
    "run",
]


@attrs.frozen
class Collection:
    """The plan with the period merged, and the report of what was done."""

    plan: Plan
    report: Report


def _choose_period(plan: Plan, period_id: str | None, made_for: Sequence[str]) -> Period:
    """The period collected: the one asked for, else the one most workbooks are for.

    A tie goes to the later period in the plan's order.
    """
    if period_id is None:
        order = [p.id for p in plan.periods]
        if made_for:
            period_id = max(set(made_for), key=lambda p: (made_for.count(p), order.index(p)))
        elif order:
            period_id = order[-1]
        else:
            raise PlanError.single("the plan has no periods", place="periods")
    period = plan.period(period_id)
    if period is None:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise PlanError.single(
            f"the plan has no period {period_id!r} (its periods: {known})", place="periods"
        )
    return period


def collect(
    plan: Plan,
    paths: Sequence[Path],
    *,
    period_id: str | None = None,
    lang: str = "sv",
    require_ready: bool = False,
) -> Collection:
    """Read the returned workbooks at ``paths`` and merge their valid answers into ``plan``.

    ``period_id`` is the period being collected; by default the period the
    first readable workbook was made for. Messages are Swedish unless
    ``lang`` is ``en``. With ``require_ready``, only the workbooks their unit
    marked klart att lämna are merged; the others are read and reported as
    held. Raises :class:`PlanError` only when the plan itself cannot be
    collected into (or the period is closed); every problem with a workbook or
    an answer is in the report.

    Where ``RUSMODEL_SIGNING_KEY`` is set, each workbook's hidden sheet must be
    signed with that secret (:mod:`.signature`); a key shorter than 16
    characters raises :class:`PlanError`.
    """
    check_keys(plan)
    signature.signing_key()  # a key too short to keep a secret is refused before any workbook
    problems: list[Problem] = []
    books: list[tuple[Book, dict[str, object]]] = []
    for path in paths:
        try:
            book = open_book(path)
            books.append((book, read_meta(book, plan, lang)))
        except PlanError as exc:
            problems += exc.problems
            continue
        if books[-1][1]["unsigned"]:
            message = _m("unsigned", lang, sheet=template.META_SHEET)
            problems.append(Problem(message, file=book.file, severity=Severity.WARNING))
    period = _choose_period(plan, period_id, [str(meta["period"]) for _, meta in books])
    if period.closed:
        raise PlanError.single(
            _m("closed", lang, period=f"{period.name} ({period.id})"),
            place=f"periods[{plan.periods.index(period)}].closed",
        )
    returned: list[Returned] = []
    for book, meta in books:
        made_for = plan.period(str(meta["period"]))
        if made_for is not None and made_for.id != period.id:
            message = _m(
                "other_period",
                lang,
                made=f"{made_for.name} ({made_for.id})",
                wanted=f"{period.name} ({period.id})",
            )
            problems.append(Problem(message, file=book.file))
            continue
        read = read_answers(plan, book, meta, lang, problems)
        if read is not None:
            returned.append(read)
    returned = _drop_repeated(returned, lang, problems)
    held = [r for r in returned if require_ready and not r.ready]
    returned = [r for r in returned if r not in held]
    answers = [a for r in returned for a in r.answers]
    accepted, conflicts = agree(answers, lang, problems)
    sent = [key for r in returned for kind, key in r.sent if kind == "activity"]
    merged_plan = merge_answers(plan, period, accepted, sent)
    report = build_report(
        plan,
        merged_plan,
        period,
        paths,
        returned,
        answers,
        accepted,
        conflicts,
        problems,
        held,
        lang,
    )
    return Collection(plan=merged_plan, report=report)


def _drop_repeated(returned: list[Returned], lang: str, problems: list[Problem]) -> list[Returned]:
    """A workbook given twice (the same template) is refused: which one is meant is unclear."""
    by_template: dict[str, list[Returned]] = {}
    for r in returned:
        by_template.setdefault(r.template, []).append(r)
    kept = []
    for r in returned:
        same = by_template[r.template]
        if len(same) > 1:
            others = ", ".join(o.file for o in same if o is not r)
            problems.append(
                Problem(_m("repeated", lang, group=r.group, others=others), file=r.file)
            )
            continue
        kept.append(r)
    return kept


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", type=Path, help="the plan file the workbooks were made from")
    parser.add_argument("returned", type=Path, nargs="+", help="the returned workbooks (.xlsx)")
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        help="the merged plan to write (.yaml, .json, .xlsx)",
    )
    parser.add_argument("--period", help="the period collected (default: the workbooks' period)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="write nothing when any answer or workbook is refused",
    )
    parser.add_argument(
        "--require-ready",
        action="store_true",
        help="merge only the workbooks their unit marked ready (Klart att lämna: Ja)",
    )
    parser.add_argument("--dry-run", action="store_true", help="only print the report")


def run(args: argparse.Namespace) -> int:
    """Collect, print the report, and write the merged plan unless told not to.

    Exit status: 0 when every answer was merged; 1 when anything was refused
    (the valid answers are still merged unless ``--strict``). Written in place
    (``-o`` the plan itself), the plan is locked (:func:`rusmodel.locks.plan_lock`)
    from before it is read until it is written, so two runs at once take turns.
    """
    # The plan may be written in place (-o the plan itself); a returned workbook may not.
    refuse_replacing_input(args.output, [("the returned workbook", p) for p in args.returned])
    if args.dry_run or not _same_file(args.plan, args.output):
        return _run(args)
    with plan_lock(args.plan, waiting=lambda line: print(line, file=sys.stderr, flush=True)):
        return _run(args)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _run(args: argparse.Namespace) -> int:
    from rusmodel.plugins.workbook.files import load_plan, plan_bytes

    lang = getattr(args, "lang", None) or "sv"
    plan = load_plan(args.plan)
    characters.refuse(plan, str(args.plan))  # the merged plan could not be exported
    try:
        result = collect(
            plan,
            args.returned,
            period_id=args.period,
            lang=lang,
            require_ready=bool(getattr(args, "require_ready", False)),
        )
    except PlanError as exc:
        # What is wrong is in the plan file: name it.
        raise PlanError(
            [q if q.file else attrs.evolve(q, file=str(args.plan)) for q in exc.problems]
        ) from None
    report = result.report
    print(format_report(report, lang))
    print()
    to_stderr(report.problems)
    if args.dry_run:
        print(_t("dry_run", lang))
    elif not report.files_read:
        print(_t("nothing_read", lang))
        to_stderr([_t("nothing_read", lang)])
        return 1
    elif args.strict and not report.ok:
        print(_t("nothing_written", lang))
        to_stderr([_t("nothing_written", lang)])
        return 1
    else:
        data = plan_bytes(result.plan, args.output)
        from rusmodel import atomic_write

        with atomic_write(args.output) as out:
            out.write(data)
        print(_t("written", lang, path=args.output))
    return 0 if report.ok else 1
