"""The floor: the same visible work written directly with the libraries rusmodel builds on.

Each baseline is what a competent developer would write with the raw library
to produce the same thing, given the content already laid out: the same
slides with the same titles, texts, tables (rows, columns, cell texts, status
fills, column widths, row heights) and charts (type, categories, series,
colours, labels); the same cells on the same sheets of a workbook; the same
values read from a workbook; the same data parsed from a plan file.

What is to be drawn is read once from rusmodel's own output (:func:`deck_spec`,
:func:`workbook_spec`), outside the timing, so a baseline does exactly the
visible work and none of rusmodel's planning (pagination, text measuring,
column widths, checks).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, BinaryIO

__all__ = [
    "CellStyle",
    "ChartSpec",
    "DeckSpec",
    "SheetSpec",
    "SlideSpec",
    "TableSpec",
    "TextSpec",
    "WorkbookSpec",
    "deck_spec",
    "read_json_raw",
    "read_workbook_openpyxl",
    "read_workbook_raw",
    "read_yaml_raw",
    "workbook_spec",
    "write_deck_raw",
    "write_workbook_raw",
]


# -- deck -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TextSpec:
    """A text box: where it is and its paragraphs, at one font size."""

    left: int
    top: int
    width: int
    height: int
    paragraphs: list[str]
    size: float


@dataclasses.dataclass(frozen=True)
class TableSpec:
    """A table: position, column widths and row heights (EMU), cell texts, status fills."""

    left: int
    top: int
    widths: list[int]
    heights: list[int]
    cells: list[list[str]]
    fills: list[list[str | None]]
    size: float


@dataclasses.dataclass(frozen=True)
class ChartSpec:
    """A native chart: its type, box, categories and series (name, values, colour)."""

    kind: int
    left: int
    top: int
    width: int
    height: int
    categories: list[str]
    series: list[tuple[str, list[float | None], str | None]]
    title: str | None
    labels: bool


@dataclasses.dataclass(frozen=True)
class SlideSpec:
    title: str
    texts: list[TextSpec]
    tables: list[TableSpec]
    charts: list[ChartSpec]


@dataclasses.dataclass(frozen=True)
class DeckSpec:
    width: int
    height: int
    slides: list[SlideSpec]

    @property
    def table_cells(self) -> int:
        return sum(len(r) for s in self.slides for t in s.tables for r in t.cells)


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _paragraphs(body: Any) -> list[str]:
    """The text of each paragraph (``a:p``) under ``body``."""
    return ["".join(t.text or "" for t in p.iter(f"{_A}t")) for p in body.iter(f"{_A}p")]


def _run_size(body: Any, default: float) -> float:
    """The first explicit run size under ``body``, in points."""
    for props in body.iter(f"{_A}rPr"):
        size = props.get("sz")
        if size is not None:
            return int(size) / 100
    return default


def _table(frame: Any, left: int, top: int) -> TableSpec:
    tbl = next(frame.iter(f"{_A}tbl"))
    cells: list[list[str]] = []
    fills: list[list[str | None]] = []
    for tr in tbl.iter(f"{_A}tr"):
        texts: list[str] = []
        colours: list[str | None] = []
        for tc in tr.iter(f"{_A}tc"):
            texts.append("\n".join(_paragraphs(tc)))
            colour = tc.find(f"{_A}tcPr/{_A}solidFill/{_A}srgbClr")
            colours.append(None if colour is None else str(colour.get("val")))
        cells.append(texts)
        fills.append(colours)
    rows = list(tbl.iter(f"{_A}tr"))
    return TableSpec(
        left=left,
        top=top,
        widths=[int(c.get("w")) for c in tbl.iter(f"{_A}gridCol")],
        heights=[int(r.get("h")) for r in rows],
        cells=cells,
        fills=fills,
        size=_run_size(rows[1] if len(rows) > 1 else rows[0], 12.0),
    )


def _chart(shape: Any) -> ChartSpec:
    chart = shape.chart
    plot = chart.plots[0]
    series: list[tuple[str, list[float | None], str | None]] = []
    labels = False
    for item in plot.series:
        colour = None
        fill = item.format.fill
        if fill.type == 1:  # MSO_FILL.SOLID
            colour = str(fill.fore_color.rgb)
        labels = (
            labels
            or item._element.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}dLbls")
            is not None
        )
        series.append((item.name, list(item.values), colour))
    title = chart.chart_title.text_frame.text if chart.has_title else None
    return ChartSpec(
        kind=int(chart.chart_type),
        left=int(shape.left),
        top=int(shape.top),
        width=int(shape.width),
        height=int(shape.height),
        categories=[str(c) for c in plot.categories],
        series=series,
        title=title,
        labels=labels,
    )


def deck_spec(path: Path) -> DeckSpec:
    """What a deck shows, slide by slide: read from a .pptx (python-pptx and its XML)."""
    from pptx import Presentation

    prs = Presentation(str(path))
    # A placeholder without a position of its own takes its layout's; look each up once.
    boxes: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    slides = []
    for slide in prs.slides:
        title = ""
        texts: list[TextSpec] = []
        tables: list[TableSpec] = []
        charts: list[ChartSpec] = []
        for shape in slide.shapes:
            element = shape._element
            ph = element.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
            kind = ph.get("type", "obj") if ph is not None else ""
            if kind in ("title", "ctrTitle"):
                title = "\n".join(_paragraphs(element))
                continue
            off = element.find(f".//{_A}off")
            ext = element.find(f".//{_A}ext[@cx]")
            if off is None:
                off = element.find(f".//{_P}xfrm/{_A}off")
                ext = element.find(f".//{_P}xfrm/{_A}ext")
            if shape.has_chart:
                charts.append(_chart(shape))
            elif off is not None and element.find(f".//{_A}tbl") is not None:
                tables.append(_table(element, int(off.get("x")), int(off.get("y"))))
            elif element.find(f"{_P}txBody") is not None:
                paragraphs = _paragraphs(element.find(f"{_P}txBody"))
                if not any(paragraphs):
                    continue
                box: tuple[int, int, int, int]
                if off is not None and ext is not None:
                    box = (
                        int(off.get("x")),
                        int(off.get("y")),
                        int(ext.get("cx")),
                        int(ext.get("cy")),
                    )
                else:
                    key = (str(slide.slide_layout.part.partname), kind + ph.get("idx", ""))
                    if key not in boxes:
                        found = (shape.left, shape.top, shape.width, shape.height)
                        boxes[key] = (found[0] or 0, found[1] or 0, found[2] or 0, found[3] or 0)
                    box = boxes[key]
                left, top, width, height = box
                texts.append(
                    TextSpec(left, top, width, height, paragraphs, size=_run_size(element, 11.0))
                )
        slides.append(SlideSpec(title=title, texts=texts, tables=tables, charts=charts))
    return DeckSpec(
        width=int(prs.slide_width or 0), height=int(prs.slide_height or 0), slides=slides
    )


def write_deck_raw(spec: DeckSpec, out: BinaryIO) -> None:
    """The deck written with plain python-pptx: a Title Only slide per slide, cell by cell."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Emu, Pt

    # python-pptx leaves these unannotated
    colour_of: Any = RGBColor.from_string
    chart_data: Any = CategoryChartData
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(spec.width), Emu(spec.height)
    layout = prs.slide_layouts[5]  # "Title Only" in the default template
    for source in spec.slides:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = source.title
        for text in source.texts:
            box = slide.shapes.add_textbox(
                Emu(text.left), Emu(text.top), Emu(text.width), Emu(text.height)
            )
            frame = box.text_frame
            frame.word_wrap = True
            for index, line in enumerate(text.paragraphs):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                run = paragraph.add_run()
                run.text = line
                run.font.size = Pt(text.size)
        for spec_table in source.tables:
            rows, columns = len(spec_table.cells), len(spec_table.widths)
            shape = slide.shapes.add_table(
                rows,
                columns,
                Emu(spec_table.left),
                Emu(spec_table.top),
                Emu(sum(spec_table.widths)),
                Emu(sum(spec_table.heights)),
            )
            table = shape.table
            for column, width in zip(table.columns, spec_table.widths, strict=True):
                column.width = Emu(width)
            for row, height in zip(table.rows, spec_table.heights, strict=True):
                row.height = Emu(height)
            size = Pt(spec_table.size)
            for r, (texts, fills) in enumerate(
                zip(spec_table.cells, spec_table.fills, strict=True)
            ):
                for c, (value, colour) in enumerate(zip(texts, fills, strict=True)):
                    cell = table.cell(r, c)
                    cell.text = value
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = size
                    if colour is not None:
                        cell.fill.solid()
                        cell.fill.fore_color.rgb = colour_of(colour)
        for chart_spec in source.charts:
            data = chart_data()
            data.categories = chart_spec.categories
            for name, values, _ in chart_spec.series:
                data.add_series(name, values)
            frame = slide.shapes.add_chart(
                chart_spec.kind,
                Emu(chart_spec.left),
                Emu(chart_spec.top),
                Emu(chart_spec.width),
                Emu(chart_spec.height),
                data,
            )
            chart = frame.chart
            chart.has_title = chart_spec.title is not None
            if chart_spec.title is not None:
                chart.chart_title.text_frame.text = chart_spec.title
            chart.has_legend = len(chart_spec.series) > 1
            if chart.has_legend:
                chart.legend.position = XL_LEGEND_POSITION.BOTTOM
                chart.legend.include_in_layout = False
            for drawn, (_, _, colour) in zip(chart.plots[0].series, chart_spec.series, strict=True):
                if colour is not None:
                    drawn.format.fill.solid()
                    drawn.format.fill.fore_color.rgb = colour_of(colour)
                if chart_spec.labels:
                    drawn.data_labels.show_value = True
    prs.save(out)


# -- workbook ---------------------------------------------------------------------------------


_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclasses.dataclass(frozen=True)
class CellStyle:
    """How a cell looks: number format, bold, fill (``RRGGBB``), wrapping, vertical alignment."""

    number_format: str = "General"
    bold: bool = False
    fill: str | None = None
    wrap: bool = False
    vertical: str | None = None


@dataclasses.dataclass(frozen=True)
class SheetSpec:
    """Everything a sheet shows: its cells (value and style) and its rows', columns' and
    sheet's settings (widths, heights, hidden rows, frozen panes, filter, colour rules,
    drop-down lists)."""

    name: str
    hidden: bool
    widths: list[tuple[int, float, bool]]
    freeze: str | None
    rows: list[tuple[int, float | None, bool, list[tuple[int, Any, int]]]]
    autofilter: str | None
    colour_rules: list[tuple[str, str, str, str]]
    lists: list[tuple[str, str]]

    @property
    def cells(self) -> int:
        return sum(len(cells) for _, _, _, cells in self.rows)


@dataclasses.dataclass(frozen=True)
class WorkbookSpec:
    styles: list[CellStyle]
    sheets: list[SheetSpec]

    @property
    def cells(self) -> int:
        return sum(s.cells for s in self.sheets)


_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 49: "@"}


def _styles(xml: bytes) -> tuple[list[CellStyle], list[tuple[str, str]]]:
    """The cell styles (by index) and the colour rules' (fill, font colour) pairs of a workbook."""
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(xml)
    formats = dict(_BUILTIN_FORMATS)
    for fmt in root.iter(f"{_S}numFmt"):
        formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
    fonts = [f.find(f"{_S}b") is not None for f in root.find(f"{_S}fonts")]
    fills: list[str | None] = []
    for fill in root.find(f"{_S}fills"):
        colour = fill.find(f"{_S}patternFill/{_S}fgColor")
        fills.append(None if colour is None else str(colour.get("rgb"))[-6:])
    styles = []
    for xf in root.find(f"{_S}cellXfs"):
        align = xf.find(f"{_S}alignment")
        styles.append(
            CellStyle(
                number_format=formats.get(int(xf.get("numFmtId", 0)), "General"),
                bold=fonts[int(xf.get("fontId", 0))],
                fill=fills[int(xf.get("fillId", 0))],
                wrap=align is not None and align.get("wrapText") in ("1", "true"),
                vertical=align.get("vertical") if align is not None else None,
            )
        )
    dxfs = []
    for dxf in root.iter(f"{_S}dxf"):
        fill = dxf.find(f"{_S}fill/{_S}patternFill/{_S}fgColor")
        font = dxf.find(f"{_S}font/{_S}color")
        dxfs.append(
            (
                "" if fill is None else str(fill.get("rgb"))[-6:],
                "" if font is None else str(font.get("rgb"))[-6:],
            )
        )
    return styles, dxfs


def _column(ref: str) -> int:
    number = 0
    for char in ref:
        if char.isalpha():
            number = number * 26 + ord(char.upper()) - 64
        else:
            break
    return number


def _value(cell: Any) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_S}t"))
    text = cell.findtext(f"{_S}v")
    if text is None:
        return None
    if kind == "n":
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "b":
        return text == "1"
    return text


def _sheet(name: str, hidden: bool, xml: Any, dxfs: list[tuple[str, str]]) -> SheetSpec:
    from lxml import etree

    widths: list[tuple[int, float, bool]] = []
    rows: list[tuple[int, float | None, bool, list[tuple[int, Any, int]]]] = []
    freeze = autofilter = None
    colour_rules: list[tuple[str, str, str, str]] = []
    lists: list[tuple[str, str]] = []
    for _, element in etree.iterparse(xml, events=("end",)):
        tag = element.tag
        if tag == f"{_S}row":
            cells = [
                (_column(c.get("r")), _value(c), int(c.get("s", 0))) for c in element.iter(f"{_S}c")
            ]
            height = element.get("ht")
            rows.append(
                (
                    int(element.get("r")),
                    float(height) if height else None,
                    element.get("hidden") in ("1", "true"),
                    cells,
                )
            )
            element.clear()
        elif tag == f"{_S}col":
            for index in range(int(element.get("min")), int(element.get("max")) + 1):
                hide = element.get("hidden") in ("1", "true")
                widths.append((index, float(element.get("width", 0)), hide))
        elif tag == f"{_S}pane" and element.get("state") == "frozen":
            freeze = element.get("topLeftCell")
        elif tag == f"{_S}autoFilter":
            autofilter = element.get("ref")
        elif tag == f"{_S}cfRule":
            sqref = element.getparent().get("sqref")
            fill, font = dxfs[int(element.get("dxfId", 0))]
            colour_rules.append((sqref, element.findtext(f"{_S}formula") or "", fill, font))
        elif tag == f"{_S}dataValidation":
            lists.append((element.get("sqref"), element.findtext(f"{_S}formula1") or ""))
    return SheetSpec(name, hidden, widths, freeze, rows, autofilter, colour_rules, lists)


def workbook_spec(path: Path) -> WorkbookSpec:
    """What every sheet of an ``.xlsx`` shows, read from its XML (openpyxl's own layout)."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        styles, dxfs = _styles(archive.read("xl/styles.xml"))
        book = etree.fromstring(archive.read("xl/workbook.xml"))
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sheets = []
        for sheet in book.iter(f"{_S}sheet"):
            target = targets[sheet.get(f"{_R}id")].lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            hidden = sheet.get("state", "visible") != "visible"
            with archive.open(member) as xml:
                sheets.append(_sheet(sheet.get("name"), hidden, xml, dxfs))
    return WorkbookSpec(styles=styles, sheets=sheets)


def write_workbook_raw(spec: WorkbookSpec, out: BinaryIO) -> None:
    """The same cells written with openpyxl in write-only mode, a row at a time.

    Column widths, row heights, frozen panes, the filter, the colour rules and
    drop-down lists are set as openpyxl's documentation shows; a cell with a
    style is a ``WriteOnlyCell`` given the style's font, fill, alignment and
    number format; text that begins with ``=`` is marked as text.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def solid(colour: str) -> PatternFill:
        return PatternFill(fill_type="solid", fgColor="FF" + colour, bgColor="FF" + colour)

    looks = [
        (
            Font(name="Calibri", bold=True) if style.bold else None,
            solid(style.fill) if style.fill else None,
            Alignment(wrap_text=style.wrap or None, vertical=style.vertical)
            if style.wrap or style.vertical
            else None,
            style.number_format,
        )
        for style in spec.styles
    ]
    workbook = Workbook(write_only=True)
    for sheet in spec.sheets:
        ws = workbook.create_sheet(sheet.name)
        if sheet.hidden:
            ws.sheet_state = "hidden"
        for index, width, hide in sheet.widths:
            dimension = ws.column_dimensions[get_column_letter(index)]
            dimension.width = width
            dimension.hidden = hide
        if sheet.freeze:
            ws.freeze_panes = sheet.freeze
        for number, height, hide, cells in sheet.rows:
            if height is not None:
                ws.row_dimensions[number].height = height
            if hide:
                ws.row_dimensions[number].hidden = True
            row: list[Any] = [None] * max((c for c, _, _ in cells), default=0)
            for column, value, style in cells:
                text = isinstance(value, str)
                if style == 0 and not (text and value.startswith("=")):
                    row[column - 1] = value
                    continue
                cell = WriteOnlyCell(ws, value)
                if text:
                    cell.data_type = "s"
                font, fill, alignment, number_format = looks[style]
                if font is not None:
                    cell.font = font
                if fill is not None:
                    cell.fill = fill
                if alignment is not None:
                    cell.alignment = alignment
                if number_format != "General":
                    cell.number_format = number_format
                row[column - 1] = cell
            ws.append(row)
        if sheet.autofilter:
            ws.auto_filter.ref = sheet.autofilter
        for sqref, formula, fill, font in sheet.colour_rules:
            rule = CellIsRule(
                operator="equal",
                formula=[formula],
                fill=solid(fill),
                font=Font(name="Calibri", color="FF" + font),
            )
            ws.conditional_formatting.add(sqref, rule)
        for sqref, formula in sheet.lists:
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.showErrorMessage = False
            ws.data_validations.append(validation)
            for cell_range in sqref.split():
                validation.add(cell_range)
    workbook.save(out)


def read_workbook_raw(path: Path) -> int:
    """Every sheet's values read with python-calamine, the fastest reader; returns the cells."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    count = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        count += sum(len(r) for r in rows)
    return count


def read_workbook_openpyxl(path: Path) -> int:
    """Every sheet's values read with openpyxl in read-only mode; returns the cells."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    book.close()
    return count


# -- plan files -------------------------------------------------------------------------------


def read_yaml_raw(path: Path) -> Any:
    """The file parsed with PyYAML's C safe loader (the fastest PyYAML offers)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_bytes(), Loader=loader)


def read_json_raw(path: Path) -> Any:
    """The file parsed with the standard library's json."""
    return json.loads(path.read_bytes())
