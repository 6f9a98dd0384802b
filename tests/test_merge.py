"""Merging a period's answers (``rusmodel.merge``): the comments a unit copied unchanged from
the previous period are listed, by ``rusmodel import --into`` as by ``rusmodel collect``."""

from __future__ import annotations

from pathlib import Path

from rusmodel import FollowUp, Plan, load_yaml
from rusmodel.merge import Answer, format_report, merge_period, unchanged_comment

WEBSITE = "Utveckla webbplatsen Kulturarv."
SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-plan.yaml"


def _sample() -> Plan:
    return load_yaml(SAMPLE.read_bytes(), str(SAMPLE))


def test_a_comment_is_unchanged_when_it_repeats_the_previous_one_spaces_and_case_aside() -> None:
    before = FollowUp(status="green", comment="Arbetet pågår enligt plan.")
    assert unchanged_comment(before, "arbetet  pågår\nenligt PLAN.")
    assert not unchanged_comment(before, "Arbetet är klart.")
    assert not unchanged_comment(None, "Arbetet pågår enligt plan.")


def test_an_empty_comment_is_lacking_not_unchanged() -> None:
    assert not unchanged_comment(FollowUp(comment=""), "")
    assert not unchanged_comment(FollowUp(comment=" "), "  \n ")


def test_merge_period_lists_a_comment_copied_from_the_previous_period() -> None:
    plan = _sample()
    period = plan.period("2023-d2")
    assert period is not None
    rf1 = next(a for a in plan.activities if a.id == "RF1")
    copied = rf1.follow_ups["2023-d1"].comment
    answers = [
        Answer("activity", "RF1", file="a.csv", place="row 2", status="green", comment=copied),
        Answer("activity", WEBSITE, file="a.csv", place="row 3", status="green", comment="  "),
    ]
    report = merge_period(plan, period, answers, files=["a.csv"]).report
    assert [(m.key, m.place) for m in report.unchanged_comment] == [("RF1", "row 2")]
    assert [m.title for m in report.lacking_comment] == [WEBSITE]
    text = format_report(report)
    assert "Kommentaren oförändrad sedan Delår 1 2023 (1):" in text
    assert "  RF1 – " in text.split("Kommentaren oförändrad")[1]
