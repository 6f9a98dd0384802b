"""What ``rusmodel collect`` says: refusals on standard error too, one line for a missing column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rusmodel.plugins.workbook import collect
from rusmodel.plugins.workbook.files import load_plan

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "fixtures" / "workbooks" / "collect-plan.yaml"
MISSING_COLUMN = ROOT / "tests" / "corpus" / "returned" / "missing-column.xlsx"
STATUSES = ROOT / "tests" / "corpus" / "returned" / "unknown-statuses.xlsx"


def test_a_missing_column_is_one_line_not_every_row_missing() -> None:
    """The sheet Mina aktiviteter lacks its status column: its rows are there, not missing."""
    report = collect.collect(load_plan(PLAN), [MISSING_COLUMN]).report
    assert [(p.place, p.message[:42]) for p in report.problems] == [
        ("Mina aktiviteter", "kolumnen 'Status Delår 2 2023' saknas i ru")
    ]
    assert report.no_answer == ()
    assert "raden saknas" not in collect.format_report(report)


def _run(*args: str, **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rusmodel", "collect", str(PLAN), *args],
        text=True,
        timeout=120,
        check=False,
        **streams,  # type: ignore[call-overload]
    )


def test_refusals_also_go_to_standard_error(tmp_path: Path) -> None:
    out = tmp_path / "merged.yaml"
    done = _run(str(STATUSES), "-o", str(out), "--strict", capture_output=True)
    assert done.returncode == 1
    refused = [line for line in done.stdout.splitlines() if "'Lila' är ingen status" in line]
    assert len(refused) == 1  # in the report
    assert done.stderr.splitlines() == [
        f"{STATUSES}: 'Hållbar utveckling'!I6: " + refused[0].split("!I6: ", 1)[1],
        f"{STATUSES}: 'Hållbar utveckling'!I7: 'grönt' är ingen status i planens skala "
        "(Grön, Gul, Röd); svaret för 'RF10' används inte – menade du Grön?",
        "Inget skrevs: rätta felen ovan eller kör utan --strict.",
    ]
    assert not out.exists()


def test_one_stream_for_both_says_each_refusal_once(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    with log.open("w") as both:
        done = _run(str(STATUSES), "-o", str(tmp_path / "m.yaml"), stdout=both, stderr=both)
    assert done.returncode == 1
    assert log.read_text().count("'Lila' är ingen status") == 1
