"""Make the pictures of the example decks shown in docs/deck.md.

usage: python scripts/render_deck_images.py [--out docs/images]

Builds the committee decks of the shipped examples with the pptx exporter,
renders them to PDF with LibreOffice (``soffice --headless --convert-to pdf``)
and turns chosen slides into PNG pictures with poppler's ``pdftoppm``, as a
reader would see them. Needs LibreOffice, poppler-utils and the Carlito font
(fonts-crosextra-carlito). Slides are chosen by their titles, so the pictures
follow the deck when slides are added.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not (ROOT / "src" / "rusmodel").is_dir():
    raise SystemExit("run this from a rusmodel checkout")
sys.path.insert(0, str(ROOT / "src"))

from rusmodel import ExportContext, load_yaml  # noqa: E402
from rusmodel.plugins.deck import EXPORTER  # noqa: E402

# (picture name, example file, period or None for the latest, words in the slide's title);
# the first slide whose title holds the words is pictured.
PICTURES = [
    ("deck-title", "forvaltningsplan-2023.yaml", None, "Förvaltningsplan Regional utveckling"),
    ("deck-summary", "rus-handlingsplan.yaml", None, "Sammanfattning"),
    ("deck-changes", "rus-handlingsplan.yaml", None, "Förändringar sedan"),
    ("deck-activities", "forvaltningsplan-2023.yaml", None, "Aktiviteter – Ett välmående"),
    ("deck-activities-2021", "rus-handlingsplan.yaml", "2021-08", "Aktiviteter – Ett välmående"),
    ("deck-indicators", "forvaltningsplan-2023.yaml", None, "Indikatorer – Stolta"),
    ("deck-key-figures", "forvaltningsplan-2023.yaml", None, "Sjukfrånvaro, ackumulerad"),
    ("deck-breakdown", "forvaltningsplan-2023.yaml", None, "– fördelning"),
    ("deck-economy", "forvaltningsplan-2023.yaml", None, "Ekonomi – resultat och prognos"),
    ("deck-income-statement", "forvaltningsplan-2023.yaml", None, "Ekonomi – Resultaträkning"),
    ("deck-internal-control", "forvaltningsplan-2023.yaml", None, "Intern kontroll – region"),
]


def build(example: str, period_id: str | None) -> bytes:
    plan = load_yaml((ROOT / "examples" / example).read_bytes(), example)
    period = plan.period(period_id) if period_id else plan.latest_period()
    out = io.BytesIO()
    EXPORTER.write(plan, out, ExportContext(period=period, lang="sv", source=example))
    return out.getvalue()


def slide_number(deck: bytes, words: str) -> int:
    from pptx import Presentation

    for number, slide in enumerate(Presentation(io.BytesIO(deck)).slides, start=1):
        title = slide.shapes.title
        text = title.text_frame.text.replace("\u2060", "") if title is not None else ""
        if words in text:
            return number
    raise SystemExit(f"no slide has {words!r} in its title")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdftoppm") is None:
        raise SystemExit("needs LibreOffice (soffice) and poppler-utils (pdftoppm)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rusmodel-images-") as name:
        folder = Path(name)
        decks: dict[tuple[str, str | None], tuple[Path, bytes]] = {}
        for _, example, period, _ in PICTURES:
            key = (example, period)
            if key not in decks:
                data = build(example, period)
                path = folder / f"{Path(example).stem}-{period or 'latest'}.pptx"
                path.write_bytes(data)
                decks[key] = (path, data)
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *(str(p) for p, _ in decks.values()),
            ],
            check=True,
            capture_output=True,
        )
        for picture, example, period, words in PICTURES:
            path, data = decks[(example, period)]
            number = str(slide_number(data, words))
            target = args.out / picture
            pages = ["-f", number, "-l", number, "-singlefile"]
            pdf = str(path.with_suffix(".pdf"))
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), *pages, pdf, str(target)], check=True
            )
            print(f"{target}.png  (slide {number} of {path.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
