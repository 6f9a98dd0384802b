"""The full workbook (``--format xlsx``): lossless round trip, safe text, what Excel shows."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rusmodel import (
    DECK_SECTIONS,
    PROGRESS,
    TRAFFIC_LIGHT,
    Activity,
    Column,
    ColumnKind,
    ControlCheck,
    ControlLevel,
    DeckProfile,
    Deviation,
    Direction,
    Economy,
    FollowUp,
    GoalArea,
    GoalKind,
    Indicator,
    Investment,
    KeyFigure,
    KeyFigureRow,
    LineKind,
    MoneyScale,
    Narrative,
    Outcome,
    Period,
    Plan,
    PlanError,
    Statement,
    StatementLine,
    StatusScale,
    StatusValue,
    SubGoal,
    Trend,
    Unit,
    load_yaml,
    parse_schedule,
    parse_target,
)
from rusmodel.plugins.workbook.full import write_full
from rusmodel.plugins.workbook.read import read_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _write(plan: Plan, path: Path, lang: str = "sv") -> Path:
    buffer = io.BytesIO()
    write_full(plan, buffer, lang=lang)
    path.write_bytes(buffer.getvalue())
    return path


def _round_trip(plan: Plan, path: Path, lang: str = "sv") -> Plan:
    return read_plan(_write(plan, path, lang))


def _sheet_xml(path: Path, title: str) -> str:
    """The XML of the sheet called ``title``."""
    workbook = openpyxl.load_workbook(path)
    index = workbook.sheetnames.index(title) + 1
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


@pytest.fixture
def sample() -> Plan:
    return load_yaml((EXAMPLES / "sample-plan.yaml").read_bytes(), "sample-plan.yaml")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_example_reads_back_equal(example: Path, lang: str, tmp_path: Path) -> None:
    plan = load_yaml(example.read_bytes(), str(example))
    assert _round_trip(plan, tmp_path / "plan.xlsx", lang) == plan


def test_same_plan_gives_the_same_bytes(sample: Plan) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_full(sample, first)
    write_full(sample, second)
    assert first.getvalue() == second.getvalue()


def test_sheets_and_headers_follow_the_language(sample: Plan, tmp_path: Path) -> None:
    swedish = openpyxl.load_workbook(_write(sample, tmp_path / "sv.xlsx", "sv"))
    english = openpyxl.load_workbook(_write(sample, tmp_path / "en.xlsx", "en"))
    assert swedish.sheetnames[:7] == [
        "Plan",
        "Statusskala",
        "Perioder",
        "Verksamheter",
        "Målområden",
        "Delmål",
        "Aktiviteter",
    ]
    assert "Activities" in english.sheetnames
    headers = [c.value for c in swedish["Aktiviteter"][2]]
    assert headers[:6] == ["Id", "Aktivitet", "Målområden", "Verksamheter", "Ansvarig", "Tidplan"]
    assert "Status Delår 2 2023" in headers and "Kommentar Delår 2 2023" in headers
    assert [c.value for c in english["Activities"][2]][1] == "Activity"
    # The machine keys are the same in both languages, in a hidden first row.
    assert [c.value for c in swedish["Aktiviteter"][1]] == [
        c.value for c in english["Activities"][1]
    ]
    assert swedish["Aktiviteter"].row_dimensions[1].hidden
    assert swedish["rusmodel"].sheet_state == "hidden"


def test_a_table_has_a_frozen_header_filters_and_fitted_widths(
    sample: Plan, tmp_path: Path
) -> None:
    ws = openpyxl.load_workbook(_write(sample, tmp_path / "p.xlsx"))["Aktiviteter"]
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref.startswith("A2:")
    title_width = ws.column_dimensions["B"].width
    id_width = ws.column_dimensions["A"].width
    assert title_width > id_width
    assert title_width >= len("Ta fram en länsgemensam handlingsplan för psykisk hälsa.")


def test_status_cells_show_the_label_filled_with_the_scale_colour(
    sample: Plan, tmp_path: Path
) -> None:
    ws = openpyxl.load_workbook(_write(sample, tmp_path / "p.xlsx"))["Aktiviteter"]
    header = {c.value: c.column for c in ws[2]}
    cell = ws.cell(row=3, column=header["Status Delår 2 2023"])
    assert cell.value == "Gul"
    # Coloured by a rule per status, so a status typed later is coloured too.
    colours = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for cf in ws.conditional_formatting
        if cell.coordinate in cf.sqref
        for rule in cf.rules
    }
    assert colours == {f'"{v.label_sv}"': "FF" + v.colour for v in TRAFFIC_LIGHT.values}
    english = openpyxl.load_workbook(_write(sample, tmp_path / "e.xlsx", "en"))["Activities"]
    header = {c.value: c.column for c in english[2]}
    assert english.cell(row=3, column=header["Status Delår 2 2023"]).value == "Yellow"


def test_numbers_are_numbers_with_their_decimals_shown(sample: Plan, tmp_path: Path) -> None:
    path = _write(sample, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["Tabellrader"]
    header = {c.value: c.column for c in ws[1]}
    cell = ws.cell(row=3, column=header["value:utfall"])
    assert cell.data_type == "n"
    assert cell.value == pytest.approx(129.2)
    assert cell.number_format == "#,##0.0"
    periods = openpyxl.load_workbook(path)["Perioder"]
    assert periods["C3"].is_date and periods["C3"].number_format == "yyyy-mm-dd"


def _plan_with_texts(texts: list[str]) -> Plan:
    return Plan(
        title="Plan",
        organisation="Region",
        first_year=2023,
        last_year=2024,
        periods=(Period(id="p1", name="Delår 1", as_of=dt.date(2023, 4, 30)),),
        activities=tuple(
            Activity(
                id=f"A{n}",
                title=text,
                follow_ups={"p1": FollowUp(status="green", comment=text)},
            )
            for n, text in enumerate(texts)
        ),
    )


FORMULA_LIKE = ["=SUM(A1:A2)", "-1,0 mnkr", "@foo", "+46 21 17 30 00", "=1+1", "_x0041_"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    plan = _plan_with_texts(FORMULA_LIKE)
    path = _write(plan, tmp_path / "p.xlsx")
    xml = _sheet_xml(path, "Aktiviteter")
    assert "<f>" not in xml and "<f " not in xml
    ws = openpyxl.load_workbook(path)["Aktiviteter"]
    titles = [ws.cell(row=r, column=2) for r in range(3, 3 + len(FORMULA_LIKE))]
    assert all(c.data_type == "s" for c in titles)
    assert read_plan(path) == plan


def test_text_that_reads_as_a_cell_reference_is_read_back(tmp_path: Path) -> None:
    """The workbook check looks for how far a sheet reaches in every r="..." of it; openpyxl
    writes text in the sheet itself, where a quote needs no escaping."""
    texts = ['Se <c r="XFE1"> i mallen', "r='A2000000'", 'x:r="XFD1048577"']
    plan = _plan_with_texts(texts)
    path = _write(plan, tmp_path / "p.xlsx")
    assert 'r="XFE1"' in _sheet_xml(path, "Aktiviteter")
    assert read_plan(path) == plan


def test_numbers_a_spreadsheet_cannot_hold_are_kept_exactly(tmp_path: Path) -> None:
    exact = Decimal("12345678901234567890.123456789")
    plan = attrs.evolve(
        _plan_with_texts(["a"]),
        economy=(
            Economy(
                period="p1",
                investments=(
                    Investment(project="Stort", budget=exact, outcome=Decimal("10.50")),
                    Investment(project="Litet", budget=Decimal("0.30000000000000004")),
                ),
            ),
        ),
    )
    back = _round_trip(plan, tmp_path / "p.xlsx")
    assert back == plan
    assert back.economy[0].investments[0].budget == exact
    assert back.economy[0].investments[1].budget == Decimal("0.30000000000000004")


def test_what_cannot_be_kept_is_refused_with_its_place() -> None:
    plan = attrs.evolve(
        _plan_with_texts(["a"]),
        activities=(Activity(title="x", responsible=("FD/VC", "rad ett\nrad två")),),
    )
    with pytest.raises(PlanError) as caught:
        write_full(plan, io.BytesIO())
    assert [p.place for p in caught.value.problems] == ["activities[0].responsible"]
    assert "line break" in caught.value.problems[0].message
    twice = attrs.evolve(
        _plan_with_texts(["a"]),
        indicators=(
            Indicator(name="Sjukfrånvaro", goal_area="g"),
            Indicator(name="Sjukfrånvaro", goal_area="g"),
        ),
    )
    with pytest.raises(PlanError, match="used twice"):
        write_full(twice, io.BytesIO())
    spaced = attrs.evolve(
        _plan_with_texts(["a"]),
        scale=StatusScale(
            id="egen",
            values=(StatusValue(id="ok ", label_sv=" Ok", label_en="ok ", colour="00A651"),),
        ),
    )
    with pytest.raises(PlanError) as caught:
        write_full(spaced, io.BytesIO())
    assert [p.place for p in caught.value.problems] == ["scale.values[0]"]
    nonchar = _plan_with_texts(["not a character \ufffe"])
    with pytest.raises(PlanError, match="U\\+FFFE"):
        write_full(nonchar, io.BytesIO())


def test_a_hand_edited_full_workbook_is_read_by_its_keys(sample: Plan, tmp_path: Path) -> None:
    """Columns moved, statuses typed by hand, a column added: read by key and header."""
    path = _write(sample, tmp_path / "p.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Aktiviteter"]
    header = {c.value: c.column for c in ws[2]}
    ws.cell(row=3, column=header["Status Delår 2 2023"]).value = " RÖD "
    ws.insert_cols(1)
    ws.cell(row=2, column=1).value = "Min egen kolumn"
    ws.cell(row=3, column=1).value = "anteckning"
    workbook.save(path)
    back = read_plan(path)
    assert back.activities[0].follow_ups["2023-d2"].status == "red"
    assert attrs.evolve(back, activities=sample.activities) == sample


def test_bad_values_in_an_edited_workbook_name_their_cells(sample: Plan, tmp_path: Path) -> None:
    path = _write(sample, tmp_path / "p.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Aktiviteter"]
    header = {c.value: c.column for c in ws[2]}
    ws.cell(row=4, column=header["Status Delår 2 2023"]).value = "Blå"
    ws.cell(row=3, column=header["Tidplan"]).value = "snart"
    workbook["Perioder"]["C4"].value = "31 augusti"
    workbook.save(path)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    places = {p.place for p in caught.value.problems}
    status_column = openpyxl.utils.get_column_letter(header["Status Delår 2 2023"])
    schedule_column = openpyxl.utils.get_column_letter(header["Tidplan"])
    assert places == {
        f"Aktiviteter!{status_column}4",
        f"Aktiviteter!{schedule_column}3",
        "Perioder!C4",
    }
    assert all(p.file == str(path) for p in caught.value.problems)


def test_a_collection_workbook_is_not_read_as_a_plan(tmp_path: Path, sample: Plan) -> None:
    from rusmodel.plugins.workbook.template import write_templates

    (sent,) = write_templates(sample, "2023-d2", "unit", tmp_path)[:1]
    with pytest.raises(PlanError, match="collect"):
        read_plan(sent)


# --- Generated plans -------------------------------------------------------------------------

_LETTERS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"
)
text = st.text(_LETTERS | st.sampled_from("\n\t\r=+-@_"), max_size=12) | st.sampled_from(
    ["", " ", "=SUM(A1:A2)", "-1,0 mnkr", "@x", "_x0041_", "007", "Grön"]
)
name = st.text(_LETTERS, min_size=1, max_size=10).filter(lambda s: s.strip() != "")
item = name.filter(lambda s: "\n" not in s and "\r" not in s)
items = st.lists(item, max_size=3).map(tuple)
decimal = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**22), max_value=10**22)
maybe_decimal = st.none() | decimal
date = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2999, 12, 31))
year = st.integers(min_value=1900, max_value=2200)
count = st.none() | st.integers(min_value=-(10**6), max_value=10**17)


@st.composite
def scales(draw: st.DrawFn) -> StatusScale:
    builtin = draw(st.sampled_from([TRAFFIC_LIGHT, PROGRESS, None]))
    if builtin is not None:
        return builtin
    words = draw(
        st.lists(
            st.text("abcdefåäöGHIJ ", min_size=1, max_size=6)
            .map(lambda s: " ".join(s.split()))
            .filter(bool),
            min_size=3,
            max_size=9,
            unique_by=lambda s: " ".join(s.split()).casefold(),
        )
    )
    size = len(words) // 3
    values = tuple(
        StatusValue(
            id=words[3 * i],
            label_sv=words[3 * i + 1],
            label_en=words[3 * i + 2],
            colour=draw(st.sampled_from(["00A651", "FFC000", "E3262B", "5B9BD5"])),
            on_track=draw(st.booleans()),
            description_sv=draw(text),
        )
        for i in range(size)
    )
    return StatusScale(id=draw(name), values=values)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    scale = draw(scales())
    period_ids = draw(st.lists(name, min_size=1, max_size=3, unique=True))
    periods = tuple(
        Period(id=p, name=draw(text), as_of=draw(date), presented=draw(st.none() | date))
        for p in period_ids
    )
    statuses = st.none() | st.sampled_from(scale.ids() or ("x",)).filter(
        lambda s: scale.get(s) is not None
    )
    follow_up = st.builds(FollowUp, status=statuses if scale.values else st.none(), comment=text)
    all_periods = st.sampled_from([*period_ids, "okänd"])
    activities = st.lists(
        st.builds(
            Activity,
            id=text,
            title=name,
            goal_areas=items,
            units=items,
            responsible=items,
            schedule=st.none()
            | st.sampled_from(["2023", "2023-2024", "Q4 2023", "Planperioden"]).map(parse_schedule),
            follow_ups=st.dictionaries(all_periods, follow_up, max_size=3),
        ),
        max_size=4,
    )
    goal_areas = st.lists(
        st.builds(
            GoalArea,
            id=name,
            name=text,
            kind=st.sampled_from(GoalKind),
            short_name=text,
            description=text,
            sub_goals=st.lists(
                st.builds(SubGoal, name=text, prioritised=st.booleans()), max_size=2
            ).map(tuple),
        ),
        max_size=3,
        unique_by=lambda g: g.id,
    )
    outcome = st.builds(
        Outcome,
        value=maybe_decimal,
        values=st.dictionaries(name, decimal, max_size=2),
        measured=st.booleans(),
        note=text,
        trend=st.none() | st.sampled_from(Trend),
    )
    indicators = st.lists(
        st.builds(
            Indicator,
            id=text,
            name=name,
            goal_area=text,
            unit=text,
            target=st.none()
            | st.sampled_from(
                ["> 69%", "Öka", "Behålla 102", "5,0 %", "Minska totalt 50% till 2030"]
            ).map(parse_target),
            better=st.sampled_from(Direction),
            every_n_years=st.integers(min_value=1, max_value=5),
            target_year=st.none() | year,
            source=text,
            outcomes=st.dictionaries(all_periods, outcome, max_size=2),
        ),
        max_size=3,
        unique_by=lambda i: i.key,
    )
    control = st.lists(
        st.builds(
            ControlCheck,
            period=name,
            level=st.sampled_from(ControlLevel),
            area=text,
            regulation=text,
            method=text,
            result=text,
            actions=text,
            sample_size=count,
            deviations=count,
        ),
        max_size=2,
    )
    column_ids = st.lists(name, min_size=1, max_size=3, unique=True)

    @st.composite
    def statements(draw: st.DrawFn) -> Statement:
        ids = draw(column_ids)
        return Statement(
            title=draw(text),
            scale=draw(st.sampled_from(MoneyScale)),
            columns=tuple(
                Column(id=c, label=draw(text), kind=draw(st.sampled_from(ColumnKind))) for c in ids
            ),
            lines=tuple(
                draw(
                    st.lists(
                        st.builds(
                            StatementLine,
                            label=text,
                            kind=st.sampled_from(LineKind),
                            values=st.dictionaries(st.sampled_from(ids), decimal, max_size=3),
                        ),
                        max_size=3,
                    )
                )
            ),
            note=draw(text),
        )

    economy = st.lists(
        st.builds(
            Economy,
            period=name,
            scale=st.sampled_from(MoneyScale),
            income_statement=st.none() | statements(),
            investments=st.lists(
                st.builds(
                    Investment,
                    project=text,
                    budget=maybe_decimal,
                    outcome=maybe_decimal,
                    forecast=maybe_decimal,
                ),
                max_size=2,
            ).map(tuple),
            budget_by_unit=st.none() | statements(),
            deviations=st.lists(
                st.builds(Deviation, text=text, amount=maybe_decimal), max_size=2
            ).map(tuple),
            forecast_comment=text,
            actions=st.lists(text, max_size=2).map(tuple),
            uncertainties=st.lists(text, max_size=2).map(tuple),
            comments=st.lists(text, max_size=2).map(tuple),
        ),
        max_size=2,
        unique_by=lambda e: e.period,
    )
    key_figures = st.lists(
        st.builds(
            KeyFigure,
            period=name,
            title=name,
            unit=text,
            columns=items,
            rows=st.lists(
                st.builds(
                    KeyFigureRow,
                    label=text,
                    group=text,
                    values=st.lists(maybe_decimal, max_size=4).map(tuple),
                ),
                max_size=3,
            ).map(tuple),
            note=text,
            comments=st.lists(text, max_size=2).map(tuple),
        ),
        max_size=2,
        unique_by=lambda k: (k.period, k.title),
    )
    narratives = st.lists(
        st.builds(
            Narrative,
            period=name,
            summary=text,
            highlights=st.lists(text, max_size=2).map(tuple),
            upcoming=st.lists(text, max_size=2).map(tuple),
        ),
        max_size=2,
        unique_by=lambda n: n.period,
    )
    return Plan(
        title=draw(text),
        organisation=draw(text),
        first_year=draw(year),
        last_year=draw(year),
        committee=draw(text),
        vision=draw(text),
        scale=scale,
        deck=DeckProfile(
            sections=tuple(draw(st.lists(st.sampled_from([*DECK_SECTIONS, "red"]), max_size=4)))
        ),
        units=tuple(draw(st.lists(st.builds(Unit, id=name, name=text), max_size=3))),
        goal_areas=tuple(draw(goal_areas)),
        periods=periods,
        activities=tuple(draw(activities)),
        indicators=tuple(draw(indicators)),
        internal_control=tuple(draw(control)),
        economy=tuple(draw(economy)),
        key_figures=tuple(draw(key_figures)),
        narratives=tuple(draw(narratives)),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans(), lang=st.sampled_from(["sv", "en"]))
def test_generated_plans_read_back_equal(
    plan: Plan, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("generated") / "plan.xlsx"
    assert _round_trip(plan, path, lang) == plan


def test_the_dash_marks_a_follow_up_with_nothing_reported_yet(tmp_path: Path) -> None:
    plan = attrs.evolve(
        _plan_with_texts([]),
        activities=(
            Activity(title="Anmäld", follow_ups={"p1": FollowUp()}),
            Activity(title="Ej med i perioden"),
        ),
    )
    path = _write(plan, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["Aktiviteter"]
    header = {c.value: c.column for c in ws[1]}
    assert ws.cell(row=3, column=header["status:p1"]).value == "–"
    assert ws.cell(row=4, column=header["status:p1"]).value is None
    assert read_plan(path) == plan


def test_xml_has_no_formula_for_any_text(tmp_path: Path, sample: Plan) -> None:
    path = _write(sample, tmp_path / "p.xlsx")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<f[ >]", archive.read(name).decode("utf-8")), name


def test_without_the_hidden_key_row_columns_are_found_by_their_headers(
    sample: Plan, tmp_path: Path
) -> None:
    path = _write(sample, tmp_path / "p.xlsx", "en")
    workbook = openpyxl.load_workbook(path)
    for ws in workbook.worksheets:
        if ws.title != "rusmodel":
            ws.delete_rows(1)
    workbook.save(path)
    assert read_plan(path) == sample


def test_the_plugin_passes_the_conformance_checks(tmp_path: Path) -> None:
    """The checks rusmodel offers every format plugin (:mod:`rusmodel.testing`)."""
    import rusmodel.plugins.workbook as plugin
    from rusmodel.testing import (
        check_exporter,
        check_importer_rejects_bad_input,
        check_importer_round_trip,
        check_plugin,
    )

    registry = check_plugin(plugin)
    exporter, importer = registry.exporter("xlsx"), registry.importer("xlsx")
    assert sorted(registry.commands) == ["collect", "template"]
    check_exporter(exporter, tmp_path, read_back=read_plan)
    check_importer_round_trip(importer, exporter, tmp_path)
    check_importer_rejects_bad_input(importer, tmp_path)


_NOISE = ("Exception ignored", "Traceback")


def test_the_command_line_refuses_a_plan_it_cannot_write_without_noise(
    sample: Plan, tmp_path: Path
) -> None:
    """A refused plan is one message on stderr: no tracebacks of half-written sheets."""
    import subprocess
    import sys

    from rusmodel import dump_yaml

    first = attrs.evolve(sample.activities[0], title="not a character \ufffe")
    plan = attrs.evolve(sample, activities=(first, *sample.activities[1:]))
    source = tmp_path / "plan.yaml"
    source.write_text(dump_yaml(plan), encoding="utf-8")
    out = tmp_path / "plan.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "rusmodel", "export", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert "U+FFFE" in done.stderr
    assert not any(sign in done.stderr for sign in _NOISE), done.stderr
    assert not out.exists()


class _FullDisk(io.RawIOBase):
    """An output that fails as a full disk does, once the sheets are streaming."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(28, "No space left on device")


def test_a_workbook_that_cannot_be_saved_leaves_nothing_open(
    sample: Plan, capfd: pytest.CaptureFixture[str]
) -> None:
    import gc

    from openpyxl.worksheet._writer import ALL_TEMP_FILES  # this process's, kept till exit

    before = list(ALL_TEMP_FILES)
    with pytest.raises(OSError, match="No space"):
        write_full(sample, _FullDisk())
    gc.collect()
    assert not any(sign in capfd.readouterr().err for sign in _NOISE)
    assert list(ALL_TEMP_FILES) == before  # none left of this export's
