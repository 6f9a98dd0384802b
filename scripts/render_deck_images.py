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

# (picture name, example file, period or None for the latest, words in the slide's title,
# language, design: "" the built-in 16:9 one, "4:3" python-pptx's plain 4:3 with Arial);
# the first slide whose title holds the words is pictured.
PLAN = "forvaltningsplan-2023.yaml"
RUS = "rus-handlingsplan.yaml"
PICTURES = [
    ("deck-title", PLAN, None, "Förvaltningsplan Regional", "sv", ""),
    ("deck-summary", RUS, None, "Sammanfattning", "sv", ""),
    ("deck-highlights", PLAN, None, "Viktiga händelser", "sv", ""),
    ("deck-overview", PLAN, None, "Målområden", "sv", ""),
    ("deck-changes", RUS, None, "Förändringar sedan", "sv", ""),
    ("deck-activities", PLAN, None, "Åtgärder – Ett välmående", "sv", ""),
    (
        "deck-activities-2021",
        RUS,
        "2021-08",
        "Aktiviteter – Ett välmående",
        "sv",
        "",
    ),
    (
        "deck-activities-4x3",
        PLAN,
        None,
        "Åtgärder – Ett välmående",
        "sv",
        "4:3",
    ),
    (
        "deck-activities-en-4x3",
        RUS,
        None,
        "Activities – Ett tillgängligt",
        "en",
        "4:3",
    ),
    (
        "deck-indicators",
        PLAN,
        None,
        "Åtgärder och indikatorer – Stolta",
        "sv",
        "",
    ),
    ("deck-key-figures", PLAN, None, "Sjukfrånvaro, ackumulerad", "sv", ""),
    ("deck-breakdown", PLAN, None, "– fördelning", "sv", ""),
    ("deck-staff", PLAN, None, "Arbetad tid", "sv", ""),
    ("deck-economy", PLAN, None, "Ekonomi – resultat", "sv", ""),
    ("deck-forecast", PLAN, None, "Ekonomi – prognos", "sv", ""),
    (
        "deck-income-statement",
        PLAN,
        None,
        "Ekonomi – Resultaträkning",
        "sv",
        "",
    ),
    (
        "deck-income-statement-4x3",
        PLAN,
        None,
        "Ekonomi – Resultaträkning",
        "sv",
        "4:3",
    ),
    (
        "deck-internal-control",
        PLAN,
        None,
        "Intern kontroll – region",
        "sv",
        "",
    ),
    ("deck-closing", PLAN, None, "Om rapporten", "sv", ""),
]

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def plain_template(path: Path) -> Path:
    """python-pptx's default presentation (4:3) with Arial as its theme fonts."""
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation()
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for kind in ("majorFont", "minorFont"):
        root.find(f".//{{{_A}}}{kind}/{{{_A}}}latin").set("typeface", "Arial")
    theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    prs.save(str(path))
    return path


def build(example: str, period_id: str | None, lang: str, template: Path | None) -> bytes:
    plan = load_yaml((ROOT / "examples" / example).read_bytes(), example)
    period = plan.period(period_id) if period_id else plan.latest_period()
    out = io.BytesIO()
    options = {"template": str(template)} if template else {}
    context = ExportContext(period=period, lang=lang, source=example, options=options)
    EXPORTER.write(plan, out, context)
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
        template = plain_template(folder / "plain-4x3.pptx")
        decks: dict[tuple[str, str | None, str, str], tuple[Path, bytes]] = {}
        for _, example, period, _, lang, design in PICTURES:
            key = (example, period, lang, design)
            if key not in decks:
                data = build(example, period, lang, template if design else None)
                name = (
                    f"{Path(example).stem}-{period or 'latest'}-{lang}-{design.replace(':', 'x')}"
                )
                path = folder / f"{name}.pptx"
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
        for picture, example, period, words, lang, design in PICTURES:
            path, data = decks[(example, period, lang, design)]
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
