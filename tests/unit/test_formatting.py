from datetime import date
from decimal import Decimal

import pytest

from coaching.formatting import ParseError, day, money, number, parse_date, parse_number, percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.500,00", Decimal("12500.00")),
        ("12,500.00", Decimal("12500.00")),
        ("12500", Decimal("12500")),
        ("12.500", Decimal("12500")),
        ("3,5", Decimal("3.5")),
        ("3.5", Decimal("3.5")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("€ 1.200", Decimal("1200")),
        ("1 200,50 €", Decimal("1200.50")),
        ("-7", Decimal("-7")),
        ("", None),
    ],
)
def test_numbers_are_read_as_people_write_them(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["zwölf", "12,5,5", "1.2.3,4.5", "viel"])
def test_words_are_not_numbers(text):
    with pytest.raises(ParseError) as error:
        parse_number(text)
    assert error.value.key == "format.not_a_number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03.02.2024", date(2024, 2, 3)),
        ("3.2.24", date(2024, 2, 3)),
        ("2024-02-03", date(2024, 2, 3)),
        ("2024-02-03T10:15:00", date(2024, 2, 3)),
        ("2024-02-03 10:15", date(2024, 2, 3)),
        ("", None),
    ],
)
def test_dates_are_read_in_german_and_iso_forms(text, expected):
    assert parse_date(text) == expected


def test_a_date_that_does_not_exist_is_refused():
    with pytest.raises(ParseError):
        parse_date("31.02.2024")


def test_german_and_english_output():
    assert number(1234.5, "de", 1) == "1.234,5"
    assert number(1234.5, "en", 1) == "1,234.5"
    assert money(1234.5, "de", 1) == "1.234,5 €"
    assert percent(0.34, "de") == "34 %" and percent(0.34, "en") == "34%"
    assert day(date(2026, 11, 23), "de") == "23.11.2026"
