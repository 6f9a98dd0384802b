"""Collection workbooks (``rusmodel template``): what each unit receives."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import attrs
import openpyxl
import pytest

from rusmodel import Period, PlanError, StatusScale, StatusValue
from rusmodel.plugins.workbook import template
from rusmodel.plugins.workbook.files import load_plan
from rusmodel.plugins.workbook.values import open_book

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"
PLAN = FIXTURES / "collect-plan.yaml"


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    plan = load_plan(PLAN)
    folder = tmp_path_factory.mktemp("sent")
    return {p.name: p for p in template.write_templates(plan, "2023-d2", "unit", folder)}


def test_one_workbook_per_unit_named_for_the_file_system(sent: dict[str, Path]) -> None:
    assert sorted(sent) == [
        "Folkhälsa 2023-d2.xlsx",
        "Kultur och ideell sektor 2023-d2.xlsx",
        "Välfärd 2023-d2.xlsx",
    ]


def test_file_names_keep_swedish_letters_and_drop_slashes() -> None:
    period = Period(id="2023/d2", name="Delår 2", as_of=dt.date(2023, 8, 31))
    group = template.Group(
        by="unit", id="x", name="RUF/Folkhälsa: Öst", activities=(), indicators=()
    )
    assert template.file_name(group, period) == "RUF Folkhälsa Öst 2023 d2.xlsx"


def test_the_unit_gets_its_activities_per_goal_area_with_last_period_shown(
    sent: dict[str, Path],
) -> None:
    workbook = openpyxl.load_workbook(sent["Folkhälsa 2023-d2.xlsx"])
    assert workbook.sheetnames == [
        "Instruktioner",
        "Välmående",
        "Tillgänglig",
        "Hållbar utveckling",
        "Indikatorer",
        "rusmodel",
    ]
    ws = workbook["Välmående"]
    header = [c.value for c in ws[template.HEADER_ROW]]
    assert header == [
        "Id",
        "Aktivitet",
        "Målområde",
        "Verksamhet",
        "Ansvarig",
        "Tidplan",
        "Förra status (Delår 1 2023)",
        "Förra kommentaren (Delår 1 2023)",
        "Status Delår 2 2023",
        "Kommentar Delår 2 2023",
        "Nyckel",
    ]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=template.HEADER_ROW + 1)]
    assert [r[0] for r in rows] == ["RF1", "RF2", None]
    first = rows[0]
    assert first[6:10] == ["Grön", "Arbetet har startat.", None, None]
    assert first[10] == "RF1"
    assert rows[2][10] == "Kartlägga föreningslivets lokaler."  # no id: the title is the key
    assert ws.column_dimensions["K"].hidden
    previous = ws["H6"]
    assert previous.fill.fgColor.rgb == "FF" + template.REFERENCE_FILL


def test_status_is_a_dropdown_of_the_scale_and_only_inputs_are_unlocked(
    sent: dict[str, Path],
) -> None:
    ws = openpyxl.load_workbook(sent["Folkhälsa 2023-d2.xlsx"])["Välmående"]
    assert ws.protection.sheet is True
    assert not ws.protection.password
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Grön,Gul,Röd"'
    assert str(validation.sqref) == "I6:I8"
    assert validation.showErrorMessage
    for row in range(6, 9):
        for column in "IJ":
            assert ws[f"{column}{row}"].protection.locked is False
        for column in "ABCDEFGHK":
            assert ws[f"{column}{row}"].protection.locked is not False
        assert ws[f"J{row}"].number_format == "@"  # typed "=..." stays text
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert {r.formula[0] for r in rules} == {'"Grön"', '"Gul"', '"Röd"'}


def test_indicators_of_the_units_goal_areas_with_cells_for_the_outcome(
    sent: dict[str, Path],
) -> None:
    ws = openpyxl.load_workbook(sent["Folkhälsa 2023-d2.xlsx"])["Indikatorer"]
    header = [c.value for c in ws[template.HEADER_ROW]]
    assert header[6:9] == ["Utfall Delår 1 2023", "Utfall Delår 2 2023", "Kommentar till utfallet"]
    names = [ws.cell(row=r, column=2).value for r in range(6, 9)]
    assert names == [
        "Sjukfrånvaro",
        "Andel vuxna med självupplevd god hälsa",
        "Andel hushåll med snabbt bredband",
    ]
    assert ws["G6"].value == 5  # last period's outcome, a number
    assert ws["H6"].protection.locked is False and ws["I6"].protection.locked is False
    assert ws["G6"].protection.locked is not False
    välfärd = openpyxl.load_workbook(sent["Välfärd 2023-d2.xlsx"])
    assert välfärd["Indikatorer"].max_row == 7  # only the Välmående indicators


def test_instructions_in_swedish_and_a_hidden_record_of_what_was_sent(
    sent: dict[str, Path],
) -> None:
    book = open_book(sent["Kultur och ideell sektor 2023-d2.xlsx"])
    text = "\n".join(str(v) for row in book.sheets["Instruktioner"].rows for v in row)
    assert "Så här fyller du i" in text
    assert "Grön – löper på enligt plan" in text
    assert "Kopiera inte förra kommentaren rakt av" in text
    meta = book.sheets["rusmodel"]
    assert meta.hidden
    pairs = {str(r[0]): r[1] for r in meta.rows}
    assert pairs["format"] == "rusmodel-collection"
    assert pairs["period"] == "2023-d2"
    assert pairs["group"] == "kultur"
    assert pairs["plan"] == "Handlingsplan Testlänet 2023–2024"
    sent_rows = [(r[1], r[2]) for r in meta.rows if r[0] == "activity"]
    assert sent_rows == [
        ("RF6", "Välmående"),
        ("RF7", "Tillgänglig"),
        ("RF8", "Tillgänglig"),
        ("RF5", "Hållbar utveckling"),
        ("RF10", "Hållbar utveckling"),
    ]
    assert openpyxl.load_workbook(sent["Folkhälsa 2023-d2.xlsx"])["rusmodel"].sheet_state == (
        "veryHidden"
    )


def test_a_shared_activity_goes_to_every_unit_it_names(sent: dict[str, Path]) -> None:
    for name in ("Folkhälsa 2023-d2.xlsx", "Kultur och ideell sektor 2023-d2.xlsx"):
        keys = [r[1] for r in open_book(sent[name]).sheets["rusmodel"].rows if r[0] == "activity"]
        assert "RF5" in keys


def test_same_plan_gives_the_same_bytes(tmp_path: Path) -> None:
    plan = load_plan(PLAN)
    first = template.write_templates(plan, "2023-d2", "unit", tmp_path / "a")
    second = template.write_templates(plan, "2023-d2", "unit", tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_by_goal_area_gives_one_workbook_per_goal_area(tmp_path: Path) -> None:
    plan = load_plan(PLAN)
    written = template.write_templates(plan, "Delår 2 2023", "goal_area", tmp_path)
    assert [p.name for p in written] == [
        "Ett välmående län 2023-d2.xlsx",
        "Ett tillgängligt län 2023-d2.xlsx",
        "Hållbar utveckling 2023-d2.xlsx",
    ]
    ws = openpyxl.load_workbook(written[0])["Välmående"]
    ids = [ws.cell(row=r, column=1).value for r in range(6, 11)]
    assert ids == ["RF1", "RF2", None, "RF6", "RF9"]


def test_a_long_scale_uses_a_list_on_the_hidden_sheet(tmp_path: Path) -> None:
    words = [f"Steg {n}, med en lång beskrivning av läget" for n in range(1, 9)]
    scale = StatusScale(
        id="lang",
        values=tuple(
            StatusValue(id=f"s{n}", label_sv=w, label_en=f"Step {n}", colour="00A651")
            for n, w in enumerate(words, start=1)
        ),
    )
    plan = attrs.evolve(load_plan(PLAN), scale=scale)
    (first, *_) = template.write_templates(plan, "2023-d2", "unit", tmp_path)
    workbook = openpyxl.load_workbook(first)
    (validation,) = workbook["Välmående"].data_validations.dataValidation
    assert validation.formula1 == "rusmodel!$E$1:$E$8"
    assert [workbook["rusmodel"][f"E{n}"].value for n in range(1, 9)] == words


def test_an_unknown_period_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"no period '2025-d1'.*2023-d1, 2023-d2"):
        template.write_templates(load_plan(PLAN), "2025-d1", "unit", tmp_path)
    assert not tmp_path.joinpath("Folkhälsa 2025-d1.xlsx").exists()


def test_the_command_writes_the_workbooks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    template.add_arguments(parser)
    args = parser.parse_args([str(PLAN), "--output", str(tmp_path / "ut")])
    assert template.run(args) == 0
    assert "3 arbetsböcker" in capsys.readouterr().out
    assert (tmp_path / "ut" / "Välfärd 2023-d2.xlsx").exists()  # the latest period by default
