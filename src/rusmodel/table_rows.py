"""What the economy and key-figure tables say, row by row, in the reader's language.

The deck and the Word report show the same tables: the income statement
(resultaträkning) and the budget per unit with their column groups
(Månadsbokslut | Helår), the investments with their Summa row, the key
figures (nyckeltal) with their breakdowns, the deviations from budget, and
the status words and colours and the activity and goal-area names of the activity
tables. This module says what
every row and cell of them says: the label, the values written by
:mod:`rusmodel.labels` for the language, which rows are sums (bold), which
are a breakdown's members (indented), the unit line ("Belopp i mnkr"). The
formats only draw it, each in its own cells, so both say the same.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

from rusmodel.labels import NBSP, format_money, format_number, format_percent, label, money_unit
from rusmodel.model import (
    TRAFFIC_LIGHT,
    Activity,
    ColumnKind,
    Economy,
    KeyFigure,
    LineKind,
    Plan,
    Statement,
    StatusValue,
    Trend,
)
from rusmodel.targets import Verdict

__all__ = [
    "EMPTY",
    "INDENT",
    "NOT_REPORTED_COLOUR",
    "AmountLine",
    "FigureTable",
    "RowKind",
    "StatusMark",
    "TableColumn",
    "TableRow",
    "TextCell",
    "activity_name",
    "amount_lines",
    "area_names",
    "decimal_places",
    "deviation_lines",
    "investment_table",
    "key_figure_table",
    "statement_table",
    "status_legend_marks",
    "status_mark",
    "trend_text",
    "verdict_mark",
]

EMPTY = "–"
"""What a cell with no value says (an en dash, as the reports print it)."""
INDENT = NBSP * 3
"""What a breakdown's member (Kvinnor under Kön) is indented with: no-break spaces, which
every format keeps."""
NOT_REPORTED_COLOUR = "D9D9D9"
"""The colour of the status "not reported" (ej rapporterad): where a unit gave no status."""


class RowKind(enum.Enum):
    """What a row of a table is, which decides how it is set: ``LINE`` a statement line or
    an investment project, plain; ``SUM`` a total, the result or Summa, the whole row
    bold; ``SERIES`` a key figure's own series (Totalt), its name bold and its values
    plain; ``GROUP`` a breakdown's heading (Kön, Ålder), its name bold and no values;
    ``MEMBER`` a breakdown's member (Kvinnor), its name indented and plain."""

    LINE = "line"
    SUM = "sum"
    SERIES = "series"
    GROUP = "group"
    MEMBER = "member"


@attrs.frozen
class TextCell:
    """A cell as the reader sees it: its text and whether it is bold."""

    text: str
    bold: bool = False


@attrs.frozen(kw_only=True)
class TableColumn:
    """A column: its ``header``; ``numeric`` for amounts and values (set right-aligned);
    ``group`` is the heading over neighbouring columns that share it (Månadsbokslut)."""

    header: str
    numeric: bool = True
    group: str = ""


@attrs.frozen(kw_only=True)
class TableRow:
    """A row: its ``label`` as shown (a breakdown's member indented with :data:`INDENT`), one
    text per value column (:data:`EMPTY` where there is no value), and its :class:`RowKind`."""

    label: str
    values: tuple[str, ...]
    kind: RowKind = RowKind.LINE

    @property
    def bold(self) -> bool:
        """Whether the whole row is bold: a sum row."""
        return self.kind is RowKind.SUM

    @property
    def label_bold(self) -> bool:
        """Whether the row's label is bold: a sum, a key figure's series or a heading."""
        return self.kind in (RowKind.SUM, RowKind.SERIES, RowKind.GROUP)

    @property
    def cells(self) -> tuple[TextCell, ...]:
        """The row's cells, label first, each with its text and weight."""
        values = (TextCell(v, self.bold) for v in self.values)
        return (TextCell(self.label, self.label_bold), *values)


@attrs.frozen(kw_only=True)
class FigureTable:
    """A table: its columns (the label column first), its rows, the unit line that says what
    the amounts are in ("Belopp i mnkr", "Amounts in MSEK"; empty where the values carry
    their unit) and the note printed below it."""

    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    unit: str = ""
    note: str = ""


@attrs.frozen(kw_only=True)
class AmountLine:
    """An amount said in a line of its own ("Periodens resultat: 6,2 mnkr"): the label
    ``key`` it is said under (``result_for_period``, ``forecast_full_year``), the label in
    the language and the amount with its unit and sign."""

    key: str
    label: str
    amount: str


@attrs.frozen(kw_only=True)
class StatusMark:
    """A status as a cell and the legend show it: its word, its colour (``RRGGBB``) and what
    it means."""

    word: str
    colour: str
    description: str = ""


def decimal_places(values: Sequence[Decimal | None]) -> int:
    """The most decimal places any of ``values`` is written with (a table uses one for all)."""
    places = [0]
    for value in values:
        if value is not None:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                places.append(max(0, -exponent))
    return max(places)


def _number(value: Decimal | None, lang: str, places: int) -> str:
    return EMPTY if value is None else format_number(value, lang, decimals=places)


def key_figure_table(figure: KeyFigure, lang: str = "sv") -> FigureTable:
    """A key figure as a table: a series per row, each breakdown under its heading.

    Every value is written with as many decimals as the most precise one;
    a key figure in per cent writes its values with the per cent sign
    (``5,0 %`` / ``5.0%``); a missing value is :data:`EMPTY`.
    """
    places = decimal_places([v for row in figure.rows for v in row.values])
    percent = figure.unit.strip() == "%"
    count = len(figure.columns)

    def text(value: Decimal | None) -> str:
        if value is not None and percent:
            return format_percent(value, lang, decimals=places)
        return _number(value, lang, places)

    rows: list[TableRow] = []
    group = ""
    for row in figure.rows:
        if row.group and row.group != group:
            rows.append(TableRow(label=row.group, values=("",) * count, kind=RowKind.GROUP))
        group = row.group
        values = list(row.values[:count]) + [None] * (count - len(row.values))
        rows.append(
            TableRow(
                label=INDENT + row.label if row.group else row.label,
                values=tuple(text(v) for v in values),
                kind=RowKind.MEMBER if row.group else RowKind.SERIES,
            )
        )
    years = (TableColumn(header=c) for c in figure.columns)
    columns = (TableColumn(header="", numeric=False), *years)
    return FigureTable(columns=columns, rows=tuple(rows), note=figure.note)


_SUM_LINES = frozenset({LineKind.REVENUE_TOTAL, LineKind.COST_TOTAL, LineKind.RESULT})


def statement_table(
    statement: Statement, lang: str = "sv", column_ids: Sequence[str] | None = None
) -> FigureTable:
    """A statement (income statement, budget per unit) as a table: a line per row, the
    totals and the result in bold, the unit line heading the label column.

    ``column_ids`` keeps only those columns (a unit's own budget); lines with
    no amount in any kept column are then left out.
    """
    kept = [c for c in statement.columns if column_ids is None or c.id in column_ids]
    places = decimal_places([v for line in statement.lines for v in line.values.values()])
    unit = label("amounts_in", lang, unit=money_unit(statement.scale, lang))
    rows: list[TableRow] = []
    for line in statement.lines:
        values = [line.values.get(c.id) for c in kept]
        if column_ids is not None and all(v is None for v in values):
            continue
        rows.append(
            TableRow(
                label=line.label,
                values=tuple(_number(v, lang, places) for v in values),
                kind=RowKind.SUM if line.kind in _SUM_LINES else RowKind.LINE,
            )
        )
    amounts = (TableColumn(header=c.label, group=c.group) for c in kept)
    columns = (TableColumn(header=unit, numeric=False), *amounts)
    return FigureTable(columns=columns, rows=tuple(rows), unit=unit, note=statement.note)


def investment_table(economy: Economy, year: int, lang: str = "sv") -> FigureTable:
    """The investment projects (investeringar) with budget, outcome and forecast for
    ``year``, and a bold Summa row of each column's total."""
    places = decimal_places(
        [v for i in economy.investments for v in (i.budget, i.outcome, i.forecast)]
    )
    rows = [
        TableRow(
            label=i.project,
            values=tuple(_number(v, lang, places) for v in (i.budget, i.outcome, i.forecast)),
        )
        for i in economy.investments
    ]
    rows.append(
        TableRow(
            label=label("sum", lang),
            values=tuple(_number(v, lang, places) for v in economy.investment_totals()),
            kind=RowKind.SUM,
        )
    )
    keys = ("budget", "outcome", "forecast")
    amounts = (TableColumn(header=f"{label(key, lang)} {year}") for key in keys)
    columns = (TableColumn(header=label("project", lang), numeric=False), *amounts)
    unit = label("amounts_in", lang, unit=money_unit(economy.scale, lang))
    return FigureTable(columns=columns, rows=tuple(rows), unit=unit)


def deviation_lines(economy: Economy, lang: str = "sv") -> tuple[str, ...]:
    """The deviations from budget as the reports list them, each with its signed amount:
    "Lägre personalkostnader, +0,6 mnkr"."""
    return tuple(
        f"{d.text}, {format_money(d.amount, economy.scale, lang, sign=True)}"
        if d.amount is not None
        else d.text
        for d in economy.deviations
    )


def _said_in(comment: str, value: Decimal) -> bool:
    """Whether ``comment`` already states ``value`` ("Prognos (per augusti) -1,5 mnkr.")."""
    text = comment.replace("\u2212", "-")
    return any(
        re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d])", text)
        for lang in ("sv", "en")
        for form in {format_number(value, lang, space=" "), format_number(value, lang)}
    )


def amount_lines(economy: Economy, lang: str = "sv") -> tuple[AmountLine, ...]:
    """The period's result and the full-year forecast from the income statement, each a
    line of its own; the forecast is said once, so not where the forecast comment
    already states it."""
    statement = economy.income_statement
    if statement is None:
        return ()
    lines: list[AmountLine] = []
    for kind, key in (
        (ColumnKind.OUTCOME, "result_for_period"),
        (ColumnKind.FORECAST, "forecast_full_year"),
    ):
        column = statement.column(kind)
        value = statement.result(column.id) if column else None
        if value is None:
            continue
        if kind is ColumnKind.FORECAST and _said_in(economy.forecast_comment, value):
            continue
        amount = format_money(value, statement.scale, lang)
        lines.append(AmountLine(key=key, label=label(key, lang), amount=amount))
    return tuple(lines)


def status_mark(value: StatusValue | None, lang: str = "sv") -> StatusMark:
    """A status cell's word and colour; "Ej rapporterad" in grey where none was given."""
    if value is None:
        return StatusMark(
            word=label("not_reported", lang),
            colour=NOT_REPORTED_COLOUR,
            description=label("not_reported_description", lang),
        )
    return StatusMark(
        word=value.label(lang), colour=value.colour, description=value.description(lang)
    )


def status_legend_marks(
    plan: Plan, lang: str = "sv", include_unreported: bool = False
) -> tuple[StatusMark, ...]:
    """The status legend (teckenförklaring): every value of the plan's scale in its order,
    then "Ej rapporterad" where ``include_unreported`` (a table shows an activity with no
    status)."""
    marks = tuple(status_mark(v, lang) for v in plan.scale.values)
    return marks + ((status_mark(None, lang),) if include_unreported else ())


_TRENDS = {
    Trend.POSITIVE: ("↑", "trend_positive"),
    Trend.NEGATIVE: ("↓", "trend_negative"),
    Trend.UNCHANGED: ("→", "trend_unchanged"),
}


def trend_text(trend: Trend, lang: str = "sv") -> str:
    """An indicator's trend as its cell shows it, a mark and a word ("↑ Positiv"): up is
    better, down is worse, whichever way the value moved."""
    mark, key = _TRENDS[trend]
    return f"{mark} {label(key, lang)}"


def verdict_mark(verdict: Verdict, lang: str = "sv") -> StatusMark | None:
    """Whether an indicator met its target, as its status cell shows it: "Uppnått" in the
    traffic light's green, "Ej uppnått" in its red; ``None`` where it cannot be judged."""
    colours = {v.id: v.colour for v in TRAFFIC_LIGHT.values}
    if verdict is Verdict.MET:
        return StatusMark(word=label("verdict_met", lang), colour=colours["green"])
    if verdict is Verdict.NOT_MET:
        return StatusMark(word=label("verdict_not_met", lang), colour=colours["red"])
    return None


def activity_name(activity: Activity) -> str:
    """An activity (åtgärd) as a table names it in one cell: its number and title
    ("1.2 Stärka föräldraskapet"), or the title alone where it has no number."""
    return f"{activity.id} {activity.title}" if activity.id else activity.title


def area_names(plan: Plan, activity: Activity) -> str:
    """The goal areas (målområden) an activity belongs to, as a narrow column shows them:
    each area's short name (its name where it has none), comma-separated; an id the plan
    does not know is shown as it is."""
    names = []
    for area_id in activity.goal_areas:
        area = plan.goal_area(area_id)
        names.append(area.display_short if area else area_id)
    return ", ".join(names)
