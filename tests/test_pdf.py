"""PDF (``--format pdf``): the document or the deck rendered by LibreOffice.

Without LibreOffice the export stops with one line naming the package to
install; a LibreOffice that hangs is stopped at the timeout. Where
LibreOffice is installed, real conversions are checked: a tagged PDF in the
plan's language, the contents with page numbers, the same bytes every time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rusmodel.cli import main
from rusmodel.plugins.pdf import find_soffice

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLAN = EXAMPLES / "verksamhetsplan-2020.yaml"
REPORT = EXAMPLES / "forvaltningsplan-2023.yaml"


def _export(*arguments: str) -> int:
    return main(["export", *arguments])


@pytest.mark.parametrize(
    ("source", "package"), [("document", "libreoffice-writer"), ("deck", "libreoffice-impress")]
)
def test_without_libreoffice_one_line_names_the_package(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    source: str,
    package: str,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "plan.pdf"
    assert _export(str(PLAN), "-o", str(out), "--from", source) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "soffice was not found" in lines[0] and package in lines[0]
    assert not out.exists()


def test_a_libreoffice_that_hangs_is_stopped_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    fake = programs / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}:/usr/bin:/bin")
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"the old pdf")
    assert _export(str(PLAN), "-o", str(out), "--timeout", "1") == 1
    err = capsys.readouterr().err
    assert "--timeout: LibreOffice did not finish starting within 1 s" in err
    assert out.read_bytes() == b"the old pdf"


def test_an_option_of_the_other_source_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.pdf"
    assert _export(str(REPORT), "-o", str(out), "--from", "deck", "--kind", "plan") == 1
    assert "--kind is not an option of the deck; it is for --from document" in (
        capsys.readouterr().err
    )
    assert not out.exists()


needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) and poppler-utils are needed for a real conversion",
)


def _info(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout


@needs_libreoffice
def test_the_plan_as_a_tagged_pdf_with_page_numbers_in_its_contents(tmp_path: Path) -> None:
    first, second = tmp_path / "plan.pdf", tmp_path / "again.pdf"
    assert _export(str(PLAN), "-o", str(first)) == 0
    assert _export(str(PLAN), "-o", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()
    assert re.search(r"^Tagged:\s+yes", _info(first), re.MULTILINE)
    assert b"/Lang(sv-SE)" in first.read_bytes()
    text = subprocess.run(
        ["pdftotext", "-layout", str(first), "-"], capture_output=True, text=True
    ).stdout
    # The contents was updated by LibreOffice: each entry ends with the page it is on.
    entry = re.search(r"^Sammanfattning\.{5,}\s*(\d+)$", text, re.MULTILINE)
    assert entry is not None and int(entry.group(1)) >= 2
    budget = re.search(r"^Budget 2020\.{5,}\s*(\d+)$", text, re.MULTILINE)
    assert budget is not None and int(budget.group(1)) > int(entry.group(1))


@needs_libreoffice
def test_the_deck_as_a_pdf_in_english(tmp_path: Path) -> None:
    out = tmp_path / "deck.pdf"
    assert _export(str(REPORT), "-o", str(out), "--from", "deck", "--lang", "en") == 0
    info = _info(out)
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert pages > 10
    assert b"/Lang(en-GB)" in out.read_bytes()


def test_the_options_passed_on_are_those_the_document_and_the_deck_take() -> None:
    from rusmodel.plugins.deck import EXPORTER as DECK
    from rusmodel.plugins.document import EXPORTER as DOCUMENT
    from rusmodel.plugins.pdf import EXPORTER as PDF
    from rusmodel.plugins.pdf import OPTIONS_OF

    assert {o.name for o in DOCUMENT.options} == OPTIONS_OF["document"]
    assert {o.name for o in DECK.options} == OPTIONS_OF["deck"]
    assert OPTIONS_OF["document"] | OPTIONS_OF["deck"] <= {o.name for o in PDF.options}
