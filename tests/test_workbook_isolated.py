"""Reading a workbook's values in a child process while the file is checked (``isolated``)."""

from __future__ import annotations

import datetime
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rusmodel import PlanError
from rusmodel.plugins.workbook import isolated
from rusmodel.plugins.workbook.isolated import RawSheet
from rusmodel.plugins.workbook.safety import check_workbook
from rusmodel.plugins.workbook.values import open_book, read_sheets

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="values are read in a child on Linux only"
)

HERE = Path(__file__).resolve().parent
RETURNED = HERE / "fixtures" / "workbooks" / "kultur-2023-d2.xlsx"
CORPUS = HERE / "corpus"


def _children() -> set[int]:
    """This process's child processes, running or not yet reaped."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.add(int(entry.name))
    return found


@pytest.fixture(autouse=True)
def _no_child_left() -> Iterator[None]:
    before = _children()
    yield
    assert _children() <= before


def test_the_values_are_those_read_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    full = CORPUS / "full" / "formulas.xlsx"  # holds formulas without results too
    for path in (RETURNED, full):
        monkeypatch.delenv("RUSMODEL_READ_IN_PROCESS", raising=False)
        assert isolated.available()
        in_child = open_book(path)
        monkeypatch.setenv("RUSMODEL_READ_IN_PROCESS", "1")
        assert not isolated.available()
        assert open_book(path) == in_child
        assert in_child.sheets  # not two empty books
    assert any(s.formulas for s in open_book(full).sheets.values())


def test_the_checks_verdict_comes_first(tmp_path: Path) -> None:
    """A refused file stops the child at once, whatever it was doing."""
    started = time.monotonic()

    def slow(path: Path) -> Iterator[RawSheet]:
        time.sleep(60)
        yield from ()

    with pytest.raises(PlanError, match="a grid of more than"):
        isolated.read_checked(CORPUS / "workbooks" / "far-cell.xlsx", check_workbook, slow)
    assert time.monotonic() - started < 10


def test_a_reader_that_ends_the_process_is_a_clear_error(capfd: pytest.CaptureFixture[str]) -> None:
    """The file passes the check, then python-calamine aborts: only the child ends."""
    hostile = CORPUS / "workbooks" / "four-billion-shared-strings.xlsx"

    def unchecked(path: Path) -> None:
        return None

    with pytest.raises(PlanError) as caught:
        isolated.read_checked(hostile, unchecked, read_sheets)
    (problem,) = caught.value.problems
    assert problem.file == str(hostile)
    assert problem.message.startswith(
        "the workbook cannot be read: the spreadsheet reader stopped by signal 6 "
        "(memory allocation of 96000000000 bytes failed)"
    )
    assert capfd.readouterr().err == ""  # what the reader printed as it died is in the message
    # The check refuses the same file by itself, before any reader sees it.
    with pytest.raises(PlanError, match="announces 4,000,000,000 shared strings"):
        open_book(hostile)


def test_a_python_error_in_the_child_names_itself() -> None:
    def broken(path: Path) -> Iterator[RawSheet]:
        raise MemoryError("no room")
        yield

    with pytest.raises(PlanError, match=r"stopped with exit code 1 \(MemoryError: no room\)"):
        isolated.read_checked(RETURNED, check_workbook, broken)


def test_the_readers_own_problems_come_through() -> None:
    def password(path: Path) -> Iterator[RawSheet]:
        raise PlanError.single("the workbook is password-protected", file=str(path))
        yield

    with pytest.raises(PlanError) as caught:
        isolated.read_checked(RETURNED, check_workbook, password)
    (problem,) = caught.value.problems
    assert (problem.message, problem.file) == ("the workbook is password-protected", str(RETURNED))


def test_every_kind_of_value_comes_through_and_in_order() -> None:
    when = datetime.datetime(2023, 8, 31, 12, 30)
    rows: list[list[object]] = [[n, f"rad {n}", n / 3, n % 2 == 0] for n in range(12_345)]
    rows[7_000] = [when, when.date(), when.time(), datetime.timedelta(days=2)]
    sheets: list[RawSheet] = [
        ("Aktiviteter", False, ((1, 1, 2, 1),), rows),
        ("dold", True, (), []),
    ]

    def given(path: Path) -> Iterator[RawSheet]:
        yield from sheets

    verdict, got = isolated.read_checked(RETURNED, check_workbook, given)
    assert verdict == frozenset()
    assert got == sheets


def test_without_a_child_the_file_is_checked_then_read_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    verdict, sheets = isolated.read_checked(RETURNED, check_workbook, read_sheets)
    assert verdict == frozenset()
    assert sheets == list(read_sheets(RETURNED))
    with pytest.raises(PlanError, match="a grid of more than"):
        isolated.read_checked(CORPUS / "workbooks" / "far-cell.xlsx", check_workbook, read_sheets)


def test_not_in_a_process_running_threads() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not isolated.available()
    finally:
        stop.set()
        thread.join()
    assert isolated.available()
