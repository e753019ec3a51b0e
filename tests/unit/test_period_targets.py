"""The yearly inspected-share target is prorated to the period it judges: a half-year against half of it."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.inspections import (
    CoverageLine,
    InspectionCoverage,
    Targets,
    YearTargets,
    format_target,
    period_target_pct,
)
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.security import ROLE_ADMIN, ROLE_STAFF, Actor, PermissionDenied
from desktop_app.services.app_services import Services
from desktop_app.storage.models import ChangeLogRecord
from tests.conftest import configure

ADMIN = Actor(None, "admin", ROLE_ADMIN)


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


PLAN = Targets(
    annual_pct=20,
    years=(
        YearTargets(2028, commitment_pct=90, inspected_pct=25, communication_pct=100),
        YearTargets(2026, commitment_pct=70, inspected_pct=20, communication_pct=80),
    ),
)


def test_a_year_takes_its_own_targets_or_the_nearest_earlier_ones() -> None:
    assert PLAN.for_year(2025) == YearTargets(2025, 100, 20, 100)  # before the plan: the defaults
    assert PLAN.for_year(2026) == YearTargets(2026, 70, 20, 80)
    assert PLAN.for_year(2027) == YearTargets(2027, 70, 20, 80)
    assert PLAN.for_year(2030) == YearTargets(2030, 90, 25, 100)
    assert PLAN.period_pct(parse_period("2028S1")) == 12.5


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ((YearTargets(2026, 70), YearTargets(2026, 80)), "hai lần"),
        ((YearTargets(2026, 0),), "từ 1 đến 100"),
        ((YearTargets(1999),), "Năm 1999"),
    ],
)
def test_bad_year_targets_are_refused_and_the_stored_ones_kept(
    services: Services, years: tuple[YearTargets, ...], message: str
) -> None:
    configure(services)
    services.db.actor = ADMIN
    services.inspections.set_targets(PLAN)
    with pytest.raises(ValidationErrors, match=message):
        services.inspections.set_targets(Targets(years=years))
    assert services.inspections.targets() == Targets(
        20, PLAN.programme_start, tuple(sorted(PLAN.years, key=lambda y: y.year))
    )


def test_year_targets_are_an_administrators_audited_setting_used_by_the_reports(
    services: Services, tmp_path: Path
) -> None:
    configure(services)
    services.db.actor = Actor(None, "canbo", ROLE_STAFF)
    with pytest.raises(PermissionDenied):
        services.inspections.set_targets(PLAN)
    services.db.actor = ADMIN
    services.inspections.set_targets(PLAN)
    assert {y.year for y in services.inspections.targets().years} == {2026, 2028}
    with services.db.read() as session:
        changes = session.scalars(
            select(ChangeLogRecord.changes)
            .where(ChangeLogRecord.entity == "setting")
            .order_by(ChangeLogRecord.id)
        ).all()
    assert '"2026"' in changes[-1] and '"commitment_pct": 70' in changes[-1]
    year = services.reports.report(parse_period("2027"))
    assert (
        year.targets["commitments_coverage_pct"],
        year.targets["businesses_inspected_pct"],
        year.targets["communes_communication_pct"],
    ) == (70, 20, 80)
    half = services.reports.report(parse_period("2029S2"))
    assert (
        half.targets["businesses_inspected_pct"] == 12.5
        and half.annual_targets["businesses_inspected_pct"] == 25
    )
    text = subprocess.run(
        ["pdftotext", str(services.reports.write_pdf(year, tmp_path / "bc.pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "(chỉ tiêu 70 %)" in flat and "(chỉ tiêu ≥ 20 %/năm)" in flat
