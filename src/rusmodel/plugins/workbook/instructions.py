"""The *Instruktioner* sheet: what the unit is asked to do, in the plan's own words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rusmodel import Period, Plan
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import fit_heights
from rusmodel.plugins.workbook.collection_layout import headers, heading, word
from rusmodel.plugins.workbook.collection_sheets import INPUT_FILL, page_setup, title
from rusmodel.plugins.workbook.groups import Group

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["instructions"]


def instructions(
    plan: Plan,
    period: Period,
    group: Group,
    ws: Worksheet,
    sheets: Sequence[str],
    with_indicators: bool,
    lang: str = "sv",
) -> str:
    """Write the instructions to ``ws``; return the cell of the ready mark (``A24``)."""
    from openpyxl.styles import Alignment

    en = lang == "en"

    def t(sv: str, english: str) -> str:
        return english if en else sv

    head = headers(plan, period, lang)
    previous = plan.previous_period(period.id)
    status, comment = head.activity["status"], head.activity["comment"]
    ready, yes = word("ready", lang), word("yes", lang)
    whose = t("Verksamhet", "Unit") if group.by == "unit" else t("Målområde", "Goal area")
    who = t("verksamheten", "the unit") if group.by == "unit" else t("målområdet", "the goal area")
    lines: list[tuple[str, bool]] = [
        (f"Plan: {plan.title} ({plan.organisation})", False),
        (f"Period: {period.name}, {t('per', 'as of')} {period.as_of.isoformat()}", False),
        (f"{whose}: {group.name}", False),
        ("", False),
        (t("Så här fyller du i", "How to fill it in"), True),
        (
            t(
                f"1. Gå till fliken {_join(sheets, lang)}. Varje rad är en aktivitet som {who} "
                "följer upp.",
                f"1. Go to the sheet{'s' if len(sheets) > 1 else ''} {_join(sheets, lang)}. "
                f"Each row is an activity {who} "
                "follows up.",
            ),
            False,
        ),
        (
            t(
                f"2. Välj status i listan i kolumnen {status}:",
                f"2. Choose a status in the list in the column {status}:",
            ),
            False,
        ),
    ]
    lines += [(f"     {v.label(lang)} – {v.description(lang)}", False) for v in plan.scale.values]
    lines.append(
        (
            t(
                f"3. Skriv en ny kommentar i kolumnen {comment}: vad som har hänt och vad som "
                f"händer härnäst.{_explain(plan, lang)}",
                f"3. Write a new comment in the column {comment}: what has happened and what "
                f"happens next.{_explain(plan, lang)}",
            ),
            False,
        )
    )
    if previous:
        lines.append(
            (
                t(
                    f"    Förra status och förra kommentaren ({previous.name}) står i de grå "
                    "kolumnerna som stöd. Kopiera inte förra kommentaren rakt av: en oförändrad "
                    "kommentar markeras när svaren samlas in.",
                    f"    The previous status and comment ({previous.name}) are in the grey "
                    "columns for reference. Do not copy the previous comment as it is: an "
                    "unchanged comment is flagged when the answers are collected.",
                ),
                False,
            )
        )
    step = 4
    if with_indicators:
        value, note = head.indicator["value"], head.indicator["note"]
        lines.append(
            (
                t(
                    f"{step}. På fliken {word('indicators', lang)}: skriv utfallet som ett tal i "
                    f"kolumnen {value}, till exempel 69 eller 69 % (inte 0,69). Mäts indikatorn "
                    f"inte i år: lämna utfallet tomt och skriv varför i kolumnen {note}.",
                    f"{step}. On the sheet {word('indicators', lang)}: write the outcome as a "
                    f"number in the column {value}, such as 69 or 69 % (not 0.69). Not measured "
                    f"this year: leave the outcome empty and write why in the column {note}.",
                ),
                False,
            )
        )
        step += 1
    lines += [
        (
            t(
                f"{step}. Ändra inte Id, aktivitetens namn, rubrikerna eller bladens namn, och "
                "lägg inte till eller ta bort rader. Bladen är skyddade (utan lösenord) så att "
                "det inte händer av misstag. Saknas en aktivitet, eller stämmer något inte, "
                "skriv det i kommentaren.",
                f"{step}. Do not change the Id, the activity's name, the headers or the sheets' "
                "names, and do not add or remove rows. The sheets are protected (without a "
                "password) so that it does not happen by mistake. If an activity is missing, "
                "or something is wrong, write it in the comment.",
            ),
            False,
        ),
        (
            t(
                f"{step + 1}. När alla svar är ifyllda: välj {yes} i den gula cellen {ready} "
                "längst ned. Först då räknas svaren som klara att lämna.",
                f"{step + 1}. When every answer is filled in: choose {yes} in the yellow cell "
                f"{ready} at the bottom. Only then do the answers count as ready.",
            ),
            False,
        ),
        (
            t(
                f"{step + 2}. Spara filen som Excel-arbetsbok (.xlsx) och skicka tillbaka den. "
                "Filen får byta namn; den känns igen ändå.",
                f"{step + 2}. Save the file as an Excel workbook (.xlsx) and send it back. The "
                "file may be renamed; it is recognised anyway.",
            ),
            False,
        ),
        ("", False),
        (f"{ready}:", True),
    ]
    title(ws, heading(period, group, lang), [])
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (text, bold) in enumerate(lines, start=3):
        cell = cells.put_text(ws, r, 1, text)
        cell.alignment = wrap
        if bold:
            cell.font = cells.font(bold=True, size=12)
    row = 3 + len(lines)
    _ready_cell(ws, row, lang)
    ws.column_dimensions["A"].width = 100
    fit_heights(ws, 3, row)
    page_setup(ws, header_row=0)
    ws.protection.sheet = True
    return f"A{row}"


def _ready_cell(ws: Worksheet, row: int, lang: str) -> None:
    """The yellow cell where the unit says its answers are ready (klart att lämna): Ja or Nej."""
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    cell = ws.cell(row=row, column=1)
    cell.protection = Protection(locked=False)
    cell.fill = cells.fill(INPUT_FILL)
    cell.number_format = cells.TEXT_FORMAT
    yes, no = word("yes", lang), word("no", lang)
    validation = DataValidation(
        type="list",
        formula1=f'"{yes},{no}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=word("ready", lang),
        error=f"Choose {yes} or {no}." if lang == "en" else f"Välj {yes} eller {no}.",
    )
    ws.add_data_validation(validation)
    validation.add(cell.coordinate)


def _explain(plan: Plan, lang: str) -> str:
    """Which statuses always need their reason told: those of the scale not on track."""
    off = [v.label(lang) for v in plan.scale.values if not v.on_track]
    if not off:
        return ""
    said = off[0] if len(off) == 1 else ", ".join(off[:-1]) + _and(lang) + off[-1]
    return (
        f" Always explain the status {said}."
        if lang == "en"
        else f" Förklara alltid status {said}."
    )


def _and(lang: str) -> str:
    return " and " if lang == "en" else " och "


def _join(names: Sequence[str], lang: str) -> str:
    # Each language's own quotation marks: ”Välmående” in Swedish, “Well-being” in English.
    quoted = [f"“{n}”" if lang == "en" else f"”{n}”" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted) or ("with activities" if lang == "en" else "med aktiviteter")
    return ", ".join(quoted[:-1]) + _and(lang) + quoted[-1]
