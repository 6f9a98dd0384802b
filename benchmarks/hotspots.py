"""Where one benchmark operation spends its time: a sampling profile through py-spy.

Run from the repository root, with rusmodel and py-spy installed
(``pip install -e . py-spy``)::

    python benchmarks/hotspots.py workbook-import 100000
    python benchmarks/hotspots.py deck 1000 --native --top 30
    python benchmarks/hotspots.py workbook-import 1000 --side baseline

The operation runs as one benchmark sample does (``worker.py``: inputs made
by ``run.py``, a warm-up on a 20-activity plan, then the timed run) under
``py-spy record``, which samples every process the worker starts, the child
that reads a workbook included, and with ``--native`` the frames of compiled
code too (python-calamine's Rust, lxml, zlib). Only the samples taken inside
the timed run are counted. Two tables are printed: the functions the time is
spent in (the deepest Python frame of each sample, so that time in compiled
code counts for the Python function that called it), and the functions it is
spent under (a function counted once per sample it is on the stack of). With
``--native``, a third table names the compiled libraries the samples end in.

The raw samples are kept (``--output``, ``profile-OPERATION-SIZE.txt`` by
default): ``speedscope`` and ``flamegraph.pl`` read them as they are.
Percentages are of the samples of all processes: while a child reads beside
its parent, both are sampled, so they add up to more than the wall time.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (a sibling module, found through the path set above)
import worker  # noqa: E402

# A Python frame as py-spy writes it: "name (path/file.py:12)", or for code made at run time
# "__init__ (<attrs generated methods rusmodel.model.activities.Activity>:3)".
_PYTHON_FRAME = re.compile(r"^(?P<name>.+) \((?P<file>[^()]+\.py|<[^()<>]+>):\d+\)$")
# A compiled frame: "symbol (library.so)", "symbol (_decimal.c:1910)" where it has debugging
# information, or "0x7f… (?)" where py-spy found no symbol.
_NATIVE_FRAME = re.compile(r"^(?P<symbol>.*) \((?P<library>[^():]+)(?::\d+)?\)$")


class ProfileError(Exception):
    """A profile that cannot be taken, said in one line."""


def parse_raw(lines: Iterable[str]) -> list[tuple[list[str], int]]:
    """py-spy's raw output (``frame;frame;… count``, outermost first) as (frames, count)."""
    samples = []
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if stack and count.isdigit():
            samples.append((stack.split(";"), int(count)))
    return samples


def _function(frame: str) -> str | None:
    """``name (file.py)`` for a Python frame, without its line; ``None`` for any other."""
    match = _PYTHON_FRAME.match(frame)
    return None if match is None else f"{match['name']} ({match['file']})"


def _is_timed(frame: str) -> bool:
    """Whether ``frame`` is worker.py's ``timed()``, however py-spy shortened its path."""
    match = _PYTHON_FRAME.match(frame)
    return match is not None and match["name"] == "timed" and match["file"].endswith("worker.py")


def _library(frame: str) -> str:
    match = _PYTHON_FRAME.match(frame)
    if match is not None:
        return "Python code"
    match = _NATIVE_FRAME.match(frame)
    if match is None or match["library"] == "?":
        return "unknown (no symbol)"
    return Path(match["library"]).name


def summarise(
    samples: Sequence[tuple[list[str], int]],
) -> tuple[int, collections.Counter[str], collections.Counter[str], collections.Counter[str]]:
    """The samples of the timed run: their number, and counts by own time, by time under,
    and by the library of the innermost frame."""
    total = 0
    own: collections.Counter[str] = collections.Counter()
    under: collections.Counter[str] = collections.Counter()
    libraries: collections.Counter[str] = collections.Counter()
    for frames, count in samples:
        start = next((i for i, f in enumerate(frames) if _is_timed(f)), None)
        if start is None:
            continue  # start-up, input, warm-up: not the timed run
        inside = frames[start + 1 :]
        total += count
        functions = [f for f in map(_function, inside) if f is not None]
        own[functions[-1] if functions else "timed (worker.py)"] += count
        for function in dict.fromkeys(functions):
            under[function] += count
        libraries[_library(inside[-1]) if inside else "Python code"] += count
    return total, own, under, libraries


def table(title: str, counts: collections.Counter[str], total: int, top: int) -> list[str]:
    lines = [f"{title}:", f"{'samples':>8} {'share':>6}  function"]
    for name, count in counts.most_common(top):
        lines.append(f"{count:8d} {count / total:6.1%}  {name}")
    return lines


def report(samples: Sequence[tuple[list[str], int]], *, top: int, native: bool, rate: int) -> str:
    total, own, under, libraries = summarise(samples)
    if not total:
        raise ProfileError("py-spy took no sample inside the timed run; try a larger size")
    lines = [f"{total} samples in the timed run ({total / rate:.1f} s of all processes)", ""]
    lines += table("Own time (the deepest Python frame)", own, total, top)
    lines += ["", *table("Time under (each function once per sample)", under, total, top)]
    if native:
        lines += ["", *table("Innermost frame, by library", libraries, total, top)]
    return "\n".join(lines)


def _py_spy() -> str:
    beside = Path(sys.executable).with_name("py-spy")
    found = str(beside) if beside.exists() else shutil.which("py-spy")
    if found is None:
        raise ProfileError("py-spy is not installed; install it with: pip install py-spy")
    return found


def record(
    operation: str, side: str, size: int, workdir: Path, output: Path, *, native: bool, rate: int
) -> None:
    """Make the inputs (as ``run.py`` does) and sample one worker run into ``output``."""
    warm = workdir / "warm"
    folder = workdir / str(size)
    run.prepare_inputs(warm, run.WARM_SIZE, None)
    run.prepare_inputs(folder, size, operation)
    if side == "baseline" and operation in ("deck", "workbook-export"):
        saved = run._output(operation, folder)
        if saved is not None and not saved.exists():  # the baseline draws rusmodel's output
            run.run_worker(operation, "rusmodel", folder, warm, save=saved, check=False)
        run.prepare_baseline(operation, folder)
    command = [_py_spy(), "record", "--subprocesses", "--rate", str(rate), "--format", "raw"]
    command += ["--output", str(output), *(["--native"] if native else [])]
    command += ["--", sys.executable, str(HERE / "worker.py"), operation, side]
    command += [str(folder), str(warm)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not output.exists():
        said = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ProfileError(f"py-spy failed with status {done.returncode}: {said}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Profile one benchmark operation with py-spy (see benchmarks/README.md)."
    )
    parser.add_argument("operation", choices=worker.OPERATIONS)
    parser.add_argument("size", type=int, help="activities in the plan")
    parser.add_argument("--side", choices=worker.SIDES, default="rusmodel")
    parser.add_argument(
        "--native", action="store_true", help="sample compiled code too (slower to take)"
    )
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--top", type=int, default=25, help="rows of each table")
    parser.add_argument("--output", type=Path, help="where the raw samples are kept")
    parser.add_argument(
        "--workdir", type=Path, default=Path("benchmark-inputs"), help="inputs, made once"
    )
    args = parser.parse_args(argv)
    if args.size < 1 or args.rate < 1 or args.top < 1:
        parser.error("size, --rate and --top must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    output = args.output or Path(f"profile-{args.operation}-{args.size}.txt")
    try:
        record(
            args.operation,
            args.side,
            args.size,
            args.workdir,
            output,
            native=args.native,
            rate=args.rate,
        )
        with output.open(encoding="utf-8") as raw:
            text = report(parse_raw(raw), top=args.top, native=args.native, rate=args.rate)
    except (ProfileError, run.Crash) as exc:
        print(f"hotspots.py: {exc}", file=sys.stderr)
        return 2
    print(text)
    print(f"\nraw samples: {output} (speedscope or flamegraph.pl read them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
