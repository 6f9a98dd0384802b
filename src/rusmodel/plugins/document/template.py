"""The document's design: the built-in A4 design or a region's own Word template.

With no template the document is A4 with 2.5 cm margins, Calibri, navy
headings. With ``--template region.dotx`` (or ``.docx``) it is written in that
file: its styles (headings, body text, lists), page size, margins, header and
footer; whatever text the file holds is left out. Styles the document needs
and the template lacks (a template that never used "Heading 3") are added,
plain, based on its body text. A template with macros, ActiveX controls or
OLE objects is refused (:mod:`rusmodel.packages`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import attrs
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from rusmodel.inputs import open_input
from rusmodel.packages import DOCUMENT, check_package, describe_error
from rusmodel.problems import PlanError, Problem

__all__ = ["TEXT_COLOUR", "bullet_numbering", "open_document", "set_language", "text_width_pt"]

TEXT_COLOUR = "1F3864"
"""The built-in design's heading colour: navy, 11:1 on white."""

_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACRO_TYPES = ("ms-word.document.macroEnabled", "ms-word.template.macroEnabledTemplate")

_HEADING_SIZES = {1: 16.0, 2: 13.0, 3: 11.5}


def _problem(path: Path, message: str) -> PlanError:
    return PlanError([Problem(message, file=str(path), place="--template")])


def open_document(path: Path | None) -> Any:
    """The python-docx document to write in: the built-in design, or ``path`` emptied of text.

    A file that is not a Word document or template raises
    :class:`~rusmodel.PlanError` naming the file and the ``--template`` option.
    """
    import docx

    if path is None:
        doc = docx.Document()
        _builtin_design(doc)
    else:
        doc = docx.Document(io.BytesIO(_template_bytes(path)))
        try:
            _empty_body(doc)
        except Exception as exc:  # a body python-docx cannot walk
            raise _problem(path, f"cannot be used as a Word template ({exc})") from exc
    _needed_styles(doc)
    return doc


def _template_bytes(path: Path) -> bytes:
    """The template's bytes, a .dotx relabelled as a document, checked to be a Word file.

    The check every Office file from elsewhere gets comes first, before any part is read:
    it bounds the file's size and what its parts unpack to (a zip bomb, a huge part),
    refuses DTDs, macros, ActiveX controls and OLE objects, and says in one line what a
    file that is no Word document is (:func:`rusmodel.packages.check_package`).
    """
    import docx

    try:
        check_package(path, DOCUMENT, template=True)
        with open_input(path) as handle:
            raw = handle.read()
    except PlanError as exc:
        raise PlanError([attrs.evolve(p, place="--template") for p in exc.problems]) from None
    except OSError as exc:
        raise _problem(path, f"cannot read the template: {exc.strerror}") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as source:
            types = source.read("[Content_Types].xml").decode("utf-8")
            # The package check looks for macro types in the part's first megabyte only.
            if any(kind in types for kind in _MACRO_TYPES):
                raise _problem(
                    path,
                    "the document contains macros (a macro-enabled content type, as in .docm "
                    "or .dotm); rusmodel reads no file with macros: save it as a plain .docx "
                    "or .dotx",
                )
            if _TEMPLATE_TYPE in types:
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                    for info in source.infolist():
                        data = source.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            data = types.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE).encode("utf-8")
                        target.writestr(info, data)
                raw = out.getvalue()
        docx.Document(io.BytesIO(raw))
    except PlanError:
        raise
    except Exception as exc:
        raise _problem(path, describe_error(exc, DOCUMENT)) from exc
    return raw


def _empty_body(doc: Any) -> None:
    """Remove the template's text and tables; its last section (page, header, footer) stays."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _builtin_design(doc: Any) -> None:
    """A4, 2.5 cm margins, Calibri 11 pt body, navy headings."""
    section = doc.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.25)
    normal = doc.styles["Normal"]
    _font(normal, "Calibri", 11.0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for level, size in _HEADING_SIZES.items():
        style = doc.styles[f"Heading {level}"]
        _font(style, "Calibri", size, bold=True, colour=TEXT_COLOUR)
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        style.paragraph_format.space_after = Pt(6)
    title = doc.styles["Title"]
    _font(title, "Calibri", 26.0, bold=True, colour=TEXT_COLOUR)
    # The default template draws a coloured rule under the title; a plain title reads better.
    p_pr = title.element.find(qn("w:pPr"))
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)
    subtitle = doc.styles["Subtitle"]
    _font(subtitle, "Calibri", 14.0, colour="404040")
    subtitle.font.italic = False
    toc_heading = doc.styles["TOC Heading"]
    _font(toc_heading, "Calibri", 16.0, bold=True, colour=TEXT_COLOUR)
    # A compact contents, so that it stays on the title page of a long report.
    for level in (1, 2):
        style = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(10)
        style.paragraph_format.space_before = Pt(3 if level == 1 else 0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.left_indent = Cm(0.5 * (level - 1))


def _font(
    style: Any, name: str, size: float, *, bold: bool | None = None, colour: str | None = None
) -> None:
    font = style.font
    font.name = name
    font.size = Pt(size)
    r_fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if r_fonts is not None:
        # Theme font references would win over the name: drop them.
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            r_fonts.attrib.pop(qn(f"w:{attribute}"), None)
        r_fonts.set(qn("w:cs"), name)
        r_fonts.set(qn("w:eastAsia"), name)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = RGBColor.from_string(colour)


def _style(doc: Any, name: str) -> Any | None:
    try:
        return doc.styles[name]
    except KeyError:
        return None


def _needed_styles(doc: Any) -> None:
    """Add the headings, title and contents styles a template lacks, plain, on its body text."""
    styles = doc.styles
    for level, size in _HEADING_SIZES.items():
        name = f"Heading {level}"
        if _style(doc, name) is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.size = Pt(size)
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.keep_with_next = True
            p_pr = style.element.get_or_add_pPr()
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            p_pr.append(outline)
    for name, size in (("Title", 24.0), ("Subtitle", 13.0), ("TOC Heading", 14.0)):
        if _style(doc, name) is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(size)
            style.font.bold = name != "Subtitle"
    for level in (1, 2, 3):
        # Word's own name for the contents styles is lower case; "TOC 1" would be a new style.
        name = f"toc {level}"
        if _style(doc, name) is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
            style.paragraph_format.space_after = Pt(2)


def _numbering_part(doc: Any) -> Any:
    """The document's numbering part, made where the template has none (python-docx cannot)."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.parts.numbering import NumberingPart

    try:
        return doc.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(
            PackURI("/word/numbering.xml"),
            CONTENT_TYPE.WML_NUMBERING,
            element,
            doc.part.package,
        )
        doc.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
        return part


def bullet_numbering(doc: Any) -> int:
    """Add a bullet list definition to the document's numbering; its ``numId``."""
    numbering = _numbering_part(doc).element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=0) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "singleLevel")
    abstract.append(multi)
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "bullet"), ("w:lvlText", "•")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        level.append(element)
    jc = OxmlElement("w:lvlJc")
    jc.set(qn("w:val"), "left")
    level.append(jc)
    p_pr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "360")
    ind.set(qn("w:hanging"), "360")
    p_pr.append(ind)
    level.append(p_pr)
    abstract.append(level)
    # Abstract definitions come before the numbering instances in the schema.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    numbering.append(num)
    return num_id


def set_language(doc: Any, tag: str) -> None:
    """The language of all text (``sv-SE``, ``en-GB``): the defaults, every style that sets one,
    and the document's properties, so spelling, hyphenation and screen readers use it."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    if r_pr.find(qn("w:lang")) is None:
        r_pr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)
    doc.core_properties.language = tag


def text_width_pt(doc: Any) -> float:
    """The width text may take on the last section's pages, in points."""
    section = doc.sections[-1]
    page = section.page_width or Cm(21.0)
    left = section.left_margin if section.left_margin is not None else Cm(2.5)
    right = section.right_margin if section.right_margin is not None else Cm(2.5)
    gutter = section.gutter or 0
    return float((page - left - right - gutter) / 12700)
