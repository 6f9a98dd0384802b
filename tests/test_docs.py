"""The documentation cannot go stale silently.

- The site builds with ``mkdocs build --strict``: no broken link, anchor,
  image or API cross-reference, and every public name of rusmodel is on the
  API reference pages.
- Every code example in ``docs/`` runs, in the order of its page, in a fresh
  folder per page: each ```` ```python ```` block (in one namespace per page,
  so a block may use what an earlier one made), and every ``rusmodel``
  command of a ```` ```console ```` block (``$ rusmodel ...``) or of a
  ```` ```sh ```` block. Where a console block shows what a command prints, the
  output must match (a line ``...`` stands for any lines, ``…`` in a line for
  any text); a ```` ```text ```` block marked ``<!-- output -->`` right after a
  python block is what that block prints.
- Every script in ``examples/`` runs and does what it says.
- The generated reference pages (``scripts/gen_docs.py``) match the code.

Markers are HTML comments on the line(s) right above a block (the site does
not show them):

- ``<!-- no-run: why -->``: the block is not run (a synopsis, a command that
  needs something the test cannot have);
- ``<!-- write: PATH -->``: the block is written to PATH in the page's folder
  (a plan file a guide builds, a plugin's source);
- ``<!-- exit: N -->``: the commands of the block exit with N (default 0);
- ``<!-- needs: PACKAGE -->``: the block runs only where PACKAGE is
  installed (skipped otherwise);
- ``<!-- output -->``: on a ``text`` block, the output of the python block
  before it.

The page's folder holds copies of the shipped examples (``examples/*.yaml``),
``plan.yaml`` (the sample plan) with ``plan.json`` and ``plan.xlsx`` made
from it, and ``region.pptx`` and ``region.potx``: a region's template with
Swedish layout names, a logo on the master and an example slide.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.metadata
import importlib.util
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from installed import installed, needs_rusmodel

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "hooks" not in p.relative_to(DOCS).parts)
EXAMPLE_SCRIPTS = sorted(EXAMPLES.glob("*.py"))


# --- Reading the code blocks of a page -----------------------------------------------------

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
_MARKER = re.compile(r"^\s*<!--\s*(?P<name>[\w-]+)(?:\s*:\s*(?P<value>.*?))?\s*-->\s*$")
_SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}\s")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a page, with the markers written above it."""

    page: Path
    line: int
    lang: str
    text: str
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = match.group("indent"), match.group("fence")
        markers: dict[str, str] = {}
        above = index - 1
        while above >= 0 and (marker := _MARKER.match(lines[above])):
            markers[marker.group("name")] = marker.group("value") or ""
            above -= 1
        body: list[str] = []
        end = index + 1
        while end < len(lines):
            stripped = lines[end].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            body.append(lines[end].removeprefix(indent))
            end += 1
        text = "\n".join(body) + "\n"
        found.append(Block(page, index + 1, match.group("lang").lower(), text, markers))
        index = end + 1
    return found


def _is_snippet(block: Block) -> bool:
    """A block that only includes a file of the repository (shown as it is, tested there)."""
    return all(_SNIPPET.match(line) for line in block.text.splitlines() if line.strip())


def _runnable(block: Block) -> bool:
    if "no-run" in block.markers or "write" in block.markers or _is_snippet(block):
        return False
    if block.lang == "python":
        return True
    return bool(_commands(block))


# --- Commands and their output ----------------------------------------------------------

_SHELL_LANGS = ("sh", "bash", "shell")


@dataclass(frozen=True)
class Shown:
    """A command of a block and, for a console block, the output shown after it."""

    command: str
    output: str | None


def _commands(block: Block) -> list[Shown]:
    """The ``rusmodel`` commands of a console or shell block."""
    shown: list[Shown] = []
    if block.lang == "console":
        current: str | None = None
        output: list[str] = []
        for line in [*block.text.splitlines(), "$ "]:
            if line.startswith("$ "):
                if current is not None:
                    shown.append(Shown(current, "\n".join(output)))
                command = line[2:].strip()
                current = command if _is_rusmodel(command) else None
                output = []
            elif current is not None:
                output.append(line)
    elif block.lang in _SHELL_LANGS:
        for line in block.text.splitlines():
            if _is_rusmodel(line.strip()):
                shown.append(Shown(line.strip(), None))
    return shown


def _is_rusmodel(command: str) -> bool:
    words = command.split()
    while words and re.match(r"^[A-Z_]+=", words[0]):
        words.pop(0)
    return bool(words) and words[0] == "rusmodel"


def _matches(expected: str, actual: str) -> bool:
    """``expected`` shows ``actual``: ``...`` lines are any lines, ``…`` any text in a line."""
    pattern = ""
    for line in expected.strip("\n").splitlines():
        if line.strip() in ("...", "…"):
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*".join(re.escape(part) for part in line.rstrip().split("…")) + r"\n"
    text = "".join(line.rstrip() + "\n" for line in actual.strip("\n").splitlines())
    return re.fullmatch(pattern, text) is not None


def _run_rusmodel(command: str) -> tuple[int, str]:
    """Run a ``rusmodel`` command line in this process, as a shell would call it."""
    from rusmodel.cli import main
    from rusmodel.plugins import registry

    if re.search(r"[|<>;&`$]", command.split("#", 1)[0]):
        raise AssertionError(f"the docs test runs plain commands only: {command!r}; mark no-run")
    words = shlex.split(command, comments=True)
    env: dict[str, str] = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    arguments: list[str] = []
    for word in words[1:]:
        matched = sorted(glob.glob(word)) if any(c in word for c in "*?[") else []
        arguments += matched or [word]
    buffer = io.StringIO()
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    registry.cache_clear()
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            try:
                code = main(arguments)
            except SystemExit as exc:  # --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    finally:
        for name, before in saved.items():
            if before is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = before
        registry.cache_clear()
    return code, buffer.getvalue()


def _run_python(block: Block, namespace: dict[str, Any]) -> str:
    buffer = io.StringIO()
    code = compile(block.text, block.where, "exec")
    with contextlib.redirect_stdout(buffer):
        exec(code, namespace)
    return buffer.getvalue()


# --- The folder a page's examples run in -----------------------------------------------


@pytest.fixture(scope="session")
def docs_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files every page's examples may use, made once per test run."""
    from deck_helpers import region_template
    from rusmodel import dump_json, load_yaml

    folder = tmp_path_factory.mktemp("docs-files")
    (folder / "examples").mkdir()
    for source in EXAMPLES.glob("*.yaml"):
        shutil.copy(source, folder / "examples" / source.name)
    sample = EXAMPLES / "sample-plan.yaml"
    shutil.copy(sample, folder / "plan.yaml")
    plan = load_yaml(sample.read_bytes(), str(sample))
    (folder / "plan.json").write_text(dump_json(plan), encoding="utf-8")
    code, output = _run_rusmodel(
        f"rusmodel export {folder / 'plan.yaml'} -o {folder / 'plan.xlsx'}"
    )
    assert code == 0, output
    region_template(folder / "region.pptx")
    _as_potx(folder / "region.pptx", folder / "region.potx")
    return folder


def _as_potx(pptx: Path, potx: Path) -> None:
    """The same template saved as a PowerPoint template (.potx): only its content type differs."""
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    template = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(potx, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(main.encode(), template.encode())
            out.writestr(info, data)


@pytest.fixture
def page_folder(
    docs_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    folder = tmp_path / "work"
    shutil.copytree(docs_files, folder)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps --help to the terminal's width
    monkeypatch.delenv("RUSMODEL_PLUGINS", raising=False)
    yield folder


# --- The tests -------------------------------------------------------------------------------


def test_the_pages_are_found() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {"index.md", "get-started.md", "glossary.md", "reference/schema.md"} <= names
    assert any(_runnable(b) for p in PAGES for b in blocks(p))


RUNNABLE_PAGES = [p for p in PAGES if any(_runnable(b) for b in blocks(p))]


@needs_rusmodel
@pytest.mark.parametrize("page", RUNNABLE_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_the_examples_of_a_page_run(page: Path, page_folder: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    page_blocks = blocks(page)
    for index, block in enumerate(page_blocks):
        if "no-run" in block.markers or _is_snippet(block):
            continue
        needed = block.markers.get("needs")
        if needed and not installed(needed):
            continue
        if "write" in block.markers:
            target = page_folder / block.markers["write"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
            continue
        if block.lang == "python":
            printed = _run_python(block, namespace)
            after = page_blocks[index + 1] if index + 1 < len(page_blocks) else None
            if after is not None and "output" in after.markers:
                assert _matches(after.text, printed), (
                    f"{block.where}: the block prints\n{printed}\nbut {after.where} shows\n"
                    f"{after.text}"
                )
            continue
        exit_code = int(block.markers.get("exit", "0"))
        for shown in _commands(block):
            code, output = _run_rusmodel(shown.command)
            assert code == exit_code, (
                f"{block.where}: `{shown.command}` exited {code}, not {exit_code}:\n{output}"
            )
            if shown.output and shown.output.strip():
                assert _matches(shown.output, output), (
                    f"{block.where}: `{shown.command}` prints\n{output}\nbut the page shows\n"
                    f"{shown.output}"
                )


def test_a_block_that_is_not_run_says_why() -> None:
    unexplained = [
        b.where
        for p in PAGES
        for b in blocks(p)
        if "no-run" in b.markers and not b.markers["no-run"]
    ]
    assert not unexplained, f"write <!-- no-run: the reason -->: {unexplained}"


def test_markers_are_ones_the_test_knows() -> None:
    known = {"no-run", "write", "exit", "needs", "output"}
    unknown = [
        f"{b.where}: {name}"
        for p in PAGES
        for b in blocks(p)
        for name in b.markers
        if name not in known
    ]
    assert not unknown


def test_the_matching_of_shown_output() -> None:
    assert _matches("a\n...\nd\n", "a\nb\nc\nd\n")
    assert _matches("written (pptx, …)", "written (pptx, period Delår 2 2023)")
    assert not _matches("a\nd\n", "a\nb\nd\n")
    assert not _matches("78 of 79", "77 of 79")


# --- The example scripts -------------------------------------------------------------------

# What each script must print, and the files it must write, in the folder it is given.
SCRIPT_EXPECTATIONS: dict[str, tuple[list[str], list[str]]] = {
    "make_deck.py": (
        ["delar2.pptx: ", "folkhalsa.pptx: ", "Delår 2 2023 per 2023-08-31"],
        ["delar2.pptx", "folkhalsa.pptx"],
    ),
    "summary.py": (
        ["Totalt                     79     78      1      0  99 %", "Gul → Grön", "Uppnått"],
        ["status-counts.csv"],
    ),
    "follow_up_round.py": (
        ["Delår 1 2024", "2 av 2 aktiviteter (100 %)", "kommentaren oförändrad"],
        ["plan-2024-d1.yaml", "delar1-2024.pptx"],
    ),
    "plan_from_table.py": (["handlingsplan.yaml: 3 activities"], ["handlingsplan.yaml"]),
}


def test_every_example_script_has_expectations() -> None:
    assert {p.name for p in EXAMPLE_SCRIPTS} == set(SCRIPT_EXPECTATIONS)


@needs_rusmodel
@pytest.mark.parametrize("script", EXAMPLE_SCRIPTS, ids=lambda p: p.name)
def test_the_example_script_runs(script: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    printed, files = SCRIPT_EXPECTATIONS[script.name]
    for words in printed:
        assert words in result.stdout, f"{script.name} did not print {words!r}:\n{result.stdout}"
    for name in files:
        assert (tmp_path / name).is_file(), f"{script.name} did not write {name}"


# --- The plugin guide makes a plugin that passes its own tests ------------------------


def test_the_plugin_guide_makes_a_plugin_that_passes_its_tests(tmp_path: Path) -> None:
    written = [b for b in blocks(DOCS / "plugins.md") if "write" in b.markers]
    paths = {b.markers["write"] for b in written}
    assert {"pyproject.toml", "tests/test_activities_csv.py"} <= paths, paths
    for block in written:
        target = tmp_path / block.markers["write"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "src"), str(ROOT / "src")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- The generated reference pages -------------------------------------------------------


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_rusmodel
def test_the_generated_reference_pages_are_up_to_date() -> None:
    stale = _gen_docs().stale_pages()
    assert not stale, f"run `python scripts/gen_docs.py`: out of date: {stale}"


def test_the_schema_page_names_every_key_of_a_plan_file() -> None:
    import typing

    gen = _gen_docs()
    text = (DOCS / "reference" / "schema.md").read_text(encoding="utf-8")
    for cls in gen.schema_classes():
        section = text.split(f"## {cls.__name__} {{#")[1].split("\n## ")[0]
        for name in typing.get_type_hints(cls):
            row = next((r for r in section.splitlines() if r.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{cls.__name__}.{name} is not in the schema page"
            description = row.split(" | ")[3]
            assert description.strip(), f"{cls.__name__}.{name} has no description"


# --- The site ---------------------------------------------------------------------------------


def _mkdocs_missing() -> str | None:
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install -e '.[docs]'"
    return None


@pytest.mark.skipif(_mkdocs_missing() is not None, reason=str(_mkdocs_missing()))
def test_the_site_builds_strictly_and_documents_every_public_name(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    problems = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    assert result.returncode == 0, "\n".join(problems) or result.stderr
    import rusmodel

    anchors = set()
    for page in (site / "reference").rglob("index.html"):
        anchors |= set(re.findall(r'id="(rusmodel\.[\w.]+)"', page.read_text(encoding="utf-8")))
    documented = {anchor.rsplit(".", 1)[-1] for anchor in anchors}
    missing = sorted(n for n in rusmodel.__all__ if n not in documented and n != "__version__")
    assert not missing, f"public names not in the API reference: {missing}"
    for image in (DOCS / "images").glob("*.png"):
        assert (site / "images" / image.name).is_file()
