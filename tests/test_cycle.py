"""Which activities each period follows up, and opening the next period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from rusmodel import (
    PROGRESS,
    Activity,
    FollowUp,
    GoalArea,
    Period,
    Plan,
    Unit,
    dump_yaml,
    load_yaml,
)
from rusmodel.cli import main
from rusmodel.cycle import add_period, followed_up, last_follow_up, open_after, round_state
from rusmodel.summary import changes_since_previous, status_counts, total_count
from rusmodel.validation import validate

P1 = Period(id="p1", name="Delår 1", as_of=dt.date(2023, 4, 30))
P2 = Period(id="p2", name="Delår 2", as_of=dt.date(2023, 8, 31))
P3 = Period(id="p3", name="Årsbokslut", as_of=dt.date(2023, 12, 31))


def _a(key: str, unit: str = "u1", **kw: object) -> Activity:
    return Activity(id=key, title=f"Aktivitet {key}", goal_areas=("a",), units=(unit,), **kw)  # type: ignore[arg-type]


def _plan(*activities: Activity, periods: tuple[Period, ...] = (P1, P2), **kw: object) -> Plan:
    return Plan(  # type: ignore[arg-type]
        title="Plan",
        organisation="Region",
        first_year=2023,
        last_year=2024,
        units=(Unit(id="u1", name="Folkhälsa"), Unit(id="u2", name="Kultur")),
        goal_areas=(GoalArea(id="a", name="Ett välmående län"),),
        periods=periods,
        activities=activities,
        **kw,
    )


def _keys(activities: tuple[Activity, ...]) -> list[str]:
    return [a.key for a in activities]


def test_a_period_follows_up_what_is_still_open_after_the_one_before() -> None:
    green = FollowUp(status="green")
    plan = _plan(
        _a("going", follow_ups={"p1": green}),  # no answer yet in p2: still followed up
        _a("ended", end="p1", follow_ups={"p1": green}),
        _a("later", start="p2"),
        _a("new"),  # no follow-up and no start: a new activity, from the latest period
        _a("answered", follow_ups={"p2": green}),
    )
    assert _keys(followed_up(plan, "p1")) == ["going", "ended"]
    assert _keys(followed_up(plan, "p2")) == ["going", "later", "new", "answered"]
    # Not reported, not dropped: the share counts it, the changes do not list it as gone.
    total = total_count(plan, "p2")
    assert (total.total, total.unreported) == (4, 3)
    changes = changes_since_previous(plan, "p2")
    assert _keys(changes.removed) == ["ended"]
    assert _keys(changes.new) == ["later", "new", "answered"]


def test_a_status_marked_done_ends_the_activity_after_its_period() -> None:
    plan = _plan(
        _a("done", follow_ups={"p1": FollowUp(status="done")}),
        _a("ongoing", follow_ups={"p1": FollowUp(status="ongoing")}),
        periods=(P1, P2, P3),
        scale=PROGRESS,
    )
    assert PROGRESS.get("done") is not None and PROGRESS.get("done").done  # type: ignore[union-attr]
    assert _keys(followed_up(plan, "p1")) == ["done", "ongoing"]
    assert _keys(followed_up(plan, "p2")) == ["ongoing"]
    assert _keys(open_after(plan, "p1")) == ["ongoing"]


def test_a_period_that_lists_its_activities_follows_up_those() -> None:
    listed = attrs.evolve(P2, activities=("b",))
    plan = _plan(_a("a"), _a("b"), periods=(P1, listed))
    assert _keys(followed_up(plan, "p2")) == ["b"]


def test_adding_a_period_carries_the_open_activities_with_empty_follow_ups() -> None:
    plan = _plan(
        _a("going", follow_ups={"p1": FollowUp(status="green", comment="Pågår.")}),
        _a("ended", end="p1", follow_ups={"p1": FollowUp(status="green")}),
        periods=(P1,),
    )
    new = add_period(plan, P2)
    assert [p.id for p in new.periods] == ["p1", "p2"]
    going, ended = new.activities
    assert going.follow_ups["p2"] == FollowUp()  # the last comment is not copied as the answer
    assert "p2" not in ended.follow_ups
    assert _keys(followed_up(new, "p2")) == ["going"]
    assert last_follow_up(new, going, "p2") == (P1, FollowUp(status="green", comment="Pågår."))
    with pytest.raises(ValueError, match="already has a period 'p1'"):
        add_period(plan, P1)
    with pytest.raises(ValueError, match="must come after"):
        add_period(plan, attrs.evolve(P2, as_of=dt.date(2023, 1, 1)))
    with pytest.raises(ValueError, match="no period 'x'"):
        add_period(plan, P2, after="x")


def test_a_new_activity_never_answered_moves_on_to_the_new_period() -> None:
    plan = _plan(_a("old", follow_ups={"p1": FollowUp(status="green")}), _a("new"))
    assert _keys(followed_up(plan, "p2")) == ["old", "new"]
    new = add_period(plan, P3)
    assert new.activities[1].start == ""
    assert _keys(followed_up(new, "p2")) == ["old"]
    assert _keys(followed_up(new, "p3")) == ["old", "new"]
    # Once p2 is closed its count is final: the activity stays counted there, not reported.
    closed = attrs.evolve(plan, periods=(P1, attrs.evolve(P2, closed=True)))
    new = add_period(closed, P3)
    assert new.activities[1].start == "p2"
    assert _keys(followed_up(new, "p2")) == ["old", "new"]


def test_carrying_from_an_earlier_period_lists_the_activities() -> None:
    plan = _plan(_a("a", follow_ups={"p1": FollowUp(status="green")}), _a("b", start="p2"))
    new = add_period(plan, P3, after="p1")
    assert new.periods[-1].activities == ("a",)
    assert _keys(followed_up(new, "p3")) == ["a"]


def test_the_previous_answer_shown_skips_a_silent_period() -> None:
    activity = _a(
        "a", follow_ups={"p1": FollowUp(status="yellow", comment="Försenat."), "p2": FollowUp()}
    )
    plan = _plan(activity, periods=(P1, P2, P3))
    assert last_follow_up(plan, activity, "p3") == (
        P1,
        FollowUp(status="yellow", comment="Försenat."),
    )
    assert last_follow_up(plan, activity, "p1") is None


def test_the_round_is_open_until_every_unit_answered_or_the_period_is_closed() -> None:
    plan = _plan(
        _a("a", follow_ups={"p1": FollowUp(comment="Svar.")}),
        _a("b", unit="u2", follow_ups={"p1": FollowUp()}),
        periods=(P1,),
    )
    state = round_state(plan, "p1")
    assert (state.units, state.answered, state.silent, state.open) == (
        ("u1", "u2"),
        ("u1",),
        ("u2",),
        True,
    )
    closed = attrs.evolve(plan, periods=(attrs.evolve(P1, closed=True),))
    assert not round_state(closed, "p1").open


def _messages(plan: Plan) -> dict[str, str]:
    return {p.place: f"{p.severity.value}: {p.message}" for p in validate(plan)}


def test_validation_names_starts_ends_and_lists_that_do_not_fit() -> None:
    plan = _plan(
        _a("x", start="p9"),
        _a("y", start="p2", end="p1"),
        _a("z", end="p1", follow_ups={"p1": FollowUp(), "p2": FollowUp(status="green")}),
        periods=(P1, attrs.evolve(P2, activities=("nope",))),
    )
    found = _messages(plan)
    assert "'p9' is not a period" in found["activities[0].start"]
    assert "ends (p1) before it starts (p2)" in found["activities[1].end"]
    assert "ends in p1, so p2 cannot follow it up" in found["activities[2].follow_ups.p2"]
    assert "'nope' is not the id" in found["periods[1].activities[0]"]
    assert all(m.startswith("error") for m in found.values())


def test_a_follow_up_after_done_is_a_warning() -> None:
    plan = _plan(
        _a("d", follow_ups={"p1": FollowUp(status="done"), "p2": FollowUp(status="ongoing")}),
        scale=PROGRESS,
    )
    found = _messages(plan)
    assert found["activities[0].follow_ups.p2"].startswith(
        "warning: the activity was reported done in p1"
    )


def test_activities_without_a_goal_area_are_allowed_and_counted_by_unit() -> None:
    def loose(key: str, unit: str) -> Activity:
        return Activity(
            id=key, title=key, units=(unit,), follow_ups={"p1": FollowUp(status="green")}
        )

    by_unit = attrs.evolve(
        _plan(loose("k1", "u2"), loose("f1", "u1"), periods=(P1,)), goal_areas=()
    )
    assert validate(by_unit) == []
    assert [(g.name, g.total) for g in status_counts(by_unit, "p1")] == [
        ("Folkhälsa", 1),
        ("Kultur", 1),
    ]
    mixed = _plan(
        _a("a", follow_ups={"p1": FollowUp(status="red")}), loose("k1", "u2"), periods=(P1,)
    )
    (warning,) = validate(mixed)
    assert warning.place == "activities[1].goal_areas"
    assert "serves no goal area while others do" in warning.message
    assert [g.name for g in status_counts(mixed, "p1")] == ["Ett välmående län", "Kultur"]


# --- the command -------------------------------------------------------------------------


def _file(tmp_path: Path, plan: Plan) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(dump_yaml(plan), encoding="utf-8")
    return path


def test_period_add_writes_the_next_period_into_the_plan_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(
        tmp_path,
        _plan(
            _a("a", follow_ups={"p1": FollowUp(status="green")}),
            _a("b", end="p1", follow_ups={"p1": FollowUp(status="green")}),
            periods=(P1,),
        ),
    )
    args = ["period", "add", str(path), "--id", "p2", "--name", "Delår 2", "--as-of", "2023-08-31"]
    assert main(args) == 0
    assert "1 activities carried over from p1" in capsys.readouterr().out
    plan = load_yaml(path.read_bytes())
    assert plan.periods[-1] == P2
    assert plan.activities[0].follow_ups["p2"] == FollowUp()
    assert main(["period", "list", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        "Id",
        "Namn",
        "Per",
        "Aktiviteter",
        "Med",
        "status",
        "Svarat",
        "Stängd",
    ]
    assert out[1].split() == ["p1", "Delår", "1", "2023-04-30", "2", "2", "1", "av", "1"]
    assert out[2].split() == ["p2", "Delår", "2", "2023-08-31", "1", "0", "0", "av", "1"]
    assert main(["period", "close", str(path), "p1"]) == 0
    assert load_yaml(path.read_bytes()).periods[0].closed


def test_period_add_refuses_bad_input_and_leaves_the_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, _plan(_a("a"), periods=(P1,)))
    before = path.read_bytes()
    base = ["period", "add", str(path), "--name", "N"]
    assert main([*base, "--id", "p1", "--as-of", "2023-12-31"]) == 1
    assert main([*base, "--id", "p2", "--as-of", "2023-02-30"]) == 1
    assert main([*base, "--id", "p2", "--as-of", "2023-01-01"]) == 1
    assert main([*base, "--id", "p2", "--as-of", "2023-12-31", "--from", "p7"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}: periods: the plan already has a period 'p1'",
        f"{path}: --as-of '2023-02-30' is not a date; write it as YYYY-MM-DD",
        f"{path}: periods: the new period's date 2023-01-01 must come after the latest "
        "period's, 2023-04-30 (p1)",
        f"{path}: periods: the plan has no period 'p7' (its periods: p1)",
    ]
    assert path.read_bytes() == before
    assert main(["period", "close", str(path), "p9"]) == 1
    assert path.read_bytes() == before


def test_a_plan_grouped_by_unit_only_is_summarised_and_sent_by_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def loose(key: str, unit: str, status: str) -> Activity:
        return Activity(
            id=key, title=key, units=(unit,), follow_ups={"p1": FollowUp(status=status)}
        )

    plan = attrs.evolve(
        _plan(loose("F1", "u1", "green"), loose("K1", "u2", "red"), periods=(P1,)), goal_areas=()
    )
    path = _file(tmp_path, plan)
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].split()[0] == "Verksamhet"
    assert [line.split()[0] for line in out[3:]] == ["Folkhälsa", "Kultur", "Totalt"]
    assert main(["template", str(path), "--output", str(tmp_path / "sent")]) == 0
    assert main(["export", str(path), "-o", str(tmp_path / "deck.pptx")]) == 0
    from pptx import Presentation

    titles = [
        slide.shapes.title.text
        for slide in Presentation(str(tmp_path / "deck.pptx")).slides
        if slide.shapes.title is not None
    ]
    assert "Aktiviteter – Folkhälsa" in titles and "Aktiviteter – Kultur" in titles
    # The Word report groups them by unit too, not under one "other activities" heading.
    from document_helpers import headings

    report = tmp_path / "report.docx"
    assert main(["export", str(path), "-o", str(report), "--kind", "follow-up"]) == 0
    found = [text for level, text in headings(report.read_bytes()) if level == 2]
    assert "Folkhälsa" in found and "Kultur" in found
