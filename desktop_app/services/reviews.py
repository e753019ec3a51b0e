"""Use cases of the periodic review (rà soát): start a round, mark businesses, follow progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.errors import ConflictError, ValidationError
from desktop_app.domain.reviews import (
    OUTCOME_CLOSED,
    OUTCOMES,
    PERIOD_KINDS,
    ReviewMark,
    ReviewProgress,
    ReviewRound,
    default_title,
)
from desktop_app.domain.security import PERM_EDIT, PERM_READ
from desktop_app.domain.text import nfc
from desktop_app.services.access import requires
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import businesses as business_repo
from desktop_app.storage.repositories import reviews as repo


class ReviewService:
    """Review rounds of the register. Each public method is one transaction on the calling thread."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    @requires(PERM_READ)
    def rounds(self) -> list[ReviewRound]:
        with self._db.read() as session:
            return repo.list_rounds(session)

    @requires(PERM_EDIT)
    def start_round(self, period_kind: str, year: int, title: str = "") -> int:
        """Start a round for a period; one round per period. Raises ValidationError, ConflictError."""
        if period_kind not in PERIOD_KINDS:
            raise ValidationError("Chọn kỳ rà soát: 6 tháng đầu năm hoặc cả năm.", "period_kind")
        if not 2000 <= year <= 2100:
            raise ValidationError("Năm rà soát không hợp lệ.", "year")
        title = nfc(title) or default_title(period_kind, year)
        with self._db.unit_of_work() as session:
            if repo.find_round(session, period_kind, year) is not None:
                raise ConflictError(f"Đã có đợt «{default_title(period_kind, year)}».")
            round_id = repo.add_round(session, title, period_kind, year, self._now().date(), self._now())
            audit_repo.log_change(session, "review_round", round_id, "create", {"title": title}, self._now())
            return round_id

    @requires(PERM_READ)
    def progress(self, round_id: int) -> ReviewProgress:
        with self._db.read() as session:
            rnd = repo.get_round(session, round_id)
            counts = repo.outcome_counts(session, round_id)
            total = repo.scope_count(session, round_id, rnd.started_on)
        return ReviewProgress(rnd, total, sum(counts.values()), counts)

    @requires(PERM_READ)
    def unchecked(self, round_id: int) -> list[int]:
        """Ids of the businesses of the round not checked yet."""
        with self._db.read() as session:
            rnd = repo.get_round(session, round_id)
            return repo.unchecked_ids(session, round_id, rnd.started_on)

    @requires(PERM_READ)
    def marks(self, round_id: int) -> dict[int, ReviewMark]:
        with self._db.read() as session:
            return repo.marks(session, round_id)

    @requires(PERM_EDIT)
    def mark(
        self,
        round_id: int,
        business_ids: Sequence[int],
        outcome: str,
        note: str = "",
        checked_on: date | None = None,
    ) -> None:
        """Record the check of the given businesses in one transaction.

        'closed' also records each business as closed on that date. Raises ValidationError, ConflictError.
        """
        if outcome not in OUTCOMES:
            raise ValidationError("Chọn kết quả rà soát.", "outcome")
        when = checked_on or self._now().date()
        with self._db.unit_of_work() as session:
            rnd = repo.get_round(session, round_id)
            if rnd.closed_on is not None:
                raise ConflictError("Đợt rà soát đã kết thúc, không ghi thêm được.")
            for business_id in business_ids:
                repo.upsert_mark(
                    session, round_id, ReviewMark(business_id, outcome, when, nfc(note)), self._now()
                )
                audit_repo.log_change(
                    session,
                    "business",
                    business_id,
                    "review",
                    {"round_id": round_id, "outcome": outcome},
                    self._now(),
                )
                if (
                    outcome == OUTCOME_CLOSED
                    and business_repo.current_status(session, business_id) != STATUS_CLOSED
                ):
                    business_repo.set_status(
                        session, business_id, STATUS_CLOSED, when, f"Theo {rnd.title.lower()}", self._now()
                    )

    @requires(PERM_EDIT)
    def close_round(self, round_id: int) -> None:
        with self._db.unit_of_work() as session:
            repo.close_round(session, round_id, self._now().date())
            audit_repo.log_change(session, "review_round", round_id, "close", {}, self._now())
