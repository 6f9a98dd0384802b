"""The economy (ekonomi) of each period and the plan's budget, read from the full workbook.

An economy is spread over several sheets: its own row, its statements
(resultaträkning, budget per enhet) with their columns and lines, its
investments and deviations; each of those rows names its period. The plan's
own budget belongs to no period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from rusmodel import Column, Deviation, Economy, Investment, Statement, StatementLine
from rusmodel.plugins.workbook.layout import SHEETS, Col, Section, Table
from rusmodel.plugins.workbook.read_cells import Line, Reader, given

__all__ = ["PartialEconomy", "freeze_economy", "freeze_statement", "read_economy"]


@attrs.define
class PartialEconomy:
    """An economy being assembled from several sheets."""

    fields: dict[str, Any]
    statements: dict[Table, dict[str, Any]] = attrs.field(factory=dict)
    investments: list[Investment] = attrs.field(factory=list)
    deviations: list[Deviation] = attrs.field(factory=list)
    bullets: dict[Section, list[str]] = attrs.field(factory=dict)


def freeze_statement(s: Mapping[str, Any]) -> Statement:
    """The finished statement (resultaträkning, budget) from its fields, columns and lines."""
    return Statement(**s["fields"], columns=tuple(s["columns"]), lines=tuple(s["lines"]))


def read_economy(r: Reader, plan_budget: dict[Table, dict[str, Any]]) -> dict[str, PartialEconomy]:
    """The economies by period; the plan's own budget (no period) goes into ``plan_budget``."""
    spec = {c.key: c for c in SHEETS["economy"].columns}
    economies: dict[str, PartialEconomy] = {}
    for line in r.table("economy"):
        period = r.text(line, "period")
        economies[period] = PartialEconomy(
            fields=given(
                period=period,
                scale=r.col(line, spec["scale"]),
                forecast_comment=r.text(line, "forecast_comment"),
            )
        )

    def owner(line: Line) -> PartialEconomy | None:
        period = r.text(line, "period")
        if period not in economies:
            r.problem(
                f"there is no economy for the period {period!r} on the sheet Ekonomi",
                line.ref("period"),
            )
            return None
        return economies[period]

    s_spec = {c.key: c for c in SHEETS["statements"].columns}
    for line in r.table("statements"):
        table = r.col(line, s_spec["table"])
        holder = plan_budget if table is Table.PLAN_BUDGET else None
        economy = None if holder is not None else owner(line)
        if table is None or (economy is None and holder is None):
            continue
        (holder if holder is not None else economy.statements)[table] = {  # type: ignore[union-attr]
            "fields": given(
                title=r.text(line, "title"),
                scale=r.col(line, s_spec["scale"]),
                note=r.text(line, "note"),
            ),
            "columns": [],
            "lines": [],
        }

    def statement(line: Line, spec: Mapping[str, Col]) -> dict[str, Any] | None:
        table = r.col(line, spec["table"])
        if table is Table.PLAN_BUDGET:
            if table not in plan_budget:
                r.problem("there is no plan budget on the sheet Ekonomitabeller", line.ref("table"))
                return None
            return plan_budget[table]
        economy = owner(line)
        if economy is None or table is None:
            return None
        if table not in economy.statements:
            r.problem(
                f"there is no {table.value} for this period on the sheet Ekonomitabeller",
                line.ref("table"),
            )
            return None
        return economy.statements[table]

    c_spec = {c.key: c for c in SHEETS["statement_columns"].columns}
    labels: dict[str, str] = {}
    for line in r.table("statement_columns"):
        target = statement(line, c_spec)
        if target is None:
            continue
        column = Column(
            id=r.text(line, "id"),
            label=r.text(line, "label"),
            group=r.text(line, "group"),
            **given(kind=r.col(line, c_spec["kind"])),
        )
        labels.setdefault(column.label, column.id)
        target["columns"].append(column)
    extra = [Col(f"value:{cid}", label, label, "decimal") for label, cid in labels.items()]
    l_spec = {c.key: c for c in SHEETS["statement_lines"].columns}
    for line in r.table("statement_lines", extra):
        target = statement(line, l_spec)
        kind = r.col(line, l_spec["kind"])
        if target is None or kind is None:
            continue
        amounts = {}
        for key in line.columns:
            if key.startswith("value:"):
                value = r.get(line, key, "decimal")
                if value is not None:
                    amounts[key.removeprefix("value:")] = value
        target["lines"].append(
            StatementLine(label=r.text(line, "label"), kind=kind, values=amounts)
        )
    for line in r.table("investments"):
        economy = owner(line)
        if economy is not None:
            economy.investments.append(
                Investment(
                    project=r.text(line, "project"),
                    budget=r.get(line, "budget", "decimal"),
                    outcome=r.get(line, "outcome", "decimal"),
                    forecast=r.get(line, "forecast", "decimal"),
                )
            )
    for line in r.table("deviations"):
        economy = owner(line)
        if economy is not None:
            economy.deviations.append(
                Deviation(text=r.text(line, "text"), amount=r.get(line, "amount", "decimal"))
            )
    return economies


def freeze_economy(e: PartialEconomy) -> Economy:
    """The finished economy, with its statements and bullet lists."""
    statements: dict[str, Any] = {
        table.value: Statement(**s["fields"], columns=tuple(s["columns"]), lines=tuple(s["lines"]))
        for table, s in e.statements.items()
    }
    return Economy(
        **e.fields,
        **statements,
        investments=tuple(e.investments),
        deviations=tuple(e.deviations),
        actions=tuple(e.bullets.get(Section.ECONOMY_ACTIONS, ())),
        uncertainties=tuple(e.bullets.get(Section.ECONOMY_UNCERTAINTIES, ())),
        comments=tuple(e.bullets.get(Section.ECONOMY_COMMENTS, ())),
    )
