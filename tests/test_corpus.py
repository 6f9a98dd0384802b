"""Every file of the bad-input corpus gets its clear error, through the command line and the API.

``tests/corpus/README.md`` lists each file, the error it must give and where;
this module reads that table, so the list and the tests cannot drift apart.
Through the command line each file must give exit code 1, problem lines that
start with the file's name (and its line where one is known), no traceback,
and no output file, in under 5 seconds and 500 MB. Through the Python API
only :class:`~rusmodel.PlanError` may come out.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

from installed import needs_rusmodel
from rusmodel import ImportContext, PlanError, load_yaml
from rusmodel.plugins import Registry, build_registry
from rusmodel.validation import errors, validate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
COLLECT_PLAN = ROOT / "tests" / "fixtures" / "workbooks" / "collect-plan.yaml"
EXAMPLE_PLAN = ROOT / "examples" / "sample-plan.yaml"

SECONDS = 5.0
MEGABYTES = 500
# A hard stop well past the limits, so a file that hangs fails its test instead of the run.
KILL_AFTER = 30.0
ADDRESS_SPACE = 2 * 1024**3

# Files that would abort the whole process if the workbook check let them through; none now
# (the check bounds a sheet's extent), kept so a regression stays in a process of its own.
ABORTS_THE_PROCESS: set[str] = set()


@attrs.frozen
class Case:
    """One row of the corpus README."""

    file: str
    what: str
    error: str
    where: str
    state: str

    @property
    def path(self) -> Path:
        return CORPUS / self.file

    @property
    def folder(self) -> str:
        return self.file.split("/", 1)[0]

    @property
    def open(self) -> bool:
        return self.state.startswith("open")


def _cell(text: str) -> str:
    text = text.strip()
    return text[1:-1] if text.startswith("`") and text.endswith("`") else text


def read_cases() -> list[Case]:
    cases = []
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `") or "/" not in line.split("|")[1]:
            continue
        cells = [_cell(c) for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 5:  # the rows of files; the table of folders has three columns
            cases.append(Case(*cells))
    return cases


CASES = read_cases()


def _marks(case: Case, *, in_process: bool = False) -> list[pytest.MarkDecorator]:
    if not case.open:
        return []
    reason = case.state.removeprefix("open:").strip()
    run = not (in_process and case.file in ABORTS_THE_PROCESS)
    return [pytest.mark.xfail(reason=reason, strict=True, run=run)]


def _params(folders: Sequence[str], *, in_process: bool = False) -> list[object]:
    return [
        pytest.param(case, id=case.file, marks=_marks(case, in_process=in_process))
        for case in CASES
        if case.folder in folders
    ]


def test_every_corpus_file_is_listed_once() -> None:
    listed = [case.file for case in CASES]
    on_disk = sorted(
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name != "README.md"
    )
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert sorted(listed) == on_disk
    assert all(case.error for case in CASES)


def test_hostile_files_are_small() -> None:
    """Bombs are made small: each file of the corpus stays under half a megabyte."""
    sizes = {case.file: case.path.stat().st_size for case in CASES}
    assert max(sizes.values()) < 500_000, max(sizes, key=sizes.__getitem__)
    assert sizes["workbooks/zip-bomb.xlsx"] < 30_000
    assert sizes["workbooks/zip-bomb-lying-size.xlsx"] < 10_000


# --- The command line ------------------------------------------------------------------------


@attrs.frozen
class Run:
    code: int
    out: str
    err: str
    seconds: float
    megabytes: float

    @property
    def text(self) -> str:
        return self.out + self.err


def _limit_address_space() -> None:
    # A safety net only: the test's own limit is the resident memory measured below.
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_cli(args: Sequence[str], cwd: Path, capture: Path) -> Run:
    """Run ``rusmodel ARGS`` in a process of its own; measure its time and peak memory."""
    capture.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUSMODEL_")}
    env["RUSMODEL_PLUGINS"] = ""  # rusmodel's own formats only
    out_path, err_path = capture / "out", capture / "err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "rusmodel", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            preexec_fn=_limit_address_space,
        )
        while True:
            # wait4 reports the child's own peak memory, which Popen.wait cannot.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > KILL_AFTER:
                process.send_signal(signal.SIGKILL)
            time.sleep(0.005)
        seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        code=process.returncode,
        out=out_path.read_text(encoding="utf-8", errors="replace"),
        err=err_path.read_text(encoding="utf-8", errors="replace"),
        seconds=seconds,
        megabytes=usage.ru_maxrss / 1024,
    )


def _problem_line(case: Case, run: Run) -> str:
    """The line that reports the case's error; it names the file, and the place where known."""
    file = str(case.path)
    lines = [line.strip() for line in run.text.splitlines() if case.error in line]
    assert lines, f"no line says {case.error!r}:\n{run.text[:3000]}"
    named = [line for line in lines if line.startswith(file)]
    assert named, f"the line does not start with the file's name:\n{lines[0]}"
    if case.where.startswith(":"):
        prefix = f"{file}{case.where}: "
        assert any(line.startswith(prefix) for line in named), f"not on line {case.where}: {named}"
    elif case.where != "-":
        assert any(case.where in line for line in named), f"{case.where} not named: {named}"
    return named[0]


def _assert_clean_failure(case: Case, run: Run, work: Path) -> None:
    assert run.code == 1, f"exit code {run.code}:\n{run.text[:3000]}"
    for sign in ("Traceback", "Exception ignored", "panicked", "internal error"):
        assert sign not in run.text, run.text[:3000]
    assert run.seconds < SECONDS, f"took {run.seconds:.1f} s"
    assert run.megabytes < MEGABYTES, f"used {run.megabytes:.0f} MB"
    # Nothing written: no output, no half-written temporary file, nothing a tag executed.
    assert sorted(p.name for p in work.iterdir()) == []
    _problem_line(case, run)


def _both(commands: Sequence[Sequence[str]], tmp_path: Path) -> list[tuple[Run, Path]]:
    """Run the commands side by side (each in its own empty folder), as the machine has cores."""

    def one(index: int, args: Sequence[str]) -> tuple[Run, Path]:
        work = tmp_path / f"work{index}"
        work.mkdir()
        return run_cli(args, work, tmp_path / f"capture{index}"), work

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, range(len(commands)), commands))


@needs_rusmodel
@pytest.mark.parametrize("case", _params(["plans"]))
def test_plan_file_on_the_command_line(case: Case, tmp_path: Path) -> None:
    other = "out.yaml" if case.path.suffix == ".json" else "out.json"
    results = _both(
        [["validate", str(case.path)], ["import", str(case.path), "--output", other]], tmp_path
    )
    for run, work in results:
        _assert_clean_failure(case, run, work)
    validated = results[0][0]
    # validate prints one line per problem, each naming the file, and a count at the end.
    assert all(line.startswith(str(case.path)) for line in validated.out.splitlines())
    assert re.search(r"1 file checked: [1-9]\d* errors?", validated.err)


@needs_rusmodel
@pytest.mark.parametrize("case", _params(["workbooks"]))
def test_hostile_workbook_on_the_command_line(case: Case, tmp_path: Path) -> None:
    given = ["--format", "xlsx"] if case.path.suffix != ".xlsx" else []
    results = _both(
        [
            ["import", str(case.path), *given, "--output", "out.yaml"],
            ["collect", str(COLLECT_PLAN), str(case.path), "--output", "out.yaml", "--strict"],
        ],
        tmp_path,
    )
    for run, work in results:
        _assert_clean_failure(case, run, work)


@needs_rusmodel
@pytest.mark.parametrize("case", _params(["full"]))
def test_edited_full_workbook_on_the_command_line(case: Case, tmp_path: Path) -> None:
    ((run, work),) = _both([["import", str(case.path), "--output", "out.yaml"]], tmp_path)
    _assert_clean_failure(case, run, work)
    assert all(line.startswith(str(case.path)) for line in run.err.splitlines())


@needs_rusmodel
@pytest.mark.parametrize("case", _params(["returned"]))
def test_returned_workbook_on_the_command_line(case: Case, tmp_path: Path) -> None:
    args = ["collect", str(COLLECT_PLAN), str(case.path), "--output", "out.yaml", "--strict"]
    ((run, work),) = _both([args], tmp_path)
    _assert_clean_failure(case, run, work)


@needs_rusmodel
@pytest.mark.parametrize("case", _params(["templates"]))
def test_deck_template_on_the_command_line(case: Case, tmp_path: Path) -> None:
    args = ["export", str(EXAMPLE_PLAN), "--template", str(case.path), "--output", "out.pptx"]
    ((run, work),) = _both([args], tmp_path)
    _assert_clean_failure(case, run, work)
    assert run.err.startswith(f"{case.path}: --template: ")


@needs_rusmodel
def test_each_problem_is_a_line_of_its_own(tmp_path: Path) -> None:
    path = CORPUS / "plans" / "many-problems.yaml"
    ((run, _),) = _both([["validate", str(path)]], tmp_path)
    lines = run.out.splitlines()
    assert len(lines) == 5000
    assert all(re.match(rf"{re.escape(str(path))}:\d+: activities\[\d+\]", x) for x in lines)


@needs_rusmodel
def test_a_huge_plan_file_is_read_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """The huge string of the corpus, two hundred times over: 60 MB of one YAML file."""
    text = (CORPUS / "plans" / "huge-string.yaml").read_text(encoding="utf-8")
    head, status = text.rsplit("status: ", 1)
    big = tmp_path / "big.yaml"
    big.write_text(head + "status: " + status.strip() * 200 + "\n", encoding="utf-8")
    ((run, _),) = _both([["validate", str(big)]], tmp_path)
    assert run.code == 1
    assert run.seconds < SECONDS
    assert run.megabytes < MEGABYTES
    (line,) = run.out.splitlines()
    assert len(line) < 300 and f"({len(status.strip()) * 200} characters)" in line


# --- The Python API -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry() -> Registry:
    """rusmodel's own formats, given as modules so the API tests need no installation."""
    from rusmodel.plugins import json_format, workbook, yaml_format

    return build_registry([yaml_format, json_format, workbook])


def _timed_problems(call: Callable[[], Sequence[object]]) -> list[str]:
    start = time.perf_counter()
    try:
        problems = call()
    finally:
        assert time.perf_counter() - start < SECONDS
    return [str(p) for p in problems]


@pytest.mark.parametrize("case", _params(["plans"], in_process=True))
def test_plan_file_through_the_api(case: Case, registry: Registry) -> None:
    importer = registry.importer_for(case.path)

    def problems() -> list[object]:
        try:
            plan = importer.read(case.path, ImportContext())
        except PlanError as exc:
            assert all(p.file == str(case.path) for p in exc.problems)
            return list(exc.problems)
        # A well-formed plan with errors: validation finds them (and never raises).
        found = errors(validate(plan))
        assert found
        return found

    found = _timed_problems(problems)
    assert any(case.error in p for p in found), found[:5]


@pytest.mark.parametrize("case", _params(["workbooks", "full"], in_process=True))
def test_workbook_through_the_importer(case: Case, registry: Registry) -> None:
    importer = registry.importer("xlsx")

    def problems() -> list[object]:
        with pytest.raises(PlanError) as caught:
            importer.read(case.path, ImportContext())
        assert all(p.file == str(case.path) for p in caught.value.problems)
        return list(caught.value.problems)

    found = _timed_problems(problems)
    assert any(case.error in p for p in found), found[:5]
    if case.where != "-":
        assert any(case.where in p for p in found), found[:5]


@pytest.mark.parametrize("case", _params(["workbooks", "returned"], in_process=True))
def test_returned_workbook_through_collect(case: Case) -> None:
    from rusmodel.plugins.workbook.collect import collect

    plan = load_yaml(COLLECT_PLAN.read_bytes(), str(COLLECT_PLAN))
    report = collect(plan, [case.path]).report
    found = [str(p) for p in report.problems]
    assert any(case.error in p and p.startswith(str(case.path)) for p in found), found[:5]
    # Every answer read is merged or refused with its reason: the counts add up.
    assert report.read == report.merged + report.refused
    assert not report.ok


@pytest.mark.parametrize("case", _params(["templates"], in_process=True))
def test_deck_template_through_the_api(case: Case) -> None:
    from rusmodel.plugins.deck.theme import open_template

    def problems() -> list[object]:
        with pytest.raises(PlanError) as caught:
            open_template(case.path)
        assert all(p.file == str(case.path) for p in caught.value.problems)
        return list(caught.value.problems)

    found = _timed_problems(problems)
    assert any(case.error in p for p in found), found
