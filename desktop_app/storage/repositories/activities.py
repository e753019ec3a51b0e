"""Commune activities: communication events, training classes, the yearly healthy-commune status, and the
activity figures of a period (SQL aggregates)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.activities import (
    ActivityFigures,
    CommunicationEvent,
    HealthyStatus,
    TrainingClass,
    ValidCommunication,
    ValidHealthyStatus,
    ValidTraining,
)
from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.periods import Period
from desktop_app.domain.text import search_key
from desktop_app.storage.models import (
    CommuneRecord,
    CommunicationEventRecord,
    HealthyCommuneStatusRecord,
    TrainingClassRecord,
)

NO_EVENT = "Không tìm thấy buổi tuyên truyền này (có thể đã bị hủy)."
NO_TRAINING = "Không tìm thấy lớp tập huấn này (có thể đã bị hủy)."
NO_STATUS = "Chưa ghi tình trạng xã, phường lành mạnh của xã, phường này trong năm đó."


# ---- Communication events
def _event_record(session: Session, event_id: int) -> CommunicationEventRecord:
    record = session.get(CommunicationEventRecord, event_id)
    if record is None or record.voided:
        raise NotFoundError(NO_EVENT)
    return record


def save_event(session: Session, data: ValidCommunication, event_id: int | None, now: datetime) -> int:
    """Add (id None) or change an event. Raises NotFoundError."""
    if event_id is None:
        record = CommunicationEventRecord(voided=False, created_at=now)
        session.add(record)
    else:
        record = _event_record(session, event_id)
    record.commune_id, record.held_on, record.form = data.commune_id, data.held_on, data.form
    record.title, record.participants, record.notes = data.title, data.participants, data.notes
    record.updated_at = now
    session.flush()
    return record.id


def void_event(session: Session, event_id: int, now: datetime) -> None:
    record = _event_record(session, event_id)
    record.voided, record.updated_at = True, now


def list_events(session: Session, period: Period | None = None) -> list[CommunicationEvent]:
    """Events not voided (of the period when given), the latest first."""
    e = CommunicationEventRecord
    query = (
        select(e.id, e.commune_id, CommuneRecord.name, e.held_on, e.form, e.title, e.participants, e.notes)
        .join(CommuneRecord, CommuneRecord.id == e.commune_id)
        .where(e.voided.is_(False))
        .order_by(e.held_on.desc(), e.id.desc())
    )
    if period is not None:
        query = query.where(e.held_on >= period.start, e.held_on <= period.end)
    return [CommunicationEvent(*row) for row in session.execute(query)]


def event_keys(session: Session) -> list[tuple[int, date, str, str]]:
    """(commune, date, form, title search key) of every event not voided: to find an import's duplicates."""
    e = CommunicationEventRecord
    rows = session.execute(select(e.commune_id, e.held_on, e.form, e.title).where(e.voided.is_(False)))
    return [(c, d, f, search_key(t)) for c, d, f, t in rows]


# ---- Training classes
def _training_record(session: Session, training_id: int) -> TrainingClassRecord:
    record = session.get(TrainingClassRecord, training_id)
    if record is None or record.voided:
        raise NotFoundError(NO_TRAINING)
    return record


def save_training(session: Session, data: ValidTraining, training_id: int | None, now: datetime) -> int:
    """Add (id None) or change a class. Raises NotFoundError."""
    if training_id is None:
        record = TrainingClassRecord(voided=False, created_at=now)
        session.add(record)
    else:
        record = _training_record(session, training_id)
    record.held_on, record.title, record.organiser = data.held_on, data.title, data.organiser
    record.participants, record.commune_id, record.notes = data.participants, data.commune_id, data.notes
    record.updated_at = now
    session.flush()
    return record.id


def void_training(session: Session, training_id: int, now: datetime) -> None:
    record = _training_record(session, training_id)
    record.voided, record.updated_at = True, now


def list_trainings(session: Session, period: Period | None = None) -> list[TrainingClass]:
    """Classes not voided (of the period when given), the latest first."""
    t = TrainingClassRecord
    query = (
        select(
            t.id,
            t.held_on,
            t.title,
            t.organiser,
            t.participants,
            t.commune_id,
            func.coalesce(CommuneRecord.name, ""),
            t.notes,
        )
        .outerjoin(CommuneRecord, CommuneRecord.id == t.commune_id)
        .where(t.voided.is_(False))
        .order_by(t.held_on.desc(), t.id.desc())
    )
    if period is not None:
        query = query.where(t.held_on >= period.start, t.held_on <= period.end)
    return [TrainingClass(*row) for row in session.execute(query)]


def training_keys(session: Session) -> list[tuple[date, str, int | None]]:
    """(date, title search key, commune) of every class not voided."""
    t = TrainingClassRecord
    rows = session.execute(select(t.held_on, t.title, t.commune_id).where(t.voided.is_(False)))
    return [(d, search_key(title), c) for d, title, c in rows]


# ---- Healthy-commune status
def save_status(session: Session, data: ValidHealthyStatus, now: datetime) -> tuple[int, bool]:
    """Record a commune's status for a year (the one row of that commune and year, brought back if it was
    voided). Returns (row id, whether the row is new)."""
    s = HealthyCommuneStatusRecord
    record = session.scalars(select(s).where(s.commune_id == data.commune_id, s.year == data.year)).first()
    created = record is None
    if record is None:
        record = HealthyCommuneStatusRecord(commune_id=data.commune_id, year=data.year, created_at=now)
        session.add(record)
    record.voided = False
    record.registered, record.recognised = data.registered, data.recognised
    record.decision_number, record.decision_date = data.decision_number, data.decision_date
    record.notes, record.updated_at = data.notes, now
    session.flush()
    return record.id, created


def void_status(session: Session, commune_id: int, year: int, now: datetime) -> int:
    """Mark a recorded status as a mistake. Returns the row id. Raises NotFoundError."""
    s = HealthyCommuneStatusRecord
    record = session.scalars(
        select(s).where(s.commune_id == commune_id, s.year == year, s.voided.is_(False))
    ).first()
    if record is None:
        raise NotFoundError(NO_STATUS)
    record.voided, record.updated_at = True, now
    return record.id


def list_statuses(session: Session, year: int) -> list[HealthyStatus]:
    """One row per commune of the office for `year`: the active communes, and an inactive one that has a
    status recorded; a commune without one is «chưa đăng ký»."""
    s = HealthyCommuneStatusRecord
    c = CommuneRecord
    query = (
        select(
            c.id,
            c.name,
            c.active,
            s.id,
            s.registered,
            s.recognised,
            s.decision_number,
            s.decision_date,
            s.notes,
        )
        .outerjoin(s, and_(s.commune_id == c.id, s.year == year, s.voided.is_(False)))
        .order_by(c.sort_order, c.id)
    )
    result: list[HealthyStatus] = []
    for (
        commune_id,
        name,
        active,
        status_id,
        registered,
        recognised,
        number,
        decided,
        notes,
    ) in session.execute(query):
        if status_id is None:
            if active:
                result.append(HealthyStatus(commune_id, name, True, year))
            continue
        result.append(
            HealthyStatus(
                commune_id,
                name,
                bool(active),
                year,
                bool(registered),
                bool(recognised),
                number,
                decided,
                notes,
                recorded=True,
            )
        )
    return result


# ---- Figures
def activity_figures(session: Session, period: Period) -> ActivityFigures:
    """The activity figures of `period` (inclusive), read with SQL aggregates in the caller's session.

    Events and classes voided as mistakes count nowhere. `communes_with_communication` and the healthy-commune
    counts are of the active communes (so a share of `communes_total` stays within 100 %); the event counts
    and the per-commune dicts take every commune. The healthy-commune status is that of the year of
    `period.end`.
    """
    connection = session.connection()
    c = CommuneRecord
    e = CommunicationEventRecord
    t = TrainingClassRecord
    s = HealthyCommuneStatusRecord
    in_period = (e.voided.is_(False), e.held_on >= period.start, e.held_on <= period.end)

    communes_total = connection.scalar(select(func.count()).select_from(c).where(c.active.is_(True))) or 0
    with_communication = (
        connection.scalar(
            select(func.count(func.distinct(e.commune_id)))
            .join(c, c.id == e.commune_id)
            .where(c.active.is_(True), *in_period)
        )
        or 0
    )
    events_by_commune: dict[int, int] = {}
    participants_by_commune: dict[int, int] = {}
    per_commune = select(e.commune_id, func.count(), func.coalesce(func.sum(e.participants), 0)).where(
        *in_period
    )
    for commune_id, count, participants in connection.execute(per_commune.group_by(e.commune_id)):
        events_by_commune[int(commune_id)] = int(count)
        participants_by_commune[int(commune_id)] = int(participants)
    events, participants = connection.execute(
        select(func.count(), func.coalesce(func.sum(e.participants), 0)).where(*in_period)
    ).one()
    trainings, trained = connection.execute(
        select(func.count(), func.coalesce(func.sum(t.participants), 0)).where(
            t.voided.is_(False), t.held_on >= period.start, t.held_on <= period.end
        )
    ).one()
    statuses = connection.execute(
        select(s.commune_id, s.registered, s.recognised)
        .join(c, c.id == s.commune_id)
        # a commune in use, or one that ended with the 2025 reform (its statuses of the years it existed)
        .where(
            or_(c.active.is_(True), c.valid_to.is_not(None)), s.voided.is_(False), s.year == period.end.year
        )
    ).all()
    registered_set = frozenset(
        int(commune) for commune, was_registered, _recognised in statuses if was_registered
    )
    registered = len(registered_set)
    recognised = frozenset(
        int(commune) for commune, _registered, was_recognised in statuses if was_recognised
    )
    return ActivityFigures(
        communes_total=int(communes_total),
        communes_with_communication=int(with_communication),
        communication_events=int(events),
        communication_participants=int(participants),
        staff_trained=int(trained),
        trainings=int(trainings),
        communes_healthy_registered=registered,
        communes_healthy_recognised=len(recognised),
        events_by_commune=events_by_commune,
        participants_by_commune=participants_by_commune,
        recognised_communes=recognised,
        registered_communes=registered_set,
    )


def communes_exist(session: Session, commune_ids: Sequence[int]) -> bool:
    wanted = set(commune_ids)
    if not wanted:
        return True
    found = session.scalars(select(CommuneRecord.id).where(CommuneRecord.id.in_(sorted(wanted))))
    return set(found) == wanted
