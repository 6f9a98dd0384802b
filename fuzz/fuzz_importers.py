"""Fuzz the importers: mutate real plan files and workbooks, and read each result.

One target per built-in importer: ``yaml``, ``json`` and ``xlsx`` (the full
workbook), and ``collect`` (a returned collection workbook). Each takes the
bytes of a file, writes them to a temporary file and reads it through the
importer as the command line does. Refusing the file with
:class:`~rusmodel.PlanError` is what should happen; anything else is a
*crasher*: another exception, a read slower than :data:`SECONDS`, or a process
that dies (python-calamine aborts on some workbooks) or outgrows
:data:`MEMORY_BYTES`.

Two engines drive the targets:

- ``--engine builtin`` (the default, no extra package): a deterministic
  mutator seeded by ``--seed``. Plan files get byte and token edits (YAML and
  JSON syntax, aliases, tags, impossible dates, huge numbers, control
  characters); workbooks are unpacked, one part is edited (XML tokens such as
  formulas, far cell references, entities, shared-string indexes) and packed
  again, or the zip's bytes are edited as they are. Every input runs in a
  forked child, so a crash, hang or abort is caught and the run goes on.
- ``--engine atheris``: coverage-guided fuzzing with atheris (libFuzzer),
  ``pip install atheris``; arguments after ``--`` go to libFuzzer.

Values are read in one process, after the safety check (``RUSMODEL_READ_IN_PROCESS=1``),
so that a file the check lets through and the reader dies on is a crasher.

Seeds are the shipped examples, their JSON and full-workbook forms, the
returned workbooks of ``tests/fixtures/workbooks`` and the corpus of
``tests/corpus``. Crashers are written to ``--crashes`` (default
``fuzz/crashes/TARGET``) with the traceback beside them; once the fault is
fixed, a crasher is kept in ``tests/corpus`` with a row in its README.

    python fuzz/fuzz_importers.py yaml --seconds 300
    python fuzz/fuzz_importers.py xlsx --engine atheris -- -max_total_time=600
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "workbooks"
CORPUS = ROOT / "tests" / "corpus"
COLLECT_PLAN = FIXTURES / "collect-plan.yaml"

SECONDS = 5.0
"""A read that takes longer than this is a crasher (a hang, for the user)."""

MEMORY_BYTES = 1024**3
"""The address space a child may use; past it the read fails, which is a crasher."""

TARGETS = ("yaml", "json", "xlsx", "collect")


# --- Reading one input ---------------------------------------------------------------------------


class Crash(Exception):
    """The input made the importer fail in a way other than a clear :class:`PlanError`."""


_SUFFIX = {"yaml": ".yaml", "json": ".json", "xlsx": ".xlsx", "collect": ".xlsx"}


def _reader(target: str) -> Callable[[Path], object]:
    """The function that reads a file as ``target``, built once (imports are slow)."""
    from rusmodel import ImportContext, load_yaml
    from rusmodel.plugins import build_registry, json_format, workbook, yaml_format
    from rusmodel.validation import validate

    registry = build_registry([yaml_format, json_format, workbook])
    if target == "collect":
        from rusmodel.plugins.workbook.collect import collect

        plan = load_yaml(COLLECT_PLAN.read_bytes(), str(COLLECT_PLAN))

        def read_returned(path: Path) -> object:
            report = collect(plan, [path]).report
            if report.read != report.merged + report.refused:
                raise Crash(
                    f"counts do not add up: {report.read} read, {report.merged} merged, "
                    f"{report.refused} refused"
                )
            return report

        return read_returned
    importer = registry.importer(target)

    def read(path: Path) -> object:
        plan = importer.read(path, ImportContext())
        validate(plan)  # must not raise for any plan the model holds
        return plan

    return read


def run_one(target: str, data: bytes, read: Callable[[Path], object]) -> None:
    """Read ``data`` as a file of ``target``; raise :class:`Crash` unless it reads or is refused."""
    from rusmodel import PlanError

    with tempfile.TemporaryDirectory(prefix="rusmodel-fuzz-") as folder:
        path = Path(folder) / f"input{_SUFFIX[target]}"
        path.write_bytes(data)
        start = time.monotonic()
        try:
            read(path)
        except PlanError as exc:
            for problem in exc.problems:
                if problem.file and problem.file != str(path):
                    raise Crash(f"a problem names another file: {problem}") from exc
                if "\n" in str(problem).strip("\n") and "\n" not in problem.message:
                    raise Crash(f"a problem spans lines: {problem!r}") from exc
        except Crash:
            raise
        except BaseException as exc:
            raise Crash(f"{type(exc).__name__}: {exc}") from exc
        took = time.monotonic() - start
        if took > SECONDS:
            raise Crash(f"took {took:.1f} s")


# --- The built-in mutator ------------------------------------------------------------------------

_TEXT_TOKENS = [
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b'"',
    b"'",
    b"\n",
    b"\r\n",
    b"  ",
    b"\t",
    b"#",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"!!python/object/apply:os.system ['true']",
    b"!!binary ",
    b"!!float ",
    b"!!timestamp ",
    b"~",
    b"null",
    b"true",
    b"no",
    b".inf",
    b".nan",
    b"NaN",
    b"1e999999999",
    b"1.0e+999999999",
    b"-0",
    b"0x7E7",
    b"03747",
    b"33:43",
    b"2023-02-30",
    b"2023-13-01",
    b"2023-08-31 12:00",
    b"9" * 5000,
    b"\x00",
    b"\x07",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\\ud800",
    b"\\u0000",
    b"---\n",
    b"...\n",
    b"? ",
    b"%YAML 1.1\n",
    "Grön".encode(),
    "גּ".encode(),
    "👩‍👩‍👧".encode(),
    b"=SUM(A1)",
    b"_x0041_",
    b"status: ",
    b"follow_ups:",
    b"activities:",
    b"periods:",
    b"id: ",
    b"as_of: ",
    b"schema_version: 2",
    b"values:",
    b"kind: result",
    b"scale: progress",
]

_XML_TOKENS = [
    b"<",
    b">",
    b"</",
    b"/>",
    b'"',
    b"&amp;",
    b"&lol;",
    b"&#0;",
    b"&#x1F;",
    b"<!DOCTYPE x>",
    b'<!ENTITY a "b">',
    b"<![CDATA[x]]>",
    b"<f>1+1</f>",
    b"<f>SUM(A1:A9)</f>",
    b'r="XFD1048576"',
    b'r="A1048576"',
    b'r="ZZ99999"',
    b'r="A0"',
    b'r="1A"',
    b'r="XFD0001048576"',  # leading zeros (stop 11: read as row 0 by the check)
    b'uniqueCount="4000000000"',  # (stop 11: python-calamine set 96 GB aside)
    # Elements with a namespace prefix, which python-calamine reads by their local names
    # (stop 14: <x:c> without a reference escaped the check and aborted the reader).
    b"<x:c>",
    b'<x:c t="n"><x:v>1</x:v></x:c>',
    b'<x:row r="1048576">',
    b"</x:row>",
    b"<y:f>SUM(A1:A9)</y:f>",
    b'<t>r="XFE1"</t>',
    b'count="4000000000"',
    b't="s"',
    b't="str"',
    b't="b"',
    b't="e"',
    b't="inlineStr"',
    b't="d"',
    b"<v>99999999</v>",
    b"<v>-1</v>",
    b"<v>1e308</v>",
    b"<v>NaN</v>",
    b"<v></v>",
    b"<is><t>x</t></is>",
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<sheet name="x" sheetId="1" r:id="rId99"/>',
    b'state="hidden"',
    b"_x0007_",
    b"\x00",
    b"\xff",
    "Grön".encode(),
    b"=cmd|' /C calc'!A0",
]


def _mutate_bytes(
    rng: random.Random, data: bytes, tokens: list[bytes], others: list[bytes]
) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        where = rng.randrange(len(out) + 1)
        action = rng.randrange(8)
        if action == 0 and out:
            out[min(where, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif action == 1 and out:
            out[min(where, len(out) - 1)] = rng.randrange(256)
        elif action == 2:
            end = min(len(out), where + rng.choice((1, 2, 8, 64, 1024)))
            del out[where:end]
        elif action == 3:
            size = rng.choice((1, 8, 64, 512))
            out[where:where] = out[where : where + size] * rng.choice((2, 3, 50))
        elif action == 4 and others:
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            out[where:where] = other[start : start + rng.choice((16, 256, 4096))]
        elif action == 5:
            end = min(len(out), where + rng.choice((0, 1, 4, 16)))
            out[where:end] = rng.choice(tokens)
        elif action == 6:
            out = out[:where]  # cut short
        else:
            out[where:where] = rng.choice(tokens)
    return bytes(out)


def _mutate_zip(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """Edit one part of a workbook and pack it again; or, now and then, the zip's own bytes."""
    if rng.random() < 0.15:
        return _mutate_bytes(rng, data, _XML_TOKENS, others)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:
        return _mutate_bytes(rng, data, _XML_TOKENS, others)
    if not parts:
        return data
    weights = [5 if "worksheets" in n or "sharedStrings" in n else 1 for n, _ in parts]
    index = rng.choices(range(len(parts)), weights)[0]
    name, content = parts[index]
    choice = rng.random()
    if choice < 0.05:
        del parts[index]
    elif choice < 0.1:
        parts.append((rng.choice(["xl/vbaProject.bin", "xl/media/x.bin", name]), content))
    else:
        parts[index] = (name, _mutate_bytes(rng, content, _XML_TOKENS, []))
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if rng.random() < 0.2 else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as archive:
        warnings.simplefilter("ignore")  # a part given twice is one of the mutations
        for part_name, part in parts:
            archive.writestr(zipfile.ZipInfo(part_name, (2023, 1, 1, 0, 0, 0)), part, method)
    return out.getvalue()


def mutate(target: str, rng: random.Random, seeds: list[bytes]) -> bytes:
    data = rng.choice(seeds)
    if target in ("xlsx", "collect"):
        return _mutate_zip(rng, data, seeds)
    return _mutate_bytes(rng, data, _TEXT_TOKENS, seeds)


# --- Seeds ---------------------------------------------------------------------------------------


def seeds(target: str) -> list[bytes]:
    """Real files to start from: the examples in each format and the corpus of bad input."""
    from rusmodel import dump_json, load_yaml

    examples = sorted(EXAMPLES.glob("*.yaml"))
    found: list[bytes] = []
    if target == "yaml":
        found += [p.read_bytes() for p in examples]
    elif target == "json":
        found += [dump_json(load_yaml(p.read_bytes(), str(p))).encode() for p in examples]
    elif target == "xlsx":
        from rusmodel.plugins.workbook.full import write_full

        for path in examples:
            for lang in ("sv", "en"):
                buffer = io.BytesIO()
                write_full(load_yaml(path.read_bytes(), str(path)), buffer, lang=lang)
                found.append(buffer.getvalue())
    if target in ("xlsx", "collect"):
        found += [p.read_bytes() for p in sorted(FIXTURES.glob("*.xlsx"))]
    suffixes = {"yaml": (".yaml",), "json": (".json",)}.get(target, (".xlsx", ".xlsm"))
    found += [
        p.read_bytes()
        for p in sorted(CORPUS.rglob("*"))
        if p.suffix in suffixes and p.stat().st_size < 100_000 and p.parent.name != "workbooks"
    ]
    return [s for s in found if s]


# --- Running -------------------------------------------------------------------------------------


@attrs.frozen
class Finding:
    """A crasher: the input, what happened, and a short key for telling crashers apart."""

    data: bytes
    what: str

    @property
    def key(self) -> str:
        return self.what.splitlines()[0][:120]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_forked(target: str, data: bytes, read: Callable[[Path], object]) -> Finding | None:
    """Run one input in a forked child, so an abort or a hang is a finding, not the end."""
    with tempfile.TemporaryFile() as printed:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(reader)
            os.dup2(printed.fileno(), 2)  # what a dying library prints is kept for the finding
            code = 0
            try:
                _limit_memory()
                run_one(target, data, read)
            except Crash:
                os.write(writer, traceback.format_exc().encode()[-20_000:])
                code = 3
            finally:
                os.close(writer)
                os._exit(code)
        os.close(writer)
        with os.fdopen(reader, "rb") as pipe:
            status = _wait(pid)
            report = pipe.read().decode("utf-8", "replace") if status is not None else ""
        printed.seek(0)
        said = printed.read(4000).decode("utf-8", "replace").strip()
    if status is None:
        return Finding(data, f"hang: no answer after {SECONDS * 3:.0f} s")
    if os.WIFSIGNALED(status):
        first = said.splitlines()[0] if said else ""
        return Finding(data, f"the process died of signal {os.WTERMSIG(status)}: {first}\n{said}")
    if os.WEXITSTATUS(status) == 3:
        last = report.strip().splitlines()[-1] if report.strip() else "crash"
        return Finding(data, f"{last}\n{report}")
    if os.WEXITSTATUS(status) != 0:
        return Finding(data, f"the process exited with {os.WEXITSTATUS(status)}: {said[:500]}")
    return None


def _wait(pid: int) -> int | None:
    """The child's status, or ``None`` when it had to be killed for taking too long."""
    start = time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() - start > SECONDS * 3:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.001)


def fuzz(
    target: str,
    *,
    seconds: float,
    seed: int,
    runs: int | None = None,
    done: list[int] | None = None,
) -> Iterator[Finding]:
    """Mutate the seeds of ``target`` for ``seconds`` (or ``runs`` inputs); yield each new crasher.

    ``done``, when given, counts the inputs run.
    """
    rng = random.Random(seed)
    start_seeds = seeds(target)
    read = _reader(target)
    seen: set[str] = set()
    count = done if done is not None else [0]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (runs is None or count[0] < runs):
        data = mutate(target, rng, start_seeds)
        count[0] += 1
        finding = run_forked(target, data, read)
        if finding is not None and finding.key not in seen:
            seen.add(finding.key)
            yield finding


def _save(finding: Finding, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(finding.data).hexdigest()[:12]
    path = folder / f"crash-{digest}"
    path.write_bytes(finding.data)
    path.with_suffix(".txt").write_text(finding.what, encoding="utf-8")
    return path


def _atheris(target: str, extra: list[str]) -> int:
    import atheris

    with atheris.instrument_imports(include=["rusmodel"]):
        read = _reader(target)

    def test_one_input(data: bytes) -> None:
        run_one(target, data, read)

    seed_folder = Path(tempfile.mkdtemp(prefix=f"rusmodel-seeds-{target}-"))
    for n, data in enumerate(seeds(target)):
        (seed_folder / f"seed-{n:03d}").write_bytes(data)
    work = ROOT / "fuzz" / "work" / target
    work.mkdir(parents=True, exist_ok=True)
    argv = [sys.argv[0], *extra, f"-timeout={int(SECONDS)}", "-rss_limit_mb=1024"]
    atheris.Setup([*argv, str(work), str(seed_folder)], test_one_input)
    atheris.Fuzz()
    return 0


def main(argv: list[str] | None = None) -> int:
    # Values are read in this process, after the safety check, as on Windows and macOS: in
    # the forked child of the Linux path (``isolated.py``) a file the check lets through and
    # the reader dies on is refused cleanly, which would hide it from the fuzzer.
    os.environ["RUSMODEL_READ_IN_PROCESS"] = "1"
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], epilog="Options after -- go to libFuzzer."
    )
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--engine", choices=("builtin", "atheris"), default="builtin")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (builtin)")
    parser.add_argument("--seed", type=int, default=1, help="the mutator's seed (builtin)")
    parser.add_argument("--crashes", type=Path, help="where crashers go")
    given = sys.argv[1:] if argv is None else argv
    cut = given.index("--") if "--" in given else len(given)
    args = parser.parse_args(given[:cut])
    sys.path.insert(0, str(ROOT / "src"))
    if args.engine == "atheris":
        return _atheris(args.target, given[cut + 1 :])
    folder = args.crashes or ROOT / "fuzz" / "crashes" / args.target
    found = 0
    done = [0]
    start = time.monotonic()
    for finding in fuzz(args.target, seconds=args.seconds, seed=args.seed, done=done):
        found += 1
        path = _save(finding, folder)
        print(f"{path}: {finding.key}", flush=True)
    took = time.monotonic() - start
    print(
        f"{args.target}: {done[0]} inputs in {took:.0f} s (seed {args.seed}), "
        f"{found} distinct crasher(s)"
    )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
