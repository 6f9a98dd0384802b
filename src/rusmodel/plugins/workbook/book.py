"""Writing workbooks: a new workbook, table headers, column widths, byte-identical saving."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "HEADER_FILL",
    "fit_heights",
    "fit_widths",
    "new_workbook",
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

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "rusmodel"
    workbook.properties.lastModifiedBy = "rusmodel"
    workbook.properties.title = title
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def save_deterministic(workbook: Workbook, out: BinaryIO) -> None:
    """Save so that the same workbook gives the same bytes: fixed times in the zip and properties.

    openpyxl stamps the save time into ``docProps/core.xml`` and every zip
    entry; both are replaced by :data:`FIXED_TIME`.
    """
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", data
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)


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
        widest = max((text_width(v) for v in values), default=0)
        # Headers are bold and fonts differ between Excel and LibreOffice: leave room.
        width = max(least, min(most, round(widest * 1.15) + 2))
        ws.column_dimensions[column_letter(column)].width = width
        if widest + 2 > most:
            for (cell,) in ws.iter_rows(min_row=1, min_col=column, max_col=column):
                if cell.value is not None and cell.alignment.wrap_text is not True:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


LINE_HEIGHT = 15.0
"""Points per line of 11-point text, as Excel and LibreOffice draw Calibri and Carlito."""


def fit_heights(ws: Worksheet, first: int, last: int) -> None:
    """Give rows with wrapped text the height their lines need.

    Neither Excel nor LibreOffice grows a row to its wrapped text when a file
    is opened, so the height is estimated from the column widths. A width
    counts the default font's digit "0"; an average letter of Calibri is
    narrower, so a line holds about 1.2 characters per unit of width.
    """
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
            per_line = max(1, int(widths[column] * 1.2) - 1)
            needed = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[r].height = min(409.0, lines * LINE_HEIGHT)
            # A tall row reads from the top; bottom-aligned short cells look misplaced.
            for cell in row:
                if cell.value is not None and cell.alignment.vertical is None:
                    cell.alignment = top
