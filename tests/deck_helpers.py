"""Plans and checks shared by the deck tests.

``big_plan`` makes a plan of many activities with long Swedish comments (the
worst case for fitting tables); ``render_pdf`` and ``deck_fits`` run
LibreOffice and the project's ``deck_fits.py`` on a deck.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
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


def upper_case_scale(plan: Plan) -> Plan:
    """``plan`` on the progress scale written in capitals (PÅGÅR, KLART, VILANDE, EJ
    PÅBÖRJAT), its activities' statuses moved over value by value: long upper-case
    words in narrow summary columns."""
    import attrs

    from rusmodel.model.scales import PROGRESS

    upper = attrs.evolve(
        PROGRESS,
        values=tuple(
            attrs.evolve(v, label_sv=v.label_sv.upper(), label_en=v.label_en.upper())
            for v in PROGRESS.values
        ),
    )
    # The plan's scale may have fewer values (traffic light: 3, progress: 4).
    moved = dict(zip((v.id for v in plan.scale.values), (v.id for v in upper.values), strict=False))
    activities = tuple(
        attrs.evolve(
            a,
            follow_ups={
                k: attrs.evolve(f, status=moved.get(f.status, f.status)) if f.status else f
                for k, f in a.follow_ups.items()
            },
        )
        for a in plan.activities
    )
    return attrs.evolve(plan, scale=upper, activities=activities)


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
    """Text as a reader sees it: no-break spaces, and line breaks the deck writes inside a
    paragraph (``<a:br/>``, read by python-pptx as a vertical tab), as spaces.

    Invisible characters are left as they are: the deck writes none, and a test
    comparing texts then fails on one.
    """
    return text.replace("\u00a0", " ").replace("\v", " ")


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
    titles end with its name, "(forts.)", "(forts. 2)" … aside."""
    found = []
    for slide in prs.slides:
        title = re.sub(r" \((forts\.|cont\.)( \d+)?\)$", "", title_of(slide))
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


# -- words broken across lines ----------------------------------------------------------------

_EDGE_PUNCTUATION = "".join(sorted(set(".,;:!?()[]{}\"'«»“”‘’…–—/*")))
_INVISIBLE_CHARS = ("\u200b", "\u2060", "\u00ad", "\ufeff")


def _core(token: str) -> str:
    for mark in _INVISIBLE_CHARS:
        token = token.replace(mark, "")
    return token.strip(_EDGE_PUNCTUATION).casefold()


def _texts_per_slide(data: bytes, *, charts: bool | str = True) -> list[list[str]]:
    """Per slide (in order), the texts it holds: text boxes, tables and its charts' text
    (only its charts' with ``charts="only"``)."""
    from rusmodel.plugins.deck.package import REL_CHART, DeckPackage

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}v"
    package = DeckPackage(data)
    found = []
    for slide in package.slides():
        texts = [t.text or "" for t in package.xml(slide).iter(a)] if charts != "only" else []
        for kind, target in package.rels(slide).values():
            if kind == REL_CHART and charts:
                texts += [t.text or "" for t in package.xml(target).iter(a, c)]
        found.append(texts)
    return found


def slide_texts(data: bytes) -> list[str]:
    """Every text of a deck as written in the file, charts' included, slide after slide."""
    return [text for texts in _texts_per_slide(data) for text in texts]


def slide_words(deck: Path, *, charts: bool | str = True) -> list[set[str]]:
    """Per slide (in order), the words of its text: text boxes, tables and its charts' text
    (only its charts' with ``charts="only"``)."""
    found = []
    for texts in _texts_per_slide(deck.read_bytes(), charts=charts):
        words = {_core(w) for text in texts for w in clean(text).split()}
        found.append({w for w in words if w})
    return found


@dataclasses.dataclass(frozen=True)
class Line:
    """A line of text as LibreOffice drew it: its box (points, y down) and its words."""

    left: float
    top: float
    right: float
    bottom: float
    words: tuple[str, ...]


def rendered_lines(pdf: Path) -> list[list[Line]]:
    """Per page, the lines ``pdftotext -bbox-layout`` finds, with their boxes."""
    import xml.etree.ElementTree as ElementTree

    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    root = ElementTree.fromstring(out.split("<!DOCTYPE", 1)[0] + out[out.index("<html") :])
    pages = []
    for page in root.iter(f"{ns}page"):
        lines = []
        for line in page.iter(f"{ns}line"):
            words = tuple(w.text or "" for w in line.iter(f"{ns}word"))
            box = [float(line.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
            if words:
                lines.append(Line(*box, words))
        pages.append(lines)
    return pages


def _follows(first: Line, second: Line) -> bool:
    """Whether ``second`` is the line drawn right under ``first`` in the same column."""
    height = first.bottom - first.top
    return (
        second.top > first.top + 0.5 * height
        and second.top - first.bottom < 0.6 * height
        and min(first.right, second.right) > max(first.left, second.left)
    )


def _bare(token: str) -> str:
    for mark in _INVISIBLE_CHARS:
        token = token.replace(mark, "")
    return token


def _cut_word(
    first: Line, lines: list[Line], words: set[str], charted: set[str]
) -> list[str] | None:
    """The pieces of a word of the slide that ``first``'s last word begins and the lines
    under it go on with, or ``None`` where the line ends with a whole word.

    A word is cut where its pieces, each the last or first word of lines drawn
    one under the other, join into a word of the slide while none of them is one
    by itself. A break after a slash the word has ("mål/" / "målområde"), where
    the deck writes a line break in a word wider than its column, is allowed.
    A break after a hyphen or dash ("2023-08-" / "31", "2023–" / "2025") is
    allowed only in a chart's text (``charted``: "Sjukdag 15-" / "90", which
    the chart lays out itself): the deck holds its own text to the lines it
    measured. A hyphen the renderer added ("Verksam-" / "het") is never allowed.
    """
    pieces = [first.words[-1]]
    if _core(pieces[0]) in words:
        return None
    joined = _bare(pieces[0])
    current = first
    while True:
        below = [line for line in lines if line is not current and _follows(current, line)]
        if not below:
            return None
        start = min(below, key=lambda line: line.left).words[0]
        if _core(start) in words:
            return None
        if _core(joined + start) in words and joined.endswith("/"):
            return None  # a break the deck writes
        if _core(joined + start) in charted and joined.endswith(("-", "–")):
            return None  # a break a chart makes where the word allows it
        joined = (joined[:-1] if joined.endswith("-") else joined) + _bare(start)
        pieces.append(start)
        if _core(joined) in words:
            return pieces
        line = min(below, key=lambda line: line.left)
        prefix = _core(joined)
        if len(line.words) > 1 or not any(w.startswith(prefix) for w in words):
            return None
        current = line


def broken_words(deck: Path, pdf: Path) -> list[str]:
    """Words of the deck that LibreOffice's rendering ``pdf`` splits over lines.

    For every line, the lines drawn right under it in the same column are
    looked at: where the first line's last word and the next lines' first
    words join into a word of the slide and none alone is one, the word was
    cut ("slide 4: 'PÅGÅ|R'"). Comparing words per page cannot see this: every
    piece is on the page.
    """
    found = []
    charted = slide_words(deck, charts="only")
    for number, (words, lines) in enumerate(
        zip(slide_words(deck), rendered_lines(pdf), strict=True), start=1
    ):
        for line in lines:
            pieces = _cut_word(line, lines, words, charted[number - 1])
            if pieces is not None:
                found.append(f"slide {number}: '{'|'.join(_bare(p) for p in pieces)}'")
    return found


def narrow_deck(path: Path) -> Path:
    """A deck whose words LibreOffice must break: a long word in a text box too narrow for it
    and an upper-case status in a table column too narrow for it, beside the same words in
    boxes wide enough (which must not count as broken)."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Smala rutor"
    for left, width in ((0.5, 1.2), (5.0, 4.5)):
        box = slide.shapes.add_textbox(Inches(left), Inches(2), Inches(width), Inches(1.5))
        box.text_frame.word_wrap = True
        box.text_frame.text = "Verksamhetsuppföljningen"
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    for left, width in ((0.5, 0.75), (5.0, 2.0)):
        frame = slide.shapes.add_table(2, 1, Inches(left), Inches(4.5), Inches(width), Inches(1))
        frame.table.cell(0, 0).text = "Status"
        frame.table.cell(1, 0).text = "PÅGÅR"
        for row in (0, 1):
            frame.table.cell(row, 0).text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    prs.save(str(path))
    return path


# -- editing a saved deck's XML, as a hand edit or another tool would -------------------------

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def edit_deck(data: bytes, change: Callable[[Any, list[str]], None]) -> bytes:
    """``data`` with ``change(package, slide parts)`` made to its parts (a ``DeckPackage``)."""
    from rusmodel.plugins.deck.package import DeckPackage

    package = DeckPackage(data)
    change(package, package.slides())
    return package.save()


def graphic_frame(root: Any, kind: str) -> Any:
    """The first table (``kind="table"``) or chart (``"chart"``) of a slide's XML root."""
    from rusmodel.plugins.deck.package import shapes

    uri = f"http://schemas.openxmlformats.org/drawingml/2006/{kind}"
    for shape in shapes(root):
        data = shape.find(f"{{{_A}}}graphic/{{{_A}}}graphicData")
        if data is not None and data.get("uri") == uri:
            return shape
    raise AssertionError(f"no {kind}")


def tiny_png() -> bytes:
    """A 1×1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
