"""Collection workbooks (insamlingsböcker): what each unit is sent to fill in for a period.

``rusmodel template PLAN --period P --by unit --output DIR`` writes one
workbook per unit (or per goal area with ``--by goal_area``):

- an *Instruktioner* sheet that says in Swedish what to do;
- one sheet per goal area (named by its short name, "Välmående") listing the
  unit's activities: id, title, goal area, unit, responsible, schedule, the
  previous period's status and comment (grey, for reference), and the cells
  to fill for this period: *Status* (a dropdown of the plan's scale,
  coloured as chosen) and *Kommentar*;
- an *Indikatorer* sheet with the indicators of the goal areas the unit's
  activities serve, with the previous outcome and cells for the new outcome
  and a comment;
- a very hidden sheet ``rusmodel`` recording the plan, the period, the unit,
  the exact headers and every activity and indicator sent, so that
  ``rusmodel collect`` can match a returned file to what was sent; a
  checksum of it shows whether it was edited since (:mod:`.signature`).

Every sheet is protected without a password: only the cells to fill are
unlocked, so rows, ids and headers are not changed by accident. Each row also
carries the activity's key in a hidden column, so sorted rows are still matched.

An activity shared by several units is sent to each of them; if two of them
answer differently, ``collect`` reports the conflict instead of choosing.
Activities with no unit go to a workbook of their own, "Utan verksamhet"
("No unit" with ``--lang en``: every fixed word of the round follows the
language, file names and sheet names too, from :mod:`rusmodel.labels`).
"""

from __future__ import annotations

import argparse
import functools
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import attrs

from rusmodel import Period, Plan, PlanError, characters
from rusmodel.plugins.workbook import cells, signature
from rusmodel.plugins.workbook.book import new_workbook, save_deterministic
from rusmodel.plugins.workbook.collection_layout import (
    FORMAT,
    HEADER_ROW,
    INDICATORS,
    INSTRUCTIONS,
    META_SHEET,
    VERSION,
    Headers,
    headers,
    heading,
    sheet_names,
    template_id,
    word,
)
from rusmodel.plugins.workbook.collection_sheets import (
    INPUT_FILL,
    REFERENCE_FILL,
    activity_sheet,
    indicator_sheet,
    status_list,
)
from rusmodel.plugins.workbook.folder import write_all
from rusmodel.plugins.workbook.groups import (
    GROUPINGS,
    NO_GOAL_AREA,
    NO_UNIT,
    Group,
    file_name,
    file_names,
    groups,
)
from rusmodel.plugins.workbook.instructions import instructions as instructions_sheet

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMAT",
    "GROUPINGS",
    "HEADER_ROW",
    "INDICATORS",
    "INPUT_FILL",
    "INSTRUCTIONS",
    "META_SHEET",
    "NO_GOAL_AREA",
    "NO_UNIT",
    "REFERENCE_FILL",
    "VERSION",
    "Group",
    "Headers",
    "add_arguments",
    "file_name",
    "find_period",
    "groups",
    "headers",
    "run",
    "template_id",
    "write_collection",
    "write_templates",
]


def write_collection(
    plan: Plan, period: Period, group: Group, out: BinaryIO, lang: str = "sv"
) -> None:
    """Write one group's collection workbook to ``out`` (the same input gives the same bytes).

    Its words are Swedish, or English where ``lang`` is ``en``; the plan's own
    texts (titles, comments, the scale's labels in that language) are the plan's.
    """
    head = headers(plan, period, lang)
    workbook = new_workbook(heading(period, group, lang))
    sheets = sheet_names(plan, group, lang)
    instructions = workbook.create_sheet(word("instructions", lang))
    statuses = status_list(plan, lang)
    meta = workbook.create_sheet(META_SHEET)
    sent: list[tuple[str, str, str]] = []
    for name, activities in sheets.items():
        ws = workbook.create_sheet(name, index=len(workbook.sheetnames) - 1)
        activity_sheet(plan, period, group, ws, activities, head, statuses, lang)
        sent += [("activity", a.key, name) for a in activities]
    if group.indicators:
        indicators = word("indicators", lang)
        ws = workbook.create_sheet(indicators, index=len(workbook.sheetnames) - 1)
        indicator_sheet(plan, period, group, ws, head, lang)
        sent += [("indicator", i.key, indicators) for i in group.indicators]
    ready = instructions_sheet(
        plan, period, group, instructions, list(sheets), bool(group.indicators), lang
    )
    _meta(plan, period, group, meta, head, sent, statuses, (instructions.title, ready), lang)
    workbook.active = 0
    save_deterministic(workbook, out)


def _meta(
    plan: Plan,
    period: Period,
    group: Group,
    ws: Worksheet,
    head: Headers,
    sent: Sequence[tuple[str, str, str]],
    status_list: str,
    ready: tuple[str, str],
    lang: str,
) -> None:
    ws.sheet_state = "veryHidden"
    previous = plan.previous_period(period.id)
    rows: list[tuple[str, ...]] = [
        ("format", FORMAT),
        ("version", str(VERSION)),
        ("template", template_id(plan, period, group)),
        ("plan", plan.title),
        ("organisation", plan.organisation),
        ("period", period.id),
        ("period_name", period.name),
        ("previous_period", previous.id if previous else ""),
        ("by", group.by),
        ("group", group.id),
        ("group_name", group.name),
        ("ready", *ready),
    ]
    rows += [("activity_header", k, v) for k, v in head.activity.items()]
    rows += [("indicator_header", k, v) for k, v in head.indicator.items()]
    rows += list(sent)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cells.put_text(ws, r, c, value)
    if not status_list.startswith('"'):
        for r, scale_value in enumerate(plan.scale.values, start=1):
            cells.put_text(ws, r, 5, scale_value.label(lang))
    signature.sign_sheet(ws)  # last: it covers every cell above
    ws.protection.sheet = True


def find_period(plan: Plan, wanted: str) -> Period | None:
    """The period with the id ``wanted``, or with that name in any case ("delår 2 2023")."""
    folded = " ".join(wanted.split()).casefold()
    for period in plan.periods:
        if period.id == wanted or " ".join(period.name.split()).casefold() == folded:
            return period
    return None


def write_templates(
    plan: Plan,
    period_id: str,
    by: str,
    directory: Path,
    lang: str = "sv",
    *,
    force: bool = False,
    inputs: Sequence[tuple[str, Path]] = (),
) -> list[Path]:
    """Write every group's collection workbook into ``directory``; return the files written.

    ``period_id`` is the id (or the name) of a period of the plan. All are
    written or none (:mod:`.folder`); a workbook already in the folder is
    replaced only with ``force``, and a file of ``inputs`` (``("the plan",
    path)``) never. Where ``RUSMODEL_SIGNING_KEY`` is set, each workbook's
    hidden sheet is signed with that secret (:mod:`.signature`).
    """
    characters.refuse(plan)  # a unit's answer would be refused for the plan's own text
    signature.signing_key()  # a key too short to keep a secret is refused before writing
    period = find_period(plan, period_id)
    if period is None:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise PlanError.single(
            f"the plan has no period {period_id!r} (its periods: {known}); "
            "add the period to the plan before sending the workbooks "
            "(`rusmodel period add`)",
            place="periods",
        )
    if period.closed:
        raise PlanError.single(
            f"the period {period.id!r} is closed: its round is over; open a new period "
            "with `rusmodel period add`, or remove `closed: true` to collect it again",
            place=f"periods[{plan.periods.index(period)}].closed",
        )
    keys = Counter(a.key for a in plan.activities)
    twice = sorted(k for k, n in keys.items() if n > 1)
    if twice:
        raise PlanError.single(
            f"two activities have the key {twice[0]!r} (the id, or the title where there is "
            "none), so their answers could not be told apart; give each an id of its own",
            place="activities",
        )
    group_list = groups(plan, by, period.id, lang)
    if not group_list:
        raise PlanError.single(
            f"the period {period.id!r} follows up no activities: each has ended, or was "
            "reported done, before it (see the activities' start and end)",
            place="activities",
        )
    names = file_names(group_list, period, lang)
    files = [
        (name, functools.partial(write_collection, plan, period, group, lang=lang))
        for group, name in zip(group_list, names, strict=True)
    ]
    return write_all(directory, files, force=force, inputs=inputs)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", type=Path, help="the plan file (.yaml, .json or .xlsx)")
    parser.add_argument(
        "--period",
        help="the id of the period to collect (default: the plan's latest period)",
    )
    parser.add_argument(
        "--by",
        choices=GROUPINGS,
        default="unit",
        help="one workbook per unit (default) or per goal area",
    )
    parser.add_argument(
        "--output", "-o", type=Path, required=True, help="the folder to write the workbooks in"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace workbooks of the same names already in the folder (perhaps answered)",
    )


def run(args: argparse.Namespace) -> int:
    from rusmodel.plugins.workbook.files import load_plan

    lang = getattr(args, "lang", None) or "sv"
    plan = load_plan(args.plan)
    characters.refuse(plan, str(args.plan))
    period_id = args.period
    if period_id is None:
        latest = plan.latest_period()
        if latest is None:
            raise PlanError.single("the plan has no periods; add one first", file=str(args.plan))
        period_id = latest.id
    try:
        written = write_templates(
            plan,
            period_id,
            args.by,
            args.output,
            lang,
            force=bool(getattr(args, "force", False)),
            inputs=[("the plan", args.plan)],
        )
    except PlanError as exc:
        # What is wrong is in the plan file: name it.
        raise PlanError(
            [q if q.file else attrs.evolve(q, file=str(args.plan)) for q in exc.problems]
        ) from None
    for path in written:
        print(path)
    if lang == "en":
        print(f"{len(written)} workbooks written to {args.output}")
    else:
        print(f"{len(written)} arbetsböcker skrivna till {args.output}")
    return 0
