"""Build a plan in Python from a table of activities, and write it as a plan file.

usage: python examples/plan_from_table.py [FOLDER]

Many regions keep their activities in a spreadsheet or another system. This
reads such a list (here a CSV text with the columns Nr, Aktivitet,
Målområde, Verksamhet, Ansvarig, Tidplan), builds the plan with the model's
classes, checks it, and writes ``handlingsplan.yaml`` to FOLDER (default: the
current folder), ready for ``rusmodel template`` and the first follow-up.
Goal areas and units are named in the table and get ids made from their names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import unicodedata
from pathlib import Path

from rusmodel import (
    Activity,
    FollowUp,
    GoalArea,
    Period,
    Plan,
    PlanError,
    Unit,
    atomic_write,
    dump_yaml,
    load_yaml,
    parse_schedule,
)
from rusmodel.validation import errors, validate

TABLE = (
    "Nr;Aktivitet;Målområde;Verksamhet;Ansvarig;Tidplan\n"
    "FH1;Ta fram en länsgemensam handlingsplan för psykisk hälsa.;Ett välmående län;"
    "Folkhälsa;Folkhälsostrateg;2024-2025\n"
    "FH2;Samordna länets arbete med suicidprevention.;Ett välmående län;"
    "Folkhälsa, Välfärd;Folkhälsostrateg;Planperioden\n"
    "KU1;Inventera kulturmiljöer längs pilgrimsleden.;Ett nyskapande län;"
    "Kultur och ideell sektor;Enhetschef kultur;Q4 2024\n"
)


def key(name: str) -> str:
    """An id for a name: "Kultur och ideell sektor" → "kultur-och-ideell-sektor"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def plan_from_table(text: str) -> Plan:
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    area_names = list(dict.fromkeys(row["Målområde"] for row in rows))
    unit_names = list(dict.fromkeys(u for row in rows for u in split(row["Verksamhet"])))
    first = Period(id="2024-t1", name="Tertial 1 2024", as_of=dt.date(2024, 4, 30))
    activities = [
        Activity(
            id=row["Nr"],
            title=row["Aktivitet"],
            goal_areas=(key(row["Målområde"]),),
            units=tuple(key(u) for u in split(row["Verksamhet"])),
            responsible=tuple(split(row["Ansvarig"])),
            schedule=parse_schedule(row["Tidplan"]),
            # Listed for the first period without an answer: the workbooks ask about it.
            follow_ups={first.id: FollowUp()},
        )
        for row in rows
    ]
    return Plan(
        title="Handlingsplan 2024–2025",
        organisation="Region Exempel",
        first_year=2024,
        last_year=2025,
        committee="Regionala utvecklingsnämnden",
        units=tuple(Unit(id=key(name), name=name) for name in unit_names),
        goal_areas=tuple(GoalArea(id=key(name), name=name) for name in area_names),
        periods=(first,),
        activities=tuple(activities),
    )


def main(folder: Path) -> int:
    plan = plan_from_table(TABLE)
    problems = validate(plan)
    for problem in problems:
        print(problem, file=sys.stderr)
    if errors(problems):
        return 1
    text = dump_yaml(plan)
    target = folder / "handlingsplan.yaml"
    with atomic_write(target) as out:
        out.write(text.encode("utf-8"))
    try:
        assert load_yaml(text, file=target.name) == plan  # the file reads back as the same plan
    except PlanError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{target.name}: {len(plan.activities)} activities, {len(plan.units)} units, "
        f"{len(plan.goal_areas)} goal areas"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
