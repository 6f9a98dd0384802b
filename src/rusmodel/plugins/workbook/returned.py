"""Reading one returned collection workbook (ett returnerat svar): whom it is from and its answers.

The hidden sheet says which plan, period and unit the workbook was made for
and what was sent; each sheet of activities or indicators is found by its
header row, each row by its hidden key, and each answer is checked against the
plan's scale. A refused row becomes a problem naming its file and cell.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

import attrs

from rusmodel import Activity, Indicator, Plan, PlanError, Problem
from rusmodel.merge import Answer
from rusmodel.plugins.workbook import cells, signature, template
from rusmodel.plugins.workbook.collect_messages import WHAT as _WHAT
from rusmodel.plugins.workbook.collect_messages import message as _m
from rusmodel.plugins.workbook.groups import orphans_name
from rusmodel.plugins.workbook.values import Book, Doubt, Sheet, find_header, normalise

__all__ = ["Answer", "Returned", "read_answers", "read_meta"]


@attrs.frozen
class Returned:
    """A returned workbook that matches the plan and period, with the answers read from it."""

    file: str
    template: str
    by: str
    group_id: str
    group: str
    sent: tuple[tuple[str, str], ...]
    answers: tuple[Answer, ...]
    found: frozenset[tuple[str, str]]
    refused: frozenset[tuple[str, str]] = frozenset()
    refused_rows: int = 0
    ready: bool = False


_KEY_MESSAGES = {"public": "key_public", "secret": "key_secret", "other_key": "key_other"}


def read_meta(book: Book, plan: Plan, lang: str) -> dict[str, object]:
    """The hidden sheet's record of what was sent; refuse a workbook of another plan, or one
    whose hidden sheet was edited (:mod:`.signature`)."""

    def refuse(key: str, **values: object) -> PlanError:
        return PlanError.single(_m(key, lang, **values), file=book.file)

    sheet = book.get(template.META_SHEET)
    if sheet is None:
        raise refuse("no_meta", sheet=template.META_SHEET)
    values: dict[str, str] = {}
    headers: dict[str, dict[str, str]] = {"activity": {}, "indicator": {}}
    sent: list[tuple[str, str]] = []
    for row in range(1, sheet.height + 1):
        key, second, third = (cells.read_text(sheet.value(row, c)) for c in (1, 2, 3))
        if key in ("activity_header", "indicator_header"):
            headers[key.removesuffix("_header")][second] = third
        elif key in ("activity", "indicator"):
            sent.append((key, second))
        elif key == "ready":
            values.setdefault("ready_sheet", second)
            values.setdefault("ready_cell", third)
        elif key:
            values.setdefault(key, second)
    if values.get("format") != template.FORMAT:
        raise refuse("not_collection", fmt=values.get("format", ""))
    if values.get("version") != str(template.VERSION):
        raise refuse("version", version=values.get("version", ""), wanted=template.VERSION)
    if values.get("plan") != plan.title:
        raise refuse("other_plan", made=values.get("plan", ""), plan=plan.title)
    checked = signature.verify(sheet.rows)
    if checked in ("identity", "edited"):
        raise refuse("edited", sheet=template.META_SHEET)
    if checked in ("public", "secret", "other_key"):
        raise refuse(_KEY_MESSAGES[checked], variable=signature.ENVIRONMENT)
    if checked == "unsigned" and signature.signing_key() is not None:
        raise refuse("key_unsigned", variable=signature.ENVIRONMENT)
    if plan.period(values.get("period", "")) is None:
        raise refuse("unknown_period", made=values.get("period", ""))
    return {**values, "headers": headers, "sent": tuple(sent), "unsigned": checked == "unsigned"}


@attrs.frozen
class _Table:
    """A sheet of activities or indicators and where its columns are."""

    kind: str
    sheet: Sheet
    header_row: int
    columns: Mapping[str, int]


_TITLE = {"activity": "title", "indicator": "name"}
_INPUTS = {"activity": ("status", "comment"), "indicator": ("value", "note")}


def _tables(
    book: Book,
    headers: Mapping[str, Mapping[str, str]],
    lang: str,
    problems: list[Problem],
    incomplete: list[_Table] | None = None,
) -> list[_Table]:
    """Every sheet holding activities or indicators, found by its header row, whatever its name.

    A sheet lacking a column of the answers is one problem, and goes to ``incomplete``.
    """
    found: list[_Table] = []
    for sheet in book:
        if sheet.name == template.META_SHEET:
            continue
        candidates = []
        for kind in ("activity", "indicator"):
            located = find_header(sheet, headers[kind], need=2)
            if located is None:
                continue
            row, columns = located
            if _TITLE[kind] in columns or any(k in columns for k in _INPUTS[kind]):
                candidates.append((len(columns), kind, row, columns))
        if not candidates:
            continue
        _, kind, row, columns = max(candidates)
        missing = [headers[kind].get(k, k) for k in _INPUTS[kind] if k not in columns]
        if missing:
            names = ", ".join(repr(m) for m in missing)
            problems.append(
                Problem(_m("missing_columns", lang, names=names), place=sheet.name, file=book.file)
            )
            if incomplete is not None:
                incomplete.append(_Table(kind, sheet, row, columns))
            continue
        found.append(_Table(kind, sheet, row, columns))
    return found


def _identify(
    plan: Plan,
    table: _Table,
    row: int,
    file: str,
    lang: str,
    problems: list[Problem],
    refused: set[tuple[str, str]] | None = None,
) -> str | None:
    """The key of the activity or indicator a row belongs to, checked against what it shows.

    The hidden key column names it; where that is empty, the visible id, then
    the title. The id and title the row shows must agree with it, or the rows
    were moved without their key and the row is refused.
    """
    sheet = table.sheet
    title_key = _TITLE[table.kind]
    what = _WHAT[table.kind][1 if lang == "en" else 0]

    def text(key: str) -> str:
        column = table.columns.get(key)
        return cells.read_text(sheet.value(row, column)).strip() if column else ""

    def place(key: str) -> str:
        return sheet.ref(row, table.columns.get(key) or 1)

    things: Sequence[Activity | Indicator] = (
        plan.activities if table.kind == "activity" else plan.indicators
    )

    def title_of(thing: Activity | Indicator) -> str:
        return thing.title if isinstance(thing, Activity) else thing.name

    key, shown_id, title = text("key"), text("id"), text(title_key)
    thing: Activity | Indicator | None
    if key:
        thing = next((t for t in things if t.key == key), None)
        wrong = ("key", key)
    elif shown_id:
        thing = next((t for t in things if t.id == shown_id), None)
        wrong = ("id", shown_id)
    elif title:
        thing = next((t for t in things if normalise(title_of(t)) == normalise(title)), None)
        wrong = (title_key, title)
    else:
        problems.append(Problem(_m("no_identity", lang), place=place(title_key), file=file))
        return None
    if thing is None:
        problems.append(
            Problem(
                _m("unknown_key", lang, key=wrong[1], what=what), place=place(wrong[0]), file=file
            )
        )
        return None
    # An id identifies the activity even where its title was edited; without one, the title must.
    id_differs = "id" in table.columns and shown_id != thing.id
    title_differs = bool(title) and normalise(title) != normalise(title_of(thing))
    if id_differs or (title_differs and not (thing.id and shown_id == thing.id)):
        shown = shown_id if id_differs and shown_id else title
        problems.append(
            Problem(
                _m("mismatch", lang, shown=shown, key=thing.key),
                place=place("id" if id_differs and shown_id else title_key),
                file=file,
            )
        )
        if refused is not None:
            refused.add((table.kind, thing.key))
        return None
    return thing.key


def read_answers(
    plan: Plan, book: Book, meta: Mapping[str, object], lang: str, problems: list[Problem]
) -> Returned | None:
    """Every answer of a returned workbook; refused rows are problems, counted.

    ``None`` (and a problem) when no sheet of answers is found in it at all.
    """
    headers: Mapping[str, Mapping[str, str]] = meta["headers"]  # type: ignore[assignment]
    sent: tuple[tuple[str, str], ...] = meta["sent"]  # type: ignore[assignment]
    group_id = str(meta.get("group", ""))
    # The workbook of activities with no unit is named in the report's language, whichever
    # language the workbook was made in.
    by = str(meta.get("by", "unit"))
    group = str(meta.get("group_name", "")) if group_id else orphans_name(by, lang)
    refusals: list[Problem] = []
    refused: set[tuple[str, str]] = set()
    answers: dict[tuple[str, str], list[Answer]] = {}
    found: set[tuple[str, str]] = set()
    before = len(problems)
    incomplete: list[_Table] = []
    tables = _tables(book, headers, lang, problems, incomplete)
    kinds_sent = {kind for kind, _ in sent}
    sheets = ", ".join(s.name for s in book if not s.hidden) or "-"
    if kinds_sent and not tables:
        # Without a table no answer can be read; merging would mark every activity unanswered.
        if len(problems) == before:
            message = _m("no_answer_sheet", lang, sheets=sheets, meta=template.META_SHEET)
            problems.append(Problem(message, file=book.file))
        return None
    for kind in sorted(kinds_sent - {t.kind for t in tables}):
        what = _WHAT[kind][1 if lang == "en" else 0]
        message = _m("no_table", lang, what=what, sheets=sheets)
        problems.append(Problem(message, file=book.file))
    for table in incomplete:
        # Its rows are there but cannot be read: refused with the sheet's one problem, not
        # listed one by one as missing from the workbook.
        for lost in _keys(plan, table, book.file, lang):
            found.add((table.kind, lost))
            refused.add((table.kind, lost))
    for table in tables:
        doubts = _Doubts(table.sheet.doubts(table.header_row + 1, set(table.columns.values())))
        for row in range(table.header_row + 1, table.sheet.height + 1):
            values = table.sheet.row(row)
            # An empty row names nothing; counted in C, as a sheet may run to a million rows.
            if values.count("") + values.count(None) == len(values):
                continue
            doubt = doubts.at(row)
            if doubt is not None:
                _refuse_doubt(plan, table, row, doubt, book.file, lang, refusals, refused, found)
                continue
            raw = {k: _cell(table, row, k) for k in _INPUTS[table.kind]}
            answered = any(cells.read_text(v).strip() for v in raw.values())
            if not answered:
                key = _identify(plan, table, row, book.file, lang, [])
                if key is not None:
                    found.add((table.kind, key))
                continue
            key = _identify(plan, table, row, book.file, lang, refusals, refused)
            if key is None:
                continue
            found.add((table.kind, key))
            if (table.kind, key) not in sent:
                refusals.append(
                    Problem(
                        _m("not_sent", lang, key=key), place=table.sheet.ref(row, 1), file=book.file
                    )
                )
                continue
            answer = _answer(plan, table, row, key, book.file, group, raw, lang, refusals)
            if answer is None:
                refused.add((table.kind, key))
            else:
                answers.setdefault(answer.slot, []).append(answer)
    kept: list[Answer] = []
    for (kind, key), given in answers.items():
        if len({a.content for a in given}) == 1:
            kept += given  # each row is an answer read; _agree merges the one they all give
            continue
        refused.add((kind, key))
        where = ", ".join(a.place for a in given)
        refusals += [
            Problem(_m("twice_in_file", lang, key=key, where=where), place=a.place, file=book.file)
            for a in given
        ]
    problems += refusals
    return Returned(
        file=book.file,
        template=str(meta.get("template", "")),
        by=by,
        group_id=group_id,
        group=group,
        sent=sent,
        answers=tuple(kept),
        found=frozenset(found),
        refused=frozenset(refused),
        refused_rows=len(refusals),
        ready=_ready(book, meta),
    )


_READY = {"ja", "yes", "x", "klar", "klart", "ready", "done"}


def _ready(book: Book, meta: Mapping[str, object]) -> bool:
    """Whether the unit marked the workbook ready (klart att lämna: Ja).

    The cell is where the hidden sheet says; a workbook made before the mark
    existed has none, and is not ready.
    """
    sheet = book.get(str(meta.get("ready_sheet", "")))
    cell = str(meta.get("ready_cell", ""))
    letters = cell.rstrip("0123456789")
    if sheet is None or not letters or not cell[len(letters) :].isdigit():
        return False
    value = sheet.value(int(cell[len(letters) :]), cells.column_number(letters))
    return normalise(cells.read_text(value)) in _READY


def _keys(plan: Plan, table: _Table, file: str, lang: str) -> list[str]:
    """The keys of the activities or indicators a table's rows belong to (rows not identified
    are left out, without a problem)."""
    keys = []
    for row in range(table.header_row + 1, table.sheet.height + 1):
        if not table.sheet.is_blank(row):
            key = _identify(plan, table, row, file, lang, [])
            if key is not None:
                keys.append(key)
    return keys


class _Doubts:
    """Which doubt concerns a row, found by bisection: a merge may cover thousands of rows."""

    def __init__(self, doubts: Sequence[Doubt]) -> None:
        # Disjoint runs of rows, each with the first doubt that covers it.
        self.starts: list[int] = []
        self.runs: list[tuple[int, Doubt]] = []
        for doubt in sorted(doubts, key=lambda d: (d.row, d.column)):
            if self.runs and doubt.row <= self.runs[-1][0]:
                end, first = self.runs[-1]
                self.runs[-1] = (max(end, doubt.last_row), first)
            else:
                self.starts.append(doubt.row)
                self.runs.append((doubt.last_row, doubt))

    def at(self, row: int) -> Doubt | None:
        index = bisect.bisect_right(self.starts, row) - 1
        if index < 0 or row > self.runs[index][0]:
            return None
        return self.runs[index][1]


def _refuse_doubt(
    plan: Plan,
    table: _Table,
    row: int,
    doubt: Doubt,
    file: str,
    lang: str,
    refusals: list[Problem],
    refused: set[tuple[str, str]],
    found: set[tuple[str, str]],
) -> None:
    """Refuse a row with a merged cell, a formula without a result, an error value or a control
    character: what it says is unsure."""
    if doubt.span:
        message = _m("merged", lang, span=doubt.span)
    elif doubt.control:
        message = _m("control", lang, code=f"U+{ord(doubt.control):04X}")
    elif doubt.error and doubt.formula:
        message = _m("error_formula", lang, error=doubt.error, formula=doubt.formula_shown)
    elif doubt.error:
        message = _m("error_value", lang, error=doubt.error)
    else:
        message = _m("formula", lang, formula=doubt.formula_shown)
    place = table.sheet.ref(row, doubt.column) if doubt.span else doubt.place
    refusals.append(Problem(message, place=place, file=file))
    key = _identify(plan, table, row, file, lang, [])
    if key is not None:
        found.add((table.kind, key))
        refused.add((table.kind, key))


def _cell(table: _Table, row: int, key: str) -> object:
    column = table.columns.get(key)
    return table.sheet.value(row, column) if column else ""


def _answer(
    plan: Plan,
    table: _Table,
    row: int,
    key: str,
    file: str,
    group: str,
    raw: Mapping[str, object],
    lang: str,
    problems: list[Problem],
) -> Answer | None:
    """The row's answer, or ``None`` (and a problem naming the cell) when it is not valid."""
    sheet = table.sheet
    if table.kind == "activity":
        place = sheet.ref(row, table.columns["status"])
        text = cells.read_text(raw["status"])
        status = None
        if text.strip():
            value = plan.scale.match(text)
            if value is None:
                allowed = ", ".join(v.label(lang) for v in plan.scale.values)
                message = _m("bad_status", lang, text=text, allowed=allowed, key=key)
                near = _nearest_status(plan, text)
                if near:
                    message += _m("did_you_mean", lang, label=near)
                problems.append(Problem(message, place=place, file=file))
                return None
            status = value.id
        comment = cells.read_text(raw["comment"]).strip()
        return Answer(
            kind="activity",
            key=key,
            file=file,
            place=place,
            group=group,
            status=status,
            comment=comment,
            comment_place=sheet.ref(row, table.columns["comment"]),
        )
    place = sheet.ref(row, table.columns["value"])
    typed = raw["value"]
    if isinstance(typed, str) and typed.rstrip().endswith("%"):
        typed = typed.rstrip()[:-1]  # "69 %" is 69, as the plan writes per cent
    try:
        number = cells.read_decimal(typed)
    except cells.CellError:
        text = cells.read_text(raw["value"])
        problems.append(Problem(_m("bad_value", lang, text=text, key=key), place=place, file=file))
        return None
    note = cells.read_text(raw["note"]).strip()
    category = cells.read_text(_cell(table, row, "category")).strip()
    return Answer(
        kind="indicator",
        key=key,
        file=file,
        place=place,
        group=group,
        value=number,
        note=note,
        category=category,
    )


def _nearest_status(plan: Plan, text: str) -> str:
    """The scale's label closest to a mistyped status ("Klat" → "Klart"), or ``''``."""
    import difflib

    labels: dict[str, str] = {}
    for value in plan.scale.values:
        for shown in (value.label_sv, value.label_en, value.id):
            labels.setdefault(shown.casefold(), value.label_sv)
    near = difflib.get_close_matches(" ".join(text.split()).casefold(), labels, n=1, cutoff=0.6)
    return labels[near[0]] if near else ""
