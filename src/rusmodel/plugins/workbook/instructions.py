"""The *Instruktioner* sheet: what the unit is asked to do, in the plan's own words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rusmodel import Period, Plan
from rusmodel.plugins.workbook import cells
from rusmodel.plugins.workbook.book import fit_heights
from rusmodel.plugins.workbook.collection_layout import INDICATORS, headers
from rusmodel.plugins.workbook.collection_sheets import page_setup, title
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
    title(ws, f"Uppföljning {period.name} – {group.name}", [])
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (text, bold) in enumerate(lines, start=3):
        cell = cells.put_text(ws, r, 1, text)
        cell.alignment = wrap
        if bold:
            cell.font = cells.font(bold=True, size=12)
    ws.column_dimensions["A"].width = 100
    fit_heights(ws, 3, 3 + len(lines))
    page_setup(ws, header_row=0)
    ws.protection.sheet = True


def _join(names: Sequence[str]) -> str:
    quoted = [f"”{n}”" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted) or "med aktiviteter"
    return ", ".join(quoted[:-1]) + " och " + quoted[-1]
