"""rusmodel against the raw libraries it builds on: time, peak memory and growth.

Run from the repository root, with rusmodel installed (``pip install -e .``)::

    python benchmarks/run.py              # everything (about 20 minutes on 2 cores)
    python benchmarks/run.py --smoke      # smallest sizes, one repetition (CI; < 60 s)
    python benchmarks/run.py --write      # ... and write the table to benchmarks/RESULTS.md
    python benchmarks/run.py --ops deck,workbook-import --sizes 1000 --repeat 5

Each operation is run by rusmodel and by a baseline that does the same
visible work with the raw library (``baselines.py``), alternately (rusmodel,
baseline, rusmodel, baseline …), each sample in a fresh process
(``worker.py``) that reports its time and its peak memory. The ratio is the
median of the ratios of the pairs. Budgets that are missed are reported, never
fatal: the exit status is 1 only when an operation crashes.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.metadata
import io
import itertools
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import worker  # noqa: E402  (a sibling module, found through the path set above)

SIZED = worker.OPERATIONS
STARTUP = "startup"
ALL_OPERATIONS = (*SIZED, STARTUP)
DEFAULT_SIZES = {
    "deck": (100, 1_000, 10_000),
    "workbook-export": (1_000, 10_000, 100_000),
    "workbook-import": (1_000, 10_000, 100_000),
    "load-yaml": (1_000, 10_000, 100_000),
    "load-json": (1_000, 10_000, 100_000),
}
STARTUP_RUNS = 30
"""Runs of each start-up command: one pair's ratio ranged 1.8–4.0× in 20 pairs of ~0.3 s."""
WARM_SIZE = 20
"""Activities in the plan each worker runs its operation on once before the timed run."""

BUDGETS = {
    "deck": 1.25,
    "workbook-export": 1.3,
    "workbook-import": 1.5,
    "startup --help": 3.0,
}
GROWTH_BUDGET = 1.2
"""Time from the smallest size (1 000 where run) to the largest, over linear growth."""
MEMORY_BUDGET = ("workbook-import", 2.0, 100_000)
"""Peak memory of the import against the raw reader's, judged at 100 000 activities or more.

Shown for the largest size run; below that size the interpreter and the libraries
(rusmodel's own imports, some 40 MB) outweigh the workbook, and no verdict is given.
"""

TITLES = {
    "deck": ("deck export (pptx)", "python-pptx, same slides, tables and charts"),
    "workbook-export": ("full workbook export (xlsx)", "openpyxl write-only, same cells"),
    "workbook-import": ("full workbook import (xlsx)", "python-calamine, all sheets' values"),
    "load-yaml": ("plan file load + validation (YAML)", "PyYAML CSafeLoader"),
    "load-json": ("plan file load + validation (JSON)", "json.loads"),
}
MARK_START = "<!-- results:start (written by benchmarks/run.py --write) -->"
MARK_END = "<!-- results:end -->"


class Crash(Exception):
    """An operation failed; the message holds what it printed."""


@dataclasses.dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kb: int


@dataclasses.dataclass(frozen=True)
class Result:
    """The samples of one operation at one size: rusmodel's and the baseline's, in pairs."""

    operation: str
    size: int | None
    rusmodel: list[Sample]
    baseline: list[Sample]
    title: str
    baseline_title: str
    budget: float | None
    reference: int | None = None
    """The smaller size whose samples were taken next to these, for growth (see ``growth``)."""
    rusmodel_reference: list[Sample] = dataclasses.field(default_factory=list)
    """Two samples at ``reference`` per sample at ``size``: one just before it, one just after."""
    baseline_reference: list[Sample] = dataclasses.field(default_factory=list)

    @property
    def rusmodel_median(self) -> float:
        return statistics.median(s.seconds for s in self.rusmodel)

    @property
    def baseline_median(self) -> float:
        return statistics.median(s.seconds for s in self.baseline)

    @property
    def ratio(self) -> float:
        """The median of the pairs' ratios (each pair ran back to back)."""
        pairs = zip(self.rusmodel, self.baseline, strict=True)
        return statistics.median(a.seconds / b.seconds for a, b in pairs)

    @property
    def rusmodel_peak_mb(self) -> float:
        return statistics.median(s.peak_kb for s in self.rusmodel) / 1024

    @property
    def baseline_peak_mb(self) -> float:
        return statistics.median(s.peak_kb for s in self.baseline) / 1024

    @property
    def passed(self) -> bool | None:
        return None if self.budget is None else self.ratio <= self.budget


# -- inputs -----------------------------------------------------------------------------------


def _dump(value: Any, path: Path) -> None:
    with path.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _export(name: str, plan: Any, path: Path) -> None:
    """Write ``plan`` with rusmodel's exporter ``name`` (for inputs, untimed)."""
    from rusmodel import ExportContext
    from rusmodel.plugins import registry, resolve_options

    exporter = registry().exporter(name)
    options = resolve_options(exporter.options, {}, owner=exporter.name)
    context = ExportContext(period=plan.latest_period(), options=options, source="benchmark")
    out = io.BytesIO()
    exporter.write(plan, out, context)
    path.write_bytes(out.getvalue())


def prepare_inputs(folder: Path, size: int, operation: str | None) -> None:
    """The generated plan and the files ``operation`` reads, made once per size.

    With ``operation`` ``None`` every input is made, the exported deck and
    workbook included (for the warm-up folder); otherwise the first rusmodel
    sample of an export saves what it wrote, which the baseline then copies.
    """
    from generate import generate_plan

    from rusmodel import dump_json, dump_yaml
    from rusmodel.validation import validate

    folder.mkdir(parents=True, exist_ok=True)
    plan_path = folder / worker.PLAN
    if plan_path.exists():
        plan = worker.load(plan_path)
    else:
        plan = generate_plan(size)
        errors = [p for p in validate(plan) if p.is_error]
        if errors:
            raise Crash(f"the generated plan of {size} activities has errors: {errors[0]}")
        _dump(plan, plan_path)
    every = operation is None
    if (every or operation == "load-yaml") and not (folder / worker.YAML).exists():
        (folder / worker.YAML).write_text(dump_yaml(plan), encoding="utf-8")
    if (every or operation == "load-json") and not (folder / worker.JSON).exists():
        (folder / worker.JSON).write_text(dump_json(plan), encoding="utf-8")
    # The import reads what the export's first sample saved, when the export was measured.
    if (every or operation == "workbook-import") and not (folder / worker.WORKBOOK).exists():
        _export("xlsx", plan, folder / worker.WORKBOOK)
    if every:
        if not (folder / worker.DECK).exists():
            _export("pptx", plan, folder / worker.DECK)
        prepare_baseline("deck", folder)
        prepare_baseline("workbook-export", folder)


def prepare_baseline(operation: str, folder: Path, *, again: bool = False) -> None:
    """What the baseline draws, read from rusmodel's output (untimed, once)."""
    import baselines

    if operation == "deck" and (again or not (folder / worker.DECK_SPEC).exists()):
        _dump(baselines.deck_spec(folder / worker.DECK), folder / worker.DECK_SPEC)
    if operation == "workbook-export" and (again or not (folder / worker.WORKBOOK_SPEC).exists()):
        _dump(baselines.workbook_spec(folder / worker.WORKBOOK), folder / worker.WORKBOOK_SPEC)


def _output(operation: str, folder: Path) -> Path | None:
    """Where the first rusmodel sample of an export saves what it wrote."""
    name = {"deck": worker.DECK, "workbook-export": worker.WORKBOOK}.get(operation)
    return None if name is None else folder / name


# -- samples ----------------------------------------------------------------------------------


def run_worker(
    operation: str, side: str, folder: Path, warm: Path, *, save: Path | None, check: bool
) -> Sample:
    command = [sys.executable, str(HERE / "worker.py"), operation, side, str(folder), str(warm)]
    if save is not None:
        command += ["--save", str(save)]
    if check:
        command.append("--check")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Crash(
            f"{operation} ({side}, {folder.name}) failed with status {done.returncode}:\n"
            f"{done.stdout}{done.stderr}"
        )
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Sample(seconds=float(data["seconds"]), peak_kb=int(data["peak_kb"]))


def run_command(command: Sequence[str]) -> float:
    """Wall time of a command, started cold."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # `rusmodel validate` exits 1 when a plan has errors
        errors = done.stderr.decode(errors="replace")
        raise Crash(f"{' '.join(command)} failed with status {done.returncode}:\n{errors}")
    return seconds


def command_peak_kb(command: Sequence[str]) -> int:
    """The peak memory of a command, through GNU time (0 where it is not installed).

    A child's ``ru_maxrss`` includes the memory of the process that started
    it, so it is measured from a small intermediary instead of from Python.
    """
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return 0
    done = subprocess.run(
        [str(gnu_time), "-f", "%M", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        check=False,
    )
    last = done.stderr.decode(errors="replace").strip().splitlines()
    return int(last[-1]) if last and last[-1].isdigit() else 0


def rusmodel_command() -> list[str]:
    """The installed ``rusmodel`` script beside this Python, else ``python -m rusmodel``."""
    found = shutil.which("rusmodel", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "rusmodel"]


def measure_startup(repeat: int, log: Callable[[str], None]) -> list[Result]:
    rusmodel = rusmodel_command()
    commands = {
        "help": [*rusmodel, "--help"],
        "imports": [sys.executable, "-c", "import attrs, cattrs, pluggy"],
        "pass": [sys.executable, "-c", "pass"],
        "validate": [*rusmodel, "validate", str(ROOT / "examples" / "sample-plan.yaml")],
    }
    peaks = {key: command_peak_kb(command) for key, command in commands.items()}
    samples: dict[str, list[Sample]] = {key: [] for key in commands}
    for _ in range(repeat):
        for key, command in commands.items():
            samples[key].append(Sample(run_command(command), peaks[key]))
    log(f"startup: {repeat} runs of each command")
    imports = 'python -c "import attrs, cattrs, pluggy"'
    return [
        Result(
            STARTUP,
            None,
            samples["help"],
            samples["imports"],
            "start-up: `rusmodel --help`",
            imports,
            BUDGETS["startup --help"],
        ),
        Result(
            STARTUP,
            None,
            samples["help"],
            samples["pass"],
            "start-up: `rusmodel --help`",
            'python -c "pass"',
            None,
        ),
        Result(
            STARTUP,
            None,
            samples["validate"],
            samples["pass"],
            "start-up: `rusmodel validate` (sample plan)",
            'python -c "pass"',
            None,
        ),
    ]


def measure(
    operation: str,
    size: int,
    repeat: int,
    work: Path,
    warm: Path,
    *,
    check: bool,
    log: Callable[[str], None],
    reference: int | None = None,
) -> Result:
    """``repeat`` pairs at ``size``; with ``reference``, each sample between two at that size.

    The reference samples are for the growth: the time per activity at
    ``size`` over that at ``reference``, taken side by side, is not moved by
    the machine getting slower or faster in the minutes between two sizes. One
    before and one after: a short sample varies by a fifth on its own, and a
    pace drifting during the long one is taken half from either side.
    """
    folder = work / str(size)
    started = time.perf_counter()
    prepare_inputs(folder, size, operation)
    log(f"{operation} {size:,}: inputs ready in {time.perf_counter() - started:.1f} s")
    ours: list[Sample] = []
    theirs: list[Sample] = []
    ours_reference: list[Sample] = []
    theirs_reference: list[Sample] = []
    small = None if reference is None else work / str(reference)

    def sample(side: str, save: Path | None, around: list[Sample]) -> Sample:
        """One sample at ``size``, between two at ``reference`` where one is asked for."""
        if small is not None:
            around.append(run_worker(operation, side, small, warm, save=None, check=False))
        taken = run_worker(operation, side, folder, warm, save=save, check=check)
        if small is not None:
            around.append(run_worker(operation, side, small, warm, save=None, check=False))
        return taken

    for number in range(repeat):
        # The first sample of an export saves what it wrote; the baseline draws the same.
        ours.append(
            sample("rusmodel", _output(operation, folder) if number == 0 else None, ours_reference)
        )
        if number == 0:
            prepare_baseline(operation, folder, again=True)
        theirs.append(sample("baseline", None, theirs_reference))
        line = f"{operation} {size:,}: rusmodel {ours[-1].seconds:.2f} s, "
        line += f"baseline {theirs[-1].seconds:.2f} s"
        if reference is not None:
            line += (
                f" (at {reference:,} before and after: "
                + ", ".join(
                    f"{a.seconds:.2f}/{b.seconds:.2f} s"
                    for a, b in (ours_reference[-2:], theirs_reference[-2:])
                )
                + ")"
            )
        log(line)
    title, baseline_title = TITLES[operation]
    return Result(
        operation,
        size,
        ours,
        theirs,
        title,
        baseline_title,
        BUDGETS.get(operation),
        reference,
        ours_reference,
        theirs_reference,
    )


def default_repeat(operation: str, size: int) -> int:
    """Pairs per size: more where samples are short and noisy, fewer where one takes minutes.

    The full run stays near 20 minutes on 2 cores. Three pairs at 100 000
    activities, though a pair of the workbook export or of YAML takes some 80 s
    there: the growth rests on those samples alone, and the median of two is
    their mean, so one slow minute moved a growth by half (YAML: 1.65× from one
    pair, 1.24× from two, 0.74× measured apart).
    """
    if size <= 1_000:
        return 5
    if operation == "deck" and size >= 10_000:
        return 2  # two minutes a pair
    return 3


# -- report -----------------------------------------------------------------------------------


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def machine() -> list[str]:
    import yaml

    libraries = ["rusmodel", "python-pptx", "openpyxl", "python-calamine", "PyYAML"]
    libraries += ["attrs", "cattrs", "pluggy", "lxml"]
    versions = ", ".join(f"{name} {_version(name)}" for name in libraries)
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "without libyaml"
    return [
        f"- Machine: {os.cpu_count()} CPUs ({_cpu_model()}), {_memory_gb()} memory, "
        f"{platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); "
        f"{versions} (PyYAML {libyaml})",
        f"- rusmodel commit {_commit()}",
    ]


def _count(number: int) -> str:
    """A number of activities as the tables write it: 100 000."""
    return f"{number:,}".replace(",", " ")


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _mb(value: float) -> str:
    return f"{value:.0f}" if value else "—"


def _verdict(passed: bool | None) -> str:
    return "—" if passed is None else ("pass" if passed else "**MISS**")


def results_table(results: Sequence[Result]) -> list[str]:
    lines = [
        "| operation | activities | rusmodel | baseline | ratio | budget | verdict "
        "| peak MB rusmodel | peak MB baseline | runs |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        size = _count(r.size) if r.size is not None else "—"
        budget = f"≤ {r.budget}×" if r.budget is not None else "—"
        lines.append(
            f"| {r.title}<br>vs {r.baseline_title} | {size} | {_seconds(r.rusmodel_median)} "
            f"| {_seconds(r.baseline_median)} | {r.ratio:.2f}× | {budget} | {_verdict(r.passed)} "
            f"| {_mb(r.rusmodel_peak_mb)} | {_mb(r.baseline_peak_mb)} | {len(r.rusmodel)} |"
        )
    return lines


@dataclasses.dataclass(frozen=True)
class Growth:
    """How the time per activity changes from size to size (1.00× is linear)."""

    operation: str
    sizes: list[int]
    rusmodel_steps: list[float]
    baseline_steps: list[float]
    rusmodel: float
    baseline: float


def growth_size(sizes: Sequence[int]) -> int | None:
    """The size growth is measured from: the smallest of 1 000 or more, else the smallest."""
    if len(sizes) < 2:
        return None
    return min((s for s in sizes if s >= 1_000), default=min(sizes))


def _from_small(runs: dict[int, Result], small: int, large: int, ours: bool) -> float:
    """Time per activity at ``large`` over that at ``small`` (1.00× is linear).

    The median over the samples taken side by side where there are some (see
    ``measure``: each against the mean of the one before it and the one after
    it), else the medians of the two sizes divided.
    """
    if large == small:
        return 1.0
    result = runs[large]
    samples = result.rusmodel if ours else result.baseline
    reference = result.rusmodel_reference if ours else result.baseline_reference
    if result.reference == small and len(reference) == 2 * len(samples):
        pairs = zip(samples, reference[::2], reference[1::2], strict=True)
        ratios = (s.seconds / ((before.seconds + after.seconds) / 2) for s, before, after in pairs)
        return statistics.median(ratios) / (large / small)
    seconds = [r.rusmodel_median if ours else r.baseline_median for r in (runs[large], runs[small])]
    return seconds[0] / seconds[1] / (large / small)


def growth(results: Sequence[Result]) -> list[Growth]:
    """Per operation: from the smallest size (1 000 where run) to each larger one.

    A step between two larger sizes is the quotient of their growths from the
    smallest, so that every figure rests on samples taken side by side.
    """
    found = []
    for operation in SIZED:
        runs = {r.size: r for r in results if r.operation == operation and r.size is not None}
        small = growth_size(sorted(runs))
        if small is None:
            continue
        sizes = [s for s in sorted(runs) if s >= small]
        if len(sizes) < 2:
            continue
        ours = {s: _from_small(runs, small, s, True) for s in sizes}
        theirs = {s: _from_small(runs, small, s, False) for s in sizes}
        steps = list(itertools.pairwise(sizes))
        found.append(
            Growth(
                operation,
                sizes,
                [ours[b] / ours[a] for a, b in steps],
                [theirs[b] / theirs[a] for a, b in steps],
                ours[sizes[-1]],
                theirs[sizes[-1]],
            )
        )
    return found


def growth_table(results: Sequence[Result]) -> list[str]:
    rows = growth(results)
    if not rows:
        return []
    lines = [
        "| operation | sizes | rusmodel, each step | rusmodel, first to last "
        "| baseline, each step | baseline, first to last | budget | verdict |",
        "|---|---|---|---:|---|---:|---:|---|",
    ]
    for g in rows:
        sizes = " → ".join(map(_count, g.sizes))
        ours = ", ".join(f"{v:.2f}×" for v in g.rusmodel_steps)
        theirs = ", ".join(f"{v:.2f}×" for v in g.baseline_steps)
        lines.append(
            f"| {TITLES[g.operation][0]} | {sizes} | {ours} | {g.rusmodel:.2f}× | {theirs} "
            f"| {g.baseline:.2f}× | ≤ {GROWTH_BUDGET}× | {_verdict(g.rusmodel <= GROWTH_BUDGET)} |"
        )
    return lines


def memory_table(results: Sequence[Result]) -> list[str]:
    operation, budget, judged_from = MEMORY_BUDGET
    runs = [r for r in results if r.operation == operation and r.size is not None]
    if not runs:
        return []
    largest = max(runs, key=lambda r: r.size or 0)
    ratio = largest.rusmodel_peak_mb / largest.baseline_peak_mb
    size = _count(largest.size or 0)
    judged = (largest.size or 0) >= judged_from
    return [
        "| operation | activities | rusmodel peak | raw reader peak | ratio | budget | verdict |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| {TITLES[operation][0]} | {size} | {largest.rusmodel_peak_mb:.0f} MB "
        f"| {largest.baseline_peak_mb:.0f} MB | {ratio:.2f}× "
        + (
            f"| ≤ {budget}× | {_verdict(ratio <= budget)} |"
            if judged
            else f"| — | — (judged at {_count(judged_from)}) |"
        ),
    ]


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def report(results: Sequence[Result], command: str, seconds: float, load_before: str) -> str:
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"Measured {when} with `{command}`, which took {seconds / 60:.1f} minutes.",
        "",
        *machine(),
        f"- Load average before the run {load_before}, after it {_load()} "
        "(other work on the machine slows both sides of a pair alike, not the ratio)",
        "",
        "Times are medians; the ratio is the median of rusmodel/baseline over pairs run back to "
        "back, each sample in a fresh process after one warm-up run on a 20-activity plan. "
        "Peak memory is the whole worker process's (interpreter, libraries, input and "
        "operation), plus the peak of the largest child process it forked (the workbook "
        "import reads the values in one): an upper bound.",
        "",
        *results_table(results),
    ]
    grown = growth_table(results)
    if grown:
        lines += [
            "",
            "Growth: time per activity at the larger size over that at the smaller "
            "(1.00× is exactly linear). Each sample at a larger size is taken between two at "
            "the smallest size and set against their mean, and the growth is the median over "
            "these, so that the machine's pace changing between sizes does not count; a step "
            "between two larger sizes is the quotient of their growths from the smallest:",
            "",
            *grown,
        ]
    memory = memory_table(results)
    if memory:
        lines += ["", "Peak memory of the import against the raw reader:", "", *memory]
    return "\n".join(lines) + "\n"


def write_results(path: Path, text: str) -> None:
    """Put ``text`` between the markers of ``path``, keeping what is written around them."""
    block = f"{MARK_START}\n{text}{MARK_END}\n"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if MARK_START in old and MARK_END in old:
            before = old.split(MARK_START, 1)[0]
            after = old.split(MARK_END, 1)[1].lstrip("\n")
            path.write_text(before + block + ("\n" + after if after else ""), encoding="utf-8")
            return
    path.write_text(f"# Benchmark results\n\n{block}", encoding="utf-8")


# -- command line -----------------------------------------------------------------------------


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark rusmodel against the raw libraries (see benchmarks/README.md)."
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the smallest size of each operation, one repetition, results checked (for CI)",
    )
    parser.add_argument(
        "--ops",
        default=",".join(ALL_OPERATIONS),
        help=f"comma-separated operations (default: all): {', '.join(ALL_OPERATIONS)}",
    )
    parser.add_argument(
        "--sizes", help="comma-separated numbers of activities, for every sized operation"
    )
    parser.add_argument("--repeat", type=int, help="pairs of samples per operation and size")
    parser.add_argument(
        "--write", action="store_true", help="write the results into benchmarks/RESULTS.md"
    )
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--check", action="store_true", help="check each result (always on with --smoke)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep the generated inputs here (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    unknown = [op for op in _list(args.ops) if op not in ALL_OPERATIONS]
    if unknown:
        parser.error(f"unknown operation {unknown[0]!r}; choose from {', '.join(ALL_OPERATIONS)}")
    try:
        args.size_list = [int(s.replace("_", "")) for s in _list(args.sizes or "")]
    except ValueError:
        parser.error(f"--sizes takes numbers, not {args.sizes!r}")
    if any(s < 1 for s in args.size_list):
        parser.error("--sizes must be positive")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    operations = [op for op in ALL_OPERATIONS if op in _list(args.ops)]
    sized = [op for op in operations if op in SIZED]

    def sizes_of(operation: str) -> list[int]:
        if args.size_list:
            return sorted(set(args.size_list))
        sizes = DEFAULT_SIZES[operation]
        return [sizes[0]] if args.smoke else list(sizes)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    load_before = _load()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rusmodel-bench-"))
    results: list[Result] = []
    try:
        warm = work / "warm"
        if sized:
            prepare_inputs(warm, WARM_SIZE, None)
        for operation in sized:
            sizes = sizes_of(operation)
            small = growth_size(sizes)
            for size in sizes:
                repeat = args.repeat or (1 if args.smoke else default_repeat(operation, size))
                results.append(
                    measure(
                        operation,
                        size,
                        repeat,
                        work,
                        warm,
                        check=args.check or args.smoke,
                        log=log,
                        reference=small if small is not None and size > small else None,
                    )
                )
        if STARTUP in operations:
            results += measure_startup(args.repeat or (1 if args.smoke else STARTUP_RUNS), log)
    except Crash as exc:
        print(f"benchmark crashed: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, command.strip(), time.perf_counter() - started, load_before)
    print(text)
    if args.write:
        write_results(args.results, text)
        log(f"written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
