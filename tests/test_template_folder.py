"""``rusmodel template`` writes all the workbooks or none, and never over an answered one."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from rusmodel import Plan, PlanError
from rusmodel.cli import main
from rusmodel.plugins.workbook import folder, template
from rusmodel.plugins.workbook.files import load_plan

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "rus-handlingsplan.yaml"  # eight units: eight workbooks


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


def _listing(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (hidden ones too) and its bytes."""
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


def _full_disk_at(count: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the ``count``-th workbook's write fail as a full disk does, half way through."""
    started: list[str] = []
    real = template.write_collection

    def write(plan: Plan, period: Any, group: Any, out: BinaryIO, lang: str = "sv") -> None:
        started.append(group.name)
        if len(started) == count:
            out.write(b"PK\x03\x04 half a workbook")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(plan, period, group, out)

    monkeypatch.setattr(template, "write_collection", write)
    return started


def test_a_full_disk_on_the_sixth_workbook_leaves_the_folder_as_it_was(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    (out / "anteckningar.txt").write_text("min egen fil")
    before = _listing(tmp_path)
    started = _full_disk_at(6, monkeypatch)
    with pytest.raises(PlanError) as caught:
        template.write_templates(plan, "2022-06", "unit", out)
    assert len(started) == 6
    [problem] = caught.value.problems
    assert problem.file == str(out / f"{started[5]} 2022-06.xlsx")  # the user's name, no .part
    assert "No space left on device" in problem.message
    assert "no file was written" in problem.message
    assert _listing(tmp_path) == before  # no workbook, no temporary folder left


def test_a_full_disk_into_a_new_folder_leaves_no_folder(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _full_disk_at(6, monkeypatch)
    out = tmp_path / "ny" / "ut"
    assert main(["template", str(PLAN), "--period", "2022-06", "-o", str(out)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{out}/") and "No space left on device" in line
    assert ".part" not in line
    assert list(tmp_path.iterdir()) == []  # neither ut nor the folder ny made for it


def test_all_eight_are_written_together_with_the_usual_permissions(
    plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "ut"
    written = template.write_templates(plan, "2022-06", "unit", out)
    assert [p.parent for p in written] == [out] * 8
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o666 & ~mask


def test_an_answered_workbook_in_the_folder_is_not_replaced(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    answered = out / "Folkhälsa 2022-06.xlsx"
    answered.write_bytes(b"svar som enheten fyllt i")
    other = out / "Välfärd 2022-06.xlsx"
    other.write_bytes(b"ett till")
    before = _listing(tmp_path)
    assert main(["template", str(PLAN), "--period", "2022-06", "-o", str(out)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [str(answered), str(other)]
    assert all("already there and would be replaced" in line for line in lines)
    assert all("--force" in line for line in lines)
    assert _listing(tmp_path) == before  # neither replaced, and none of the six others written


def test_force_replaces_them_keeping_their_permissions(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    answered = out / "Folkhälsa 2022-06.xlsx"
    answered.write_bytes(b"svar som enheten fyllt i")
    answered.chmod(0o640)
    written = template.write_templates(plan, "2022-06", "unit", out, force=True)
    assert answered in written
    assert answered.read_bytes().startswith(b"PK")
    assert stat.S_IMODE(answered.stat().st_mode) == 0o640
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_move_that_fails_says_which_were_written(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    moved: list[str] = []
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        if len(moved) == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(source, target)
        moved.append(Path(target).name)

    monkeypatch.setattr(folder.os, "replace", replace)
    with pytest.raises(PlanError) as caught:
        template.write_templates(plan, "2022-06", "unit", out)
    *missing, summary = caught.value.problems
    assert len(missing) == 5
    assert {Path(p.file).parent for p in missing} == {out}
    assert {Path(p.file).name for p in missing}.isdisjoint(moved)
    assert all(p.message == "not written: Input/output error" for p in missing)
    problems = [*missing, summary]
    assert problems[-1].file == str(out)
    assert problems[-1].message == f"3 of 8 files were written before that: {', '.join(moved)}"
    assert sorted(p.name for p in out.iterdir()) == sorted(moved)  # and no temporary folder


def test_an_interrupted_run_leaves_no_temporary_folder(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (and SIGTERM, which the command line turns into the same) half way through."""
    out = tmp_path / "ut"
    out.mkdir()
    real = template.write_collection
    calls: list[int] = []

    def write(plan: Plan, period: Any, group: Any, out: BinaryIO, lang: str = "sv") -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(plan, period, group, out)

    monkeypatch.setattr(template, "write_collection", write)
    with pytest.raises(KeyboardInterrupt):
        template.write_templates(plan, "2022-06", "unit", out)
    assert list(tmp_path.rglob("*")) == [out]


@pytest.mark.parametrize("force", [False, True])
def test_a_plan_saved_in_the_folder_under_a_workbooks_name_is_never_replaced(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    from rusmodel.plugins.workbook.files import save_plan

    out = tmp_path / "ut"
    out.mkdir()
    own = out / "Folkhälsa 2022-06.xlsx"  # the plan as a full workbook, named as a unit's would be
    save_plan(plan, own)
    before = _listing(tmp_path)
    args = ["template", str(own), "--period", "2022-06", "-o", str(out)]
    assert main(args + ["--force"] * force) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        f"{own}: a workbook of this name would replace the plan ({own}), which is never replaced, "
        "not even with --force; nothing was written. Write the workbooks to another folder, or "
        "move the plan out of this one"
    )
    assert _listing(tmp_path) == before  # the plan as it was, and none of the other seven


def test_a_link_in_the_folder_to_the_plan_is_not_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "plan.yaml"
    own.write_bytes(PLAN.read_bytes())
    out = tmp_path / "ut"
    out.mkdir()
    (out / "Välfärd 2022-06.xlsx").symlink_to(own)
    os.link(own, out / "Folkhälsa 2022-06.xlsx")
    before = _listing(tmp_path)
    args = ["template", str(own), "--period", "2022-06", "-o", str(out), "--force"]
    assert main(args) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        str(out / "Folkhälsa 2022-06.xlsx"),
        str(out / "Välfärd 2022-06.xlsx"),
    ]
    assert all(f"would replace the plan ({own})" in line for line in lines)
    assert _listing(tmp_path) == before


def test_the_plan_given_as_the_output_folder_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "plan.yaml"
    own.write_bytes(PLAN.read_bytes())
    before = _listing(tmp_path)
    assert main(["template", str(own), "--period", "2022-06", "-o", str(own), "--force"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"{own}: this is a file, not a folder to write into"
    assert _listing(tmp_path) == before
