"""Dates typed day first (05/03/2024 is 5 March), Excel serials, ISO; shown as dd/mm/yyyy."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from desktop_app.domain.errors import ValidationError

INVALID_DATE = "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2024."
MIN_YEAR = 1900
MAX_YEAR = 2100
EXCEL_MAX_SERIAL = 2958465  # 31/12/9999
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 is 01/03/1900; Excel counts a 29/02/1900 that never was
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# The same separator twice: 05/03/2024, 5-3-24, 05.03.2024; an optional time after it is ignored.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME, re.ASCII)
_YEAR_FIRST = re.compile(r"(\d{4})([\-/.])(\d{1,2})\2(\d{1,2})" + _TIME, re.ASCII)  # ISO 2024-03-05


def _make(year: int, month: int, day: int, field: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(INVALID_DATE, field)
    try:
        return date(year, month, day)
    except ValueError as err:  # 31/02, month 13…
        raise ValidationError(INVALID_DATE, field) from err


def _from_excel_serial(serial: float, field: str) -> date:
    if not math.isfinite(serial) or not 1 <= serial < EXCEL_MAX_SERIAL + 1:
        raise ValidationError(INVALID_DATE, field)
    days = int(serial)  # a fraction is the time of day
    if days < 60:  # before Excel's phantom 29/02/1900: serial 1 is 01/01/1900
        days += 1
    value = _EXCEL_EPOCH + timedelta(days=days)
    return _make(value.year, value.month, value.day, field)


def _full_year(two_digits: int) -> int:
    """'24' → 2024; a year more than one year ahead is last century: '85' → 1985."""
    pivot = date.today().year % 100 + 1
    return 2000 + two_digits if two_digits <= pivot else 1900 + two_digits


def parse_date(raw: str | date | datetime | int | float | None, field: str = "date") -> date | None:
    """Read a date, day first. '' and None → None; a datetime gives its date; an int or float is an Excel
    serial (1900 system); text is dd/mm/yyyy (also - or . between, one-digit day or month, two-digit
    year, a time after it) or ISO yyyy-mm-dd. Years must lie in 1900..2100.

    Raises ValidationError(INVALID_DATE, field).
    """
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        raise ValidationError(INVALID_DATE, field)
    if isinstance(raw, int | float):
        return _from_excel_serial(raw, field)
    text = str(raw).strip()
    if not text:
        return None
    match = _DAY_FIRST.fullmatch(text)
    if match:
        year_text = match.group(4)
        year = int(year_text) if len(year_text) == 4 else _full_year(int(year_text))
        return _make(year, int(match.group(3)), int(match.group(1)), field)
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        return _make(int(match.group(1)), int(match.group(3)), int(match.group(4)), field)
    raise ValidationError(INVALID_DATE, field)


# The earliest date an office's record can carry (a licence, a commitment, an inspection, an intake): a year
# before it is a typing slip ("1900" from an empty Excel date, "05/03/20" read as 1920…). Birth dates keep
# the wider MIN_YEAR.
RECORD_MIN_YEAR = 1975


def parse_record_date(raw: str | date | datetime | int | float | None, field: str = "date") -> date | None:
    """parse_date for the date of an event the office records: not before RECORD_MIN_YEAR.
    Raises ValidationError."""
    day = parse_date(raw, field)
    if day is not None and day.year < RECORD_MIN_YEAR:
        raise ValidationError(
            f"Ngày {format_date(day)} quá xa: ngày trong hồ sơ phải từ năm {RECORD_MIN_YEAR} trở đi; "
            "hãy kiểm tra lại năm.",
            field,
        )
    return day


def format_date(d: date | None) -> str:
    """date(2024, 3, 5) → '05/03/2024'; None → ''."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
