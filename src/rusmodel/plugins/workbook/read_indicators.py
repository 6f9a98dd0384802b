"""The indicators (indikatorer) and their outcomes (utfall), read from the full workbook.

An outcome refers to its indicator by the indicator's id, or its name where it
has none; a row with a category (kategori) is one value of an outcome split
by category, such as women and men.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rusmodel import Indicator, Outcome, parse_target
from rusmodel.plugins.workbook.layout import SHEETS
from rusmodel.plugins.workbook.read_cells import Reader, given

__all__ = ["read_indicators"]


def read_indicators(r: Reader) -> tuple[Indicator, ...]:
    """The indicators of the sheet Indikatorer, each with its outcomes by period (sheet Utfall)."""
    spec = {c.key: c for c in SHEETS["indicators"].columns}
    # Each indicator and outcome is built once, when all its sheets are read: attrs.evolve
    # per indicator looked its class's fields up again: a tenth of building a large plan.
    indicators: dict[str, dict[str, Any]] = {}
    for line in r.table("indicators"):
        target = r.text(line, "target")
        fields = dict(
            id=r.text(line, "id"),
            name=r.text(line, "name"),
            goal_area=r.text(line, "goal_area"),
            unit=r.text(line, "unit"),
            target=parse_target(target) if target else None,
            source=r.text(line, "source"),
            target_year=r.get(line, "target_year", "year"),
            **given(
                better=r.col(line, spec["better"]),
                every_n_years=r.get(line, "every_n_years", "int"),
            ),
        )
        indicators[Indicator(**fields).key] = fields
    outcomes: dict[str, dict[str, dict[str, Any]]] = {}
    values: dict[tuple[str, str], dict[str, Decimal]] = {}
    spec = {c.key: c for c in SHEETS["outcomes"].columns}
    for line in r.table("outcomes"):
        key = r.text(line, "indicator")
        period = r.text(line, "period")
        if key not in indicators:
            r.problem(
                f"there is no indicator {key!r} on the sheet of indicators", line.ref("indicator")
            )
            continue
        category = r.text(line, "category")
        value = r.get(line, "value", "decimal")
        if category:
            if value is None:
                r.problem(f"the category {category!r} has no value", line.ref("value"))
                continue
            values.setdefault((key, period), {})[category] = value
            outcomes.setdefault(key, {}).setdefault(period, {})
            continue
        outcomes.setdefault(key, {})[period] = dict(
            value=value,
            note=r.text(line, "note"),
            trend=r.col(line, spec["trend"]),
            **given(measured=r.get(line, "measured", "bool")),
        )
    return tuple(
        Indicator(
            **fields,
            outcomes={
                period: Outcome(**outcome, values=values.get((key, period), {}))
                for period, outcome in outcomes.get(key, {}).items()
            },
        )
        for key, fields in indicators.items()
    )
