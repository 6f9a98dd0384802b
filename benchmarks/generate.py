"""Realistic synthetic plans of any size, for the benchmarks.

A generated plan looks like a region's action plan (handlingsplan) grown
large: goal areas and vision goals with sub-goals, a dozen units, activities
with Swedish titles and comments as long as those in the seed decks (a title
of one or two lines, a comment of one sentence to a short paragraph), a
status per follow-up period (mostly green, some yellow, a few red, a few not
reported), indicators with targets and outcomes, internal control checks,
the economy and key figures of the latest period, and its narrative.

The same size and seed always give the same plan, so runs compare like with
like::

    python benchmarks/generate.py 1000 --output plan.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

import attrs

from rusmodel import (
    Activity,
    ControlCheck,
    ControlLevel,
    Direction,
    FollowUp,
    GoalArea,
    GoalKind,
    Indicator,
    Investment,
    Narrative,
    Outcome,
    Period,
    Plan,
    SubGoal,
    Trend,
    Unit,
    dump_json,
    dump_yaml,
    parse_schedule,
    parse_target,
)
from rusmodel.testing import sample_plan

__all__ = ["DEFAULT_SEED", "generate_plan"]

DEFAULT_SEED = 20230831

_GOAL_AREAS = (
    ("hallbar", "Hållbar utveckling", "Hållbar", GoalKind.VISION_GOAL),
    ("digital", "Digital omställning", "Digital", GoalKind.VISION_GOAL),
    ("valmaende", "Ett välmående län", "Välmående", GoalKind.GOAL_AREA),
    ("tillganglig", "Ett tillgängligt län", "Tillgängligt", GoalKind.GOAL_AREA),
    ("nyskapande", "Ett nyskapande län", "Nyskapande", GoalKind.GOAL_AREA),
    ("ekonomi", "En stark och uthållig ekonomi", "Ekonomi", GoalKind.GOAL_AREA),
)

_SUB_GOALS = (
    "God och jämlik hälsa",
    "Fler unga i arbete eller studier",
    "Ett rikt kulturliv i hela länet",
    "Hållbara transporter och god tillgänglighet",
    "Ett konkurrenskraftigt näringsliv",
    "Kompetensförsörjning som möter arbetsmarknadens behov",
    "Minskad klimatpåverkan",
    "Digital infrastruktur i hela länet",
)

_UNITS = (
    ("folkhalsa", "Folkhälsa"),
    ("valfard", "Välfärd"),
    ("kultur", "Kultur och ideell sektor"),
    ("tarna", "Tärna folkhögskola"),
    ("hallbarhet", "Hållbarhet"),
    ("naringsliv", "Näringsliv och kompetensförsörjning"),
    ("samhalle", "Samhällsutveckling"),
    ("ledning", "Ledningsstab"),
    ("trafik", "Kollektivtrafikförvaltningen"),
    ("ekonomi", "Ekonomienheten"),
    ("bibliotek", "Regional biblioteksverksamhet"),
    ("museum", "Länsmuseet"),
)

_ROLES = (
    "Folkhälsostrateg",
    "Enhetschef folkhälsa",
    "Kulturstrateg",
    "Enhetschef kultur",
    "Rektor",
    "Hållbarhetsstrateg",
    "Näringslivsutvecklare",
    "Regional utvecklingsdirektör",
    "Trafikplanerare",
    "Controller",
    "Utvecklingsledare",
    "Samordnare",
    "Projektledare",
    "Biblioteksutvecklare",
    "FD/VC/EC",
    "RUF/Folkhälsa",
)

_VERBS = (
    "Ta fram",
    "Genomföra",
    "Utveckla",
    "Samordna",
    "Kartlägga",
    "Stödja",
    "Driva",
    "Initiera",
    "Fortsätta utveckla",
    "Följa upp",
    "Leda arbetet med",
    "Förstärka",
)

_OBJECTS = (
    "en länsgemensam handlingsplan för psykisk hälsa",
    "samverkan kring digitaliseringens möjligheter och digital infrastruktur",
    "kompetensinsatser för att stärka folkbibliotekens digitala kompetens",
    "små och medelstora företag i den digitala omställningen",
    "omställningen till en nära vård",
    "länsgemensamma målindikatorer för demensvård",
    "faktorer för hälsofrämjande boende, närmiljö och fritid",
    "en länsdialog kring hälsofrämjande och inkluderande arbetsliv",
    "projektet hälsoinsatser för nyanlända",
    "det fallförebyggande arbetet",
    "insatser utifrån miljöprogrammet",
    "arbetet med Agenda 2030",
    "regionens hållbarhetsprogram 2023–2030",
    "transporthandlingsplanen",
    "bredbandsutbyggnaden i länets landsbygder",
    "den regionala kulturplanen",
    "regionala nätverk inom kulturområdet",
    "ett brett pedagogiskt utvecklingsarbete kring länets historia",
    "attraktiv folkbildning",
    "uppföljning och analyser av näringslivets utveckling",
    "gång- och cykelstrategin",
    "samverkan med civilsamhället",
)

_COMPLEMENTS = (
    "i samverkan med länets kommuner",
    "inom ramen för den regionala utvecklingsstrategin",
    "med fokus på barn och unga",
    "tillsammans med näringslivet",
    "i dialog med länsstyrelsen",
    "utifrån CEF2-medel och statlig medfinansiering",
    "för hela planperioden",
    "i hela länet",
)

_COMMENT_SENTENCES = (
    "Arbetet fortlöper enligt plan.",
    "Projektet fortlöper i samverkan med universitetet och beviljade medel för år två har kommit.",
    "Arbetet är klart för att kunna gå in i beslutsprocessen.",
    "Något försenat på grund av vakanser under våren.",
    "Remissen skickas i oktober; svar väntas före årsskiftet.",
    "Handlingsplanen är en samlad portfölj över aktiviteter inom regional utveckling.",
    "Arbetet fortlöper med viss fördröjning då verksamheten haft begränsad tillgång "
    "till förvaltningarna.",
    "Uppdraget kopplat till uppföljningen av RUS är fortsatt oklart.",
    "Överenskommelse är tecknad med samtliga kommuner i länet.",
    "Kartläggningen är stoppad i väntan på finansiering.",
    "Frågan lyfts till nämnden i november.",
    "En extern utvärdering påbörjas under hösten.",
    "Dialogmöten har hållits med länets kommuner och regionens förvaltningar.",
    "Arbetet samordnas med det nationella uppdraget inom området.",
    "Medel har sökts från Europeiska regionala utvecklingsfonden.",
    "Rapporten presenteras för regionala utvecklingsnämnden i december.",
)

_INDICATOR_NAMES = (
    ("Andel vuxna med självupplevd god hälsa", "%"),
    ("Sjukfrånvaro", "%"),
    ("Tillgång till snabbt bredband", "%"),
    ("Besökare på länsmuseet", "besökare"),
    ("Andel unga som varken arbetar eller studerar", "%"),
    ("Antal resor med kollektivtrafiken", "resor"),
    ("Växthusgasutsläpp per invånare", "ton"),
    ("Andel elever med gymnasieexamen inom fyra år", "%"),
    ("Nyföretagande per 1 000 invånare", "st"),
    ("Förvärvsfrekvens", "%"),
)

_TARGETS = ("> 69%", "5,0 %", ">95% Hushåll / >89% Företag", "Öka", "Behålla 102", "< 11%-enheter")

_SCHEDULES = ("2023", "2023-2024", "Planperioden", "Q4 2023", "2024", "2023-2025")


@attrs.frozen
class _Words:
    """The random source and the text it makes."""

    rng: random.Random

    def title(self) -> str:
        verb = self.rng.choice(_VERBS)
        text = f"{verb} {self.rng.choice(_OBJECTS)}"
        if self.rng.random() < 0.6:
            text += " " + self.rng.choice(_COMPLEMENTS)
        return text + "."

    def comment(self) -> str:
        count = self.rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        sentences = self.rng.sample(_COMMENT_SENTENCES, count)
        if count > 2 and self.rng.random() < 0.3:
            return " ".join(sentences[:2]) + "\n" + " ".join(sentences[2:])
        return " ".join(sentences)


def _periods() -> tuple[Period, ...]:
    """Årsbokslut 2022, then the sample plan's delår 1 and delår 2 of 2023."""
    first = Period(id="2022-ar", name="Årsbokslut 2022", as_of=dt.date(2022, 12, 31))
    return (first, *sample_plan().periods)


def _goal_areas(rng: random.Random) -> tuple[GoalArea, ...]:
    areas = []
    for index, (area_id, name, short, kind) in enumerate(_GOAL_AREAS):
        subs: tuple[SubGoal, ...] = ()
        if kind is GoalKind.GOAL_AREA:
            names = rng.sample(_SUB_GOALS, 2)
            subs = tuple(SubGoal(name=n, prioritised=i == 0) for i, n in enumerate(names))
        areas.append(
            GoalArea(
                id=area_id,
                name=name,
                short_name=short,
                kind=kind,
                description=f"Målområde {index + 1} i den regionala utvecklingsstrategin.",
                sub_goals=subs,
            )
        )
    return tuple(areas)


def _follow_ups(words: _Words, periods: tuple[Period, ...]) -> dict[str, FollowUp]:
    rng = words.rng
    # A few activities start during the plan and have no follow-up in the first periods.
    start = rng.choices((0, 1, 2), weights=(90, 7, 3))[0]
    follow_ups: dict[str, FollowUp] = {}
    status: str | None = None
    for period in periods[start:]:
        # Most statuses stay from one follow-up to the next, as in the seed decks.
        if status is None or rng.random() < 0.2:
            status = rng.choices(("green", "yellow", "red", None), weights=(70, 20, 7, 3))[0]
        comment = words.comment() if status is not None or rng.random() < 0.5 else ""
        follow_ups[period.id] = FollowUp(status=status, comment=comment)
    return follow_ups


def _activities(words: _Words, count: int, periods: tuple[Period, ...]) -> tuple[Activity, ...]:
    rng = words.rng
    area_ids = [g[0] for g in _GOAL_AREAS]
    unit_ids = [u[0] for u in _UNITS]
    activities = []
    for n in range(count):
        kind = rng.random()
        ident = f"RF{n + 1}" if kind < 0.3 else (f"RUN {n + 1}" if kind < 0.4 else f"A{n + 1}")
        activities.append(
            Activity(
                id=ident,
                title=words.title(),
                goal_areas=tuple(rng.sample(area_ids, 2 if rng.random() < 0.2 else 1)),
                units=tuple(rng.sample(unit_ids, 2 if rng.random() < 0.15 else 1)),
                responsible=tuple(rng.sample(_ROLES, 2 if rng.random() < 0.25 else 1)),
                schedule=parse_schedule(rng.choice(_SCHEDULES)),
                follow_ups=_follow_ups(words, periods),
            )
        )
    return tuple(activities)


def _value(rng: random.Random, unit: str) -> Decimal:
    if unit == "%":
        return Decimal(rng.randint(20, 990)) / 10
    return Decimal(rng.randint(100, 50_000))


def _indicators(words: _Words, count: int, periods: tuple[Period, ...]) -> tuple[Indicator, ...]:
    rng = words.rng
    area_ids = [g[0] for g in _GOAL_AREAS]
    indicators = []
    for n in range(count):
        name, unit = _INDICATOR_NAMES[n % len(_INDICATOR_NAMES)]
        target_text = rng.choice(_TARGETS)
        target = parse_target(target_text)
        categories = sorted({p.category for p in target.parts if p.category})
        every = rng.choices((1, 3, 4), weights=(80, 10, 10))[0]
        outcomes: dict[str, Outcome] = {}
        for period in periods:
            if every > 1 and rng.random() < 0.5:
                outcomes[period.id] = Outcome(measured=False, note=f"Mäts {every} e år")
            elif categories:
                outcomes[period.id] = Outcome(
                    values={c: _value(rng, "%") for c in categories},
                    trend=rng.choice((Trend.POSITIVE, Trend.NEGATIVE, Trend.UNCHANGED)),
                )
            else:
                outcomes[period.id] = Outcome(value=_value(rng, unit))
        indicators.append(
            Indicator(
                id=f"I{n + 1}",
                name=f"{name} ({n // len(_INDICATOR_NAMES) + 1})",
                goal_area=area_ids[n % len(area_ids)],
                unit=unit,
                target=target,
                better=Direction.LOWER if name.startswith(("Sjuk", "Växt")) else Direction.HIGHER,
                every_n_years=every,
                target_year=2023,
                source="Kolada" if rng.random() < 0.5 else "SCB",
                outcomes=outcomes,
            )
        )
    return tuple(indicators)


def _controls(words: _Words, count: int, period: str) -> tuple[ControlCheck, ...]:
    rng = words.rng
    areas = (
        "Felaktiga löneutbetalningar",
        "Representation",
        "Attest av leverantörsfakturor",
        "Efterlevnad av delegationsordningen",
        "Hantering av personuppgifter",
        "Direktupphandlingar",
    )
    checks = []
    for n in range(count):
        sample = rng.randint(10, 60)
        deviations = rng.choice((0, 0, 1, 2))
        checks.append(
            ControlCheck(
                period=period,
                level=ControlLevel.REGION if n % 2 == 0 else ControlLevel.ADMINISTRATION,
                area=f"{areas[n % len(areas)]} ({n + 1})",
                regulation="Instruktioner för attest",
                method="Stickprovskontroll",
                result=f"{sample - deviations} av {sample} underlag utan anmärkning.",
                actions="Information till berörd verksamhet." if deviations else "",
                sample_size=sample,
                deviations=deviations,
            )
        )
    return tuple(checks)


def generate_plan(activities: int, seed: int = DEFAULT_SEED) -> Plan:
    """A plan with ``activities`` activities; the same arguments give the same plan.

    Indicators grow with the plan (one per 25 activities, at least six),
    internal control checks too (one per 500, at least four); the economy,
    key figures and narrative are those of the latest period.
    """
    rng = random.Random(seed)
    words = _Words(rng)
    sample = sample_plan()
    periods = _periods()
    latest = periods[-1].id
    economy = sample.economy[0]
    investments = tuple(
        Investment(
            project=f"Investeringsprojekt {n + 1}",
            budget=Decimal(rng.randint(1, 40)) / 10,
            outcome=Decimal(rng.randint(0, 30)) / 10,
            forecast=Decimal(rng.randint(1, 40)) / 10,
        )
        for n in range(activities // 1000)
    )
    economy = attrs.evolve(economy, investments=economy.investments + investments)
    narrative = Narrative(
        period=latest,
        summary="Arbetet går i stort enligt plan. " + words.comment(),
        highlights=tuple(words.comment() for _ in range(4)),
        upcoming=tuple(words.title() for _ in range(3)),
    )
    return Plan(
        title="Handlingsplan för den regionala utvecklingsstrategin 2023–2025",
        organisation="Region Provlän",
        first_year=2023,
        last_year=2025,
        committee="Regionala utvecklingsnämnden",
        vision="Ett livskraftigt län – för alla som bor här",
        units=tuple(Unit(id=i, name=n) for i, n in _UNITS),
        goal_areas=_goal_areas(rng),
        periods=periods,
        activities=_activities(words, activities, periods),
        indicators=_indicators(words, max(6, activities // 25), periods),
        internal_control=_controls(words, max(4, activities // 500), latest),
        economy=(economy,),
        key_figures=sample.key_figures,
        narratives=(narrative,),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("activities", type=int, help="how many activities the plan has")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, help="a .yaml or .json file (default: stdout)")
    args = parser.parse_args(argv)
    plan = generate_plan(args.activities, args.seed)
    json_out = args.output is not None and args.output.suffix.lower() == ".json"
    text = dump_json(plan) if json_out else dump_yaml(plan)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
