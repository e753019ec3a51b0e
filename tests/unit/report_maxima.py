"""A report at realistic maxima (fines up to 10^10 đ, 40 communes with long names, five-digit counts), built
on a configured office's real report so every default table is printed with its widest content."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.domain.indicators import BY_COMMUNE, BY_SERVICE, BY_TYPE, INDICATORS, UNIT_PCT, UNIT_VND
from desktop_app.domain.periods import Period
from desktop_app.domain.reports import Report
from desktop_app.services.app_services import Services

LONG_NAMES = [
    "Xã Chiềng Sung (mã 2025:04105)",
    "Phường Chiềng Cơi Thượng Nguyễn",
    "Thị trấn Nông trường Mộc Châu",
    "Xã Mường Chiên Huổi Một Mường Lạn",
]
FINES_MAX = 10_000_000_000


def communes(n: int = 40) -> list[str]:
    return [f"{LONG_NAMES[i % len(LONG_NAMES)]} {i + 1}" for i in range(n)]


def report_at_maxima(services: Services, period: Period) -> Report:
    """The office's report for `period`, every count set high, the fines at 10^10 đ, 40 long communes."""
    report = services.reports.report(period)
    values = replace(report.values, totals={}, by={}, members=dict(report.values.members))
    values.members[BY_COMMUNE] = {f"c{i}": name for i, name in enumerate(communes())}
    for indicator in INDICATORS.values():
        if indicator.ratio is not None or indicator.unit == UNIT_PCT:
            continue
        big = FINES_MAX if indicator.unit == UNIT_VND else 99_999
        values.totals[indicator.id] = big
        for dimension in indicator.dimensions:
            members = values.members.get(dimension, {})
            values.by.setdefault(dimension, {})[indicator.id] = {m: big for m in members}
    for dimension in (BY_TYPE, BY_SERVICE):
        assert values.members.get(dimension), dimension
    return replace(report, values=values)
