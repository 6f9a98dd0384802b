"""``rusmodel collect`` on workbooks a person edited in LibreOffice.

The fixtures in ``tests/fixtures/workbooks/`` were made from
``collect-plan.yaml`` by ``scripts/make_workbook_fixtures.py``: rusmodel wrote
the collection workbooks, then LibreOffice (driven through UNO) lifted the
protection, typed statuses as people do ("Grön", "gul ", "RÖD", "Blå"), sorted
rows, inserted a column, deleted a row, renamed a sheet and saved as .xlsx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from rusmodel import FollowUp, Period, Plan, PlanError, load_yaml
from rusmodel.cycle import followed_up
from rusmodel.plugins.workbook import collect, template
from rusmodel.plugins.workbook.files import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"
PLAN = FIXTURES / "collect-plan.yaml"
FOLKHALSA = FIXTURES / "folkhalsa-2023-d2.xlsx"
KULTUR = FIXTURES / "kultur-2023-d2.xlsx"
SORTED_WITHOUT_KEY = FIXTURES / "folkhalsa-sorted-without-key.xlsx"
OTHER_PERIOD = FIXTURES / "folkhalsa-2023-d1.xlsx"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def both(plan: Plan) -> collect.Collection:
    return collect.collect(plan, [FOLKHALSA, KULTUR])


def _follow_up(plan: Plan, key: str) -> FollowUp | None:
    (activity,) = [a for a in plan.activities if a.key == key]
    return activity.follow_ups.get("2023-d2")


def test_statuses_typed_by_hand_are_understood(both: collect.Collection) -> None:
    merged = both.plan
    assert _follow_up(merged, "RF1") == FollowUp(
        status="green", comment="Första utkastet är klart.\nRemiss i oktober."
    )
    assert _follow_up(merged, "RF2") == FollowUp(
        status="yellow", comment="En kommun har hoppat av."
    )
    assert _follow_up(merged, "RUN 4") == FollowUp(
        status="red", comment="Upphandlingen överklagades."
    )
    assert _follow_up(merged, "RF8") == FollowUp(status="green", comment="=SUM(A1:A2)")
    assert _follow_up(merged, "RF10") == FollowUp(
        status="yellow", comment="-1,0 mnkr mot budget; @resor ökar"
    )


def test_sorted_rows_and_an_added_column_still_match_by_key(both: collect.Collection) -> None:
    # The Välmående sheet of Folkhälsa was sorted and got a column "Egen anteckning".
    assert _follow_up(both.plan, "Kartlägga föreningslivets lokaler.") == FollowUp(
        status="green", comment="Enkät skickad till föreningarna."
    )
    lines = collect.format_report(both.report)
    assert "Välmående!K6" in lines  # the comment column moved right by the inserted column


def test_a_deleted_row_and_a_blank_row_are_reported_not_merged(both: collect.Collection) -> None:
    no_answer = {m.key: m for m in both.report.no_answer}
    assert set(no_answer) == {"RF3", "RF7"}
    assert no_answer["RF3"].place == collect.ROW_MISSING
    assert no_answer["RF7"].place == ""
    assert _follow_up(both.plan, "RF3") == FollowUp()  # in the period, without a status
    assert _follow_up(both.plan, "RF7") == FollowUp()
    text = collect.format_report(both.report)
    assert "RF3 – Samordna regionens arbete med tillgängliga mötesplatser. [Folkhälsa]" in text
    assert "raden saknas i arbetsboken" in text


def test_an_invalid_status_is_refused_with_its_sheet_and_cell(both: collect.Collection) -> None:
    (blue,) = [p for p in both.report.problems if "Blå" in p.message]
    assert blue.file == str(KULTUR)
    assert blue.place == "Välmående!I6"
    assert "Grön, Gul, Röd" in blue.message
    assert _follow_up(both.plan, "RF6") == FollowUp()  # left out, not merged wrong


def test_two_units_answering_one_activity_differently_is_a_conflict(
    both: collect.Collection,
) -> None:
    conflicts = [p for p in both.report.problems if "RF5" in p.message]
    assert {p.file for p in conflicts} == {str(FOLKHALSA), str(KULTUR)}
    assert {p.place for p in conflicts} == {"'Hållbar utveckling'!I6"}
    assert _follow_up(both.plan, "RF5") == FollowUp()


def test_indicator_outcomes_are_merged(both: collect.Collection) -> None:
    outcomes = {i.key: i.outcomes.get("2023-d2") for i in both.plan.indicators}
    assert outcomes["Sjukfrånvaro"] is not None
    assert outcomes["Sjukfrånvaro"].value == Decimal("5.2")  # typed as the text "5,2"
    assert outcomes["T1"] is not None and outcomes["T1"].value == Decimal("96.5")
    not_measured = outcomes["Andel vuxna med självupplevd god hälsa"]
    assert not_measured is not None
    assert (not_measured.value, not_measured.measured, not_measured.note) == (
        None,
        False,
        "Mäts 4 e år",
    )


def test_the_report_counts_add_up_and_name_who_answered(both: collect.Collection) -> None:
    report = both.report
    assert report.answered == ("Folkhälsa", "Kultur och ideell sektor")
    assert report.not_answered == ("Välfärd",)
    assert report.read == report.merged + report.refused
    # Folkhälsa: 5 activities + 3 outcomes; Kultur: 4 activities (RF6 refused).
    assert (report.read, report.merged, report.refused) == (12, 9, 3)
    assert report.indicators_merged == 3
    assert [m.title for m in report.unchanged_comment] == ["Kartlägga föreningslivets lokaler."]
    # Cited at the comment's cell (the status is in the column before it on the sorted sheet).
    assert [m.place for m in report.unchanged_comment] == ["Välmående!K6"]
    # RF5 (a conflict) and RF6 (refused) are listed once, among the problems with their cells.
    lacking = {m.key for m in report.lacking_status}
    assert lacking == {"RF3", "RF7"}
    assert not {"RF5", "RF6"} & {m.key for m in report.lacking_comment}
    # These workbooks were made before the ready mark: answered, but not marked ready.
    assert (report.ready, report.not_ready) == ((), report.answered)
    text = collect.format_report(report)
    assert "Svarade (2 av 3): Folkhälsa, Kultur och ideell sektor" in text
    assert "12 svar lästa: 9 sammanförda (varav 3 indikatorutfall), 3 avvisade" in text
    assert "Svarade inte: Välfärd" in text
    assert "Kommentaren oförändrad sedan Delår 1 2023 (1):" in text
    english = collect.format_report(report, "en")
    assert "12 answers read: 9 merged (3 of them indicator outcomes), 3 refused" in english


def test_a_renamed_sheet_is_still_read(both: collect.Collection) -> None:
    # Kultur renamed "Tillgänglig" to "Mina aktiviteter"; RF8 on it is merged.
    assert _follow_up(both.plan, "RF8") is not None
    assert _follow_up(both.plan, "RF8").status == "green"  # type: ignore[union-attr]


def test_rows_sorted_without_the_hidden_key_are_refused_not_mismatched(plan: Plan) -> None:
    result = collect.collect(plan, [SORTED_WITHOUT_KEY], lang="en")
    problems = {p.place: p.message for p in result.report.problems}
    assert set(problems) == {"Välmående!B6", "Välmående!A8"}
    assert "sorted without the hidden key column" in problems["Välmående!B6"]
    # RF2 stayed on its row: its answer is good; the two swapped rows are not merged.
    assert _follow_up(result.plan, "RF2") == FollowUp(status="yellow", comment="")
    assert _follow_up(result.plan, "RF1") == FollowUp()
    assert _follow_up(result.plan, "Kartlägga föreningslivets lokaler.") == FollowUp()
    assert {m.key for m in result.report.no_answer} == {"RF3", "RUN 4", "RF5"}


def test_a_workbook_for_another_period_is_refused_naming_the_file(plan: Plan) -> None:
    result = collect.collect(plan, [FOLKHALSA, OTHER_PERIOD])
    (problem,) = [p for p in result.report.problems if p.file == str(OTHER_PERIOD)]
    assert "Delår 1 2023 (2023-d1)" in problem.message
    assert "Delår 2 2023 (2023-d2)" in problem.message
    assert result.report.files_read == (str(FOLKHALSA),)


def test_a_workbook_of_another_plan_is_refused(plan: Plan) -> None:
    other = attrs.evolve(plan, title="Handlingsplan Annat län")
    result = collect.collect(other, [KULTUR])
    (problem,) = result.report.problems
    assert problem.file == str(KULTUR)
    assert "Handlingsplan Testlänet 2023–2024" in problem.message
    assert result.plan == other


def test_the_same_workbook_twice_is_refused(plan: Plan, tmp_path: Path) -> None:
    copy = tmp_path / "kultur igen.xlsx"
    copy.write_bytes(KULTUR.read_bytes())
    result = collect.collect(plan, [KULTUR, copy])
    assert {p.file for p in result.report.problems} == {str(KULTUR), str(copy)}
    assert result.report.read == 0
    assert result.plan == plan


def test_a_workbook_not_made_by_template_is_refused(plan: Plan, tmp_path: Path) -> None:
    from rusmodel.plugins.workbook.full import write_full

    path = tmp_path / "plan.xlsx"
    buffer = io.BytesIO()
    write_full(plan, buffer)
    path.write_bytes(buffer.getvalue())
    (problem,) = collect.collect(plan, [path]).report.problems
    assert "rusmodel-plan" in problem.message


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
TYPED = ["Grön", "gul ", "RÖD", "grön", " Gul", "röd"]


def _deck_text(path: Path) -> str:
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)
    return "\n".join(texts)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_whole_round_on_every_example(example: Path, tmp_path: Path) -> None:
    """Template, answers typed into every workbook, collect, then the committee deck."""
    import openpyxl

    from rusmodel.cli import main

    plan = load_yaml(example.read_bytes(), str(example))
    # A plan not yet followed up (the 2020 plan document) gets its first period.
    last = plan.periods[-1].as_of if plan.periods else dt.date(plan.first_year, 1, 1)
    new = Period(id="ny-period", name="Ny uppföljning", as_of=last + dt.timedelta(days=120))
    plan = attrs.evolve(plan, periods=(*plan.periods, new))
    source = tmp_path / "plan.yaml"
    from rusmodel import dump_yaml

    source.write_text(dump_yaml(plan), encoding="utf-8")
    written = template.write_templates(plan, new.id, "unit", tmp_path / "sent")
    typed = iter(TYPED * 100)
    answered: dict[str, str] = {}
    for path in written:
        workbook = openpyxl.load_workbook(path)
        for ws in workbook.worksheets:
            header = {c.value: c.column for c in ws[template.HEADER_ROW]}
            if "Kommentar Ny uppföljning" not in header:
                continue
            for row in range(template.HEADER_ROW + 1, ws.max_row + 1):
                key = ws.cell(row=row, column=header["Nyckel"]).value
                if key in answered:
                    continue  # a shared activity: answered by its first unit only
                comment = f"Svar {len(answered) + 1} om läget."
                ws.cell(row=row, column=header["Status Ny uppföljning"]).value = next(typed)
                ws.cell(row=row, column=header["Kommentar Ny uppföljning"]).value = comment
                answered[str(key)] = comment
        workbook.save(path)
    merged = tmp_path / "merged.yaml"
    assert main(["collect", str(source), *map(str, written), "-o", str(merged)]) == 0
    result = load_yaml(merged.read_bytes(), str(merged))
    # Sent: the activities the new period follows up, not those ended or done before it.
    assert set(answered) == {a.key for a in followed_up(plan, new.id)}
    for activity in result.activities:
        if activity.key not in answered:
            assert new.id not in activity.follow_ups
            continue
        follow_up = activity.follow_ups[new.id]
        assert follow_up.comment == answered[activity.key]
        assert follow_up.status in ("green", "yellow", "red")
    deck = tmp_path / "deck.pptx"
    assert main(["export", str(merged), "--period", new.id, "-o", str(deck)]) == 0
    text = _deck_text(deck)
    assert "Svar 1 om läget." in text


def test_the_libreoffice_answers_reach_the_deck(tmp_path: Path) -> None:
    from rusmodel.cli import main

    merged = tmp_path / "merged.yaml"
    main(["collect", str(PLAN), str(FOLKHALSA), str(KULTUR), "-o", str(merged)])
    deck = tmp_path / "deck.pptx"
    assert main(["export", str(merged), "--period", "2023-d2", "-o", str(deck)]) == 0
    text = _deck_text(deck)
    assert "Upphandlingen överklagades." in text
    assert "=SUM(A1:A2)" in text


def _args(*words: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    collect.add_arguments(parser)
    return parser.parse_args(list(words))


def test_the_command_writes_the_merged_plan_and_exits_1_when_something_was_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "merged.yaml"
    assert collect.run(_args(str(PLAN), str(FOLKHALSA), str(KULTUR), "-o", str(output))) == 1
    out = capsys.readouterr().out
    assert "Insamling Delår 2 2023 (2023-d2)" in out
    assert "Den sammanförda planen skrevs till" in out
    merged = load_yaml(output.read_bytes(), str(output))
    assert _follow_up(merged, "RUN 4") == FollowUp(
        status="red", comment="Upphandlingen överklagades."
    )


def test_strict_and_dry_run_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "merged.yaml"
    assert collect.run(_args(str(PLAN), str(KULTUR), "--strict", "-o", str(output))) == 1
    assert "Inget skrevs" in capsys.readouterr().out
    assert collect.run(_args(str(PLAN), str(FOLKHALSA), "--dry-run", "-o", str(output))) == 0
    assert not output.exists()


def test_a_clean_collection_exits_0_and_replaces_the_plan_in_place(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    from rusmodel import dump_json

    plan_file.write_text(dump_json(load_plan(PLAN)), encoding="utf-8")
    before = plan_file.read_bytes()
    args = _args(str(plan_file), str(FOLKHALSA), "--period", "2023-d2", "-o", str(plan_file))
    assert collect.run(args) == 0
    after = plan_file.read_bytes()
    assert after != before
    merged = load_plan(plan_file)
    assert _follow_up(merged, "RF1") == FollowUp(
        status="green", comment="Första utkastet är klart.\nRemiss i oktober."
    )
    assert list(tmp_path.iterdir()) == [plan_file]  # no temporary file left behind


def test_a_plan_with_two_activities_of_one_key_cannot_be_collected_into(plan: Plan) -> None:
    twice = attrs.evolve(plan, activities=(*plan.activities, plan.activities[0]))
    with pytest.raises(PlanError, match="'RF1'"):
        collect.collect(twice, [FOLKHALSA])


def _edited_template(plan: Plan, folder: Path, edit: Callable[[Any], None]) -> Path:
    import openpyxl

    (path, *_) = template.write_templates(plan, "2023-d2", "unit", folder)
    workbook = openpyxl.load_workbook(path)
    edit(workbook["Välmående"])
    workbook.save(path)
    return path


def test_a_renamed_input_header_is_reported_not_read_as_empty(plan: Plan, tmp_path: Path) -> None:
    def rename(ws: Any) -> None:
        ws["I6"] = "Grön"
        ws["J6"] = "Klart."
        ws["J5"] = "Vad har hänt?"

    path = _edited_template(plan, tmp_path, rename)
    result = collect.collect(plan, [path])
    (problem,) = result.report.problems
    assert (problem.place, problem.file) == ("Välmående", str(path))
    assert "'Kommentar Delår 2 2023'" in problem.message
    assert _follow_up(result.plan, "RF1") == FollowUp()  # not merged without its comment


def test_an_activity_pasted_from_another_units_workbook_is_refused(
    plan: Plan, tmp_path: Path
) -> None:
    def paste(ws: Any) -> None:
        ws["A9"], ws["B9"], ws["I9"], ws["K9"] = (
            "RF6",
            "Utveckla länets biblioteksplan.",
            "Gul",
            "RF6",
        )

    path = _edited_template(plan, tmp_path, paste)
    result = collect.collect(plan, [path])
    (problem,) = result.report.problems
    assert problem.place == "Välmående!A9"
    assert "RF6" in problem.message and "skickades inte" in problem.message
    assert _follow_up(result.plan, "RF6") is None


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.xlsx")), ids=lambda p: p.name)
def test_the_fixtures_were_saved_by_libreoffice_not_openpyxl(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        application = archive.read("docProps/app.xml").decode("utf-8")
    assert "<Application>LibreOffice" in application


def test_an_identical_row_given_twice_is_counted_twice_and_merged_once(
    plan: Plan, tmp_path: Path
) -> None:
    def twice(ws: Any) -> None:
        ws["I6"], ws["J6"] = "Grön", "Klart."
        for column in "ABCDEFGHIJK":
            ws[f"{column}9"] = ws[f"{column}6"].value

    path = _edited_template(plan, tmp_path, twice)
    report = collect.collect(plan, [path]).report
    assert report.problems == ()
    assert (report.read, report.merged, report.refused) == (2, 2, 0)


def test_merged_cells_refuse_every_row_they_cover_and_the_others_are_merged(
    plan: Plan, tmp_path: Path
) -> None:
    def merge(ws: Any) -> None:
        ws["I6"], ws["J6"] = "Grön", "Klart."
        ws["I7"], ws["J7"] = "Gul", "Försenat."
        ws["I8"], ws["J8"] = "Röd", "Stoppat."
        ws.merge_cells("I6:I7")

    path = _edited_template(plan, tmp_path, merge)
    result = collect.collect(plan, [path])
    report = result.report
    assert [p.place for p in report.problems] == ["Välmående!I6", "Välmående!I7"]
    assert all("I6:I7 är sammanfogade" in p.message for p in report.problems)
    assert (report.read, report.merged, report.refused) == (3, 1, 2)
    # RF1 and RF2 are left out (sent, so in the period without a status), the third is merged.
    assert _follow_up(result.plan, "RF1") == FollowUp()
    assert _follow_up(result.plan, "RF2") == FollowUp()
    assert _follow_up(result.plan, "Kartlägga föreningslivets lokaler.") == FollowUp(
        status="red", comment="Stoppat."
    )


def _with_saved_result(path: Path, cell: str, formula: str, result: str) -> None:
    """Give a formula cell the saved result Excel and LibreOffice write, which openpyxl cannot."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rf'<c r="{cell}"[^>]*><f>([^<]*)</f><v\s*/?>(</v>)?'.encode(),
                    rf'<c r="{cell}" t="str"><f>\1</f><v>{result}</v>'.encode(),
                    data,
                )
            archive.writestr(info, data)


def test_a_formula_is_read_by_its_saved_result_and_refused_without_one(
    plan: Plan, tmp_path: Path
) -> None:
    def formulas(ws: Any) -> None:
        ws["I6"], ws["J6"] = '=IF(TRUE,"Grön","Röd")', "Klart."
        ws["I7"], ws["J7"] = '=IF(TRUE,"Gul","Röd")', "Försenat."

    path = _edited_template(plan, tmp_path, formulas)
    _with_saved_result(path, "I6", "", "Grön")
    result = collect.collect(plan, [path])
    (problem,) = result.report.problems
    assert problem.place == "Välmående!I7"
    assert 'formeln =IF(TRUE,"Gul","Röd") men inget sparat resultat' in problem.message
    assert _follow_up(result.plan, "RF1") == FollowUp(status="green", comment="Klart.")
    assert _follow_up(result.plan, "RF2") == FollowUp()
