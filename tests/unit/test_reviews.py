"""Periodic review rounds: start, mark, progress, what is left."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.errors import ConflictError, ValidationError
from desktop_app.domain.reviews import OUTCOME_CLOSED, OUTCOME_NOT_FOUND, OUTCOME_UNCHANGED, PERIOD_FIRST_HALF
from desktop_app.services.app_services import Services
from tests.conftest import sample_input


def _three(office: Services) -> list[int]:
    return [
        office.businesses.create(sample_input(office, name=f"Karaoke {i}", registration_number=f"R{i}"))
        for i in range(3)
    ]


def test_round_progress_and_unchecked(office: Services) -> None:
    a, b, c = _three(office)
    old = office.businesses.create(sample_input(office, name="Đã đóng", registration_number="OLD"))
    office.businesses.change_status(old, STATUS_CLOSED, "01/01/2020")
    voided = office.businesses.create(sample_input(office, name="Nhầm", registration_number="X"))
    office.businesses.void(voided, "Nhập nhầm")

    round_id = office.reviews.start_round(PERIOD_FIRST_HALF, 2026)
    assert office.reviews.rounds()[0].title == "Rà soát 6 tháng đầu năm 2026"
    progress = office.reviews.progress(round_id)
    assert (progress.checked, progress.total) == (0, 3)  # closed earlier and voided are out of scope
    assert office.reviews.unchecked(round_id) == [a, b, c]

    office.reviews.mark(round_id, [a], OUTCOME_UNCHANGED)
    office.reviews.mark(round_id, [b], OUTCOME_CLOSED, "Đã chuyển nghề", checked_on=date(2026, 5, 2))
    progress = office.reviews.progress(round_id)
    assert (progress.checked, progress.total, progress.remaining) == (2, 3, 1)
    assert progress.by_outcome == {OUTCOME_UNCHANGED: 1, OUTCOME_CLOSED: 1}
    assert office.reviews.unchecked(round_id) == [c]
    closed = office.businesses.detail(b)
    assert closed.status == STATUS_CLOSED and closed.status_since == date(2026, 5, 2)

    office.reviews.mark(round_id, [a], OUTCOME_NOT_FOUND)  # a second mark replaces the first
    assert office.reviews.progress(round_id).by_outcome[OUTCOME_NOT_FOUND] == 1
    assert office.reviews.marks(round_id)[a].outcome == OUTCOME_NOT_FOUND


def test_one_round_per_period_and_closed_rounds(office: Services) -> None:
    (a, *_rest) = _three(office)
    round_id = office.reviews.start_round("year", 2025)
    with pytest.raises(ConflictError):
        office.reviews.start_round("year", 2025)
    with pytest.raises(ValidationError):
        office.reviews.start_round("quarter", 2025)
    with pytest.raises(ValidationError):
        office.reviews.mark(round_id, [a], "bogus")
    office.reviews.close_round(round_id)
    with pytest.raises(ConflictError):
        office.reviews.mark(round_id, [a], OUTCOME_UNCHANGED)


def test_closing_inside_the_round_stays_in_scope(office: Services) -> None:
    from desktop_app.services.reviews import ReviewService

    a, _b, _c = _three(office)
    reviews = ReviewService(office.db, now=lambda: datetime(2026, 1, 5, 9, 0))
    round_id = reviews.start_round("year", 2026)
    office.businesses.change_status(a, STATUS_CLOSED, "10/01/2026")
    assert reviews.progress(round_id).total == 3
