"""Commitments, their attachments, employees, settings, and the coverage query."""

from __future__ import annotations

import json
import typing
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, String, Table, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from desktop_app.domain.commitments import (
    Attachment,
    Commitment,
    Employee,
    EmployeeCounts,
    ValidCommitment,
    ValidEmployee,
    ValidityRule,
    commitment_state,
)
from desktop_app.domain.errors import NotFoundError
from desktop_app.storage.models import (
    AppSettingRecord,
    BusinessRecord,
    CommitmentAttachmentRecord,
    CommitmentRecord,
    CommuneRecord,
    EmployeeCountRecord,
    EmployeeRecord,
)
from desktop_app.storage.repositories import bulk
from desktop_app.storage.repositories.business_versions import COMMUNE, VersionBook
from desktop_app.storage.repositories.businesses import active_on

VALIDITY_KEY = "commitment.validity_rule"
OPEN_END = date(9999, 12, 31)


# ---- Settings
def get_validity_rule(session: Session) -> ValidityRule:
    record = session.get(AppSettingRecord, VALIDITY_KEY)
    if record is None:
        return ValidityRule()
    data = json.loads(record.value)
    return ValidityRule(str(data.get("kind", "year_end")), int(data.get("months", 12)))


def set_validity_rule(session: Session, rule: ValidityRule) -> None:
    record = session.get(AppSettingRecord, VALIDITY_KEY)
    if record is None:
        record = AppSettingRecord(key=VALIDITY_KEY)
        session.add(record)
    record.value = json.dumps({"kind": rule.kind, "months": rule.months})


# ---- Commitments
def add(session: Session, commitment: ValidCommitment, now: datetime) -> int:
    record = CommitmentRecord(
        business_id=commitment.business_id,
        signed_on=commitment.signed_on,
        valid_from=commitment.valid_from,
        valid_to=commitment.valid_to,
        document_number=commitment.document_number,
        representative_name=commitment.representative_name,
        representative_position=commitment.representative_position,
        notes=commitment.notes,
        invalidated_on=None,
        invalidated_reason="",
        voided=False,
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    return record.id


def add_attachment(
    session: Session,
    commitment_id: int,
    file_name: str,
    stored_name: str,
    size: int,
    sha256: str,
    content_type: str,
    now: datetime,
) -> int:
    record = CommitmentAttachmentRecord(
        commitment_id=commitment_id,
        file_name=file_name,
        stored_name=stored_name,
        size=size,
        sha256=sha256,
        content_type=content_type,
        added_at=now,
    )
    session.add(record)
    session.flush()
    return record.id


def attachment_stored_name(session: Session, attachment_id: int) -> tuple[str, str]:
    record = session.get(CommitmentAttachmentRecord, attachment_id)
    if record is None:
        raise NotFoundError("Không tìm thấy bản chụp này.")
    return record.stored_name, record.file_name


def stored_names(session: Session) -> list[tuple[int, str]]:
    """Every recorded scan's number and stored file name, in the order they were added."""
    query = select(CommitmentAttachmentRecord.id, CommitmentAttachmentRecord.stored_name).order_by(
        CommitmentAttachmentRecord.id
    )
    return [(row.id, row.stored_name) for row in session.execute(query)]


def attachment_in_use(session: Session, stored_name: str) -> bool:
    query = select(func.count()).where(CommitmentAttachmentRecord.stored_name == stored_name)
    return bool(session.scalar(query))


def _commitment(
    record: CommitmentRecord, name: str, commune: str, attachments: Sequence[Attachment]
) -> Commitment:
    return Commitment(
        id=record.id,
        business_id=record.business_id,
        business_name=name,
        commune_name=commune,
        signed_on=record.signed_on,
        valid_from=record.valid_from,
        valid_to=record.valid_to,
        document_number=record.document_number,
        representative_name=record.representative_name,
        representative_position=record.representative_position,
        notes=record.notes,
        invalidated_on=record.invalidated_on,
        invalidated_reason=record.invalidated_reason,
        attachments=tuple(attachments),
    )


def list_for_business(session: Session, business_id: int) -> list[Commitment]:
    query = (
        select(CommitmentRecord, BusinessRecord.name, CommuneRecord.name)
        .join(BusinessRecord, BusinessRecord.id == CommitmentRecord.business_id)
        .join(CommuneRecord, CommuneRecord.id == BusinessRecord.commune_id)
        .where(CommitmentRecord.business_id == business_id, CommitmentRecord.voided.is_(False))
        .order_by(CommitmentRecord.valid_from.desc(), CommitmentRecord.id.desc())
    )
    rows = session.execute(query).all()
    ids = [record.id for record, _, _ in rows]
    attachments: dict[int, list[Attachment]] = {i: [] for i in ids}
    if ids:
        for a in session.scalars(
            select(CommitmentAttachmentRecord)
            .where(CommitmentAttachmentRecord.commitment_id.in_(ids))
            .order_by(CommitmentAttachmentRecord.id)
        ):
            attachments[a.commitment_id].append(
                Attachment(a.id, a.file_name, a.size, a.sha256, a.content_type)
            )
    return [_commitment(record, name, commune, attachments[record.id]) for record, name, commune in rows]


def invalidate_current(session: Session, business_id: int, on: date, reason: str, now: datetime) -> int:
    """Mark every commitment still valid on `on` as needing re-signing from that date; returns how many."""
    records = session.scalars(
        select(CommitmentRecord).where(
            CommitmentRecord.business_id == business_id,
            CommitmentRecord.voided.is_(False),
            CommitmentRecord.invalidated_on.is_(None),
            or_(CommitmentRecord.valid_to.is_(None), CommitmentRecord.valid_to >= on),
        )
    ).all()
    for record in records:
        record.invalidated_on = on
        record.invalidated_reason = reason
        record.updated_at = now
    return len(records)


def void(session: Session, commitment_id: int, now: datetime) -> int:
    record = session.get(CommitmentRecord, commitment_id)
    if record is None or record.voided:
        raise NotFoundError("Không tìm thấy cam kết này.")
    record.voided = True
    record.updated_at = now
    return record.business_id


# ---- Employees
def add_employee(session: Session, employee: ValidEmployee, now: datetime) -> int:
    record = EmployeeRecord(
        business_id=employee.business_id,
        full_name=employee.full_name,
        birth_date=employee.birth_date,
        id_number=employee.id_number,
        position=employee.position,
        started_on=employee.started_on,
        signed_on=employee.signed_on,
        voided=False,
        created_at=now,
    )
    session.add(record)
    session.flush()
    return record.id


def list_employees(session: Session, business_id: int) -> list[Employee]:
    query = (
        select(EmployeeRecord)
        .where(EmployeeRecord.business_id == business_id, EmployeeRecord.voided.is_(False))
        .order_by(EmployeeRecord.id)
    )
    return [
        Employee(
            r.id, r.business_id, r.full_name, r.birth_date, r.id_number, r.position, r.started_on, r.signed_on
        )
        for r in session.scalars(query)
    ]


def set_counts(
    session: Session, business_id: int, employees: int, signed: int, as_of: date, now: datetime
) -> None:
    session.add(
        EmployeeCountRecord(
            business_id=business_id, employees=employees, signed=signed, as_of=as_of, recorded_at=now
        )
    )


def latest_counts(session: Session, business_id: int) -> EmployeeCounts | None:
    record = session.scalars(
        select(EmployeeCountRecord)
        .where(EmployeeCountRecord.business_id == business_id)
        .order_by(EmployeeCountRecord.as_of.desc(), EmployeeCountRecord.id.desc())
        .limit(1)
    ).first()
    if record is None:
        return None
    return EmployeeCounts(record.business_id, record.employees, record.signed, record.as_of)


# ---- Coverage
def active_state_groups(
    session: Session, day: date, book: VersionBook | None = None
) -> list[tuple[int, str, list[int]]]:
    """(commune id, commitment state, business ids) of every business active on `day`, in groups: no tuple
    per business (the coverage adds whole groups up).

    Active on `day`: not voided, and its latest status event on or before `day` says active (a business that
    closed during the year stops counting from its closing date; one registered later is not counted yet).
    Overlapping commitments count once: the business is covered if any of them covers the day. The commune
    is the business's commune as of `day` (its versions, `book`, read here when not given).
    """
    groups = _state_groups(session, day)
    book = book if book is not None else VersionBook.load(session, since=day)
    if not book.changed:
        return groups
    then = book.on_day(day)
    moved: list[tuple[int, str, list[int]]] = []
    for commune_id, state, ids in groups:
        if then.keys().isdisjoint(ids):
            moved.append((commune_id, state, ids))
        else:  # one group per business, each in its commune as of `day`
            moved.extend((then[b][COMMUNE] if b in then else commune_id, state, [b]) for b in ids)
    return moved


def _state_groups(session: Session, day: date) -> list[tuple[int, str, list[int]]]:
    """active_state_groups with each business's present commune."""
    # Shaped for 100,000 businesses and 300,000 commitments in well under 500 ms (benchmarks/):
    # - the businesses active on `day` come from business_latest_status and a covering index of the
    #   business table (`active_on`); only those whose latest status event is after `day` from their events;
    # - only the commitments still running on `day` are read, from ix_commitment_valid_to alone (a range
    #   on valid_to plus the open-ended ones; UNION ALL keeps each part a plain index range);
    # - "ever signed" (expired rather than never) is asked only of the businesses not covered on `day`,
    #   from ix_commitment_business_from alone;
    # - the businesses come back grouped by (end of cover, ever signed, commune) with their ids joined
    #   in one string: a few hundred rows instead of one per business, which is most of the time saved.
    running = (
        CommitmentRecord.voided.is_(False),
        CommitmentRecord.valid_from <= day,
        or_(CommitmentRecord.invalidated_on.is_(None), CommitmentRecord.invalidated_on > day),
    )
    running_parts = union_all(
        select(CommitmentRecord.business_id, CommitmentRecord.valid_to.label("until")).where(
            CommitmentRecord.valid_to >= day, *running
        ),
        select(CommitmentRecord.business_id, literal(OPEN_END, Date).label("until")).where(
            CommitmentRecord.valid_to.is_(None), *running
        ),
    ).subquery()
    covering = (
        select(running_parts.c.business_id, func.max(running_parts.c.until, type_=Date).label("until"))
        .group_by(running_parts.c.business_id)
        .subquery()
    )
    businesses = active_on(day).subquery()
    signed_before = (
        select(CommitmentRecord.id)
        .where(
            CommitmentRecord.business_id == businesses.c.id,
            CommitmentRecord.valid_from <= day,
            CommitmentRecord.voided.is_(False),
        )
        .exists()
    )
    active = (
        select(
            businesses.c.id.label("business_id"),
            businesses.c.commune_id.label("commune_id"),
            covering.c.until.label("until"),
            case((covering.c.until.is_(None), signed_before), else_=literal(True)).label("ever"),
        )
        .select_from(businesses)
        .outerjoin(covering, covering.c.business_id == businesses.c.id)
        .subquery()
    )
    # Grouping by the commune first would let SQLite trade this plan for a slower one that follows
    # ix_business_commune_type; the end of cover first keeps it.
    query = select(
        active.c.until,
        active.c.ever,
        active.c.commune_id,
        func.aggregate_strings(cast(active.c.business_id, String), ","),
    ).group_by(active.c.until, active.c.ever, active.c.commune_id)

    def state_of(raw_until: date | str | None, ever: object) -> str:
        # SQLite may hand back the text of a computed date.
        until = date.fromisoformat(raw_until) if isinstance(raw_until, str) else raw_until
        open_ended = until is not None and until >= OPEN_END - timedelta(days=1)
        return commitment_state(day, None if open_ended else until, until is not None, bool(ever))

    return [
        (commune_id, state_of(until, ever), list(map(int, ids.split(","))))
        for until, ever, commune_id, ids in session.connection().execute(query)
    ]


def states_of(session: Session, day: date) -> dict[int, str]:
    """Commitment state of every business active on `day`, by business id."""
    return {business_id: state for _, state, ids in _state_groups(session, day) for business_id in ids}


def bulk_insert(
    session: Session,
    commitments: list[dict[str, Any]],
    employees: list[dict[str, Any]],
    counts: list[dict[str, Any]],
) -> None:
    """Generated rows (the demo): plain Core inserts, one executemany per table (every row has every key)."""
    for record, values in (
        (CommitmentRecord, commitments),
        (EmployeeRecord, employees),
        (EmployeeCountRecord, counts),
    ):
        if values:
            bulk.insert_rows(session, typing.cast(Table, record.__table__), values)
