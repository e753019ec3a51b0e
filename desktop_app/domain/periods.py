"""Report periods: an inclusive range of days, and the codes clerks and the CLI use for them.

Codes: ``2026`` (year), ``2026S1`` / ``2026S2`` (first / last six months), ``2026Q3`` (quarter), ``202607``
(month), or any range as ``20260101-20260315``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import ValidationErrors

ROMAN_QUARTERS = ("I", "II", "III", "IV")
_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})S([12])")
_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_MONTH = re.compile(r"(\d{4})(\d{2})")
_RANGE = re.compile(r"(\d{8})-(\d{8})")

PERIOD_CODE_HELP = "2026, 2026S1, 2026S2, 2026Q3, 202607 hoặc 20260101-20260315"


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of days; `named`: the code it stands for when an office's closing days (see
    `closing_period`) moved its dates off the calendar ones (two periods of the same days are equal)."""

    start: date
    end: date
    named: str = field(default="", compare=False)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        first = 1 if half == 1 else 7
        return cls(date(year, first, 1), _month_end(year, first + 5))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month))

    def check(self) -> None:
        if self.end < self.start:
            raise ValidationErrors({"period": "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi."})

    @property
    def text(self) -> str:
        return f"{format_date(self.start)} – {format_date(self.end)}"

    @property
    def code(self) -> str:
        """The shortest code naming this period (see the module's docstring)."""
        if self.named:
            return self.named
        s, e = self.start, self.end
        if s.day == 1 and e == _month_end(e.year, e.month) and s.year == e.year:
            months = (s.month, e.month)
            if months == (1, 12):
                return f"{s.year}"
            if months in ((1, 6), (7, 12)):
                return f"{s.year}S{1 if s.month == 1 else 2}"
            if s.month % 3 == 1 and e.month == s.month + 2:
                return f"{s.year}Q{(s.month - 1) // 3 + 1}"
            if s.month == e.month:
                return f"{s.year}{s.month:02d}"
        return f"{s:%Y%m%d}-{e:%Y%m%d}"

    @property
    def label(self) -> str:
        """The period as a report title says it: "6 tháng đầu năm 2026", "Quý III năm 2026"…"""
        code = self.code
        if _YEAR.fullmatch(code):
            return f"Năm {code}"
        if m := _HALF.fullmatch(code):
            return f"6 tháng {'đầu' if m[2] == '1' else 'cuối'} năm {m[1]}"
        if m := _QUARTER.fullmatch(code):
            return f"Quý {ROMAN_QUARTERS[int(m[2]) - 1]} năm {m[1]}"
        if m := _MONTH.fullmatch(code):
            return f"Tháng {int(m[2])} năm {m[1]}"
        return f"Từ ngày {format_date(self.start)} đến ngày {format_date(self.end)}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(code: str) -> Period:
    """The period a code names. Raises ValidationErrors (key "period") with a Vietnamese message."""
    text = code.strip().upper()
    try:
        if _YEAR.fullmatch(text):
            period = Period.year(int(text))
        elif m := _HALF.fullmatch(text):
            period = Period.half(int(m[1]), int(m[2]))
        elif m := _QUARTER.fullmatch(text):
            period = Period.quarter(int(m[1]), int(m[2]))
        elif (m := _MONTH.fullmatch(text)) and 1 <= int(m[2]) <= 12:
            period = Period.month(int(m[1]), int(m[2]))
        elif m := _RANGE.fullmatch(text):
            period = Period(_compact_date(m[1]), _compact_date(m[2]))
        else:
            raise ValueError(code)
    except ValueError:
        raise ValidationErrors(
            {"period": f"Không hiểu kỳ báo cáo “{code.strip()}”. Viết như: {PERIOD_CODE_HELP}."}
        ) from None
    if not 1900 <= period.start.year <= 2200:
        raise ValidationErrors({"period": f"Năm {period.start.year} nằm ngoài khoảng cho phép."})
    period.check()
    return period


def _compact_date(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


# ---- Closing days («thời gian chốt số liệu»): an office may count its periodic reports from the 15th of the
# month before the period to the 14th of its last month (Nghị định 09/2019/NĐ-CP, Điều 12; the sources read
# and quoted are in resources/legal/closing_days.json).
CLOSING_CALENDAR = "calendar"
CLOSING_DAY_15 = "day15"
CLOSING_CONVENTIONS = {
    CLOSING_CALENDAR: "Theo tháng dương lịch (từ ngày 01 đến ngày cuối tháng)",
    CLOSING_DAY_15: "Từ ngày 15 tháng trước đến ngày 14 (Nghị định 09/2019/NĐ-CP, Điều 12)",
}
CLOSING_RULE_SOURCE = "Nghị định 09/2019/NĐ-CP, Điều 12"
CLOSING_RULE_VERIFIED = False  # see resources/legal/closing_days.json: not every clause read in the decree


def closing_period(period: Period, convention: str) -> Period:
    """The days a period code stands for under an office's convention: with `CLOSING_DAY_15` a year, half,
    quarter or month runs from the 15th of the month before it to the 14th of its last month (2026: 15/12/2025
    to 14/12/2026; 2026S1: 15/12/2025 to 14/06/2026), keeping its code; a range of days, a period already
    moved and every period under the calendar convention are returned as they are."""
    if convention != CLOSING_DAY_15 or period.named:
        return period
    code = period.code
    if not (
        _YEAR.fullmatch(code) or _HALF.fullmatch(code) or _QUARTER.fullmatch(code) or _MONTH.fullmatch(code)
    ):
        return period
    start = (period.start - timedelta(days=1)).replace(day=15)
    return Period(start, period.end.replace(day=14), named=code)
