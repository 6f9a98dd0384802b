"""Cells: writing values so Excel shows them right, and reading them back exactly.

Every text goes through :func:`put_text`, which stores it as text even when it
begins with ``=``, ``+``, ``-`` or ``@`` (a comment "=SUM(A1:A2)" or
"-1,0 mnkr" is never turned into a formula), escapes the ``_xHHHH_``
sequences that Excel and the readers would otherwise decode, and writes control
characters as Excel does (``_x0007_``). Numbers are
stored as numbers with a display format (``#,##0.0``, which Excel and
LibreOffice show with the reader's own separators: ``1 234,5`` in Swedish),
unless the number cannot be held exactly by a spreadsheet (more than about 15
significant digits); then it is stored as its exact text and read back
exactly. Dates are real dates shown ``yyyy-mm-dd``.

Reading works on the plain values python-calamine gives (``str``, ``float``,
``int``, ``bool``, ``date``, ``datetime``; ``''`` for an empty cell) and
raises :class:`CellError` with a message meant for the person who typed it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DATE_FORMAT",
    "TEXT_FORMAT",
    "CellError",
    "a1",
    "colour_statuses",
    "column_letter",
    "column_number",
    "decimal_format",
    "escape_text",
    "excel_number",
    "put_date",
    "put_decimal",
    "put_int",
    "put_text",
    "read_bool",
    "read_date",
    "read_decimal",
    "read_int",
    "read_text",
    "sheet_ref",
    "without_control",
]

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"

# Excel escapes characters XML cannot carry as _xHHHH_; readers decode any such
# sequence, so a literal one is protected by escaping its underscore.
_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
# The control characters an XML 1.0 document cannot contain (tab and line breaks
# can): Excel stores them as _xHHHH_, which every reader decodes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters no escape brings back: readers leave _xFFFE_ as it is.
_NONCHARACTER = re.compile(r"[\ufffe\uffff]")
_SPECIAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_MAX_TEXT = 32767  # Excel's limit on the characters of one cell


class CellError(ValueError):
    """A value that cannot go into, or come out of, a cell; the message says why."""


def column_letter(column: int) -> str:
    """``1`` as ``A``, ``28`` as ``AB``: the column part of an A1 reference."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """``A`` as ``1``, ``ab`` as ``28``: the column of an A1 reference's letters, either case."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def a1(row: int, column: int) -> str:
    """The A1 reference of a cell given 1-based row and column (``D7``)."""
    return f"{column_letter(column)}{row}"


_PLAIN_SHEET = re.compile(r"^\w+$")


def sheet_ref(sheet: str, row: int, column: int) -> str:
    """A cell as Excel writes it in a formula: ``Välmående!D7``, ``'Intern kontroll'!C4``."""
    name = sheet if _PLAIN_SHEET.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{a1(row, column)}"


def without_control(text: str) -> str:
    """The text without the control characters XML cannot carry (tab and line breaks stay).

    For text outside cells, such as a document property, where no escape is read back.
    """
    return _CONTROL.sub("", text)


def escape_text(text: str) -> str:
    """The text as a cell must store it, so that it reads back exactly.

    A literal ``_x0041_`` is kept literal (``_x005F_x0041_``) and a control
    character is written as Excel writes it (``_x0007_``); the noncharacters
    U+FFFE and U+FFFF, which no reader brings back, are refused.
    """
    if len(text) > _MAX_TEXT:
        raise CellError(f"the text is {len(text)} characters long; a cell holds at most 32 767")
    # Nearly every text has none of these: one search, and it is written as it is.
    if _SPECIAL.search(text) is None:
        return text
    bad = _NONCHARACTER.search(text)
    if bad:
        raise CellError(
            f"the text contains the character U+{ord(bad.group()):04X}, "
            "which a workbook cannot store"
        )
    text = _ESCAPE.sub(r"_x005F_\1", text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def put_text(ws: Worksheet, row: int, column: int, text: str) -> Cell:
    """Write ``text`` as text, never as a formula, whatever it begins with."""
    cell = ws.cell(row=row, column=column)
    if text:
        cell.value = escape_text(text)
        # openpyxl reads a leading "=" as a formula when the value is assigned;
        # setting the type afterwards makes the cell plain text (an inline string).
        cell.data_type = "s"
    return cell


def excel_number(value: Decimal | int) -> float | None:
    """The float a cell stores for ``value``, or ``None`` when that would not read back equal.

    openpyxl writes floats with 16 significant digits; a value reads back
    exactly only when those digits give it back.
    """
    if isinstance(value, int):
        return float(value) if abs(value) < 2**53 else None
    if not value.is_finite():
        return None
    number = float(value)
    if number in (float("inf"), float("-inf")):
        return None
    written = float(f"{number:.16g}")
    return written if Decimal(repr(written)) == value else None


def decimal_format(value: Decimal) -> str:
    """A display format with the value's own decimals: ``10.50`` shows as ``10,50``."""
    exponent = value.as_tuple().exponent
    places = min(-exponent, 10) if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def put_decimal(
    ws: Worksheet, row: int, column: int, value: Decimal | None, number_format: str = ""
) -> Cell:
    """Write a number as a number where it fits a spreadsheet exactly, else as its exact text."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    number = excel_number(value)
    if number is None:
        cell.value = format(value, "f") if abs(value.adjusted()) < 40 else str(value)
        cell.data_type = "s"
        cell.number_format = TEXT_FORMAT
    else:
        cell.value = number
        cell.number_format = number_format or decimal_format(value)
    return cell


def put_int(
    ws: Worksheet, row: int, column: int, value: int | None, number_format: str = "0"
) -> Cell:
    """Write a whole number (a year, a count); too large ones are stored as exact text."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if excel_number(value) is None:
        cell.value = str(value)
        cell.data_type = "s"
        cell.number_format = TEXT_FORMAT
    else:
        cell.value = value
        cell.number_format = number_format
    return cell


def put_date(ws: Worksheet, row: int, column: int, value: dt.date | None) -> Cell:
    cell = ws.cell(row=row, column=column)
    if value is not None:
        cell.value = value
        cell.number_format = DATE_FORMAT
    return cell


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return f"the number {value:g}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.timedelta | dt.time):
        return f"the time {value}"
    return f"{value!r}"


def _float_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def read_text(value: object) -> str:
    """A cell's value as text; a number or date typed where text belongs is read as written."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return "" if value is None else ("SANT" if value else "FALSKT")
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_decimal(value: object) -> Decimal | None:
    """A number from a cell: a number cell, or text such as ``5,2``, ``-1 234,5`` or ``1e3``."""
    if isinstance(value, bool):
        raise CellError(f"expected a number, found {_kind(value)}")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("expected a number, found an error value")
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        cleaned = (
            text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-")
        )
        cleaned = cleaned.replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(f"expected a number, found the text {text!r}") from None
        if not number.is_finite() or abs(number.adjusted()) >= 100:  # 1e999999999: a GB of digits
            raise CellError(f"expected a number, found the text {text!r}")
        return number
    if value is None:
        return None
    raise CellError(f"expected a number, found {_kind(value)}")


def read_int(value: object) -> int | None:
    """A whole number from a cell (a year, a count)."""
    number = read_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"expected a whole number, found {number}")
    return int(number)


def read_date(value: object) -> dt.date | None:
    """A date from a date cell, or from text written ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellError(f"expected a date, found {_kind(value)}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CellError(f"expected a date written YYYY-MM-DD, found {text!r}") from None
    if value is None:
        return None
    raise CellError(f"expected a date, found {_kind(value)}")


_TRUE = {"ja", "j", "yes", "y", "true", "sant", "x", "1"}
_FALSE = {"nej", "n", "no", "false", "falskt", "0"}


def read_bool(value: object) -> bool | None:
    """Yes or no from a cell: Ja/Nej, Yes/No, SANT/FALSKT, a true/false cell, 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = read_text(value).strip().casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"expected Ja or Nej, found {read_text(value)!r}")


def fill(colour: str) -> Any:
    """A solid fill in ``RRGGBB``."""
    from openpyxl.styles import PatternFill

    return PatternFill(
        fill_type="solid", fgColor="FF" + colour.upper(), bgColor="FF" + colour.upper()
    )


def text_colour_on(colour: str) -> str:
    """Black or white, whichever reads better on a fill of ``RRGGBB``."""
    try:
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "000000"
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return "000000" if luminance > 150 else "FFFFFF"


FONT_NAME = "Calibri"
"""The workbooks' font; LibreOffice draws it with Carlito, which has the same widths."""


def font(*, bold: bool = False, italic: bool = False, size: float = 11, colour: str = "") -> Any:
    """The workbooks' font with the given looks (a font without a name falls back to a serif)."""
    from openpyxl.styles import Font

    return Font(
        name=FONT_NAME,
        bold=bold,
        italic=italic,
        size=size,
        color=("FF" + colour) if colour else None,
    )


def colour_statuses(ws: Worksheet, cell_range: str, shown: Sequence[tuple[str, str]]) -> None:
    """Fill the status cells of ``cell_range`` with the colour of the status they show.

    ``shown`` pairs the text of each status with its colour (``RRGGBB``). This
    is a conditional format, so a status typed or chosen later is coloured
    too; Excel compares the text without regard to case.
    """
    from openpyxl.formatting.rule import CellIsRule

    for text, colour in shown:
        quoted = text.replace('"', '""')
        ws.conditional_formatting.add(
            cell_range,
            CellIsRule(
                operator="equal",
                formula=[f'"{quoted}"'],
                fill=fill(colour),
                font=font(colour=text_colour_on(colour)),
            ),
        )
