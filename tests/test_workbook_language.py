"""A collection round in English (`--lang en`): every fixed word follows the language, and a round
made in one language is collected in the other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from rusmodel import Activity, GoalArea, Period, Plan, Unit, dump_yaml, load_yaml
from rusmodel.cli import main
from rusmodel.plugins.workbook import collect, template

P1 = Period(id="p1", name="Delår 1 2023", as_of=dt.date(2023, 4, 30))
P2 = Period(id="p2", name="Delår 2 2023", as_of=dt.date(2023, 8, 31))


def _plan() -> Plan:
    """A unit's activities, one without a goal area, and two activities of no unit."""

    def activity(key: str, units: tuple[str, ...], areas: tuple[str, ...]) -> Activity:
        return Activity(id=key, title=f"Aktivitet {key}", goal_areas=areas, units=units)

    return Plan(
        title="Plan",
        organisation="Region",
        first_year=2023,
        last_year=2024,
        units=(Unit(id="f", name="Folkhälsa"),),
        goal_areas=(GoalArea(id="a", name="Ett välmående län", short_name="Välmående"),),
        periods=(P1, P2),
        activities=(
            activity("F1", ("f",), ("a",)),
            activity("F2", ("f",), ()),
            activity("O1", (), ("a",)),
            activity("O2", (), ()),
        ),
    )


def _answer(path: Path, answers: dict[str, str], ready: str, yes: str) -> None:
    """Fill in a status for each activity id in ``answers``, on whichever sheet it is, and mark
    the workbook ready (the cell below the label ``ready``)."""
    status_header = "Status Delår 2 2023"
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        header = {c.value: c.column for c in ws[template.HEADER_ROW]}
        if status_header not in header:
            continue
        for row in range(template.HEADER_ROW + 1, ws.max_row + 1):
            key = ws.cell(row=row, column=header["Id"]).value
            if key in answers:
                ws.cell(row=row, column=header[status_header]).value = answers[key]
    first = book.worksheets[0]
    label = next(r for r in range(1, first.max_row + 1) if first.cell(r, 1).value == ready)
    first.cell(label + 1, 1).value = yes
    book.save(path)


def _texts(path: Path) -> str:
    """Every text of every visible sheet, and the sheets' names, as a user sees them."""
    book = openpyxl.load_workbook(path)
    shown = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    texts = [ws.title for ws in shown]
    texts += [str(v) for ws in shown for row in ws.iter_rows(values_only=True) for v in row if v]
    return "\n".join(texts)


# The fixed Swedish words a collection workbook may hold (the plan's own texts are Swedish here:
# "Aktivitet F1", "Välmående", "Delår 2 2023", "Folkhälsa", so those are left out).
_SWEDISH = ("Utan verksamhet", "Övrigt", "Instruktioner", "Indikatorer", "Klart att lämna", "Ja")


def test_an_english_round_names_its_files_sheets_and_groups_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(dump_yaml(_plan()), encoding="utf-8")
    sent = tmp_path / "sent"
    assert main(["template", str(plan_file), "--lang", "en", "--output", str(sent)]) == 0
    assert sorted(p.name for p in sent.iterdir()) == ["Folkhälsa p2.xlsx", "No unit p2.xlsx"]
    orphans = sent / "No unit p2.xlsx"
    assert openpyxl.load_workbook(orphans).sheetnames == [
        "Instructions",
        "Välmående",
        "Other",
        "rusmodel",
    ]
    text = _texts(orphans)
    assert "Follow-up Delår 2 2023 – No unit" in text and "Unit: No unit" in text
    assert "Go to the sheets “Välmående” and “Other”." in text
    for swedish in _SWEDISH:
        assert swedish not in text.split("\n"), swedish
    assert not any(word in text for word in ("Utan verksamhet", "Övrigt", "”Välmående”"))

    # The units answer in English, and the round is collected with English messages.
    _answer(sent / "Folkhälsa p2.xlsx", {"F1": "Green", "F2": "Red"}, "Ready to send:", "Yes")
    _answer(orphans, {"O1": "Yellow", "O2": "Green"}, "Ready to send:", "Yes")
    merged = tmp_path / "merged.yaml"
    capsys.readouterr()
    returned = map(str, sorted(sent.iterdir()))
    code = main(["collect", str(plan_file), *returned, "-o", str(merged), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Answered (2 of 2): Folkhälsa, No unit" in out
    assert "ready: Folkhälsa, No unit" in out
    collected = load_yaml(merged.read_text(encoding="utf-8"), str(merged))
    statuses = {a.id: a.follow_ups["p2"].status for a in collected.activities}
    assert statuses == {"F1": "green", "F2": "red", "O1": "yellow", "O2": "green"}


def test_a_round_made_in_swedish_is_collected_in_english_and_the_other_way(
    tmp_path: Path,
) -> None:
    plan = _plan()
    swedish = template.write_templates(plan, "p2", "unit", tmp_path / "sv")
    assert [p.name for p in swedish] == ["Folkhälsa p2.xlsx", "Utan verksamhet p2.xlsx"]
    english = template.write_templates(plan, "p2", "unit", tmp_path / "en", "en")
    assert [p.name for p in english] == ["Folkhälsa p2.xlsx", "No unit p2.xlsx"]
    assert openpyxl.load_workbook(swedish[1]).sheetnames[:3] == [
        "Instruktioner",
        "Välmående",
        "Övrigt",
    ]
    _answer(swedish[0], {"F1": "Grön", "F2": "Röd"}, "Klart att lämna:", "Ja")
    _answer(english[1], {"O1": "Yellow", "O2": "Green"}, "Ready to send:", "Yes")

    # Swedish workbooks collected in English, English ones in Swedish, both in one run.
    for lang, no_unit in (("en", "No unit"), ("sv", "Utan verksamhet")):
        result = collect.collect(plan, [swedish[0], english[1]], lang=lang, require_ready=True)
        report = result.report
        assert report.problems == ()
        assert report.answered == ("Folkhälsa", no_unit)
        assert report.ready == ("Folkhälsa", no_unit)
        statuses = {a.id: a.follow_ups["p2"].status for a in result.plan.activities}
        assert statuses == {"F1": "green", "F2": "red", "O1": "yellow", "O2": "green"}

    # The same unit's workbook sent in both languages is the same workbook, given twice.
    twice = collect.collect(plan, [swedish[1], english[1]], lang="en").report
    assert [p.file for p in twice.problems] == [str(swedish[1]), str(english[1])]
    assert twice.problems[1].message.startswith(
        f"this is the same workbook (No unit) as {swedish[1]}; give only the one to use."
    )


def test_a_goal_area_round_names_the_group_of_activities_without_one_in_its_language(
    tmp_path: Path,
) -> None:
    for lang, name in (("sv", "Övrigt"), ("en", "Other")):
        written = template.write_templates(_plan(), "p2", "goal_area", tmp_path / lang, lang)
        assert [p.name for p in written] == ["Ett välmående län p2.xlsx", f"{name} p2.xlsx"]
        assert name in openpyxl.load_workbook(written[1]).sheetnames
        report = collect.collect(_plan(), written, lang=lang).report
        assert report.blank == ("Ett välmående län", name)
