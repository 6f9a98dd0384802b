"""A collection round's state: ready marks, answers kept, closed periods, the plan's own words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import openpyxl
import pytest

from rusmodel import PROGRESS, Activity, FollowUp, GoalArea, Period, Plan, PlanError, Unit
from rusmodel.plugins.workbook import collect, template
from rusmodel.plugins.workbook.collection_layout import READY_LABEL

P1 = Period(id="p1", name="Delår 1 2023", as_of=dt.date(2023, 4, 30))
P2 = Period(id="p2", name="Delår 2 2023", as_of=dt.date(2023, 8, 31))


def _plan(**kw: object) -> Plan:
    def activity(key: str, unit: str, **follow_ups: FollowUp) -> Activity:
        return Activity(
            id=key,
            title=f"Aktivitet {key}",
            goal_areas=("a",),
            units=(unit,),
            follow_ups=follow_ups,
        )

    base = Plan(
        title="Plan",
        organisation="Region",
        first_year=2023,
        last_year=2024,
        units=(Unit(id="f", name="Folkhälsa"), Unit(id="k", name="Kultur")),
        goal_areas=(GoalArea(id="a", name="Ett välmående län", short_name="Välmående"),),
        periods=(P1, P2),
        activities=(
            activity("F1", "f", p1=FollowUp(status="green", comment="Startat.")),
            activity("F2", "f", p1=FollowUp(status="green", comment="Pågår."), p2=FollowUp()),
            activity("K1", "k", p1=FollowUp(status="yellow", comment="Försenat.")),
        ),
    )
    return attrs.evolve(base, **kw)


def _fill(path: Path, answers: dict[str, tuple[str, str]], *, ready: bool) -> Path:
    book = openpyxl.load_workbook(path)
    ws = book["Välmående"]
    header = {c.value: c.column for c in ws[template.HEADER_ROW]}
    for row in range(template.HEADER_ROW + 1, ws.max_row + 1):
        key = ws.cell(row=row, column=header["Id"]).value
        if key in answers:
            status, comment = answers[key]
            ws.cell(row=row, column=header["Status Delår 2 2023"]).value = status or None
            ws.cell(row=row, column=header["Kommentar Delår 2 2023"]).value = comment or None
    if ready:
        sheet = book["Instruktioner"]
        label = next(
            r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == f"{READY_LABEL}:"
        )
        sheet.cell(row=label + 1, column=1).value = "Ja"
    out = path.with_name("svar " + path.name)
    book.save(out)
    return out


def _sent(plan: Plan, tmp_path: Path) -> dict[str, Path]:
    written = template.write_templates(plan, "p2", "unit", tmp_path)
    return {p.name.split()[0]: p for p in written}


def test_a_blank_or_refused_answer_keeps_the_answer_already_collected(tmp_path: Path) -> None:
    earlier = FollowUp(status="yellow", comment="Försenat, se förra svaret.")
    plan = _plan()
    activities = tuple(
        attrs.evolve(a, follow_ups={**a.follow_ups, "p2": earlier}) if a.id in ("F1", "F2") else a
        for a in plan.activities
    )
    plan = attrs.evolve(plan, activities=activities)
    folkhalsa = _sent(plan, tmp_path)["Folkhälsa"]
    # F1 is left blank, F2 is refused (not a status of the scale).
    returned = _fill(folkhalsa, {"F2": ("Blå", "Nytt.")}, ready=True)
    result = collect.collect(plan, [returned])
    merged = {a.id: a.follow_ups.get("p2") for a in result.plan.activities}
    assert merged["F1"] == earlier and merged["F2"] == earlier
    report = result.report
    assert [(m.key, m.place) for m in report.kept] == [("F1", "Gul"), ("F2", "Gul")]
    assert report.no_answer == () and report.lacking_status == ()
    text = collect.format_report(report)
    assert "Inget nytt svar, tidigare svar för perioden behålls (2):" in text
    assert "F1 – Aktivitet F1 [Folkhälsa] (" in text
    # Without an earlier answer, a blank row is listed as without an answer.
    fresh = collect.collect(
        _plan(), [_fill(_sent(_plan(), tmp_path / "b")["Folkhälsa"], {}, ready=True)]
    )
    assert {m.key for m in fresh.report.no_answer} == {"F1", "F2"}
    assert fresh.report.kept == ()


def test_require_ready_merges_only_the_workbooks_marked_ready(tmp_path: Path) -> None:
    plan = _plan()
    sent = _sent(plan, tmp_path)
    ready = _fill(sent["Folkhälsa"], {"F1": ("Grön", "Klart snart.")}, ready=True)
    draft = _fill(sent["Kultur"], {"K1": ("Röd", "Utkast.")}, ready=False)
    both = collect.collect(plan, [ready, draft])
    assert (both.report.ready, both.report.not_ready) == (("Folkhälsa",), ("Kultur",))
    assert both.plan.activities[2].follow_ups["p2"] == FollowUp(status="red", comment="Utkast.")
    held = collect.collect(plan, [ready, draft], require_ready=True)
    assert held.report.held == ("Kultur",)
    assert held.report.files_read == (str(ready), str(draft))  # read, if not merged
    assert "p2" not in held.plan.activities[2].follow_ups
    assert held.plan.activities[0].follow_ups["p2"].status == "green"
    text = collect.format_report(held.report)
    assert "  klara att lämna: Folkhälsa" in text
    assert "  svarat men inte markerat klart att lämna: Kultur" in text
    assert "Inte sammanförda (--require-ready, inte klara): Kultur" in text


def test_a_closed_period_is_refused_by_template_and_collect(tmp_path: Path) -> None:
    plan = _plan()
    returned = _fill(_sent(plan, tmp_path)["Folkhälsa"], {"F1": ("Grön", "x")}, ready=True)
    closed = attrs.evolve(plan, periods=(P1, attrs.evolve(P2, closed=True)))
    with pytest.raises(PlanError) as refused:
        collect.collect(closed, [returned])
    (problem,) = refused.value.problems
    assert problem.place == "periods[1].closed"
    assert "perioden Delår 2 2023 (p2) är stängd" in problem.message
    with pytest.raises(PlanError, match="is closed"):
        template.write_templates(closed, "p2", "unit", tmp_path / "again")


def test_a_mistyped_status_gets_the_nearest_value_of_the_scale(tmp_path: Path) -> None:
    plan = _plan(scale=PROGRESS)
    plan = attrs.evolve(
        plan,
        activities=tuple(
            attrs.evolve(a, follow_ups={"p1": FollowUp(status="ongoing")}) for a in plan.activities
        ),
    )
    returned = _fill(_sent(plan, tmp_path)["Kultur"], {"K1": ("Klat", "Klart i juni.")}, ready=True)
    (problem,) = collect.collect(plan, [returned]).report.problems
    assert problem.message.endswith("– menade du Klart?")
    (english,) = collect.collect(plan, [returned], lang="en").report.problems
    assert english.message.endswith("– did you mean Klart?")
    assert "(Ongoing, Done, Paused, Not started)" in english.message


def test_the_collection_workbook_speaks_the_plans_scale_and_names_the_period_once(
    tmp_path: Path,
) -> None:
    named = attrs.evolve(P2, name="Uppföljning per 2023-08-31")
    plan = _plan(scale=PROGRESS, periods=(P1, named))
    plan = attrs.evolve(
        plan,
        activities=tuple(
            attrs.evolve(a, follow_ups={"p1": FollowUp(status="ongoing", comment="Pågår.")})
            for a in plan.activities
        ),
    )
    path = template.write_templates(plan, "p2", "unit", tmp_path)[0]
    book = openpyxl.load_workbook(path)
    sheet = book["Instruktioner"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert sheet["A1"].value == "Uppföljning per 2023-08-31 – Folkhälsa"
    assert "Förklara alltid status Vilande och Ej påbörjat." in text
    assert "gul och röd" not in text
    ready_row = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == f"{READY_LABEL}:"
    )
    cell = sheet.cell(row=ready_row + 1, column=1)
    assert cell.protection.locked is False
    assert any(cell.coordinate in str(v.sqref) for v in sheet.data_validations.dataValidation)
    activities = book["Välmående"]
    header = [c.value for c in activities[template.HEADER_ROW]]
    assert "Förra kommentaren (Delår 1 2023)" in header
    row = [c.value for c in activities[template.HEADER_ROW + 1]]
    assert row[header.index("Förra kommentaren (Delår 1 2023)")] == "Pågår."
    assert row[header.index("Kommentar Uppföljning per 2023-08-31")] is None


def test_an_outcome_typed_as_69_percent_arrives_as_69(tmp_path: Path) -> None:
    from rusmodel import Indicator, parse_target

    indicator = Indicator(name="Andel", goal_area="a", unit="%", target=parse_target("> 60%"))
    plan = _plan(indicators=(indicator,))
    path = _sent(plan, tmp_path)["Folkhälsa"]
    book = openpyxl.load_workbook(path)
    ws = book["Indikatorer"]
    header = {c.value: c.column for c in ws[template.HEADER_ROW]}
    cell = ws.cell(row=template.HEADER_ROW + 1, column=header["Utfall Delår 2 2023"])
    # Text cells: Excel keeps "69 %" as typed instead of making it 0,69.
    assert cell.number_format == "@"
    cell.value = "69 %"
    book.save(path)
    result = collect.collect(plan, [path])
    assert result.report.problems == ()
    assert result.plan.indicators[0].outcomes["p2"].value == 69


def test_an_outcome_per_category_is_collected_per_category(tmp_path: Path) -> None:
    from decimal import Decimal

    from rusmodel import Indicator, Outcome, parse_target

    broadband = Indicator(
        name="Tillgång till bredband",
        goal_area="a",
        unit="%",
        target=parse_target(">95% Hushåll / >89% Företag"),
        outcomes={"p1": Outcome(values={"Hushåll": Decimal("93"), "Företag": Decimal("85")})},
    )
    plan = _plan(indicators=(broadband,))
    path = _sent(plan, tmp_path)["Folkhälsa"]
    book = openpyxl.load_workbook(path)
    ws = book["Indikatorer"]
    header = {c.value: c.column for c in ws[template.HEADER_ROW]}
    rows = range(template.HEADER_ROW + 1, template.HEADER_ROW + 3)
    shown = [
        [ws.cell(r, header[h]).value for h in ("Kategori", "Utfall Delår 1 2023")] for r in rows
    ]
    assert shown == [["Hushåll", 93], ["Företag", 85]]  # a row per category, last outcomes
    for r, typed in zip(rows, ("96 %", "88,5"), strict=True):
        ws.cell(r, header["Utfall Delår 2 2023"]).value = typed
    book.save(path)
    result = collect.collect(plan, [path])
    assert result.report.problems == ()
    outcome = result.plan.indicators[0].outcomes["p2"]
    assert outcome.values == {"Hushåll": Decimal("96"), "Företag": Decimal("88.5")}
    assert outcome.measured and outcome.value is None


def test_the_collection_workbook_in_english_is_collected_like_the_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rusmodel import dump_yaml
    from rusmodel.cli import main

    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(dump_yaml(_plan()), encoding="utf-8")
    sent = tmp_path / "sent"
    assert main(["template", str(plan_file), "--lang", "en", "--output", str(sent)]) == 0
    assert capsys.readouterr().out.endswith(f"2 workbooks written to {sent}\n")
    path = sent / "Folkhälsa p2.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Instructions", "Välmående"]
    text = "\n".join(str(c.value) for c in book["Instructions"]["A"] if c.value)
    assert "How to fill it in" in text and "Always explain the status Yellow and Red." in text
    assert "Green – proceeding according to plan" in text
    assert "Så här" not in text
    ws = book["Välmående"]
    header = [c.value for c in ws[template.HEADER_ROW]]
    assert header[:4] == ["Id", "Activity", "Goal area", "Unit"]
    assert "Previous comment (Delår 1 2023)" in header
    column = {name: n for n, name in enumerate(header, start=1)}
    row = template.HEADER_ROW + 1
    assert ws.cell(row, column["Previous status (Delår 1 2023)"]).value == "Green"
    assert ws.cell(row, column["Previous comment (Delår 1 2023)"]).value == "Startat."
    ws.cell(row, column["Status Delår 2 2023"]).value = "Green"
    ws.cell(row, column["Comment Delår 2 2023"]).value = "On track."
    instructions = book["Instructions"]
    label = next(
        r
        for r in range(1, instructions.max_row + 1)
        if instructions.cell(r, 1).value == "Ready to send:"
    )
    instructions.cell(label + 1, 1).value = "Yes"
    book.save(path)
    result = collect.collect(_plan(), [path], require_ready=True)
    assert result.report.ready == ("Folkhälsa",) and result.report.problems == ()
    assert result.plan.activities[0].follow_ups["p2"] == FollowUp(
        status="green", comment="On track."
    )
