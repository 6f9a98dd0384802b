"""The deck's sections, each a function that adds its slides.

Every section reads the plan through :mod:`rusmodel.summary`, so the counts on
the summary slide, the rows of the activity tables and the workbook all agree.
A section with nothing to show for the period adds no slides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from rusmodel.labels import (
    NBSP,
    format_date,
    format_money,
    format_number,
    format_percent,
    label,
    money_unit,
)
from rusmodel.model import (
    TRAFFIC_LIGHT,
    Activity,
    ColumnKind,
    ControlLevel,
    Economy,
    GoalArea,
    Indicator,
    KeyFigure,
    LineKind,
    Period,
    Plan,
    Statement,
    StatusValue,
    Trend,
)
from rusmodel.plugins.deck.charts import Series, add_bar_chart
from rusmodel.plugins.deck.slides import Paragraph, Run, SlideMaker
from rusmodel.plugins.deck.tables import Cell, Column, TableFont, column_widths
from rusmodel.plugins.deck.theme import EMU_PER_INCH, EMU_PER_PT, Rect
from rusmodel.targets import Verdict

if TYPE_CHECKING:
    from rusmodel.summary import GroupCount

__all__ = ["SECTIONS", "Deck", "activities_and_indicators"]

NOT_REPORTED_COLOUR = "D9D9D9"
"""The fill of a status cell where the unit has not reported a status."""
BODY_SIZE = 16.0
HEADING_SIZE = 18.0
SMALL_TABLE_SIZES = (12.0, 11.0, 10.0)
"""Sizes tried, largest first, to keep a statement or key figure table on one slide."""
GAP = int(0.3 * EMU_PER_INCH)


@attrs.frozen
class Deck:
    """What every section needs: the plan (already narrowed by ``--only``), the period,
    the language, the grouping and the slide maker; ``selection`` names what
    ``--only`` kept, and ``whole`` is the plan before that, for the names of
    the units and goal areas the kept activities also belong to."""

    plan: Plan
    period: Period | None
    lang: str
    group_by: str
    maker: SlideMaker
    selection: str = ""
    whole: Plan | None = None

    @property
    def names(self) -> Plan:
        return self.whole or self.plan

    def label(self, key: str, **fields: object) -> str:
        return label(key, self.lang, **fields)


# -- shared pieces ----------------------------------------------------------------------------


def _followed(deck: Deck) -> tuple[Activity, ...]:
    """The activities the deck reports: those followed up in the period (all, without one)."""
    from rusmodel.summary import activities_in

    if deck.period is None:
        return deck.plan.activities
    return activities_in(deck.plan, deck.period.id)


def _status_of(deck: Deck, activity: Activity, period_id: str | None = None) -> StatusValue | None:
    period_id = period_id or (deck.period.id if deck.period else None)
    if period_id is None:
        return None
    follow_up = activity.follow_up(period_id)
    if follow_up is None or follow_up.status is None:
        return None
    return deck.plan.scale.get(follow_up.status)


def _status_cell(deck: Deck, value: StatusValue | None) -> Cell:
    """A status cell: filled with the status colour and saying the status in words."""
    if value is None:
        return Cell(deck.label("not_reported"), fill=NOT_REPORTED_COLOUR)
    return Cell(value.label(deck.lang), fill=value.colour)


def _legend(deck: Deck, include_unreported: bool) -> list[Paragraph]:
    """The status legend: a coloured mark, the label and what it means, for every value."""
    runs: list[Run] = [Run(deck.label("legend"), bold=True)]
    entries = [
        (v.colour, v.label(deck.lang), v.description(deck.lang)) for v in deck.plan.scale.values
    ]
    if include_unreported:
        entries.append(
            (
                NOT_REPORTED_COLOUR,
                deck.label("not_reported"),
                deck.label("not_reported_description"),
            )
        )
    for index, (colour, name, description) in enumerate(entries):
        runs.append(Run(f"{'   ' if index else ''}●{NBSP}", colour=colour, bold=True))
        runs.append(Run(f"{name} = {description}"))
    return [Paragraph(runs=tuple(runs), size=12.0)]


def _activity_name(activity: Activity) -> str:
    return f"{activity.id} {activity.title}" if activity.id else activity.title


def _area_names(plan: Plan, activity: Activity) -> str:
    """The short names of an activity's goal areas, as a narrow column shows them."""
    names = []
    for area_id in activity.goal_areas:
        area = plan.goal_area(area_id)
        names.append(area.display_short if area else area_id)
    return ", ".join(names)


def _two_columns(box: Rect, share: float) -> tuple[Rect, Rect]:
    left_width = int((box.width - GAP) * share)
    left = Rect(box.left, box.top, left_width, box.height)
    right = Rect(box.left + left_width + GAP, box.top, box.width - left_width - GAP, box.height)
    return left, right


def _decimals(values: Sequence[Decimal | None]) -> int:
    """The most decimal places any of ``values`` is written with (a table uses one for all)."""
    places = [0]
    for value in values:
        if value is not None:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                places.append(max(0, -exponent))
    return max(places)


# -- title ------------------------------------------------------------------------------------


def _follow_up_line(deck: Deck, period: Period) -> str:
    """ "Uppföljning Delår 2 2023, per 2023-08-31", without repeating what the name says."""
    date = format_date(period.as_of)
    name = period.name
    line = name if _says_follow_up(name) else deck.label("follow_up_of", period=name)
    return line if date in name else f"{line}, {deck.label('as_of', date=date)}"


def _says_follow_up(name: str) -> bool:
    folded = name.casefold()
    return any(word in folded for word in ("uppföljning", "follow-up", "follow up"))


def title_section(deck: Deck) -> None:
    """The title slide: plan, organisation, period and as-of date, the committee."""
    plan, period = deck.plan, deck.period
    lines: list[str] = []
    if period is not None:
        lines.append(_follow_up_line(deck, period))
    lines.append(plan.organisation)
    if plan.committee:
        presented = period.presented if period is not None else None
        lines.append(f"{plan.committee} {format_date(presented)}" if presented else plan.committee)
    if deck.selection:
        lines.append(deck.label("selection", name=deck.selection))
    deck.maker.title_slide(plan.title, lines)


# -- summary ----------------------------------------------------------------------------------


def _share_text(deck: Deck, count: GroupCount) -> str:
    from rusmodel.summary import share_percent

    share = share_percent(count)
    return "–" if share is None else format_percent(share, deck.lang, decimals=0)


def summary_section(deck: Deck) -> None:
    """Per goal area (or unit): activities, how many have each status, the share on track.

    A table with a totals row beside a native stacked bar chart of the same
    counts, under a sentence that says the share on track in words.
    """
    from rusmodel.cycle import round_state
    from rusmodel.summary import status_counts, total_count

    if deck.period is None:
        return
    period = deck.period
    groups = status_counts(deck.plan, period.id, group_by=deck.group_by)
    if not groups:
        return
    total = total_count(deck.plan, period.id)
    scale = deck.plan.scale
    unreported = total.unreported > 0
    by_unit = deck.group_by == "unit" or not deck.plan.goal_areas
    group_header = deck.label("unit" if by_unit else "goal_area_or_vision_goal")
    columns = [
        Column(group_header),
        Column(deck.label("activities_total"), fixed=True, align="r", max_share=0.2),
        *(Column(v.label(deck.lang), fixed=True, align="r", max_share=0.15) for v in scale.values),
    ]
    if unreported:
        columns.append(Column(deck.label("not_reported"), fixed=True, align="r", max_share=0.2))
    columns.append(Column(deck.label("share_on_track"), fixed=True, align="r", max_share=0.2))

    def row(count: GroupCount, name: str, bold: bool) -> list[Cell]:
        cells = [Cell(name, bold=bold), Cell(str(count.total), bold=bold)]
        cells += [Cell(str(count.by_status[v.id]), bold=bold) for v in scale.values]
        if unreported:
            cells.append(Cell(str(count.unreported), bold=bold))
        cells.append(Cell(_share_text(deck, count), bold=bold))
        return cells

    rows = [row(g, g.name, False) for g in groups]
    rows.append(row(total, deck.label("total"), True))

    on_track = [v for v in scale.values if v.on_track]
    description = (
        on_track[0].description(deck.lang) if len(on_track) == 1 else deck.label("on_track_generic")
    )
    sentence = deck.label(
        "summary_sentence",
        on_track=total.on_track,
        total=total.total,
        share=_share_text(deck, total),
        description=description,
    )
    intro = [Paragraph.of(sentence, 20.0, bold=True)]
    state = round_state(deck.plan, period.id)
    if state.open:
        # Silent units' activities count as not reported until the round is over.
        waiting = deck.label("round_open", answered=len(state.answered), units=len(state.units))
        intro.append(Paragraph.of(waiting, BODY_SIZE, space_before=6.0))
    narrative = deck.plan.narrative_for(period.id)
    if narrative is not None and narrative.summary:
        intro.append(Paragraph.of(narrative.summary, BODY_SIZE, space_before=6.0))

    series = [
        Series(v.label(deck.lang), tuple(g.by_status[v.id] for g in groups), v.colour)
        for v in scale.values
    ]
    if unreported:
        series.append(
            Series(
                deck.label("not_reported"),
                tuple(g.unreported for g in groups),
                NOT_REPORTED_COLOUR,
            )
        )
    categories = [g.name for g in groups]
    title = deck.label("summary_of", period=period.name)

    maker = deck.maker
    box = maker.content
    intro_height = int(maker.text_height(intro, box.width_pt) * EMU_PER_PT)
    below = box.below(intro_height + int(0.15 * EMU_PER_INCH))
    left, right = _two_columns(below, 0.55)
    fitted = maker.fit_table(columns, rows, left, (14.0, 12.0, 11.0))
    if fitted is not None and intro_height < box.height * 0.4 and below.height > 2.5 * EMU_PER_INCH:
        font, widths, _ = fitted
        slide = maker.new_slide(title)
        maker.add_text(slide, box, intro)
        maker.draw_table(slide, left, columns, widths, rows, font)
        _status_chart(slide, right, categories, series)
        return
    # Too much for one slide: the sentence and the table, then the chart on a slide of its own.
    maker.table_slides(title, columns, rows, above=intro, sizes=(14.0, 12.0))
    _status_chart(maker.new_slide(maker.continued(title)), box, categories, series)


def _status_chart(slide: Any, box: Rect, categories: list[str], series: list[Series]) -> None:
    add_bar_chart(
        slide,
        box,
        categories,
        series,
        stacked=True,
        horizontal=True,
        labels=True,
        integer=True,
    )


# -- narrative --------------------------------------------------------------------------------


def narrative_section(deck: Deck) -> None:
    """Highlights (viktiga händelser) and what is coming (på gång) in the period, as bullets."""
    if deck.period is None:
        return
    narrative = deck.plan.narrative_for(deck.period.id)
    if narrative is None:
        return
    blocks = [
        (key, items)
        for key, items in (("highlights", narrative.highlights), ("upcoming", narrative.upcoming))
        if items
    ]
    if not blocks:
        return
    paragraphs: list[Paragraph] = []
    for key, items in blocks:
        if len(blocks) > 1:
            space = 12.0 if paragraphs else 0.0
            paragraphs.append(
                Paragraph.of(
                    deck.label(key), HEADING_SIZE, bold=True, space_before=space, heading=True
                )
            )
        paragraphs += [
            Paragraph.of(item, BODY_SIZE, bullet=True, space_before=4.0) for item in items
        ]
    heading = " / ".join(deck.label(key) for key, _ in blocks)
    deck.maker.text_slides(f"{heading} – {deck.period.name}", paragraphs)


# -- changes ----------------------------------------------------------------------------------


def changes_section(deck: Deck) -> None:
    """What changed since the previous period: status moves, new, finished and dropped activities.

    Left out for the plan's first period. Where nothing changed, one slide
    says so.
    """
    from rusmodel.summary import changes_since_previous

    if deck.period is None:
        return
    period = deck.period
    previous = deck.plan.previous_period(period.id)
    if previous is None:
        return
    changes = changes_since_previous(deck.plan, period.id)
    finished = {a.key for a in changes.finished}
    none = Cell("–", align="ctr")

    def row(activity: Activity, kind: str, before: Cell, now: Cell) -> list[Cell]:
        return [
            Cell(_activity_name(activity)),
            Cell(_area_names(deck.names, activity)),
            Cell(deck.label(kind)),
            before,
            now,
        ]

    def status(activity: Activity, period_id: str) -> Cell:
        return _status_cell(deck, _status_of(deck, activity, period_id))

    rows: list[list[Cell]] = []
    for change in changes.status_changed:
        kind = "change_finished" if change.activity.key in finished else "change_status"
        rows.append(
            row(
                change.activity,
                kind,
                status(change.activity, previous.id),
                status(change.activity, period.id),
            )
        )
    rows += [row(a, "change_new", none, status(a, period.id)) for a in changes.new]
    rows += [row(a, "change_removed", status(a, previous.id), none) for a in changes.removed]
    title = deck.label("changes_since", previous=previous.name)
    if not rows:
        sentence = deck.label("no_changes", previous=previous.name)
        deck.maker.text_slides(title, [Paragraph.of(sentence, 20.0)])
        return
    counts = [
        (len(changes.status_changed) - len(finished), "change_status"),
        (len(finished), "change_finished"),
        (len(changes.new), "change_new"),
        (len(changes.removed), "change_removed"),
    ]
    summary = "   ".join(f"{deck.label(key)}: {n}" for n, key in counts if n)
    columns = [
        Column(deck.label("activity"), weight=3.0),
        Column(deck.label("goal_area")),
        Column(deck.label("change"), fixed=True),
        Column(deck.label("status_in", period=previous.name), fixed=True, max_share=0.15),
        Column(deck.label("status_in", period=period.name), fixed=True, max_share=0.15),
    ]
    above = [Paragraph.of(summary, 14.0, bold=True)]
    deck.maker.table_slides(title, columns, rows, above=above, sizes=(11.0,))


# -- activities and indicators ----------------------------------------------------------------


@attrs.frozen
class _Group:
    """Activities shown under one heading: a goal area's or a unit's."""

    title: str
    activities: tuple[Activity, ...]
    area: GoalArea | None = None


def _groups(deck: Deck) -> list[_Group]:
    followed = _followed(deck)
    plan = deck.plan
    groups: list[_Group] = []
    if deck.group_by == "unit":
        for unit in plan.units:
            members = tuple(a for a in followed if unit.id in a.units)
            if members:
                groups.append(_Group(unit.name, members))
        loose = tuple(a for a in followed if not any(plan.unit(u) for u in a.units))
    else:
        for area in plan.goal_areas:
            members = tuple(a for a in followed if area.id in a.goal_areas)
            if members:
                groups.append(_Group(area.name, members, area))
        loose = tuple(a for a in followed if not any(plan.goal_area(g) for g in a.goal_areas))
        # Activities of no goal area (a plan grouped by unit only) are shown by their unit.
        for unit in plan.units:
            members = tuple(a for a in loose if unit.id in a.units)
            if members:
                groups.append(_Group(unit.name, members))
        loose = tuple(a for a in loose if not any(plan.unit(u) for u in a.units))
    if loose:
        groups.append(_Group(deck.label("activities"), loose))
    return groups


def _activity_columns(deck: Deck, activities: Sequence[Activity]) -> list[tuple[str, Column]]:
    """The activity table's columns; an id, unit, responsible or schedule column only if used."""
    columns: list[tuple[str, Column]] = []
    if any(a.id for a in activities):
        columns.append(("id", Column(deck.label("activity_id"), fixed=True, max_share=0.08)))
    columns.append(("title", Column(deck.label("activity"), weight=3.0)))
    if any(a.units for a in activities):
        columns.append(("unit", Column(deck.label("unit"))))
    if any(a.responsible for a in activities):
        columns.append(("responsible", Column(deck.label("responsible"))))
    if any(a.schedule for a in activities):
        columns.append(("schedule", Column(deck.label("schedule"), fixed=True, max_share=0.1)))
    if deck.period is not None:
        columns.append(("status", Column(deck.label("status"), fixed=True, max_share=0.1)))
        columns.append(("comment", Column(deck.label("comment"), weight=4.0)))
    return columns


def _activity_row(deck: Deck, activity: Activity, keys: Sequence[str]) -> list[Cell]:
    follow_up = activity.follow_up(deck.period.id) if deck.period else None
    values: dict[str, Callable[[], Cell]] = {
        "id": lambda: Cell(activity.id),
        "title": lambda: Cell(activity.title),
        "unit": lambda: Cell(", ".join(deck.names.unit_name(u) for u in activity.units)),
        "responsible": lambda: Cell(", ".join(activity.responsible)),
        "schedule": lambda: Cell(activity.schedule.text(deck.lang) if activity.schedule else ""),
        "status": lambda: _status_cell(deck, _status_of(deck, activity)),
        "comment": lambda: Cell(follow_up.comment.strip() if follow_up else ""),
    }
    return [values[key]() for key in keys]


@attrs.frozen
class _ActivityTable:
    """The layout every activity table of the deck shares, so columns line up across slides."""

    keys: list[str]
    columns: list[Column]
    font: TableFont
    widths: list[float]
    legend: list[Paragraph]


def _activity_table(deck: Deck, groups: Sequence[_Group]) -> _ActivityTable:
    everything = [a for g in groups for a in g.activities]
    pairs = _activity_columns(deck, everything)
    keys = [k for k, _ in pairs]
    columns = [c for _, c in pairs]
    rows = [_activity_row(deck, a, keys) for a in everything]
    box = deck.maker.content
    font = deck.maker.readable_font(columns, rows, box)
    widths = column_widths(columns, rows, box.width_pt, font)
    unreported = deck.period is not None and any(_status_of(deck, a) is None for a in everything)
    legend = _legend(deck, unreported) if deck.period is not None else []
    return _ActivityTable(keys, columns, font, widths, legend)


def _activity_slides(deck: Deck, group: _Group, table: _ActivityTable) -> None:
    """One goal area's (or unit's) activities: "forts." slides as needed, the legend on each."""
    rows = [_activity_row(deck, a, table.keys) for a in group.activities]
    title = deck.label("activities_of", name=group.title)
    deck.maker.table_slides(
        title, table.columns, rows, above=table.legend, font=table.font, widths=table.widths
    )


def activities_and_indicators(deck: Deck, with_activities: bool, with_indicators: bool) -> None:
    """Activity tables per goal area (or unit), each goal area's indicators after its activities.

    Grouped by unit, the indicators (which belong to goal areas) follow all
    activity tables; a goal area without activities still shows its indicators.
    """
    groups = _groups(deck) if with_activities else []
    table = _activity_table(deck, groups) if groups else None
    shown: set[str] = set()
    for group in groups:
        assert table is not None
        _activity_slides(deck, group, table)
        if with_indicators and group.area is not None:
            indicator_slides(deck, group.area)
            shown.add(group.area.id)
    if with_indicators:
        for area in deck.plan.goal_areas:
            if area.id not in shown:
                indicator_slides(deck, area)


_TRENDS = {
    Trend.POSITIVE: ("↑", "trend_positive"),
    Trend.NEGATIVE: ("↓", "trend_negative"),
    Trend.UNCHANGED: ("→", "trend_unchanged"),
}
"""A trend's mark and word: up is better, down is worse, whichever way the value moved."""


def _verdict_cell(deck: Deck, verdict: Verdict) -> Cell:
    """An indicator's status: met (green) or not met (red), in words; a dash where unknown."""
    colours = {v.id: v.colour for v in TRAFFIC_LIGHT.values}
    if verdict is Verdict.MET:
        return Cell(deck.label("verdict_met"), fill=colours["green"])
    if verdict is Verdict.NOT_MET:
        return Cell(deck.label("verdict_not_met"), fill=colours["red"])
    return Cell("–", align="ctr")


def _value_text(deck: Deck, value: Decimal, unit: str) -> str:
    unit = unit.strip()
    if unit == "%":
        return format_percent(value, deck.lang)
    number = format_number(value, deck.lang)
    return f"{number}{NBSP}{unit}" if unit else number


def _indicator_row(deck: Deck, indicator: Indicator, period_id: str) -> list[Cell]:
    from rusmodel.summary import indicator_status

    state = indicator_status(deck.plan, indicator, period_id)
    name = Cell(indicator.name)
    target = Cell(indicator.target.text if indicator.target else "–")
    dash = Cell("–")
    outcome = state.outcome
    if outcome is None:
        return [name, target, dash, Cell(deck.label("no_outcome")), dash]
    trend = dash
    if state.trend is not None:
        mark, key = _TRENDS[state.trend]
        trend = Cell(f"{mark} {deck.label(key)}")
    if not state.measured:
        # "Mäts 4 e år": the note says when it is measured; the trend may still be reported.
        return [name, target, dash, Cell(outcome.note.strip() or deck.label("not_measured")), trend]
    if outcome.values:
        shown = "\n".join(
            f"{category} {_value_text(deck, value, indicator.unit)}"
            for category, value in outcome.values.items()
        )
    elif outcome.value is not None:
        shown = _value_text(deck, outcome.value, indicator.unit)
    else:
        shown = "–"
    if outcome.note.strip():
        shown = f"{shown}\n{outcome.note.strip()}"
    return [name, target, Cell(shown), _verdict_cell(deck, state.verdict), trend]


def indicator_slides(deck: Deck, area: GoalArea) -> None:
    """The indicators of a goal area: target, outcome, status and trend."""
    if deck.period is None:
        return
    indicators = [i for i in deck.plan.indicators if i.goal_area == area.id]
    if not indicators:
        return
    years = {i.target_year for i in indicators}
    year = next(iter(years)) if len(years) == 1 else None
    target_header = deck.label("target_in", year=year) if year else deck.label("target")
    columns = [
        Column(deck.label("indicator"), weight=3.0),
        Column(target_header),
        Column(deck.label("outcome")),
        Column(deck.label("status"), fixed=True, max_share=0.16),
        Column(deck.label("trend"), fixed=True, max_share=0.16),
    ]
    rows = [_indicator_row(deck, i, deck.period.id) for i in indicators]
    title = deck.label("indicators_of", name=area.name)
    deck.maker.table_slides(title, columns, rows, sizes=SMALL_TABLE_SIZES)


# -- key figures ------------------------------------------------------------------------------


def _padded(values: Sequence[Decimal | None], count: int) -> list[Decimal | None]:
    return list(values[:count]) + [None] * (count - len(values))


def _key_figure_table(deck: Deck, figure: KeyFigure) -> tuple[list[Column], list[list[Cell]]]:
    """The key figure as a table: a row per series, breakdowns under a bold group heading."""
    columns = [Column("")] + [
        Column(c, fixed=True, align="r", max_share=0.16) for c in figure.columns
    ]
    decimals = _decimals([v for row in figure.rows for v in row.values])
    percent = figure.unit.strip() == "%"

    def text(value: Decimal | None) -> str:
        if value is None:
            return "–"
        if percent:
            return format_percent(value, deck.lang, decimals=decimals)
        return format_number(value, deck.lang, decimals=decimals)

    rows: list[list[Cell]] = []
    group = ""
    for row in figure.rows:
        if row.group and row.group != group:
            rows.append([Cell(row.group, bold=True)] + [Cell("") for _ in figure.columns])
        group = row.group
        indent = NBSP * 3 if row.group else ""
        rows.append(
            [Cell(indent + row.label, bold=not row.group)]
            + [Cell(text(v)) for v in _padded(row.values, len(figure.columns))]
        )
    return columns, rows


def _figure_notes(figure: KeyFigure) -> list[Paragraph]:
    notes = [Paragraph.of(figure.note, 12.0)] if figure.note else []
    return notes + [Paragraph.of(c, 14.0, bullet=True, space_before=4.0) for c in figure.comments]


def _main_series(figure: KeyFigure) -> list[Series]:
    """The series the key figure's chart shows: its totals (rows without a group), else the
    first group's rows; the breakdowns get charts of their own."""
    rows = [r for r in figure.rows if not r.group]
    if not rows and figure.rows:
        rows = [r for r in figure.rows if r.group == figure.rows[0].group]
    return [Series(r.label, tuple(_padded(r.values, len(figure.columns)))) for r in rows]


def _figure_chart(deck: Deck, slide: Any, box: Rect, figure: KeyFigure) -> None:
    series = _main_series(figure)
    if not series:
        return
    unit = f"{NBSP}%" if figure.unit.strip() == "%" and deck.lang == "sv" else figure.unit.strip()
    add_bar_chart(
        slide,
        box,
        figure.columns,
        series,
        title=series[0].name if len(series) == 1 else None,
        unit=unit if unit in ("%", f"{NBSP}%") else "",
    )


def key_figure_slides(deck: Deck) -> None:
    """Each key figure as its table beside a native chart, then its breakdowns as small charts."""
    if deck.period is None:
        return
    maker = deck.maker
    for figure in (k for k in deck.plan.key_figures if k.period == deck.period.id):
        columns, rows = _key_figure_table(deck, figure)
        notes = _figure_notes(figure)
        box = maker.content
        left, right = _two_columns(box, 0.5)
        fitted = maker.fit_table(columns, rows, left, SMALL_TABLE_SIZES)
        notes_height = int(maker.text_height(notes, right.width_pt) * EMU_PER_PT) if notes else 0
        chart_box = Rect(right.left, right.top, right.width, right.height - notes_height)
        if fitted is not None and chart_box.height >= 2.5 * EMU_PER_INCH:
            font, widths, _ = fitted
            slide = maker.new_slide(figure.title)
            maker.draw_table(slide, left, columns, widths, rows, font)
            _figure_chart(deck, slide, chart_box, figure)
            if notes:
                maker.add_text(
                    slide, Rect(right.left, chart_box.bottom, right.width, notes_height), notes
                )
        else:
            maker.table_slides(
                figure.title, columns, rows, below=notes, sizes=SMALL_TABLE_SIZES, fill=False
            )
            if _main_series(figure):
                _figure_chart(deck, maker.new_slide(maker.continued(figure.title)), box, figure)
        _breakdown_slides(deck, figure)


def _breakdown_slides(deck: Deck, figure: KeyFigure) -> None:
    """A small chart per breakdown (kön, ålder, sjukdagar): its rows by year, four to a slide."""
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(figure.rows):
        if row.group:
            groups.setdefault(row.group, []).append(index)
    if not groups:
        return
    maker = deck.maker
    names = list(groups)
    title = deck.label("breakdown_of", title=figure.title)
    unit = f"{NBSP}%" if figure.unit.strip() == "%" and deck.lang == "sv" else ""
    unit = unit or ("%" if figure.unit.strip() == "%" else "")
    for start in range(0, len(names), 4):
        chunk = names[start : start + 4]
        slide = maker.new_slide(title if start == 0 else maker.continued(title))
        box = maker.content
        across = 2 if len(chunk) > 1 else 1
        down = (len(chunk) + across - 1) // across
        gap = int(0.25 * EMU_PER_INCH)
        width = (box.width - gap * (across - 1)) // across
        height = (box.height - gap * (down - 1)) // down
        for number, name in enumerate(chunk):
            down_at, across_at = divmod(number, across)
            chart_box = Rect(
                box.left + across_at * (width + gap),
                box.top + down_at * (height + gap),
                width,
                height,
            )
            members = [figure.rows[i] for i in groups[name]]
            series = [
                Series(year, tuple(_padded(m.values, len(figure.columns))[k] for m in members))
                for k, year in enumerate(figure.columns)
            ]
            add_bar_chart(
                slide,
                chart_box,
                [m.label for m in members],
                series,
                title=name,
                font_size=11.0,
                unit=unit,
            )


# -- economy ----------------------------------------------------------------------------------


def _statement_slides(deck: Deck, statement: Statement, title: str) -> None:
    """An income statement or budget with all its columns; totals and the result in bold."""
    decimals = _decimals([v for line in statement.lines for v in line.values.values()])
    unit = money_unit(statement.scale, deck.lang)
    columns = [Column(deck.label("amounts_in", unit=unit))] + [
        Column(c.label, fixed=True, align="r", max_share=0.14) for c in statement.columns
    ]
    strong = {LineKind.REVENUE_TOTAL, LineKind.COST_TOTAL, LineKind.RESULT}
    rows = []
    for line in statement.lines:
        bold = line.kind in strong
        cells = [Cell(line.label, bold=bold)]
        for column in statement.columns:
            value = line.values.get(column.id)
            text = "–" if value is None else format_number(value, deck.lang, decimals=decimals)
            cells.append(Cell(text, bold=bold))
        rows.append(cells)
    below = [Paragraph.of(statement.note, 12.0)] if statement.note else []
    deck.maker.table_slides(title, columns, rows, below=below, sizes=SMALL_TABLE_SIZES, fill=False)


def _result_paragraphs(deck: Deck, economy: Economy) -> list[Paragraph]:
    """The period's result and the full-year forecast, then the explanations as bullets."""
    paragraphs: list[Paragraph] = []
    statement = economy.income_statement
    if statement is not None:
        for kind, key in (
            (ColumnKind.OUTCOME, "result_for_period"),
            (ColumnKind.FORECAST, "forecast_full_year"),
        ):
            column = statement.column(kind)
            value = statement.result(column.id) if column else None
            if value is not None:
                amount = format_money(value, statement.scale, deck.lang)
                paragraphs.append(
                    Paragraph(
                        runs=(Run(f"{deck.label(key)}: ", bold=True), Run(amount, bold=True)),
                        size=20.0,
                        space_before=6.0 if paragraphs else 0.0,
                    )
                )
    if economy.forecast_comment:
        paragraphs.append(Paragraph.of(economy.forecast_comment, BODY_SIZE, space_before=6.0))
    deviations = [
        f"{d.text}, {format_money(d.amount, economy.scale, deck.lang, sign=True)}"
        if d.amount is not None
        else d.text
        for d in economy.deviations
    ]
    for key, items in (
        ("compared_with_budget", deviations),
        ("actions", economy.actions),
        ("uncertainties", economy.uncertainties),
        ("developments", economy.comments),
    ):
        if items:
            space = 12.0 if paragraphs else 0.0
            paragraphs.append(
                Paragraph.of(
                    deck.label(key), HEADING_SIZE, bold=True, space_before=space, heading=True
                )
            )
            paragraphs += [
                Paragraph.of(item, BODY_SIZE, bullet=True, space_before=4.0) for item in items
            ]
    return paragraphs


def economy_slides(deck: Deck) -> None:
    """Result and forecast with the deviations explained, the income statement, investments."""
    if deck.period is None:
        return
    economy = deck.plan.economy_for(deck.period.id)
    if economy is None:
        return
    paragraphs = _result_paragraphs(deck, economy)
    if paragraphs:
        deck.maker.text_slides(deck.label("economy_result"), paragraphs)
    economy_label = deck.label("economy")
    statement = economy.income_statement
    if statement is not None and statement.lines:
        name = statement.title or deck.label("income_statement")
        _statement_slides(deck, statement, f"{economy_label} – {name}")
    if economy.investments:
        _investment_slides(deck, economy, deck.period.as_of.year)
    budget = economy.budget_by_unit
    if budget is not None and budget.lines:
        name = budget.title or deck.label("budget_by_unit")
        _statement_slides(deck, budget, f"{economy_label} – {name}")


def _investment_slides(deck: Deck, economy: Economy, year: int) -> None:
    """Investment projects with budget, outcome and forecast, and a Summa row."""
    budget, outcome, forecast = economy.investment_totals()
    amounts = [v for i in economy.investments for v in (i.budget, i.outcome, i.forecast)]
    decimals = _decimals(amounts)

    def money(value: Decimal | None, bold: bool = False) -> Cell:
        text = "–" if value is None else format_number(value, deck.lang, decimals=decimals)
        return Cell(text, bold=bold)

    columns = [
        Column(deck.label("project")),
        Column(f"{deck.label('budget')} {year}", fixed=True, align="r", max_share=0.18),
        Column(f"{deck.label('outcome')} {year}", fixed=True, align="r", max_share=0.18),
        Column(f"{deck.label('forecast')} {year}", fixed=True, align="r", max_share=0.18),
    ]
    rows = [
        [Cell(i.project), money(i.budget), money(i.outcome), money(i.forecast)]
        for i in economy.investments
    ]
    rows.append(
        [Cell(deck.label("sum"), bold=True)] + [money(v, True) for v in (budget, outcome, forecast)]
    )
    unit = money_unit(economy.scale, deck.lang)
    above = [Paragraph.of(deck.label("amounts_in", unit=unit), 12.0)]
    title = f"{deck.label('economy')} – {deck.label('investments')}"
    deck.maker.table_slides(title, columns, rows, above=above, sizes=SMALL_TABLE_SIZES, fill=False)


# -- internal control -------------------------------------------------------------------------


def internal_control_slides(deck: Deck) -> None:
    """A table per level (region-wide, then the administration's): area, method, result, actions."""
    if deck.period is None:
        return
    checks = [c for c in deck.plan.internal_control if c.period == deck.period.id]
    columns = [
        Column(deck.label("control_area")),
        Column(deck.label("control_regulation")),
        Column(deck.label("control_method")),
        Column(deck.label("control_result")),
        Column(deck.label("control_actions")),
    ]
    for level, key in (
        (ControlLevel.REGION, "internal_control_region"),
        (ControlLevel.ADMINISTRATION, "internal_control_administration"),
    ):
        rows = [
            [Cell(c.area), Cell(c.regulation), Cell(c.method), Cell(c.result), Cell(c.actions)]
            for c in checks
            if c.level is level
        ]
        if rows:
            deck.maker.table_slides(deck.label(key), columns, rows)


SECTIONS: dict[str, Callable[[Deck], None]] = {
    "title": title_section,
    "summary": summary_section,
    "narrative": narrative_section,
    "changes": changes_section,
    "key_figures": key_figure_slides,
    "economy": economy_slides,
    "internal_control": internal_control_slides,
}
"""Sections that stand alone, by name; ``activities`` and ``indicators`` are built together."""
