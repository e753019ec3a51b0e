"""The yearly inspected-share target is prorated to the period it judges: a half-year against half of it."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.inspections import (
    CoverageLine,
    InspectionCoverage,
    Targets,
    format_target,
    period_target_pct,
)
from desktop_app.domain.periods import Period, parse_period


@pytest.mark.parametrize(
    ("code", "expected"),
    [("2026", 20.0), ("2026S1", 10.0), ("2026S2", 10.0), ("2026Q3", 5.0), ("202603", 1.7)],
)
def test_a_period_of_whole_months_gets_its_share_of_the_yearly_target(code: str, expected: float) -> None:
    assert period_target_pct(20, parse_period(code)) == expected


def test_a_range_of_days_is_prorated_by_days_and_long_ranges_are_capped() -> None:
    assert period_target_pct(20, Period(date(2026, 1, 1), date(2026, 12, 4))) == 18.5  # 338 / 365
    assert period_target_pct(20, Period(date(2024, 1, 1), date(2024, 12, 31))) == 20.0  # leap year
    assert period_target_pct(20, Period(date(2025, 1, 1), date(2026, 12, 31))) == 40.0
    assert period_target_pct(70, Period(date(2024, 1, 1), date(2026, 12, 31))) == 100.0


def test_a_half_year_share_is_met_against_half_the_yearly_target() -> None:
    total = CoverageLine(None, "Toàn địa bàn", active=100, inspected_active=12)
    half = InspectionCoverage(parse_period("2026S1"), Targets(annual_pct=20), [], total)
    year = InspectionCoverage(parse_period("2026"), Targets(annual_pct=20), [], total)
    assert half.target_pct == 10.0 and half.annual_target_met
    assert year.target_pct == 20.0 and not year.annual_target_met


def test_targets_are_written_without_a_useless_decimal() -> None:
    assert (format_target(20), format_target(20.0), format_target(6.7)) == ("20", "20", "6,7")
