"""What the imports and exports of the dated registers read and write beyond the clerk's own forms: the keys
an import finds duplicates by, the rows of each exported list, and a business's status history written
in any order (an office bringing its history in)."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.activities import HealthyStatus
from desktop_app.domain.text import search_key
from desktop_app.storage.models import (
    BusinessRecord,
    BusinessStatusEventRecord,
    CaseFollowUpRecord,
    CaseServiceRecord,
    CommuneRecord,
    EmployeeRecord,
    HealthyCommuneStatusRecord,
    LoanRepaymentRecord,
    SupportCaseRecord,
)
from desktop_app.storage.repositories import cases as cases_repo
from desktop_app.storage.repositories.audit import log_change
from desktop_app.storage.repositories.businesses import keep_latest_status


# ---- Healthy-commune statuses
def healthy_status_keys(session: Session) -> set[tuple[int, int]]:
    """(commune, year) of every status recorded and not voided."""
    s = HealthyCommuneStatusRecord
    return {(c, y) for c, y in session.execute(select(s.commune_id, s.year).where(s.voided.is_(False)))}


def healthy_status_rows(session: Session) -> list[HealthyStatus]:
    """Every recorded status (not voided), by year then the communes' order."""
    s, c = HealthyCommuneStatusRecord, CommuneRecord
    query = (
        select(s, c.name, c.active)
        .join(c, c.id == s.commune_id)
        .where(s.voided.is_(False))
        .order_by(s.year, c.sort_order, c.id)
    )
    return [
        HealthyStatus(
            r.commune_id,
            name,
            active,
            r.year,
            r.registered,
            r.recognised,
            r.decision_number,
            r.decision_date,
            r.notes,
            True,
        )
        for r, name, active in session.execute(query)
    ]


# ---- Business status changes
def status_events(session: Session, ids: list[int] | None = None) -> dict[int, list[tuple[date, int, str]]]:
    """Every business's (not voided; among `ids` if given) status events as (effective on, id, status),
    oldest first."""
    e, b = BusinessStatusEventRecord, BusinessRecord
    query = (
        select(e.business_id, e.effective_on, e.id, e.status)
        .join(b, b.id == e.business_id)
        .where(b.voided.is_(False))
        .order_by(e.business_id, e.effective_on, e.id)
    )
    if ids is not None:
        query = query.where(e.business_id.in_(sorted(set(ids))))
    events: dict[int, list[tuple[date, int, str]]] = {}
    for business_id, day, event_id, status in session.execute(query):
        events.setdefault(business_id, []).append((day, event_id, status))
    return events


def status_change_rows(session: Session) -> list[tuple[str, str, str, str, date, str]]:
    """(business name, registration number, commune, status, effective on, note) of every status change
    after a business's first status (the one it was entered with), by business then date."""
    e, b, c = BusinessStatusEventRecord, BusinessRecord, CommuneRecord
    query = (
        select(b.id, b.name, b.registration_number, c.name, e.status, e.effective_on, e.note)
        .join(b, b.id == e.business_id)
        .join(c, c.id == b.commune_id)
        .where(b.voided.is_(False))
        .order_by(c.sort_order, b.name, b.id, e.effective_on, e.id)
    )
    rows: list[tuple[str, str, str, str, date, str]] = []
    first_seen: set[int] = set()
    for business_id, name, number, commune, status, day, note in session.execute(query):
        if business_id not in first_seen:
            first_seen.add(business_id)
            continue
        rows.append((name, number or "", commune, status, day, note))
    return rows


def add_status_event(
    session: Session, business_id: int, status: str, effective_on: date, note: str, now: datetime
) -> None:
    """A dated status change, in any order of dates: the business keeps the status of its latest event."""
    session.add(
        BusinessStatusEventRecord(
            business_id=business_id, status=status, effective_on=effective_on, note=note, recorded_at=now
        )
    )
    latest = keep_latest_status(session, business_id)
    record = session.get(BusinessRecord, business_id)
    assert record is not None
    old = record.status
    record.status, record.status_since, record.updated_at = latest[0], latest[1], now
    log_change(
        session,
        "business",
        business_id,
        "status",
        {"status": {"old": old, "new": record.status}, "effective_on": effective_on},
        now,
    )


def voided_businesses(session: Session, ids: list[int]) -> set[int]:
    b = BusinessRecord
    wanted = sorted(set(ids))
    return set(session.scalars(select(b.id).where(b.id.in_(wanted), b.voided.is_(True))))


# ---- Employees
def employee_keys(session: Session) -> set[tuple[int, str, date | None, str]]:
    """(business, name search key, birth date, CCCD) of every employee not voided."""
    m = EmployeeRecord
    query = select(m.business_id, m.full_name, m.birth_date, m.id_number).where(m.voided.is_(False))
    return {(b, search_key(n), d, i or "") for b, n, d, i in session.execute(query)}


def employee_rows(
    session: Session,
) -> list[tuple[str, str, str, str, date | None, str, str, date | None, date | None]]:
    """(business, registration number, commune, name, birth date, CCCD, position, started, signed) of every
    employee not voided of a business not voided, by business then entry."""
    m, b, c = EmployeeRecord, BusinessRecord, CommuneRecord
    query = (
        select(
            b.name,
            b.registration_number,
            c.name,
            m.full_name,
            m.birth_date,
            m.id_number,
            m.position,
            m.started_on,
            m.signed_on,
        )
        .join(b, b.id == m.business_id)
        .join(c, c.id == b.commune_id)
        .where(m.voided.is_(False), b.voided.is_(False))
        .order_by(c.sort_order, b.name, b.id, m.id)
    )
    return [
        (n, r or "", cn, fn, bd, i or "", p, s, sg)
        for n, r, cn, fn, bd, i, p, s, sg in session.execute(query)
    ]


# ---- Support services and follow-ups of cases
def case_refs(session: Session) -> dict[str, tuple[int, date, date | None, str, date | None]]:
    """By case code: (id, intake date, closed on, status, consent withdrawn on) of every case."""
    s = SupportCaseRecord
    query = select(s.code, s.id, s.intake_date, s.closed_on, s.status, s.consent_withdrawn_on)
    return {
        code: (i, intake, closed, status, withdrawn)
        for code, i, intake, closed, status, withdrawn in session.execute(query)
    }


def service_keys(session: Session) -> set[tuple[int, str, date, str]]:
    """(case, kind, date, provider search key) of every service not voided."""
    r = CaseServiceRecord
    query = select(r.case_id, r.kind, r.given_on, r.provider).where(r.voided.is_(False))
    return {(c, k, d, search_key(p)) for c, k, d, p in session.execute(query)}


class ServiceRow(NamedTuple):
    """A service of a case as the list shows it (the case by its code only)."""

    code: str
    kind: str
    given_on: date
    provider: str
    notes: str
    details: dict[str, object]
    repayments: list[tuple[date, int]]  # (paid on, amount), oldest first


def service_rows(session: Session) -> list[ServiceRow]:
    """Every service not voided of a case whose person did not withdraw consent, by case then date."""
    r, s = CaseServiceRecord, SupportCaseRecord
    query = (
        select(s.code, r)
        .join(s, s.id == r.case_id)
        .where(r.voided.is_(False), s.consent_withdrawn_on.is_(None))
        .order_by(s.year, s.number, r.given_on, r.id)
    )
    found = [(code, record) for code, record in session.execute(query)]
    paid: dict[int, list[tuple[date, int]]] = {}
    p = LoanRepaymentRecord
    ids = [record.id for _code, record in found]
    if ids:
        for service_id, day, amount in session.execute(
            select(p.service_id, p.paid_on, p.amount_vnd)
            .where(p.service_id.in_(ids))
            .order_by(p.service_id, p.paid_on, p.id)
        ):
            paid.setdefault(service_id, []).append((day, amount))
    return [
        ServiceRow(
            code, r.kind, r.given_on, r.provider, r.notes, cases_repo.details_of(r), paid.get(r.id, [])
        )
        for code, r in found
    ]


def follow_up_keys(session: Session) -> set[tuple[int, date]]:
    f = CaseFollowUpRecord
    return {(c, d) for c, d in session.execute(select(f.case_id, f.planned_on))}


def follow_up_rows(session: Session) -> list[tuple[str, date, date | None, str]]:
    """(case code, planned on, done on, notes) of every follow-up of a case whose person did not withdraw
    consent, by case then date."""
    f, s = CaseFollowUpRecord, SupportCaseRecord
    query = (
        select(s.code, f.planned_on, f.done_on, f.notes)
        .join(s, s.id == f.case_id)
        .where(s.consent_withdrawn_on.is_(None))
        .order_by(s.year, s.number, f.planned_on, f.id)
    )
    return [(code, planned, done, notes) for code, planned, done, notes in session.execute(query)]


def add_follow_up(
    session: Session, case_id: int, planned_on: date, done_on: date | None, notes: str, now: datetime
) -> int:
    record = CaseFollowUpRecord(
        case_id=case_id, planned_on=planned_on, done_on=done_on, notes=notes, created_at=now
    )
    session.add(record)
    session.flush()
    return record.id
