"""The follow-up report (uppföljning, bilaga till delårsrapport): one period, in Word.

In order: the title page with the contents; the summary (the share on track
in words, the counts per goal area or unit as a table, the period's summary
text, highlights and what is coming); the changes since the previous period;
the activities per goal area or unit with schedule, responsible, status (a
coloured cell that says the status) and comment; the indicators with target,
outcome, status and trend; key figures; the economy; internal control. A
part with nothing for the period is left out.
"""

from __future__ import annotations

from decimal import Decimal

from rusmodel.labels import (
    NBSP,
    format_date,
    format_number,
    format_percent,
)
from rusmodel.model import (
    Activity,
    GoalArea,
    Indicator,
)
from rusmodel.plugins.document.figures import (
    economy_section,
    internal_control_section,
    key_figures_section,
)
from rusmodel.plugins.document.parts import (
    NOT_REPORTED_COLOUR,
    Doc,
    as_of_line,
    legend,
    status_cell,
    status_of,
    table,
    title_page,
)
from rusmodel.plugins.document.tables import Cell, Column
from rusmodel.summary import ActivityGroup, activity_groups
from rusmodel.table_rows import activity_name, area_names, trend_text, verdict_mark
from rusmodel.targets import Verdict

__all__ = ["follow_up_document"]


def follow_up_document(doc: Doc) -> None:
    """Write the whole follow-up report into ``doc``."""
    plan, period = doc.plan, doc.period
    if period is None:
        title_page(doc, plan.title, [plan.organisation, plan.committee])
    else:
        committee = plan.committee
        if committee and period.presented:
            committee = f"{committee} {format_date(period.presented)}"
        title_page(
            doc,
            doc.word("report_title", period=period.name),
            [plan.title, plan.organisation, as_of_line(doc, period), committee],
        )
    _summary(doc)
    _changes(doc)
    _activities(doc)
    _indicators(doc)
    key_figures_section(doc)
    economy_section(doc)
    internal_control_section(doc)


def _followed(doc: Doc) -> tuple[Activity, ...]:
    from rusmodel.summary import activities_in

    if doc.period is None:
        return doc.plan.activities
    return activities_in(doc.plan, doc.period.id)


# -- summary -----------------------------------------------------------------------------------


def _share(doc: Doc, on_track: int, total: int) -> str:
    if not total:
        return "–"
    share = (Decimal(on_track) * 100 / Decimal(total)).quantize(Decimal(1))
    return format_percent(share, doc.lang, decimals=0)


def _summary(doc: Doc) -> None:
    from rusmodel.summary import status_counts, total_count

    plan, period = doc.plan, doc.period
    doc.w.heading(doc.word("summary"), 1)
    if period is None:
        doc.w.paragraph(doc.word("no_period"))
        return
    groups = status_counts(plan, period.id, group_by=doc.group_by, lang=doc.lang)
    total = total_count(plan, period.id, lang=doc.lang)
    if total.total:
        on_track = [v for v in plan.scale.values if v.on_track]
        description = (
            on_track[0].description(doc.lang)
            if len(on_track) == 1
            else doc.word("on_track_generic")
        )
        sentence = doc.word(
            "summary_sentence",
            on_track=total.on_track,
            total=total.total,
            share=_share(doc, total.on_track, total.total),
            description=description,
        )
        doc.w.paragraph(sentence, bold=True)
    narrative = plan.narrative_for(period.id)
    if narrative is not None and narrative.summary.strip():
        doc.w.prose(narrative.summary)
    if groups:
        unreported = total.unreported > 0
        group_key = "unit" if doc.group_by == "unit" else "goal_area_or_vision_goal"
        columns = [
            Column(doc.word(group_key), weight=3.0),
            Column(doc.word("activities_total"), align="right", fixed=True),
            *(
                Column(v.label(doc.lang), align="right", fixed=True, fill=v.colour)
                for v in plan.scale.values
            ),
        ]
        if unreported:
            columns.append(
                Column(
                    doc.word("not_reported"), align="right", fixed=True, fill=NOT_REPORTED_COLOUR
                )
            )
        columns.append(Column(doc.word("share_on_track"), align="right", fixed=True))
        rows = []
        for count, name, bold in [(g, g.name, False) for g in groups] + [
            (total, doc.word("total"), True)
        ]:
            cells = [Cell(name, bold=bold), Cell(str(count.total), bold=bold)]
            cells += [Cell(str(count.by_status[v.id]), bold=bold) for v in plan.scale.values]
            if unreported:
                cells.append(Cell(str(count.unreported), bold=bold))
            cells.append(Cell(_share(doc, count.on_track, count.total), bold=bold))
            rows.append(cells)
        group_word = doc.word("group_unit" if doc.group_by == "unit" else "group_goal_area")
        table(doc, doc.word("status_counts", group=group_word), columns, rows)
    if narrative is not None:
        for key, items in (("highlights", narrative.highlights), ("upcoming", narrative.upcoming)):
            if items:
                doc.w.heading(doc.word(key), 2)
                doc.w.bullets(list(items))


# -- changes -----------------------------------------------------------------------------------


def _changes(doc: Doc) -> None:
    from rusmodel.summary import changes_since_previous

    if doc.period is None:
        return
    period = doc.period
    previous = doc.plan.previous_period(period.id)
    if previous is None:
        return
    changes = changes_since_previous(doc.plan, period.id)
    title = doc.word("changes_since", previous=previous.name)
    doc.w.heading(title, 1)
    none = Cell("–")

    def row(activity: Activity, kind: str, before: Cell, now: Cell) -> list[Cell]:
        return [
            Cell(activity_name(activity)),
            Cell(area_names(doc.plan, activity)),
            Cell(doc.word(kind)),
            before,
            now,
        ]

    def status(activity: Activity, period_id: str | None) -> Cell:
        return none if period_id is None else status_cell(doc, status_of(doc, activity, period_id))

    rows = [
        row(c.activity, f"change_{c.kind}", status(c.activity, c.before), status(c.activity, c.now))
        for c in changes.rows()
    ]
    if not rows:
        doc.w.paragraph(doc.word("no_changes", previous=previous.name))
        return
    columns = [
        Column(doc.word("activity"), weight=3.0),
        Column(doc.word("goal_area")),
        Column(doc.word("change"), fixed=True),
        Column(doc.word("status_in", period=previous.name), fixed=True),
        Column(doc.word("status_in", period=period.name), fixed=True),
    ]
    table(doc, title, columns, rows, sizes=(9.0, 8.0))


# -- activities --------------------------------------------------------------------------------


def _groups(doc: Doc) -> list[ActivityGroup]:
    rest = doc.word("other_activities")
    return activity_groups(doc.plan, _followed(doc), doc.group_by, rest=rest)


def _activities(doc: Doc) -> None:
    groups = _groups(doc)
    if not groups:
        return
    everything = [a for g in groups for a in g.activities]
    doc.w.heading(doc.word("all_activities"), 1)
    if doc.period is not None:
        legend(doc, any(status_of(doc, a) is None for a in everything))
    keys: list[tuple[str, Column]] = []
    if any(a.id for a in everything):
        keys.append(("id", Column(doc.word("activity_id"), fixed=True)))
    keys.append(("title", Column(doc.word("activity"), weight=3.0)))
    if any(a.schedule for a in everything):
        keys.append(("schedule", Column(doc.word("schedule"), fixed=True)))
    if any(a.responsible for a in everything):
        keys.append(("responsible", Column(doc.word("responsible"))))
    if doc.period is not None:
        keys.append(("status", Column(doc.word("status"), fixed=True)))
        keys.append(("comment", Column(doc.word("comment"), weight=4.0)))
    columns = [c for _, c in keys]
    for group in groups:
        doc.w.heading(group.title, 2)
        rows = [[_cell(doc, a, k) for k, _ in keys] for a in group.activities]
        table(doc, doc.word("activities_of", name=group.title), columns, rows, sizes=(9.0, 8.0))


def _cell(doc: Doc, activity: Activity, key: str) -> Cell:
    if key == "status":
        return status_cell(doc, status_of(doc, activity))
    if key == "comment":
        follow_up = activity.follow_up(doc.period.id) if doc.period else None
        return Cell(follow_up.comment.strip() if follow_up else "")
    text = {
        "id": activity.id,
        "title": activity.title,
        "schedule": activity.schedule.text(doc.lang) if activity.schedule else "",
        "responsible": ", ".join(activity.responsible),
    }[key]
    return Cell(text)


# -- indicators --------------------------------------------------------------------------------


def _verdict_cell(doc: Doc, verdict: Verdict) -> Cell:
    mark = verdict_mark(verdict, doc.lang)
    return Cell(mark.word, fill=mark.colour, bold=True) if mark else Cell("–")


def _value_text(doc: Doc, value: Decimal, unit: str) -> str:
    unit = unit.strip()
    if unit == "%":
        return format_percent(value, doc.lang)
    number = format_number(value, doc.lang)
    return f"{number}{NBSP}{unit}" if unit else number


def _indicator_row(doc: Doc, indicator: Indicator, period_id: str) -> list[Cell]:
    from rusmodel.summary import indicator_status

    state = indicator_status(doc.plan, indicator, period_id)
    name = Cell(indicator.name)
    target = Cell(indicator.target.text if indicator.target else "–")
    dash = Cell("–")
    outcome = state.outcome
    if outcome is None:
        return [name, target, dash, Cell(doc.word("no_outcome")), dash]
    trend = dash
    if state.trend is not None:
        trend = Cell(trend_text(state.trend, doc.lang))
    if not state.measured:
        return [name, target, dash, Cell(outcome.note.strip() or doc.word("not_measured")), trend]
    if outcome.values:
        shown = "\n".join(
            f"{category} {_value_text(doc, value, indicator.unit)}"
            for category, value in outcome.values.items()
        )
    elif outcome.value is not None:
        shown = _value_text(doc, outcome.value, indicator.unit)
    else:
        shown = "–"
    if outcome.note.strip():
        shown = f"{shown}\n{outcome.note.strip()}"
    return [name, target, Cell(shown), _verdict_cell(doc, state.verdict), trend]


def _indicators(doc: Doc) -> None:
    if doc.period is None or not doc.plan.indicators:
        return
    doc.w.heading(doc.word("indicators"), 1)
    for area in doc.plan.goal_areas:
        _area_indicators(doc, area)


def _area_indicators(doc: Doc, area: GoalArea) -> None:
    assert doc.period is not None
    indicators = [i for i in doc.plan.indicators if i.goal_area == area.id]
    if not indicators:
        return
    doc.w.heading(area.name, 2)
    years = {i.target_year for i in indicators}
    year = next(iter(years)) if len(years) == 1 else None
    columns = [
        Column(doc.word("indicator"), weight=3.0),
        Column(doc.word("target_in", year=year) if year else doc.word("target")),
        Column(doc.word("outcome")),
        Column(doc.word("status"), fixed=True),
        Column(doc.word("trend"), fixed=True),
    ]
    rows = [_indicator_row(doc, i, doc.period.id) for i in indicators]
    table(doc, doc.word("indicators_of", name=area.name), columns, rows)
