"""Checks a plan for what is wrong with it, every problem at once.

Structure errors (a wrong type, an unknown key) are found when the plan file
is read; this module checks what a well-formed plan can still get wrong: a
status its scale does not have, a reference to a goal area, unit or period
that does not exist, duplicate ids, sums that do not add up, texts longer
than any document can show (:data:`~rusmodel.lengths.MAX_TEXT`), control characters no
document can show (``rusmodel.characters``), and targets that cannot be read
(a warning: the text is kept), and sections of the deck profile no deck has
(:mod:`rusmodel.deck_profile`). A plan built in Python is first
checked for values of the wrong type (:mod:`rusmodel.typecheck`). Plugins add
their own checks (:class:`~rusmodel.formats.ValidationRule`), which
:func:`validate` runs when given them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal

from rusmodel import characters
from rusmodel.deck_profile import profile_problems
from rusmodel.formats import ValidationRule
from rusmodel.lengths import MAX_TEXT, long_texts
from rusmodel.model import LineKind, Plan, Statement
from rusmodel.problems import Problem, Severity, shorten
from rusmodel.prose import unclosed_bold
from rusmodel.typecheck import type_problems

__all__ = ["MAX_TEXT", "errors", "validate"]

_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")


def validate(
    plan: Plan, *, rules: Iterable[ValidationRule] = (), deck_sections: Iterable[str] = ()
) -> list[Problem]:
    """Every problem in ``plan``, errors and warnings, each with its place in the plan file.

    Never raises: a value of the wrong type (``Plan(first_year="2024")``, a
    list where the model has a tuple) is reported as an error at its place,
    and then only such errors are reported, since the other checks need the
    model's types. The places are paths such as
    ``activities[3].follow_ups.2023-d2.status`` that
    :func:`rusmodel.problems.with_lines` turns into file lines.

    ``rules`` are plugins' checks, run after rusmodel's own in the order of
    their names (``registry().validation_rules.values()`` gives the installed
    ones); a rule that fails is reported as a warning naming it.
    ``deck_sections`` are the names of the sections plugins add to the deck
    (``registry().deck_sections``), which the plan's deck profile may name
    next to the deck's own.
    """
    wrong = type_problems(plan)
    if wrong:
        return wrong
    checks = (
        _years,
        _scale,
        _duplicates,
        _periods,
        _activities,
        _indicators,
        _period_refs,
        _cycle,
        _economy,
        _key_figures,
        _control_characters,
        _prose,
    )
    found = [problem for check in checks for problem in check(plan)]
    found += profile_problems(plan, deck_sections)
    # A text already refused (a status of 260 000 characters) is not refused twice.
    refused = {p.place for p in found if p.is_error}
    found += [p for p in long_texts(plan) if p.place not in refused]
    for rule in sorted(rules, key=lambda r: r.name):
        found += _run_rule(rule, plan)
    return found


def _run_rule(rule: ValidationRule, plan: Plan) -> list[Problem]:
    try:
        problems = list(rule.check(plan))
    except Exception as exc:  # a plugin's failure must not hide the plan's problems
        text = " ".join(str(exc).split())
        return [
            _warning(
                "",
                f"the validation rule {rule.name!r} failed and checked nothing: "
                f"{type(exc).__name__}{': ' + text if text else ''}",
            )
        ]
    bad = [p for p in problems if not isinstance(p, Problem)]
    if bad:
        return [
            _warning(
                "",
                f"the validation rule {rule.name!r} returned {type(bad[0]).__name__}, "
                "not rusmodel.Problem; its result is not used",
            )
        ]
    return problems


def _control_characters(plan: Plan) -> Iterator[Problem]:
    for place, message in characters.problems(plan):
        yield _error(place, message)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that stop a job."""
    return [p for p in problems if p.severity is Severity.ERROR]


def _error(place: str, message: str) -> Problem:
    return Problem(message, place=place)


def _warning(place: str, message: str) -> Problem:
    return Problem(message, place=place, severity=Severity.WARNING)


def _years(plan: Plan) -> Iterator[Problem]:
    if plan.last_year < plan.first_year:
        yield _error("last_year", f"the plan ends ({plan.last_year}) before it starts")


def _scale(plan: Plan) -> Iterator[Problem]:
    if not plan.scale.values:
        yield _error("scale.values", "the status scale has no values")
    for index, value in enumerate(plan.scale.values):
        if not _COLOUR.match(value.colour):
            yield _error(
                f"scale.values[{index}].colour",
                f"{shorten(value.colour)} is not a colour; write six hex digits such as 00A651",
            )
    yield from _repeated("scale.values", "id", [v.id for v in plan.scale.values])


def _repeated(place: str, what: str, keys: Sequence[str]) -> Iterator[Problem]:
    counts = Counter(k for k in keys if k)
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key or counts[key] < 2:
            continue
        if key in first:
            yield _error(
                f"{place}[{index}].{what}",
                f"the {what} {shorten(key)} is used twice (first at {place}[{first[key]}])",
            )
        else:
            first[key] = index


def _duplicates(plan: Plan) -> Iterator[Problem]:
    yield from _repeated("goal_areas", "id", [g.id for g in plan.goal_areas])
    yield from _repeated("units", "id", [u.id for u in plan.units])
    yield from _repeated("periods", "id", [p.id for p in plan.periods])
    yield from _repeated("activities", "id", [a.id for a in plan.activities])
    yield from _repeated("indicators", "id", [i.id for i in plan.indicators])
    # An activity without an id is known by its title, so two such titles are one key;
    # so is an indicator by its name.
    untitled = [a.title if not a.id else "" for a in plan.activities]
    yield from _repeated("activities", "title", untitled)
    unnamed = [i.name if not i.id else "" for i in plan.indicators]
    yield from _repeated("indicators", "name", unnamed)


def _periods(plan: Plan) -> Iterator[Problem]:
    for index, period in enumerate(plan.periods):
        # the closing slide names each bilaga on a line of its own
        yield from _one_line_items(
            f"periods[{index}].attachments", "the attachment", period.attachments
        )
        if "\n" in period.case_number or "\r" in period.case_number:
            yield _error(
                f"periods[{index}].case_number", "the case number is on more than one line"
            )
    for index in range(1, len(plan.periods)):
        before, period = plan.periods[index - 1], plan.periods[index]
        if period.as_of <= before.as_of:
            yield _error(
                f"periods[{index}].as_of",
                f"periods must be listed oldest first; {period.as_of} is not after "
                f"{before.as_of} ({before.name})",
            )


def _known(kind: str, value: str, known: Sequence[str]) -> str:
    return f"{shorten(value)} is not a {kind} of this plan (known: {_listed(known)})"


def _listed(known: Sequence[str], most: int = 12) -> str:
    """The known values for a message; a plan with hundreds of units lists the first few."""
    if not known:
        return "none"
    shown = ", ".join(k if len(k) <= 40 else k[:39] + "…" for k in known[:most])
    return shown + (f" and {len(known) - most} more" if len(known) > most else "")


def _activities(plan: Plan) -> Iterator[Problem]:
    areas = [g.id for g in plan.goal_areas]
    units = [u.id for u in plan.units]
    periods = [p.id for p in plan.periods]
    statuses = plan.scale.ids()
    # Activities grouped by unit only are fine; a plan mixing both is worth a word.
    mixed = any(a.goal_areas for a in plan.activities)
    for index, activity in enumerate(plan.activities):
        place = f"activities[{index}]"
        if not activity.title.strip():
            yield _error(f"{place}.title", "an activity needs a title")
        if not activity.goal_areas and mixed:
            yield _warning(
                f"{place}.goal_areas",
                "the activity serves no goal area while others do; reports show it by its "
                "unit, after the goal areas",
            )
        for j, area in enumerate(activity.goal_areas):
            if area not in areas:
                yield _error(f"{place}.goal_areas[{j}]", _known("goal area", area, areas))
        for j, unit in enumerate(activity.units):
            if unit not in units:
                yield _error(f"{place}.units[{j}]", _known("unit", unit, units))
        yield from _one_line_items(f"{place}.responsible", "the name", activity.responsible)
        schedule = activity.schedule
        if (
            schedule is not None
            and schedule.first_year is not None
            and schedule.last_year is not None
            and (schedule.last_year < plan.first_year or schedule.first_year > plan.last_year)
        ):
            yield _warning(
                f"{place}.schedule",
                f"{schedule} lies outside the plan's years {plan.first_year}-{plan.last_year}",
            )
        for period_id, follow_up in activity.follow_ups.items():
            at = f"{place}.follow_ups.{period_id}"
            if period_id not in periods:
                yield _error(at, _known("period", period_id, periods))
            if follow_up.status is not None and follow_up.status not in statuses:
                yield _error(
                    f"{at}.status",
                    f"{shorten(follow_up.status)} is not a status of the scale "
                    f"{shorten(plan.scale.id)} (known: {_listed(statuses)})",
                )


def _one_line_items(place: str, what: str, items: Sequence[str]) -> Iterator[Problem]:
    """Items of a short list (names, labels) are one line each and not empty.

    The full workbook keeps such a list in one cell, an item per line, and a
    slide shows them joined; an item of two lines would come back as two.
    """
    for j, item in enumerate(items):
        if not item.strip():
            yield _error(f"{place}[{j}]", f"{what} is empty")
        elif "\n" in item or "\r" in item:
            yield _error(
                f"{place}[{j}]", f"{what} {shorten(item)} is on more than one line; make it one"
            )


def _indicators(plan: Plan) -> Iterator[Problem]:
    areas = [g.id for g in plan.goal_areas]
    periods = [p.id for p in plan.periods]
    for index, indicator in enumerate(plan.indicators):
        place = f"indicators[{index}]"
        if indicator.goal_area not in areas:
            yield _error(f"{place}.goal_area", _known("goal area", indicator.goal_area, areas))
        if indicator.every_n_years < 1:
            yield _error(f"{place}.every_n_years", "must be 1 (every year) or more")
        target = indicator.target
        if target is not None and not target.readable:
            yield _warning(
                f"{place}.target",
                f"the target {shorten(target.text)} cannot be read, so its status cannot be "
                "judged; it is kept as text",
            )
        categories = {p.category for p in target.parts if p.category} if target else set()
        for period_id, outcome in indicator.outcomes.items():
            at = f"{place}.outcomes.{period_id}"
            if period_id not in periods:
                yield _error(at, _known("period", period_id, periods))
            unknown = sorted(set(outcome.values) - categories) if categories else []
            if unknown:
                yield _warning(
                    f"{at}.values",
                    f"{', '.join(unknown)} is not a category of the target "
                    f"({', '.join(sorted(categories))})",
                )


def _period_refs(plan: Plan) -> Iterator[Problem]:
    periods = [p.id for p in plan.periods]
    groups: Sequence[tuple[str, Sequence[str]]] = (
        ("internal_control", [c.period for c in plan.internal_control]),
        ("economy", [e.period for e in plan.economy]),
        ("key_figures", [k.period for k in plan.key_figures]),
        ("narratives", [n.period for n in plan.narratives]),
    )
    for name, refs in groups:
        for index, period_id in enumerate(refs):
            if period_id not in periods:
                yield _error(f"{name}[{index}].period", _known("period", period_id, periods))
    yield from _repeated("economy", "period", [e.period for e in plan.economy])
    yield from _repeated("narratives", "period", [n.period for n in plan.narratives])
    # A key figure is known by its period and title (the workbook refers to it so).
    figures = [f"{k.period} {k.title}" for k in plan.key_figures]
    yield from _repeated("key_figures", "title", figures)


def _cycle(plan: Plan) -> Iterator[Problem]:
    """Starts, ends and the periods' lists agree with the periods and the follow-ups."""
    order = {p.id: n for n, p in enumerate(plan.periods)}
    periods = list(order)
    keys = {a.key for a in plan.activities}
    for index, period in enumerate(plan.periods):
        for j, key in enumerate(period.activities):
            if key not in keys:
                yield _error(
                    f"periods[{index}].activities[{j}]",
                    f"{shorten(key)} is not the id (or the title) of an activity of this plan",
                )
    done = {v.id for v in plan.scale.values if v.done}
    for index, activity in enumerate(plan.activities):
        place = f"activities[{index}]"
        bounds = {}
        for what in ("start", "end"):
            value = getattr(activity, what)
            if value and value not in order:
                yield _error(f"{place}.{what}", _known("period", value, periods))
            elif value:
                bounds[what] = order[value]
        start, end = bounds.get("start"), bounds.get("end")
        if start is not None and end is not None and end < start:
            yield _error(
                f"{place}.end",
                f"the activity ends ({activity.end}) before it starts ({activity.start})",
            )
            continue
        finished: str | None = None
        for period in plan.periods:
            follow_up = activity.follow_ups.get(period.id)
            if follow_up is None:
                continue
            at = f"{place}.follow_ups.{period.id}"
            n = order[period.id]
            if start is not None and n < start:
                yield _error(
                    at,
                    f"the activity starts in {activity.start}, so {period.id} cannot follow it up",
                )
            elif end is not None and n > end:
                yield _error(
                    at, f"the activity ends in {activity.end}, so {period.id} cannot follow it up"
                )
            elif finished is not None:
                yield _warning(
                    at,
                    f"the activity was reported done in {finished}, so {period.id} does not "
                    "follow it up and this follow-up is not counted; remove the earlier done "
                    "status, or this follow-up",
                )
            if follow_up.status in done and finished is None:
                finished = period.id


def _economy(plan: Plan) -> Iterator[Problem]:
    for index, economy in enumerate(plan.economy):
        place = f"economy[{index}]"
        if economy.income_statement is not None:
            yield from _statement(f"{place}.income_statement", economy.income_statement)
        if economy.budget_by_unit is not None:
            yield from _statement(f"{place}.budget_by_unit", economy.budget_by_unit)
    if plan.budget is not None:
        yield from _statement("budget", plan.budget)


def _decimals(values: Iterable[Decimal]) -> int:
    exponents = [-int(v.as_tuple().exponent) for v in values]
    return max([0, *exponents])


def _sum_problem(
    place: str, label: str, stated: Decimal, parts: Sequence[Decimal], what: str
) -> Problem | None:
    computed = sum(parts, Decimal(0))
    # Each amount was rounded to the precision it is written in, so a total may
    # differ from the sum of its rounded lines by up to half a unit per amount.
    unit = Decimal(1).scaleb(-_decimals([stated, *parts]))
    tolerance = unit / 2 * (len(parts) + 1)
    if abs(computed - stated) <= tolerance:
        return None
    return _error(
        place,
        f"{label} is {stated} but {what} add up to {computed}",
    )


def _statement(place: str, statement: Statement) -> Iterator[Problem]:
    column_ids = [c.id for c in statement.columns]
    yield from _repeated(f"{place}.columns", "id", column_ids)
    for index, line in enumerate(statement.lines):
        for column_id in line.values:
            if column_id not in column_ids:
                yield _error(
                    f"{place}.lines[{index}].values.{column_id}",
                    _known("column", column_id, column_ids),
                )
    for column_id in column_ids:
        yield from _statement_column(place, statement, column_id)


def _statement_column(place: str, statement: Statement, column: str) -> Iterator[Problem]:
    revenue: list[Decimal] = []
    cost: list[Decimal] = []
    totals: dict[LineKind, Decimal] = {}
    for index, line in enumerate(statement.lines):
        value = line.values.get(column)
        if value is None:
            continue
        at = f"{place}.lines[{index}].values.{column}"
        problem: Problem | None = None
        if line.kind is LineKind.REVENUE:
            revenue.append(value)
        elif line.kind is LineKind.COST:
            cost.append(value)
        elif line.kind is LineKind.REVENUE_TOTAL:
            problem = _sum_problem(at, line.label, value, revenue, "the revenue lines above it")
            totals[LineKind.REVENUE_TOTAL] = value
        elif line.kind is LineKind.COST_TOTAL:
            problem = _sum_problem(at, line.label, value, cost, "the cost lines above it")
            totals[LineKind.COST_TOTAL] = value
        elif line.kind is LineKind.RESULT:
            parts = _result_parts(totals, revenue, cost)
            problem = _sum_problem(at, line.label, value, parts, "revenue and costs")
        if problem is not None:
            yield problem


def _result_parts(
    totals: Mapping[LineKind, Decimal], revenue: Sequence[Decimal], cost: Sequence[Decimal]
) -> list[Decimal]:
    parts: list[Decimal] = []
    parts += [totals[LineKind.REVENUE_TOTAL]] if LineKind.REVENUE_TOTAL in totals else revenue
    parts += [totals[LineKind.COST_TOTAL]] if LineKind.COST_TOTAL in totals else cost
    return parts


def _key_figures(plan: Plan) -> Iterator[Problem]:
    for index, figure in enumerate(plan.key_figures):
        yield from _one_line_items(
            f"key_figures[{index}].columns", "the column label", figure.columns
        )
        for j, row in enumerate(figure.rows):
            if len(row.values) != len(figure.columns):
                yield _error(
                    f"key_figures[{index}].rows[{j}].values",
                    f"{len(row.values)} values for {len(figure.columns)} columns "
                    f"({', '.join(figure.columns)})",
                )


def _prose(plan: Plan) -> Iterator[Problem]:
    """Chapters name a unit of the plan and have a title; a ``**`` left open is a warning."""
    units = [u.id for u in plan.units]
    texts = [("summary", plan.summary), ("values", plan.values)]
    texts += [(f"units[{i}].description", u.description) for i, u in enumerate(plan.units)]
    for index, chapter in enumerate(plan.chapters):
        place = f"chapters[{index}]"
        if not chapter.title.strip():
            yield _error(f"{place}.title", "a chapter needs a title")
        elif "\n" in chapter.title.strip():
            yield _error(f"{place}.title", "a chapter's title is one line")
        if chapter.unit and chapter.unit not in units:
            yield _error(f"{place}.unit", _known("unit", chapter.unit, units))
        texts.append((f"{place}.text", chapter.text))
    for place, text in texts:
        if unclosed_bold(text):
            yield _warning(place, "a ** (bold) is not closed; it is shown as written")
