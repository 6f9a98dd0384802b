"""The accessibility check of a deck (``rusmodel check DECK.pptx``): one problem per broken rule.

:func:`check_deck` reads any .pptx file, not only rusmodel's, and reports each
place where one of :data:`rusmodel.accessibility.RULES` is broken, naming the
slide and the shape (``deck.pptx: slide 4, "Chart 7": alt-text: …``). It
checks what PowerPoint's own accessibility checker and WCAG 2.1 AA ask of a
published deck; a deck rusmodel writes passes it (the accessibility pass,
:mod:`.accessible`, sees to that).
"""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path
from typing import Any

from rusmodel.accessibility import (
    ALIKE_DISTANCE,
    INVISIBLE_CHARACTERS,
    contrast,
    finding,
    invisible_text,
    min_contrast,
    seen_distance,
)
from rusmodel.plugins.deck.languages import CORE_PROPERTIES, DeckLanguage, declared_language
from rusmodel.plugins.deck.package import (
    GROUP,
    INK,
    REL_CHART,
    DeckPackage,
    is_footer,
    is_title,
    nested_shapes,
    non_visual_props,
    paragraph_text,
    shape_name,
    shape_text,
    shapes,
)
from rusmodel.plugins.deck.readingorder import first_jump, reading_box
from rusmodel.plugins.deck.themecolours import A, Palette, fill_colour
from rusmodel.problems import Problem

__all__ = ["check_deck"]

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_INVISIBLE = INVISIBLE_CHARACTERS
_WORDS = re.compile(r"\w")
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)$", re.IGNORECASE)
"""What python-pptx and older PowerPoints put as a picture's alternative text: its file name."""
_KINDS = {
    "http://schemas.openxmlformats.org/drawingml/2006/table": "table",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "diagram",
    # the newer chart kinds (waterfall, treemap, funnel…) and 3D models, given as a choice
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "chart",
    "http://schemas.microsoft.com/office/drawing/2017/model3d": "3D model",
}
_THEME_SERIES = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
"""PowerPoint's "Mark as decorative": such a shape is skipped by screen readers."""
_SEPARATOR = " › "
"""Between a group and a shape in it, in a place: ``"Group 3" › "Chart 7"``."""


def check_deck(path: str | Path, data: bytes | None = None) -> list[Problem]:
    """The accessibility problems of the deck at ``path`` (or of ``data``, named ``path``).

    Each problem's message starts with the rule it breaks and its place names
    the slide (counted from 1 in the deck's order) and the shape. A file that
    is not a deck gives one problem saying so.
    """
    name = str(path)
    try:
        raw = data if data is not None else Path(path).read_bytes()
        package = DeckPackage(raw)
        slides = package.slides()
    except OSError as exc:
        return [Problem(exc.strerror or str(exc), file=name)]
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        # SyntaxError: lxml's, for a part that is not XML
        return [Problem("is not a PowerPoint deck (.pptx)", file=name)]
    found: list[tuple[int, Problem]] = []
    titles: dict[str, int] = {}
    languages = DeckLanguage()
    for number, slide in enumerate(slides, start=1):
        problems: list[Problem] = []
        try:
            _Slide(package, slide, number, name, problems, titles, languages).check()
        except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
            problems.append(
                Problem(
                    f"cannot be read ({type(exc).__name__})", place=f"slide {number}", file=name
                )
            )
        found.extend((number, problem) for problem in problems)
    found.extend(languages.findings(name, _declared_language(package)))
    # a slide's language findings come after its other ones; the deck's, first
    return [problem for _, problem in sorted(found, key=lambda item: item[0])]


def _declared_language(package: DeckPackage) -> str | None:
    core = package.related("", CORE_PROPERTIES)
    try:
        return declared_language(package.xml(core)) if core is not None else None
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return None  # unreadable document properties: the text alone decides


def _quoted(text: str, limit: int = 40) -> str:
    text = " ".join(_INVISIBLE.sub("", text).split())
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'


class _Slide:
    """One slide's checks; findings are added to ``problems``, titles seen to ``titles``."""

    def __init__(
        self,
        package: DeckPackage,
        part: str,
        number: int,
        file: str,
        problems: list[Problem],
        titles: dict[str, int],
        languages: DeckLanguage,
    ) -> None:
        self.package = package
        self.part = part
        self.number = number
        self.file = file
        self.problems = problems
        self.titles = titles
        self.languages = languages
        self.root = package.xml(part)
        self.palette: Palette = package.palette(part)
        self.shapes = shapes(self.root)
        self.nested = nested_shapes(self.root)
        self.groups: dict[Any, tuple[Any, ...]] = dict(self.nested)

    def place(self, shape: Any | None) -> str:
        """Where ``shape`` is: ``slide 4, "Group 3" › "Chart 7"`` for a chart in a group."""
        if shape is None:
            return f"slide {self.number}"
        path = (*self.groups.get(shape, ()), shape)
        return f"slide {self.number}, " + _SEPARATOR.join(
            _quoted(shape_name(s) or "(unnamed)") for s in path
        )

    def report(self, rule: str, message: str, shape: Any | None = None) -> None:
        self.problems.append(finding(rule, message, self.file, self.place(shape)))

    def check(self) -> None:
        self.check_title()
        self.check_order()
        self.check_layout(self.shapes, ())
        self.check_language()
        for shape, _ in self.nested:
            self.check_shape(shape)

    # -- title and order ----------------------------------------------------------------------

    def check_title(self) -> None:
        title = next((s for s in self.shapes if is_title(s)), None)
        if title is None:
            self.report("title", "the slide has no title placeholder (a text box is not a title)")
            return
        text = " ".join(_INVISIBLE.sub("", shape_text(title)).split())
        if not text:
            self.report("title", "the title placeholder is empty", title)
            return
        earlier = self.titles.get(text)
        if earlier is not None:
            self.report(
                "unique-title", f"slide {earlier} has the same title {_quoted(text, 80)}", title
            )
        else:
            self.titles[text] = self.number

    def check_order(self) -> None:
        title = next((s for s in self.shapes if is_title(s)), None)
        if title is not None and self.shapes[0] is not title:
            self.report(
                "reading-order",
                f"the title is read after {_quoted(shape_name(self.shapes[0]))}; move it first",
                title,
            )
        footer_seen = None
        for shape in self.shapes:
            if is_footer(shape):
                footer_seen = shape if footer_seen is None else footer_seen
            elif footer_seen is not None:
                self.report(
                    "reading-order",
                    f"the footer {_quoted(shape_name(footer_seen))} is read before this; "
                    "move the footer last",
                    shape,
                )

    def check_layout(self, members: list[Any], groups: tuple[Any, ...]) -> None:
        """The rule ``layout-order`` for the slide's content (``members`` of the slide, or of
        the innermost of ``groups``), and for the members of each group in it."""
        body = [s for s in members if groups or not (is_title(s) or is_footer(s))]
        boxes = [reading_box(self.package, self.part, s, groups) for s in body]
        jump = first_jump(boxes, self.package.slide_size())
        if jump is not None:
            early, late, how = body[jump[0]], body[jump[1]], jump[2]
            self.report(
                "layout-order",
                f"this is read before {_quoted(shape_name(late))}, which is {how} it; "
                "read the slide top to bottom, the left of two shapes side by side first",
                early,
            )
        for group in body:
            if group.tag == GROUP:
                inner = [s for s, g in self.nested if g and g[-1] is group]
                self.check_layout(inner, (*groups, group))

    # -- language -----------------------------------------------------------------------------

    def check_language(self) -> None:
        for shape, _ in self.nested:
            if shape.tag == GROUP:
                continue  # its members are checked one by one
            if shape.tag != f"{{{P}}}graphicFrame" or self.kind(shape) == "table":
                self.languages.add_text(self.number, self.place(shape), shape)
            missing = _runs_without_language(shape)
            if missing:
                self.report(
                    "language",
                    f"{missing} piece(s) of text say no language (lang), "
                    f"e.g. {_quoted(_first_missing(shape))}",
                    shape,
                )

    # -- shapes -------------------------------------------------------------------------------

    def check_shape(self, shape: Any) -> None:
        kind = self.kind(shape)
        props = non_visual_props(shape)
        if kind is not None and not _decorative(props):
            descr = (props.get("descr") or "").strip() if props is not None else ""
            if not descr:
                self.report("alt-text", f"the {kind} has no alternative text (descr)", shape)
            elif _FILE_NAME.match(descr):
                self.report(
                    "alt-text",
                    f"the {kind}'s alternative text is only a file name ({_quoted(descr)})",
                    shape,
                )
        if kind == "table":
            table = shape.find(f"{{{A}}}graphic/{{{A}}}graphicData/{{{A}}}tbl")
            if table is not None:
                self.check_table(shape, table)
                self.check_invisible(shape, _paragraphs_text(table))
        elif kind == "chart":
            chart = self.chart(shape)
            if chart is not None:
                self.check_chart(shape, chart)
                values = (v.text or "" for v in chart.iter(f"{{{C}}}v"))
                self.check_invisible(shape, "\n".join((_paragraphs_text(chart), *values)))
        if shape.tag == f"{{{P}}}sp":
            self.check_filled_shape(shape)
            self.check_invisible(shape, shape_text(shape))

    def check_invisible(self, shape: Any, text: str) -> None:
        """The rule ``invisible-text``: one finding for the shape, naming the first one."""
        message = invisible_text(text)
        if message is not None:
            self.report("invisible-text", message, shape)

    def kind(self, shape: Any) -> str | None:
        """What alternative text a shape needs: ``picture``, ``chart``, ``table``, ``group``…"""
        if shape.tag == f"{{{P}}}pic":
            return "picture"
        if shape.tag == GROUP:
            return "group"
        if shape.tag == INK:
            return "ink drawing"
        if shape.tag != f"{{{P}}}graphicFrame":
            return None
        data = shape.find(f"{{{A}}}graphic/{{{A}}}graphicData")
        return _KINDS.get(data.get("uri", "") if data is not None else "", "graphic")

    def chart(self, shape: Any) -> Any:
        ref = shape.find(f"{{{A}}}graphic/{{{A}}}graphicData/{{{C}}}chart")
        rel = (
            self.package.rels(self.part).get(ref.get(f"{{{R}}}id", "")) if ref is not None else None
        )
        if rel is None or rel[0] != REL_CHART or not self.package.has(rel[1]):
            return None
        return self.package.xml(rel[1])

    # -- tables -------------------------------------------------------------------------------

    def check_table(self, shape: Any, table: Any) -> None:
        props = table.find(f"{{{A}}}tblPr")
        if props is None or props.get("firstRow") not in ("1", "true"):
            self.report("table-header", "the first row is not marked as the header row", shape)
        text_default = self.palette.scheme("tx1") or "000000"
        for row_number, row in enumerate(table.findall(f"{{{A}}}tr"), start=1):
            for column, cell in enumerate(row.findall(f"{{{A}}}tc"), start=1):
                cell_props = cell.find(f"{{{A}}}tcPr")
                fill = fill_colour(cell_props, self.palette)
                if fill is None:
                    continue
                where = f"row {row_number}, column {column}"
                text = " ".join(paragraph_text(p) for p in cell.iter(f"{{{A}}}p"))
                fixed = cell_props.find(f"{{{A}}}solidFill/{{{A}}}srgbClr") is not None
                if fixed and row_number > 1 and not _WORDS.search(_INVISIBLE.sub("", text)):
                    self.report(
                        "colour-only",
                        f"{where} is coloured {fill} but says nothing in words",
                        shape,
                    )
                self.check_runs(shape, cell, fill, text_default, where)

    def check_runs(self, shape: Any, holder: Any, fill: str, default: str, where: str) -> None:
        for run in holder.iter(f"{{{A}}}r"):
            text = run.findtext(f"{{{A}}}t") or ""
            if not _WORDS.search(text):
                continue
            props = run.find(f"{{{A}}}rPr")
            colour = fill_colour(props, self.palette) if props is not None else None
            colour = colour or default
            size = _size(props)
            bold = props is not None and props.get("b") in ("1", "true")
            ratio = contrast(colour, fill)
            needed = min_contrast(size, bold)
            if ratio < needed:
                self.report(
                    "contrast",
                    f"{where}: {_quoted(text)} in {colour} on {fill} has a contrast of "
                    f"{ratio:.1f}:1; it needs {needed:.1f}:1",
                    shape,
                )
                return

    def check_filled_shape(self, shape: Any) -> None:
        fill = fill_colour(shape.find(f"{{{P}}}spPr"), self.palette)
        if fill is not None and shape.find(f"{{{P}}}txBody") is not None:
            default = self.palette.scheme("tx1") or "000000"
            self.check_runs(shape, shape.find(f"{{{P}}}txBody"), fill, default, "its text")

    # -- charts -------------------------------------------------------------------------------

    def check_chart(self, shape: Any, chart: Any) -> None:
        language = chart.find(f"{{{C}}}lang")
        missing = sum(
            1 for props in chart.iter(f"{{{A}}}rPr", f"{{{A}}}defRPr") if not props.get("lang")
        )
        if language is None or missing:
            self.report("language", "the chart's text says no language (lang)", shape)
        self.languages.add_chart(self.number, self.place(shape), chart)
        series = list(chart.iter(f"{{{C}}}ser"))
        if not series:
            return
        for item in series:
            labels = item.find(f"{{{C}}}dLbls")
            shown = labels.find(f"{{{C}}}showVal") if labels is not None else None
            if shown is None or shown.get("val") not in ("1", "true"):
                name = " ".join(v.text or "" for v in item.findall(f"{{{C}}}tx//{{{C}}}v"))
                self.report(
                    "data-labels",
                    f"the series {_quoted(name)} writes no values on its bars (data labels)",
                    shape,
                )
                break
        own_title = chart.find(f"{{{C}}}chart/{{{C}}}title")
        deleted = chart.find(f"{{{C}}}chart/{{{C}}}autoTitleDeleted")
        if (
            len(series) == 1
            and own_title is None
            and (deleted is None or deleted.get("val") not in ("1", "true"))
        ):
            self.report(
                "chart-title",
                "the chart has one series and no title, so PowerPoint shows the series name "
                "as its title; set autoTitleDeleted",
                shape,
            )
        legend = chart.find(f"{{{C}}}chart/{{{C}}}legend")
        if len(series) > 1 and legend is None:
            self.report("colour-only", "the chart has several series and no legend", shape)
        self.check_palette(shape, series)

    def check_palette(self, shape: Any, series: list[Any]) -> None:
        colours: list[tuple[str, str]] = []
        for index, item in enumerate(series):
            fill = fill_colour(item.find(f"{{{C}}}spPr"), self.palette)
            if fill is None:
                fill = self.palette.scheme(_THEME_SERIES[index % len(_THEME_SERIES)])
            name = " ".join(v.text or "" for v in item.findall(f"{{{C}}}tx//{{{C}}}v"))
            if fill is not None:
                colours.append((name, fill))
            labels = item.find(f"{{{C}}}dLbls")
            position = labels.find(f"{{{C}}}dLblPos") if labels is not None else None
            if (
                fill is not None
                and position is not None
                and position.get("val") in ("ctr", "inEnd", "inBase")
            ):
                text = labels.find(f"{{{C}}}txPr/{{{A}}}p/{{{A}}}pPr/{{{A}}}defRPr")
                colour = fill_colour(text, self.palette) or self.palette.scheme("tx1") or "000000"
                size = _size(text)
                bold = text is not None and text.get("b") in ("1", "true")
                ratio = contrast(colour, fill)
                if ratio < min_contrast(size, bold):
                    self.report(
                        "contrast",
                        f"the values on the bars of {_quoted(name)} ({colour} on {fill}) have a "
                        f"contrast of {ratio:.1f}:1",
                        shape,
                    )
        for (first, a), (second, b) in itertools.combinations(colours, 2):
            if a != b and seen_distance(a, b) < ALIKE_DISTANCE:
                self.report(
                    "palette",
                    f"the series {_quoted(first)} ({a}) and {_quoted(second)} ({b}) look alike "
                    "to a reader with red-green colour blindness",
                    shape,
                )
                return


def _paragraphs_text(holder: Any) -> str:
    """The text of every paragraph in ``holder`` (a table, a chart), a line each."""
    return "\n".join(paragraph_text(p) for p in holder.iter(f"{{{A}}}p"))


def _size(props: Any) -> float | None:
    """A run's font size in points (``sz`` is in hundredths), ``None`` where unknown."""
    raw = props.get("sz") if props is not None else None
    return int(raw) / 100 if raw and raw.isdigit() else None


def _decorative(props: Any) -> bool:
    """Whether a shape is marked decorative, so that it needs no alternative text."""
    if props is None:
        return False
    mark = next(props.iter(_DECORATIVE), None)
    return mark is not None and mark.get("val") in ("1", "true")


def _runs_without_language(shape: Any) -> int:
    count = 0
    for run in shape.iter(f"{{{A}}}r", f"{{{A}}}fld"):
        props = run.find(f"{{{A}}}rPr")
        if props is None or not props.get("lang"):
            count += 1
    return count


def _first_missing(shape: Any) -> str:
    for run in shape.iter(f"{{{A}}}r", f"{{{A}}}fld"):
        props = run.find(f"{{{A}}}rPr")
        if props is None or not props.get("lang"):
            return run.findtext(f"{{{A}}}t") or ""
    return ""
