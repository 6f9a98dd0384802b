"""The full workbook (``--format xlsx``): the whole plan, one sheet per kind of data.

The workbook is lossless: :func:`rusmodel.plugins.workbook.read.read_plan`
gives back a plan equal to the one written. How each field is kept:

- activities have one row each and a Status and Kommentar column pair per
  period; a status shows the scale's label, coloured with the scale's colour,
  and a dash (``–``) marks an activity in a follow-up with neither status nor
  comment yet;
- several values in one cell (goal areas, units, responsible, a key figure's
  columns) are one per line, since a responsible may contain ``/`` and ``,``;
- goal areas, units and periods are referred to by their ids, as in the plan
  file; outcomes refer to their indicator by its id (or name where it has
  none), economy rows to their period, key-figure rows to their key figure's
  title;
- numbers are numbers with a display format that keeps their decimals
  (``#,##0.0``); a number a spreadsheet cannot hold exactly (more than about
  15 significant digits) is written as its exact text and read back exactly;
- every text is stored as text, so a comment beginning with ``=`` is never a
  formula.

What cannot be kept is refused with a problem naming the place in the plan:
an item of a multi-valued field that is empty or contains a line break, two
indicators with the same id, two economies of one period, a control character
(:mod:`rusmodel.characters`), and a few more.

This module checks the plan and writes the file; the rows of each sheet come
from :mod:`.full_rows` and are made into cells and written by
:mod:`.full_writer`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, BinaryIO

from rusmodel import ExportContext, Plan, PlanError, Problem, characters
from rusmodel._gc import collector_paused
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import save_deterministic
from rusmodel.plugins.workbook.full_rows import period_columns, sheet_rows
from rusmodel.plugins.workbook.full_writer import (
    SheetCells,
    discard,
    sheet_cells,
    status_text,
    stream_sheet,
    write_meta,
    write_only_workbook,
)
from rusmodel.plugins.workbook.layout import NO_STATUS, SHEETS

# period_columns and status_text were made here first: they stay importable from here.
__all__ = ["period_columns", "status_text", "write_full", "write_workbook"]


def write_workbook(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """The exporter's ``write``: the full workbook in the context's language."""
    write_full(plan, out, lang=context.lang)


def write_full(plan: Plan, out: BinaryIO, *, lang: str = "sv") -> None:
    """Write ``plan`` as the full workbook to ``out``; :class:`PlanError` if it cannot be kept.

    The same plan and language always give the same bytes.
    """
    # Every cell is made before the first row is written (see full_writer.sheet_cells), so a
    # large plan keeps a million objects alive that the cyclic collector would walk again and
    # again while finding next to nothing: some 4 % of the time at 100 000 activities.
    with collector_paused():
        _write_full(plan, out, lang)


def _write_full(plan: Plan, out: BinaryIO, lang: str) -> None:
    problems: list[Problem] = list(_unique_keys(plan))
    # Written as _x0007_, a control character would only be refused on reading back.
    problems += [Problem(message, place=place) for place, message in characters.problems(plan)]
    if problems:
        raise PlanError(problems)
    workbook = write_only_workbook(plan.title)
    try:
        names: dict[str, str] = {}
        tables: list[SheetCells] = []
        for key, columns, rows in sheet_rows(plan, lang):
            spec = SHEETS[key]
            ws = workbook.create_sheet(spec.name(lang))
            names[key] = ws.title
            table = sheet_cells(ws, columns, rows, lang)
            problems += table.problems
            tables.append(table)
        if problems:
            raise PlanError(problems)
        # Every value could be written: only now does any sheet start streaming out.
        for table in tables:
            stream_sheet(table, plan.scale, lang)
        write_meta(workbook, names, lang)
        save_deterministic(workbook, out)
    except BaseException:
        discard(workbook)
        raise


def _duplicates(keys: Iterable[Any]) -> list[Any]:
    counts = Counter(keys)
    return [key for key, n in counts.items() if n > 1]


def _unique_keys(plan: Plan) -> Iterable[Problem]:
    """What other rows refer to must be unique, or a reference would be ambiguous."""
    checks: list[tuple[str, str, list[Any]]] = [
        ("periods", "period id", [p.id for p in plan.periods]),
        ("goal_areas", "goal area id", [g.id for g in plan.goal_areas]),
        (
            "indicators",
            "indicator id (or name where it has no id)",
            [i.key for i in plan.indicators],
        ),
        ("economy", "period of an economy", [e.period for e in plan.economy]),
        (
            "key_figures",
            "period and title of a key figure",
            [(k.period, k.title) for k in plan.key_figures],
        ),
        ("narratives", "period of a narrative", [n.period for n in plan.narratives]),
    ]
    for place, what, keys in checks:
        for key in _duplicates(keys):
            shown = " ".join(key) if isinstance(key, tuple) else key
            yield Problem(
                f"the {what} {shown!r} is used twice; the workbook refers to it, so it "
                "must be unique",
                place=place,
            )
    if plan.scale.match(NO_STATUS) is not None:
        yield Problem(
            f"the status scale uses {NO_STATUS!r}, which the workbook shows for 'no status'",
            place="scale",
        )
    for i, value in enumerate(plan.scale.values):
        try:
            status_text(plan.scale, value.id, "sv")
            status_text(plan.scale, value.id, "en")
        except cells.CellError as exc:
            yield Problem(str(exc), place=f"scale.values[{i}]")
