"""Report period codes: parsed, named and printed back."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.periods import Period, parse_period


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "Năm 2026"),
        ("2026S1", date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("2026s2", date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("2026Q3", date(2026, 7, 1), date(2026, 9, 30), "Quý III năm 2026"),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31), "Quý I năm 2024"),
        ("202402", date(2024, 2, 1), date(2024, 2, 29), "Tháng 2 năm 2024"),
        ("20260101-20260315", date(2026, 1, 1), date(2026, 3, 15), "Từ ngày 01/01/2026 đến ngày 15/03/2026"),
    ],
)
def test_codes_name_their_days(code: str, start: date, end: date, label: str) -> None:
    period = parse_period(code)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert parse_period(period.code) == period


def test_a_range_that_is_a_calendar_period_gets_the_short_code() -> None:
    assert Period(date(2026, 4, 1), date(2026, 6, 30)).code == "2026Q2"
    assert Period(date(2026, 1, 1), date(2026, 6, 30)).code == "2026S1"
    assert Period(date(2026, 5, 1), date(2026, 5, 31)).code == "202605"
    assert Period(date(2026, 5, 2), date(2026, 5, 31)).code == "20260502-20260531"


BAD_CODES = ["", "26", "2026S3", "2026Q5", "202613", "20260230-20260301", "20260301-20260201"]


@pytest.mark.parametrize("code", BAD_CODES)
def test_bad_codes_are_refused_in_vietnamese(code: str) -> None:
    with pytest.raises(ValidationErrors) as caught:
        parse_period(code)
    assert "period" in caught.value.errors
