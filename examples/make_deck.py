"""Make committee decks from Python: what ``rusmodel export`` does, in a program.

usage: python examples/make_deck.py [FOLDER]

Reads the administration plan ``examples/forvaltningsplan-2023.yaml``, checks
it, and writes into FOLDER (default: the current folder)

- ``delar2.pptx``: the whole deck for the plan's latest period, as
  ``rusmodel export examples/forvaltningsplan-2023.yaml -o delar2.pptx``
  makes it;
- ``folkhalsa.pptx``: a short deck for one unit (verksamhet), Folkhälsa:
  the summary and its activities only, grouped by unit.

A region's own tool would do the same to make, say, one deck per unit for the
unit's own meeting.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import rusmodel
from rusmodel import Plan, PlanError
from rusmodel.validation import validate

EXAMPLES = Path(__file__).resolve().parent


def read_plan(path: Path) -> Plan:
    """The plan in ``path``; its warnings printed (``export`` refuses a plan with errors)."""
    plan = rusmodel.read_plan(path)
    for problem in validate(plan):
        print(f"{path.name}: {problem}", file=sys.stderr)
    return plan


def write_deck(plan: Plan, target: Path, options: Mapping[str, Any]) -> int:
    """Write the deck for the plan's latest period to ``target``; return its number of slides."""
    from pptx import Presentation

    # Options are checked as the command line checks them, and the file appears only
    # once it is complete.
    rusmodel.export(plan, target, options=options)
    return len(Presentation(str(target)).slides)


def main(folder: Path) -> int:
    try:
        plan = read_plan(EXAMPLES / "forvaltningsplan-2023.yaml")
        period = plan.latest_period()
        assert period is not None
        decks = {
            "delar2.pptx": {},
            "folkhalsa.pptx": {
                "only": "folkhalsa",
                "group_by": "unit",
                "sections": "title,summary,activities",
            },
        }
        for name, options in decks.items():
            slides = write_deck(plan, folder / name, options)
            print(f"{name}: {slides} slides, {period.name} per {period.as_of}")
    except PlanError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
