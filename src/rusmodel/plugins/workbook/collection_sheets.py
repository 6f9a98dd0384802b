"""The sheets a unit fills in: its activities per goal area, and its indicators.

Only the yellow cells to fill are unlocked; the previous period's answers
stand in grey beside them for reference, and the status cell has a dropdown
of the plan's scale, coloured as the scale says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rusmodel import Activity, Period, Plan
from rusmodel.cycle import last_follow_up
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import fit_heights, fit_widths, style_header
from rusmodel.plugins.workbook.collection_layout import (
    HEADER_ROW,
    META_SHEET,
    Headers,
    categories,
    heading,
    word,
)
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


def status_list(plan: Plan, lang: str = "sv") -> str:
    """The dropdown's source: an inline list where it fits, else a range on the hidden sheet."""
    labels = [v.label(lang) for v in plan.scale.values]
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
    lang: str = "sv",
) -> None:
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    en = lang == "en"
    previous = plan.previous_period(period.id)
    area = plan.goal_area(activities[0].goal_areas[0]) if activities[0].goal_areas else None
    subtitle = (area.name + " · " if area and group.by == "unit" else "") + (
        f"{'as of' if en else 'per'} {period.as_of.isoformat()}"
    )
    status, comment = head.activity["status"], head.activity["comment"]
    fill_in = (
        f"Fill in the yellow cells: {status} and {comment}. See the sheet "
        f"{word('instructions', lang)}."
        if en
        else f"Fyll i de gula cellerna: {status} och {comment}. Se fliken "
        f"{word('instructions', lang)}."
    )
    title(ws, heading(period, group, lang), [subtitle, fill_in])
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
            values["previous_status"], values["previous_comment"] = _previous(
                plan, activity, period, previous, lang
            )
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
    labels = ", ".join(v.label(lang) for v in plan.scale.values)
    validation = DataValidation(
        type="list",
        formula1=status_list,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Invalid status" if en else "Ogiltig status",
        error=(
            f"Choose a status in the list: {labels}."
            if en
            else f"Välj en status i listan: {labels}."
        )[:255],
        showInputMessage=True,
        promptTitle="Status",
        prompt=(f"Choose {labels}." if en else f"Välj {labels}.")[:255],
    )
    ws.add_data_validation(validation)
    validation.add(status_range)
    cells.colour_statuses(ws, status_range, [(v.label(lang), v.colour) for v in plan.scale.values])
    ws.freeze_panes = ws.cell(row=first, column=3).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{cells.column_letter(len(keys))}{last}"
    page_setup(ws)
    protect(ws)


def _previous(
    plan: Plan, activity: Activity, period: Period, previous: Period, lang: str
) -> tuple[str, str]:
    """The last status and comment the unit gave (förra kommentaren), for reference.

    Where the previous period has no answer for the activity, the one before
    it that has, its period named: "(Delår 1 2023) Arbetet har startat."
    """
    found = last_follow_up(plan, activity, period.id)
    if found is None:
        return "", ""
    when, before = found
    status = plan.scale.get(before.status) if before.status else None
    comment = before.comment
    if when.id != previous.id:
        comment = f"({when.name}) {comment}".strip()
    return (status.label(lang) if status else ""), comment


def _area_name(plan: Plan, area_id: str) -> str:
    area = plan.goal_area(area_id)
    return area.display_short if area else area_id


def indicator_sheet(
    plan: Plan, period: Period, group: Group, ws: Worksheet, head: Headers, lang: str = "sv"
) -> None:
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    en = lang == "en"
    previous = plan.previous_period(period.id)
    value = head.indicator["value"]
    title(
        ws,
        f"{word('indicators', lang)} {period.name} – {group.name}",
        [
            f"{'as of' if en else 'per'} {period.as_of.isoformat()}",
            f"Write the outcome as a number in {value} (69 or 69 %). Not measured this year: "
            "leave the outcome empty and write why."
            if en
            else f"Skriv utfallet som ett tal i {value} (69 eller 69 %). Mäts indikatorn inte "
            "i år: lämna utfallet tomt och skriv varför.",
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
    rows = [(i, c) for i in group.indicators for c in (categories(i) or ("",))]
    for r, (indicator, category) in enumerate(rows, start=first):
        texts = {
            "id": indicator.id,
            "name": indicator.name,
            "goal_area": _area_name(plan, indicator.goal_area),
            "target": indicator.target.text if indicator.target else "",
            "unit": indicator.unit,
            "key": indicator.key,
        }
        if "category" in column:
            texts["category"] = category
        for key, value in texts.items():
            cells.put_text(ws, r, column[key], value).alignment = wrap
            shown[key].append(value)
        cells.put_int(ws, r, column["target_year"], indicator.target_year)
        shown["target_year"].append(indicator.target_year)
        if previous:
            before = indicator.outcomes.get(previous.id)
            cell = ws.cell(row=r, column=column["previous_value"])
            earlier = before.values.get(category) if before and category else None
            if before is not None and not category:
                earlier = before.value
            if earlier is not None:
                cells.put_decimal(ws, r, column["previous_value"], earlier)
                shown["previous_value"].append(float(earlier))
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
            # Text, so "69 %" typed stays 69 % instead of becoming 0,69 in Excel.
            cell.number_format = cells.TEXT_FORMAT
    last = first + len(rows) - 1
    shown["note"].append("x" * 40)
    fit_widths(ws, [(column[k], shown[k]) for k in keys], most=50)
    ws.column_dimensions[cells.column_letter(column["key"])].hidden = True
    fit_heights(ws, first, last)
    letter = cells.column_letter(column["value"])
    # A prompt, not a check: the cells are text, and collect checks that a number was typed.
    validation = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="Outcome" if en else "Utfall",
        prompt="Write the outcome as a number, such as 69, 69 % or 5.2."
        if en
        else "Skriv utfallet som ett tal, till exempel 69, 69 % eller 5,2.",
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
