"""Make the hand-edited collection workbooks in ``tests/fixtures/workbooks/``.

The tests of ``rusmodel collect`` must read workbooks that a person edited in
a spreadsheet program, not files openpyxl wrote. This script writes the
collection workbooks for ``tests/fixtures/workbooks/collect-plan.yaml`` with
rusmodel, then opens each in LibreOffice through its Python-UNO bridge and
edits it the way a unit would: it lifts the sheet protection, types statuses
by hand ("Grön", "gul ", "RÖD", "Blå"), writes comments (one copied from the
last period, one beginning with "="), sorts rows, inserts a column of its own,
deletes a row, renames a sheet; and saves as .xlsx with LibreOffice's own
Excel filter.

Run from the repository root (needs LibreOffice and Debian's python3-uno)::

    PYTHONPATH=src /work/venv/bin/python scripts/make_workbook_fixtures.py

The script runs itself a second time under the system Python (which has the
``uno`` module) to do the LibreOffice part: ``--uno SPEC.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "workbooks"
PLAN = FIXTURES / "collect-plan.yaml"
SYSTEM_PYTHON = "/usr/bin/python3"

S2 = "Status Delår 2 2023"
K2 = "Kommentar Delår 2 2023"

# What each fixture is made from and the edits typed into it, in order.
# An edit finds its row by the value in a column ("Id" or "Aktivitet") and its
# column by header, so it works whatever the sorting and inserting before it.
FOLKHALSA = [
    {"op": "unprotect", "sheet": s} for s in ("Välmående", "Tillgänglig", "Hållbar utveckling")
] + [
    {"op": "set", "sheet": "Välmående", "find": ["Id", "RF1"], "column": S2, "text": "Grön"},
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Id", "RF1"],
        "column": K2,
        "text": "Första utkastet är klart.\nRemiss i oktober.",
    },
    {"op": "set", "sheet": "Välmående", "find": ["Id", "RF2"], "column": S2, "text": "gul "},
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Id", "RF2"],
        "column": K2,
        "text": "En kommun har hoppat av.",
    },
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Aktivitet", "Kartlägga föreningslivets lokaler."],
        "column": S2,
        "text": "Grön",
    },
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Aktivitet", "Kartlägga föreningslivets lokaler."],
        "column": K2,
        "text": "Enkät skickad till föreningarna.",
    },
    {"op": "sort", "sheet": "Välmående", "column": "Aktivitet", "with_hidden": True},
    {
        "op": "insert_column",
        "sheet": "Välmående",
        "before": "Målområde",
        "header": "Egen anteckning",
        "text": "Fråga enhetschefen",
    },
    {"op": "protect", "sheet": "Välmående"},
    {"op": "set", "sheet": "Tillgänglig", "find": ["Id", "RUN 4"], "column": S2, "text": "RÖD"},
    {
        "op": "set",
        "sheet": "Tillgänglig",
        "find": ["Id", "RUN 4"],
        "column": K2,
        "text": "Upphandlingen överklagades.",
    },
    {"op": "delete_row", "sheet": "Tillgänglig", "find": ["Id", "RF3"]},
    {
        "op": "set",
        "sheet": "Hållbar utveckling",
        "find": ["Id", "RF5"],
        "column": S2,
        "text": "Grön",
    },
    {
        "op": "set",
        "sheet": "Hållbar utveckling",
        "find": ["Id", "RF5"],
        "column": K2,
        "text": "Klimatveckan genomförd i maj.",
    },
    {"op": "unprotect", "sheet": "Indikatorer"},
    {
        "op": "set",
        "sheet": "Indikatorer",
        "find": ["Indikator", "Sjukfrånvaro"],
        "column": "Utfall Delår 2 2023",
        "text": "5,2",
    },
    {
        "op": "set",
        "sheet": "Indikatorer",
        "find": ["Indikator", "Andel vuxna med självupplevd god hälsa"],
        "column": "Kommentar till utfallet",
        "text": "Mäts 4 e år",
    },
    {
        "op": "set",
        "sheet": "Indikatorer",
        "find": ["Id", "T1"],
        "column": "Utfall Delår 2 2023",
        "number": 96.5,
    },
]

KULTUR = [
    {"op": "unprotect", "sheet": s} for s in ("Välmående", "Tillgänglig", "Hållbar utveckling")
] + [
    {
        "op": "set",
        "sheet": "Hållbar utveckling",
        "find": ["Id", "RF5"],
        "column": S2,
        "text": "Gul",
    },
    {
        "op": "set",
        "sheet": "Hållbar utveckling",
        "find": ["Id", "RF5"],
        "column": K2,
        "text": "Kulturdelen flyttas till hösten.",
    },
    {"op": "set", "sheet": "Välmående", "find": ["Id", "RF6"], "column": S2, "text": "Blå"},
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Id", "RF6"],
        "column": K2,
        "text": "Planen är antagen.",
    },
    {"op": "set", "sheet": "Tillgänglig", "find": ["Id", "RF8"], "column": S2, "text": "grön"},
    {
        "op": "set",
        "sheet": "Tillgänglig",
        "find": ["Id", "RF8"],
        "column": K2,
        "text": "=SUM(A1:A2)",
    },
    {"op": "rename", "sheet": "Tillgänglig", "to": "Mina aktiviteter"},
    {
        "op": "set",
        "sheet": "Hållbar utveckling",
        "find": ["Id", "RF10"],
        "column": S2,
        "text": "Gul",
    },
    {
        "op": "set",
        "sheet": "Hållbar utveckling",
        "find": ["Id", "RF10"],
        "column": K2,
        "text": "-1,0 mnkr mot budget; @resor ökar",
    },
]

SORTED_WITHOUT_KEY = [
    {"op": "unprotect", "sheet": "Välmående"},
    {"op": "set", "sheet": "Välmående", "find": ["Id", "RF1"], "column": S2, "text": "Grön"},
    {"op": "set", "sheet": "Välmående", "find": ["Id", "RF2"], "column": S2, "text": "Gul"},
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Aktivitet", "Kartlägga föreningslivets lokaler."],
        "column": S2,
        "text": "Röd",
    },
    {"op": "sort", "sheet": "Välmående", "column": "Aktivitet", "with_hidden": False},
]

OTHER_PERIOD = [
    {"op": "unprotect", "sheet": "Välmående"},
    {
        "op": "set",
        "sheet": "Välmående",
        "find": ["Id", "RF1"],
        "column": "Status Delår 1 2023",
        "text": "Grön",
    },
]

FIXTURE_SPECS = [
    ("Folkhälsa 2023-d2.xlsx", "folkhalsa-2023-d2.xlsx", FOLKHALSA),
    ("Kultur och ideell sektor 2023-d2.xlsx", "kultur-2023-d2.xlsx", KULTUR),
    ("Folkhälsa 2023-d2.xlsx", "folkhalsa-sorted-without-key.xlsx", SORTED_WITHOUT_KEY),
    ("Folkhälsa 2023-d1.xlsx", "folkhalsa-2023-d1.xlsx", OTHER_PERIOD),
]


def make() -> None:
    """Write the templates with rusmodel, then have LibreOffice edit and save them."""
    from rusmodel.plugins.workbook.files import load_plan
    from rusmodel.plugins.workbook.template import write_templates

    plan = load_plan(PLAN)
    with tempfile.TemporaryDirectory() as temp:
        sent = Path(temp)
        write_templates(plan, "2023-d2", "unit", sent)
        write_templates(plan, "2023-d1", "unit", sent)
        jobs = [
            {"source": str(sent / source), "target": str(FIXTURES / target), "edits": edits}
            for source, target, edits in FIXTURE_SPECS
        ]
        spec = sent / "spec.json"
        spec.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
        subprocess.run([SYSTEM_PYTHON, __file__, "--uno", str(spec)], check=True)
    for _, target, _ in FIXTURE_SPECS:
        print(FIXTURES / target)


def edit_with_libreoffice(spec_file: str) -> None:
    """Run under the system Python: start LibreOffice, apply each job's edits, save as .xlsx."""
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException

    def prop(name: str, value: Any) -> Any:
        p = PropertyValue()
        p.Name = name
        p.Value = value
        return p

    jobs = json.loads(Path(spec_file).read_text(encoding="utf-8"))
    profile = tempfile.mkdtemp(prefix="rusmodel-lo-")
    pipe = f"rusmodel{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(200):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        for job in jobs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(job["source"]), "_blank", 0, (prop("Hidden", True),)
            )
            for edit in job["edits"]:
                _apply(uno, prop, doc, edit)
            doc.storeToURL(
                uno.systemPathToFileUrl(job["target"]),
                (prop("FilterName", "Calc MS Excel 2007 XML"),),
            )
            doc.close(True)
        desktop.terminate()
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()


def _table(sheet: Any) -> tuple[int, dict[str, int], int]:
    """The header row (0-based), the column of each header, and the last used row."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row = cursor.RangeAddress.EndRow
    last_column = cursor.RangeAddress.EndColumn
    for row in range(0, 15):
        names = {sheet.getCellByPosition(c, row).getString(): c for c in range(0, last_column + 1)}
        if "Id" in names and ("Aktivitet" in names or "Indikator" in names):
            return row, {k: v for k, v in names.items() if k}, last_row
    raise SystemExit(f"no header row on {sheet.Name}")


def _find(sheet: Any, find: list[str]) -> int:
    header_row, columns, last_row = _table(sheet)
    column = columns[find[0]]
    for row in range(header_row + 1, last_row + 1):
        if sheet.getCellByPosition(column, row).getString() == find[1]:
            return row
    raise SystemExit(f"no row with {find} on {sheet.Name}")


def _apply(uno: Any, prop: Any, doc: Any, edit: dict[str, Any]) -> None:
    sheet = doc.Sheets.getByName(edit["sheet"])
    op = edit["op"]
    if op == "unprotect":
        sheet.unprotect("")
    elif op == "protect":
        sheet.protect("")
    elif op == "rename":
        sheet.setName(edit["to"])
    elif op == "set":
        _, columns, _ = _table(sheet)
        cell = sheet.getCellByPosition(columns[edit["column"]], _find(sheet, edit["find"]))
        if "number" in edit:
            cell.setValue(edit["number"])
        else:
            cell.setString(edit["text"])
    elif op == "delete_row":
        sheet.Rows.removeByIndex(_find(sheet, edit["find"]), 1)
    elif op == "insert_column":
        header_row, columns, last_row = _table(sheet)
        at = columns[edit["before"]]
        sheet.Columns.insertByIndex(at, 1)
        sheet.getCellByPosition(at, header_row).setString(edit["header"])
        sheet.getCellByPosition(at, header_row + 1).setString(edit["text"])
    elif op == "sort":
        header_row, columns, last_row = _table(sheet)
        last_column = max(columns.values())
        if not edit["with_hidden"]:
            last_column = columns["Nyckel"] - 1
        block = sheet.getCellRangeByPosition(0, header_row + 1, last_column, last_row)
        field = uno.createUnoStruct("com.sun.star.table.TableSortField")
        field.Field = columns[edit["column"]]
        field.IsAscending = True
        fields = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        uno.invoke(block, "sort", ((prop("SortFields", fields), prop("ContainsHeader", False)),))
    else:
        raise SystemExit(f"unknown edit {op}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--uno":
        edit_with_libreoffice(sys.argv[2])
    else:
        make()
