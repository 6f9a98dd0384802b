"""Plans and checks shared by the deck tests.

``big_plan`` makes a plan of many activities with long Swedish comments (the
worst case for fitting tables); ``render_pdf`` and ``deck_fits`` run
LibreOffice and the project's ``deck_fits.py`` on a deck.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from rusmodel import (
    Activity,
    ExportContext,
    FollowUp,
    GoalArea,
    GoalKind,
    Period,
    Plan,
    Unit,
    load_yaml,
    parse_schedule,
)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

AREAS = (
    ("hallbar", "Hållbar utveckling", GoalKind.VISION_GOAL, "Hållbar utveckling"),
    ("digital", "Digital omställning", GoalKind.VISION_GOAL, "Digital omställning"),
    ("valmaende", "Ett välmående Västmanland", GoalKind.GOAL_AREA, "Välmående"),
    ("tillgangligt", "Ett tillgängligt Västmanland", GoalKind.GOAL_AREA, "Tillgängligt"),
    ("nyskapande", "Ett nyskapande Västmanland", GoalKind.GOAL_AREA, "Nyskapande"),
)
UNITS = (
    ("folkhalsa", "Folkhälsa"),
    ("valfard", "Välfärd"),
    ("kultur", "Kultur och ideell sektor"),
    ("samhall", "Samhällsutveckling"),
    ("naringsliv", "Näringsliv och kompetensförsörjning"),
    ("tarna", "Tärna folkhögskola"),
    ("ledning", "Ledningsstaben"),
)
ROLES = (
    "Folkhälsostrateg",
    "Enhetschef",
    "Verksamhetschef välfärd",
    "Utvecklingsledare",
    "Rektor",
    "Regional samordnare digital infrastruktur",
    "FD/VC/EC",
)
VERBS = (
    "Ta fram",
    "Genomföra",
    "Utveckla",
    "Samordna",
    "Stödja",
    "Leda arbetet med",
    "Fortsatt samverka kring",
    "Implementera",
)
OBJECTS = (
    "en länsgemensam handlingsplan för psykisk hälsa",
    "kompetensinsatser för att stärka folkbibliotekens digitala kompetens",
    "små och medelstora företag i den digitala omställningen",
    "samverkansöverenskommelse barn och unga",
    "en ny regional gång- och cykelstrategi",
    "efterfrågestimulerande åtgärder inom bredbandsområdet",
    "hälsofrämjande skola och skolutveckling",
    "regionens åtagande i den regionala kulturarvsstrategin",
    "smart specialisering tillsammans inom Östra Mellansverige",
    "företagsklimatet i samarbete med kommunerna",
)
SENTENCES = (
    "Arbetet pågår enligt plan.",
    "Arbetet fortlöper enligt projektplanen för Digitalt först och handlingsplanen för "
    "Regional biblioteksverksamhet/Kulturutveckling.",
    "Arbetet pågår enligt plan men har dock försenats på grund av pandemin.",
    "Tillsammans med Mälardalens universitet görs en satsning på att utveckla det nätverk "
    "för digitalisering i skolan som sedan tidigare drivs av högskolan.",
    "Nätverket knyter samman forskning, lärarutbildning och förskola/skola i Mälardalsregionen.",
    "Överenskommelsen för samverkan om vuxnas psykiska hälsa är på remiss.",
    "Ett förvaltningsövergripande team har planerat aktiviteter för att samla länets aktörer "
    "i sammanhang som främjar kunskapsutbyte och relationsförtätning.",
    "Kunskapssammanställning och en utbildningskatalog inom området psykisk hälsa är påbörjad.",
    "Dialoger med länets kommuner har genomförts, i syfte att gemensamt identifiera områden "
    "och utmaningar som vi i samverkan kan ta oss an.",
    "Upphandling av processledare pågår.",
    "Förankring har skett i Regionala ledningsgruppen och Strategisk Regional Beredning.",
    "Arbetet fokuseras på det nya PTS-stödet och vi undersöker möjligheterna att söka "
    "CEF2-medel för 5G-utbyggnad.",
    "Kulturmiljöprogrammen i Sala, Norberg, Arboga, Västerås, Skinnskatteberg och "
    "Hallstahammar är i avslutningsfas.",
    "Samverkansöverenskommelseutvecklingsarbetet (ett mycket långt sammansatt ord) fortsätter.",
)


def big_plan(count: int = 300, seed: int = 7) -> Plan:
    """A plan of ``count`` activities over five goal areas, followed up in two periods.

    Comments are one to nine long Swedish sentences, some with line breaks;
    one comment is long enough that its row cannot fit one slide.
    """
    rng = random.Random(seed)
    activities = []
    for number in range(1, count + 1):
        area = AREAS[number % len(AREAS)][0]
        extra = [AREAS[(number + 2) % len(AREAS)][0]] if number % 11 == 0 else []
        units = [UNITS[rng.randrange(len(UNITS))][0] for _ in range(1 + (number % 4 == 0))]
        sentences = rng.sample(SENTENCES, rng.randint(1, 6))
        comment = " ".join(sentences)
        if number % 7 == 0:
            comment = "\n".join(sentences[:3])
        if number == 42:
            comment = " ".join(SENTENCES * 6)
        before = rng.choice(["green", "green", "green", "yellow", "red"])
        now = before if rng.random() < 0.85 else rng.choice(["green", "yellow", "red"])
        follow_ups = {"2023-d2": FollowUp(status=now, comment=comment)}
        if number % 25:
            follow_ups["2023-d1"] = FollowUp(status=before, comment=sentences[0])
        if number % 31 == 0:
            follow_ups["2023-d2"] = FollowUp(status=None, comment="")
        activities.append(
            Activity(
                id=f"RF{number}" if number % 3 else f"RUN {number}",
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
                goal_areas=(area, *extra),
                units=tuple(dict.fromkeys(units)),
                responsible=(rng.choice(ROLES),),
                schedule=parse_schedule(
                    rng.choice(["2023", "2023-2024", "Planperioden", "Q4 2023"])
                ),
                follow_ups=follow_ups,
            )
        )
    return Plan(
        title="Handlingsplan RUS 2023–2025",
        organisation="Region Exempel",
        committee="Regionala utvecklingsnämnden",
        first_year=2023,
        last_year=2025,
        goal_areas=tuple(GoalArea(id=i, name=n, kind=k, short_name=s) for i, n, k, s in AREAS),
        units=tuple(Unit(id=i, name=n) for i, n in UNITS),
        periods=(
            Period(id="2023-d1", name="Delår 1 2023", as_of=dt.date(2023, 4, 30)),
            Period(
                id="2023-d2",
                name="Delår 2 2023",
                as_of=dt.date(2023, 8, 31),
                presented=dt.date(2023, 9, 26),
            ),
        ),
        activities=tuple(activities),
    )


# -- making decks -----------------------------------------------------------------------------


def example(name: str) -> Plan:
    path = EXAMPLES / name
    return load_yaml(path.read_bytes(), str(path))


def make_deck(
    plan: Plan,
    *,
    period: str | None = None,
    lang: str = "sv",
    **options: Any,
) -> bytes:
    """The deck for ``plan`` as the exporter writes it (bytes of a .pptx)."""
    from rusmodel.plugins.deck import EXPORTER

    chosen = plan.period(period) if period else plan.latest_period()
    out = BytesIO()
    context = ExportContext(period=chosen, lang=lang, options=options, source="plan.yaml")
    EXPORTER.write(plan, out, context)
    return out.getvalue()


def open_deck(data: bytes) -> Any:
    from pptx import Presentation

    return Presentation(BytesIO(data))


# -- reading decks as a reader would ----------------------------------------------------------


def clean(text: str) -> str:
    """Text as a reader sees it: invisible joiners gone, no-break spaces as spaces."""
    return text.replace("\u2060", "").replace("\u200b", "").replace("\u00a0", " ")


def title_of(slide: Any) -> str:
    """The slide's title: its title placeholder's text."""
    title = slide.shapes.title
    return clean(title.text_frame.text) if title is not None else ""


def titles(prs: Any) -> list[str]:
    return [title_of(s) for s in prs.slides]


def tables(slide: Any) -> list[Any]:
    return [s.table for s in slide.shapes if s.has_table]


def table_frames(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.has_table]


def rows_of(table: Any) -> list[list[str]]:
    return [[clean(c.text) for c in row.cells] for row in table.rows]


def fill_of(cell: Any) -> str | None:
    """The cell's fill colour as RRGGBB where it is a fixed colour (status cells)."""
    from pptx.enum.dml import MSO_COLOR_TYPE, MSO_FILL

    fill = cell.fill
    if fill.type != MSO_FILL.SOLID or fill.fore_color.type != MSO_COLOR_TYPE.RGB:
        return None
    return str(fill.fore_color.rgb)


def texts(slide: Any) -> list[str]:
    """The text of every text box and placeholder on the slide."""
    return [clean(s.text_frame.text) for s in slide.shapes if s.has_text_frame]


def slides_titled(prs: Any, start: str) -> list[Any]:
    return [s for s in prs.slides if title_of(s).startswith(start)]


def area_slides(prs: Any, name: str) -> list[Any]:
    """The slides of a goal area's (or unit's) activities and indicators, in order: their
    titles end with its name, "(forts.)" aside."""
    found = []
    for slide in prs.slides:
        title = title_of(slide).removesuffix(" (forts.)").removesuffix(" (cont.)")
        if title.endswith(f"– {name}") and not title.startswith(("Sammanfattning", "Summary")):
            found.append(slide)
    return found


def tables_headed(slides: Any, first: str) -> list[Any]:
    """The tables on ``slides`` whose header row starts with ``first`` ("Indikator")."""
    return [t for s in slides for t in tables(s) if clean(t.cell(0, 0).text) == first]


def charts(slide: Any) -> list[Any]:
    return [s.chart for s in slide.shapes if s.has_chart]


def series_values(chart: Any) -> dict[str, tuple[float, ...]]:
    return {s.name: tuple(s.values) for s in chart.plots[0].series}


# -- a region's own template ------------------------------------------------------------------

REGION_LAYOUT_NAMES = {
    "Title Slide": "Rubrikbild",
    "Title Only": "Endast rubrik",
    "Title and Content": "Rubrik och innehåll",
    "Blank": "Tom",
}
REGION_ACCENT = "C00000"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def region_template(path: Path, font: str = "Arial") -> Path:
    """A region's template: Swedish layout names, its own theme font and accent colour,
    a logo on the slide master and an example slide that the deck must not keep.

    Made from python-pptx's own (4:3) template, so it also tests a slide size
    other than the built-in design's.
    """
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml import parse_xml

    prs = Presentation()
    for layout in prs.slide_layouts:
        if layout.name in REGION_LAYOUT_NAMES:
            layout._element.cSld.set("name", REGION_LAYOUT_NAMES[layout.name])
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for kind in ("majorFont", "minorFont"):
        root.find(f".//{{{_A}}}{kind}/{{{_A}}}latin").set("typeface", font)
    accent = root.find(f".//{{{_A}}}accent1")
    for child in list(accent):
        accent.remove(child)
    etree.SubElement(accent, f"{{{_A}}}srgbClr", val=REGION_ACCENT)
    theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    logo = parse_xml(
        f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr><p:cNvPr id="99" name="Logo"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        '<a:off x="8229600" y="91440"/><a:ext cx="731520" cy="457200"/></a:xfrm>'
        '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:solidFill>'
        f'<a:srgbClr val="{REGION_ACCENT}"/></a:solidFill></p:spPr></p:sp>'
    )
    prs.slide_master.shapes._spTree.append(logo)
    example_slide = prs.slides.add_slide(prs.slide_layouts[0])
    example_slide.shapes.title.text = "Exempelbild: byt ut mot egen text"
    prs.save(str(path))
    return path


def plain_template(path: Path, font: str = "Arial") -> Path:
    """python-pptx's own default presentation (4:3, 10 × 7.5 in) with ``font`` as its theme
    fonts (Arial, which LibreOffice draws with its metric twin Liberation Sans): the plain
    4:3 template every deck is also checked on."""
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation()
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for kind in ("majorFont", "minorFont"):
        root.find(f".//{{{_A}}}{kind}/{{{_A}}}latin").set("typeface", font)
    theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    prs.save(str(path))
    return path


# -- rendering --------------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def deck_fits_tool() -> Path | None:
    """``deck_fits.py``: in CI at ``../shared/tools`` from the repository's root."""
    for candidate in (
        REPO.parent / "shared" / "tools" / "deck_fits.py",
        Path(os.environ.get("DECK_FITS", "/nonexistent")),
    ):
        if candidate.is_file():
            return candidate
    return None


def render_pdf(deck: Path, outdir: Path) -> Path:
    """Convert ``deck`` to PDF with LibreOffice in a private profile (runs do not clash)."""
    office = soffice()
    assert office is not None
    with tempfile.TemporaryDirectory(prefix="rusmodel-lo-") as profile:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(deck),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    pdf = outdir / (deck.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice made no PDF of {deck}"
    return pdf
