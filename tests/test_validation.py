"""Validation: every rule reports its place, and a clean plan has no problems."""

from __future__ import annotations

from decimal import Decimal

import attrs

from rusmodel import load_yaml
from rusmodel.model import (
    Activity,
    Column,
    ColumnKind,
    Economy,
    FollowUp,
    GoalArea,
    Indicator,
    KeyFigure,
    KeyFigureRow,
    LineKind,
    Period,
    Plan,
    Statement,
    StatementLine,
    Unit,
)
from rusmodel.planfile import read_yaml_document
from rusmodel.problems import Severity, with_lines
from rusmodel.targets import parse_target
from rusmodel.testing import sample_plan
from rusmodel.validation import errors, validate


def _plan(**changes: object) -> Plan:
    import datetime as dt

    plan = Plan(
        title="Plan",
        organisation="Region",
        first_year=2023,
        last_year=2025,
        goal_areas=(GoalArea(id="g1", name="Ett välmående län"),),
        units=(Unit(id="u1", name="Folkhälsa"),),
        periods=(
            Period(id="p1", name="Delår 1 2023", as_of=dt.date(2023, 4, 30)),
            Period(id="p2", name="Delår 2 2023", as_of=dt.date(2023, 8, 31)),
        ),
        activities=(
            Activity(
                id="RF1",
                title="Ta fram en handlingsplan",
                goal_areas=("g1",),
                units=("u1",),
                follow_ups={"p1": FollowUp(status="green", comment="Pågår.")},
            ),
        ),
    )
    return attrs.evolve(plan, **changes)


def messages(plan: Plan) -> list[str]:
    return [str(p) for p in validate(plan)]


def test_a_clean_plan_has_no_problems() -> None:
    assert validate(_plan()) == []


def test_unknown_status_names_the_follow_up() -> None:
    activity = attrs.evolve(_plan().activities[0], follow_ups={"p1": FollowUp(status="purple")})
    assert messages(_plan(activities=(activity,))) == [
        "activities[0].follow_ups.p1.status: 'purple' is not a status of the scale "
        "'traffic_light' (known: green, yellow, red)"
    ]


def test_references_to_missing_goal_area_unit_and_period() -> None:
    activity = attrs.evolve(
        _plan().activities[0],
        goal_areas=("g1", "g9"),
        units=("u7",),
        follow_ups={"p3": FollowUp(status="green")},
    )
    found = messages(_plan(activities=(activity,)))
    assert "activities[0].goal_areas[1]: 'g9' is not a goal area of this plan (known: g1)" in found
    assert "activities[0].units[0]: 'u7' is not a unit of this plan (known: u1)" in found
    assert "activities[0].follow_ups.p3: 'p3' is not a period of this plan (known: p1, p2)" in found


def test_duplicate_ids_point_at_the_second_one() -> None:
    first = _plan().activities[0]
    second = attrs.evolve(first, title="En annan aktivitet")
    found = messages(_plan(activities=(first, second)))
    assert found == ["activities[1].id: the id 'RF1' is used twice (first at activities[0])"]


def test_activities_without_id_are_known_by_title() -> None:
    first = attrs.evolve(_plan().activities[0], id="")
    found = messages(_plan(activities=(first, first)))
    assert found == [
        "activities[1].title: the title 'Ta fram en handlingsplan' is used twice "
        "(first at activities[0])"
    ]


def test_periods_must_be_in_order() -> None:
    p1, p2 = _plan().periods
    found = messages(_plan(periods=(p2, p1)))
    assert found[0].startswith("periods[1].as_of: periods must be listed oldest first")


def test_a_periods_attachments_are_one_line_each_and_not_empty() -> None:
    p1, p2 = _plan().periods
    p2 = attrs.evolve(p2, case_number="RUF230038", attachments=("Verksamhetsrapport", " "))
    assert messages(_plan(periods=(p1, p2))) == [
        "periods[1].attachments[1]: the attachment is empty"
    ]


def test_an_unknown_activity_noun_is_refused_naming_the_choices() -> None:
    from rusmodel.problems import PlanError

    text = "schema_version: 1\ntitle: T\norganisation: O\nfirst_year: 2023\nlast_year: 2023\n"
    try:
        load_yaml((text + "activity_noun: atgard\n").encode(), "plan.yaml")
    except PlanError as error:
        (problem,) = error.problems
        assert "activity_noun" in str(problem) and "action" in problem.message
    else:
        raise AssertionError("an unknown noun was read")
    plan = load_yaml((text + "activity_noun: action\n").encode(), "plan.yaml")
    assert plan.activity_noun.value == "action"
    assert load_yaml(text.encode(), "plan.yaml").activity_noun.value == "activity"


def test_unreadable_target_is_a_warning_and_the_text_is_kept() -> None:
    indicator = Indicator(
        name="Företagsstöd", goal_area="g1", target=parse_target("< skillnaden mellan könen")
    )
    problems = validate(_plan(indicators=(indicator,)))
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert problems[0].place == "indicators[0].target"
    assert "'< skillnaden mellan könen' cannot be read" in problems[0].message
    assert errors(problems) == []


def _statement(result: str) -> Statement:
    column = Column(id="u", label="Augusti 2023", kind=ColumnKind.OUTCOME)
    rows = [
        ("Försäljning", LineKind.REVENUE, "1.9"),
        ("Regionersättning", LineKind.REVENUE, "129.2"),
        ("Summa intäkter", LineKind.REVENUE_TOTAL, "131.1"),
        ("Personalkostnader", LineKind.COST, "-60.3"),
        ("Övrigt", LineKind.COST, "-12.3"),
        ("Summa kostnader", LineKind.COST_TOTAL, "-72.6"),
        ("Resultat", LineKind.RESULT, result),
    ]
    return Statement(
        title="Resultaträkning",
        columns=(column,),
        lines=tuple(
            StatementLine(label=label, kind=kind, values={"u": Decimal(v)})
            for label, kind, v in rows
        ),
    )


def test_statement_that_adds_up_passes_and_one_that_does_not_is_named() -> None:
    good = Economy(period="p2", income_statement=_statement("58.5"))
    assert validate(_plan(economy=(good,))) == []
    bad = Economy(period="p2", income_statement=_statement("60.5"))
    assert messages(_plan(economy=(bad,))) == [
        "economy[0].income_statement.lines[6].values.u: Resultat is 60.5 but revenue and "
        "costs add up to 58.5"
    ]


def test_rounding_in_the_last_digit_is_accepted() -> None:
    # The seed's Summa kostnader is -183,1 where its ten rounded lines add up to -183,0.
    economy = Economy(period="p2", income_statement=_statement("58.6"))
    assert validate(_plan(economy=(economy,))) == []


def test_key_figure_rows_must_match_columns() -> None:
    figure = KeyFigure(
        period="p2",
        title="Sjukfrånvaro",
        columns=("2021", "2022", "2023"),
        rows=(KeyFigureRow(label="Kvinnor", values=(Decimal("4.3"), Decimal("5.6"))),),
    )
    assert messages(_plan(key_figures=(figure,))) == [
        "key_figures[0].rows[0].values: 2 values for 3 columns (2021, 2022, 2023)"
    ]


def test_problems_get_the_line_of_the_yaml_file(sample_yaml: str) -> None:
    text = sample_yaml.replace("status: yellow", "status: lila")
    document = read_yaml_document(text, "plan.yaml")
    found = with_lines(validate(document.plan()), "plan.yaml", document.lines)
    assert [str(p) for p in found] == [
        "plan.yaml:47: activities[0].follow_ups.2023-d2.status: 'lila' is not a status of "
        "the scale 'traffic_light' (known: green, yellow, red)"
    ]


def test_the_sample_plan_is_clean(sample_yaml: str) -> None:
    assert validate(load_yaml(sample_yaml)) == []


def test_names_in_short_lists_are_one_line_each() -> None:
    """The workbook keeps such a list in one cell, a name per line: two lines would be two names."""
    activity = attrs.evolve(
        _plan().activities[0], responsible=("Enhetschef\nFolkhälsa", "", "Strateg")
    )
    figure = KeyFigure(
        period="p2",
        title="Sjukfrånvaro",
        columns=("2021", "2022\r\n(prognos)"),
        rows=(KeyFigureRow(label="Kvinnor", values=(Decimal("4.3"), Decimal("5.6"))),),
    )
    assert messages(_plan(activities=(activity,), key_figures=(figure,))) == [
        "activities[0].responsible[0]: the name 'Enhetschef\\nFolkhälsa' is on more than one "
        "line; make it one",
        "activities[0].responsible[1]: the name is empty",
        "key_figures[0].columns[1]: the column label '2022\\r\\n(prognos)' is on more than "
        "one line; make it one",
    ]


def test_a_text_longer_than_any_document_shows_is_an_error_naming_the_limit() -> None:
    from rusmodel.validation import MAX_TEXT

    plan = sample_plan()
    activity = plan.activities[2]
    period = plan.periods[-1].id
    long_comment = attrs.evolve(activity.follow_ups[period], comment="x" * (MAX_TEXT + 1))
    changed = attrs.evolve(
        plan,
        title="T" * (MAX_TEXT + 5),
        activities=(
            *plan.activities[:2],
            attrs.evolve(
                activity,
                follow_ups={**activity.follow_ups, period: long_comment},
                responsible=("chef", "y" * 40_000),
            ),
            *plan.activities[3:],
        ),
    )
    found = [str(p) for p in validate(changed) if "characters long" in p.message]
    assert found == [
        "title: the text is 32,772 characters long; no document can show more than 32,767 in "
        "one place (an Excel cell holds no more): shorten it",
        "activities[2].responsible[1]: the text is 40,000 characters long; no document can show "
        "more than 32,767 in one place (an Excel cell holds no more): shorten it",
        f"activities[2].follow_ups.{period}.comment: the text is 32,768 characters long; no "
        "document can show more than 32,767 in one place (an Excel cell holds no more): "
        "shorten it",
    ]
    at_the_limit = attrs.evolve(plan, title="T" * MAX_TEXT)
    assert not [p for p in validate(at_the_limit) if "characters long" in p.message]
