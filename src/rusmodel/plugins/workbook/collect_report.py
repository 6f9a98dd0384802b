"""The report of a collection (insamlingsrapport): who answered, what was merged, what lacks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from rusmodel import FollowUp, Period, Plan, Problem, merge
from rusmodel.merge import REPORT_TEXTS, ROW_MISSING, Missing, report_lines, unchanged_comment
from rusmodel.plugins.workbook import template
from rusmodel.plugins.workbook.returned import Answer, Returned
from rusmodel.texts import Texts

__all__ = ["ROW_MISSING", "Missing", "Report", "build_report", "format_report", "text"]


@attrs.frozen
class Report(merge.Report):
    """What a collection found, as the command prints it.

    ``answered`` and ``not_answered`` name the units (or goal areas) whose
    workbooks were read with answers in them or were not read, ``blank`` those
    whose workbook came back with nothing filled in (returned, not answered),
    and ``answered_before`` those not read now
    whose answers an earlier collection merged (as when a late workbook comes
    in); of the answered, ``ready`` marked their workbook klart att lämna and
    ``not_ready`` did not (with ``--require-ready`` their answers are
    ``held``: read, not merged). ``read`` counts the answers (rows with
    anything typed in them), each either ``merged`` or ``refused``, so
    ``read == merged + refused``. ``problems`` holds every refused answer and
    workbook with its file and cell; ``no_answer`` the activities sent but not
    answered; ``lacking_status`` and ``lacking_comment`` what the merged period
    still lacks; ``unchanged_comment`` the comments copied from ``previous``.

    An activity left blank, or whose answer was refused, keeps the answer it
    already had for the period (from an earlier collection, say a late
    workbook's unit or a shared activity's other unit): it is listed in
    ``kept``, with that answer, and not as without an answer.
    """

    ready: tuple[str, ...] = ()
    not_ready: tuple[str, ...] = ()
    held: tuple[str, ...] = ()
    kept: tuple[Missing, ...] = ()
    answered_before: tuple[str, ...] = ()
    blank: tuple[str, ...] = ()


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
    held: Sequence[Returned] = (),
    lang: str = "sv",
) -> Report:
    """The report of a collection: ``plan`` before, ``merged`` after; ``held`` not merged."""
    previous = plan.previous_period(period.id)
    in_conflict = sum(1 for a in answers if a.slot in conflicts)
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
    kept: list[Missing] = []
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
        had = follow_up is not None and bool(follow_up.status or follow_up.comment.strip())
        if answer is None and had and follow_up is not None:
            kept.append(attrs.evolve(missing, place=_answer_text(plan, follow_up, lang)))
            continue
        if answer is None and activity.key not in refused:
            gone = not any(("activity", activity.key) in x.found for x in returned)
            no_answer.append(attrs.evolve(missing, place=ROW_MISSING if gone else ""))
        if activity.key in refused:
            continue  # listed once, with the refused answer's cell, among the problems
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
        if (
            answer is not None
            and previous is not None
            and unchanged_comment(activity.follow_ups.get(previous.id), answer.comment)
        ):
            unchanged.append(at_comment)
    every = [*returned, *held]
    groups = template.groups(plan, every[0].by if every else "unit", period.id, lang)
    returned_ids = {r.group_id for r in every}
    # A workbook sent back with nothing typed in it is returned, not answered.
    blank_ids = {r.group_id for r in every if not r.answers and not r.refused_rows and not r.ready}
    answered_ids = returned_ids - blank_ids
    # A group whose workbook was merged in an earlier run has answers in the plan already.
    earlier_ids = {
        g.id
        for g in groups
        if g.id not in answered_ids
        and any(_has_answer(a.follow_ups.get(period.id)) for a in g.activities)
    }
    blank_ids -= earlier_ids
    ready_ids = {r.group_id for r in every if r.ready}
    held_ids = {r.group_id for r in held}
    return Report(
        period=period,
        files=tuple(str(p) for p in paths),
        files_read=tuple(r.file for r in every),
        answered=tuple(g.name for g in groups if g.id in answered_ids),
        not_answered=tuple(
            g.name for g in groups if g.id not in returned_ids and g.id not in earlier_ids
        ),
        blank=tuple(g.name for g in groups if g.id in blank_ids),
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
        ready=tuple(g.name for g in groups if g.id in ready_ids),
        not_ready=tuple(g.name for g in groups if g.id in answered_ids - ready_ids),
        held=tuple(g.name for g in groups if g.id in held_ids),
        kept=tuple(kept),
        answered_before=tuple(g.name for g in groups if g.id in earlier_ids),
    )


def _has_answer(follow_up: FollowUp | None) -> bool:
    return follow_up is not None and bool(follow_up.status or follow_up.comment.strip())


def _answer_text(plan: Plan, follow_up: FollowUp, lang: str) -> str:
    """An answer kept, as the report shows it: its status's label, or a dash for a comment only."""
    value = plan.scale.get(follow_up.status) if follow_up.status else None
    return value.label(lang) if value else "–"


# The collection's own lines; the heading and "Svarade inte" are the merge report's.
_TEXT = {
    "answered_of": ("Svarade ({n} av {m}): {names}", "Answered ({n} of {m}): {names}"),
    "blank": (
        "Lämnade tillbaka utan att fylla i något: {names}",
        "Returned with nothing filled in: {names}",
    ),
    "ready": ("  klara att lämna: {names}", "  ready: {names}"),
    "answered_before": ("  svarat tidigare: {names}", "  answered before: {names}"),
    "not_ready": (
        "  svarat men inte markerat klart att lämna: {names}",
        "  answered but not marked ready: {names}",
    ),
    "held": (
        "Inte sammanförda (--require-ready, inte klara): {names}",
        "Not merged (--require-ready, not ready): {names}",
    ),
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


text = Texts({**REPORT_TEXTS.texts, **_TEXT})
"""What ``rusmodel collect`` prints about a collection, in Swedish and English: the merge
report's lines (:data:`rusmodel.merge.REPORT_TEXTS`: its heading, who did not answer) and
the collection's own (who answered and was ready, what was written)."""


def format_report(report: Report, lang: str = "sv") -> str:
    """The report as the lines the command prints (Swedish unless ``lang`` is ``en``)."""
    none = text("none", lang)
    lines = [
        text("title", lang, period=report.period.name, id=report.period.id),
        text("files", lang, n=len(report.files), read=len(report.files_read)),
        text(
            "answered_of",
            lang,
            n=len(report.answered) + len(report.answered_before),
            m=len(report.answered)
            + len(report.answered_before)
            + len(report.not_answered)
            + len(report.blank),
            names=", ".join(report.answered) or none,
        ),
    ]
    if report.answered_before:
        lines.append(text("answered_before", lang, names=", ".join(report.answered_before)))
    if report.answered:
        lines.append(text("ready", lang, names=", ".join(report.ready) or none))
        lines.append(text("not_ready", lang, names=", ".join(report.not_ready) or none))
    lines.append(text("not_answered", lang, names=", ".join(report.not_answered) or none))
    if report.blank:
        lines.append(text("blank", lang, names=", ".join(report.blank)))
    if report.held:
        lines.append(text("held", lang, names=", ".join(report.held)))
    lines += report_lines(report, lang, kept=report.kept)
    return "\n".join(lines)
