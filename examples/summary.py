"""What a follow-up says, from Python: counts, the share on track, changes, indicators.

usage: python examples/summary.py [FOLDER]

Prints, for the action plan ``examples/rus-handlingsplan.yaml``, the
activities per goal area and status in each of its two follow-ups, with the
share on track (andel enligt plan), and what changed from the first follow-up
to the second; then how the administration plan's indicators
(``forvaltningsplan-2023.yaml``) stand against their targets. Writes the
counts of every period to ``status-counts.csv`` in FOLDER (default: the
current folder), for a spreadsheet or a chart of one's own.

The numbers are the ones the deck and ``rusmodel summary`` show: they all come
from ``rusmodel.summary``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rusmodel import Plan, load_yaml
from rusmodel.labels import format_number, label
from rusmodel.summary import (
    changes_since_previous,
    indicator_status,
    share_percent,
    status_counts,
    total_count,
)

EXAMPLES = Path(__file__).resolve().parent


def print_counts(plan: Plan, period_id: str) -> list[list[str]]:
    """Print the summary table of a period; return its rows for the CSV file."""
    period = plan.period(period_id)
    assert period is not None
    statuses = [value.label("sv") for value in plan.scale.values]
    header = ["Målområde", "Totalt", *statuses, "Andel enligt plan"]
    rows = []
    for group in (*status_counts(plan, period_id), total_count(plan, period_id)):
        share = share_percent(group)
        counts = [str(group.by_status[value.id]) for value in plan.scale.values]
        shown = "–" if share is None else f"{share} %"
        rows.append([group.name, str(group.total), *counts, shown])
    print(f"{plan.title} – {period.name}")
    for row in [header, *rows]:
        print(f"  {row[0]:<22}" + "".join(f"{cell:>7}" for cell in row[1:-1]) + f"  {row[-1]}")
    print()
    return [[period.id, *row] for row in rows]


def print_changes(plan: Plan, period_id: str) -> None:
    changes = changes_since_previous(plan, period_id)
    if changes.previous is None:
        return
    previous = plan.period(changes.previous)
    assert previous is not None
    print(f"Sedan {previous.name}:")
    print(f"  {len(changes.new)} nya aktiviteter, {len(changes.removed)} följs inte längre upp")
    for change in changes.status_changed:
        before = plan.scale.get(change.previous_status or "")
        now = plan.scale.get(change.status or "")
        was = before.label("sv") if before else label("not_reported")
        print(f"  {change.activity.title}: {was} → {now.label('sv') if now else '–'}")
    print()


def print_indicators(plan: Plan) -> None:
    """The indicators measured in the latest period, judged against their targets."""
    period = plan.latest_period()
    assert period is not None
    print(f"Indikatorer – {plan.title}, {period.name}")
    not_measured = 0
    for indicator in plan.indicators:
        status = indicator_status(plan, indicator, period.id)
        if not status.measured:
            not_measured += 1  # "Mäts 4 e år": its note says why
            continue
        value = status.outcome.value if status.outcome else None
        outcome = (
            "–" if value is None else f"{format_number(value, 'sv', space=' ')} {indicator.unit}"
        )
        target = indicator.target.text if indicator.target else "–"
        verdict = label(f"verdict_{status.verdict.value}")
        print(f"  {indicator.name}: mål {target}, utfall {outcome.strip()}: {verdict}")
    print(f"  ({not_measured} indikatorer har inget utfall till {period.name})")
    print()


def main(folder: Path) -> int:
    rus = load_yaml((EXAMPLES / "rus-handlingsplan.yaml").read_bytes())
    rows = []
    for period in rus.periods:
        rows += print_counts(rus, period.id)
        print_changes(rus, period.id)
    print_indicators(load_yaml((EXAMPLES / "forvaltningsplan-2023.yaml").read_bytes()))

    target = folder / "status-counts.csv"
    statuses = [value.label("sv") for value in rus.scale.values]
    with target.open("w", encoding="utf-8-sig", newline="") as out:  # the BOM: Excel reads UTF-8
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Period", "Målområde", "Totalt", *statuses, "Andel enligt plan"])
        writer.writerows(rows)
    print(f"{target.name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
