"""The report of a collection (insamlingsrapport): who answered, what was merged, what lacks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from rusmodel import Period, Plan, Problem
from rusmodel.merge import ROW_MISSING, Answer, Missing, Report, format_report
from rusmodel.plugins.workbook import template
from rusmodel.plugins.workbook.returned import Returned
from rusmodel.plugins.workbook.values import normalise

__all__ = ["ROW_MISSING", "Missing", "Report", "build_report", "format_report", "text"]


def build_report(
    plan: Plan,
    merged: Plan,
    period: Period,
    paths: Sequence[Path],
    returned: Sequence[Returned],
    answers: Sequence[Answer],
    accepted: Mapping[tuple[str, str], Answer],
    conflicts: set[tuple[str, str]],
    problems: Sequence[Problem],
) -> Report:
    previous = plan.previous_period(period.id)
    in_conflict = sum(1 for a in answers if (a.kind, a.key) in conflicts)
    refused_rows = sum(r.refused_rows for r in returned)
    where: dict[str, Returned] = {}
    for r in returned:
        for kind, key in r.sent:
            if kind == "activity":
                where.setdefault(key, r)
    refused = {key for r in returned for kind, key in r.refused if kind == "activity"}
    refused |= {key for kind, key in conflicts if kind == "activity"}
    lacking_status: list[Missing] = []
    lacking_comment: list[Missing] = []
    unchanged: list[Missing] = []
    no_answer: list[Missing] = []
    for activity in merged.activities:
        sent_in = where.get(activity.key)
        if sent_in is None:
            continue
        answer = accepted.get(("activity", activity.key))
        missing = Missing(
            key=activity.id,
            title=activity.title,
            group=sent_in.group,
            file=answer.file if answer else sent_in.file,
            place=answer.place if answer else "",
        )
        follow_up = activity.follow_ups.get(period.id)
        if answer is None and activity.key not in refused:
            gone = not any(("activity", activity.key) in x.found for x in returned)
            no_answer.append(attrs.evolve(missing, place=ROW_MISSING if gone else ""))
        if follow_up is None or follow_up.status is None:
            lacking_status.append(missing)
        # What concerns the comment is shown at the comment's cell.
        at_comment = (
            attrs.evolve(missing, place=answer.comment_place)
            if answer is not None and answer.comment_place
            else missing
        )
        if follow_up is None or not follow_up.comment.strip():
            lacking_comment.append(at_comment)
        if answer is not None and previous is not None and answer.comment:
            before = activity.follow_ups.get(previous.id)
            if before is not None and normalise(before.comment) == normalise(answer.comment):
                unchanged.append(at_comment)
    groups = template.groups(plan, returned[0].by if returned else "unit")
    answered_ids = {r.group_id for r in returned}
    return Report(
        period=period,
        files=tuple(str(p) for p in paths),
        files_read=tuple(r.file for r in returned),
        answered=tuple(g.name for g in groups if g.id in answered_ids),
        not_answered=tuple(g.name for g in groups if g.id not in answered_ids),
        read=len(answers) + refused_rows,
        merged=len(answers) - in_conflict,
        refused=in_conflict + refused_rows,
        problems=tuple(problems),
        lacking_status=tuple(lacking_status),
        lacking_comment=tuple(lacking_comment),
        unchanged_comment=tuple(unchanged),
        no_answer=tuple(no_answer),
        indicators_merged=sum(1 for k in accepted if k[0] == "indicator"),
        previous=previous,
    )


_TEXT = {
    "nothing_written": (
        "Inget skrevs: rätta felen ovan eller kör utan --strict.",
        "Nothing was written: fix the problems above or run without --strict.",
    ),
    "written": (
        "Den sammanförda planen skrevs till {path}",
        "The merged plan was written to {path}",
    ),
    "dry_run": ("Provkörning: inget skrevs.", "Dry run: nothing was written."),
    "nothing_read": (
        "Inget skrevs: ingen av arbetsböckerna kunde läsas.",
        "Nothing was written: none of the workbooks could be read.",
    ),
}


def text(key: str, lang: str, /, **values: object) -> str:
    sv, en = _TEXT[key]
    return (en if lang == "en" else sv).format(**values)
