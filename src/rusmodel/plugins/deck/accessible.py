"""The accessibility pass (tillgänglighet): what a published deck needs, applied to every slide.

Run once on the saved deck, after every section has made its slides, so the
rules hold for every slide whichever section made it (see
:mod:`rusmodel.accessibility` for the rules and :mod:`.checker` for the check):

- the reading order is the title, then the slide's content as it is laid out
  (top to bottom, the left of two shapes side by side first; shapes already in
  that order keep the order they were made in), then the footer (date, footer
  text, slide number);
- every run of text, on slides and in charts, says its language (sv-SE, en-GB);
- every table and chart gets alternative text (``descr``) saying what it shows:
  a table its columns and rows, a chart its kind, series and values;
- a slide title that an earlier slide already has gets a number ("(forts. 2)");
- text on a filled table cell whose colour does not reach 4.5:1 is made black
  or white (a template's light accent colour under the white header text);
- chart series without a colour of their own take a palette that readers with
  red-green colour blindness can tell apart (:data:`SAFE_PALETTE`), unless the
  template's palette is asked for (``--palette template``).
"""

from __future__ import annotations

import math
from typing import Any

from rusmodel.accessibility import INVISIBLE_CHARACTERS, contrast, min_contrast, readable_on
from rusmodel.plugins.deck.package import (
    REL_CHART,
    DeckPackage,
    is_footer,
    is_title,
    nested_shapes,
    paragraph_text,
    shapes,
    tree_member,
)
from rusmodel.plugins.deck.readingorder import first_jump, laid_out_order, reading_box
from rusmodel.plugins.deck.theme import lxml_etree
from rusmodel.plugins.deck.themecolours import A, Palette, fill_colour

__all__ = [
    "PALETTES",
    "SAFE_PALETTE",
    "chart_description",
    "make_accessible",
    "table_description",
]

SAFE_PALETTE = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "000000")
"""Okabe and Ito's colours for colour-blind readers, the darker first (bars on white)."""
PALETTES = ("accessible", "template")
"""``accessible``: :data:`SAFE_PALETTE`; ``template``: the template's accent colours."""

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_INVISIBLE = INVISIBLE_CHARACTERS

# The words of the alternative text. They describe the deck's own charts and tables, so
# they live with the pass that writes them.
_WORDS = {
    "sv": {
        "bar": "Liggande stapeldiagram",
        "col": "Stapeldiagram",
        "chart": "Diagram",
        "table": "Tabell",
        "columns": "Kolumner",
        "rows": "{n} rader",
        "row": "1 rad",
        "points": "{n} värden i {s} serier",
        "decimal": ",",
    },
    "en": {
        "bar": "Horizontal bar chart",
        "col": "Column chart",
        "chart": "Chart",
        "table": "Table",
        "columns": "Columns",
        "rows": "{n} rows",
        "row": "1 row",
        "points": "{n} values in {s} series",
        "decimal": ".",
    },
}
MAX_SPOKEN_VALUES = 60
"""A chart's values are said in its alternative text up to this many; beyond, only how many."""


def _tag(lang: str) -> str:
    return "en-GB" if lang == "en" else "sv-SE"


def make_accessible(data: bytes, lang: str, palette: str = "accessible") -> bytes:
    """The saved deck ``data`` with the accessibility pass applied (see the module's text)."""
    package = DeckPackage(data)
    words = _WORDS["en" if lang == "en" else "sv"]
    tag = _tag(lang)
    taken: dict[str, int] = {}
    charts_done: set[str] = set()
    for slide in package.slides():
        root = package.xml(slide)
        colours = package.palette(slide)
        rels = package.rels(slide)
        title = _reading_order(package, slide, root)
        text = _unique_title(title, taken) if title is not None else ""
        _set_language(root, tag)
        _fix_contrast(root, colours)
        for shape, _ in nested_shapes(root):
            _describe(package, shape, rels, words, text, tag, palette, charts_done)
        package.write(slide, root)
    return package.save()


# -- reading order ----------------------------------------------------------------------------


def _reading_order(package: DeckPackage, slide: str, root: Any) -> Any:
    """Put the title first, the content in layout order and the footer last in the shape
    tree; return the title shape."""
    found = shapes(root)
    if not found:
        return None
    tree = tree_member(found[0]).getparent()
    title = next((s for s in found if is_title(s)), None)
    footer = [s for s in found if is_footer(s)]
    body = [s for s in found if s is not title and not is_footer(s)]
    boxes = [reading_box(package, slide, s) for s in body]
    if first_jump(boxes, package.slide_size()) is not None:
        body = [body[i] for i in laid_out_order(boxes, package.slide_size())]
    ordered = ([title] if title is not None else []) + body + footer
    if ordered == found:
        return title
    # content given two ways (mc:AlternateContent) moves as a whole, where its shape goes
    members: list[Any] = []
    for shape in ordered:
        member = tree_member(shape)
        if not any(member is m for m in members):
            members.append(member)
    end = tree.find(f"{{{P}}}extLst")
    for member in members:
        tree.remove(member)
    for member in members:
        if end is not None:
            end.addprevious(member)
        else:
            tree.append(member)
    return title


# -- language ---------------------------------------------------------------------------------


def _set_language(root: Any, tag: str) -> None:
    """Give every run, field and paragraph end without a language ``tag``."""
    etree = lxml_etree()

    for run in (*root.iter(f"{{{A}}}r"), *root.iter(f"{{{A}}}fld")):
        props = run.find(f"{{{A}}}rPr")
        if props is None:
            props = etree.Element(f"{{{A}}}rPr")
            run.insert(0, props)
        if not props.get("lang"):
            props.set("lang", tag)
    for props in (*root.iter(f"{{{A}}}endParaRPr"), *root.iter(f"{{{A}}}defRPr")):
        if not props.get("lang"):
            props.set("lang", tag)


# -- contrast ---------------------------------------------------------------------------------


def _set_fill(props: Any, colour: str) -> None:
    etree = lxml_etree()

    old = props.find(f"{{{A}}}solidFill")
    fill = etree.Element(f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour)
    if old is not None:
        old.addprevious(fill)
        props.remove(old)
        return
    line = props.find(f"{{{A}}}ln")
    if line is not None:
        line.addnext(fill)
    else:
        props.insert(0, fill)


def _fix_contrast(root: Any, colours: Palette) -> None:
    """Make the text of a filled table cell black or white where its colour reads too faintly."""
    text_default = colours.scheme("tx1") or "000000"
    for cell in root.iter(f"{{{A}}}tc"):
        fill = fill_colour(cell.find(f"{{{A}}}tcPr"), colours)
        if fill is None:
            continue
        for run in cell.iter(f"{{{A}}}r"):
            props = run.find(f"{{{A}}}rPr")
            if props is None or not (run.findtext(f"{{{A}}}t") or "").strip():
                continue
            colour = fill_colour(props, colours) or text_default
            size = int(props.get("sz")) / 100 if props.get("sz") else None
            bold = props.get("b") in ("1", "true")
            if contrast(colour, fill) < min_contrast(size, bold):
                _set_fill(props, readable_on(fill))


# -- alternative text -------------------------------------------------------------------------


def _graphic_uri(shape: Any) -> str:
    data = shape.find(f"{{{A}}}graphic/{{{A}}}graphicData")
    return data.get("uri", "") if data is not None else ""


def _name_props(shape: Any) -> Any:
    return shape.find(f"{{{P}}}nvGraphicFramePr/{{{P}}}cNvPr")


def _describe(
    package: DeckPackage,
    shape: Any,
    rels: dict[str, tuple[str, str]],
    words: dict[str, str],
    title: str,
    tag: str,
    palette: str,
    charts_done: set[str],
) -> None:
    if shape.tag != f"{{{P}}}graphicFrame":
        return
    props = _name_props(shape)
    uri = _graphic_uri(shape)
    if uri == _TABLE_URI:
        table = shape.find(f"{{{A}}}graphic/{{{A}}}graphicData/{{{A}}}tbl")
        if props is not None and not props.get("descr") and table is not None:
            props.set("descr", table_description(table, words, title))
    elif uri == _CHART_URI:
        ref = shape.find(f"{{{A}}}graphic/{{{A}}}graphicData/{{{C}}}chart")
        rel = rels.get(ref.get(f"{{{R}}}id", "")) if ref is not None else None
        if rel is None or rel[0] != REL_CHART or not package.has(rel[1]):
            return
        chart = package.xml(rel[1])
        if rel[1] not in charts_done:
            charts_done.add(rel[1])
            _finish_chart(chart, tag, palette)
            package.write(rel[1], chart)
        if props is not None and not props.get("descr"):
            props.set("descr", chart_description(chart, words, title))


def _cell_text(cell: Any) -> str:
    paragraphs = [paragraph_text(p) for p in cell.iter(f"{{{A}}}p")]
    return _INVISIBLE.sub("", " ".join(p for p in paragraphs if p)).strip()


def table_description(table: Any, words: dict[str, str], title: str) -> str:
    """A table's alternative text: what it is about, its columns and how many rows it has."""
    rows = table.findall(f"{{{A}}}tr")
    header = [_cell_text(c) for c in rows[0].findall(f"{{{A}}}tc")] if rows else []
    count = max(len(rows) - 1, 0)
    rows_text = words["row"] if count == 1 else words["rows"].format(n=count)
    columns = ", ".join(h for h in header if h)
    about = f"{words['table']}: {title}." if title else f"{words['table']}."
    return f"{about} {words['columns']}: {columns}. {rows_text}."


def _number(text: str, decimal: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    shown = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return shown.replace(".", decimal).replace("-", "\u2212")


def chart_description(chart: Any, words: dict[str, str], title: str) -> str:
    """A chart's alternative text: its kind and title, then its values by category.

    ``Stapeldiagram: Sjukfrånvaro. 2021: 5,3; 2022: 4,9.`` for one series;
    ``Liggande stapeldiagram: … Välmående: Grön 5, Gul 1, Röd 0; …`` for several.
    A chart of more than :data:`MAX_SPOKEN_VALUES` values says how many it has.
    """
    plot = chart.find(f"{{{C}}}chart/{{{C}}}plotArea")
    kind = words["chart"]
    bar = plot.find(f"{{{C}}}barChart") if plot is not None else None
    if bar is not None:
        direction = bar.find(f"{{{C}}}barDir")
        kind = (
            words["bar"]
            if direction is not None and direction.get("val") == "bar"
            else words["col"]
        )
    own_title = chart.find(f"{{{C}}}chart/{{{C}}}title")
    name = title
    if own_title is not None:
        text = "".join(t.text or "" for t in own_title.iter(f"{{{A}}}t")).strip()
        name = f"{title}, {text}" if title and text and text not in title else (text or title)
    series = [] if plot is None else list(plot.iter(f"{{{C}}}ser"))
    names = [" ".join(v.text or "" for v in s.findall(f"{{{C}}}tx//{{{C}}}v")) for s in series]
    categories: list[str] = []
    if series:
        categories = [
            pt.findtext(f"{{{C}}}v") or "" for pt in series[0].findall(f"{{{C}}}cat//{{{C}}}pt")
        ]
    values: list[dict[int, str]] = []
    for item in series:
        found = {}
        for pt in item.findall(f"{{{C}}}val//{{{C}}}pt"):
            found[int(pt.get("idx", "0"))] = _number(
                pt.findtext(f"{{{C}}}v") or "", words["decimal"]
            )
        values.append(found)
    head = f"{kind}: {_INVISIBLE.sub('', name)}." if name else f"{kind}."
    total = sum(len(v) for v in values)
    if total > MAX_SPOKEN_VALUES:
        return f"{head} {words['points'].format(n=total, s=len(series))}."
    parts = []
    for index, category in enumerate(categories):
        if len(series) == 1:
            if index in values[0]:
                parts.append(f"{category}: {values[0][index]}")
            continue
        said = [f"{n} {v[index]}" for n, v in zip(names, values, strict=True) if index in v]
        if said:
            parts.append(f"{category}: {', '.join(said)}")
    return f"{head} {'; '.join(parts)}." if parts else head


# -- charts -----------------------------------------------------------------------------------


def _finish_chart(chart: Any, tag: str, palette: str) -> None:
    """A chart's language, and the safe palette for series without a colour of their own."""
    etree = lxml_etree()

    language = chart.find(f"{{{C}}}lang")
    if language is None:
        language = etree.Element(f"{{{C}}}lang")
        first = chart.find(f"{{{C}}}date1904")
        if first is not None:
            first.addnext(language)
        else:
            chart.insert(0, language)
    language.set("val", tag)
    for props in (*chart.iter(f"{{{A}}}rPr"), *chart.iter(f"{{{A}}}defRPr")):
        if not props.get("lang"):
            props.set("lang", tag)
    for run in chart.iter(f"{{{A}}}r"):
        if run.find(f"{{{A}}}rPr") is None:
            run.insert(0, etree.Element(f"{{{A}}}rPr", lang=tag))
    if palette != "accessible":
        return
    for index, series in enumerate(chart.iter(f"{{{C}}}ser")):
        shape_props = series.find(f"{{{C}}}spPr")
        if shape_props is not None and shape_props.find(f"{{{A}}}solidFill") is not None:
            continue
        if shape_props is None:
            shape_props = etree.Element(f"{{{C}}}spPr")
            after = series.find(f"{{{C}}}tx")
            if after is None:
                after = series.find(f"{{{C}}}order")
            after.addnext(shape_props)
        fill = etree.Element(f"{{{A}}}solidFill")
        etree.SubElement(fill, f"{{{A}}}srgbClr", val=SAFE_PALETTE[index % len(SAFE_PALETTE)])
        shape_props.insert(0, fill)


# -- titles -----------------------------------------------------------------------------------


def _numbered(title: str, number: int, inside: bool) -> str:
    """``title`` as its ``number``-th occurrence: "X (forts.)" → "X (forts. 2)" (``inside``
    the brackets), "X" → "X (2)"."""
    return f"{title[:-1]} {number})" if inside else f"{title} ({number})"


def _unique_title(shape: Any, taken: dict[str, int]) -> str:
    """The slide's title, numbered where an earlier slide has it (a table continued over
    three slides: "X", "X (forts.)", "X (forts. 2)"); ``taken`` counts the titles so far."""
    texts = list(shape.iter(f"{{{A}}}t"))
    title = _INVISIBLE.sub("", "".join(t.text or "" for t in texts)).strip()
    if not title or title not in taken:
        taken[title] = 1
        return title
    last = texts[-1]
    inside = title.endswith(")") and (last.text or "").endswith(")")
    number = taken[title] + 1
    while _numbered(title, number, inside) in taken:
        number += 1
    taken[title] = number
    new = _numbered(title, number, inside)
    taken[new] = 1
    text = last.text or ""
    last.text = f"{text[:-1]} {number})" if inside else f"{text} ({number})"
    return new
