"""The checksum of a collection workbook's hidden sheet: an edited sheet is refused."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rusmodel import Plan, Severity
from rusmodel.cli import main
from rusmodel.plugins.workbook import collect, signature, template
from rusmodel.plugins.workbook.book import save_deterministic
from rusmodel.plugins.workbook.collection_layout import template_id
from rusmodel.plugins.workbook.files import load_plan
from rusmodel.plugins.workbook.groups import groups
from rusmodel.plugins.workbook.values import open_book

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"
PLAN = FIXTURES / "collect-plan.yaml"
KULTUR = FIXTURES / "kultur-2023-d2.xlsx"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def sent(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sent")
    written = template.write_templates(plan, "2023-d2", "unit", folder)
    return next(p for p in written if p.name.startswith("Kultur"))


def _edited(source: Path, path: Path, edit: Callable[[Any], None]) -> Path:
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    out = io.BytesIO()
    save_deterministic(workbook, out)
    path.write_bytes(out.getvalue())
    return path


def _set(**changes: str) -> Callable[[Any], None]:
    def edit(workbook: Any) -> None:
        for row in workbook["rusmodel"].iter_rows():
            if row[0].value in changes:
                row[1].value = changes[row[0].value]

    return edit


def test_a_sent_workbook_is_signed_and_its_id_is_a_hash_of_what_it_was_made_for(
    plan: Plan, sent: Path
) -> None:
    rows = open_book(sent).sheets["rusmodel"].rows
    assert [r[0] for r in rows if r[0] == signature.ROW] == [signature.ROW]
    assert signature.verify(rows) is None
    period = plan.period("2023-d2")
    assert period is not None
    group = next(g for g in groups(plan, "unit") if g.id == "kultur")
    values = {r[0]: r[1] for r in rows}
    assert values["template"] == template_id(plan, period, group)
    assert values["template"] == signature.identity(
        plan.title, plan.organisation, "2023-d2", "unit", "kultur"
    )


def test_a_workbook_saved_again_unchanged_is_accepted(
    plan: Plan, sent: Path, tmp_path: Path
) -> None:
    """Opened and saved by a program (openpyxl here, LibreOffice in the fixtures): still valid."""
    path = _edited(sent, tmp_path / "k.xlsx", lambda workbook: None)
    report = collect.collect(plan, [path]).report
    assert report.files_read == (str(path),)
    assert report.problems == ()


@pytest.mark.parametrize(
    "changes",
    [
        {"period": "2023-d1"},
        {"group": "folkhalsa"},
        {"by": "goal_area"},
        {"organisation": "Region Grannlänet"},
        {"group_name": "Folkhälsa"},
        {"period_name": "Delår 1 2023"},
        {"previous_period": ""},
        {"activity": "RF1"},
        {"activity_header": "title"},
        {"template": "0000000000000000"},
        {"signature": "v1:" + "0" * 64},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_an_edit_of_the_hidden_sheet_is_refused(
    changes: dict[str, str], plan: Plan, sent: Path, tmp_path: Path
) -> None:
    path = _edited(sent, tmp_path / "k.xlsx", _set(**changes))
    report = collect.collect(plan, [path], lang="en").report
    assert report.files_read == ()
    [problem] = report.problems
    assert problem.file == str(path)
    assert "hidden sheet 'rusmodel' was edited after the workbook was sent" in problem.message


def test_a_workbook_without_a_checksum_is_accepted_with_a_warning(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook made before the checksum: its identity is still checked, its answers read."""

    def unsign(workbook: Any) -> None:
        meta = workbook["rusmodel"]
        for row in reversed(list(meta.iter_rows())):
            if row[0].value == signature.ROW:
                meta.delete_rows(row[0].row)

    path = _edited(KULTUR, tmp_path / "kultur.xlsx", unsign)
    signed = collect.collect(plan, [KULTUR], lang="en")
    unsigned = collect.collect(plan, [path], lang="en")
    assert unsigned.plan == signed.plan
    warnings = [p for p in unsigned.report.problems if p.severity is Severity.WARNING]
    assert [w.file for w in warnings] == [str(path)]
    assert "has no checksum" in warnings[0].message
    assert unsigned.report.ok == signed.report.ok

    # An unsigned workbook whose period was edited is refused all the same, by its id.
    edited = _edited(path, tmp_path / "edited.xlsx", _set(period="2023-d1"))
    assert collect.collect(plan, [edited]).report.files_read == ()

    # The warning does not change the exit code (the fixture has one refused status: 1).
    out = tmp_path / "merged.yaml"
    assert main(["collect", str(PLAN), str(KULTUR), "-o", str(out)]) == 1
    assert "kontrollsumma" not in capsys.readouterr().out
    assert main(["collect", str(PLAN), str(path), "-o", str(out), "--lang", "en"]) == 1
    report = capsys.readouterr().out
    assert "Refused and invalid (1):" in report
    assert f"Warnings (1):\n  {path}: warning: the workbook has no checksum" in report


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_saving_a_sent_workbook_keeps_its_checksum_valid(
    plan: Plan, sent: Path, tmp_path: Path
) -> None:
    """The checksum is only useful if a unit's spreadsheet program keeps the hidden sheet."""
    out = tmp_path / "saved"
    subprocess.run(
        [
            str(shutil.which("soffice")),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(sent),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    saved = out / sent.name
    assert saved.read_bytes() != sent.read_bytes()  # written again, by LibreOffice
    assert signature.verify(open_book(saved).sheets["rusmodel"].rows) is None
    report = collect.collect(plan, [saved]).report
    assert report.files_read == (str(saved),)
    assert report.problems == ()
