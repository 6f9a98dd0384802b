"""The benchmark harness's arithmetic (its runs are in CI as `benchmarks/run.py --smoke`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

_HARNESS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(_HARNESS))  # the scripts import their siblings (worker.py, run.py)


def _load(script: str) -> ModuleType:
    """A script of benchmarks/ as a module, under a name no other module has."""
    spec = importlib.util.spec_from_file_location(
        f"rusmodel_benchmarks_{script}", _HARNESS / f"{script}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


run = _load("run")
hotspots = _load("hotspots")


def _result(size: int, seconds: list[float], reference: list[float] | None = None) -> run.Result:
    samples = [run.Sample(s, 0) for s in seconds]
    return run.Result(
        "load-yaml",
        size,
        samples,
        samples,
        "title",
        "baseline",
        None,
        1_000 if reference is not None else None,
        [run.Sample(s, 0) for s in reference or []],
        [run.Sample(s, 0) for s in reference or []],
    )


def _around(*seconds: float) -> list[float]:
    """Reference samples the same just before and just after each larger sample."""
    return [s for one in seconds for s in (one, one)]


def test_growth_is_taken_from_samples_side_by_side() -> None:
    """The machine slowing down twofold between two sizes does not read as growth."""
    small = _result(1_000, [1.0, 1.0, 1.0])
    large = _result(10_000, [20.0, 21.0, 19.0], reference=_around(2.0, 2.1, 1.9))
    (found,) = run.growth([small, large])
    assert found.rusmodel == pytest.approx(1.0)
    assert found.baseline == pytest.approx(1.0)


def test_growth_sets_each_sample_against_the_mean_of_the_samples_before_and_after_it() -> None:
    """A short sample that happened to be quick, or a pace that changed during the long one,
    counts half."""
    small = _result(1_000, [1.0])
    large = _result(100_000, [120.0, 100.0, 130.0], reference=[1.0, 1.4, 1.0, 1.0, 1.0, 1.6])
    (found,) = run.growth([small, large])
    # 120 / 1.2, 100 / 1.0, 130 / 1.3: each exactly linear.
    assert found.rusmodel == pytest.approx(1.0)


def test_growth_without_side_by_side_samples_divides_the_medians() -> None:
    small = _result(1_000, [1.0, 1.0, 1.0])
    large = _result(10_000, [20.0, 21.0, 19.0])
    (found,) = run.growth([small, large])
    assert found.rusmodel == pytest.approx(2.0)


def test_each_step_is_the_quotient_of_growths_from_the_smallest() -> None:
    results = [
        _result(1_000, [1.0]),
        _result(10_000, [12.0], reference=_around(1.0)),
        _result(100_000, [150.0], reference=_around(1.0)),
    ]
    (found,) = run.growth(results)
    assert found.rusmodel_steps == pytest.approx([1.2, 1.25])
    assert found.rusmodel == pytest.approx(1.5)
    assert "**MISS**" in "\n".join(run.growth_table(results))


def test_growth_starts_at_1000_where_smaller_sizes_ran() -> None:
    assert run.growth_size([100, 1_000, 10_000]) == 1_000
    assert run.growth_size([100, 300]) == 100
    assert run.growth_size([1_000]) is None


def test_a_growth_rests_on_at_least_three_samples_at_100_000_activities() -> None:
    """The growth is the median over the largest size's samples: of two, that is their mean,
    and one slow minute decides it."""
    for operation, sizes in run.DEFAULT_SIZES.items():
        for size in sizes:
            if size >= 100_000:
                assert run.default_repeat(operation, size) >= 3, operation


def _import(size: int, ours_mb: int, raw_mb: int) -> run.Result:
    ours = [run.Sample(1.0, ours_mb * 1024)]
    raw = [run.Sample(1.0, raw_mb * 1024)]
    return run.Result("workbook-import", size, ours, raw, "title", "baseline", 1.5)


def test_import_memory_is_judged_at_100_000_activities() -> None:
    """The budget is for 100 000 activities: at 1 000 the interpreter and libraries weigh more
    than the workbook, and a smoke run shows the figures without a verdict."""
    judged = run.memory_table([_import(1_000, 57, 19), _import(100_000, 523, 270)])
    assert judged[-1].endswith("| 1.94× | ≤ 2.0× | pass |")
    assert "| 100 000 | 523 MB | 270 MB |" in judged[-1]
    over = run.memory_table([_import(100_000, 600, 270)])
    assert over[-1].endswith("| 2.22× | ≤ 2.0× | **MISS** |")
    small = run.memory_table([_import(1_000, 57, 19)])
    assert small[-1].endswith("| 3.00× | — | — (judged at 100 000) |")


# What py-spy writes with --subprocesses --native: outermost frame first, the count last.
_TOP = 'process 7:"python worker.py";<module> (worker.py:210)'
_IN_RUN = [_TOP, "main (worker.py:196)", "timed (/home/someone/rusmodel/benchmarks/worker.py:177)"]
_READ = "read_plan (rusmodel/plugins/workbook/read.py:82)"
_OPEN = "open_book (rusmodel/plugins/workbook/values.py:157)"
_RAW = [
    ";".join([_TOP, "main (worker.py:190)", "prepare (worker.py:170)"]) + " 40",
    ";".join([*_IN_RUN, _READ, _OPEN, "check_workbook (rusmodel/plugins/workbook/safety.py:140)"])
    + " 30",
    ";".join(
        [
            *_IN_RUN,
            _READ,
            _OPEN,
            "read_sheets (rusmodel/plugins/workbook/values.py:192)",
            "quick_xml_parse (_python_calamine.so)",
            "memchr (libc.so.6)",
        ]
    )
    + " 50",
    ";".join(
        [
            *_IN_RUN,
            _READ,
            "_activities (rusmodel/plugins/workbook/read.py:470)",
            "__init__ (<attrs generated methods rusmodel.model.activities.FollowUp>:30)",
        ]
    )
    + " 6",
    ";".join([*_IN_RUN, _READ, "read_decimal (rusmodel/cells.py:9)", "dec_new (_decimal.c:1910)"])
    + " 4",
    ";".join(
        [
            *_IN_RUN,
            _READ,
            "_activities (rusmodel/plugins/workbook/read.py:470)",
            "_activities (rusmodel/plugins/workbook/read.py:480)",
            "0x7f00 (?)",
        ]
    )
    + " 20",
]


def test_hotspots_count_only_the_timed_run_and_charge_compiled_code_to_its_caller() -> None:
    total, own, under, libraries = hotspots.summarise(hotspots.parse_raw(_RAW))
    assert total == 110  # the 40 samples of preparing the input are left out
    assert own.most_common(1) == [("read_sheets (rusmodel/plugins/workbook/values.py)", 50)]
    assert own["check_workbook (rusmodel/plugins/workbook/safety.py)"] == 30
    # A recursive call or two lines of one function count once per sample.
    assert under["_activities (rusmodel/plugins/workbook/read.py)"] == 26
    assert under["read_plan (rusmodel/plugins/workbook/read.py)"] == 110
    # Code made at run time (attrs' methods) is Python code, and named for where it was made.
    attrs_init = "__init__ (<attrs generated methods rusmodel.model.activities.FollowUp>)"
    assert own[attrs_init] == 6
    assert under["open_book (rusmodel/plugins/workbook/values.py)"] == 80
    assert own["read_decimal (rusmodel/cells.py)"] == 4
    assert libraries == {
        "libc.so.6": 50,
        "Python code": 36,
        "unknown (no symbol)": 20,
        "_decimal.c": 4,
    }


def test_hotspots_report_gives_shares_of_the_timed_samples() -> None:
    text = hotspots.report(hotspots.parse_raw(_RAW), top=2, native=True, rate=100)
    lines = text.splitlines()
    assert lines[0] == "110 samples in the timed run (1.1 s of all processes)"
    assert "      50  45.5%  read_sheets (rusmodel/plugins/workbook/values.py)" in lines
    assert "Innermost frame, by library:" in lines
    own = lines[lines.index("Own time (the deepest Python frame):") + 2 :]
    assert own.index("") == 2  # --top 2: two rows, then the blank line before the next table


def test_hotspots_without_samples_in_the_timed_run_say_so() -> None:
    outside = _RAW[:1]
    with pytest.raises(hotspots.ProfileError, match="no sample inside the timed run"):
        hotspots.report(hotspots.parse_raw(outside), top=5, native=False, rate=100)


def test_hotspots_without_py_spy_say_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(hotspots.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setattr(hotspots.shutil, "which", lambda name: None)
    monkeypatch.setattr(hotspots.run, "prepare_inputs", lambda *args: None)
    status = hotspots.main(["load-json", "10", "--workdir", str(tmp_path)])
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        "hotspots.py: py-spy is not installed; install it with: pip install py-spy"
    ]
