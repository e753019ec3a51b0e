"""Dates typed day first (05/03/2024 is 5 March), Excel serials, ISO; shown as dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from desktop_app.domain.errors import ValidationError

INVALID_DATE = "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2024."
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _make(year: int, month: int, day: int, field: str) -> date:
    if not 1900 <= year <= 2100:
        raise ValidationError(INVALID_DATE, field)
    try:
        return date(year, month, day)
    except ValueError as err:
        raise ValidationError(INVALID_DATE, field) from err


def parse_date(raw: str | date | datetime | int | float | None, field: str = "date") -> date | None:
    """Read a date day first. '' and None → None. Raises ValidationError with a Vietnamese message."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        raise ValidationError(INVALID_DATE, field)
    if isinstance(raw, int | float):
        serial = int(raw)
        if not 1 <= serial <= 2958465:
            raise ValidationError(INVALID_DATE, field)
        if serial < 61:  # Excel's phantom 29/02/1900 shifts the early serials by one day
            serial += 1
        value = _EXCEL_EPOCH + timedelta(days=serial)
        return _make(value.year, value.month, value.day, field)
    text = str(raw).strip()
    if not text:
        return None
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
        year = int(year_text)
        if len(year_text) == 2:
            pivot = date.today().year % 100 + 1
            year += 2000 if year <= pivot else 1900
        return _make(year, month, day, field)
    match = _ISO.match(text)
    if match:
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), field)
    raise ValidationError(INVALID_DATE, field)


def format_date(d: date | None) -> str:
    """date(2024, 3, 5) → '05/03/2024'; None → ''."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
