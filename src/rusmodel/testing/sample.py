"""The sample plan: a small plan holding every part of the model, to test formats.

Every check of :mod:`rusmodel.testing` writes it when given no plan of its
own, so each format is tried on the same statuses, comments, targets,
statements and key figures.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rusmodel.model import (
    TRAFFIC_LIGHT,
    Activity,
    Column,
    ColumnKind,
    ControlCheck,
    ControlLevel,
    Deviation,
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
    Statement,
    StatementLine,
    SubGoal,
    Trend,
    Unit,
    parse_schedule,
)
from rusmodel.targets import Direction, parse_target

__all__ = ["sample_plan"]


def _d(text: str) -> Decimal:
    return Decimal(text)


def _statement() -> Statement:
    columns = (
        Column(id="utfall", label="Augusti 2023", kind=ColumnKind.OUTCOME),
        Column(id="utfall_fg", label="Augusti 2022", kind=ColumnKind.PREVIOUS_OUTCOME),
        Column(id="budget", label="Budget 2023", kind=ColumnKind.BUDGET),
        Column(id="prognos", label="Prognos 2023", kind=ColumnKind.FORECAST),
    )

    def line(label: str, kind: LineKind, *values: str) -> StatementLine:
        return StatementLine(
            label=label,
            kind=kind,
            values={c.id: _d(v) for c, v in zip(columns, values, strict=True)},
        )

    return Statement(
        title="Resultaträkning",
        scale=MoneyScale.MNKR,
        columns=columns,
        lines=(
            line("Regionersättning", LineKind.REVENUE, "129.2", "120.4", "167.0", "212.1"),
            line("Övriga intäkter", LineKind.REVENUE, "12.5", "11.0", "18.0", "19.3"),
            line("Summa intäkter", LineKind.REVENUE_TOTAL, "141.7", "131.4", "185.0", "231.4"),
            line("Personalkostnader", LineKind.COST, "-60.3", "-58.1", "-95.9", "-92.4"),
            line("Övriga kostnader", LineKind.COST, "-70.1", "-66.0", "-88.6", "-137.5"),
            line("Summa kostnader", LineKind.COST_TOTAL, "-130.4", "-124.1", "-184.5", "-229.9"),
            line("Resultat", LineKind.RESULT, "11.3", "7.3", "0.5", "1.5"),
        ),
        note="* Utfall 2022 exkl. Hållbarhet",
    )


def _budget_by_unit() -> Statement:
    columns = (
        Column(id="folkhalsa", label="Folkhälsa"),
        Column(id="kultur", label="Kultur och ideell sektor"),
    )
    return Statement(
        title="Budget per verksamhet",
        scale=MoneyScale.TKR,
        columns=columns,
        lines=(
            StatementLine(
                label="Intäkter",
                kind=LineKind.REVENUE,
                values={"folkhalsa": _d("4200"), "kultur": _d("61300")},
            ),
            StatementLine(
                label="Kostnader",
                kind=LineKind.COST,
                values={"folkhalsa": _d("-14800"), "kultur": _d("-98750")},
            ),
            StatementLine(
                label="Nettokostnad",
                kind=LineKind.RESULT,
                values={"folkhalsa": _d("-10600"), "kultur": _d("-37450")},
            ),
        ),
    )


def sample_plan() -> Plan:
    """A small plan that holds every part of the model, for testing formats.

    Two periods (delår 1 and delår 2 2023); a vision goal and two goal areas
    with sub-goals; activities with and without ids, in one or two goal areas,
    with every status, one not yet reported, multi-line Swedish comments and a
    comment beginning with ``=`` (which a spreadsheet must not take for a
    formula); indicators with plain, per-category and unreadable targets, one
    not measured this year; internal control at both levels; an economy with
    an income statement, a budget per unit, investments and deviations; key
    figures with a breakdown; and the period's narrative. It has no errors.
    """
    d1, d2 = "2023-d1", "2023-d2"
    return Plan(
        title="Verksamhetsplan Provregionen 2023–2025",
        organisation="Region Provlän",
        first_year=2023,
        last_year=2025,
        committee="Regionala utvecklingsnämnden",
        vision="Ett livskraftigt län – för alla som bor här",
        scale=TRAFFIC_LIGHT,
        units=(
            Unit(id="folkhalsa", name="Folkhälsa"),
            Unit(id="kultur", name="Kultur och ideell sektor"),
            Unit(id="tarna", name="Tärna folkhögskola"),
        ),
        goal_areas=(
            GoalArea(
                id="hallbar",
                name="Hållbar utveckling",
                kind=GoalKind.VISION_GOAL,
                description="Ekologisk, social och ekonomisk hållbarhet i allt vi gör.",
            ),
            GoalArea(
                id="valmaende",
                name="Ett välmående län",
                short_name="Välmående",
                sub_goals=(
                    SubGoal(name="God och jämlik hälsa", prioritised=True),
                    SubGoal(name="Fler unga i arbete eller studier"),
                ),
            ),
            GoalArea(
                id="nyskapande",
                name="Ett nyskapande län",
                short_name="Nyskapande",
                sub_goals=(SubGoal(name="Ett rikt kulturliv i hela länet"),),
            ),
        ),
        periods=(
            Period(id=d1, name="Delår 1 2023", as_of=dt.date(2023, 4, 30)),
            Period(
                id=d2,
                name="Delår 2 2023",
                as_of=dt.date(2023, 8, 31),
                presented=dt.date(2023, 9, 26),
            ),
        ),
        activities=(
            Activity(
                id="RF1",
                title="Ta fram en länsgemensam handlingsplan för psykisk hälsa.",
                goal_areas=("valmaende",),
                units=("folkhalsa",),
                responsible=("Folkhälsostrateg", "Enhetschef folkhälsa"),
                schedule=parse_schedule("2023-2024"),
                follow_ups={
                    d1: FollowUp(status="green", comment="Arbetet pågår enligt plan."),
                    d2: FollowUp(
                        status="yellow",
                        comment="Något försenat.\nRemissen skickas i oktober; "
                        "svar väntas före årsskiftet.",
                    ),
                },
            ),
            Activity(
                id="RUN 4",
                title="Utveckla samverkan med civilsamhället för hållbar kultur.",
                goal_areas=("hallbar", "nyskapande"),
                units=("kultur",),
                responsible=("Enhetschef kultur",),
                schedule=parse_schedule("Planperioden"),
                follow_ups={
                    d1: FollowUp(status="green", comment="Överenskommelse tecknad."),
                    d2: FollowUp(status="green", comment="Överenskommelse tecknad."),
                },
            ),
            Activity(
                title="Kartlägg tillgången till kulturskola i länets kommuner.",
                goal_areas=("nyskapande",),
                units=("kultur", "tarna"),
                responsible=("Kulturstrateg",),
                schedule=parse_schedule("Q4 2023"),
                follow_ups={
                    d2: FollowUp(
                        status="red",
                        comment="=Kartläggningen är stoppad i väntan på finansiering.\n"
                        "Frågan lyfts till nämnden i november.",
                    ),
                },
            ),
            Activity(
                title="Erbjud länets unga sommarjobb inom kulturen.",
                goal_areas=("valmaende",),
                units=("tarna",),
                responsible=("Rektor",),
                schedule=parse_schedule("2023"),
                follow_ups={d1: FollowUp(), d2: FollowUp(status=None, comment="")},
            ),
        ),
        indicators=(
            Indicator(
                id="I1",
                name="Andel vuxna med självupplevd god hälsa",
                goal_area="valmaende",
                unit="%",
                target=parse_target("> 69%"),
                better=Direction.HIGHER,
                every_n_years=4,
                target_year=2023,
                source="Hälsa på lika villkor",
                outcomes={d2: Outcome(measured=False, note="Mäts 4 e år")},
            ),
            Indicator(
                name="Sjukfrånvaro",
                goal_area="valmaende",
                unit="%",
                target=parse_target("5,0 %"),
                better=Direction.LOWER,
                outcomes={
                    d1: Outcome(value=_d("5.2")),
                    d2: Outcome(value=_d("5.0"), note="Ackumulerad januari–juli"),
                },
            ),
            Indicator(
                name="Tillgång till snabbt bredband",
                goal_area="nyskapande",
                unit="%",
                target=parse_target(">95% Hushåll / >89% Företag"),
                outcomes={
                    d2: Outcome(
                        values={"Hushåll": _d("96.1"), "Företag": _d("87.4")},
                        trend=Trend.POSITIVE,
                    )
                },
            ),
            Indicator(
                name="Besökare på länsmuseet",
                goal_area="nyskapande",
                unit="besökare",
                target=parse_target("Öka"),
                outcomes={d1: Outcome(value=_d("10400")), d2: Outcome(value=_d("19850"))},
            ),
            Indicator(
                name="Jämställd fördelning av kulturstöd",
                goal_area="hallbar",
                target=parse_target("< skillnaden mellan könen"),
                better=Direction.NONE,
            ),
        ),
        internal_control=(
            ControlCheck(
                period=d2,
                level=ControlLevel.REGION,
                area="Felaktiga löneutbetalningar",
                regulation="Instruktioner för attest",
                method="Stickprovskontroll",
                result="20 av 21 underlag signerade.",
                actions="Information till berörd verksamhet.",
                sample_size=21,
                deviations=1,
            ),
            ControlCheck(
                period=d2,
                level=ControlLevel.ADMINISTRATION,
                area="Representation",
                method="Genomgång av samtliga fakturor",
                result="Inga avvikelser.",
            ),
        ),
        economy=(
            Economy(
                period=d2,
                scale=MoneyScale.MNKR,
                income_statement=_statement(),
                budget_by_unit=_budget_by_unit(),
                investments=(
                    Investment(
                        project="Datorutrustning",
                        budget=_d("0.2"),
                        outcome=_d("0.0"),
                        forecast=_d("0.2"),
                    ),
                    Investment(project="Inventarier Tärna", budget=_d("1.5"), forecast=_d("1.1")),
                ),
                deviations=(
                    Deviation(text="Höga kostnader för mobilitetsstöd", amount=_d("-1.0")),
                    Deviation(text="Vakanta tjänster", amount=_d("1.6")),
                ),
                forecast_comment="Prognosen är ett överskott på 1,5 mnkr.",
                actions=("Översyn av mobilitetsstödet.",),
                uncertainties=("Statsbidragens storlek 2024.",),
                comments=("Länsmuseet har haft rekordmånga besökare.",),
            ),
        ),
        key_figures=(
            KeyFigure(
                period=d2,
                title="Sjukfrånvaro, ackumulerad januari–juli",
                unit="%",
                columns=("2021", "2022", "2023"),
                rows=(
                    KeyFigureRow(
                        label="Total sjukfrånvaro", values=(_d("4.0"), _d("5.0"), _d("5.0"))
                    ),
                    KeyFigureRow(
                        label="Kvinnor", group="Kön", values=(_d("4.3"), _d("5.6"), _d("5.0"))
                    ),
                    KeyFigureRow(label="Män", group="Kön", values=(_d("3.1"), None, _d("4.9"))),
                ),
                note="2021 och 2022 inkl. Hållbarhet",
                comments=("Sjukfrånvaron är oförändrad mot 2022.",),
            ),
        ),
        narratives=(
            Narrative(
                period=d2,
                summary="Arbetet går i stort enligt plan.",
                highlights=("Länsmuseet har haft nära dubbelt så många besökare som 2022.",),
                upcoming=("Remissversion av RUS skrivs fram.", "Ny kulturplan tas fram."),
            ),
        ),
    )
