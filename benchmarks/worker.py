"""One timed sample of one operation, in a fresh process (started by ``run.py``).

::

    python benchmarks/worker.py OPERATION SIDE FOLDER WARM_FOLDER [--save PATH] [--check]

``SIDE`` is ``rusmodel`` or ``baseline``. The worker loads the input from
``FOLDER`` (untimed), runs the operation once on the tiny input in
``WARM_FOLDER`` so that lazy imports and first-use caches are paid before the
clock starts (as in a batch run of many plans), then times one run and prints
one JSON line: the seconds, the peak resident memory of the whole process
(interpreter, libraries, input and the operation) and the resident memory
just before the timed run, in kB.

``--save`` writes what a rusmodel export produced to ``PATH`` (after the
timing); ``--check`` verifies the result (a plan read back equals the plan
written) so that the smoke run in CI fails if an operation breaks.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import pickle
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OPERATIONS = ("deck", "workbook-export", "workbook-import", "load-yaml", "load-json")
SIDES = ("rusmodel", "baseline")

PLAN = "plan.pickle"
YAML = "plan.yaml"
JSON = "plan.json"
DECK = "deck.pptx"
DECK_SPEC = "deck-spec.pickle"
WORKBOOK = "full.xlsx"
WORKBOOK_SPEC = "workbook-spec.pickle"


def load(path: Path) -> Any:
    """What ``path`` holds, pickled by ``run.py``."""
    with path.open("rb") as handle:
        return pickle.load(handle)


def _status_kb(field: str) -> int | None:
    """A memory figure of this process from ``/proc/self/status`` in kB (Linux only)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_kb() -> int:
    """The peak resident memory of this process since it started, and of its children, in kB.

    ``VmHWM`` counts only this program: ``ru_maxrss`` would also count the
    parent's memory, which a child started by fork or vfork inherits. The
    import reads a workbook's values in a forked child (``isolated``), so the
    largest child's peak is added: an upper bound, since the two peaks need
    not coincide and the pages they share are counted twice.
    """
    found = _status_kb("VmHWM")
    own = found if found is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _plan_check(folder: Path) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        expected = load(folder / PLAN)
        if result != expected:
            raise SystemExit(f"{folder}: the plan read back differs from the plan written")

    return check


def _rusmodel(
    operation: str, folder: Path
) -> tuple[Callable[[], Any], Callable[[Any], None] | None]:
    """The operation through rusmodel's public API, and a check of its result."""
    from rusmodel import ExportContext, ImportContext, load_json, load_yaml
    from rusmodel.plugins import registry, resolve_options
    from rusmodel.problems import Severity
    from rusmodel.validation import validate

    if operation in ("deck", "workbook-export"):
        plan = load(folder / PLAN)
        exporter = registry().exporter("pptx" if operation == "deck" else "xlsx")
        options = resolve_options(exporter.options, {}, owner=exporter.name)
        context = ExportContext(
            period=plan.latest_period(), lang="sv", options=options, source="benchmark"
        )

        def export() -> bytes:
            out = io.BytesIO()
            exporter.write(plan, out, context)
            return out.getvalue()

        return export, None
    if operation == "workbook-import":
        importer = registry().importer("xlsx")
        options = resolve_options(importer.options, {}, owner=importer.name)
        path = folder / WORKBOOK
        return (lambda: importer.read(path, ImportContext(options=options))), _plan_check(folder)

    path = folder / (YAML if operation == "load-yaml" else JSON)
    read = load_yaml if operation == "load-yaml" else load_json

    def load_and_validate() -> Any:
        plan = read(path.read_bytes(), file=str(path))
        errors = [p for p in validate(plan) if p.severity is Severity.ERROR]
        if errors:
            raise SystemExit(f"{path}: the generated plan has errors: {errors[0]}")
        return plan

    return load_and_validate, _plan_check(folder)


def _baseline(
    operation: str, folder: Path
) -> tuple[Callable[[], Any], Callable[[Any], None] | None]:
    """The same visible work with the raw library (see ``baselines.py``)."""
    import baselines

    def nonempty(result: Any) -> None:
        if not result:
            raise SystemExit(f"{operation} baseline produced nothing")

    if operation == "deck":
        deck_spec = load(folder / DECK_SPEC)

        def deck() -> bytes:
            out = io.BytesIO()
            baselines.write_deck_raw(deck_spec, out)
            return out.getvalue()

        return deck, nonempty
    if operation == "workbook-export":
        sheets = load(folder / WORKBOOK_SPEC)

        def workbook() -> bytes:
            out = io.BytesIO()
            baselines.write_workbook_raw(sheets, out)
            return out.getvalue()

        return workbook, nonempty
    if operation == "workbook-import":
        path = folder / WORKBOOK
        return (lambda: baselines.read_workbook_raw(path)), nonempty
    if operation == "load-yaml":
        path = folder / YAML
        return (lambda: baselines.read_yaml_raw(path)), nonempty
    path = folder / JSON
    return (lambda: baselines.read_json_raw(path)), nonempty


def prepare(
    operation: str, side: str, folder: Path
) -> tuple[Callable[[], Any], Callable[[Any], None] | None]:
    """The timed action for ``operation`` on the input in ``folder``, and its check."""
    if side == "rusmodel":
        return _rusmodel(operation, folder)
    return _baseline(operation, folder)


def timed(action: Callable[[], Any]) -> Any:
    """Run the measured action; a frame of its own, by which ``hotspots.py`` finds its samples."""
    return action()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("operation", choices=OPERATIONS)
    parser.add_argument("side", choices=SIDES)
    parser.add_argument("folder", type=Path)
    parser.add_argument("warm", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)

    warm_up, _ = prepare(args.operation, args.side, args.warm)
    warm_up()
    action, check = prepare(args.operation, args.side, args.folder)
    gc.collect()
    before = _status_kb("VmRSS") or 0
    start = time.perf_counter()
    result = timed(action)
    seconds = time.perf_counter() - start
    peak = peak_kb()
    if args.save is not None and isinstance(result, bytes):
        args.save.write_bytes(result)
    if args.check and check is not None:
        check(result)
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "before_kb": before}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
