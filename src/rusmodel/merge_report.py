"""The report of a merge: what it holds, and the lines commands print.

:func:`rusmodel.merge.merge_period` and ``rusmodel collect`` fill in a
:class:`Report`; both print it ending with :func:`report_lines`, so the
counts, what the period still lacks and what was refused read the same after
either. Users import all of it from :mod:`rusmodel.merge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from rusmodel.model import Period
from rusmodel.problems import Problem
from rusmodel.texts import Texts

__all__ = ["REPORT_TEXTS", "ROW_MISSING", "Missing", "Report", "format_report", "report_lines"]


@attrs.frozen
class Missing:
    """An activity that lacks something, the unit asked and where (file, and cell if answered).

    ``key`` is the activity's id, empty where it has none (then its title names it).
    """

    key: str
    title: str
    group: str
    file: str
    place: str = ""


ROW_MISSING = "-"
"""The place of an activity whose row was deleted from the returned file."""


@attrs.frozen
class Report:
    """What a merge found, as ``rusmodel collect`` and ``rusmodel import --into`` print it.

    ``answered`` and ``not_answered`` name the units (or goal areas) whose
    files were or were not read; ``read`` counts the answers (rows with
    anything typed in them), each either ``merged`` or ``refused``, so
    ``read == merged + refused``. ``problems`` holds every refused answer and
    file with its place; ``no_answer`` the activities asked but not answered;
    ``lacking_status`` and ``lacking_comment`` what the merged period still
    lacks; ``unchanged_comment`` the comments copied from ``previous``.
    ``source`` says what was read: ``workbooks`` (collection workbooks) or
    ``files``.
    """

    period: Period
    files: tuple[str, ...]
    files_read: tuple[str, ...]
    answered: tuple[str, ...]
    not_answered: tuple[str, ...]
    read: int
    merged: int
    refused: int
    problems: tuple[Problem, ...]
    lacking_status: tuple[Missing, ...]
    lacking_comment: tuple[Missing, ...]
    unchanged_comment: tuple[Missing, ...]
    no_answer: tuple[Missing, ...]
    indicators_merged: int = 0
    previous: Period | None = None
    source: str = "workbooks"

    @property
    def ok(self) -> bool:
        """Whether every answer and file could be used: nothing refused (warnings, such as a
        workbook without a checksum, do not count)."""
        return not any(p.is_error for p in self.problems)


_TEXT = {
    "title": ("Insamling {period} ({id})", "Collection {period} ({id})"),
    "files": ("Arbetsböcker: {n} givna, {read} lästa", "Workbooks: {n} given, {read} read"),
    "other_files": ("Filer: {n} givna, {read} lästa", "Files: {n} given, {read} read"),
    "answered": ("Svarade: {names}", "Answered: {names}"),
    "not_answered": ("Svarade inte: {names}", "Did not answer: {names}"),
    "counts": (
        "{read} svar lästa: {merged} sammanförda{of_which}, {refused} avvisade",
        "{read} answers read: {merged} merged{of_which}, {refused} refused",
    ),
    "indicators": (" (varav {n} indikatorutfall)", " ({n} of them indicator outcomes)"),
    "no_answer": ("Inget svar", "No answer"),
    "lacking_status": ("Saknar status", "Lacking a status"),
    "lacking_comment": ("Saknar kommentar", "Lacking a comment"),
    "unchanged": (
        "Kommentaren oförändrad sedan {previous}",
        "Comment unchanged since {previous}",
    ),
    "problems": ("Avvisat och ogiltigt ({n})", "Refused and invalid ({n})"),
    "warnings": ("Varningar ({n})", "Warnings ({n})"),
    "kept": (
        "Inget nytt svar, tidigare svar för perioden behålls",
        "No new answer, the period's earlier answer is kept",
    ),
    "none": ("inga", "none"),
    "row_missing": ("raden saknas i arbetsboken", "the row is missing from the workbook"),
}


REPORT_TEXTS = Texts(_TEXT)
"""The lines of the report in Swedish and English, by key: a command that prints its own
lines around :func:`report_lines` (``rusmodel collect``) says the heading (``title``,
``files``), who did not answer (``not_answered``) and ``none`` in the same words."""


def format_report(report: Report, lang: str = "sv") -> str:
    """The report as the lines the commands print (Swedish unless ``lang`` is ``en``)."""
    none = REPORT_TEXTS("none", lang)
    files = "files" if report.source == "workbooks" else "other_files"
    lines = [
        REPORT_TEXTS("title", lang, period=report.period.name, id=report.period.id),
        REPORT_TEXTS(files, lang, n=len(report.files), read=len(report.files_read)),
    ]
    if report.source == "workbooks":
        lines += [
            REPORT_TEXTS("answered", lang, names=", ".join(report.answered) or none),
            REPORT_TEXTS("not_answered", lang, names=", ".join(report.not_answered) or none),
        ]
    lines += report_lines(report, lang)
    return "\n".join(lines)


def report_lines(report: Report, lang: str = "sv", *, kept: Sequence[Missing] = ()) -> list[str]:
    """The lines every merge report ends with: the count of answers, what the period still
    lacks, and what was refused.

    A command that merges (``rusmodel collect``) prints its own lines about who
    answered above these; ``kept`` lists the activities whose earlier answer
    for the period stayed, after those without an answer.
    """
    lines = [
        REPORT_TEXTS(
            "counts",
            lang,
            read=report.read,
            merged=report.merged,
            refused=report.refused,
            of_which=REPORT_TEXTS("indicators", lang, n=report.indicators_merged)
            if report.indicators_merged
            else "",
        )
    ]

    def section(title: str, items: Iterable[Missing]) -> None:
        items = list(items)
        lines.append("")
        lines.append(f"{title} ({len(items)})" + (":" if items else ""))
        for m in items:
            where = REPORT_TEXTS("row_missing", lang) if m.place == ROW_MISSING else m.place
            name = f"{m.key} – {m.title}" if m.key else m.title
            group = f" [{m.group}]" if m.group else ""
            lines.append(f"  {name}{group} ({m.file}{': ' + where if where else ''})")

    section(REPORT_TEXTS("no_answer", lang), report.no_answer)
    if kept:
        section(REPORT_TEXTS("kept", lang), kept)
    section(REPORT_TEXTS("lacking_status", lang), report.lacking_status)
    section(REPORT_TEXTS("lacking_comment", lang), report.lacking_comment)
    if report.previous is not None:
        section(
            REPORT_TEXTS("unchanged", lang, previous=report.previous.name), report.unchanged_comment
        )
    refused = [p for p in report.problems if p.is_error]
    lines.append("")
    lines.append(REPORT_TEXTS("problems", lang, n=len(refused)) + (":" if refused else ""))
    lines += [f"  {p}" for p in refused]
    warnings = [p for p in report.problems if not p.is_error]
    if warnings:
        lines.append("")
        lines.append(REPORT_TEXTS("warnings", lang, n=len(warnings)) + ":")
        lines += [f"  {p}" for p in warnings]
    return lines
