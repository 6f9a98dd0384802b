"""PDF (``--format pdf``): the Word document or the deck, rendered by LibreOffice.

The document (``--from document``, the default) or the deck (``--from
deck``) is made as usual, then LibreOffice in headless mode lays it out,
updates its table of contents (so the page numbers are right) and exports a
tagged PDF, the form screen readers and the accessibility law ask for. Each
conversion runs with a user profile of its own in a temporary folder, so two
can run at once, and is stopped after ``--timeout`` seconds. LibreOffice is
not a Python package: without ``soffice`` on the PATH the export stops with
a line naming the package to install. The options of the document and the
deck (``--kind``, ``--template``, ``--sections``, …) are passed on.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from rusmodel.formats import ExportContext, Exporter, Option
from rusmodel.hookspecs import hookimpl
from rusmodel.model import Plan
from rusmodel.problems import PlanError, Problem

__all__ = ["EXPORTER", "SOURCES", "find_soffice", "rusmodel_exporters", "write"]

SOURCES = {"document": ("docx", "libreoffice-writer"), "deck": ("pptx", "libreoffice-impress")}
"""What ``--from`` may name: the exporter that makes it and the package that renders it."""

OPTIONS_OF = {
    "document": frozenset(("kind", "template", "group_by")),
    "deck": frozenset(("template", "sections", "group_by", "only", "palette")),
}
"""The options of ``--format pdf`` that the document's or the deck's exporter takes."""

DEFAULT_TIMEOUT = 300
"""Seconds a conversion may take: a 100-slide deck takes about 20 s on a small machine."""

_FILTERS = {"docx": "writer_pdf_Export", "pptx": "impress_pdf_Export"}

# The Basic library LibreOffice runs: open the file hidden, update its indexes (the table of
# contents gets its page numbers) and fields, save as tagged PDF, close.
_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Rusmodel"
 script:language="StarBasic">
Sub ToPdf(inUrl As String, outUrl As String, filterName As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, load())
  If HasUnoInterfaces(doc, &quot;com.sun.star.text.XDocumentIndexesSupplier&quot;) Then
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
  End If
  Dim data(0) As New com.sun.star.beans.PropertyValue
  data(0).Name = &quot;UseTaggedPDF&quot;
  data(0).Value = True
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = filterName
  store(1).Name = &quot;FilterData&quot;
  store(1).Value = data()
  doc.storeToURL(outUrl, store())
  doc.close(True)
End Sub
</script:module>
"""


def find_soffice() -> str | None:
    """The LibreOffice program on the PATH (``soffice``, else ``libreoffice``), or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _problem(message: str, place: str = "--format", source: str = "") -> PlanError:
    return PlanError([Problem(message, place=place, file=source)])


def _inner_options(given: Mapping[str, Any], source_name: str, source: str) -> dict[str, Any]:
    """The options given that the document or the deck takes; one it does not take is an error."""
    passed = {}
    for name, value in given.items():
        if name in ("from", "timeout") or value is None or value is False:
            continue
        if name not in OPTIONS_OF[source_name]:
            flag = "--" + name.replace("_", "-")
            other = next(k for k in SOURCES if k != source_name)
            raise _problem(
                f"{flag} is not an option of the {source_name}; it is for --from {other}",
                flag,
                source,
            )
        passed[name] = value
    return passed


def _write_profile(profile: Path) -> None:
    """Put the conversion macro into the profile LibreOffice made on its first start."""
    library = profile / "user" / "basic" / "Standard"
    index = library / "script.xlb"
    text = index.read_text(encoding="utf-8") if index.is_file() else ""
    if 'library:name="Rusmodel"' not in text:
        entry = ' <library:element library:name="Rusmodel"/>\n</library:library>'
        if "</library:library>" in text:
            text = text.replace("</library:library>", entry)
        else:
            text = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
                ' "library.dtd">\n<library:library xmlns:library='
                '"http://openoffice.org/2000/library" library:name="Standard" '
                'library:readonly="false" library:passwordprotected="false">\n' + entry
            )
        index.write_text(text, encoding="utf-8")
    (library / "Rusmodel.xba").write_text(_MODULE, encoding="utf-8")


def _run(command: list[str], timeout: float, what: str, source: str) -> None:
    """Run LibreOffice; stop it and all it started when ``timeout`` runs out."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise _problem(
            f"LibreOffice did not finish {what} within {timeout:g} s; "
            "try a larger --timeout or a smaller selection",
            "--timeout",
            source,
        ) from None


def convert(path: Path, kind: str, timeout: float, source: str = "") -> bytes:
    """``path`` (a .docx or .pptx) as a tagged PDF made by LibreOffice; its bytes."""
    office = find_soffice()
    package = dict(SOURCES.values())[kind]
    if office is None:
        raise _problem(
            "LibreOffice is needed to make a PDF and soffice was not found; "
            f"install it (the package {package}) and try again",
            source=source,
        )
    with tempfile.TemporaryDirectory(prefix="rusmodel-lo-") as name:
        folder = Path(name)
        profile = folder / "profile"
        base = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible"]
        _run([*base, "--terminate_after_init"], timeout, "starting", source)
        _write_profile(profile)
        target = folder / "out.pdf"
        macro = (
            f'macro:///Standard.Rusmodel.ToPdf("{path.resolve().as_uri()}",'
            f'"{target.as_uri()}","{_FILTERS[kind]}")'
        )
        _run([*base, macro], timeout, f"making the PDF of {path.name}", source)
        if not target.is_file() or target.stat().st_size == 0:
            raise _problem(
                f"LibreOffice made no PDF of the {'document' if kind == 'docx' else 'deck'}; "
                f"check that {package} is installed",
                source=source,
            )
        return target.read_bytes()


_CREATED = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>([^<]*)</xmp:")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_LANG = re.compile(rb"/Lang\([a-z]{2}-[A-Z]{2}\)")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def stable_pdf(data: bytes, when: str, lang: str = "") -> bytes:
    """The PDF with its dates set to ``when`` (``YYYYMMDD``) and its id made from its content.

    ``lang`` (``sv-SE``) is set as the language of the text: LibreOffice takes
    a deck's from the machine, not from the deck. Every replacement keeps its
    length, so the cross-reference offsets stay right; the same plan then
    gives the same bytes.
    """
    if len(lang) == 5:
        data = _LANG.sub(b"/Lang(" + lang.encode() + b")", data)

    def date(match: re.Match[bytes]) -> bytes:
        stamp = (when.encode() + b"000000")[:14]
        zone = {1: b"Z", 2: b"Z'", 7: b"+00'00'"}.get(len(match.group(3)), match.group(3))
        return b"/" + match.group(1) + b"(D:" + stamp + zone + b")"

    def xmp(match: re.Match[bytes]) -> bytes:
        text = f"{when[:4]}-{when[4:6]}-{when[6:8]}T00:00:00"
        value = (text + "Z" + " " * 40).encode()[: len(match.group(2))]
        if len(match.group(2)) < len(text):
            value = match.group(2)
        return b"<xmp:" + match.group(1) + b">" + value + b"</xmp:"

    data = _CREATED.sub(date, data)
    data = _XMP_DATE.sub(xmp, data)
    content = _CHECKSUM.sub(b"", _ID.sub(b"", data))
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest().upper().encode()

    def ident(match: re.Match[bytes]) -> bytes:
        first = (digest * 4)[: len(match.group(1))]
        second = (digest * 4)[: len(match.group(2))]
        return match.group(0).replace(match.group(1), first).replace(match.group(2), second)

    def checksum(match: re.Match[bytes]) -> bytes:
        return match.group(0).replace(match.group(1), (digest * 4)[: len(match.group(1))])

    return _CHECKSUM.sub(checksum, _ID.sub(ident, data))


def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Make the document or deck for ``plan`` and write it to ``out`` as a tagged PDF."""
    from rusmodel.files import export

    source_name = str(context.options.get("from") or "document")
    if source_name not in SOURCES:
        raise _problem(
            f"cannot make a PDF from {source_name!r}; choose {' or '.join(SOURCES)}",
            "--from",
            context.source,
        )
    kind, package = SOURCES[source_name]
    timeout = context.options.get("timeout") or DEFAULT_TIMEOUT
    if int(timeout) <= 0:
        raise _problem("the timeout is a number of seconds above 0", "--timeout", context.source)
    if find_soffice() is None:
        raise _problem(
            "LibreOffice is needed to make a PDF and soffice was not found; "
            f"install it (the package {package}) and try again",
            source=context.source,
        )
    options = _inner_options(context.options, source_name, context.source)
    with tempfile.TemporaryDirectory(prefix="rusmodel-pdf-") as name:
        made = Path(name) / f"{source_name}.{kind}"
        # The plan was checked before this exporter was called.
        export(
            plan,
            made,
            format=kind,
            period=context.period,
            lang=context.lang,
            options=options,
            check=False,
        )
        pdf = convert(made, kind, float(timeout), context.source)
    period = context.period or plan.latest_period()
    when = period.as_of.strftime("%Y%m%d") if period else f"{plan.first_year}0101"
    out.write(stable_pdf(pdf, when, "en-GB" if context.lang == "en" else "sv-SE"))


EXPORTER = Exporter(
    name="pdf",
    description="the Word document or the deck as a tagged PDF (needs LibreOffice)",
    suffixes=(".pdf",),
    write=write,
    options=(
        Option(
            name="from",
            help="what to render: document (the Word document, needs libreoffice-writer) or "
            "deck (needs libreoffice-impress)",
            kind="choice",
            default="document",
            choices=tuple(SOURCES),
        ),
        Option(
            name="kind",
            help="the document: plan or follow-up (as for --format docx)",
            kind="choice",
            choices=("plan", "follow-up"),
        ),
        Option(
            name="template",
            help="the region's template: .dotx/.docx for a document, .potx/.pptx for a deck",
            kind="path",
        ),
        Option(
            name="group_by",
            help="group activities by goal area or by unit",
            kind="choice",
            choices=("goal_area", "unit"),
        ),
        Option(name="sections", help="the deck's sections (as for --format pptx)", kind="text"),
        Option(name="only", help="the deck's one goal area or unit (as for --format pptx)"),
        Option(
            name="palette",
            help="the deck's chart colours: accessible or template (as for --format pptx)",
            kind="choice",
            choices=("accessible", "template"),
        ),
        Option(
            name="timeout",
            help=f"seconds LibreOffice may take (default: {DEFAULT_TIMEOUT})",
            kind="int",
        ),
    ),
)


@hookimpl
def rusmodel_exporters() -> Iterable[Exporter]:
    return (EXPORTER,)
