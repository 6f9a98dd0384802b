"""``rusmodel summary``: the activities of a period counted per goal area (or unit) and status."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rusmodel.cli.steps import read
from rusmodel.files import select_period
from rusmodel.plugins import Registry
from rusmodel.problems import PlanError

__all__ = ["run"]


def run(reg: Registry, args: argparse.Namespace) -> int:
    from rusmodel.cycle import round_state
    from rusmodel.labels import format_date, label
    from rusmodel.model import GoalKind
    from rusmodel.summary import GroupCount, share_percent, status_counts, total_count

    source = Path(args.file)
    importer = reg.importer(args.format) if args.format else reg.importer_for(source)
    plan = read(reg, importer, source, args.lang)
    period = select_period(plan, args.period, file=str(source))
    if period is None:
        raise PlanError.single("the plan has no follow-up periods to count", file=str(source))
    lang = args.lang
    groups = status_counts(plan, period.id, group_by=args.by, lang=lang)
    total = total_count(plan, period.id, lang=lang)
    scale = plan.scale.values
    state = round_state(plan, period.id)

    if args.json:

        def count_json(count: GroupCount) -> dict[str, Any]:
            return {
                "key": count.key,
                "name": count.name,
                "total": count.total,
                "by_status": count.by_status,
                "unreported": count.unreported,
                "on_track": count.on_track,
                "share_percent": share_percent(count),
            }

        data = {
            "plan": plan.title,
            "period": {"id": period.id, "name": period.name, "as_of": period.as_of.isoformat()},
            "group_by": args.by,
            "statuses": [{"id": v.id, "label": v.label(lang)} for v in scale],
            "groups": [count_json(g) for g in groups],
            "total": count_json(total),
            "round": {
                "units": len(state.units),
                "answered": len(state.answered),
                "silent": [plan.unit_name(u) for u in state.silent],
                "open": state.open,
            },
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    if args.by == "unit" or not plan.goal_areas:
        first = label("unit", lang)
    elif any(g.kind is GoalKind.VISION_GOAL for g in plan.goal_areas):
        first = label("goal_area_or_vision_goal", lang)
    else:
        first = label("goal_area", lang)
    unreported = total.unreported > 0
    header = [first, label("total", lang), *(v.label(lang) for v in scale)]
    header += [label("not_reported", lang)] if unreported else []
    header += [label("share_on_track", lang)]

    def row(name: str, count: GroupCount) -> list[str]:
        share = share_percent(count)
        cells = [name, str(count.total), *(str(count.by_status[v.id]) for v in scale)]
        cells += [str(count.unreported)] if unreported else []
        sign = "" if lang == "en" else " "
        cells += [f"{share}{sign}%" if share is not None else "-"]
        return cells

    rows = [row(g.name, g) for g in groups] + [row(label("total", lang), total)]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first_cell = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first_cell, *rest]).rstrip()

    date = format_date(period.as_of)
    as_of = "" if date in period.name else f" ({label('as_of', lang, date=date)})"
    print(f"{plan.title} – {period.name}{as_of}")
    print()
    print(line(header))
    for cells in rows:
        print(line(cells))
    if state.open:
        print()
        print(label("round_open", lang, answered=len(state.answered), units=len(state.units)))
    return 0
