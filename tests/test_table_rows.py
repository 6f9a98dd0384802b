"""What the economy and key-figure tables say (``rusmodel.table_rows``), as both the deck and
the Word report show it: the words and numbers a reader sees, and which of them are bold."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rusmodel import Plan, load_yaml
from rusmodel.labels import NBSP
from rusmodel.model import (
    TRAFFIC_LIGHT,
    Activity,
    Column,
    ColumnKind,
    Deviation,
    Economy,
    GoalArea,
    Investment,
    KeyFigure,
    KeyFigureRow,
    LineKind,
    MoneyScale,
    Statement,
    StatementLine,
)
from rusmodel.table_rows import (
    EMPTY,
    INDENT,
    NOT_REPORTED_COLOUR,
    RowKind,
    TextCell,
    activity_name,
    amount_lines,
    area_names,
    decimal_places,
    deviation_lines,
    investment_table,
    key_figure_table,
    statement_table,
    status_legend_marks,
    status_mark,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example(name: str) -> Plan:
    path = EXAMPLES / name
    return load_yaml(path.read_bytes(), str(path))


@pytest.fixture(scope="module")
def economy() -> Economy:
    plan = _example("forvaltningsplan-2023.yaml")
    found = plan.economy_for("2023-d2")
    assert found is not None
    return found


def _statement(result: str = "-1.5") -> Statement:
    return Statement(
        title="Resultaträkning",
        columns=(
            Column(id="aug", label="Augusti 2023", kind=ColumnKind.OUTCOME, group="Månadsbokslut"),
            Column(id="prog", label="Prognos 2023", kind=ColumnKind.FORECAST, group="Helår"),
        ),
        lines=(
            StatementLine(
                label="Försäljning", kind=LineKind.REVENUE, values={"aug": Decimal("1.9")}
            ),
            StatementLine(
                label="Summa intäkter",
                kind=LineKind.REVENUE_TOTAL,
                values={"aug": Decimal("1.9"), "prog": Decimal("2.5")},
            ),
            StatementLine(
                label="Resultat",
                kind=LineKind.RESULT,
                values={"aug": Decimal("6.2"), "prog": Decimal(result)},
            ),
        ),
        note="* Bokslut exkl. Hållbarhet",
    )


# -- statements --------------------------------------------------------------------------------


def test_a_statement_has_its_unit_line_its_column_groups_and_bold_sums() -> None:
    table = statement_table(_statement())
    assert table.unit == "Belopp i mnkr"
    assert [c.header for c in table.columns] == ["Belopp i mnkr", "Augusti 2023", "Prognos 2023"]
    assert [c.group for c in table.columns] == ["", "Månadsbokslut", "Helår"]
    assert [c.numeric for c in table.columns] == [False, True, True]
    line, total, result = table.rows
    assert line.cells == (TextCell("Försäljning"), TextCell("1,9"), TextCell(EMPTY))
    assert not line.bold and not line.label_bold
    assert total.bold and all(c.bold for c in total.cells)
    assert result.kind is RowKind.SUM
    assert result.values == ("6,2", "-1,5")  # the forecast's loss keeps its minus sign
    assert table.note == "* Bokslut exkl. Hållbarhet"


def test_a_statement_in_english_is_in_msek_with_a_decimal_point() -> None:
    table = statement_table(_statement(), "en")
    assert table.unit == "Amounts in MSEK"
    assert table.rows[-1].values == ("6.2", "-1.5")


def test_a_statement_writes_every_amount_with_the_same_decimals() -> None:
    statement = _statement(result="-1.25")
    assert statement_table(statement).rows[-1].values == ("6,20", "-1,25")


def test_a_units_own_budget_leaves_out_the_lines_it_has_no_amount_in() -> None:
    table = statement_table(_statement(), column_ids=["prog"])
    assert [c.header for c in table.columns] == ["Belopp i mnkr", "Prognos 2023"]
    assert [r.label for r in table.rows] == ["Summa intäkter", "Resultat"]


def test_the_examples_income_statement_reads_as_the_seed(economy: Economy) -> None:
    assert economy.income_statement is not None
    table = statement_table(economy.income_statement)
    by_label = {r.label: r for r in table.rows}
    assert by_label["Resultat"].values == ("6,2", "8,0", "1,3", "0,0", "-1,5")
    assert by_label["Resultat"].bold
    assert not by_label["Regionersättning"].bold
    groups = [c.group for c in table.columns[1:]]
    assert groups == ["Månadsbokslut"] * 2 + ["Helår"] * 3


# -- investments ---------------------------------------------------------------------------------


def test_investments_end_with_a_bold_sum_of_each_column() -> None:
    economy = Economy(
        period="p",
        investments=(
            Investment(project="Lokaler", budget=Decimal("1.0"), outcome=Decimal("0.2")),
            Investment(project="Fordon", budget=Decimal("0.3")),
        ),
    )
    table = investment_table(economy, 2023)
    assert [c.header for c in table.columns] == [
        "Projekt",
        "Budget 2023",
        "Utfall 2023",
        "Prognos 2023",
    ]
    assert table.unit == "Belopp i mnkr"
    assert table.rows[1].values == ("0,3", EMPTY, EMPTY)
    total = table.rows[-1]
    assert total.label == "Summa" and total.bold
    assert total.values == ("1,3", "0,2", EMPTY)  # no project has a forecast: no sum either
    english = investment_table(economy, 2023, "en")
    assert english.rows[-1].label == "Total"
    assert english.unit == "Amounts in MSEK"
    assert english.columns[1].header == "Budget 2023"


def test_investments_in_thousands_say_so() -> None:
    economy = Economy(period="p", scale=MoneyScale.TKR, investments=(Investment(project="X"),))
    assert investment_table(economy, 2023).unit == "Belopp i tkr"
    assert investment_table(economy, 2023, "en").unit == "Amounts in kSEK"


# -- result, forecast and deviations -------------------------------------------------------------


def test_deviations_carry_their_signed_amounts(economy: Economy) -> None:
    lines = deviation_lines(economy)
    assert f"Lägre personalkostnader pga. ej tillsatta tjänster, +0,6{NBSP}mnkr" in lines
    assert any(line.endswith(f", -0,2{NBSP}mnkr") for line in lines)
    english = deviation_lines(economy, "en")
    assert any(line.endswith(f", +0.6{NBSP}MSEK") for line in english)
    bare = Economy(period="p", deviations=(Deviation(text="Inget belopp"),))
    assert deviation_lines(bare) == ("Inget belopp",)


def test_the_forecast_is_not_said_again_where_the_comment_says_it(economy: Economy) -> None:
    (result,) = amount_lines(economy)
    assert (result.key, result.label, result.amount) == (
        "result_for_period",
        "Periodens resultat",
        f"6,2{NBSP}mnkr",
    )


def test_a_forecast_the_comment_does_not_state_is_said_with_its_sign() -> None:
    economy = Economy(period="p", income_statement=_statement(), forecast_comment="Osäkert.")
    result, forecast = amount_lines(economy)
    assert result.amount == f"6,2{NBSP}mnkr"
    assert (forecast.key, forecast.label, forecast.amount) == (
        "forecast_full_year",
        "Prognos helår",
        f"-1,5{NBSP}mnkr",
    )
    (_, english) = amount_lines(economy, "en")
    assert (english.label, english.amount) == ("Full-year forecast", f"-1.5{NBSP}MSEK")


def test_no_income_statement_says_no_amounts() -> None:
    assert amount_lines(Economy(period="p")) == ()


# -- key figures -------------------------------------------------------------------------------


def _sick_leave() -> KeyFigure:
    return KeyFigure(
        period="p",
        title="Sjukfrånvaro",
        unit="%",
        columns=("2021", "2022", "2023"),
        rows=(
            KeyFigureRow(label="Totalt", values=(Decimal("5.0"), Decimal("4.25"), None)),
            KeyFigureRow(label="Kvinnor", group="Kön", values=(Decimal("6"),)),
            KeyFigureRow(label="Män", group="Kön", values=(Decimal("3.1"), None, Decimal("2"))),
        ),
        note="2021 inkl. Hållbarhet",
    )


def test_a_key_figure_has_bold_series_and_indented_breakdowns() -> None:
    table = key_figure_table(_sick_leave())
    assert [c.header for c in table.columns] == ["", "2021", "2022", "2023"]
    total, heading, women, men = table.rows
    assert total.label == "Totalt" and total.label_bold and not total.bold
    assert total.values == (f"5,00{NBSP}%", f"4,25{NBSP}%", EMPTY)
    assert heading.cells == (TextCell("Kön", True), TextCell(""), TextCell(""), TextCell(""))
    assert women.label == f"{INDENT}Kvinnor" and not women.label_bold
    assert women.values == (f"6,00{NBSP}%", EMPTY, EMPTY)  # a short row is filled with dashes
    assert men.kind is RowKind.MEMBER
    assert table.note == "2021 inkl. Hållbarhet"
    assert table.unit == ""  # every value carries its per cent sign


def test_a_key_figure_in_english_writes_percent_without_a_space() -> None:
    assert key_figure_table(_sick_leave(), "en").rows[0].values[:2] == ("5.00%", "4.25%")


def test_a_key_figure_of_counts_has_no_percent_sign() -> None:
    staff = KeyFigure(
        period="p",
        title="Anställda",
        unit="st",
        columns=("2022", "2023"),
        rows=(KeyFigureRow(label="Antal", values=(Decimal("1204"), Decimal("1250"))),),
    )
    assert key_figure_table(staff).rows[0].values == (f"1{NBSP}204", f"1{NBSP}250")
    assert key_figure_table(staff, "en").rows[0].values == ("1,204", "1,250")


# -- status ------------------------------------------------------------------------------------


def test_a_status_says_its_word_in_its_colour() -> None:
    green = TRAFFIC_LIGHT.values[0]
    mark = status_mark(green)
    assert (mark.word, mark.colour) == (green.label_sv, green.colour)
    assert status_mark(green, "en").word == green.label_en
    missing = status_mark(None)
    assert (missing.word, missing.colour) == ("Ej rapporterad", NOT_REPORTED_COLOUR)
    assert status_mark(None, "en").word == "Not reported"


def test_the_legend_lists_the_scale_then_not_reported_where_asked() -> None:
    plan = _example("forvaltningsplan-2023.yaml")
    marks = status_legend_marks(plan)
    assert [m.word for m in marks] == [v.label_sv for v in plan.scale.values]
    assert marks[0].description == plan.scale.values[0].description("sv")
    with_missing = status_legend_marks(plan, "en", include_unreported=True)
    assert with_missing[-1].word == "Not reported"
    assert with_missing[-1].description == "no status given"
    assert with_missing[-1].colour == NOT_REPORTED_COLOUR


def test_decimal_places_is_the_most_any_value_has() -> None:
    assert decimal_places([Decimal("1"), None, Decimal("2.50"), Decimal("3.1")]) == 2
    assert decimal_places([None]) == 0


# -- activity tables ---------------------------------------------------------------------------


def test_an_activity_is_named_by_its_number_and_title_or_its_title_alone() -> None:
    assert activity_name(Activity(id="RF1", title="Stärka föräldraskapet")) == (
        "RF1 Stärka föräldraskapet"
    )
    assert activity_name(Activity(title="Stärka föräldraskapet")) == "Stärka föräldraskapet"


def test_an_activitys_goal_areas_are_named_short_in_its_order() -> None:
    plan = Plan(
        title="Handlingsplan",
        organisation="Region Exempel",
        committee="Regionala utvecklingsnämnden",
        first_year=2023,
        last_year=2025,
        goal_areas=(
            GoalArea(id="valmaende", name="Välmående och hälsa", short_name="Välmående"),
            GoalArea(id="kompetens", name="Kompetensförsörjning"),
        ),
    )
    activity = Activity(title="Något", goal_areas=("kompetens", "valmaende", "okänt"))
    # the short name where there is one, the name where not, an unknown id as it is
    assert area_names(plan, activity) == "Kompetensförsörjning, Välmående, okänt"
    assert area_names(plan, Activity(title="Inget område")) == ""


def test_an_indicators_trend_and_verdict_read_alike_in_both_languages() -> None:
    from rusmodel.model import Trend
    from rusmodel.table_rows import trend_text, verdict_mark
    from rusmodel.targets import Verdict

    assert trend_text(Trend.POSITIVE) == "↑ Positiv"
    assert trend_text(Trend.NEGATIVE, "en") == "↓ Worsening"
    met, missed = verdict_mark(Verdict.MET), verdict_mark(Verdict.NOT_MET, "en")
    assert met is not None and met.word == "Uppnått"
    assert missed is not None and missed.word == "Not met"
    assert met.colour != missed.colour
    assert verdict_mark(Verdict.UNKNOWN) is None
