"""Coverage of the businesses by inspections against the programme targets, period by period."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.inspections.vocabulary import DEFAULT_ANNUAL_TARGET_PCT, DEFAULT_PROGRAMME_START
from desktop_app.domain.periods import Period


# ---- Coverage against the targets
@dataclass(frozen=True, slots=True)
class YearTargets:
    """A year's targets from the provincial plan: businesses with a valid commitment, businesses inspected
    in the year, communes with a communication event (each a share, in %)."""

    year: int
    commitment_pct: int = 100
    inspected_pct: int = DEFAULT_ANNUAL_TARGET_PCT
    communication_pct: int = 100


@dataclass(frozen=True, slots=True)
class Targets:
    """The programme targets: a share of businesses inspected each year, and all of them at least once since
    the programme started (a setting of the office: 2026–2035 programme by default); and, per year of the
    provincial plan, the shares reports are judged against (`years`; a year not listed takes the nearest
    earlier one listed, else 100 %, `annual_pct` and 100 %)."""

    annual_pct: int = DEFAULT_ANNUAL_TARGET_PCT
    programme_start: date = DEFAULT_PROGRAMME_START
    years: tuple[YearTargets, ...] = ()

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if not 1 <= self.annual_pct <= 100:
            errors["annual_pct"] = "Chỉ tiêu hằng năm phải từ 1 đến 100 %."
        seen: set[int] = set()
        for line in self.years:
            if not 2000 <= line.year <= 2100:
                errors["years"] = f"Năm {line.year} không hợp lệ: ghi năm từ 2000 đến 2100."
            elif line.year in seen:
                errors["years"] = f"Năm {line.year} được ghi hai lần: mỗi năm chỉ một dòng chỉ tiêu."
            elif not all(
                1 <= pct <= 100 for pct in (line.commitment_pct, line.inspected_pct, line.communication_pct)
            ):
                errors["years"] = f"Chỉ tiêu năm {line.year} phải từ 1 đến 100 %."
            seen.add(line.year)
        if errors:
            raise ValidationErrors(errors)

    def for_year(self, year: int) -> YearTargets:
        """The targets of `year`: its own line, else the nearest earlier line, else the defaults."""
        earlier = [line for line in self.years if line.year <= year]
        if not earlier:
            return YearTargets(year, inspected_pct=self.annual_pct)
        return replace(max(earlier, key=lambda line: line.year), year=year)

    def period_pct(self, period: Period) -> float:
        """The inspected share `period` must reach: its year's share prorated (see `period_target_pct`)."""
        return period_target_pct(self.for_year(period.end.year).inspected_pct, period)


def period_target_pct(annual_pct: int, period: Period) -> float:
    """A yearly share target prorated to the period's length: whole months over 12 (a half-year needs half
    the yearly share, a quarter a quarter of it), otherwise days over the days of the start's year (the year
    so far); one decimal, halves up, at most 100. A year gives the yearly target itself."""
    start, end = period.start, period.end
    next_day = end + timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        fraction = Fraction((next_day.year - start.year) * 12 + next_day.month - start.month, 12)
    else:
        fraction = Fraction((end - start).days + 1, 366 if calendar.isleap(start.year) else 365)
    share = (Decimal(annual_pct) * fraction.numerator / fraction.denominator).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(min(share, Decimal(100)))


def format_target(pct: float) -> str:
    """20 → '20', 6.7 → '6,7' (the way a target is written in a sentence)."""
    return f"{pct:g}" if float(pct).is_integer() else f"{pct:.1f}".replace(".", ",")


@dataclass
class CoverageLine:
    """Inspection figures of one commune (or the whole territory, commune_id None) for a period.

    `active`: businesses active at the end of the period; `inspected_active`: those of them inspected in the
    period; `inspected_ever`: those inspected at least once since the programme started. `inspected` counts
    every business inspected in the period (one that closed since is counted too); visits and results count
    visits, not businesses.
    """

    commune_id: int | None
    commune_name: str
    active: int = 0
    inspected_active: int = 0
    inspected_ever: int = 0
    inspected: int = 0
    visits: int = 0
    violations: int = 0
    reminders: int = 0
    penalties: int = 0
    referrals: int = 0
    prostitution_related: int = 0
    fines_vnd: int = 0

    @property
    def inspected_pct(self) -> float:
        """Share of the active businesses inspected in the period (one decimal)."""
        return round(100.0 * self.inspected_active / self.active, 1) if self.active else 0.0

    @property
    def ever_pct(self) -> float:
        return round(100.0 * self.inspected_ever / self.active, 1) if self.active else 0.0

    def add(self, other: CoverageLine) -> None:
        for name in (
            "active",
            "inspected_active",
            "inspected_ever",
            "inspected",
            "visits",
            "violations",
            "reminders",
            "penalties",
            "referrals",
            "prostitution_related",
            "fines_vnd",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class InspectionCoverage:
    period: Period
    targets: Targets
    lines: list[CoverageLine]
    total: CoverageLine

    @property
    def target_pct(self) -> float:
        """The share this period must reach: the yearly target prorated to its length."""
        return self.targets.period_pct(self.period)

    @property
    def annual_target_met(self) -> bool:
        """Met for the period: its share against the prorated target (a half-year against half the year's)."""
        return self.total.inspected_pct >= self.target_pct

    @property
    def programme_target_met(self) -> bool:
        return self.total.active > 0 and self.total.inspected_ever == self.total.active


@dataclass(frozen=True, slots=True)
class BusinessFigures:
    """Per commune: (active at end, of them inspected in period, of them inspected since programme start)."""

    commune_id: int
    active: int
    inspected_active: int
    inspected_ever: int


@dataclass(frozen=True, slots=True)
class VisitFigures:
    """Per commune, the done visits of the period grouped by result."""

    commune_id: int
    businesses: int
    visits: int
    reminders: int
    penalties: int
    referrals: int
    prostitution_related: int
    fines_vnd: int


def build_coverage(
    period: Period,
    targets: Targets,
    communes: Sequence[tuple[int, str]],
    businesses: Iterable[BusinessFigures],
    visits: Iterable[VisitFigures],
) -> InspectionCoverage:
    """Put the per-commune figures together, in the communes' order, with a total line."""
    lines = {commune_id: CoverageLine(commune_id, name) for commune_id, name in communes}

    def line(commune_id: int) -> CoverageLine:
        if commune_id not in lines:
            lines[commune_id] = CoverageLine(commune_id, "")
        return lines[commune_id]

    for b in businesses:
        target = line(b.commune_id)
        target.active, target.inspected_active, target.inspected_ever = (
            b.active,
            b.inspected_active,
            b.inspected_ever,
        )
    for v in visits:
        target = line(v.commune_id)
        target.inspected = v.businesses
        target.visits = v.visits
        target.reminders, target.penalties, target.referrals = v.reminders, v.penalties, v.referrals
        target.violations = v.reminders + v.penalties + v.referrals
        target.prostitution_related = v.prostitution_related
        target.fines_vnd = v.fines_vnd
    total = CoverageLine(None, "Toàn địa bàn")
    for item in lines.values():
        total.add(item)
    return InspectionCoverage(period, targets, list(lines.values()), total)
