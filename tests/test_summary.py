"""What a follow-up says: counts, share on track, changes, indicator status and trend."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from rusmodel.model import (
    PROGRESS,
    Activity,
    FollowUp,
    GoalArea,
    Indicator,
    Outcome,
    Period,
    Plan,
    Trend,
    Unit,
)
from rusmodel.summary import (
    changes_since_previous,
    indicator_status,
    share_percent,
    status_counts,
    total_count,
)
from rusmodel.targets import Direction, Verdict, parse_target


def _activity(key: str, areas: tuple[str, ...], **follow_ups: FollowUp) -> Activity:
    return Activity(
        id=key, title=f"Aktivitet {key}", goal_areas=areas, units=("u1",), follow_ups=follow_ups
    )


def _plan(*activities: Activity, indicators: tuple[Indicator, ...] = ()) -> Plan:
    return Plan(
        title="Plan",
        organisation="Region",
        first_year=2022,
        last_year=2023,
        units=(Unit(id="u1", name="Folkhälsa"), Unit(id="u2", name="Kultur")),
        goal_areas=(
            GoalArea(id="a", name="Ett välmående län", short_name="Välmående"),
            GoalArea(id="b", name="Ett tillgängligt län"),
        ),
        periods=(
            Period(id="p1", name="Delår 1", as_of=dt.date(2023, 4, 30)),
            Period(id="p2", name="Delår 2", as_of=dt.date(2023, 8, 31)),
        ),
        activities=activities,
        indicators=indicators,
    )


def test_counts_per_goal_area_in_the_plans_order_with_the_scales_statuses() -> None:
    plan = _plan(
        _activity("1", ("b",), p2=FollowUp(status="green")),
        _activity("2", ("a",), p2=FollowUp(status="yellow")),
        _activity("3", ("a", "b"), p2=FollowUp(status="green")),
        _activity("4", ("a",), p2=FollowUp()),
        attrs.evolve(_activity("5", ("a",), p1=FollowUp(status="red")), end="p1"),
    )
    first, second = status_counts(plan, "p2")
    assert (first.name, first.total, first.on_track, first.unreported) == ("Välmående", 3, 1, 1)
    assert first.by_status == {"green": 1, "yellow": 1, "red": 0}
    assert (second.name, second.total, second.on_track) == ("Ett tillgängligt län", 2, 2)
    total = total_count(plan, "p2")
    assert (total.total, total.on_track) == (4, 2)  # activity 3 counted once
    assert share_percent(total) == 50


def test_share_is_rounded_half_up_as_the_seed_does() -> None:
    activities = [_activity(str(i), ("a",), p2=FollowUp(status="green")) for i in range(78)]
    activities.append(_activity("x", ("a",), p2=FollowUp(status="yellow")))
    assert share_percent(total_count(_plan(*activities), "p2")) == 99
    halves = [_activity("g", ("a",), p2=FollowUp(status="green"))]
    halves += [_activity(f"y{i}", ("a",), p2=FollowUp(status="yellow")) for i in range(7)]
    assert share_percent(total_count(_plan(*halves), "p2")) == 13  # 12,5 % rounds up


def test_counts_by_unit() -> None:
    other = Activity(
        id="9",
        title="T",
        goal_areas=("a",),
        units=("u2",),
        follow_ups={"p2": FollowUp(status="red")},
    )
    plan = _plan(_activity("1", ("a",), p2=FollowUp(status="green")), other)
    assert [(g.name, g.total) for g in status_counts(plan, "p2", group_by="unit")] == [
        ("Folkhälsa", 1),
        ("Kultur", 1),
    ]


def test_changes_since_the_previous_period() -> None:
    plan = _plan(
        _activity(
            "moved",
            ("a",),
            p1=FollowUp(status="green", comment="Pågår."),
            p2=FollowUp(status="red", comment="Stoppat."),
        ),
        _activity(
            "stale",
            ("a",),
            p1=FollowUp(status="green", comment="Pågår enligt plan."),
            p2=FollowUp(status="green", comment="Pågår enligt plan."),
        ),
        _activity("new", ("a",), p2=FollowUp(status="green")),
        attrs.evolve(_activity("gone", ("a",), p1=FollowUp(status="green")), end="p1"),
        # Its unit has not answered yet: still followed up, not dropped, and no change.
        _activity("silent", ("a",), p1=FollowUp(status="green")),
        _activity("empty", ("a",), p1=FollowUp(status="green"), p2=FollowUp()),
    )
    changes = changes_since_previous(plan, "p2")
    assert changes.previous == "p1"
    assert [c.activity.id for c in changes.status_changed] == ["moved"]
    assert (changes.status_changed[0].previous_status, changes.status_changed[0].status) == (
        "green",
        "red",
    )
    assert [a.id for a in changes.comment_not_updated] == ["stale"]
    assert [a.id for a in changes.new] == ["new"]
    assert [a.id for a in changes.removed] == ["gone"]
    # As a table lists them: the move, then the new, then the dropped, with the periods shown.
    assert [(r.activity.id, r.kind, r.before, r.now) for r in changes.rows()] == [
        ("moved", "status", "p1", "p2"),
        ("new", "new", None, "p2"),
        ("gone", "removed", "p1", None),
    ]
    assert changes_since_previous(plan, "p1").previous is None


def test_finished_activities_on_the_progress_scale() -> None:
    plan = attrs.evolve(
        _plan(_activity("1", ("a",), p1=FollowUp(status="ongoing"), p2=FollowUp(status="done"))),
        scale=PROGRESS,
    )
    changes = changes_since_previous(plan, "p2")
    assert [a.id for a in changes.finished] == ["1"]
    assert [(r.activity.id, r.kind) for r in changes.rows()] == [("1", "finished")]


def _indicator(target: str, better: Direction, **outcomes: Outcome) -> Indicator:
    return Indicator(
        name="Sjukfrånvaro",
        goal_area="a",
        target=parse_target(target),
        better=better,
        outcomes=outcomes,
    )


def test_indicator_met_and_trend_honour_the_direction() -> None:
    sick_leave = _indicator(
        "5,0 %",
        Direction.LOWER,
        p1=Outcome(value=Decimal("5.4")),
        p2=Outcome(value=Decimal("4.8")),
    )
    plan = _plan(indicators=(sick_leave,))
    status = indicator_status(plan, sick_leave, "p2")
    assert status.verdict is Verdict.MET
    assert status.trend is Trend.POSITIVE  # lower sick leave is better
    first = indicator_status(plan, sick_leave, "p1")
    assert first.verdict is Verdict.NOT_MET
    assert first.trend is None  # nothing earlier to compare with


def test_not_measured_this_period_is_neither_met_nor_trending() -> None:
    health = _indicator("> 69%", Direction.HIGHER, p2=Outcome(measured=False, note="Mäts 4 e år"))
    status = indicator_status(_plan(indicators=(health,)), health, "p2")
    assert not status.measured
    assert status.verdict is Verdict.UNKNOWN
    assert status.trend is None


def test_a_reported_trend_is_kept_where_the_previous_outcome_is_not_in_the_plan() -> None:
    staff = _indicator(
        "< 6 st", Direction.LOWER, p2=Outcome(value=Decimal(7), trend=Trend.NEGATIVE)
    )
    status = indicator_status(_plan(indicators=(staff,)), staff, "p2")
    assert status.verdict is Verdict.NOT_MET
    assert status.trend is Trend.NEGATIVE


def test_categories_are_judged_one_by_one() -> None:
    broadband = Indicator(
        name="Bredband",
        goal_area="b",
        target=parse_target(">95% Hushåll / >89% Företag"),
        outcomes={"p2": Outcome(values={"Hushåll": Decimal(96), "Företag": Decimal(85)})},
    )
    status = indicator_status(_plan(indicators=(broadband,)), broadband, "p2")
    assert [(p.category, p.verdict) for p in status.parts] == [
        ("Hushåll", Verdict.MET),
        ("Företag", Verdict.NOT_MET),
    ]
    assert status.verdict is Verdict.NOT_MET


def test_the_status_an_activity_was_given_in_a_period() -> None:
    activity = _activity("1", ("a",), p1=FollowUp(status="red"), p2=FollowUp(comment="Pågår."))
    plan = _plan(activity)
    red = plan.status_of(activity, "p1")
    assert red is not None and red.label("sv") == "Röd"
    assert plan.status_of(activity, "p2") is None  # a comment but no status: not reported
    assert plan.status_of(activity, "p3") is None  # not followed up then


# -- the group of activities with no unit, in the reader's language ----------------------------


def _with_unitless() -> Plan:
    """Activities of a unit and two of no unit (one with a goal area, one without)."""
    loose = [
        Activity(id=key, title=f"Aktivitet {key}", goal_areas=areas, follow_ups={"p2": follow_up})
        for key, areas, follow_up in (
            ("7", ("a",), FollowUp(status="green")),
            ("8", (), FollowUp(status="yellow", comment="Arbetet pågår.")),
        )
    ]
    return _plan(_activity("1", ("a",), p2=FollowUp(status="green")), *loose)


def test_activities_of_no_unit_are_named_in_the_language() -> None:
    plan = _with_unitless()
    for lang, name, total in (("sv", "Utan verksamhet", "Totalt"), ("en", "No unit", "Total")):
        by_unit = status_counts(plan, "p2", group_by="unit", lang=lang)
        assert [(g.name, g.total) for g in by_unit] == [("Folkhälsa", 1), (name, 2)]
        # by goal area, those of no goal area and no unit come last under the same name
        assert status_counts(plan, "p2", lang=lang)[-1].name == name
        assert total_count(plan, "p2", lang=lang).name == total


def test_the_old_swedish_constant_still_imports_with_a_warning() -> None:
    import rusmodel.summary

    with pytest.warns(DeprecationWarning, match=r'label\("no_unit", lang\)'):
        assert rusmodel.summary.NO_UNIT == "Utan verksamhet"


def test_rusmodel_summary_in_english_says_no_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rusmodel import dump_yaml
    from rusmodel.cli import main

    path = tmp_path / "plan.yaml"
    path.write_text(dump_yaml(_with_unitless()), encoding="utf-8")
    assert main(["summary", str(path), "--by", "unit", "--lang", "en"]) == 0
    rows = [line.split("  ")[0] for line in capsys.readouterr().out.splitlines()[3:]]
    assert rows == ["Folkhälsa", "No unit", "Total"]
    assert main(["summary", str(path), "--by", "unit", "--lang", "en", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["name"] for g in data["groups"]] == ["Folkhälsa", "No unit"]
    assert data["total"]["name"] == "Total"
    assert main(["summary", str(path), "--by", "unit"]) == 0
    assert "Utan verksamhet " in capsys.readouterr().out


def test_the_english_deck_and_report_say_no_unit() -> None:
    from deck_helpers import make_deck, open_deck, rows_of, tables, title_of
    from document_helpers import body_text, make_document

    plan = _with_unitless()
    prs = open_deck(make_deck(plan, lang="en", group_by="unit"))
    summary = next(s for s in prs.slides if title_of(s).startswith("Summary"))
    assert [row[0] for row in rows_of(tables(summary)[0])][1:] == ["Folkhälsa", "No unit", "Total"]
    report = body_text(make_document(plan, "follow-up", lang="en", group_by="unit"))
    assert "No unit" in report
    assert "Utan verksamhet" not in report
