"""The sheets a unit fills in: its activities per goal area, and its indicators.

Only the yellow cells to fill are unlocked; the previous period's answers
stand in grey beside them for reference, and the status cell has a dropdown
of the plan's scale, coloured as the scale says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rusmodel import Activity, Period, Plan
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import fit_heights, fit_widths, style_header
from rusmodel.plugins.workbook.collection_layout import HEADER_ROW, META_SHEET, Headers
from rusmodel.plugins.workbook.groups import Group

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "activity_sheet",
    "indicator_sheet",
    "page_setup",
    "protect",
    "status_list",
    "title",
]

INPUT_FILL = "FFF2CC"
REFERENCE_FILL = "F2F2F2"
REFERENCE_FONT = "595959"
_MAX_LIST = 255


def status_list(plan: Plan) -> str:
    """The dropdown's source: an inline list where it fits, else a range on the hidden sheet."""
    labels = [v.label_sv for v in plan.scale.values]
    inline = '"' + ",".join(labels) + '"'
    if len(inline) <= _MAX_LIST and not any("," in t or '"' in t for t in labels):
        return inline
    return f"{META_SHEET}!$E$1:$E${max(len(labels), 1)}"


def title(ws: Worksheet, title: str, lines: Sequence[str]) -> None:
    cells.put_text(ws, 1, 1, title).font = cells.font(bold=True, size=14)
    for r, line in enumerate(lines, start=2):
        cells.put_text(ws, r, 1, line).font = cells.font(italic=r > 2)


def protect(ws: Worksheet) -> None:
    """Protect the sheet without a password; widths, heights and filters stay free."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def activity_sheet(
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
    title(
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
    page_setup(ws)
    protect(ws)


def _area_name(plan: Plan, area_id: str) -> str:
    area = plan.goal_area(area_id)
    return area.display_short if area else area_id


def indicator_sheet(plan: Plan, period: Period, group: Group, ws: Worksheet, head: Headers) -> None:
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    previous = plan.previous_period(period.id)
    title(
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
    page_setup(ws)
    protect(ws)


def page_setup(ws: Worksheet, header_row: int = HEADER_ROW) -> None:
    """Print landscape, as wide as the page, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
