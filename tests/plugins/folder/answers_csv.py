"""A folder plugin with an importer of a period's answers as CSV: ``id;status;comment``.

The status is written as the scale's label in the plan's language ("Grön",
"green"); the importer turns it into the scale's id, and leaves anything it
does not know for rusmodel to refuse, with the row as the place.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from rusmodel import ImportContext, Importer, Plan, PlanError, hookimpl
from rusmodel.merge import Answer

RUSMODEL_HOOK_API = 2


def read(path: Path, context: ImportContext) -> Plan:
    raise PlanError.single("answers merge into a plan: use --into PLAN", file=str(path))


def read_answers(path: Path, context: ImportContext) -> Iterable[Answer]:
    plan = context.plan
    if plan is None:
        raise PlanError.single("answers merge into a plan: use --into PLAN", file=str(path))
    labels = {v.label(context.lang).casefold(): v.id for v in plan.scale.values}
    text = path.read_text(encoding="utf-8-sig")
    for line, row in enumerate(csv.reader(text.splitlines(), delimiter=";"), start=1):
        if line == 1 or not any(row):
            continue  # the header
        if len(row) != 3:
            raise PlanError.single(f"expected 3 columns, got {len(row)}", file=str(path), line=line)
        key, status, comment = (cell.strip() for cell in row)
        yield Answer(
            kind="activity",
            key=key,
            file=str(path),
            place=f"row {line}",
            status=labels.get(status.casefold(), status) if status else None,
            comment=comment,
        )


@hookimpl
def rusmodel_importers() -> Iterable[Importer]:
    return [
        Importer(
            name="answers-csv",
            description="a period's answers: id;status;comment",
            suffixes=(".answers.csv",),
            read=read,
            read_answers=read_answers,
        )
    ]
