"""Three periods of the RUS plan, round by round, as a region runs them.

2021-08 is the plan's first follow-up. The 2022-06 round is run again from
the collection workbooks: the period is opened with ``rusmodel period add``,
the revised plan's activities are added, the units answer with the seed's
answers, one unit is late and one answer is mistyped. Then 2022-12 is opened
from 2022-06 and collected with a unit that never answers and an answer that
stays refused. At every step the shares of the seed decks hold: 92 % in
2021-08 and 99 % in 2022-06 (78 of 79 on track).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest

from rusmodel import FollowUp, Plan, dump_yaml, load_yaml
from rusmodel.cli import main
from rusmodel.cycle import followed_up, round_state
from rusmodel.plugins.workbook.collection_layout import HEADER_ROW, READY_LABEL
from rusmodel.summary import changes_since_previous, share_percent, total_count

RUS = Path(__file__).resolve().parent.parent / "examples" / "rus-handlingsplan.yaml"
JUNE, DECEMBER = "2022-06", "2022-12"
LATE = "Tärna folkhögskola"
SILENT = "Kultur och ideell sektor"


def _load(path: Path) -> Plan:
    return load_yaml(path.read_bytes(), str(path))


def _share(plan: Plan, period: str) -> int | None:
    return share_percent(total_count(plan, period))


def _fill(
    sent: Path,
    answers: Mapping[str, FollowUp],
    plan: Plan,
    out: Path,
    *,
    typo: str = "",
    ready: bool = True,
) -> set[str]:
    """Answer a sent workbook as its unit would in Excel; return the activities it holds."""
    import openpyxl

    book = openpyxl.load_workbook(sent)
    held: set[str] = set()
    for ws in book.worksheets:
        header = {c.value: c.column for c in ws[HEADER_ROW] if isinstance(c.value, str)}
        status = next((c for h, c in header.items() if h.startswith("Status ")), None)
        comment = next((c for h, c in header.items() if h.startswith("Kommentar ")), None)
        if status is None or comment is None or "Nyckel" not in header:
            continue
        for row in range(HEADER_ROW + 1, ws.max_row + 1):
            key = ws.cell(row=row, column=header["Nyckel"]).value
            if not key:
                continue
            held.add(str(key))
            answer = answers.get(str(key))
            if answer is None:
                continue
            value = plan.scale.get(answer.status) if answer.status else None
            typed = "Grönn" if key == typo else (value.label_sv if value else "")
            ws.cell(row=row, column=status).value = typed
            ws.cell(row=row, column=comment).value = answer.comment or None
    if ready:
        instructions = book["Instruktioner"]
        for row in range(1, instructions.max_row + 1):
            if instructions.cell(row=row, column=1).value == f"{READY_LABEL}:":
                instructions.cell(row=row + 1, column=1).value = "Ja"
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return held


def _before_june(original: Plan) -> Plan:
    """The plan as it was after 2021-08: that period, its 64 activities, their answers."""
    first = original.periods[0]
    activities = tuple(
        attrs.evolve(a, follow_ups={first.id: a.follow_ups[first.id]})
        for a in original.activities
        if first.id in a.follow_ups
    )
    return attrs.evolve(original, periods=(first,), activities=activities)


@pytest.fixture
def rus() -> Plan:
    return _load(RUS)


def test_three_periods_round_by_round_keep_the_seed_shares(
    rus: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(dump_yaml(_before_june(rus)), encoding="utf-8")
    assert (_share(rus, "2021-08"), _share(rus, JUNE)) == (92, 99)
    assert _share(_load(plan_file), "2021-08") == 92

    # --- 2022-06: open the period, add the revised plan's activities, send the workbooks.
    june = ["--id", JUNE, "--name", "Uppföljning per 2022-06-30", "--as-of", "2022-06-30"]
    assert main(["period", "add", str(plan_file), *june]) == 0
    opened = _load(plan_file)
    # The 22 activities that ended in 2021-08 are not carried over.
    assert len(followed_up(opened, JUNE)) == 64 - 22
    assert all(
        opened_a.follow_ups.get(JUNE) in (None, FollowUp()) for opened_a in opened.activities
    )
    known = {a.key: a for a in opened.activities}
    revised = tuple(
        known.get(a.key) or attrs.evolve(a, follow_ups={})
        for a in rus.activities
        if a.key in known or JUNE in a.follow_ups
    )
    plan_file.write_text(dump_yaml(attrs.evolve(opened, activities=revised)), encoding="utf-8")
    seed_june = {a.key: a.follow_ups[JUNE] for a in rus.activities if JUNE in a.follow_ups}
    assert {a.key for a in followed_up(_load(plan_file), JUNE)} == set(seed_june)

    sent = tmp_path / "sent-june"
    assert main(["template", str(plan_file), "--period", JUNE, "--output", str(sent)]) == 0
    workbooks = sorted(sent.glob("*.xlsx"))
    assert len(workbooks) == 8  # seven units and the activities of no unit
    mistyped = next(
        a.key for a in rus.activities if a.units == ("kultur",) and JUNE in a.follow_ups
    )
    returned, late = [], []
    for path in workbooks:
        answer = tmp_path / "returned-june" / path.name
        _fill(path, seed_june, rus, answer, typo=mistyped if SILENT in path.name else "")
        (late if LATE in path.name else returned).append(answer)
    capsys.readouterr()

    # The first collection: Tärna is late, one status is mistyped.
    merged = tmp_path / "merged.yaml"
    assert main(["collect", str(plan_file), *map(str, returned), "-o", str(merged)]) == 1
    out = capsys.readouterr().out
    assert "Svarade (7 av 8)" in out and f"Svarade inte: {LATE}" in out
    assert "'Grönn' är ingen status" in out and "menade du Grön?" in out
    assert out.count(mistyped[:40]) == 1  # a refused answer is listed once
    first = _load(merged)
    state = round_state(first, JUNE)
    assert state.open and [first.unit_name(u) for u in state.silent] == [LATE]
    assert main(["summary", str(merged), "--period", JUNE]) == 0
    assert "6 av 7 verksamheter har svarat; omgången pågår." in capsys.readouterr().out
    # An unfinished round is not cancelled work: only the 22 ended activities are dropped.
    changes = changes_since_previous(first, JUNE)
    assert {a.key for a in changes.removed} == {a.key for a in rus.activities if a.end == "2021-08"}

    # The late workbook arrives, with Kultur's corrected one.
    corrected = tmp_path / "corrected" / next(p.name for p in workbooks if SILENT in p.name)
    _fill(next(p for p in workbooks if SILENT in p.name), seed_june, rus, corrected)
    args = ["collect", str(merged), *map(str, late), str(corrected), "-o", str(merged)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Svarade (8 av 8): Kultur och ideell sektor, Tärna folkhögskola" in out
    assert "  svarat tidigare: Hållbarhet, " in out and "Svarade inte: inga" in out
    june_plan = _load(merged)
    assert not round_state(june_plan, JUNE).open
    assert {a.key: a.follow_ups[JUNE] for a in followed_up(june_plan, JUNE)} == seed_june
    assert (_share(june_plan, "2021-08"), _share(june_plan, JUNE)) == (92, 99)
    assert main(["period", "close", str(merged), JUNE]) == 0

    # --- 2022-12: opened from 2022-06, one unit never answers, one answer stays refused.
    december = ["--id", DECEMBER, "--name", "Uppföljning per 2022-12-31", "--as-of", "2022-12-31"]
    assert main(["period", "add", str(merged), *december]) == 0
    opened = _load(merged)
    assert {a.key for a in followed_up(opened, DECEMBER)} == set(seed_june)
    sent = tmp_path / "sent-december"
    assert main(["template", str(merged), "--period", DECEMBER, "--output", str(sent)]) == 0
    answers = {key: FollowUp(status="green", comment="Läget i december.") for key in seed_june}
    refused = next(
        a.key for a in rus.activities if a.units == ("samhall",) and JUNE in a.follow_ups
    )
    returned = []
    answered: set[str] = set()
    for path in sorted(sent.glob("*.xlsx")):
        if SILENT in path.name:
            continue
        answer = tmp_path / "returned-december" / path.name
        typo = refused if "Samhällsutveckling" in path.name else ""
        answered |= _fill(path, answers, rus, answer, typo=typo)
        returned.append(answer)
    capsys.readouterr()
    assert main(["collect", str(merged), *map(str, returned), "-o", str(merged)]) == 1
    december_plan = _load(merged)
    assert round_state(december_plan, DECEMBER).open
    # The silent unit's activities are neither dropped nor "changed" to not reported.
    changes = changes_since_previous(december_plan, DECEMBER)
    assert changes.removed == ()
    # Every answer given is Grön, as in June but for the one Gul there.
    assert [(c.previous_status, c.status) for c in changes.status_changed] == [("yellow", "green")]
    deck = tmp_path / "december.pptx"
    assert main(["export", str(merged), "--period", DECEMBER, "-o", str(deck)]) == 0
    assert "6 av 7 verksamheter har svarat" in _deck_text(deck)

    # The round is over: closed, the silent unit's activities count as not reported.
    assert main(["period", "close", str(merged), DECEMBER]) == 0
    closed = _load(merged)
    assert not round_state(closed, DECEMBER).open
    total = total_count(closed, DECEMBER)
    reported = answered - {refused}
    assert (total.total, total.on_track, total.unreported) == (
        79,
        len(reported),
        79 - len(reported),
    )
    assert (_share(closed, "2021-08"), _share(closed, JUNE)) == (92, 99)
    capsys.readouterr()
    assert main(["summary", str(merged), "--period", DECEMBER]) == 0
    assert "har svarat" not in capsys.readouterr().out

    # A closed period takes no more answers.
    assert main(["collect", str(merged), str(late[0]), "-o", str(tmp_path / "x.yaml")]) == 1
    assert capsys.readouterr().err.startswith(f"{merged}: periods[1].closed: perioden ")
    assert not (tmp_path / "x.yaml").exists()


def _deck_text(path: Path) -> str:
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
    return "\n".join(texts)


def test_workbooks_returned_unchanged_change_nothing_and_say_so(rus: Plan, tmp_path: Path) -> None:
    """The issue's first report: 101 activities sent for 2022-06, 101 listed as without answer."""
    from rusmodel.plugins.workbook import collect, template

    written = template.write_templates(rus, JUNE, "unit", tmp_path)
    sent = {key for path in written for key in _fill(path, {}, rus, path, ready=False)}
    assert len(sent) == 79 == len(followed_up(rus, JUNE))
    result = collect.collect(rus, written)
    assert result.report.no_answer == ()
    assert len(result.report.kept) == 79  # the answers already there stay, and the report says so
    # Every unit's answers were merged before: listed as such, not as blank or silent.
    assert len(result.report.answered_before) == len(written)
    assert result.report.blank == result.report.not_answered == ()
    assert result.plan == rus
    assert _share(result.plan, JUNE) == 99


def test_workbooks_sent_back_blank_are_returned_not_answered(rus: Plan, tmp_path: Path) -> None:
    """In a new round, a workbook sent back with nothing filled in does not count as an answer."""
    import datetime as dt

    from rusmodel import Period
    from rusmodel.cycle import add_period
    from rusmodel.plugins.workbook import collect, template

    december = Period(id=DECEMBER, name="Uppföljning per 2022-12-31", as_of=dt.date(2022, 12, 31))
    plan = add_period(rus, december)
    written = template.write_templates(plan, DECEMBER, "unit", tmp_path)
    report = collect.collect(plan, written).report
    assert report.answered == () and report.not_answered == ()
    assert len(report.blank) == len(written)
    text = collect.format_report(report)
    assert f"Svarade (0 av {len(written)}): inga" in text
    assert "Lämnade tillbaka utan att fylla i något: Hållbarhet, " in text
