"""Opening Office files (workbooks, presentations, documents) without trusting them.

An ``.xlsx``, ``.pptx``/``.potx`` or ``.docx``/``.dotx`` file is a zip
package of XML parts. One that comes from elsewhere (a returned workbook, a
region's template) is checked by :func:`check_package` before any reader sees
it, in time and memory bounded by the limits below:

- it must be a regular file (:mod:`rusmodel.inputs`) of at most
  :data:`MAX_UNPACKED_BYTES` on disk, and a zip file; a password-protected or
  old binary Office file (``.xls``, ``.ppt``, ``.doc``) is named as such, a
  file cut short is reported as damaged or truncated;
- it must hold the parts of its kind (:data:`WORKBOOK`, :data:`PRESENTATION`,
  :data:`DOCUMENT`); an OpenDocument file or another kind of Office file is
  refused with a message saying what it is;
- it may not hold macros: a VBA project (``vbaProject.bin``) or a
  macro-enabled content type (``.xlsm``, ``.pptm``, ``.potm``, ``.docm``) is
  refused, never carried into what rusmodel writes;
- it may have at most :data:`MAX_PARTS` parts, which together may unpack to at
  most :data:`MAX_UNPACKED_BYTES`, counted by actually unpacking them (a zip
  bomb declares small sizes and unpacks to gigabytes); no part may unpack to
  more than it declares, and none may be encrypted;
- no XML part may declare a DTD: Office never writes one, and entity
  declarations are how "billion laughs" files blow up a parser;
- a *template* (``template=True``: a deck's or a document's ``--template``,
  whose parts go into what rusmodel writes) may hold no ActiveX control and
  no embedded or linked OLE object (:func:`embedded_objects`): they are
  programs, or files of any kind, that Office runs or opens from the file,
  and a template made for a house style has no need of them. A chart's own
  data (an embedded workbook the chart is drawn from) is not such an object.

A reader with checks of its own (the workbook reader's count of cells, see
:mod:`rusmodel.plugins.workbook.safety`) passes a *scanner* that is shown
every piece of every part as it is unpacked, so the file is unpacked once.
:func:`describe_error` turns what an XML or zip reader raises on a file that
passed into words for the user.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import BinaryIO, Protocol

import attrs

from rusmodel.inputs import open_input
from rusmodel.problems import PlanError

__all__ = [
    "DOCUMENT",
    "MAX_PARTS",
    "MAX_UNPACKED_BYTES",
    "PRESENTATION",
    "WORKBOOK",
    "PackageKind",
    "PartScanner",
    "check_package",
    "describe_error",
    "embedded_objects",
]

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""The most all parts of a package may unpack to: 256 MiB.

A full workbook of 100 000 activities unpacks to 134 MB and is read in some
340 MB of memory, so this leaves room for twice that while keeping what a
hostile file can make a reader hold near the 500 MB a run is allowed. A
presentation template is rarely more than a few megabytes.
"""

MAX_PARTS = 10_000
"""The most parts (zip members) a package may have."""


@attrs.frozen
class PackageKind:
    """A kind of Office package: what it is called and the part that makes it one."""

    noun: str
    """What the user calls it: ``workbook``, ``presentation``, ``document``."""
    program: str
    """The program that writes it: ``Excel``, ``PowerPoint``, ``Word``."""
    suffixes: str
    """Its suffixes as the messages give them: ``.xlsx``, ``.pptx or .potx``."""
    main_part: str
    """The part every package of the kind has, lower case: ``xl/workbook.xml``."""
    legacy: str
    """The old binary format's suffix, an OLE2 file like an encrypted one: ``.xls``."""
    macro_suffixes: str
    """The suffixes of its macro-enabled variant: ``.xlsm``."""
    opendocument: str
    """The OpenDocument suffix of the same kind: ``.ods``."""

    @property
    def name(self) -> str:
        """``Excel workbook``, ``PowerPoint presentation``, ``Word document``."""
        return f"{self.program} {self.noun}"


WORKBOOK = PackageKind("workbook", "Excel", ".xlsx", "xl/workbook.xml", ".xls", ".xlsm", ".ods")
PRESENTATION = PackageKind(
    "presentation",
    "PowerPoint",
    ".pptx or .potx",
    "ppt/presentation.xml",
    ".ppt",
    ".pptm or .potm",
    ".odp",
)
DOCUMENT = PackageKind(
    "document", "Word", ".docx or .dotx", "word/document.xml", ".doc", ".docm or .dotm", ".odt"
)
_KINDS = (WORKBOOK, PRESENTATION, DOCUMENT)


class PartScanner(Protocol):
    """What a reader looks for in one part, shown the part as :func:`check_package` unpacks it."""

    def feed(self, data: bytes, window: bytes, encoding: str) -> None:
        """The next piece of the part; ``window`` is the piece with the end of the one before
        (for what a piece cuts in two), ``encoding`` the part's (``utf-8``, ``utf-16-le``…).

        Raise :class:`PlanError` to refuse the file.
        """

    def close(self, archive: zipfile.ZipFile) -> None:
        """The part is unpacked; ``archive`` is open to read it again (its size is known)."""


Scanners = Callable[[zipfile.ZipInfo], "PartScanner | None"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_DTD_WORDS = ("<!DOCTYPE", "<!ENTITY")
_OVERLAP = 64
_MACRO_TYPE = b"macroenabled"
_CONTENT_TYPES_READ = 1 << 20
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _refuse(message: str, file: str) -> PlanError:
    return PlanError.single(message, file=file)


def check_package(
    path: str | os.PathLike[str],
    kind: PackageKind,
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    scanners: Scanners | None = None,
    template: bool = False,
) -> None:
    """Raise :class:`PlanError` naming ``path`` unless it is a ``kind`` package safe to read.

    ``scanners`` gives the :class:`PartScanner` for a part (or ``None`` to
    pass it by); every part is unpacked once, in order, and each scanner closed
    before the next part. With ``template``, the package is a template whose
    parts are carried into what rusmodel writes, and ActiveX controls and OLE
    objects in it are refused too (:func:`embedded_objects`).
    """
    file = str(path)
    with open_input(path) as handle:
        head = handle.read(8)
        size = os.fstat(handle.fileno()).st_size
    if not head:
        raise _refuse("the file is empty", file)
    if head == _OLE2:
        raise _refuse(
            f"the {kind.noun} is password-protected (encrypted) or in the old {kind.legacy} "
            f"format; open it in {kind.program} or LibreOffice and save it as "
            f"{kind.suffixes} without a password",
            file,
        )
    if size > max_unpacked:
        raise _refuse(
            f"the file is larger than {max_unpacked // (1024 * 1024)} MB; it is not "
            f"{_a(kind.noun)} rusmodel will read",
            file,
        )
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise _refuse(
                f"the {kind.noun} is damaged or truncated (not a complete zip file)", file
            )
        raise _refuse(f"this is not {_a(kind.name)} ({kind.suffixes})", file)
    damaged = f"the {kind.noun} is damaged or truncated"
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive, kind, max_unpacked, scanners)
            found = embedded_objects(archive) if template else []
    except zipfile.BadZipFile as exc:
        raise _refuse(f"{damaged} ({exc})", file) from None
    except NotImplementedError as exc:  # a zip of a version or kind Python cannot read
        raise _refuse(f"the {kind.noun} is damaged or of an unknown kind ({exc})", file) from None
    except (OSError, EOFError, ValueError, struct.error, zlib.error) as exc:  # bad part names
        raise _refuse(f"{damaged} ({exc})", file) from None
    if found:
        them = "it" if len(found) == 1 and found[0].startswith("an ") else "them"
        raise _refuse(
            f"the {kind.noun} contains {_listed(found)}; rusmodel carries no control or "
            f"embedded object of a template into what it writes: delete {them} in "
            f"{kind.program} and save the template again",
            file,
        )


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def _check_archive(
    path: str | os.PathLike[str],
    archive: zipfile.ZipFile,
    kind: PackageKind,
    max_unpacked: int,
    scanners: Scanners | None,
) -> None:
    file = str(path)
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise _refuse(
            f"the {kind.noun} has {len(members)} parts; {_a(kind.noun)} has far fewer", file
        )
    names = {m.filename.lower(): m for m in members}
    if "mimetype" in names:
        with archive.open(names["mimetype"]) as stream:
            if b"opendocument" in stream.read(200):
                raise _refuse(
                    f"this is an OpenDocument file ({kind.opendocument}), not {_a(kind.name)}; "
                    f"save it as {kind.suffixes}",
                    file,
                )
    if "[content_types].xml" not in names or kind.main_part not in names:
        for other in _KINDS:
            if other is not kind and other.main_part in names:
                raise _refuse(f"this is {_a(other.name)}, not {_a(kind.name)}", file)
        raise _refuse(f"this zip file is not {_a(kind.name)} (it has no {kind.main_part})", file)
    if any(m.flag_bits & 0x1 for m in members):
        raise _refuse(f"the {kind.noun}'s parts are encrypted; save it without a password", file)
    macros = _macros(archive, names)
    if macros:
        raise _refuse(
            f"the {kind.noun} contains macros ({macros}, as in {kind.macro_suffixes}); "
            f"rusmodel reads no file with macros: save it as a plain {kind.suffixes}",
            file,
        )
    declared = sum(m.file_size for m in members)
    if declared > max_unpacked:
        raise _refuse(_too_big(kind, declared, max_unpacked), file)
    unpacked = 0
    with open_input(path) as handle:
        for member in members:
            if member.is_dir():
                continue
            scanner = scanners(member) if scanners is not None else None
            unpacked += _unpack(handle, member, max_unpacked - unpacked, kind, file, scanner)
            if scanner is not None:
                scanner.close(archive)


def _macros(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> str:
    """What in the package is a macro (a VBA project, a macro-enabled type), or ``""``."""
    for name, member in names.items():
        if name.endswith(".bin") and "vba" in name.rsplit("/", 1)[-1]:
            return f"a VBA project, {member.filename}"
    with archive.open(names["[content_types].xml"]) as stream:
        types = stream.read(_CONTENT_TYPES_READ).lower()
    if _MACRO_TYPE in types:
        return "a macro-enabled content type"
    return ""


_RELATIONSHIPS_READ = 4 << 20
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# The last word of a relationship's type, and what it makes the part it leads to.
_CONTROL_TYPES = {b"control", b"activexcontrolbinary"}
_OLE_TYPES = {b"oleobject"}
_PACKAGE_TYPES = {b"package"}


def embedded_objects(archive: zipfile.ZipFile) -> list[str]:
    """What in an Office package Office would run or open from it, in words, one per kind.

    ActiveX controls (parts under ``activeX/``, or a relationship to a
    control), OLE objects (``oleObject1.bin`` under ``embeddings/``, or a
    relationship to one, embedded or linked to another file) and Office files
    embedded as objects (a Word document shown as an icon on a slide). A
    chart's embedded workbook, the data it is drawn from, is not listed: it is
    the chart's, opened only to edit the chart's data, and a macro-enabled one
    is refused as every macro is. Each kind is listed once, with the first
    part found: ``["ActiveX controls (ppt/activeX/activeX1.xml)"]``.

    The relationship parts are read at most 4 MB each; :func:`check_package`
    calls this after every part was unpacked and checked.
    """
    found: dict[str, str] = {}
    members = [m for m in archive.infolist() if not m.is_dir()]
    for member in members:
        name = member.filename.lower()
        last = name.rsplit("/", 1)[-1]
        if "activex/" in name:
            found.setdefault("activex", f"ActiveX controls ({member.filename})")
        elif last.startswith("oleobject") or ("embeddings/" in name and last.endswith(".bin")):
            found.setdefault("ole", f"an embedded OLE object ({member.filename})")
    for member in members:
        if not member.filename.lower().endswith(".rels"):
            continue
        with archive.open(member) as stream:
            text = stream.read(_RELATIONSHIPS_READ)
        source = _source_part(member.filename)
        for match in _RELATIONSHIP.finditer(text):
            attributes = {
                key.rsplit(b":", 1)[-1].lower(): double or single
                for key, double, single in _ATTRIBUTE.findall(match.group(1))
            }
            kind = attributes.get(b"type", b"").rsplit(b"/", 1)[-1].lower()
            target = attributes.get(b"target", b"").decode("utf-8", "replace")
            external = attributes.get(b"targetmode", b"").lower() == b"external"
            if kind in _CONTROL_TYPES:
                found.setdefault("activex", f"ActiveX controls (in {source})")
            elif kind in _OLE_TYPES and external:
                found.setdefault("linked", f"an OLE object linked to another file ({target})")
            elif kind in _OLE_TYPES:
                found.setdefault("ole", f"an embedded OLE object (in {source})")
            elif kind in _PACKAGE_TYPES and "/charts/" not in f"/{source.lower()}":
                found.setdefault("package", f"an embedded object ({_resolved(source, target)})")
    order = ("activex", "ole", "linked", "package")
    return [found[k] for k in order if k in found]


def _source_part(relationships: str) -> str:
    """The part a relationship part belongs to: ``ppt/slides/slide1.xml`` for its ``.rels``."""
    folder, _, name = relationships.rpartition("/")
    folder = folder.removesuffix("_rels").rstrip("/")
    part = name.removesuffix(".rels")
    return f"{folder}/{part}" if folder else part or "the package"


def _resolved(source: str, target: str) -> str:
    """A relationship's target as a part name: ``../embeddings/a.docx`` from a slide's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = source.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _listed(found: list[str]) -> str:
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def _too_big(kind: PackageKind, size: int, limit: int) -> str:
    return (
        f"the {kind.noun} unpacks to more than {limit // (1024 * 1024)} MB "
        f"({size // (1024 * 1024)} MB or more); it is not {_a(kind.noun)} rusmodel will read"
    )


def _unpack(
    handle: BinaryIO,
    member: zipfile.ZipInfo,
    budget: int,
    kind: PackageKind,
    file: str,
    scanner: PartScanner | None,
) -> int:
    """Unpack one part without keeping it; its size. Looks for a DTD in every XML part."""
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"part {member.filename} has no local header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    is_xml = member.filename.lower().endswith(_XML_SUFFIXES)
    dtd_marks: tuple[bytes, tuple[bytes, ...]] | None = None
    encoding = "utf-8"
    if member.compress_type == zipfile.ZIP_STORED:
        decompress = None
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        decompress = zlib.decompressobj(-15)
    else:
        raise zipfile.BadZipFile(f"part {member.filename} uses an unsupported compression")
    limit = min(member.file_size, budget)
    remaining = member.compress_size
    produced = 0
    tail = b""
    while remaining > 0 or (decompress is not None and decompress.unconsumed_tail):
        if decompress is not None and decompress.unconsumed_tail:
            data = decompress.decompress(decompress.unconsumed_tail, _CHUNK)
        else:
            raw = handle.read(min(_CHUNK, remaining))
            if not raw:
                raise zipfile.BadZipFile(f"part {member.filename} is cut short")
            remaining -= len(raw)
            data = raw if decompress is None else decompress.decompress(raw, _CHUNK)
        produced += len(data)
        if produced > limit:
            if produced > budget:
                raise _refuse(_too_big(kind, produced, budget), file)
            raise zipfile.BadZipFile(f"part {member.filename} unpacks to more than it declares")
        if is_xml or scanner is not None:
            window = tail + data
            if dtd_marks is None:
                encoding = _encoding(window)
                dtd_marks = _marks_in(encoding)
            if is_xml and _declares(window, dtd_marks):
                raise _refuse(
                    f"the {kind.noun}'s part {member.filename} declares a DTD (XML entities), "
                    f"which {kind.program} never writes; the file is refused as unsafe",
                    file,
                )
            if scanner is not None:
                scanner.feed(data, window, encoding)
            tail = window[-_OVERLAP:]
    return produced


def _encoding(start: bytes) -> str:
    """The encoding of an XML part, told by its first bytes: UTF-16 or else UTF-8."""
    if start.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if start.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return "utf-8"


def _marks_in(encoding: str) -> tuple[bytes, tuple[bytes, ...]]:
    """``<!`` and the declarations of a DTD, in the part's encoding."""
    return "<!".encode(encoding), tuple(word.encode(encoding) for word in _DTD_WORDS)


def _declares(window: bytes, marks: tuple[bytes, tuple[bytes, ...]]) -> bool:
    """Whether ``window`` holds a DTD declaration; one pass for ``<!``, which is rare."""
    opening, words = marks
    at = window.find(opening)
    while at >= 0:
        if window.startswith(words, at):
            return True
        at = window.find(opening, at + 1)
    return False


# What lxml (libxml2) says of a file made to exhaust memory, and of text too long for it.
_EXPANDING = ("amplification", "reference loop")
_HUGE = ("huge text node", "huge input lookup", "xmlsax2characters")


def describe_error(exc: BaseException, kind: PackageKind) -> str:
    """What went wrong reading a package, in the user's words, from a reader's exception.

    lxml's own words ("Maximum entity amplification factor exceeded, see
    xmlCtxtSetMaxAmplification") mean nothing to someone who made a template;
    this says what is wrong with the file instead.
    """
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if type(exc).__name__ in ("XMLSyntaxError", "ParseError", "ExpatError"):
        if any(word in lowered for word in _EXPANDING):
            return (
                f"the {kind.noun} holds XML entities that expand far beyond its size, the mark of "
                "a file made to exhaust memory; the file is refused as unsafe"
            )
        if any(word in lowered for word in _HUGE):
            return f"the {kind.noun} holds a text too long for any {kind.program} file"
        where = _line_of(exc)
        return (
            f"a part of the {kind.noun} is not well-formed XML{where}; open it in "
            f"{kind.program} and save it again"
        )
    if isinstance(exc, KeyError):
        return (
            f"the {kind.noun} is damaged: a part it refers to is missing ({text}); open it in "
            f"{kind.program} and save it again"
        )
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return f"the {kind.noun} is damaged or truncated ({text})"
    return f"cannot be read as {_a(kind.name)} ({type(exc).__name__}: {text})"


def _line_of(exc: BaseException) -> str:
    position = getattr(exc, "position", None)
    if isinstance(position, tuple) and len(position) == 2:
        return f" (line {position[0]}, column {position[1]})"
    lineno = getattr(exc, "lineno", None)
    return f" (line {lineno})" if isinstance(lineno, int) else ""
