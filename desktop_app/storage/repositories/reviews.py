"""Review rounds and their checks in the database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.reviews import ReviewMark, ReviewRound
from desktop_app.storage.models import BusinessRecord, ReviewCheckRecord, ReviewRoundRecord


def _round(record: ReviewRoundRecord) -> ReviewRound:
    return ReviewRound(
        record.id, record.title, record.period_kind, record.year, record.started_on, record.closed_on
    )


def add_round(
    session: Session, title: str, period_kind: str, year: int, started_on: date, now: datetime
) -> int:
    record = ReviewRoundRecord(
        title=title, period_kind=period_kind, year=year, started_on=started_on, notes="", created_at=now
    )
    session.add(record)
    session.flush()
    return record.id


def get_round(session: Session, round_id: int) -> ReviewRound:
    record = session.get(ReviewRoundRecord, round_id)
    if record is None:
        raise NotFoundError("Không tìm thấy đợt rà soát này.")
    return _round(record)


def list_rounds(session: Session) -> list[ReviewRound]:
    query = select(ReviewRoundRecord).order_by(
        ReviewRoundRecord.started_on.desc(), ReviewRoundRecord.id.desc()
    )
    return [_round(r) for r in session.scalars(query)]


def find_round(session: Session, period_kind: str, year: int) -> int | None:
    return session.scalar(
        select(ReviewRoundRecord.id).where(
            ReviewRoundRecord.period_kind == period_kind, ReviewRoundRecord.year == year
        )
    )


def close_round(session: Session, round_id: int, closed_on: date) -> None:
    record = session.get(ReviewRoundRecord, round_id)
    if record is None:
        raise NotFoundError("Không tìm thấy đợt rà soát này.")
    record.closed_on = closed_on


def _in_scope(round_id: int, started_on: date) -> ColumnElement[bool]:
    """Businesses a round covers: not voided, and not already closed before the round began
    (a business the round itself found closed stays in, whatever date it closed on)."""
    checked = select(ReviewCheckRecord.business_id).where(ReviewCheckRecord.round_id == round_id)
    return and_(
        BusinessRecord.voided.is_(False),
        or_(
            BusinessRecord.status != STATUS_CLOSED,
            BusinessRecord.status_since >= started_on,
            BusinessRecord.id.in_(checked),
        ),
    )


def scope_count(session: Session, round_id: int, started_on: date) -> int:
    query = select(func.count(BusinessRecord.id)).where(_in_scope(round_id, started_on))
    return session.scalar(query) or 0


def outcome_counts(session: Session, round_id: int) -> dict[str, int]:
    rows = session.execute(
        select(ReviewCheckRecord.outcome, func.count(ReviewCheckRecord.id))
        .join(BusinessRecord, BusinessRecord.id == ReviewCheckRecord.business_id)
        .where(ReviewCheckRecord.round_id == round_id, BusinessRecord.voided.is_(False))
        .group_by(ReviewCheckRecord.outcome)
    )
    return {outcome: count for outcome, count in rows}


def unchecked_ids(session: Session, round_id: int, started_on: date) -> list[int]:
    checked = select(ReviewCheckRecord.business_id).where(ReviewCheckRecord.round_id == round_id)
    query = (
        select(BusinessRecord.id)
        .where(_in_scope(round_id, started_on), BusinessRecord.id.not_in(checked))
        .order_by(BusinessRecord.id)
    )
    return list(session.scalars(query))


def marks(session: Session, round_id: int) -> dict[int, ReviewMark]:
    query = select(ReviewCheckRecord).where(ReviewCheckRecord.round_id == round_id)
    return {
        r.business_id: ReviewMark(r.business_id, r.outcome, r.checked_on, r.note)
        for r in session.scalars(query)
    }


def upsert_mark(session: Session, round_id: int, mark: ReviewMark, now: datetime) -> None:
    record = session.scalar(
        select(ReviewCheckRecord).where(
            ReviewCheckRecord.round_id == round_id, ReviewCheckRecord.business_id == mark.business_id
        )
    )
    if record is None:
        record = ReviewCheckRecord(round_id=round_id, business_id=mark.business_id)
        session.add(record)
    record.outcome = mark.outcome
    record.checked_on = mark.checked_on
    record.note = mark.note
    record.recorded_at = now
