"""Building a Word document: options, the design, the parts in order, a stable file."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from rusmodel.formats import ExportContext
from rusmodel.labels import LANGUAGES
from rusmodel.model import Period, Plan
from rusmodel.plugins.document import KINDS
from rusmodel.problems import PlanError, Problem

__all__ = ["DocumentOptions", "build_document", "read_options", "write_document"]

GROUPINGS = ("goal_area", "unit")
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}


@attrs.frozen
class DocumentOptions:
    """The Word exporter's options, checked: ``kind`` (``plan`` or ``follow-up``), the
    ``template`` to write in (``None``: the built-in design), ``group_by`` for the report."""

    kind: str = "plan"
    template: Path | None = None
    group_by: str = "goal_area"


def _problem(message: str, option: str, source: str = "") -> PlanError:
    return PlanError([Problem(message, place=f"--{option.replace('_', '-')}", file=source)])


def read_options(options: Mapping[str, Any], source: str = "") -> DocumentOptions:
    """Check the options given to the exporter; a bad one raises :class:`~rusmodel.PlanError`."""
    kind = str(options.get("kind") or "plan").replace("_", "-")
    if kind == "followup":
        kind = "follow-up"
    if kind not in KINDS:
        raise _problem(f"no document of kind {kind!r}; choose {' or '.join(KINDS)}", "kind", source)
    group_by = str(options.get("group_by") or "goal_area").replace("-", "_")
    if group_by not in GROUPINGS:
        raise _problem(
            f"cannot group by {group_by!r}; choose {' or '.join(GROUPINGS)}", "group_by", source
        )
    template = options.get("template")
    return DocumentOptions(
        kind=kind, template=Path(template) if template else None, group_by=group_by
    )


def build_document(plan: Plan, context: ExportContext) -> Any:
    """The document for ``plan`` as a python-docx document (not yet saved)."""
    from rusmodel.plugins.document.follow_up import follow_up_document
    from rusmodel.plugins.document.parts import Doc
    from rusmodel.plugins.document.plan import plan_document
    from rusmodel.plugins.document.template import (
        bullet_numbering,
        open_document,
        set_language,
        text_width_pt,
    )
    from rusmodel.plugins.document.word import WordWriter
    from rusmodel.plugins.document.words import word

    if context.lang not in LANGUAGES:
        raise _problem(
            f"the document is made in {' or '.join(LANGUAGES)}, not {context.lang!r}",
            "lang",
            context.source,
        )
    options = read_options(context.options, context.source)
    period = context.period or plan.latest_period()
    document = open_document(options.template)
    writer = WordWriter(document, context.lang, text_width_pt(document), bullet_numbering(document))
    doc = Doc(plan, period, context.lang, writer, group_by=options.group_by)
    if options.kind == "plan":
        plan_document(doc)
    else:
        follow_up_document(doc)
    writer.finish_contents()
    section = document.sections[-1]
    if _needs_footer(section):
        report = options.kind == "follow-up" and period is not None
        writer.footer(
            section,
            f"{plan.title} – {period.name}" if report and period else plan.title,
            word("page", context.lang),
            word("page_of", context.lang),
        )
    set_language(document, LANGUAGE_TAGS[context.lang])
    _ask_to_update_fields(document)
    _set_properties(document, plan, period, options.kind, context.lang)
    return document


def _needs_footer(section: Any) -> bool:
    """Whether the footer is ours to write: the template has none, or an empty one (no text,
    field, picture or table: a footer with only a logo is the region's)."""
    footer = section.footer
    if footer.is_linked_to_previous:
        return True
    xml = footer._element.xml
    has_text = any(p.text.strip() for p in footer.paragraphs)
    marks = ("fldChar", "fldSimple", "<w:drawing", "<w:pict", "<w:tbl", "<w:sdt")
    return not has_text and not any(mark in xml for mark in marks)


def _ask_to_update_fields(document: Any) -> None:
    """Word refreshes the contents and page numbers when it opens the document."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Word checks the order of the settings: updateFields comes before these.
    for child in settings:
        if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            return
    settings.append(update)


_AFTER_UPDATE_FIELDS = frozenset(
    [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
)


FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _set_properties(document: Any, plan: Plan, period: Period | None, kind: str, lang: str) -> None:
    """Document properties that depend only on the plan, so the file is the same every time."""
    when = dt.datetime.combine(period.as_of, dt.time()) if period is not None else FIXED_TIME
    if kind == "plan":
        when = dt.datetime(plan.first_year, 1, 1)
    props = document.core_properties
    props.title = _NOT_XML.sub("", plan.title)[:255]
    props.subject = _NOT_XML.sub("", period.name)[:255] if period and kind != "plan" else ""
    props.author = _NOT_XML.sub("", plan.organisation)[:255]
    props.last_modified_by = "rusmodel"
    props.keywords = ""
    props.comments = "Made by rusmodel"
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.language = LANGUAGE_TAGS[lang]
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The zip ``data`` rewritten with fixed entry times, so the same plan gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_document(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the Word document for ``plan`` to the binary stream ``out``."""
    document = build_document(plan, context)
    raw = io.BytesIO()
    document.save(raw)
    out.write(stable_zip(raw.getvalue()))
