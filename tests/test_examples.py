"""The shipped examples: real reports transcribed into plan files.

They are what a new user opens first, so they must load, stay canonical, and
tell the same numbers as the reports they were transcribed from
(`examples/README.md` names the seeds).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from rusmodel import dump_yaml, load_yaml
from rusmodel.model import ControlLevel, Plan
from rusmodel.summary import (
    changes_since_previous,
    indicator_status,
    share_percent,
    status_counts,
    total_count,
)
from rusmodel.targets import Verdict
from rusmodel.validation import errors, validate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
RUS = EXAMPLES / "rus-handlingsplan.yaml"
DELAR = EXAMPLES / "forvaltningsplan-2023.yaml"

# Surnames of the officials the seeds name as responsible (Ansvarig), with the
# spellings the text extraction gave some of them; none may reach an example.
SURNAMES = [
    "Alzén",
    "Alzen",
    "Allalouf",
    "Andersson",
    "Asph",
    "Bastias",
    "Berglöw",
    "Berglow",
    "Brattås",
    "Bratas",
    "Bresser",
    "Broström",
    "Brostrom",
    "Bucht",
    "Carlsson",
    "Cederblom",
    "Conley",
    "Engberg",
    "Eriksson",
    "Ersberg",
    "Gillner",
    "Göransson",
    "Goransson",
    "Hammar",
    "Hennerdahl",
    "Hjorth",
    "Kallstad",
    "Kangro",
    "Karlström",
    "Karlstrom",
    "Larspers",
    "Leppäniemi",
    "Leppaniemi",
    "Leppdniemi",
    "Leppadniemi",
    "Lidberg",
    "Lindgren",
    "Living",
    "Ludvigsson",
    "Lundquist",
    "Lundqvist",
    "Nilsson",
    "Öberg",
    "Oberg",
    "Östborg",
    "Ostborg",
    "Pettersson",
    "Sarlin",
    "Schaeffer",
    "Stanaway",
    "Wahlgren",
    "Wester",
    "Wistrand",
]


def _load(path: Path) -> Plan:
    return load_yaml(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def rus() -> Plan:
    return _load(RUS)


@pytest.fixture(scope="module")
def delar() -> Plan:
    return _load(DELAR)


def test_the_transcribed_examples_are_shipped() -> None:
    names = {p.name for p in EXAMPLE_FILES}
    assert {
        "rus-handlingsplan.yaml",
        "forvaltningsplan-2023.yaml",
        "verksamhetsplan-2020.yaml",
        "sample-plan.yaml",
    } <= names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_is_canonical(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert dump_yaml(load_yaml(text, path.name)) == text


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_has_no_errors(path: Path) -> None:
    assert [str(p) for p in errors(validate(_load(path)))] == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_names_no_person_from_the_seeds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [name for name in SURNAMES if re.search(rf"\b{name}\b", text)]
    assert found == []


# --- Handlingsplan RUS, follow-up per 2022-06-30 (seed 002) -------------------------


def test_rus_2022_counts_match_the_seeds_summary_table(rus: Plan) -> None:
    table = [(g.name, g.total, g.on_track) for g in status_counts(rus, "2022-06")]
    assert table == [
        ("Hållbar utveckling", 5, 4),
        ("Digital omställning", 6, 6),
        ("Välmående", 19, 19),
        ("Tillgängligt", 27, 27),
        ("Nyskapande", 22, 22),
    ]
    total = total_count(rus, "2022-06")
    assert (total.total, total.on_track) == (79, 78)
    assert share_percent(total) == 99


def test_rus_2022_the_one_activity_off_track_says_why(rus: Plan) -> None:
    followed = [a for a in rus.activities if "2022-06" in a.follow_ups]
    off_track = [a for a in followed if a.follow_ups["2022-06"].status != "green"]
    assert len(off_track) == 1
    follow_up = off_track[0].follow_ups["2022-06"]
    assert off_track[0].goal_areas == ("hallbar",)
    assert follow_up.status == "yellow"
    assert follow_up.comment.strip()


# --- Handlingsplan RUS, follow-up 2021-08-18 (seed 000) -----------------------------


def test_rus_2021_has_the_seeds_activities_per_area(rus: Plan) -> None:
    table = [(g.name, g.total) for g in status_counts(rus, "2021-08")]
    assert table == [
        ("Hållbar utveckling", 6),
        ("Digital omställning", 3),
        ("Välmående", 17),
        ("Tillgängligt", 19),
        ("Nyskapande", 19),
    ]
    assert total_count(rus, "2021-08").total == 64


def test_rus_2021_colours_follow_the_comments(rus: Plan) -> None:
    # The colours were lost in the seed's text; yellow marks a comment that reports delay.
    delayed = re.compile(r"försen|fördröj|förskjut|senareläg", re.IGNORECASE)
    for activity in rus.activities:
        follow_up = activity.follow_ups.get("2021-08")
        if follow_up is None:
            continue
        expected = "yellow" if delayed.search(follow_up.comment) else "green"
        assert follow_up.status == expected, activity.title
        assert follow_up.comment.strip(), activity.title


def test_rus_activities_in_both_periods_are_one_activity(rus: Plan) -> None:
    both = [a for a in rus.activities if {"2021-08", "2022-06"} <= a.follow_ups.keys()]
    changes = changes_since_previous(rus, "2022-06")
    assert len(changes.new) == 79 - len(both)
    assert len(changes.removed) == 64 - len(both)
    assert changes.comment_not_updated == ()
    titles = {a.title for a in both}
    assert "Leda arbetet med Språkfrö Västmanland." in titles
    assert "Driva projektet #vägled." in titles


def test_rus_responsible_are_roles_not_people(rus: Plan) -> None:
    for activity in rus.activities:
        for responsible in activity.responsible:
            role, _, unit = responsible.partition(", ")
            assert role and unit, responsible
            assert unit in {u.name for u in rus.units}, responsible


# --- Förvaltningsplan 2023–2025, delår 2 2023 (seed 004) ----------------------------


def test_delar_has_the_seeds_actions_per_goal_area(delar: Plan) -> None:
    ids = {
        area.id: [a.id for a in delar.activities if area.id in a.goal_areas]
        for area in delar.goal_areas
    }
    assert ids == {
        "valmaende": ["RF1", "RF3", "RF6", "RF7", "RUN 1", "RUN 2", "RUN 3"],
        "tillgangligt": ["RF8", "RF11", "RUN 4"],
        "nyskapande": ["RF12", "RF13", "RUN 5"],
        "effektiv": [
            "RF28",
            "RF29",
            "RF30",
            "RF31",
            "RF32",
            "RF34",
            "RF35",
            "RUN 6",
            "RUN 7",
            "RUN 8",
            "RUN 9",
        ],
        "medarbetare": ["RF36", "RF38"],
        "ekonomi": ["", ""],
    }


def test_delar_every_action_has_schedule_responsible_and_comment(delar: Plan) -> None:
    for activity in delar.activities:
        assert activity.schedule is not None, activity.key
        assert activity.responsible, activity.key
        follow_up = activity.follow_ups["2023-d2"]
        assert follow_up.status == "green", activity.key
        assert follow_up.comment.strip(), activity.key
    schedules = {str(a.schedule) for a in delar.activities}
    assert schedules == {"2023", "2023-2024", "2024", "Planperioden", "Q4 2023"}


def test_delar_income_statement_is_the_seeds(delar: Plan) -> None:
    economy = delar.economy_for("2023-d2")
    assert economy is not None and economy.income_statement is not None
    statement = economy.income_statement
    assert [c.label for c in statement.columns] == [
        "Augusti 2023",
        "Augusti 2022",
        "Bokslut 2022*",
        "Budget 2023",
        "Prognos 2023",
    ]
    results = [statement.result(c.id) for c in statement.columns]
    assert results == [Decimal(v) for v in ("6.2", "8.0", "1.3", "0.0", "-1.5")]
    assert len(statement.lines) == 17
    assert statement.note == "* Bokslut 2022 exkl Hållbarhet"


def test_delar_investments_and_deviations(delar: Plan) -> None:
    economy = delar.economy_for("2023-d2")
    assert economy is not None
    assert economy.investment_totals() == (Decimal("1.3"), Decimal("0.2"), Decimal("1.3"))
    amounts = [d.amount for d in economy.deviations]
    assert amounts == [Decimal(v) for v in ("-1.0", "0.6", "-0.2", "5.6")]
    assert len(economy.actions) == 4
    assert len(economy.uncertainties) == 2


def test_delar_targets_are_read(delar: Plan) -> None:
    unreadable = "< skillnaden mellan könen"
    targets = [i.target for i in delar.indicators if i.target is not None]
    assert len(targets) == len(delar.indicators) - 1  # the seed cut one target off ("<")
    for target in targets:
        assert target.readable == (target.text != unreadable), target.text
    assert unreadable in {t.text for t in targets}


def test_delar_indicator_outcomes(delar: Plan) -> None:
    by_name = {i.name: i for i in delar.indicators}
    values = {
        name: by_name[name].outcomes["2023-d2"].value
        for name in (
            "Sjukfrånvaro",
            "Rehabiliteringsärenden",
            "Arbetsmiljöavvikelser",
            "Arbetsmiljöavvikelser hot- och våld",
            "Ekonomiskt resultat",
        )
    }
    assert values == {
        "Sjukfrånvaro": Decimal("5.0"),
        "Rehabiliteringsärenden": Decimal(10),
        "Arbetsmiljöavvikelser": Decimal(7),
        "Arbetsmiljöavvikelser hot- och våld": Decimal(2),
        "Ekonomiskt resultat": Decimal("6.2"),
    }
    verdicts = {name: indicator_status(delar, by_name[name], "2023-d2").verdict for name in values}
    assert verdicts == {
        "Sjukfrånvaro": Verdict.MET,
        "Rehabiliteringsärenden": Verdict.MET,
        "Arbetsmiljöavvikelser": Verdict.NOT_MET,
        "Arbetsmiljöavvikelser hot- och våld": Verdict.NOT_MET,
        "Ekonomiskt resultat": Verdict.MET,
    }
    health = by_name["Andel vuxna med självupplevd god hälsa"]
    assert health.every_n_years == 4
    assert not health.outcomes["2023-d2"].measured
    assert health.outcomes["2023-d2"].note == "Mäts 4 e år"


def test_delar_internal_control_at_both_levels(delar: Plan) -> None:
    levels = [c.level for c in delar.internal_control]
    assert levels.count(ControlLevel.REGION) == 2
    assert levels.count(ControlLevel.ADMINISTRATION) == 4
    salaries = delar.internal_control[0]
    assert (salaries.sample_size, salaries.deviations) == (21, 1)


def test_delar_sick_leave_table(delar: Plan) -> None:
    figure, staff = delar.key_figures
    assert staff.title == "Arbetad tid januari-juli"
    assert staff.comments and not figure.comments  # the causes concern the staff, not sick leave
    assert figure.columns == ("2021", "2022", "2023")
    total = figure.rows[0]
    assert total.label == "Total sjukfrånvaro"
    assert total.values == (Decimal("4.0"), Decimal("5.0"), Decimal("5.0"))
    assert {r.group for r in figure.rows} == {"", "Sjukdagar", "Kön", "Ålder", "Långtidsfrånvaro"}


# --- Verksamhetsplan Regional utveckling 2020–2022 (seed 003) -----------------------------


def test_verksamhetsplan_has_the_seeds_units_focus_areas_and_budget() -> None:
    plan = _load(EXAMPLES / "verksamhetsplan-2020.yaml")
    assert [u.name for u in plan.units] == [
        "Ledningsstab",
        "Hållbarhet",
        "Näringsliv och kompetensförsörjning",
        "Samhällsutveckling",
        "Kultur och ideell sektor",
        "Tärna folkhögskola",
        "Välfärd och folkhälsa",
    ]
    assert all(u.description for u in plan.units)
    # The focus areas of 2020: three per unit, five for Ledningsstab.
    focus = Counter(a.units[0] for a in plan.activities if str(a.schedule) == "2020")
    assert focus == {"ledningsstab": 5, **{u.id: 3 for u in plan.units[1:]}}
    assert plan.periods == () and plan.summary and plan.values
    assert next(c.title for c in plan.chapters if not c.unit) == "Inledning"
    budget = plan.budget
    assert budget is not None and budget.scale.value == "tkr"
    assert [c.id for c in budget.columns] == [u.id for u in plan.units] + ["summa"]
    labels = [line.label for line in budget.lines]
    assert labels[:6] == [
        "Regionersättning",
        "Statliga medel",
        "Regionala bidrag",
        "Mobilitetsstöd",
        "Projektmedel",
        "Övriga intäkter",
    ]
    assert budget.result("summa") == 0
