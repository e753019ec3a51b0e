"""Use cases of commune activities: communication events, staff training classes, the yearly healthy-commune
status, and the activity figures of a period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from desktop_app.domain.activities import (
    ActivityFigures,
    CommunicationEvent,
    CommunicationInput,
    HealthyStatus,
    HealthyStatusInput,
    TrainingClass,
    TrainingInput,
)
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.security import PERM_EDIT, PERM_READ, PERM_REPORT
from desktop_app.services.access import requires
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import activities as repo
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import businesses as business_repo

UNKNOWN_COMMUNE = "Chọn xã, phường trong danh mục."


def _check_commune(session: Transaction, commune_id: int | None) -> None:
    if commune_id is not None and not business_repo.commune_exists(session, commune_id):
        raise ValidationError(UNKNOWN_COMMUNE, "commune_id")


class ActivityService:
    """Commune activities. Each public method is one transaction; safe on a worker thread."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Communication events
    @requires(PERM_READ)
    def communication_events(self, period: Period | None = None) -> list[CommunicationEvent]:
        """Events not voided, of `period` when given, the latest first."""
        with self._db.read() as session:
            return repo.list_events(session, period)

    @requires(PERM_EDIT)
    def create_communication(self, data: CommunicationInput) -> int:
        """Raises ValidationErrors."""
        return self._save_communication(data, None)

    @requires(PERM_EDIT)
    def update_communication(self, event_id: int, data: CommunicationInput) -> None:
        """Raises ValidationErrors, NotFoundError."""
        self._save_communication(data, event_id)

    def _save_communication(self, data: CommunicationInput, event_id: int | None) -> int:
        now = self._now()
        clean = data.validated(now.date())
        with self._db.unit_of_work() as session:
            _check_commune(session, clean.commune_id)
            saved = repo.save_event(session, clean, event_id, now)
            audit_repo.log_change(
                session,
                "communication_event",
                saved,
                "create" if event_id is None else "update",
                {
                    "commune_id": clean.commune_id,
                    "held_on": clean.held_on,
                    "form": clean.form,
                    "participants": clean.participants,
                },
                now,
            )
            return saved

    @requires(PERM_EDIT)
    def void_communication(self, event_id: int) -> None:
        """Mark an event recorded by mistake; it stays in the database and counts nowhere. Raises
        NotFoundError."""
        now = self._now()
        with self._db.unit_of_work() as session:
            repo.void_event(session, event_id, now)
            audit_repo.log_change(session, "communication_event", event_id, "void", {}, now)

    # ---- Training classes
    @requires(PERM_READ)
    def trainings(self, period: Period | None = None) -> list[TrainingClass]:
        """Classes not voided, of `period` when given, the latest first."""
        with self._db.read() as session:
            return repo.list_trainings(session, period)

    @requires(PERM_EDIT)
    def create_training(self, data: TrainingInput) -> int:
        """Raises ValidationErrors."""
        return self._save_training(data, None)

    @requires(PERM_EDIT)
    def update_training(self, training_id: int, data: TrainingInput) -> None:
        """Raises ValidationErrors, NotFoundError."""
        self._save_training(data, training_id)

    def _save_training(self, data: TrainingInput, training_id: int | None) -> int:
        now = self._now()
        clean = data.validated(now.date())
        with self._db.unit_of_work() as session:
            _check_commune(session, clean.commune_id)
            saved = repo.save_training(session, clean, training_id, now)
            audit_repo.log_change(
                session,
                "training_class",
                saved,
                "create" if training_id is None else "update",
                {
                    "held_on": clean.held_on,
                    "participants": clean.participants,
                    "commune_id": clean.commune_id,
                },
                now,
            )
            return saved

    @requires(PERM_EDIT)
    def void_training(self, training_id: int) -> None:
        """Mark a class recorded by mistake. Raises NotFoundError."""
        now = self._now()
        with self._db.unit_of_work() as session:
            repo.void_training(session, training_id, now)
            audit_repo.log_change(session, "training_class", training_id, "void", {}, now)

    # ---- Healthy-commune status
    @requires(PERM_READ)
    def healthy_statuses(self, year: int) -> list[HealthyStatus]:
        """One row per commune for `year` (a commune with nothing recorded is «chưa đăng ký»)."""
        with self._db.read() as session:
            return repo.list_statuses(session, year)

    @requires(PERM_EDIT)
    def save_healthy_status(self, data: HealthyStatusInput) -> None:
        """Record (or change) a commune's status for a year. Raises ValidationErrors."""
        now = self._now()
        clean = data.validated(now.date())
        with self._db.unit_of_work() as session:
            _check_commune(session, clean.commune_id)
            status_id, created = repo.save_status(session, clean, now)
            audit_repo.log_change(
                session,
                "healthy_status",
                status_id,
                "create" if created else "update",
                {
                    "commune_id": clean.commune_id,
                    "year": clean.year,
                    "registered": clean.registered,
                    "recognised": clean.recognised,
                    "decision_number": clean.decision_number,
                },
                now,
            )

    @requires(PERM_EDIT)
    def void_healthy_status(self, commune_id: int, year: int) -> None:
        """Mark a commune's status for a year as recorded by mistake (it reads «chưa đăng ký» again).
        Raises NotFoundError."""
        now = self._now()
        with self._db.unit_of_work() as session:
            status_id = repo.void_status(session, commune_id, year, now)
            audit_repo.log_change(
                session, "healthy_status", status_id, "void", {"commune_id": commune_id, "year": year}, now
            )

    # ---- Figures
    @requires(PERM_REPORT)
    def figures(self, period: Period) -> ActivityFigures:
        """The activity figures of `period` (see ActivityFigures). Raises ValidationErrors (a reversed
        period)."""
        period.check()
        with self._db.read() as session:
            return repo.activity_figures(session, period)
