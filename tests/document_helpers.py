"""Making Word documents in tests, reading their XML, and a region's Word template."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from rusmodel import ExportContext, Plan, load_yaml
from rusmodel.plugins.document import write

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def example(name: str) -> Plan:
    path = EXAMPLES / name
    return load_yaml(path.read_bytes(), str(path))


def make_document(
    plan: Plan,
    kind: str = "plan",
    *,
    lang: str = "sv",
    template: str | None = None,
    group_by: str = "goal_area",
) -> bytes:
    """The document's bytes, written as the exporter writes it for the plan's latest period."""
    out = io.BytesIO()
    context = ExportContext(
        period=plan.latest_period(),
        lang=lang,
        options={"kind": kind, "template": template, "group_by": group_by},
    )
    write(plan, out, context)
    return out.getvalue()


def part(data: bytes, name: str) -> Any:
    """A part of the package (``word/document.xml``) parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def parts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


def style_names(data: bytes) -> dict[str, str]:
    """Style id to name, from ``word/styles.xml``."""
    styles = part(data, "word/styles.xml")
    names = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        names[style.get(f"{W}styleId")] = name.get(f"{W}val") if name is not None else ""
    return names


def headings(data: bytes) -> list[tuple[int, str]]:
    """(level, text) of every heading paragraph, in order."""
    body = part(data, "word/document.xml")
    names = style_names(data)
    found = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None:
            continue
        name = names.get(style.get(f"{W}val"), "")
        if name.startswith("heading "):
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            found.append((int(name.split()[1]), text))
    return found


def body_text(data: bytes) -> str:
    """All the text of the body, paragraph by paragraph."""
    body = part(data, "word/document.xml")
    lines = []
    for p in body.iter(f"{W}p"):
        lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(lines)


def text_width_twips(data: bytes) -> int:
    """The width between the margins of the document's last section, in twentieths of a point."""
    body = part(data, "word/document.xml")
    sect = body.findall(f".//{W}sectPr")[-1]
    size = sect.find(f"{W}pgSz")
    margins = sect.find(f"{W}pgMar")
    gutter = int(margins.get(f"{W}gutter", "0"))
    return (
        int(size.get(f"{W}w"))
        - int(margins.get(f"{W}left"))
        - int(margins.get(f"{W}right"))
        - gutter
    )


def word_template(
    path: Path,
    *,
    font: str = "Arial",
    landscape_a5: bool = False,
    header: str = "Region Exempel – mall",
    dotx: bool = False,
) -> Path:
    """A region's Word template: Letter (or A5) paper, 2 cm margins, ``font``, a header and an
    example paragraph that must not reach a document made in it."""
    import docx
    from docx.shared import Cm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    if landscape_a5:
        section.page_width, section.page_height = Cm(21.0), Cm(14.8)
    else:
        section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(10.5)
    for level in (1, 2, 3):
        doc.styles[f"Heading {level}"].font.name = font
    section.header.paragraphs[0].text = header
    doc.add_paragraph("MALLTEXT: skriv inte i mallen.")
    raw = io.BytesIO()
    doc.save(raw)
    data = raw.getvalue()
    if dotx:
        data = _relabel(data)
    path.write_bytes(data)
    return path


def _relabel(data: bytes) -> bytes:
    document = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    template = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(document.encode(), template.encode())
            target.writestr(info, content)
    return out.getvalue()
