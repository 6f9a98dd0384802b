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

What this protects against, by default: accidental and casual edits, by a
person who unhides the sheet and types in it. It does not stop a determined
forger: the default key is written in rusmodel's source, which anyone can read,
so someone who recomputes the hash can make an edit pass.

A real secret (hemlig nyckel) closes that gap: where the environment variable
``RUSMODEL_SIGNING_KEY`` is set (at least 16 characters), both ``template`` and
``collect`` use it as the key, and a workbook's checksum then says so
(``v1k:`` and a fingerprint of the key, which does not reveal it). Who does
not know the secret cannot make a workbook that passes. With a secret set,
``collect`` refuses a workbook signed with the public key (made by someone
without the secret, or before it was set), a workbook without a checksum, and
one signed with another secret; without a secret set, it refuses a workbook
signed with one, since it cannot check it. The secret protects the hidden
sheet only: the answers a unit types are meant to be edited, and whoever may
run ``collect`` with the secret can sign anything. Lose the secret and the
workbooks sent with it can no longer be collected.

A workbook without the row ``signature`` (made by a rusmodel before it was
added) is accepted with a warning where no secret is set: its identity rows
are still checked against its id, but other edits of its hidden sheet cannot
be found.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rusmodel import PlanError
from rusmodel.plugins.workbook import cells

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "ENVIRONMENT",
    "MIN_KEY_LENGTH",
    "ROW",
    "identity",
    "sign",
    "sign_sheet",
    "signed_rows",
    "signing_key",
    "verify",
]

ROW = "signature"
"""The first cell of the row holding the checksum."""

ENVIRONMENT = "RUSMODEL_SIGNING_KEY"
"""The environment variable holding a secret signing key, where one is wanted."""

MIN_KEY_LENGTH = 16
"""The fewest characters a secret signing key may have."""

_KEY = b"rusmodel collection workbook, hidden sheet, v1"
_VERSION = "v1"
_SECRET_VERSION = "v1k"
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


def signing_key() -> bytes | None:
    """The secret key of ``RUSMODEL_SIGNING_KEY``, or ``None`` where it is not set (or empty).

    Spaces and line breaks around it are left out (a key read from a file ends
    in one). A key shorter than :data:`MIN_KEY_LENGTH` is a :class:`PlanError`:
    a short secret is guessed by trying.
    """
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return None
    if len(value) < MIN_KEY_LENGTH:
        raise PlanError.single(
            f"the signing key is {len(value)} characters long; use at least {MIN_KEY_LENGTH} "
            "random characters (python -c 'import secrets; print(secrets.token_urlsafe(32))' "
            "makes one), or unset it",
            file=ENVIRONMENT,
        )
    return value.encode("utf-8")


def _fingerprint(key: bytes) -> str:
    """A short name for a secret key that does not reveal it: which key signed a workbook."""
    return hmac.new(key, b"rusmodel signing key fingerprint", hashlib.sha256).hexdigest()[:12]


def sign(rows: Iterable[Sequence[object]], key: bytes | None = None) -> str:
    """The checksum of a hidden sheet's rows (any row ``signature`` is left out).

    With a secret ``key`` it is keyed by that secret and names its fingerprint
    (``v1k:…:…``); without, by rusmodel's public key (``v1:…``).
    """
    if key is None:
        digest = hmac.new(_KEY, _canonical(rows), hashlib.sha256).hexdigest()
        return f"{_VERSION}:{digest}"
    digest = hmac.new(key, _canonical(rows), hashlib.sha256).hexdigest()
    return f"{_SECRET_VERSION}:{_fingerprint(key)}:{digest}"


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
    """Add the row ``signature`` below the last row of the written hidden sheet ``ws``.

    Signed with the secret of ``RUSMODEL_SIGNING_KEY`` where it is set
    (:func:`signing_key`), else with the public key.
    """
    checksum = sign(signed_rows(ws), signing_key())
    row = ws.max_row + 1
    cells.put_text(ws, row, 1, ROW)
    cells.put_text(ws, row, 2, checksum)


def verify(rows: Sequence[Sequence[object]]) -> str | None:
    """What is wrong with a returned hidden sheet's rows: ``None`` when they are as sent.

    Checked with the secret of ``RUSMODEL_SIGNING_KEY`` where it is set
    (:func:`signing_key`), else with the public key. ``"identity"``: the rows
    naming the plan, period and unit do not give the workbook's id;
    ``"edited"``: the checksum does not match; ``"unsigned"``: there is no
    checksum to check (an older workbook; only its identity was checked);
    ``"public"``: a secret is set, and the workbook was signed without it;
    ``"secret"``: no secret is set, and the workbook was signed with one;
    ``"other_key"``: the workbook was signed with another secret.
    """
    key = signing_key()
    values: dict[str, str] = {}
    given = ""
    for row in rows:
        first = cells.read_text(row[0]) if row else ""
        second = cells.read_text(row[1]) if len(row) > 1 else ""
        if first == ROW:
            given = given or second
        elif first:
            values.setdefault(first, second)
    made_for = [values.get(name, "") for name in _IDENTITY]
    if identity(*made_for) != values.get("template", ""):
        return "identity"
    if not given:
        return "unsigned"
    keyed = given.startswith(f"{_SECRET_VERSION}:")
    if key is None and keyed:
        return "secret"
    if key is not None and not keyed:
        return "public"
    if key is not None and given.split(":")[1] != _fingerprint(key):
        return "other_key"
    if not hmac.compare_digest(given, sign(rows, key)):
        return "edited"
    return None
