"""Reading a workbook's values: merged cells and formulas without a saved result are known."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from defusedxml.ElementTree import iterparse

from rusmodel.plugins.workbook import doubtful_cells
from rusmodel.plugins.workbook.values import open_book

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(cells: list[str], prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    rows = "".join(f'<{p}row r="{n}">{cell}</{p}row>' for n, cell in enumerate(cells, start=1))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>'
        f"<{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"
    ).encode()


def _cells(rng: random.Random, count: int, prefix: str = "") -> list[str]:
    """Rows of one cell each: plain values, formulas with and without results, shared ones."""
    p = f"{prefix}:" if prefix else ""
    made = []
    for row in range(1, count + 1):
        kind = rng.choice(
            ["value", "text", "formula", "result", "shared", "empty-v", "inline", "error", "typed"]
        )
        ref = f'r="C{row}"'
        made.append(
            {
                "value": f"<{p}c {ref}><{p}v>{row}</{p}v></{p}c>",
                "text": f'<{p}c {ref} t="inlineStr"><{p}is><{p}t>a &lt;f b</{p}t></{p}is></{p}c>',
                "formula": f'<{p}c {ref}><{p}f>SUM(A1:A{row})&amp;"x&#246;"</{p}f></{p}c>',
                "result": f'<{p}c {ref} t="str"><{p}f>A{row}</{p}f><{p}v>ok</{p}v></{p}c>',
                "shared": f'<{p}c {ref}><{p}f t="shared" si="0"/></{p}c>',
                "empty-v": f"<{p}c {ref}><{p}f>1+1</{p}f><{p}v></{p}v></{p}c>",
                "inline": f'<{p}c {ref} s="1"/>',
                "error": f'<{p}c {ref} s="1" t="e"><{p}f>1/0</{p}f><{p}v>#DIV/0!</{p}v></{p}c>',
                "typed": f"<{p}c {ref} t='e'><{p}v>#N/A</{p}v></{p}c>",
            }[kind]
        )
    return made


@pytest.mark.parametrize("prefix", ["", "x"])
@pytest.mark.parametrize("seed", range(5))
def test_the_quick_scan_finds_what_a_parse_finds(
    seed: int, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 97 bytes cut cells anywhere: the scan must still see each one whole."""
    rng = random.Random(seed)
    xml = _sheet(_cells(rng, 300, prefix), prefix)
    parsed = doubtful_cells._doubtful(io.BytesIO(xml), iterparse)
    assert parsed.formulas and parsed.errors  # the case is not empty
    monkeypatch.setattr(doubtful_cells, "_SCAN_CHUNK", 97)
    assert doubtful_cells._scan_doubtful(io.BytesIO(xml)) == parsed
    formulas = parsed.formulas.values()
    assert all(f == "…" or f.startswith(("SUM", "1+1")) for f in formulas)
    assert "SUM(A1:A" in next(f for f in formulas if f.startswith("SUM"))
    assert next(f for f in formulas if f.startswith("SUM")).endswith('&"xö"')
    assert set(parsed.errors.values()) == {("#DIV/0!", "1/0"), ("#N/A", "")}


def test_a_formula_cell_without_a_reference_is_placed_by_a_parse() -> None:
    xml = _sheet(["<c><v>1</v></c><c><f>1+1</f></c>"])
    assert doubtful_cells._scan_doubtful(io.BytesIO(xml)) is None
    assert doubtful_cells._doubtful(io.BytesIO(xml), iterparse).formulas == {(1, 2): "1+1"}


def test_text_that_reads_like_an_error_type_is_not_an_error() -> None:
    xml = _sheet(['<c r="A1" t="inlineStr"><is><t>a t="e" b</t></is></c>'])
    assert not doubtful_cells._scan_doubtful(io.BytesIO(xml))


def test_open_book_knows_merged_ranges_and_formulas_without_results(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = "Blad 1"
    ws["A1"], ws["B2"], ws["C3"] = "rubrik", "=1+1", "x"
    ws.merge_cells("C3:D5")
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    sheet = open_book(path).sheets["Blad 1"]
    assert sheet.merged == ((3, 3, 5, 4),)
    assert dict(sheet.formulas) == {(2, 2): "1+1"}
    assert [(d.place, d.last_row) for d in sheet.doubts(2, {2, 4})] == [
        ("'Blad 1'!B2", 2),
        ("'Blad 1'!D3", 5),
    ]
    assert sheet.doubts(6, {2, 3, 4}) == []
    assert sheet.doubts(1, {1}) == []
