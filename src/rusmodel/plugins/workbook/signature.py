"""The checksum (kontrollsumma) of a collection workbook's hidden sheet.

The hidden sheet ``rusmodel`` says which plan, period and unit a collection
workbook was made for, and what was sent in it; ``rusmodel collect`` trusts it
to decide whose answers these are and for which period. LibreOffice shows a
very hidden sheet as merely hidden, so a person can unhide it and change the
period or the unit, and the answers would overwrite another period's or be
put down to another unit. Two checks catch such an edit:

- the workbook's id (the row ``template``) is a hash of the plan's title and
  organisation, the period, the grouping and the unit (or goal area), so it
  must match those rows; every workbook has one, including those made before
  the checksum below existed;
- the row ``signature`` holds a keyed hash (HMAC-SHA256) of every other cell
  of the sheet, so any edit of it (a period, a unit, an activity added to what
  was sent, a header) is found.

What this protects against: accidental and casual edits, by a person who
unhides the sheet and types in it. It does not stop a determined forger: the
key is written in rusmodel's source, which anyone can read, so someone who
recomputes the hash by hand can make an edit pass. A real secret would have to
be kept by whoever sends and collects the workbooks, and would be lost with
them; rusmodel does not ask for one.

A workbook without the row ``signature`` (made by a rusmodel before it was
added) is accepted with a warning: its identity rows are still checked
against its id, but other edits of its hidden sheet cannot be found.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rusmodel.plugins.workbook import cells

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["ROW", "identity", "sign", "sign_sheet", "signed_rows", "verify"]

ROW = "signature"
"""The first cell of the row holding the checksum."""

_KEY = b"rusmodel collection workbook, hidden sheet, v1"
_VERSION = "v1"
_IDENTITY = ("plan", "organisation", "period", "by", "group")


def identity(title: str, organisation: str, period: str, by: str, group: str) -> str:
    """The id of a collection workbook: a hash of what it was made for (the row ``template``)."""
    text = "\n".join([title, organisation, period, by, group])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _canonical(rows: Iterable[Sequence[object]]) -> bytes:
    """The sheet's cells as signed: each row's text without its empty end, empty rows left out.

    Read as a reader reads them (python-calamine's values through
    :func:`.cells.read_text`), so a workbook saved again by LibreOffice or
    Excel, which keep every text, gives the same bytes.
    """
    kept = []
    for row in rows:
        texts = [cells.read_text(value) for value in row]
        while texts and texts[-1] == "":
            texts.pop()
        if texts and texts[0] != ROW:
            kept.append(texts)
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(rows: Iterable[Sequence[object]]) -> str:
    """The checksum of a hidden sheet's rows (any row ``signature`` is left out)."""
    digest = hmac.new(_KEY, _canonical(rows), hashlib.sha256).hexdigest()
    return f"{_VERSION}:{digest}"


# Excel's escape of a character as _xHHHH_ (see cells.escape_text), as every reader decodes it.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def signed_rows(ws: Worksheet) -> list[list[object]]:
    """The cells of an openpyxl sheet as a reader will see them, escapes decoded."""
    return [
        [
            _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), v) if isinstance(v, str) else v
            for v in row
        ]
        for row in ws.iter_rows(values_only=True)
    ]


def sign_sheet(ws: Worksheet) -> None:
    """Add the row ``signature`` below the last row of the written hidden sheet ``ws``."""
    checksum = sign(signed_rows(ws))
    row = ws.max_row + 1
    cells.put_text(ws, row, 1, ROW)
    cells.put_text(ws, row, 2, checksum)


def verify(rows: Sequence[Sequence[object]]) -> str | None:
    """What is wrong with a returned hidden sheet's rows: ``None`` when they are as sent.

    ``"identity"``: the rows naming the plan, period and unit do not give the
    workbook's id; ``"edited"``: the checksum does not match; ``"unsigned"``:
    there is no checksum to check (an older workbook; only its identity was
    checked).
    """
    values: dict[str, str] = {}
    given = ""
    for row in rows:
        key = cells.read_text(row[0]) if row else ""
        second = cells.read_text(row[1]) if len(row) > 1 else ""
        if key == ROW:
            given = given or second
        elif key:
            values.setdefault(key, second)
    made_for = [values.get(name, "") for name in _IDENTITY]
    if identity(*made_for) != values.get("template", ""):
        return "identity"
    if not given:
        return "unsigned"
    if not hmac.compare_digest(given, sign(rows)):
        return "edited"
    return None
