"""A saved deck read as its parts: the slides in order, and what each slide refers to.

The accessibility pass and its checker work on a .pptx file's XML parts
directly, one slide at a time, rather than through python-pptx's objects: a
deck of thousands of slides then never holds more than one slide's tree, and
the checker reads any deck, not only those rusmodel made.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from rusmodel.plugins.deck.theme import lxml_etree
from rusmodel.plugins.deck.themecolours import Palette, palette_of

__all__ = [
    "ALTERNATE",
    "FOOTER_NAME",
    "GROUP",
    "INK",
    "REL_CHART",
    "REL_LAYOUT",
    "REL_MASTER",
    "REL_SLIDE",
    "REL_THEME",
    "Box",
    "DeckPackage",
    "chosen",
    "in_slide",
    "is_footer",
    "is_title",
    "nested_shapes",
    "non_visual_props",
    "own_box",
    "paragraph_text",
    "placeholder_type",
    "shape_name",
    "shape_text",
    "shapes",
    "tree_member",
]

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_SLIDE = f"{_R}/slide"
REL_LAYOUT = f"{_R}/slideLayout"
REL_MASTER = f"{_R}/slideMaster"
REL_THEME = f"{_R}/theme"
REL_CHART = f"{_R}/chart"


def _parse(data: bytes) -> Any:
    etree = lxml_etree()

    # The parts are the deck's own XML; no entities or network access are wanted.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


class DeckPackage:
    """The parts of a .pptx file, read from ``data``; changed parts are written by :meth:`save`."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._names = set(self._zip.namelist())
        self._changed: dict[str, bytes] = {}
        self._palettes: dict[str, Palette] = {}
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self._boxes: dict[str, list[tuple[str, str, Box | None]]] = {}
        self._size: tuple[int, int] | None = None

    def has(self, part: str) -> bool:
        return part in self._names

    def read(self, part: str) -> bytes:
        return self._changed.get(part) or self._zip.read(part)

    def xml(self, part: str) -> Any:
        return _parse(self.read(part))

    def write(self, part: str, root: Any) -> None:
        etree = lxml_etree()

        self._changed[part] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """``part``'s relationships: id → (type, target part name)."""
        if part not in self._rels:
            self._rels[part] = self._read_rels(part)
        return self._rels[part]

    def _read_rels(self, part: str) -> dict[str, tuple[str, str]]:
        name = _rels_name(part)
        if name not in self._names:
            return {}
        folder = posixpath.dirname(part)
        found = {}
        for rel in self.xml(name).findall(f"{{{_PR}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            found[rel.get("Id", "")] = (rel.get("Type", ""), target.lstrip("/"))
        return found

    def related(self, part: str, kind: str) -> str | None:
        """The first part ``part`` refers to by a relationship of ``kind``."""
        for rel_kind, target in self.rels(part).values():
            if rel_kind == kind and target in self._names:
                return target
        return None

    def slides(self) -> list[str]:
        """The slides' part names in the order the deck shows them."""
        presentation = "ppt/presentation.xml"
        rels = self.rels(presentation)
        root = self.xml(presentation)
        order = []
        for entry in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}sldId"):
            rel = rels.get(entry.get(f"{{{_R}}}id", ""))
            if rel is not None and rel[0] == REL_SLIDE and rel[1] in self._names:
                order.append(rel[1])
        return order

    def palette(self, slide: str) -> Palette:
        """The theme colours a slide is drawn with (its layout's master's theme)."""
        layout = self.related(slide, REL_LAYOUT) or ""
        if layout not in self._palettes:
            self._palettes[layout] = self._palette_of_layout(layout)
        return self._palettes[layout]

    def _palette_of_layout(self, layout: str) -> Palette:
        master = self.related(layout, REL_MASTER) if layout else None
        key = master or ""
        if key not in self._palettes:
            theme = self.related(master, REL_THEME) if master else None
            if theme is None:
                self._palettes[key] = Palette({})
            else:
                self._palettes[key] = palette_of(self.xml(theme), self.xml(key))
        return self._palettes[key]

    def slide_size(self) -> tuple[int, int]:
        """The slides' width and height in EMU (PowerPoint's 4:3 default where none is said)."""
        if self._size is None:
            size = self.xml("ppt/presentation.xml").find(f"{{{_P}}}sldSz")
            width = size.get("cx", "") if size is not None else ""
            height = size.get("cy", "") if size is not None else ""
            fine = width.isdigit() and height.isdigit()
            self._size = (int(width), int(height)) if fine else (9144000, 6858000)
        return self._size

    def placeholder_box(self, slide: str, shape: Any) -> Box | None:
        """Where a placeholder without a position of its own is drawn: at its layout's
        placeholder of the same index, or that one's master placeholder of the same kind."""
        kind = placeholder_type(shape)
        if kind is None:
            return None
        layout = self.related(slide, REL_LAYOUT)
        if layout is None:
            return None
        index = _placeholder_index(shape)
        found = self._placeholders(layout)
        match = next((f for f in found if f[1] == index), None)
        match = match or next((f for f in found if f[0] == kind), None)
        if match is not None and match[2] is not None:
            return match[2]
        master = self.related(layout, REL_MASTER)
        if master is None:
            return None
        wanted = _MASTER_KIND.get(match[0] if match is not None else kind, "body")
        return next((f[2] for f in self._placeholders(master) if f[0] == wanted), None)

    def _placeholders(self, part: str) -> list[tuple[str, str, Box | None]]:
        """A layout's or master's placeholders: type, index and own position."""
        if part not in self._boxes:
            self._boxes[part] = [
                (kind, _placeholder_index(shape), own_box(shape))
                for shape in shapes(self.xml(part))
                if (kind := placeholder_type(shape)) is not None
            ]
        return self._boxes[part]

    def save(self) -> bytes:
        """The package with the changed parts, every other entry as it was."""
        if not self._changed:
            return self._data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self._zip.infolist():
                content = self._changed.get(info.filename)
                if content is None:
                    content = self._zip.read(info.filename)
                target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
GROUP = f"{{{_P}}}grpSp"
"""The tag of a group of shapes (``p:grpSp``), whose members are read in its place."""
ALTERNATE = f"{{{_MC}}}AlternateContent"
"""The tag of content given two ways (``mc:AlternateContent``): as the newer kind an
application that knows it shows (``mc:Choice``: an equation, ink, a 3D model, a newer
chart) and as what any other shows instead (``mc:Fallback``, often a picture of it)."""
_BRANCHES = (f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback")
INK = f"{{{_P14}}}contentPart"
"""The tag of ink drawn on a slide (``p14:contentPart``), which PowerPoint gives as a choice."""
_SHAPE_TAGS = {f"{{{_P}}}{t}" for t in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")} | {INK}
Box = tuple[int, int, int, int]
"""Where a shape is drawn: left, top, right and bottom edges in EMU."""
# A layout's placeholder takes its position, where it has none, from the master's
# placeholder of this kind (the master has only title, body and the footer kinds).
_MASTER_KIND = {"ctrTitle": "title", "title": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
FOOTER_NAME = "Footer"
"""The name a footer text box starts with, where a layout has no footer placeholder for it."""
_FOOTER_TYPES = {"dt", "ftr", "sldNum"}


def _members(holder: Any) -> list[Any]:
    """The shapes directly in ``holder`` (a shape tree, a group), in order: content given two
    ways stands for the shapes of the way PowerPoint shows, see :func:`chosen`."""
    found = []
    for element in holder:
        if element.tag in _SHAPE_TAGS:
            found.append(element)
        elif element.tag == ALTERNATE:
            found.extend(chosen(element))
    return found


def chosen(alternate: Any) -> list[Any]:
    """The shapes of ``mc:AlternateContent`` as PowerPoint shows them and a screen reader
    reads them: those of the first ``mc:Choice`` that holds shapes, else of ``mc:Fallback``.

    PowerPoint takes the first choice whose kind it knows, and it knows every kind it
    writes (equations, ink, 3D models, newer charts); the fallback is what older
    applications show instead, often a picture of the same thing, which would be checked
    in vain (a picture of an equation "needs" alternative text the equation does not)."""
    branches = [b for b in alternate if b.tag == _BRANCHES[0]]
    branches += [b for b in alternate if b.tag == _BRANCHES[1]]
    for branch in branches:
        found = [e for e in branch if e.tag in _SHAPE_TAGS]
        if found:
            return found
    return []


def tree_member(shape: Any) -> Any:
    """The element of the shape tree (or group) that holds ``shape``: the shape itself, or
    the ``mc:AlternateContent`` it is chosen from, which moves as a whole."""
    parent = shape.getparent()
    if parent is not None and parent.tag in _BRANCHES:
        return parent.getparent()
    return shape


def shapes(slide: Any) -> list[Any]:
    """The shapes of a slide's XML root in their order in the shape tree (the reading order);
    of content given two ways, the shapes PowerPoint shows (:func:`chosen`)."""
    tree = slide.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
    return [] if tree is None else _members(tree)


def nested_shapes(slide: Any) -> list[tuple[Any, tuple[Any, ...]]]:
    """Every shape of a slide's XML root in reading order, each with the groups it is in
    (outermost first): a group's members, at any depth, are read right after the group;
    of content given two ways, the shapes PowerPoint shows (:func:`chosen`)."""
    found: list[tuple[Any, tuple[Any, ...]]] = []

    def walk(holder: Any, groups: tuple[Any, ...]) -> None:
        for shape in _members(holder):
            found.append((shape, groups))
            if shape.tag == GROUP:
                walk(shape, (*groups, shape))

    tree = slide.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
    if tree is not None:
        walk(tree, ())
    return found


def _transform(shape: Any) -> Any:
    if shape.tag == f"{{{_P}}}graphicFrame":
        return shape.find(f"{{{_P}}}xfrm")
    if shape.tag == INK:
        return shape.find(f"{{{_P14}}}xfrm")
    props = shape.find(f"{{{_P}}}grpSpPr" if shape.tag == GROUP else f"{{{_P}}}spPr")
    return props.find(f"{{{_A}}}xfrm") if props is not None else None


def _pair(element: Any, first: str, second: str) -> tuple[int, int] | None:
    if element is None:
        return None
    a, b = element.get(first, ""), element.get(second, "")
    try:
        return int(a), int(b)
    except ValueError:
        return None


def own_box(shape: Any) -> Box | None:
    """Where a shape says it is drawn (in its group's space, if it is in one), or ``None``
    where it says nothing (a placeholder drawn where its layout puts it)."""
    xfrm = _transform(shape)
    if xfrm is None:
        return None
    offset = _pair(xfrm.find(f"{{{_A}}}off"), "x", "y")
    extent = _pair(xfrm.find(f"{{{_A}}}ext"), "cx", "cy")
    if offset is None or extent is None:
        return None
    return offset[0], offset[1], offset[0] + extent[0], offset[1] + extent[1]


def in_slide(box: Box, groups: tuple[Any, ...]) -> Box | None:
    """``box``, given in the space of the innermost of ``groups``, on the slide: each group
    maps its child space (``chOff``, ``chExt``) onto where it is drawn (``off``, ``ext``)."""
    left, top, right, bottom = (float(v) for v in box)
    for group in reversed(groups):
        xfrm = _transform(group)
        outer = own_box(group)
        child = _pair(xfrm.find(f"{{{_A}}}chOff"), "x", "y") if xfrm is not None else None
        size = _pair(xfrm.find(f"{{{_A}}}chExt"), "cx", "cy") if xfrm is not None else None
        if outer is None or child is None or size is None:
            return None
        sx = (outer[2] - outer[0]) / size[0] if size[0] else 1.0
        sy = (outer[3] - outer[1]) / size[1] if size[1] else 1.0
        left, right = (outer[0] + (v - child[0]) * sx for v in (left, right))
        top, bottom = (outer[1] + (v - child[1]) * sy for v in (top, bottom))
    return round(left), round(top), round(right), round(bottom)


def _placeholder_index(shape: Any) -> str:
    nv = _non_visual(shape)
    ph = nv.find(f"{{{_P}}}nvPr/{{{_P}}}ph") if nv is not None else None
    return ph.get("idx", "0") if ph is not None else ""


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""  # a comment has no name


def _non_visual(shape: Any) -> Any:
    """A shape's non-visual properties (``p:nvSpPr``…; ink's are ``p14:nvContentPartPr``)."""
    for child in shape:
        if _local(child).startswith("nv"):
            return child
    return None


def non_visual_props(shape: Any) -> Any:
    """A shape's ``cNvPr``: its id, name, alternative text (``descr``), hidden, decorative."""
    nv = _non_visual(shape)
    return next((c for c in nv if _local(c) == "cNvPr"), None) if nv is not None else None


def shape_name(shape: Any) -> str:
    found = non_visual_props(shape)
    return found.get("name", "") if found is not None else ""


def placeholder_type(shape: Any) -> str | None:
    """The placeholder type (``title``, ``body``, ``dt``…) or ``None`` for a plain shape."""
    nv = _non_visual(shape)
    ph = nv.find(f"{{{_P}}}nvPr/{{{_P}}}ph") if nv is not None else None
    return None if ph is None else ph.get("type", "body")


def is_title(shape: Any) -> bool:
    return placeholder_type(shape) in ("title", "ctrTitle")


def is_footer(shape: Any) -> bool:
    """A footer placeholder (date, footer text, slide number) or a footer text box."""
    kind = placeholder_type(shape)
    return kind in _FOOTER_TYPES or (kind is None and shape_name(shape).startswith(FOOTER_NAME))


def shape_text(shape: Any) -> str:
    """The text of a shape as a reader would copy it: paragraphs on lines of their own."""
    body = shape.find(f"{{{_P}}}txBody")
    if body is None:
        return ""
    return "\n".join(paragraph_text(p) for p in body.iter(f"{{{_A}}}p"))


def paragraph_text(paragraph: Any) -> str:
    """The text of a paragraph (``a:p``), a line break in it (``a:br``) read as a space:
    the deck ends a wrapping paragraph's lines with them, between two words."""
    return "".join(
        " " if node.tag == f"{{{_A}}}br" else (node.text or "")
        for node in paragraph.iter(f"{{{_A}}}t", f"{{{_A}}}br")
    )
