"""Reading targets as written in follow-up reports, and judging outcomes against them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rusmodel.targets import (
    Comparison,
    Direction,
    PartVerdict,
    Target,
    TargetPart,
    Verdict,
    judge,
    overall,
    parse_target,
)

D = Decimal
GT, GE, LT, LE, EQ = Comparison.GT, Comparison.GE, Comparison.LT, Comparison.LE, Comparison.EQ
KEEP, INCREASE, DECREASE = Comparison.KEEP, Comparison.INCREASE, Comparison.DECREASE
MET, NOT_MET, UNKNOWN = Verdict.MET, Verdict.NOT_MET, Verdict.UNKNOWN


def part(
    comparison: Comparison,
    value: str | None = None,
    unit: str = "",
    category: str = "",
    by_year: int | None = None,
) -> TargetPart:
    return TargetPart(comparison, None if value is None else D(value), unit, category, by_year)


SINGLE_PART = [
    ("> 69%", part(GT, "69", "%")),
    ("< 11%-enheter", part(LT, "11", "%-enheter")),
    (">1,9%", part(GT, "1.9", "%")),
    (">41%", part(GT, "41", "%")),
    (">78,4%", part(GT, "78.4", "%")),
    ("> 30%", part(GT, "30", "%")),
    ("> 81,5", part(GT, "81.5")),
    ("> 10 st", part(GT, "10", "st")),
    ("Behålla 102", part(KEEP, "102")),
    ("Behålla 0 st", part(KEEP, "0", "st")),
    ("Öka", part(INCREASE)),
    ("Minska", part(DECREASE)),
    ("> 200 736 besökare", part(GT, "200736", "besökare")),
    ("> 200\u00a0736 besökare", part(GT, "200736", "besökare")),
    ("> 200\u202f736 besökare", part(GT, "200736", "besökare")),
    ("Minska totalt 50% till 2030", part(DECREASE, "50", "%", by_year=2030)),
    ("100%", part(EQ, "100", "%")),
    ("5,0 %", part(EQ, "5.0", "%")),
    ("0 mnkr", part(EQ, "0", "mnkr")),
    ("+5", part(INCREASE, "5")),
    ("+5 st", part(INCREASE, "5", "st")),
    ("Öka med 5", part(INCREASE, "5")),
    ("Högre än 75,8 %", part(GT, "75.8", "%")),
    ("Lägre än 5", part(LT, "5")),
    ("≥ 80%", part(GE, "80", "%")),
    (">= 80%", part(GE, "80", "%")),
    ("≤ 3", part(LE, "3")),
    ("<= 3,5 st", part(LE, "3.5", "st")),
    ("Keep 102", part(KEEP, "102")),
    ("Increase", part(INCREASE)),
    ("Decrease 50% by 2030", part(DECREASE, "50", "%", by_year=2030)),
    ("Higher than 3", part(GT, "3")),
    ("Lower than 2.5", part(LT, "2.5")),
    ("  > 69%  ", part(GT, "69", "%")),
    ("> 2 500 000 kr", part(GT, "2500000", "kr")),
    ("> 80% till 2030", part(GT, "80", "%", by_year=2030)),
    ("> 5 kr/invånare", part(GT, "5", "kr/invånare")),
    ("< 40 m2", part(LT, "40", "m2")),
    (">95% Hushåll", part(GT, "95", "%", "Hushåll")),
    ("Behålla", part(KEEP)),
]

MULTI_PART = [
    (
        ">95% Hushåll / >89% Företag",
        (part(GT, "95", "%", "Hushåll"), part(GT, "89", "%", "Företag")),
    ),
    (
        ">95% Hushåll\n>89% Företag",
        (part(GT, "95", "%", "Hushåll"), part(GT, "89", "%", "Företag")),
    ),
    (
        "<51,4% Offentliga\n<41,2% Privata",
        (part(LT, "51.4", "%", "Offentliga"), part(LT, "41.2", "%", "Privata")),
    ),
    (
        "Ekologiskt: 30%\nKrav : 20%",
        (part(EQ, "30", "%", "Ekologiskt"), part(EQ, "20", "%", "Krav")),
    ),
    (
        "Ekologiskt: 30% / Krav: 20%",
        (part(EQ, "30", "%", "Ekologiskt"), part(EQ, "20", "%", "Krav")),
    ),
    (
        "<51,4% Offentliga / <41,2% Privata",
        (part(LT, "51.4", "%", "Offentliga"), part(LT, "41.2", "%", "Privata")),
    ),
    (
        "Hushåll: >95%\r\nFöretag: >89%\r\n",
        (part(GT, "95", "%", "Hushåll"), part(GT, "89", "%", "Företag")),
    ),
]

UNREADABLE = [
    "< skillnaden mellan könen",
    "<",
    "",
    "   ",
    "Bra",
    "hello world 5",
    "Ökar",  # a report of what happened, not a target
    "> 5 bättre än riket",
    "> 10 kr per invånare",
    "Mål: > 80%",  # the label is not a category
    "Till 2030: > 80%",
    "> 5 / < 10",  # two parts that no category tells apart
    ">95% Hushåll / >89% hushåll",  # the same category twice
    "> 1,9,3",
    "5.",
    "Öka till 80%",
    "> 5 till 1066",
]


@pytest.mark.parametrize(("text", "expected"), SINGLE_PART)
def test_a_single_target_is_read_with_its_meaning(text: str, expected: TargetPart) -> None:
    target = parse_target(text)
    assert target.parts == (expected,)
    assert target.readable


@pytest.mark.parametrize(("text", "expected"), SINGLE_PART)
def test_values_are_decimals(text: str, expected: TargetPart) -> None:
    for found in parse_target(text).parts:
        assert found.value is None or type(found.value) is Decimal


def test_a_decimal_comma_keeps_the_written_precision() -> None:
    (found,) = parse_target("5,0 %").parts
    assert found.value is not None
    assert str(found.value) == "5.0"


@pytest.mark.parametrize(("text", "expected"), MULTI_PART)
def test_a_target_per_category_has_a_part_per_category(
    text: str, expected: tuple[TargetPart, ...]
) -> None:
    assert parse_target(text).parts == expected


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_targets_have_no_parts(text: str) -> None:
    target = parse_target(text)
    assert target.parts == ()
    assert not target.readable


@pytest.mark.parametrize(
    "text", [t for t, _ in SINGLE_PART] + [t for t, _ in MULTI_PART] + UNREADABLE
)
def test_the_text_is_kept_exactly(text: str) -> None:
    target = parse_target(text)
    assert target.text == text
    assert str(target) == text


@given(st.text())
def test_any_text_is_read_without_error_and_kept(text: str) -> None:
    target = parse_target(text)
    assert target.text == text
    assert target.readable == bool(target.parts)
    for found in target.parts:
        assert found.value is None or isinstance(found.value, Decimal)


@given(
    st.sampled_from([">", "<", ">=", "<=", "≥", "≤", ""]),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["", "%", "st", "besökare"]),
)
def test_any_written_number_is_read_back(operator: str, number: Decimal, unit: str) -> None:
    text = f"{operator} {str(number).replace('.', ',')} {unit}"
    (found,) = parse_target(text).parts
    assert found.value == number
    assert found.unit == unit


# --- judging -----------------------------------------------------------------------------------


def verdicts(
    text: str,
    value: str | None,
    direction: Direction = Direction.HIGHER,
    *,
    previous: Decimal | None = None,
) -> list[Verdict]:
    target = parse_target(text)
    assert target.readable, text
    outcome = None if value is None else D(value)
    found = judge(target, outcome, previous=previous, direction=direction)
    return [v.verdict for v in found]


@pytest.mark.parametrize(
    ("text", "value", "direction", "expected"),
    [
        ("< 23 st", "10", Direction.LOWER, MET),
        ("< 6 st", "7", Direction.LOWER, NOT_MET),
        ("< 6 st", "6", Direction.LOWER, NOT_MET),
        ("> 69%", "69", Direction.HIGHER, NOT_MET),
        ("> 69%", "69.1", Direction.HIGHER, MET),
        (">= 80%", "80", Direction.HIGHER, MET),
        ("≤ 3", "3", Direction.LOWER, MET),
        ("≤ 3", "3.01", Direction.LOWER, NOT_MET),
        ("> 200 736 besökare", "210000", Direction.HIGHER, MET),
        # A bare value is a floor, a ceiling or a point, after the indicator's direction.
        ("100%", "100", Direction.HIGHER, MET),
        ("100%", "98", Direction.HIGHER, NOT_MET),
        ("5,0 %", "5.0", Direction.LOWER, MET),
        ("5,0 %", "4.2", Direction.LOWER, MET),
        ("5,0 %", "5.1", Direction.LOWER, NOT_MET),
        ("0 mnkr", "0", Direction.NONE, MET),
        ("0 mnkr", "1", Direction.NONE, NOT_MET),
        # Keeping a level is met when the outcome is no worse than it.
        ("Behålla 102", "104", Direction.HIGHER, MET),
        ("Behålla 102", "101", Direction.HIGHER, NOT_MET),
        ("Behålla 0 st", "2", Direction.LOWER, NOT_MET),
        ("Behålla 0 st", "0", Direction.LOWER, MET),
        ("Behålla 102", "103", Direction.NONE, NOT_MET),
        # A target with a year is not failed by an outcome before the year.
        ("> 80% till 2030", "85", Direction.HIGHER, MET),
        ("> 80% till 2030", "70", Direction.HIGHER, UNKNOWN),
        # A long-term decrease is measured against a level the target does not give.
        ("Minska totalt 50% till 2030", "10", Direction.LOWER, UNKNOWN),
    ],
)
def test_an_outcome_is_judged_against_the_target(
    text: str, value: str, direction: Direction, expected: Verdict
) -> None:
    assert verdicts(text, value, direction) == [expected]


def test_a_comparison_does_not_depend_on_the_direction() -> None:
    # "< 6" is explicit: an indicator wrongly marked higher-is-better still fails at 7.
    assert verdicts("< 6 st", "7", Direction.HIGHER) == [NOT_MET]


def test_each_category_is_judged_on_its_own_outcome() -> None:
    target = parse_target(">95% Hushåll / >89% Företag")
    found = judge(target, None, values={"Hushåll": D(96), "Företag": D(85)})
    assert found == (PartVerdict("Hushåll", MET), PartVerdict("Företag", NOT_MET))
    assert overall(found) is NOT_MET


def test_categories_are_matched_regardless_of_case_and_spaces() -> None:
    target = parse_target("Ekologiskt: 30%\nKrav : 20%")
    found = judge(target, None, values={" ekologiskt ": D(31), "KRAV": D(25)})
    assert found == (PartVerdict("Ekologiskt", MET), PartVerdict("Krav", MET))
    assert overall(found) is MET


def test_a_category_without_an_outcome_is_unknown() -> None:
    target = parse_target("<51,4% Offentliga\n<41,2% Privata")
    # The overall value is not an outcome for a category.
    found = judge(target, D(10), values={"Offentliga": D(50)}, direction=Direction.LOWER)
    assert found == (PartVerdict("Offentliga", MET), PartVerdict("Privata", UNKNOWN))
    assert overall(found) is UNKNOWN


@pytest.mark.parametrize(
    ("text", "value", "previous", "expected"),
    [
        ("Öka", "12", "10", MET),
        ("Öka", "10", "10", NOT_MET),
        ("Öka", "9", "10", NOT_MET),
        ("Increase", "11", "10", MET),
        ("Minska", "9", "10", MET),
        ("Minska", "11", "10", NOT_MET),
        ("Öka", "12", None, UNKNOWN),
        ("+5", "15", "10", MET),  # increase by 5
        ("+5", "14", "10", NOT_MET),
        ("+5", "15", None, UNKNOWN),
        ("Öka med 5", "16", "10", MET),
        ("Minska med 2", "7", "10", MET),
        ("Minska med 2", "9", "10", NOT_MET),
        ("Öka med 5%", "16", "10", UNKNOWN),  # relative or in points: not guessed
        ("Minska", "9", None, UNKNOWN),
        ("Behålla", "10", "10", MET),
        ("Behålla", "9", "10", NOT_MET),
    ],
)
def test_a_direction_is_judged_against_the_previous_outcome(
    text: str, value: str, previous: str | None, expected: Verdict
) -> None:
    before = None if previous is None else D(previous)
    assert verdicts(text, value, previous=before) == [expected]


def test_a_direction_per_category_uses_the_previous_outcome_of_that_category() -> None:
    target = parse_target("Hushåll: Öka\nFöretag: Minska")
    found = judge(
        target,
        None,
        values={"Hushåll": D(5), "Företag": D(5)},
        previous_values={"hushåll": D(4), "företag": D(4)},
    )
    assert found == (PartVerdict("Hushåll", MET), PartVerdict("Företag", NOT_MET))


def test_the_direction_of_the_indicator_does_not_turn_a_decrease_around() -> None:
    # "Minska" asks for a lower outcome even where a higher value is usually better.
    assert verdicts("Minska", "9", Direction.HIGHER, previous=D(10)) == [MET]


def test_a_missing_outcome_is_unknown() -> None:
    assert verdicts("> 69%", None) == [UNKNOWN]
    assert verdicts("Öka", None, previous=D(1)) == [UNKNOWN]


def test_an_outcome_that_is_not_a_number_is_unknown() -> None:
    assert verdicts("> 69%", "NaN") == [UNKNOWN]
    assert verdicts("Öka", "5", previous=D("NaN")) == [UNKNOWN]


def test_an_unreadable_target_gives_no_verdicts() -> None:
    target = parse_target("< skillnaden mellan könen")
    assert judge(target, D(1), values={"x": D(1)}, previous=D(0)) == ()
    assert overall(()) is UNKNOWN


def test_a_target_made_by_hand_is_judged_by_its_parts() -> None:
    target = Target("anything", (part(GE, "3", category="A"), part(LE, "3", category="B")))
    found = judge(target, None, values={"A": D(3), "B": D(4)})
    assert [v.verdict for v in found] == [MET, NOT_MET]


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ([], UNKNOWN),
        ([MET], MET),
        ([MET, MET], MET),
        ([MET, NOT_MET], NOT_MET),
        ([UNKNOWN, NOT_MET], NOT_MET),
        ([MET, UNKNOWN], UNKNOWN),
        ([UNKNOWN], UNKNOWN),
    ],
)
def test_the_overall_verdict(found: list[Verdict], expected: Verdict) -> None:
    assert overall([PartVerdict(str(i), v) for i, v in enumerate(found)]) is expected
