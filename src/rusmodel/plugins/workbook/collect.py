"""Taking the units' answers back (insamling): ``rusmodel collect PLAN RETURNED.xlsx... -o MERGED``.

Each returned collection workbook is checked (:mod:`.safety`), matched to what
was sent through its hidden ``rusmodel`` sheet (the plan, the period and the
unit it was made for), and read for its values. Columns are found by their
headers and rows by the activity's key in each row, so sorted rows, moved or
added columns and a renamed sheet are read correctly. Every answer is checked:

- a status must be a value of the plan's scale, written as its label in any
  case and with stray spaces ("Grön", "gul ", "RÖD"); anything else is refused
  and reported with its file, sheet and cell (``Välmående!I7``);
- a row must still belong to the activity it was sent for: the id and title
  in the row must agree with the hidden key, or the rows were reordered
  without it and the answer is refused rather than merged to the wrong
  activity;
- an activity not in the plan, an activity answered twice with different
  answers (in one workbook or in two), a workbook for another plan or period,
  and the same workbook given twice are refused;
- an activity sent but not answered (its row left blank or deleted) is listed.

The valid answers are merged into the period as new follow-ups; refused
answers are listed and left out. ``--strict`` writes nothing when anything is
refused. The merged plan is written only when everything has been read, and
replaces the output file in one step.
"""

from __future__ import annotations

import argparse
import bisect
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from rusmodel import Activity, FollowUp, Indicator, Outcome, Period, Plan, PlanError, Problem
from rusmodel.plugins.workbook import cells, template
from rusmodel.plugins.workbook.values import (
    Book,
    Doubt,
    Sheet,
    find_header,
    normalise,
    open_book,
)

__all__ = [
    "Answer",
    "Collection",
    "Missing",
    "Report",
    "add_arguments",
    "collect",
    "format_report",
    "run",
]


@attrs.frozen
class Answer:
    """What one row of a returned workbook says about one activity or indicator.

    ``place`` is the row's first input cell (``Välmående!I7``) and
    ``comment_place`` its comment's cell; ``status`` is the id of the scale
    value meant, ``None`` when left empty.
    """

    kind: str
    key: str
    file: str
    place: str
    group: str
    status: str | None = None
    comment: str = ""
    value: Decimal | None = None
    note: str = ""
    comment_place: str = ""

    @property
    def content(self) -> tuple[object, ...]:
        return (
            self.status,
            " ".join(self.comment.split()),
            self.value,
            " ".join(self.note.split()),
        )


@attrs.frozen
class Missing:
    """An activity that lacks something, the unit asked and where (file, and cell if answered).

    ``key`` is the activity's id, empty where it has none (then its title names it).
    """

    key: str
    title: str
    group: str
    file: str
    place: str = ""


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


@attrs.frozen
class Report:
    """What a collection found, as the command prints it.

    ``answered`` and ``not_answered`` name the units (or goal areas) whose
    workbooks were or were not read; ``read`` counts the answers (rows with
    anything typed in them), each either ``merged`` or ``refused``, so
    ``read == merged + refused``. ``problems`` holds every refused answer and
    workbook with its file and cell; ``no_answer`` the activities sent but not
    answered; ``lacking_status`` and ``lacking_comment`` what the merged period
    still lacks; ``unchanged_comment`` the comments copied from ``previous``.
    """

    period: Period
    files: tuple[str, ...]
    files_read: tuple[str, ...]
    answered: tuple[str, ...]
    not_answered: tuple[str, ...]
    read: int
    merged: int
    refused: int
    problems: tuple[Problem, ...]
    lacking_status: tuple[Missing, ...]
    lacking_comment: tuple[Missing, ...]
    unchanged_comment: tuple[Missing, ...]
    no_answer: tuple[Missing, ...]
    indicators_merged: int = 0
    previous: Period | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@attrs.frozen
class Collection:
    """The plan with the period merged, and the report of what was done."""

    plan: Plan
    report: Report


_MESSAGES: Mapping[str, tuple[str, str]] = {
    "no_meta": (
        "arbetsboken är inte gjord med `rusmodel template` (dess dolda blad {sheet!r} saknas), "
        "så raderna kan inte matchas säkert",
        "this workbook was not made by `rusmodel template` (its hidden sheet {sheet!r} is "
        "missing), so its rows cannot be matched safely",
    ),
    "not_collection": (
        "det här är ingen insamlingsbok (dess format är {fmt!r})",
        "this is not a collection workbook (its format is {fmt!r})",
    ),
    "version": (
        "arbetsboken är av version {version!r}; den här rusmodel läser version {wanted}",
        "the workbook is of version {version!r}; this rusmodel reads version {wanted}",
    ),
    "other_plan": (
        "arbetsboken är gjord från planen {made!r}, inte från {plan!r}",
        "the workbook was made from the plan {made!r}, not from {plan!r}",
    ),
    "other_period": (
        "arbetsboken gäller perioden {made}, inte {wanted}",
        "the workbook is for the period {made}, not {wanted}",
    ),
    "unknown_period": (
        "arbetsboken gäller perioden {made!r}, som planen inte har",
        "the workbook is for the period {made!r}, which the plan does not have",
    ),
    "missing_columns": (
        "kolumnen {names} saknas i rubrikraden; behåll rubrikerna som de skickades",
        "the column {names} is missing from the header row; keep the headers as sent",
    ),
    "unknown_key": (
        "{key!r} är ingen {what} i planen",
        "{key!r} is not an {what} of the plan",
    ),
    "no_identity": (
        "raden har ett svar men varken id eller namn",
        "the row has an answer but neither an id nor a name",
    ),
    "mismatch": (
        "raden visar {shown!r} men hör till {key!r}; sorterades raderna utan den dolda "
        "nyckelkolumnen? Svaret används inte",
        "the row shows {shown!r} but belongs to {key!r}; were the rows sorted without the "
        "hidden key column? The answer is not used",
    ),
    "not_sent": (
        "{key!r} skickades inte i den här arbetsboken; den hör till en annan",
        "{key!r} was not sent in this workbook; it belongs to another",
    ),
    "bad_status": (
        "{text!r} är ingen status i planens skala ({allowed}); svaret för {key!r} används inte",
        "{text!r} is not a status of the plan's scale ({allowed}); the answer for {key!r} "
        "is not used",
    ),
    "bad_value": (
        "{text!r} är inte ett tal; utfallet för {key!r} används inte",
        "{text!r} is not a number; the outcome for {key!r} is not used",
    ),
    "twice_in_file": (
        "{key!r} finns på flera rader ({where}) med olika svar; inget av dem används",
        "{key!r} is on several rows ({where}) with different answers; none is used",
    ),
    "repeated": (
        "det här är samma arbetsbok ({group}) som {others}; ange bara den som ska användas. "
        "Ingen av dem förs in",
        "this is the same workbook ({group}) as {others}; give only the one to use. None of "
        "them is merged",
    ),
    "merged": (
        "cellerna {span} är sammanfogade, så bara den första behåller sitt värde; dela upp dem "
        "och ge varje rad sitt eget svar. Svaret används inte",
        "the cells {span} are merged, so only the first keeps its value; unmerge them and give "
        "each row its own answer. The answer is not used",
    ),
    "formula": (
        "cellen har formeln ={formula} men inget sparat resultat, så den läses som tom; skriv "
        "in själva värdet. Svaret används inte",
        "the cell holds the formula ={formula} and no saved result, so it reads as empty; type "
        "the value itself. The answer is not used",
    ),
    "no_answer_sheet": (
        "inget av arbetsbokens blad ({sheets}) har rubrikraden för svaren; behåll bladen, "
        "rubrikerna och det dolda bladet {meta!r} som de skickades",
        "none of the workbook's sheets ({sheets}) has the header row of the answers; keep the "
        "sheets, the headers and the hidden sheet {meta!r} as they were sent",
    ),
    "no_table": (
        "inget av arbetsbokens blad ({sheets}) har rubrikraden för svaren per {what}; "
        "de svaren kan inte läsas",
        "none of the workbook's sheets ({sheets}) has the header row of the answers per "
        "{what}; those answers cannot be read",
    ),
    "conflict": (
        "{key!r} har olika svar på flera ställen ({where}); inget av svaren används",
        "{key!r} is answered differently in more than one place ({where}); none is used",
    ),
}

_WHAT = {"activity": ("aktivitet", "activity"), "indicator": ("indikator", "indicator")}


def _m(message: str, lang: str, **values: object) -> str:
    sv, en = _MESSAGES[message]
    return (en if lang == "en" else sv).format(**values)


def _meta(book: Book, plan: Plan, lang: str) -> dict[str, object]:
    """The hidden sheet's record of what was sent; refuse a workbook of another plan."""

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
        elif key:
            values.setdefault(key, second)
    if values.get("format") != template.FORMAT:
        raise refuse("not_collection", fmt=values.get("format", ""))
    if values.get("version") != str(template.VERSION):
        raise refuse("version", version=values.get("version", ""), wanted=template.VERSION)
    if values.get("plan") != plan.title:
        raise refuse("other_plan", made=values.get("plan", ""), plan=plan.title)
    if plan.period(values.get("period", "")) is None:
        raise refuse("unknown_period", made=values.get("period", ""))
    return {**values, "headers": headers, "sent": tuple(sent)}


def _choose_period(plan: Plan, period_id: str | None, made_for: Sequence[str]) -> Period:
    """The period collected: the one asked for, else the one most workbooks are for.

    A tie goes to the later period in the plan's order.
    """
    if period_id is None:
        order = [p.id for p in plan.periods]
        if made_for:
            period_id = max(set(made_for), key=lambda p: (made_for.count(p), order.index(p)))
        elif order:
            period_id = order[-1]
        else:
            raise PlanError.single("the plan has no periods", place="periods")
    period = plan.period(period_id)
    if period is None:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise PlanError.single(
            f"the plan has no period {period_id!r} (its periods: {known})", place="periods"
        )
    return period


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
    book: Book, headers: Mapping[str, Mapping[str, str]], lang: str, problems: list[Problem]
) -> list[_Table]:
    """Every sheet holding activities or indicators, found by its header row, whatever its name."""
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


def _read_answers(
    plan: Plan, book: Book, meta: Mapping[str, object], lang: str, problems: list[Problem]
) -> Returned | None:
    """Every answer of a returned workbook; refused rows are problems, counted.

    ``None`` (and a problem) when no sheet of answers is found in it at all.
    """
    headers: Mapping[str, Mapping[str, str]] = meta["headers"]  # type: ignore[assignment]
    sent: tuple[tuple[str, str], ...] = meta["sent"]  # type: ignore[assignment]
    group = str(meta.get("group_name", ""))
    refusals: list[Problem] = []
    refused: set[tuple[str, str]] = set()
    answers: dict[tuple[str, str], list[Answer]] = {}
    found: set[tuple[str, str]] = set()
    before = len(problems)
    tables = _tables(book, headers, lang, problems)
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
                answers.setdefault((table.kind, key), []).append(answer)
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
        by=str(meta.get("by", "unit")),
        group_id=str(meta.get("group", "")),
        group=group,
        sent=sent,
        answers=tuple(kept),
        found=frozenset(found),
        refused=frozenset(refused),
        refused_rows=len(refusals),
    )


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
    """Refuse a row with a merged cell or a formula without a result: what it says is unsure."""
    if doubt.span:
        message = _m("merged", lang, span=doubt.span)
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
                allowed = ", ".join(v.label_sv for v in plan.scale.values)
                problems.append(
                    Problem(
                        _m("bad_status", lang, text=text, allowed=allowed, key=key),
                        place=place,
                        file=file,
                    )
                )
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
    try:
        number = cells.read_decimal(raw["value"])
    except cells.CellError:
        text = cells.read_text(raw["value"])
        problems.append(Problem(_m("bad_value", lang, text=text, key=key), place=place, file=file))
        return None
    note = cells.read_text(raw["note"]).strip()
    return Answer(
        kind="indicator", key=key, file=file, place=place, group=group, value=number, note=note
    )


def collect(
    plan: Plan, paths: Sequence[Path], *, period_id: str | None = None, lang: str = "sv"
) -> Collection:
    """Read the returned workbooks at ``paths`` and merge their valid answers into ``plan``.

    ``period_id`` is the period being collected; by default the period the
    first readable workbook was made for. Messages are Swedish unless
    ``lang`` is ``en``. Raises :class:`PlanError` only when the plan itself
    cannot be collected into; every problem with a workbook or an answer is in
    the report.
    """
    for what, keys in (
        ("activities", [a.key for a in plan.activities]),
        ("indicators", [i.key for i in plan.indicators]),
    ):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise PlanError.single(
                f"two {what} of the plan have the key {twice[0]!r}, so an answer could not be "
                "matched to one of them; give each an id of its own",
                place=what,
            )
    problems: list[Problem] = []
    books: list[tuple[Book, dict[str, object]]] = []
    for path in paths:
        try:
            book = open_book(path)
            books.append((book, _meta(book, plan, lang)))
        except PlanError as exc:
            problems += exc.problems
    period = _choose_period(plan, period_id, [str(meta["period"]) for _, meta in books])
    returned: list[Returned] = []
    for book, meta in books:
        made_for = plan.period(str(meta["period"]))
        if made_for is not None and made_for.id != period.id:
            message = _m(
                "other_period",
                lang,
                made=f"{made_for.name} ({made_for.id})",
                wanted=f"{period.name} ({period.id})",
            )
            problems.append(Problem(message, file=book.file))
            continue
        read = _read_answers(plan, book, meta, lang, problems)
        if read is not None:
            returned.append(read)
    returned = _drop_repeated(returned, lang, problems)
    answers = [a for r in returned for a in r.answers]
    accepted, conflicts = _agree(answers, lang, problems)
    merged_plan = _merge(plan, period, returned, accepted)
    report = _report(
        plan, merged_plan, period, paths, returned, answers, accepted, conflicts, problems
    )
    return Collection(plan=merged_plan, report=report)


def _drop_repeated(returned: list[Returned], lang: str, problems: list[Problem]) -> list[Returned]:
    """A workbook given twice (the same template) is refused: which one is meant is unclear."""
    by_template: dict[str, list[Returned]] = {}
    for r in returned:
        by_template.setdefault(r.template, []).append(r)
    kept = []
    for r in returned:
        same = by_template[r.template]
        if len(same) > 1:
            others = ", ".join(o.file for o in same if o is not r)
            problems.append(
                Problem(_m("repeated", lang, group=r.group, others=others), file=r.file)
            )
            continue
        kept.append(r)
    return kept


def _agree(
    answers: Sequence[Answer], lang: str, problems: list[Problem]
) -> tuple[dict[tuple[str, str], Answer], set[tuple[str, str]]]:
    """One answer per activity; differing answers for one (in two workbooks) are all refused."""
    by_key: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        by_key.setdefault((answer.kind, answer.key), []).append(answer)
    accepted: dict[tuple[str, str], Answer] = {}
    conflicts: set[tuple[str, str]] = set()
    for key, given in by_key.items():
        if len({a.content for a in given}) == 1:
            accepted[key] = given[0]
            continue
        conflicts.add(key)
        where = "; ".join(f"{a.file}: {a.place}" for a in given)
        problems += [
            Problem(_m("conflict", lang, key=key[1], where=where), place=a.place, file=a.file)
            for a in given
        ]
    return accepted, conflicts


def _merge(
    plan: Plan,
    period: Period,
    returned: Sequence[Returned],
    accepted: Mapping[tuple[str, str], Answer],
) -> Plan:
    """The plan with the accepted answers as the period's follow-ups and outcomes.

    An activity that was sent in a returned workbook but not answered gets an
    empty follow-up for the period (unless it already has one), so reports show
    it as not reported instead of leaving it out.
    """
    sent = {key for r in returned for kind, key in r.sent if kind == "activity"}
    activities = []
    for activity in plan.activities:
        answer = accepted.get(("activity", activity.key))
        follow_ups = dict(activity.follow_ups)
        if answer is not None:
            follow_ups[period.id] = FollowUp(status=answer.status, comment=answer.comment)
        elif activity.key in sent and period.id not in follow_ups:
            follow_ups[period.id] = FollowUp()
        if follow_ups != activity.follow_ups:
            activity = attrs.evolve(activity, follow_ups=follow_ups)
        activities.append(activity)
    indicators = [
        _merge_outcome(i, period, accepted.get(("indicator", i.key))) for i in plan.indicators
    ]
    return attrs.evolve(plan, activities=tuple(activities), indicators=tuple(indicators))


def _merge_outcome(indicator: Indicator, period: Period, answer: Answer | None) -> Indicator:
    """The outcome given: a value is measured; no value but a comment is "not measured"."""
    if answer is None or (answer.value is None and not answer.note):
        return indicator
    existing = indicator.outcomes.get(period.id, Outcome())
    outcome = attrs.evolve(
        existing, value=answer.value, note=answer.note, measured=answer.value is not None
    )
    return attrs.evolve(indicator, outcomes={**indicator.outcomes, period.id: outcome})


def _report(
    plan: Plan,
    merged: Plan,
    period: Period,
    paths: Sequence[Path],
    returned: Sequence[Returned],
    answers: Sequence[Answer],
    accepted: Mapping[tuple[str, str], Answer],
    conflicts: set[tuple[str, str]],
    problems: Sequence[Problem],
) -> Report:
    previous = plan.previous_period(period.id)
    in_conflict = sum(1 for a in answers if (a.kind, a.key) in conflicts)
    refused_rows = sum(r.refused_rows for r in returned)
    where: dict[str, Returned] = {}
    for r in returned:
        for kind, key in r.sent:
            if kind == "activity":
                where.setdefault(key, r)
    refused = {key for r in returned for kind, key in r.refused if kind == "activity"}
    refused |= {key for kind, key in conflicts if kind == "activity"}
    lacking_status: list[Missing] = []
    lacking_comment: list[Missing] = []
    unchanged: list[Missing] = []
    no_answer: list[Missing] = []
    for activity in merged.activities:
        sent_in = where.get(activity.key)
        if sent_in is None:
            continue
        answer = accepted.get(("activity", activity.key))
        missing = Missing(
            key=activity.id,
            title=activity.title,
            group=sent_in.group,
            file=answer.file if answer else sent_in.file,
            place=answer.place if answer else "",
        )
        follow_up = activity.follow_ups.get(period.id)
        if answer is None and activity.key not in refused:
            gone = not any(("activity", activity.key) in x.found for x in returned)
            no_answer.append(attrs.evolve(missing, place=ROW_MISSING if gone else ""))
        if follow_up is None or follow_up.status is None:
            lacking_status.append(missing)
        # What concerns the comment is shown at the comment's cell.
        at_comment = (
            attrs.evolve(missing, place=answer.comment_place)
            if answer is not None and answer.comment_place
            else missing
        )
        if follow_up is None or not follow_up.comment.strip():
            lacking_comment.append(at_comment)
        if answer is not None and previous is not None and answer.comment:
            before = activity.follow_ups.get(previous.id)
            if before is not None and normalise(before.comment) == normalise(answer.comment):
                unchanged.append(at_comment)
    groups = template.groups(plan, returned[0].by if returned else "unit")
    answered_ids = {r.group_id for r in returned}
    return Report(
        period=period,
        files=tuple(str(p) for p in paths),
        files_read=tuple(r.file for r in returned),
        answered=tuple(g.name for g in groups if g.id in answered_ids),
        not_answered=tuple(g.name for g in groups if g.id not in answered_ids),
        read=len(answers) + refused_rows,
        merged=len(answers) - in_conflict,
        refused=in_conflict + refused_rows,
        problems=tuple(problems),
        lacking_status=tuple(lacking_status),
        lacking_comment=tuple(lacking_comment),
        unchanged_comment=tuple(unchanged),
        no_answer=tuple(no_answer),
        indicators_merged=sum(1 for k in accepted if k[0] == "indicator"),
        previous=previous,
    )


ROW_MISSING = "-"
"""The place of an activity whose row was deleted from the returned workbook."""


_TEXT = {
    "title": ("Insamling {period} ({id})", "Collection {period} ({id})"),
    "files": ("Arbetsböcker: {n} givna, {read} lästa", "Workbooks: {n} given, {read} read"),
    "answered": ("Svarade: {names}", "Answered: {names}"),
    "not_answered": ("Svarade inte: {names}", "Did not answer: {names}"),
    "counts": (
        "{read} svar lästa: {merged} sammanförda{of_which}, {refused} avvisade",
        "{read} answers read: {merged} merged{of_which}, {refused} refused",
    ),
    "indicators": (" (varav {n} indikatorutfall)", " ({n} of them indicator outcomes)"),
    "no_answer": ("Inget svar", "No answer"),
    "lacking_status": ("Saknar status", "Lacking a status"),
    "lacking_comment": ("Saknar kommentar", "Lacking a comment"),
    "unchanged": (
        "Kommentaren oförändrad sedan {previous}",
        "Comment unchanged since {previous}",
    ),
    "problems": ("Avvisat och ogiltigt ({n})", "Refused and invalid ({n})"),
    "none": ("inga", "none"),
    "row_missing": ("raden saknas i arbetsboken", "the row is missing from the workbook"),
    "nothing_written": (
        "Inget skrevs: rätta felen ovan eller kör utan --strict.",
        "Nothing was written: fix the problems above or run without --strict.",
    ),
    "written": (
        "Den sammanförda planen skrevs till {path}",
        "The merged plan was written to {path}",
    ),
    "dry_run": ("Provkörning: inget skrevs.", "Dry run: nothing was written."),
    "nothing_read": (
        "Inget skrevs: ingen av arbetsböckerna kunde läsas.",
        "Nothing was written: none of the workbooks could be read.",
    ),
}


def _t(key: str, lang: str, **values: object) -> str:
    sv, en = _TEXT[key]
    return (en if lang == "en" else sv).format(**values)


def format_report(report: Report, lang: str = "sv") -> str:
    """The report as the lines the command prints (Swedish unless ``lang`` is ``en``)."""
    none = _t("none", lang)
    lines = [
        _t("title", lang, period=report.period.name, id=report.period.id),
        _t("files", lang, n=len(report.files), read=len(report.files_read)),
        _t("answered", lang, names=", ".join(report.answered) or none),
        _t("not_answered", lang, names=", ".join(report.not_answered) or none),
        _t(
            "counts",
            lang,
            read=report.read,
            merged=report.merged,
            refused=report.refused,
            of_which=_t("indicators", lang, n=report.indicators_merged)
            if report.indicators_merged
            else "",
        ),
    ]

    def section(title: str, items: Iterable[Missing]) -> None:
        items = list(items)
        lines.append("")
        lines.append(f"{title} ({len(items)})" + (":" if items else ""))
        for m in items:
            where = _t("row_missing", lang) if m.place == ROW_MISSING else m.place
            name = f"{m.key} – {m.title}" if m.key else m.title
            lines.append(f"  {name} [{m.group}] ({m.file}{': ' + where if where else ''})")

    section(_t("no_answer", lang), report.no_answer)
    section(_t("lacking_status", lang), report.lacking_status)
    section(_t("lacking_comment", lang), report.lacking_comment)
    if report.previous is not None:
        section(_t("unchanged", lang, previous=report.previous.name), report.unchanged_comment)
    lines.append("")
    lines.append(_t("problems", lang, n=len(report.problems)) + (":" if report.problems else ""))
    lines += [f"  {p}" for p in report.problems]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", type=Path, help="the plan file the workbooks were made from")
    parser.add_argument("returned", type=Path, nargs="+", help="the returned workbooks (.xlsx)")
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        help="the merged plan to write (.yaml, .json, .xlsx)",
    )
    parser.add_argument("--period", help="the period collected (default: the workbooks' period)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="write nothing when any answer or workbook is refused",
    )
    parser.add_argument("--dry-run", action="store_true", help="only print the report")


def run(args: argparse.Namespace) -> int:
    """Collect, print the report, and write the merged plan unless told not to.

    Exit status: 0 when every answer was merged; 1 when anything was refused
    (the valid answers are still merged unless ``--strict``).
    """
    from rusmodel.plugins.workbook.files import load_plan, plan_bytes

    lang = getattr(args, "lang", None) or "sv"
    plan = load_plan(args.plan)
    result = collect(plan, args.returned, period_id=args.period, lang=lang)
    report = result.report
    print(format_report(report, lang))
    print()
    if args.dry_run:
        print(_t("dry_run", lang))
    elif not report.files_read:
        print(_t("nothing_read", lang))
        return 1
    elif args.strict and not report.ok:
        print(_t("nothing_written", lang))
        return 1
    else:
        data = plan_bytes(result.plan, args.output)
        from rusmodel import atomic_write

        with atomic_write(args.output) as out:
            out.write(data)
        print(_t("written", lang, path=args.output))
    return 0 if report.ok else 1
