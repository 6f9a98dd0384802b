"""A full workbook's sheets renamed or deleted: found by their header rows, or refused.

A sheet read as empty would drop its activities, outcomes or checks from the
plan without a word, so every sheet the exporter writes is either found or
named as missing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from rusmodel import Plan, PlanError, load_yaml
from rusmodel.cli import main
from rusmodel.plugins.workbook.full import write_full
from rusmodel.plugins.workbook.layout import SHEETS
from rusmodel.plugins.workbook.read import read_plan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-plan.yaml"


@pytest.fixture(scope="module")
def sample() -> Plan:
    return load_yaml(EXAMPLE.read_bytes(), str(EXAMPLE))


def _edited(
    plan: Plan, path: Path, edit: Callable[[openpyxl.Workbook], None], lang: str = "sv"
) -> Path:
    buffer = io.BytesIO()
    write_full(plan, buffer, lang=lang)
    workbook = openpyxl.load_workbook(buffer)
    edit(workbook)
    workbook.save(path)
    return path


def test_the_sample_fills_every_sheet(sample: Plan, tmp_path: Path) -> None:
    """Each test below would pass without the fix on a sheet with no rows."""
    path = _edited(sample, tmp_path / "p.xlsx", lambda workbook: None)
    workbook = openpyxl.load_workbook(path)
    for key, spec in SHEETS.items():
        assert workbook[spec.sv].max_row >= 3, key


@pytest.mark.parametrize("key", list(SHEETS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_renamed_sheet_is_found_by_its_header_row(
    key: str, lang: str, sample: Plan, tmp_path: Path
) -> None:
    def rename(workbook: openpyxl.Workbook) -> None:
        workbook[SHEETS[key].name(lang)].title = "Blad1"

    assert read_plan(_edited(sample, tmp_path / "p.xlsx", rename, lang)) == sample


@pytest.mark.parametrize("key", list(SHEETS))
def test_a_renamed_sheet_without_its_key_row_is_found_by_its_headers(
    key: str, sample: Plan, tmp_path: Path
) -> None:
    def rename(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[SHEETS[key].sv]
        sheet.delete_rows(1)  # the hidden row of machine keys
        sheet.title = "Mitt blad"

    assert read_plan(_edited(sample, tmp_path / "p.xlsx", rename)) == sample


def test_sheets_of_like_columns_renamed_together_are_told_apart(
    sample: Plan, tmp_path: Path
) -> None:
    """Tabellkolumner and Tabellrader share four columns; each goes to its own table."""

    def rename(workbook: openpyxl.Workbook) -> None:
        # Named the other way round, in the other order, and without the hidden sheet.
        workbook["Tabellrader"].title = "Tabellkolumner (kopia)"
        workbook["Tabellkolumner"].title = "Tabellrader (kopia)"
        workbook["Investeringar"].title = "Blad2"
        workbook["Avvikelser"].title = "Blad3"
        workbook.move_sheet("Tabellkolumner (kopia)", -5)
        del workbook["rusmodel"]

    assert read_plan(_edited(sample, tmp_path / "p.xlsx", rename)) == sample


@pytest.mark.parametrize("key", list(SHEETS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_deleted_sheet_is_refused_naming_it_and_the_file(
    key: str, lang: str, sample: Plan, tmp_path: Path
) -> None:
    spec = SHEETS[key]

    def delete(workbook: openpyxl.Workbook) -> None:
        del workbook[spec.name(lang)]

    path = _edited(sample, tmp_path / "p.xlsx", delete, lang)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert problem.place == spec.name(lang)
    assert f"the sheet {spec.name(lang)!r}" in problem.message
    assert "is missing" in problem.message


def test_a_sheet_renamed_past_recognition_is_refused(sample: Plan, tmp_path: Path) -> None:
    """Renamed, its header rows cleared: nothing says which table it held, so it is missing."""

    def blank(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["Utfall"]
        sheet.title = "Blad1"
        sheet.delete_rows(1, 2)

    with pytest.raises(PlanError) as caught:
        read_plan(_edited(sample, tmp_path / "p.xlsx", blank))
    assert [p.place for p in caught.value.problems] == ["Utfall"]


def test_several_missing_sheets_give_one_line_each_on_the_command_line(
    sample: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def delete(workbook: openpyxl.Workbook) -> None:
        for name in ("Aktiviteter", "Intern kontroll", "Punktlistor"):
            del workbook[name]

    path = _edited(sample, tmp_path / "p.xlsx", delete)
    out = tmp_path / "plan.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "Aktiviteter",
        "Intern kontroll",
        "Punktlistor",
    ]
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert not out.exists()


def test_a_workbook_made_before_a_sheet_was_added_reads_without_it(
    sample: Plan, tmp_path: Path
) -> None:
    """A workbook whose hidden sheet does not name Kapitel never had it: read, not refused."""
    import attrs

    from rusmodel.plugins.workbook.layout import META_SHEET

    plan = attrs.evolve(sample, chapters=())

    def older(workbook: openpyxl.Workbook) -> None:
        del workbook[SHEETS["chapters"].sv]
        meta = workbook[META_SHEET]
        (row,) = [
            r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "sheet:chapters"
        ]
        meta.delete_rows(row)

    assert read_plan(_edited(plan, tmp_path / "old.xlsx", older)) == plan

    def deleted(workbook: openpyxl.Workbook) -> None:
        del workbook[SHEETS["chapters"].sv]

    with pytest.raises(PlanError, match=r"the sheet 'Kapitel' .* is missing"):
        read_plan(_edited(plan, tmp_path / "new.xlsx", deleted))
