"""Support cases in the database: cases and their identities (apart), services, repayments, follow-ups."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.cases import (
    KIND_JOB,
    KIND_LOAN,
    KIND_TRAINING,
    CaseDetail,
    CasePeriodCounts,
    CaseRow,
    ConsentWithdrawal,
    Identity,
    PossibleDuplicate,
    Repayment,
    ValidCase,
    ValidIdentity,
    ValidService,
    case_code,
    duplicate_reason,
)
from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.periods import Period
from desktop_app.storage.models import (
    CaseFollowUpRecord,
    CaseIdentityRecord,
    CaseServiceRecord,
    CommuneRecord,
    LoanRepaymentRecord,
    SupportCaseRecord,
)
from desktop_app.storage.repositories.audit import jsonable
from desktop_app.storage.repositories.bulk import plain_rows

CASE_FIELDS = (
    "intake_date",
    "commune_id",
    "referral_source",
    "needs",
    "consent_on",
    "consent_way",
    "assigned_worker",
    "status",
    "close_reason",
    "notes",
)


def _record(session: Session, case_id: int) -> SupportCaseRecord:
    record = session.get(SupportCaseRecord, case_id)
    if record is None:
        raise NotFoundError("Không tìm thấy hồ sơ.")
    return record


def next_number(session: Session, year: int) -> int:
    c = SupportCaseRecord
    return int(session.scalar(select(func.max(c.number)).where(c.year == year)) or 0) + 1


def add_case(
    session: Session, case: ValidCase, identity: ValidIdentity, now: datetime, number: int | None = None
) -> tuple[int, str]:
    """Add a case and its identity; `number` (within the intake year) is the next free one unless given
    (an import counts on from `next_number` itself). The identity is flushed with the next statement."""
    year = case.intake_date.year
    if number is None:
        number = next_number(session, year)
    record = SupportCaseRecord(
        code=case_code(year, number),
        year=year,
        number=number,
        **{name: getattr(case, name) for name in CASE_FIELDS},
        closed_on=now.date() if case.status == "dong" else None,
        deidentified=False,
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    session.add(
        CaseIdentityRecord(
            case_id=record.id,
            full_name=identity.full_name,
            name_key=identity.name_key,
            birth_date=identity.birth_date,
            birth_year=identity.birth_year,
            sex=identity.sex,
            id_number=identity.id_number,
            address=identity.address,
            phone=identity.phone,
            erased_at=None,
        )
    )
    return record.id, record.code


def update_case(session: Session, case_id: int, case: ValidCase, now: datetime) -> dict[str, Any]:
    """Apply the fields; returns {field: {old, new}} of what changed."""
    record = _record(session, case_id)
    changed: dict[str, Any] = {}
    for name in CASE_FIELDS:
        old, new = getattr(record, name), getattr(case, name)
        if old != new:
            changed[name] = {"old": jsonable(old), "new": jsonable(new)}  # dates as the log writes them
            setattr(record, name, new)
    if "status" in changed:
        record.closed_on = now.date() if case.status == "dong" else None
    if changed:
        record.updated_at = now
    return changed


def update_identity(session: Session, case_id: int, identity: ValidIdentity) -> list[str]:
    """Replace the identity; returns the names of the fields that changed (values never leave here)."""
    record = session.get(CaseIdentityRecord, case_id)
    if record is None or record.erased_at is not None:
        raise NotFoundError("Hồ sơ này không còn thông tin nhân thân.")
    changed = []
    for name in ("full_name", "birth_date", "birth_year", "sex", "id_number", "address", "phone"):
        if getattr(record, name) != getattr(identity, name):
            changed.append(name)
            setattr(record, name, getattr(identity, name))
    record.name_key = identity.name_key
    return changed


def _last_contacts(session: Session) -> dict[int, date]:
    s, f = CaseServiceRecord, CaseFollowUpRecord
    last: dict[int, date] = {}
    for case_id, day in session.execute(
        select(s.case_id, func.max(s.given_on)).where(s.voided.is_(False)).group_by(s.case_id)
    ):
        last[case_id] = day
    for case_id, done in session.execute(
        select(f.case_id, func.max(f.done_on)).where(f.done_on.is_not(None)).group_by(f.case_id)
    ):
        if done is not None and (case_id not in last or done > last[case_id]):
            last[case_id] = done
    return last


def list_rows(session: Session) -> list[CaseRow]:
    c = SupportCaseRecord
    last = _last_contacts(session)
    rows = session.execute(
        select(
            c.id,
            c.code,
            c.intake_date,
            c.commune_id,
            CommuneRecord.name,
            c.status,
            c.assigned_worker,
            c.closed_on,
            c.deidentified,
            c.consent_withdrawn_on,
        )
        .join(CommuneRecord, CommuneRecord.id == c.commune_id)
        .order_by(c.year, c.number)
    )
    return [
        CaseRow(i, code, intake, commune, name, status, worker, last.get(i), closed, deid, withdrawn)
        for i, code, intake, commune, name, status, worker, closed, deid, withdrawn in rows
    ]


def detail(session: Session, case_id: int) -> CaseDetail:
    record = _record(session, case_id)
    commune = session.get(CommuneRecord, record.commune_id)
    case = ValidCase(**{name: getattr(record, name) for name in CASE_FIELDS})
    withdrawal = (
        ConsentWithdrawal(
            record.consent_withdrawn_on, record.consent_withdrawn_way, record.consent_withdrawn_note
        )
        if record.consent_withdrawn_on is not None
        else None
    )
    return CaseDetail(
        record.id,
        record.code,
        case,
        commune.name if commune else "",
        record.closed_on,
        record.deidentified,
        withdrawal,
    )


def record_withdrawal(session: Session, case_id: int, withdrawal: ConsentWithdrawal, now: datetime) -> None:
    """Keep the withdrawal of consent on the case (the case and its history stay)."""
    record = _record(session, case_id)
    record.consent_withdrawn_on = withdrawal.withdrawn_on
    record.consent_withdrawn_way = withdrawal.way
    record.consent_withdrawn_note = withdrawal.note
    record.updated_at = now


def identity(session: Session, case_id: int) -> Identity:
    record = session.get(CaseIdentityRecord, case_id)
    if record is None:
        raise NotFoundError("Không tìm thấy hồ sơ.")
    return Identity(
        case_id,
        record.full_name,
        record.birth_date,
        record.birth_year,
        record.sex,
        record.id_number,
        record.address,
        record.phone,
        record.erased_at is not None,
    )


def possible_duplicates(
    session: Session, new: ValidIdentity, commune_id: int, except_case: int | None = None
) -> list[PossibleDuplicate]:
    """Cases whose identity looks like `new` (same CCCD, or same name key, birth year and commune)."""
    i, c = CaseIdentityRecord, SupportCaseRecord
    conditions = [i.name_key == new.name_key]
    if new.id_number:
        conditions.append(i.id_number == new.id_number)
    query = (
        select(c.id, c.code, c.commune_id, i.id_number, i.name_key, i.birth_year)
        .join(i, i.case_id == c.id)
        .where(i.erased_at.is_(None))
        .where(conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1])
    )
    found = []
    for case_id, code, commune, id_number, name_key, year in session.execute(query):
        if case_id == except_case:
            continue
        reason = duplicate_reason(new, commune_id, id_number, name_key, year, commune)
        if reason is not None:
            found.append(PossibleDuplicate(case_id, code, reason))
    return found


def erase_identity(session: Session, case_id: int, now: datetime) -> None:
    """De-identify: every identity value and search key blanked; the case and its history stay."""
    session.execute(
        update(CaseIdentityRecord)
        .where(CaseIdentityRecord.case_id == case_id)
        .values(
            full_name="",
            name_key="",
            birth_date=None,
            birth_year=None,
            sex="",
            id_number="",
            address="",
            phone="",
            erased_at=now,
        )
    )
    record = _record(session, case_id)
    record.deidentified = True
    record.updated_at = now


# ---- Services


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def add_service(session: Session, service: ValidService, now: datetime) -> int:
    record = CaseServiceRecord(
        case_id=service.case_id,
        kind=service.kind,
        given_on=service.given_on,
        provider=service.provider,
        notes=service.notes,
        details=json.dumps({k: _jsonable(v) for k, v in service.details.items()}, ensure_ascii=False),
        voided=False,
        created_at=now,
    )
    session.add(record)
    session.flush()
    return record.id


def service_record(session: Session, service_id: int) -> CaseServiceRecord:
    record = session.get(CaseServiceRecord, service_id)
    if record is None or record.voided:
        raise NotFoundError("Không tìm thấy lần hỗ trợ.")
    return record


def details_of(record: CaseServiceRecord) -> dict[str, object]:
    data: dict[str, object] = json.loads(record.details or "{}")
    for name in ("start_on", "end_on", "disbursed_on"):
        if isinstance(data.get(name), str):
            data[name] = date.fromisoformat(str(data[name]))
    return data


def services(session: Session, case_id: int | None = None) -> list[CaseServiceRecord]:
    s = CaseServiceRecord
    query = select(s).where(s.voided.is_(False)).order_by(s.given_on, s.id)
    if case_id is not None:
        query = query.where(s.case_id == case_id)
    return list(session.scalars(query))


def repayments(session: Session, service_id: int) -> list[Repayment]:
    r = LoanRepaymentRecord
    rows = session.execute(
        select(r.paid_on, r.amount_vnd).where(r.service_id == service_id).order_by(r.paid_on)
    )
    return [Repayment(day, amount) for day, amount in rows]


def all_repayments(session: Session) -> dict[int, list[Repayment]]:
    r = LoanRepaymentRecord
    found: dict[int, list[Repayment]] = {}
    for service_id, day, amount in session.execute(
        select(r.service_id, r.paid_on, r.amount_vnd).order_by(r.paid_on)
    ):
        found.setdefault(service_id, []).append(Repayment(day, amount))
    return found


def add_repayment(session: Session, service_id: int, repayment: Repayment, now: datetime) -> int:
    record = LoanRepaymentRecord(
        service_id=service_id, paid_on=repayment.paid_on, amount_vnd=repayment.amount_vnd, created_at=now
    )
    session.add(record)
    session.flush()
    return record.id


# ---- Follow-ups


def add_follow_up(session: Session, case_id: int, planned_on: date, notes: str, now: datetime) -> int:
    record = CaseFollowUpRecord(
        case_id=case_id, planned_on=planned_on, done_on=None, notes=notes, created_at=now
    )
    session.add(record)
    session.flush()
    return record.id


def mark_follow_up_done(session: Session, follow_up_id: int, done_on: date, notes: str) -> int:
    record = session.get(CaseFollowUpRecord, follow_up_id)
    if record is None:
        raise NotFoundError("Không tìm thấy lần theo dõi.")
    record.done_on = done_on
    if notes:
        record.notes = notes
    return record.case_id


def follow_ups(
    session: Session, case_id: int | None = None, open_only: bool = False
) -> list[CaseFollowUpRecord]:
    f = CaseFollowUpRecord
    query = select(f).order_by(f.planned_on, f.id)
    if case_id is not None:
        query = query.where(f.case_id == case_id)
    if open_only:
        query = query.where(f.done_on.is_(None))
    return list(session.scalars(query))


def identity_keys(session: Session) -> list[tuple[str, str, str, int | None, int]]:
    """(code, CCCD, name key, birth year, commune) of every identity not erased: for duplicate checks."""
    i, c = CaseIdentityRecord, SupportCaseRecord
    rows = session.execute(
        select(c.code, i.id_number, i.name_key, i.birth_year, c.commune_id)
        .join(i, i.case_id == c.id)
        .where(i.erased_at.is_(None))
    )
    return [(code, number, key, year, commune) for code, number, key, year, commune in rows]


def export_rows(session: Session) -> list[tuple[CaseRow, Identity]]:
    """Every case with its identity (erased ones blank), by code."""
    return [(row, identity(session, row.id)) for row in list_rows(session)]


def period_counts(session: Session, period: Period) -> CasePeriodCounts:
    """The period's intakes and services (not voided), each person counted once per figure."""
    k = CaseServiceRecord
    new_cases = session.scalar(
        select(func.count())
        .select_from(SupportCaseRecord)
        .where(SupportCaseRecord.intake_date >= period.start, SupportCaseRecord.intake_date <= period.end)
    )
    rows = plain_rows(
        session,
        select(k.case_id, k.kind, k.details).where(
            k.voided.is_(False), k.given_on >= period.start, k.given_on <= period.end
        ),
    )
    by_kind: dict[str, int] = {}
    people: dict[str, set[int]] = {}
    loans = amount = 0
    for case_id, kind, details in rows:
        by_kind[kind] = by_kind.get(kind, 0) + 1
        people.setdefault(kind, set()).add(case_id)
        if kind == KIND_LOAN:
            loans += 1
            amount += int(json.loads(details or "{}").get("amount_vnd") or 0)
    return CasePeriodCounts(
        new_cases=int(new_cases or 0),
        people_supported=len({row[0] for row in rows}),
        services_by_kind=by_kind,
        people_trained=len(people.get(KIND_TRAINING, ())),
        people_employed=len(people.get(KIND_JOB, ())),
        people_with_loans=len(people.get(KIND_LOAN, ())),
        loans_count=loans,
        loans_amount_vnd=amount,
    )
