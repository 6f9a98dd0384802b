"""The decks as LibreOffice draws them: every word visible, one page per slide.

PowerPoint and LibreOffice grow table rows to fit their text, so a deck can
look right to python-pptx and still run off its slides. These tests render
the example decks, a 300-activity deck and a deck on a region's template to
PDF with ``soffice --headless --convert-to pdf`` and run the project's
``deck_fits.py`` on each, which compares every slide's words with what the
rendered page shows, and look line by line for a word LibreOffice had to cut
("PÅGÅ|R"), or broke at a hyphen or dash where the deck did not ("2023–" /
"2025"), which a comparison per page cannot see.

They need LibreOffice, poppler (``pdftotext``, ``pdfinfo``), the Carlito font
(the metric twin of Calibri, which the deck measures with) and
``../shared/tools/deck_fits.py``; without one of them they are skipped and
say which is missing. All decks are converted in one LibreOffice run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from deck_helpers import (
    big_plan,
    broken_words,
    deck_fits_tool,
    example,
    make_deck,
    narrow_deck,
    open_deck,
    plain_template,
    region_template,
    soffice,
    upper_case_scale,
)


def _missing() -> str | None:
    if soffice() is None:
        return "LibreOffice (soffice) is not installed"
    for tool in ("pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            return f"{tool} (poppler-utils) is not installed"
    if deck_fits_tool() is None:
        return "deck_fits.py is not at ../shared/tools/ beside the repository"
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "carlito" not in fonts.casefold():
        return "the Carlito font (fonts-crosextra-carlito) is not installed"
    return None


MISSING = _missing() if shutil.which("fc-list") else "fontconfig (fc-list) is not installed"


def _template_font() -> str:
    """Arial where its metric twin Liberation Sans is installed (so the deck measures what is
    drawn), else Calibri."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout.casefold()
    return "Arial" if "liberation sans" in fonts else "Calibri"


def _plain(folder: Path) -> str:
    return str(plain_template(folder / "plain.pptx", font=_template_font()))


pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"cannot render decks: {MISSING}")

DECKS = {
    "sample": lambda tmp: make_deck(example("sample-plan.yaml")),
    "rus-2021": lambda tmp: make_deck(example("rus-handlingsplan.yaml"), period="2021-08"),
    "rus-2022": lambda tmp: make_deck(example("rus-handlingsplan.yaml")),
    "forvaltningsplan": lambda tmp: make_deck(example("forvaltningsplan-2023.yaml")),
    "300-activities": lambda tmp: make_deck(big_plan(300)),
    "verksamhetsplan-2020-4x3-en": lambda tmp: make_deck(
        example("verksamhetsplan-2020.yaml"), template=_plain(tmp), lang="en"
    ),
    "upper-case-scale": lambda tmp: make_deck(upper_case_scale(example("rus-handlingsplan.yaml"))),
    # every example on a plain 4:3 template with Arial as its theme font, in both languages
    "forvaltningsplan-4x3": lambda tmp: make_deck(
        example("forvaltningsplan-2023.yaml"), template=_plain(tmp)
    ),
    "forvaltningsplan-4x3-en": lambda tmp: make_deck(
        example("forvaltningsplan-2023.yaml"), template=_plain(tmp), lang="en"
    ),
    "rus-2021-4x3": lambda tmp: make_deck(
        example("rus-handlingsplan.yaml"), period="2021-08", template=_plain(tmp)
    ),
    "rus-2022-4x3-en": lambda tmp: make_deck(
        example("rus-handlingsplan.yaml"), template=_plain(tmp), lang="en"
    ),
    "sample-4x3-en": lambda tmp: make_deck(
        example("sample-plan.yaml"), template=_plain(tmp), lang="en"
    ),
    # and the rest of the matrix: every example, both languages, both designs
    "sample-en": lambda tmp: make_deck(example("sample-plan.yaml"), lang="en"),
    "sample-4x3": lambda tmp: make_deck(example("sample-plan.yaml"), template=_plain(tmp)),
    "rus-2022-en": lambda tmp: make_deck(example("rus-handlingsplan.yaml"), lang="en"),
    "forvaltningsplan-en": lambda tmp: make_deck(example("forvaltningsplan-2023.yaml"), lang="en"),
    "verksamhetsplan-2020": lambda tmp: make_deck(example("verksamhetsplan-2020.yaml")),
    "verksamhetsplan-2020-en": lambda tmp: make_deck(
        example("verksamhetsplan-2020.yaml"), lang="en"
    ),
    "verksamhetsplan-2020-4x3": lambda tmp: make_deck(
        example("verksamhetsplan-2020.yaml"), template=_plain(tmp)
    ),
    "region-template": lambda tmp: make_deck(
        example("forvaltningsplan-2023.yaml"),
        template=str(region_template(tmp / "region.pptx", font=_template_font())),
        lang="en",
    ),
}


KEYS = list(DECKS)


@pytest.fixture(scope="module")
def rendered() -> Iterator[dict[str, tuple[Path, Path]]]:
    """Every deck of :data:`DECKS` and its PDF, converted in one LibreOffice run."""
    office = soffice()
    assert office is not None
    with tempfile.TemporaryDirectory(prefix="rusmodel-decks-") as name:
        folder = Path(name)
        decks = {}
        for key, make in DECKS.items():
            path = folder / f"{key}.pptx"
            path.write_bytes(make(folder))
            decks[key] = path
        decks["narrow"] = narrow_deck(folder / "narrow.pptx")
        profile = folder / "profile"
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *(str(p) for p in decks.values()),
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
        yield {key: (path, path.with_suffix(".pdf")) for key, path in decks.items()}


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match, info.stdout
    return int(match.group(1))


@pytest.mark.parametrize("key", KEYS)
def test_every_word_is_visible_on_its_page(
    key: str, rendered: dict[str, tuple[Path, Path]]
) -> None:
    deck, pdf = rendered[key]
    assert pdf.is_file(), f"LibreOffice made no PDF of {deck.name}"
    slides = len(open_deck(deck.read_bytes()).slides)
    assert _pages(pdf) == slides
    tool = deck_fits_tool()
    assert tool is not None
    check = subprocess.run(
        [sys.executable, str(tool), str(deck), str(pdf)], capture_output=True, text=True
    )
    last = check.stdout.strip().splitlines()[-1]
    shown, total = (int(n) for n in re.findall(r"\d+", last)[:2])
    assert check.returncode == 0 and shown == total, check.stdout[-2000:]
    assert total > 100


def test_the_300_activity_deck_needs_continuation_slides(
    rendered: dict[str, tuple[Path, Path]],
) -> None:
    _, pdf = rendered["300-activities"]
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("(forts.") > 20  # "(forts.)", "(forts. 2)", …
    assert _pages(pdf) > 60


@pytest.mark.parametrize("key", KEYS)
def test_no_word_is_cut_across_lines(key: str, rendered: dict[str, tuple[Path, Path]]) -> None:
    deck, pdf = rendered[key]
    assert broken_words(deck, pdf) == []


def test_a_word_cut_across_lines_is_seen(rendered: dict[str, tuple[Path, Path]]) -> None:
    """The check itself: a long word in a text box too narrow for it, and an upper-case
    status in a narrow table column, are reported; the same words with room are not."""
    deck, pdf = rendered["narrow"]
    found = broken_words(deck, pdf)
    assert len(found) == 3, found
    assert found[0].startswith("slide 1: 'Verksa") and found[0].endswith("ningen'")
    assert found[0].replace("|", "") == "slide 1: 'Verksamhetsuppföljningen'"
    assert [f.replace("|", "") for f in found[1:]] == ["slide 1: 'Status'", "slide 1: 'PÅGÅR'"]
    assert all("|" in f for f in found)
