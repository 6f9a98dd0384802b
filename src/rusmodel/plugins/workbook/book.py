"""Writing workbooks: a new workbook, table headers, column widths, byte-identical saving."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "HEADER_FILL",
    "fit_heights",
    "fit_widths",
    "fitted_width",
    "lines_needed",
    "new_workbook",
    "row_height",
    "save_deterministic",
    "style_header",
]

HEADER_FILL = "D9E1F2"
FIXED_TIME = dt.datetime(2000, 1, 1)
"""The time stamped on every workbook and its parts, so the same plan gives the same bytes."""

_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def new_workbook(title: str = "") -> Workbook:
    """An empty workbook (no sheets) with fixed document properties."""
    from openpyxl import Workbook

    from rusmodel.plugins.workbook.cells import without_control

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "rusmodel"
    workbook.properties.lastModifiedBy = "rusmodel"
    # A document property is plain XML text: no control characters, which cells escape.
    workbook.properties.title = without_control(title)
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def save_deterministic(workbook: Workbook, out: BinaryIO) -> None:
    """Save so that the same workbook gives the same bytes: fixed times in the zip and properties.

    openpyxl stamps the save time into ``docProps/core.xml`` and every zip
    entry; both are :data:`FIXED_TIME` here, set as each part is written.
    """
    from openpyxl.writer.excel import ExcelWriter

    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()  # as Workbook.save does: a workbook has at least one sheet
    # Workbook.save would stamp the time into the properties; its writer is called directly,
    # with a zip file that stamps the fixed time on every part (instead of a second pass
    # unpacking and packing the whole file again).
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip file whose every entry has the same time and permissions, whoever adds it."""

    _STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = (
            zinfo_or_arcname.filename
            if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            else zinfo_or_arcname
        )
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if name == "docProps/core.xml":
            raw = _MODIFIED.sub(
                rb"<dcterms:modified\1>" + self._STAMP + rb"</dcterms:modified>", raw
            )
        super().writestr(_entry(name), raw)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # A write-only sheet is streamed to a temporary file first; copied in in pieces,
        # so a large sheet is not held in memory twice.
        entry = _entry(os.fspath(arcname if arcname is not None else filename))
        # The size known in advance, as writestr knows it, decides the same zip64 header.
        entry.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    return entry


def style_header(ws: Worksheet, row: int, columns: int, colour: str = HEADER_FILL) -> None:
    """Bold headers on a light fill, wrapped, aligned to the top."""
    from openpyxl.styles import Alignment

    from rusmodel.plugins.workbook.cells import fill, font

    bold = font(bold=True)
    background = fill(colour)
    align = Alignment(wrap_text=True, vertical="top")
    for column in range(1, columns + 1):
        cell = ws.cell(row=row, column=column)
        cell.font = bold
        cell.fill = background
        cell.alignment = align


def text_width(value: Any) -> int:
    """How many characters wide a value shows: its longest line."""
    if value is None:
        return 0
    if isinstance(value, float | int) and not isinstance(value, bool):
        return len(f"{value:,.2f}") if isinstance(value, float) else len(f"{value:,}")
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).split("\n")), default=0)


def fitted_width(values: Iterable[Any], *, least: int = 6, most: int = 60) -> tuple[int, bool]:
    """A column's width for the values shown in it (the header included), and whether it wraps.

    The width is in characters, between ``least`` and ``most``; text wider
    than ``most`` wraps. The rule of :func:`fit_widths`, for writers that know
    their values before they have cells (a write-only sheet).
    """
    widest = max((text_width(v) for v in values), default=0)
    # Headers are bold and fonts differ between Excel and LibreOffice: leave room.
    width = max(least, min(most, round(widest * 1.15) + 2))
    return width, widest + 2 > most


def fit_widths(
    ws: Worksheet,
    widths: Iterable[tuple[int, Iterable[Any]]],
    *,
    least: int = 6,
    most: int = 60,
) -> None:
    """Set each column's width to fit its values, between ``least`` and ``most`` characters.

    ``widths`` gives, per 1-based column, the values shown in it (the header
    included). Text wider than ``most`` wraps.
    """
    from openpyxl.styles import Alignment

    from rusmodel.plugins.workbook.cells import column_letter

    for column, values in widths:
        width, wraps = fitted_width(values, least=least, most=most)
        ws.column_dimensions[column_letter(column)].width = width
        if wraps:
            for (cell,) in ws.iter_rows(min_row=1, min_col=column, max_col=column):
                if cell.value is not None and cell.alignment.wrap_text is not True:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


LINE_HEIGHT = 15.0
"""Points per line of 11-point text, as Excel and LibreOffice draw Calibri and Carlito."""


def lines_needed(text: str, width: float) -> int:
    """How many lines a wrapped text needs in a column ``width`` characters wide.

    Neither Excel nor LibreOffice grows a row to its wrapped text when a file
    is opened, so the height is estimated from the column width. A width
    counts the default font's digit "0"; an average letter of Calibri is
    narrower, so a line holds about 1.2 characters per unit of width.
    """
    per_line = max(1, int(width * 1.2) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def row_height(lines: int) -> float:
    """The height in points of a row of ``lines`` lines (Excel's largest is 409)."""
    return min(409.0, lines * LINE_HEIGHT)


def fit_heights(ws: Worksheet, first: int, last: int) -> None:
    """Give rows with wrapped text the height their lines need (see :func:`lines_needed`)."""
    from openpyxl.styles import Alignment

    from rusmodel.plugins.workbook.cells import column_letter

    top = Alignment(vertical="top")
    widths: dict[int, float] = {}
    for r, row in enumerate(ws.iter_rows(min_row=first, max_row=last), start=first):
        lines = 1
        for cell in row:
            value = cell.value
            if not isinstance(value, str) or not value or cell.alignment.wrap_text is not True:
                continue
            column = cell.column
            if column not in widths:
                width = ws.column_dimensions[column_letter(column)].width
                widths[column] = float(width or 8.43)
            lines = max(lines, lines_needed(value, widths[column]))
        if lines > 1:
            ws.row_dimensions[r].height = row_height(lines)
            # A tall row reads from the top; bottom-aligned short cells look misplaced.
            for cell in row:
                if cell.value is not None and cell.alignment.vertical is None:
                    cell.alignment = top
