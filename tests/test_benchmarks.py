"""The benchmark harness's arithmetic (its runs are in CI as `benchmarks/run.py --smoke`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_HARNESS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(_HARNESS))  # run.py imports its sibling worker.py
_spec = importlib.util.spec_from_file_location("rusmodel_benchmarks_run", _HARNESS / "run.py")
assert _spec is not None and _spec.loader is not None
run = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # dataclasses look their module up while the class is made
_spec.loader.exec_module(run)


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


def test_growth_is_taken_from_samples_side_by_side() -> None:
    """The machine slowing down twofold between two sizes does not read as growth."""
    small = _result(1_000, [1.0, 1.0, 1.0])
    large = _result(10_000, [20.0, 21.0, 19.0], reference=[2.0, 2.1, 1.9])
    (found,) = run.growth([small, large])
    assert found.rusmodel == pytest.approx(1.0)
    assert found.baseline == pytest.approx(1.0)


def test_growth_without_side_by_side_samples_divides_the_medians() -> None:
    small = _result(1_000, [1.0, 1.0, 1.0])
    large = _result(10_000, [20.0, 21.0, 19.0])
    (found,) = run.growth([small, large])
    assert found.rusmodel == pytest.approx(2.0)


def test_each_step_is_the_quotient_of_growths_from_the_smallest() -> None:
    results = [
        _result(1_000, [1.0]),
        _result(10_000, [12.0], reference=[1.0]),
        _result(100_000, [150.0], reference=[1.0]),
    ]
    (found,) = run.growth(results)
    assert found.rusmodel_steps == pytest.approx([1.2, 1.25])
    assert found.rusmodel == pytest.approx(1.5)
    assert "**MISS**" in "\n".join(run.growth_table(results))


def test_growth_starts_at_1000_where_smaller_sizes_ran() -> None:
    assert run.growth_size([100, 1_000, 10_000]) == 1_000
    assert run.growth_size([100, 300]) == 100
    assert run.growth_size([1_000]) is None
