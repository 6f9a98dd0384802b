"""The Word documents as LibreOffice Writer lays them out: every word on a page, no empty pages.

Word and LibreOffice lay out a document themselves, so a table that is too
narrow for a word breaks the word, and a table kept on one page can leave a
page nearly empty. These tests make the plan document and the follow-up
report from the examples (and one on a region's template with another page
size, font and language), convert them all to PDF in one LibreOffice run
(``soffice --headless --convert-to pdf``, as a user opening them in Writer
would see them) and compare the words of each document with what
``pdftotext`` reads from the pages.

They need LibreOffice and poppler (``pdftotext``, ``pdfinfo``); without them
they are skipped and say which is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from document_helpers import body_text, example, headings, make_document, word_template
from rusmodel.plugins.pdf import find_soffice


def _missing() -> str | None:
    if find_soffice() is None:
        return "LibreOffice (soffice) is not installed"
    for tool in ("pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            return f"{tool} (poppler-utils) is not installed"
    return None


MISSING = _missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"cannot render: {MISSING}")


def _template_font() -> str:
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout.casefold()
    return "Arial" if "liberation sans" in fonts else "DejaVu Sans"


DOCUMENTS = {
    "plan-2020": lambda tmp: make_document(example("verksamhetsplan-2020.yaml"), "plan"),
    "report-2023": lambda tmp: make_document(example("forvaltningsplan-2023.yaml"), "follow-up"),
    "report-rus": lambda tmp: make_document(example("rus-handlingsplan.yaml"), "follow-up"),
    "report-by-unit-en": lambda tmp: make_document(
        example("forvaltningsplan-2023.yaml"), "follow-up", lang="en", group_by="unit"
    ),
    "plan-sample": lambda tmp: make_document(example("sample-plan.yaml"), "plan"),
    "report-template": lambda tmp: make_document(
        example("forvaltningsplan-2023.yaml"),
        "follow-up",
        lang="en",
        template=str(
            word_template(tmp / "region.dotx", font=_template_font(), landscape_a5=True, dotx=True)
        ),
    ),
    "plan-template": lambda tmp: make_document(
        example("verksamhetsplan-2020.yaml"),
        "plan",
        template=str(word_template(tmp / "letter.docx", font=_template_font())),
    ),
}


@pytest.fixture(scope="module")
def rendered() -> Iterator[dict[str, tuple[bytes, Path]]]:
    """Every document of :data:`DOCUMENTS` and its PDF, converted in one LibreOffice run."""
    office = find_soffice()
    assert office is not None
    with tempfile.TemporaryDirectory(prefix="rusmodel-documents-") as name:
        folder = Path(name)
        made = {}
        for key, make in DOCUMENTS.items():
            data = make(folder)
            (folder / f"{key}.docx").write_bytes(data)
            made[key] = data
        subprocess.run(
            [
                office,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *(str(folder / f"{key}.docx") for key in made),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        yield {key: (data, folder / f"{key}.pdf") for key, data in made.items()}


def _words(text: str) -> Counter[str]:
    """The words of ``text``; a word with a hyphen, dash or slash counts as its parts, since a
    line may end after one of them (EU-|strategiska) without breaking a word."""
    text = re.sub(r"([-–/])", r"\1 ", text.replace("\u00a0", " "))
    return Counter(text.split())


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match, info.stdout
    return int(match.group(1))


def _page_text(pdf: Path, page: int | None = None) -> str:
    span = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *span, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_every_word_of_the_document_is_on_a_page(
    key: str, rendered: dict[str, tuple[bytes, Path]]
) -> None:
    data, pdf = rendered[key]
    assert pdf.is_file(), f"LibreOffice made no PDF of {key}"
    wanted = _words(body_text(data))
    shown = _words(_page_text(pdf))
    missing = {word: n - shown[word] for word, n in wanted.items() if shown[word] < n}
    assert sum(wanted.values()) > 100
    # A word missing from the pages was cut or broken over two lines.
    assert missing == {}


def _last_contents_page(data: bytes, pdf: Path, pages: int) -> int:
    """The page the contents ends on: where the last heading it lists first shows."""
    listed = [text for level, text in headings(data) if level <= 2]
    for page in range(1, pages + 1):
        if listed[-1] in _page_text(pdf, page):
            return page
    raise AssertionError("the contents does not list the last heading")


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_no_page_is_nearly_empty(key: str, rendered: dict[str, tuple[bytes, Path]]) -> None:
    data, pdf = rendered[key]
    pages = _pages(pdf)
    assert pages >= 2
    # The title page and the contents (longer on small paper) come first; the last page holds
    # what is left.
    chapters = [text for level, text in headings(data) if level == 1]
    for page in range(_last_contents_page(data, pdf, pages) + 1, pages):
        words = len(_page_text(pdf, page).split())
        # As on the deck's slides, the last page of a chapter may hold what is left of it:
        # a chapter whose first part is kept together starts on the next page.
        next_lines = [line.strip() for line in _page_text(pdf, page + 1).splitlines()[:4]]
        if any(line in chapters for line in next_lines):
            continue
        assert words >= 60, f"page {page} of {pages} holds {words} words"
