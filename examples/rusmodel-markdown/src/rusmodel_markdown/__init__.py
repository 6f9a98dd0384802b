"""A Markdown exporter for rusmodel: a plan's follow-up as a Markdown document.

The document has the plan's title, the period, a summary table (activities
per goal area and status, with the share on track, as the committee's summary
slide shows it), the status legend, and per goal area (or unit) a table of its
activities with their status and comment.

This package is the example of a plugin written by a third party: it uses
only rusmodel's public API and is registered through its own
``pyproject.toml``::

    [project.entry-points.rusmodel]
    markdown = "rusmodel_markdown"

Once installed, ``rusmodel plugins`` lists it and ``rusmodel export plan.yaml
--output follow-up.md`` uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

from rusmodel import ExportContext, Exporter, GoalKind, Option, Plan, hookimpl
from rusmodel.labels import format_date, label
from rusmodel.summary import GroupCount, activities_in, share_percent, status_counts, total_count

__all__ = ["EXPORTER", "render", "rusmodel_exporters"]

__version__ = "0.1.0"

RUSMODEL_HOOK_API = 2
"""The version of rusmodel's hook API this plugin is written for (2: option validators)."""


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell: no pipes, no HTML, line breaks kept."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    lines = [line.strip() for line in text.strip().splitlines()]
    return "<br>".join(line for line in lines if line)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: int = 0) -> list[str]:
    """A table; the last ``numeric`` columns are right-aligned."""
    align = ["---"] * (len(header) - numeric) + ["--:"] * numeric
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _share(count: GroupCount, lang: str) -> str:
    share = share_percent(count)
    if share is None:
        return "-"
    return f"{share} %" if lang == "sv" else f"{share}%"


def _summary(
    plan: Plan, groups: Sequence[GroupCount], total: GroupCount, lang: str, by: str
) -> list[str]:
    statuses = plan.scale.values
    # Activities without a status get a column only when there are any.
    unreported = total.unreported > 0
    if by == "unit":
        first = label("unit", lang)
    elif any(g.kind is GoalKind.VISION_GOAL for g in plan.goal_areas):
        first = label("goal_area_or_vision_goal", lang)
    else:
        first = label("goal_area", lang)
    header = [
        first,
        label("activities_total", lang),
        *(v.label(lang) for v in statuses),
        *([label("not_reported", lang)] if unreported else []),
        label("share_on_track", lang),
    ]

    def row(name: str, count: GroupCount) -> list[str]:
        counts = [str(count.by_status[v.id]) for v in statuses]
        counts += [str(count.unreported)] if unreported else []
        return [name, str(count.total), *counts, _share(count, lang)]

    rows = [row(g.name, g) for g in groups]
    rows.append(row(f"**{label('total', lang)}**", total))
    legend = ", ".join(f"{v.label(lang)} = {v.description(lang)}" for v in statuses)
    return [*_table(header, rows, numeric=len(header) - 1), "", f"{label('legend', lang)}{legend}"]


def render(plan: Plan, context: ExportContext) -> str:
    """The follow-up of ``context.period`` as Markdown text."""
    lang = context.lang
    level = int(context.options.get("heading_level", 1))
    by = str(context.options.get("group_by", "goal_area"))
    comments = bool(context.options.get("comments", True))

    def heading(depth: int, text: str) -> list[str]:
        return ["#" * (level + depth) + " " + text.strip(), ""]

    lines = heading(0, plan.title)
    about = " · ".join(part for part in (plan.organisation, plan.committee) if part)
    if about:
        lines += [about, ""]
    period = context.period
    if period is None:
        return "\n".join(lines).rstrip() + "\n"
    as_of = label("as_of", lang, date=format_date(period.as_of))
    lines += heading(1, f"{label('follow_up_of', lang, period=period.name)} ({as_of})")

    groups = status_counts(plan, period.id, group_by=by)
    lines += heading(2, label("summary", lang))
    lines += [*_summary(plan, groups, total_count(plan, period.id), lang, by), ""]

    followed = activities_in(plan, period.id)
    with_ids = any(a.id for a in followed)
    header = [label("activity_id", lang)] if with_ids else []
    header += [label(k, lang) for k in ("activity", "unit", "responsible", "status")]
    header += [label("comment", lang)] if comments else []
    for group in groups:
        members = [a for a in followed if group.key in (a.units if by == "unit" else a.goal_areas)]
        rows = []
        for activity in members:
            follow_up = activity.follow_ups[period.id]
            value = plan.scale.get(follow_up.status) if follow_up.status else None
            row = [activity.id] if with_ids else []
            row += [
                activity.title,
                ", ".join(plan.unit_name(u) for u in activity.units),
                ", ".join(activity.responsible),
                value.label(lang) if value else label("not_reported", lang),
            ]
            row += [follow_up.comment] if comments else []
            rows.append(row)
        lines += heading(2, label("activities_of", lang, name=group.name))
        lines += [*_table(header, rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the follow-up as UTF-8 Markdown."""
    out.write(render(plan, context).encode("utf-8"))


def _heading_level(level: int) -> str | None:
    """rusmodel calls this before any work starts, from the command line and from Python."""
    return None if 1 <= level <= 4 else f"the heading level must be 1, 2, 3 or 4, not {level}"


EXPORTER = Exporter(
    name="markdown",
    description="the follow-up as a Markdown document: summary table and activities",
    suffixes=(".md", ".markdown"),
    write=write,
    options=(
        Option(
            name="heading_level",
            help="the level of the document's first heading, 1 to 4, to fit it into another page",
            kind="int",
            default=1,
            validator=_heading_level,
        ),
        Option(
            name="group_by",
            help="list the activities per goal area or per unit",
            kind="choice",
            default="goal_area",
            choices=("goal_area", "unit"),
        ),
        Option(
            name="comments",
            help="include each activity's comment (--no-comments leaves them out)",
            kind="bool",
            default=True,
        ),
    ),
)


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return [EXPORTER]
