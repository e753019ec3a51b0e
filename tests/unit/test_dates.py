"""Dates: day-first text, ISO, Excel serials, date/datetime values; dd/mm/yyyy display."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.domain.dates import INVALID_DATE, format_date, parse_date
from desktop_app.domain.errors import ValidationError

MESSAGE = "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2024."
MARCH_5 = date(2024, 3, 5)


@pytest.mark.parametrize(
    "raw",
    [
        "05/03/2024",
        "5/3/2024",
        "05-03-2024",
        "05.03.2024",
        "5/3/24",
        "05/03/2024 00:00:00",
        "05/03/2024 13:45",
        "  05/03/2024  ",
        "2024-03-05",
        "2024-03-05 00:00:00",
        "2024-03-05T08:30:00",
        "2024-3-5",
    ],
)
def test_parse_date_text_day_first_and_iso(raw: str) -> None:
    assert parse_date(raw) == MARCH_5


def test_parse_date_is_always_day_first() -> None:
    assert parse_date("03/05/2024") == date(2024, 5, 3)
    assert parse_date("12/01/2024") == date(2024, 1, 12)
    assert parse_date("29/02/2024") == date(2024, 2, 29)


def test_two_digit_years() -> None:
    this_year = date.today().year % 100
    assert parse_date("01/01/00") == date(2000, 1, 1)
    assert parse_date(f"01/01/{this_year:02d}") == date(2000 + this_year, 1, 1)
    assert parse_date(f"01/01/{this_year + 1:02d}") == date(2000 + this_year + 1, 1, 1)
    if this_year + 2 <= 99:
        assert parse_date(f"01/01/{this_year + 2:02d}") == date(1900 + this_year + 2, 1, 1)
    assert parse_date("15/08/85") == date(1985, 8, 15)
    assert parse_date("15/08/99") == date(1999, 8, 15)


def test_parse_date_values() -> None:
    assert parse_date(MARCH_5) is MARCH_5
    assert parse_date(datetime(2024, 3, 5, 17, 30)) == MARCH_5
    assert type(parse_date(datetime(2024, 3, 5, 17, 30))) is date


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, date(1900, 1, 1)),
        (31, date(1900, 1, 31)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),  # Excel's 29/02/1900 (serial 60) never existed
        (36526, date(2000, 1, 1)),
        (45356, MARCH_5),
        (45356.75, MARCH_5),  # the fraction is the time of day
        (45356.0, MARCH_5),
        (73415, date(2100, 12, 31)),
    ],
)
def test_parse_date_excel_serials(serial: float, day: date) -> None:
    assert parse_date(serial) == day


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_parse_date_of_nothing_is_none(empty: str | None) -> None:
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2024",  # no such day
        "29/02/2023",
        "13/13/2020",
        "00/01/2024",
        "32/01/2024",
        "abc",
        "5/3",
        "05/03/202",
        "05/03-2024",  # two different separators
        "2024/13/01",
        "01/01/1899",  # year out of 1900..2100
        "01/01/2101",
        "1899-12-31",
        "05/03/2024 abc",
        "٠٥/٠٣/٢٠٢٤",  # only ASCII digits
        0,
        -5,
        0.5,
        2958466,
        73416,  # 01/01/2101
        2958465,  # 31/12/9999: a valid serial, but out of 1900..2100
        float("nan"),
        float("inf"),
        True,
    ],
)
def test_parse_date_rejects(raw: str | int | float) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(raw)
    assert caught.value.message == MESSAGE
    assert str(caught.value) == MESSAGE
    assert caught.value.field == "date"


def test_parse_date_error_names_the_callers_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date("31/02/2024", field="licence_date")
    assert caught.value.field == "licence_date"
    assert caught.value.message == INVALID_DATE == MESSAGE


def test_format_date() -> None:
    assert format_date(MARCH_5) == "05/03/2024"
    assert format_date(date(1900, 12, 31)) == "31/12/1900"
    assert format_date(None) == ""


def test_format_then_parse_round_trip() -> None:
    for day in (date(1900, 1, 1), date(1999, 12, 31), MARCH_5, date(2100, 12, 31)):
        assert parse_date(format_date(day)) == day
