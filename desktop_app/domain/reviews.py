"""Periodic review (rà soát) of the business register: rounds, outcomes and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PERIOD_FIRST_HALF = "h1"
PERIOD_YEAR = "year"
PERIOD_KINDS: dict[str, str] = {
    PERIOD_FIRST_HALF: "6 tháng đầu năm",
    PERIOD_YEAR: "năm",
}

OUTCOME_UNCHANGED = "unchanged"
OUTCOME_UPDATED = "updated"
OUTCOME_CLOSED = "closed"
OUTCOME_NOT_FOUND = "not_found"
OUTCOMES: dict[str, str] = {
    OUTCOME_UNCHANGED: "Không thay đổi",
    OUTCOME_UPDATED: "Đã cập nhật thông tin",
    OUTCOME_CLOSED: "Đã ngừng hoạt động",
    OUTCOME_NOT_FOUND: "Không tìm thấy",
}


def default_title(period_kind: str, year: int) -> str:
    """'Rà soát 6 tháng đầu năm 2026' or 'Rà soát năm 2026'."""
    return f"Rà soát {PERIOD_KINDS.get(period_kind, 'năm')} {year}"


@dataclass(frozen=True, slots=True)
class ReviewRound:
    id: int
    title: str
    period_kind: str
    year: int
    started_on: date
    closed_on: date | None


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """How far a round has gone: `checked` of `total` businesses in scope, and the count per outcome."""

    round: ReviewRound
    total: int
    checked: int
    by_outcome: dict[str, int]

    @property
    def remaining(self) -> int:
        return max(self.total - self.checked, 0)

    @property
    def percent(self) -> float:
        return round(100.0 * self.checked / self.total, 1) if self.total else 100.0


@dataclass(frozen=True, slots=True)
class ReviewMark:
    business_id: int
    outcome: str
    checked_on: date
    note: str
