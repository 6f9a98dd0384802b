"""Labels and number forms: what the deck (and later the workbook) writes, in both languages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rusmodel.labels import (
    NBSP,
    check_lang,
    format_date,
    format_money,
    format_number,
    format_percent,
    label,
    money_unit,
)
from rusmodel.model import MoneyScale


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_swedish_numbers_as_the_reports_write_them() -> None:
    assert plain(format_percent(Decimal("1.9"))) == "1,9 %"
    assert plain(format_money(Decimal("-1.5"))) == "-1,5 mnkr"
    assert plain(format_number(200736)) == "200 736"
    assert format_number(Decimal("6.2"), sign=True) == "+6,2"
    assert format_number(Decimal("5.0")) == "5,0"  # the places it was written with
    assert plain(format_money(Decimal("-87.1"), MoneyScale.TKR)) == "-87,1 tkr"


def test_english_numbers() -> None:
    assert format_percent(Decimal("1.9"), "en") == "1.9%"
    assert plain(format_money(Decimal("-1.5"), lang="en")) == "-1.5 MSEK"
    assert format_number(200736, "en") == "200,736"
    assert money_unit(MoneyScale.TKR, "en") == "kSEK"


def test_rounding_is_half_up_and_never_shows_minus_zero() -> None:
    assert format_number(Decimal("0.25"), decimals=1) == "0,3"
    assert format_number(Decimal("-0.04"), decimals=1) == "0,0"
    assert format_percent(Decimal("98.734"), decimals=0) == f"99{NBSP}%"


def test_numbers_stay_on_one_line_unless_asked() -> None:
    assert format_number(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_money(Decimal("1.5"), space=" ") == "1,5 mnkr"


def test_dates_are_written_as_the_seeds_write_them() -> None:
    assert format_date(dt.date(2023, 8, 31)) == "2023-08-31"


def test_labels_fill_in_their_fields() -> None:
    assert label("continued", "sv", title="Aktiviteter") == "Aktiviteter (forts.)"
    assert label("continued", "en", title="Activities") == "Activities (cont.)"
    assert label("not_measured") == "Mäts ej i år"
    assert label("not_measured", "en") == "Not measured this year"


def test_an_unknown_language_is_refused() -> None:
    assert check_lang("en") == "en"
    with pytest.raises(ValueError, match="sv, en"):
        label("total", "de")
    with pytest.raises(ValueError):
        format_number(1, "fi")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_a_swedish_number_reads_back_as_the_same_value(value: Decimal) -> None:
    text = format_number(value)
    back = Decimal(text.replace(NBSP, "").replace(",", "."))
    assert back == value
