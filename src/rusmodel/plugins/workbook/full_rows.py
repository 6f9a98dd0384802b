"""The rows of each sheet of the full workbook, taken from the plan.

One function per part of the plan gives its sheet's key, columns and rows;
each row remembers where it comes from in the plan (``activities[3]``) so that
a value that cannot be written is refused naming its place. The activities
get a Status and Kommentar column pair per period, the statement lines a
column per statement column and the key-figure rows a column per value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from rusmodel import Plan, PlanError, Statement
from rusmodel.plugins.workbook.full_writer import Row, Status, status_text
from rusmodel.plugins.workbook.layout import PLAN_FIELDS, SHEETS, Col, Section, Table, word

__all__ = ["period_columns", "sheet_rows"]


def period_columns(plan: Plan) -> list[tuple[str, str]]:
    """The periods that get a Status/Kommentar pair: the plan's, then any other id follow-ups use.

    Returns ``(period_id, name shown)`` pairs.
    """
    columns = [(p.id, p.name) for p in plan.periods]
    known = {p.id for p in plan.periods}
    for activity in plan.activities:
        for period_id in activity.follow_ups:
            if period_id not in known:
                known.add(period_id)
                columns.append((period_id, period_id))
    return columns


def sheet_rows(plan: Plan, lang: str) -> Iterable[tuple[str, Sequence[Col], list[Row]]]:
    """Each sheet's key, columns and rows, in the order the sheets appear in the workbook."""
    spec = SHEETS
    yield "plan", spec["plan"].columns, _plan_rows(plan, lang)
    yield (
        "scale",
        spec["scale"].columns,
        [
            Row(f"scale.values[{i}]", attrs.asdict(v, recurse=False))
            for i, v in enumerate(plan.scale.values)
        ],
    )
    yield (
        "periods",
        spec["periods"].columns,
        [Row(f"periods[{i}]", attrs.asdict(p, recurse=False)) for i, p in enumerate(plan.periods)],
    )
    yield (
        "units",
        spec["units"].columns,
        [Row(f"units[{i}]", attrs.asdict(u, recurse=False)) for i, u in enumerate(plan.units)],
    )
    yield (
        "goal_areas",
        spec["goal_areas"].columns,
        [
            Row(f"goal_areas[{i}]", attrs.asdict(g, recurse=False))
            for i, g in enumerate(plan.goal_areas)
        ],
    )
    yield (
        "sub_goals",
        spec["sub_goals"].columns,
        [
            Row(
                f"goal_areas[{i}].sub_goals[{j}]",
                {"goal_area": g.id, "name": s.name, "prioritised": s.prioritised},
            )
            for i, g in enumerate(plan.goal_areas)
            for j, s in enumerate(g.sub_goals)
        ],
    )
    yield _activities(plan, lang)
    yield (
        "indicators",
        spec["indicators"].columns,
        [
            Row(
                f"indicators[{i}]",
                {
                    **attrs.asdict(ind, recurse=False),
                    "target": ind.target.text if ind.target else "",
                },
            )
            for i, ind in enumerate(plan.indicators)
        ],
    )
    yield "outcomes", spec["outcomes"].columns, list(_outcome_rows(plan))
    yield (
        "internal_control",
        spec["internal_control"].columns,
        [
            Row(f"internal_control[{i}]", attrs.asdict(c, recurse=False))
            for i, c in enumerate(plan.internal_control)
        ],
    )
    yield (
        "economy",
        spec["economy"].columns,
        [Row(f"economy[{i}]", attrs.asdict(e, recurse=False)) for i, e in enumerate(plan.economy)],
    )
    statements = list(_statements(plan))
    yield (
        "statements",
        spec["statements"].columns,
        [
            Row(place, {**attrs.asdict(s, recurse=False), "period": period, "table": table})
            for place, period, table, s in statements
        ],
    )
    yield (
        "statement_columns",
        spec["statement_columns"].columns,
        [
            Row(f"{place}.columns[{j}]", {**attrs.asdict(c), "period": period, "table": table})
            for place, period, table, s in statements
            for j, c in enumerate(s.columns)
        ],
    )
    yield _statement_lines(statements, lang)
    yield (
        "investments",
        spec["investments"].columns,
        [
            Row(f"economy[{i}].investments[{j}]", {**attrs.asdict(inv), "period": e.period})
            for i, e in enumerate(plan.economy)
            for j, inv in enumerate(e.investments)
        ],
    )
    yield (
        "deviations",
        spec["deviations"].columns,
        [
            Row(f"economy[{i}].deviations[{j}]", {**attrs.asdict(d), "period": e.period})
            for i, e in enumerate(plan.economy)
            for j, d in enumerate(e.deviations)
        ],
    )
    yield (
        "key_figures",
        spec["key_figures"].columns,
        [
            Row(f"key_figures[{i}]", attrs.asdict(k, recurse=False))
            for i, k in enumerate(plan.key_figures)
        ],
    )
    yield _key_figure_rows(plan, lang)
    yield (
        "narratives",
        spec["narratives"].columns,
        [
            Row(f"narratives[{i}]", attrs.asdict(n, recurse=False))
            for i, n in enumerate(plan.narratives)
        ],
    )
    yield (
        "chapters",
        spec["chapters"].columns,
        [
            Row(f"chapters[{i}]", attrs.asdict(c, recurse=False))
            for i, c in enumerate(plan.chapters)
        ],
    )
    yield "bullets", spec["bullets"].columns, list(_bullets(plan))


def _plan_rows(plan: Plan, lang: str) -> list[Row]:
    values: dict[str, Any] = {
        **{f.key: getattr(plan, f.key, None) for f in PLAN_FIELDS},
        "scale": plan.scale.id,
        "deck_sections": plan.deck.sections,
    }
    return [
        Row(
            field.key,
            {"key": field.key, "field": field.header(lang), "value": values[field.key]},
            kinds={"value": field.kind},
        )
        for field in PLAN_FIELDS
    ]


def _activities(plan: Plan, lang: str) -> tuple[str, Sequence[Col], list[Row]]:
    periods = period_columns(plan)
    columns = list(SHEETS["activities"].columns)
    for period_id, name in periods:
        columns.append(Col(f"status:{period_id}", f"Status {name}", f"Status {name}", "status"))
        columns.append(Col(f"comment:{period_id}", f"Kommentar {name}", f"Comment {name}", "text"))
    rows: list[Row] = []
    for i, activity in enumerate(plan.activities):
        values: dict[str, Any] = {
            **attrs.asdict(activity, recurse=False),
            "schedule": activity.schedule.text() if activity.schedule else "",
        }
        for period_id, follow_up in activity.follow_ups.items():
            status = follow_up.status
            if status is None and follow_up.comment:
                values[f"status:{period_id}"] = Status("")
            else:
                values[f"status:{period_id}"] = status_text(plan.scale, status, lang)
            values[f"comment:{period_id}"] = follow_up.comment
        rows.append(Row(f"activities[{i}]", values))
    return "activities", columns, rows


def _outcome_rows(plan: Plan) -> Iterable[Row]:
    for i, indicator in enumerate(plan.indicators):
        for period_id, outcome in indicator.outcomes.items():
            place = f"indicators[{i}].outcomes.{period_id}"
            yield Row(
                place,
                {
                    **attrs.asdict(outcome, recurse=False),
                    "indicator": indicator.key,
                    "period": period_id,
                    "category": "",
                },
            )
            for category, value in outcome.values.items():
                if not category:
                    raise PlanError.single(
                        "an outcome's category has no name; the workbook needs one", place=place
                    )
                yield Row(
                    f"{place}.values.{category}",
                    {
                        "indicator": indicator.key,
                        "period": period_id,
                        "category": category,
                        "value": value,
                    },
                )


def _statements(plan: Plan) -> Iterable[tuple[str, str, Table, Statement]]:
    for i, economy in enumerate(plan.economy):
        if economy.income_statement is not None:
            yield (
                f"economy[{i}].income_statement",
                economy.period,
                Table.INCOME_STATEMENT,
                economy.income_statement,
            )
        if economy.budget_by_unit is not None:
            yield (
                f"economy[{i}].budget_by_unit",
                economy.period,
                Table.BUDGET_BY_UNIT,
                economy.budget_by_unit,
            )
    if plan.budget is not None:
        # The plan's own budget belongs to no period: its rows leave the period empty.
        yield "budget", "", Table.PLAN_BUDGET, plan.budget


def _statement_lines(
    statements: Sequence[tuple[str, str, Table, Statement]], lang: str
) -> tuple[str, Sequence[Col], list[Row]]:
    labels: dict[str, str] = {}
    for _, _, _, statement in statements:
        for column in statement.columns:
            labels.setdefault(column.id, column.label)
        for line in statement.lines:
            for column_id in line.values:
                labels.setdefault(column_id, column_id)
    columns = list(SHEETS["statement_lines"].columns)
    columns += [Col(f"value:{cid}", label, label, "decimal") for cid, label in labels.items()]
    rows = [
        Row(
            f"{place}.lines[{j}]",
            {
                "period": period,
                "table": table,
                "label": line.label,
                "kind": line.kind,
                **{f"value:{cid}": value for cid, value in line.values.items()},
            },
        )
        for place, period, table, statement in statements
        for j, line in enumerate(statement.lines)
    ]
    return "statement_lines", columns, rows


def _key_figure_rows(plan: Plan, lang: str) -> tuple[str, Sequence[Col], list[Row]]:
    width = max((len(r.values) for k in plan.key_figures for r in k.rows), default=0)
    columns = list(SHEETS["key_figure_rows"].columns)
    value = word("value", lang)
    columns += [
        Col(f"value:{n}", f"{value} {n}", f"{value} {n}", "decimal") for n in range(1, width + 1)
    ]
    rows = [
        Row(
            f"key_figures[{i}].rows[{j}]",
            {
                "period": figure.period,
                "key_figure": figure.title,
                "group": row.group,
                "label": row.label,
                "count": len(row.values),
                **{f"value:{n}": v for n, v in enumerate(row.values, start=1)},
            },
        )
        for i, figure in enumerate(plan.key_figures)
        for j, row in enumerate(figure.rows)
    ]
    return "key_figure_rows", columns, rows


def _bullets(plan: Plan) -> Iterable[Row]:
    def rows(
        place: str, section: Section, period: str, texts: Sequence[str], key_figure: str = ""
    ) -> Iterable[Row]:
        for j, text in enumerate(texts):
            yield Row(
                f"{place}[{j}]",
                {"section": section, "period": period, "key_figure": key_figure, "text": text},
            )

    for i, e in enumerate(plan.economy):
        yield from rows(f"economy[{i}].actions", Section.ECONOMY_ACTIONS, e.period, e.actions)
        yield from rows(
            f"economy[{i}].uncertainties", Section.ECONOMY_UNCERTAINTIES, e.period, e.uncertainties
        )
        yield from rows(f"economy[{i}].comments", Section.ECONOMY_COMMENTS, e.period, e.comments)
    for i, k in enumerate(plan.key_figures):
        yield from rows(
            f"key_figures[{i}].comments", Section.KEY_FIGURE_COMMENTS, k.period, k.comments, k.title
        )
    for i, n in enumerate(plan.narratives):
        yield from rows(f"narratives[{i}].highlights", Section.HIGHLIGHTS, n.period, n.highlights)
        yield from rows(f"narratives[{i}].upcoming", Section.UPCOMING, n.period, n.upcoming)
