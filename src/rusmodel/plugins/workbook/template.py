"""Collection workbooks (insamlingsböcker): what each unit is sent to fill in for a period.

``rusmodel template PLAN --period P --by unit --output DIR`` writes one
workbook per unit (or per goal area with ``--by goal_area``):

- an *Instruktioner* sheet that says in Swedish what to do;
- one sheet per goal area (named by its short name, "Välmående") listing the
  unit's activities: id, title, goal area, unit, responsible, schedule, the
  previous period's status and comment (grey, for reference), and the cells
  to fill for this period: *Status* (a dropdown of the plan's scale,
  coloured as chosen) and *Kommentar*;
- an *Indikatorer* sheet with the indicators of the goal areas the unit's
  activities serve, with the previous outcome and cells for the new outcome
  and a comment;
- a very hidden sheet ``rusmodel`` recording the plan, the period, the unit,
  the exact headers and every activity and indicator sent, so that
  ``rusmodel collect`` can match a returned file to what was sent.

Every sheet is protected without a password: only the cells to fill are
unlocked, so rows, ids and headers are not changed by accident. Each row also
carries the activity's key in a hidden column, so sorted rows are still matched.

An activity shared by several units is sent to each of them; if two of them
answer differently, ``collect`` reports the conflict instead of choosing.
Activities with no unit go to a workbook of their own, "Utan verksamhet".
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from rusmodel import Activity, Indicator, Period, Plan, PlanError, atomic_write
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import (
    fit_heights,
    fit_widths,
    new_workbook,
    save_deterministic,
    style_header,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMAT",
    "GROUPINGS",
    "VERSION",
    "Group",
    "Headers",
    "add_arguments",
    "file_name",
    "groups",
    "headers",
    "run",
    "write_collection",
    "write_templates",
]

FORMAT = "rusmodel-collection"
VERSION = 1
META_SHEET = "rusmodel"
INSTRUCTIONS = "Instruktioner"
INDICATORS = "Indikatorer"
NO_GOAL_AREA = "Övrigt"
NO_UNIT = "Utan verksamhet"
GROUPINGS = ("unit", "goal_area")
HEADER_ROW = 5
INPUT_FILL = "FFF2CC"
REFERENCE_FILL = "F2F2F2"
REFERENCE_FONT = "595959"
_MAX_LIST = 255


@attrs.frozen
class Group:
    """Who one workbook goes to (a unit or a goal area) and what it holds."""

    by: str
    id: str
    name: str
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]


@attrs.frozen
class Headers:
    """The header of each column of a collection workbook, by column key.

    They name the periods ("Status Delår 2 2023"), so they are made from the
    plan and recorded in the workbook; ``collect`` finds columns by them.
    """

    activity: dict[str, str]
    indicator: dict[str, str]


def headers(plan: Plan, period: Period) -> Headers:
    previous = plan.previous_period(period.id)
    now = period.name
    before = previous.name if previous else ""
    if before == now:
        before = f"{before} (förra)"
    activity = {
        "id": "Id",
        "title": "Aktivitet",
        "goal_areas": "Målområde",
        "units": "Verksamhet",
        "responsible": "Ansvarig",
        "schedule": "Tidplan",
    }
    if previous:
        activity |= {
            "previous_status": f"Status {before}",
            "previous_comment": f"Kommentar {before}",
        }
    activity |= {"status": f"Status {now}", "comment": f"Kommentar {now}", "key": "Nyckel"}
    indicator = {
        "id": "Id",
        "name": "Indikator",
        "goal_area": "Målområde",
        "target": "Mål",
        "target_year": "Målår",
        "unit": "Enhet",
    }
    if previous:
        indicator["previous_value"] = f"Utfall {before}"
    indicator |= {"value": f"Utfall {now}", "note": "Kommentar till utfallet", "key": "Nyckel"}
    return Headers(activity=activity, indicator=indicator)


def groups(plan: Plan, by: str = "unit") -> list[Group]:
    """The workbooks to send, in the plan's order: one per unit (or goal area) with activities."""
    if by not in GROUPINGS:
        raise PlanError.single(f"--by is one of {', '.join(GROUPINGS)}, not {by!r}")
    result: list[Group] = []
    if by == "unit":
        ids = [u.id for u in plan.units]
        ids += sorted({u for a in plan.activities for u in a.units} - set(ids))
        for unit_id in ids:
            mine = tuple(a for a in plan.activities if unit_id in a.units)
            if not mine:
                continue
            areas = {g for a in mine for g in a.goal_areas}
            result.append(
                Group(
                    by=by,
                    id=unit_id,
                    name=plan.unit_name(unit_id),
                    activities=mine,
                    indicators=tuple(i for i in plan.indicators if i.goal_area in areas),
                )
            )
        orphans = tuple(a for a in plan.activities if not a.units)
        if orphans:
            result.append(Group(by=by, id="", name=NO_UNIT, activities=orphans, indicators=()))
        return result
    for area in plan.goal_areas:
        mine = tuple(a for a in plan.activities if area.id in a.goal_areas)
        indicators = tuple(i for i in plan.indicators if i.goal_area == area.id)
        if mine or indicators:
            result.append(
                Group(by=by, id=area.id, name=area.name, activities=mine, indicators=indicators)
            )
    orphans = tuple(a for a in plan.activities if not a.goal_areas)
    if orphans:
        result.append(Group(by=by, id="", name=NO_GOAL_AREA, activities=orphans, indicators=()))
    return result


_UNSAFE_FILE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))} | {
    f"lpt{i}" for i in range(1, 10)
}


def _safe(text: str) -> str:
    name = " ".join(_UNSAFE_FILE.sub(" ", text).split()).strip(". ")
    if name.casefold() in _RESERVED:
        name = f"_{name}"
    return name[:80].rstrip(". ")


def file_name(group: Group, period: Period) -> str:
    """A file name for a group's workbook: its name and the period, safe on every system.

    Letters such as å, ä and ö are kept; slashes, colons and the like become
    spaces: "Kultur och ideell sektor 2023-d2.xlsx".
    """
    name = _safe(group.name) or _safe(group.id) or "namnlös"
    return f"{name} {_safe(period.id) or 'period'}.xlsx"


def _file_names(group_list: Sequence[Group], period: Period) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for group in group_list:
        name = file_name(group, period)
        if name.casefold() in seen:
            stem = name.removesuffix(".xlsx")
            name = f"{stem} ({_safe(group.id) or len(names) + 1}).xlsx"
        seen.add(name.casefold())
        names.append(name)
    return names


# Characters Excel refuses in a sheet's name, and control characters, which XML cannot hold.
_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def _sheet_names(plan: Plan, group: Group) -> dict[str, list[Activity]]:
    """The activity sheets of a workbook, named by goal area, in the plan's goal-area order."""
    reserved = {INSTRUCTIONS.casefold(), INDICATORS.casefold(), META_SHEET.casefold()}
    by_area: dict[str, list[Activity]] = {}
    order = [g.id for g in plan.goal_areas]
    for activity in group.activities:
        first = activity.goal_areas[0] if activity.goal_areas else ""
        area = group.id if group.by == "goal_area" else first
        by_area.setdefault(area, []).append(activity)
    sheets: dict[str, list[Activity]] = {}
    used = set(reserved)
    for area in sorted(by_area, key=lambda a: order.index(a) if a in order else len(order)):
        goal = plan.goal_area(area)
        base = goal.display_short if goal else (area or NO_GOAL_AREA)
        base = _UNSAFE_SHEET.sub(" ", base).strip().strip("'")[:31].strip() or "Aktiviteter"
        name = base
        n = 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.casefold())
        sheets[name] = by_area[area]
    return sheets


def template_id(plan: Plan, period: Period, group: Group) -> str:
    """A stable id for a workbook sent: the same plan, period and group give the same id."""
    text = "\n".join([plan.title, plan.organisation, period.id, group.by, group.id])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write_collection(plan: Plan, period: Period, group: Group, out: BinaryIO) -> None:
    """Write one group's collection workbook to ``out`` (the same input gives the same bytes)."""
    head = headers(plan, period)
    workbook = new_workbook(f"Uppföljning {period.name} – {group.name}")
    sheets = _sheet_names(plan, group)
    instructions = workbook.create_sheet(INSTRUCTIONS)
    status_list = _status_list(plan)
    meta = workbook.create_sheet(META_SHEET)
    sent: list[tuple[str, str, str]] = []
    for name, activities in sheets.items():
        ws = workbook.create_sheet(name, index=len(workbook.sheetnames) - 1)
        _activity_sheet(plan, period, group, ws, activities, head, status_list)
        sent += [("activity", a.key, name) for a in activities]
    if group.indicators:
        ws = workbook.create_sheet(INDICATORS, index=len(workbook.sheetnames) - 1)
        _indicator_sheet(plan, period, group, ws, head)
        sent += [("indicator", i.key, INDICATORS) for i in group.indicators]
    _instructions(plan, period, group, instructions, list(sheets), bool(group.indicators))
    _meta(plan, period, group, meta, head, sent, status_list)
    workbook.active = 0
    save_deterministic(workbook, out)


def _status_list(plan: Plan) -> str:
    """The dropdown's source: an inline list where it fits, else a range on the hidden sheet."""
    labels = [v.label_sv for v in plan.scale.values]
    inline = '"' + ",".join(labels) + '"'
    if len(inline) <= _MAX_LIST and not any("," in t or '"' in t for t in labels):
        return inline
    return f"{META_SHEET}!$E$1:$E${max(len(labels), 1)}"


def _title(ws: Worksheet, title: str, lines: Sequence[str]) -> None:
    cells.put_text(ws, 1, 1, title).font = cells.font(bold=True, size=14)
    for r, line in enumerate(lines, start=2):
        cells.put_text(ws, r, 1, line).font = cells.font(italic=r > 2)


def _protect(ws: Worksheet) -> None:
    """Protect the sheet without a password; widths, heights and filters stay free."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _activity_sheet(
    plan: Plan,
    period: Period,
    group: Group,
    ws: Worksheet,
    activities: Sequence[Activity],
    head: Headers,
    status_list: str,
) -> None:
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    previous = plan.previous_period(period.id)
    area = plan.goal_area(activities[0].goal_areas[0]) if activities[0].goal_areas else None
    subtitle = (area.name + " · " if area and group.by == "unit" else "") + (
        f"per {period.as_of.isoformat()}"
    )
    _title(
        ws,
        f"Uppföljning {period.name} – {group.name}",
        [
            subtitle,
            f"Fyll i de gula cellerna: {head.activity['status']} och {head.activity['comment']}. "
            "Se fliken Instruktioner.",
        ],
    )
    keys = list(head.activity)
    column = {key: n for n, key in enumerate(keys, start=1)}
    for key, n in column.items():
        cells.put_text(ws, HEADER_ROW, n, head.activity[key])
    style_header(ws, HEADER_ROW, len(keys))
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    grey = cells.fill(REFERENCE_FILL)
    grey_font = cells.font(colour=REFERENCE_FONT)
    yellow = cells.fill(INPUT_FILL)
    shown: dict[str, list[Any]] = {k: [head.activity[k]] for k in keys}
    first = HEADER_ROW + 1
    for r, activity in enumerate(activities, start=first):
        values = {
            "id": activity.id,
            "title": activity.title,
            "goal_areas": "\n".join(_area_name(plan, g) for g in activity.goal_areas),
            "units": "\n".join(plan.unit_name(u) for u in activity.units),
            "responsible": "\n".join(activity.responsible),
            "schedule": activity.schedule.text() if activity.schedule else "",
            "key": activity.key,
        }
        if previous:
            before = activity.follow_up(previous.id)
            status = plan.scale.get(before.status) if before and before.status else None
            values["previous_status"] = status.label_sv if status else ""
            values["previous_comment"] = before.comment if before else ""
        for key, value in values.items():
            cell = cells.put_text(ws, r, column[key], value)
            cell.alignment = wrap
            shown[key].append(value)
            if key.startswith("previous_"):
                cell.fill = grey
                cell.font = grey_font
        for key in ("status", "comment"):
            cell = ws.cell(row=r, column=column[key])
            cell.protection = unlocked
            cell.fill = yellow
            cell.number_format = cells.TEXT_FORMAT
            cell.alignment = wrap
    last = first + len(activities) - 1
    shown["comment"].append("x" * 50)
    fit_widths(ws, [(column[k], shown[k]) for k in keys], most=50)
    ws.column_dimensions[cells.column_letter(column["key"])].hidden = True
    fit_heights(ws, first, last)
    status_letter = cells.column_letter(column["status"])
    status_range = f"{status_letter}{first}:{status_letter}{last}"
    labels = ", ".join(v.label_sv for v in plan.scale.values)
    validation = DataValidation(
        type="list",
        formula1=status_list,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Ogiltig status",
        error=f"Välj en status i listan: {labels}."[:255],
        showInputMessage=True,
        promptTitle="Status",
        prompt=f"Välj {labels}."[:255],
    )
    ws.add_data_validation(validation)
    validation.add(status_range)
    cells.colour_statuses(ws, status_range, [(v.label_sv, v.colour) for v in plan.scale.values])
    ws.freeze_panes = ws.cell(row=first, column=3).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{cells.column_letter(len(keys))}{last}"
    _page(ws)
    _protect(ws)


def _area_name(plan: Plan, area_id: str) -> str:
    area = plan.goal_area(area_id)
    return area.display_short if area else area_id


def _indicator_sheet(
    plan: Plan, period: Period, group: Group, ws: Worksheet, head: Headers
) -> None:
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    previous = plan.previous_period(period.id)
    _title(
        ws,
        f"Indikatorer {period.name} – {group.name}",
        [
            f"per {period.as_of.isoformat()}",
            f"Skriv utfallet som ett tal i {head.indicator['value']} (69 för 69 %). "
            "Mäts indikatorn inte i år: lämna utfallet tomt och skriv varför.",
        ],
    )
    keys = list(head.indicator)
    column = {key: n for n, key in enumerate(keys, start=1)}
    for key, n in column.items():
        cells.put_text(ws, HEADER_ROW, n, head.indicator[key])
    style_header(ws, HEADER_ROW, len(keys))
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    grey = cells.fill(REFERENCE_FILL)
    grey_font = cells.font(colour=REFERENCE_FONT)
    yellow = cells.fill(INPUT_FILL)
    shown: dict[str, list[Any]] = {k: [head.indicator[k]] for k in keys}
    first = HEADER_ROW + 1
    for r, indicator in enumerate(group.indicators, start=first):
        texts = {
            "id": indicator.id,
            "name": indicator.name,
            "goal_area": _area_name(plan, indicator.goal_area),
            "target": indicator.target.text if indicator.target else "",
            "unit": indicator.unit,
            "key": indicator.key,
        }
        for key, value in texts.items():
            cells.put_text(ws, r, column[key], value).alignment = wrap
            shown[key].append(value)
        cells.put_int(ws, r, column["target_year"], indicator.target_year)
        shown["target_year"].append(indicator.target_year)
        if previous:
            before = indicator.outcomes.get(previous.id)
            cell = ws.cell(row=r, column=column["previous_value"])
            if before is not None and before.value is not None:
                cells.put_decimal(ws, r, column["previous_value"], before.value)
                shown["previous_value"].append(float(before.value))
            elif before is not None and before.note:
                cells.put_text(ws, r, column["previous_value"], before.note)
                shown["previous_value"].append(before.note)
            cell.fill = grey
            cell.font = grey_font
        for key in ("value", "note"):
            cell = ws.cell(row=r, column=column[key])
            cell.protection = unlocked
            cell.fill = yellow
            cell.alignment = wrap
        ws.cell(row=r, column=column["note"]).number_format = cells.TEXT_FORMAT
    last = first + len(group.indicators) - 1
    shown["note"].append("x" * 40)
    fit_widths(ws, [(column[k], shown[k]) for k in keys], most=50)
    ws.column_dimensions[cells.column_letter(column["key"])].hidden = True
    fit_heights(ws, first, last)
    letter = cells.column_letter(column["value"])
    validation = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+300",
        formula2="1E+300",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Utfall",
        error="Utfallet ska vara ett tal, till exempel 69 eller 5,2.",
    )
    ws.add_data_validation(validation)
    validation.add(f"{letter}{first}:{letter}{last}")
    ws.freeze_panes = ws.cell(row=first, column=3).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{cells.column_letter(len(keys))}{last}"
    _page(ws)
    _protect(ws)


def _page(ws: Worksheet, header_row: int = HEADER_ROW) -> None:
    """Print landscape, as wide as the page, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _instructions(
    plan: Plan,
    period: Period,
    group: Group,
    ws: Worksheet,
    sheets: Sequence[str],
    with_indicators: bool,
) -> None:
    from openpyxl.styles import Alignment

    head = headers(plan, period)
    previous = plan.previous_period(period.id)
    who = "verksamheten" if group.by == "unit" else "målområdet"
    lines: list[tuple[str, bool]] = [
        (f"Plan: {plan.title} ({plan.organisation})", False),
        (f"Period: {period.name}, per {period.as_of.isoformat()}", False),
        (f"{'Verksamhet' if group.by == 'unit' else 'Målområde'}: {group.name}", False),
        ("", False),
        ("Så här fyller du i", True),
        (
            f"1. Gå till fliken {_join(sheets)}. Varje rad är en aktivitet som {who} följer upp.",
            False,
        ),
        (f"2. Välj status i listan i kolumnen {head.activity['status']}:", False),
    ]
    lines += [
        (f"     {v.label_sv} – {v.description_sv or v.label_sv}", False) for v in plan.scale.values
    ]
    lines.append(
        (
            f"3. Skriv en ny kommentar i kolumnen {head.activity['comment']}: vad som har hänt "
            "och vad som händer härnäst. Förklara alltid gul och röd status.",
            False,
        )
    )
    if previous:
        lines.append(
            (
                f"    Förra periodens status och kommentar ({previous.name}) står i de grå "
                "kolumnerna som stöd. Kopiera inte förra kommentaren rakt av: en oförändrad "
                "kommentar markeras när svaren samlas in.",
                False,
            )
        )
    step = 4
    if with_indicators:
        lines.append(
            (
                f"{step}. På fliken {INDICATORS}: skriv utfallet som ett tal i kolumnen "
                f"{head.indicator['value']}, till exempel 69 för 69 % (inte 0,69). Mäts "
                "indikatorn inte i år: lämna utfallet tomt och skriv varför i kolumnen "
                f"{head.indicator['note']}.",
                False,
            )
        )
        step += 1
    lines += [
        (
            f"{step}. Ändra inte Id, aktivitetens namn, rubrikerna eller bladens namn, och lägg "
            "inte till eller ta bort rader. Bladen är skyddade (utan lösenord) så att det inte "
            "händer av misstag. Saknas en aktivitet, eller stämmer något inte, skriv det i "
            "kommentaren.",
            False,
        ),
        (
            f"{step + 1}. Spara filen som Excel-arbetsbok (.xlsx) och skicka tillbaka den. "
            "Filen får byta namn; den känns igen ändå.",
            False,
        ),
    ]
    _title(ws, f"Uppföljning {period.name} – {group.name}", [])
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (text, bold) in enumerate(lines, start=3):
        cell = cells.put_text(ws, r, 1, text)
        cell.alignment = wrap
        if bold:
            cell.font = cells.font(bold=True, size=12)
    ws.column_dimensions["A"].width = 100
    fit_heights(ws, 3, 3 + len(lines))
    _page(ws, header_row=0)
    ws.protection.sheet = True


def _join(names: Sequence[str]) -> str:
    quoted = [f"”{n}”" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted) or "med aktiviteter"
    return ", ".join(quoted[:-1]) + " och " + quoted[-1]


def _meta(
    plan: Plan,
    period: Period,
    group: Group,
    ws: Worksheet,
    head: Headers,
    sent: Sequence[tuple[str, str, str]],
    status_list: str,
) -> None:
    ws.sheet_state = "veryHidden"
    previous = plan.previous_period(period.id)
    rows: list[tuple[str, ...]] = [
        ("format", FORMAT),
        ("version", str(VERSION)),
        ("template", template_id(plan, period, group)),
        ("plan", plan.title),
        ("organisation", plan.organisation),
        ("period", period.id),
        ("period_name", period.name),
        ("previous_period", previous.id if previous else ""),
        ("by", group.by),
        ("group", group.id),
        ("group_name", group.name),
    ]
    rows += [("activity_header", k, v) for k, v in head.activity.items()]
    rows += [("indicator_header", k, v) for k, v in head.indicator.items()]
    rows += list(sent)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cells.put_text(ws, r, c, value)
    if not status_list.startswith('"'):
        for r, scale_value in enumerate(plan.scale.values, start=1):
            cells.put_text(ws, r, 5, scale_value.label_sv)
    ws.protection.sheet = True


def find_period(plan: Plan, wanted: str) -> Period | None:
    """The period with the id ``wanted``, or with that name in any case ("delår 2 2023")."""
    folded = " ".join(wanted.split()).casefold()
    for period in plan.periods:
        if period.id == wanted or " ".join(period.name.split()).casefold() == folded:
            return period
    return None


def write_templates(plan: Plan, period_id: str, by: str, directory: Path) -> list[Path]:
    """Write every group's collection workbook into ``directory``; return the files written.

    ``period_id`` is the id (or the name) of a period of the plan.
    """
    period = find_period(plan, period_id)
    if period is None:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise PlanError.single(
            f"the plan has no period {period_id!r} (its periods: {known}); "
            "add the period to the plan before sending the workbooks",
            place="periods",
        )
    keys = Counter(a.key for a in plan.activities)
    twice = sorted(k for k, n in keys.items() if n > 1)
    if twice:
        raise PlanError.single(
            f"two activities have the key {twice[0]!r} (the id, or the title where there is "
            "none), so their answers could not be told apart; give each an id of its own",
            place="activities",
        )
    group_list = groups(plan, by)
    if not group_list:
        raise PlanError.single("the plan has no activities to follow up", place="activities")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for group, name in zip(group_list, _file_names(group_list, period), strict=True):
        path = directory / name
        with atomic_write(path) as out:
            write_collection(plan, period, group, out)
        written.append(path)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", type=Path, help="the plan file (.yaml, .json or .xlsx)")
    parser.add_argument(
        "--period",
        help="the id of the period to collect (default: the plan's latest period)",
    )
    parser.add_argument(
        "--by",
        choices=GROUPINGS,
        default="unit",
        help="one workbook per unit (default) or per goal area",
    )
    parser.add_argument(
        "--output", "-o", type=Path, required=True, help="the folder to write the workbooks in"
    )


def run(args: argparse.Namespace) -> int:
    from rusmodel.plugins.workbook.files import load_plan

    plan = load_plan(args.plan)
    period_id = args.period
    if period_id is None:
        latest = plan.latest_period()
        if latest is None:
            raise PlanError.single("the plan has no periods; add one first", file=str(args.plan))
        period_id = latest.id
    written = write_templates(plan, period_id, args.by, args.output)
    for path in written:
        print(path)
    print(f"{len(written)} arbetsböcker skrivna till {args.output}")
    return 0
