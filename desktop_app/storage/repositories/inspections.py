"""Inspection rounds, visits, the legal-basis catalogue, hot-spots, and the coverage and register queries."""

from __future__ import annotations

import json
import typing
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import Table, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.businesses import STATUS_ACTIVE
from desktop_app.domain.errors import ConflictError, NotFoundError
from desktop_app.domain.inspections import (
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    VIOLATION_RESULTS,
    BusinessFigures,
    Hotspot,
    InspectionRound,
    InspectionStatus,
    LegalBasis,
    LegalBasisInput,
    Targets,
    ValidHotspot,
    ValidRound,
    ValidVisit,
    Visit,
    VisitFigures,
    YearTargets,
)
from desktop_app.domain.legal import PENALTY_KIND_LABELS
from desktop_app.domain.periods import Period
from desktop_app.storage.models import (
    AppSettingRecord,
    BusinessRecord,
    BusinessStatusEventRecord,
    CommuneRecord,
    HotspotRecord,
    InspectionRoundRecord,
    InspectionRoundScopeRecord,
    InspectionVisitRecord,
    LegalBasisRecord,
    VisitLegalBasisRecord,
)
from desktop_app.storage.repositories.bulk import plain_date, plain_rows
from desktop_app.storage.repositories.business_versions import COMMUNE, VersionBook
from desktop_app.storage.repositories.businesses import status_stands_on

TARGETS_KEY = "inspection.targets"


# ---- Settings
def get_targets(session: Session) -> Targets:
    record = session.get(AppSettingRecord, TARGETS_KEY)
    if record is None:
        return Targets()
    data = json.loads(record.value)
    years = tuple(
        YearTargets(
            int(y["year"]), int(y["commitment_pct"]), int(y["inspected_pct"]), int(y["communication_pct"])
        )
        for y in data.get("years", [])
    )
    return Targets(int(data["annual_pct"]), date.fromisoformat(data["programme_start"]), years)


def set_targets(session: Session, targets: Targets) -> None:
    record = session.get(AppSettingRecord, TARGETS_KEY)
    if record is None:
        record = AppSettingRecord(key=TARGETS_KEY)
        session.add(record)
    record.value = json.dumps(
        {
            "annual_pct": targets.annual_pct,
            "programme_start": targets.programme_start.isoformat(),
            "years": [asdict(line) for line in sorted(targets.years, key=lambda line: line.year)],
        }
    )


# ---- Legal basis catalogue
def _legal(record: LegalBasisRecord) -> LegalBasis:
    return LegalBasis(
        record.id,
        record.decree,
        record.article,
        record.clause,
        record.point,
        record.text,
        record.active,
        fine_min=record.fine_min,
        fine_max=record.fine_max,
        organisation_factor=record.organisation_factor,
        applies_to=tuple(a for a in record.applies_to.split(",") if a),
        warning_allowed=record.warning_allowed,
        valid_from=plain_date(record.valid_from),
        valid_to=plain_date(record.valid_to),
        source=record.source,
        verified=record.verified,
        catalogue_version=record.catalogue_version,
        replaces=tuple(
            (parts[0], parts[1], parts[2], parts[3])
            for parts in (line.split("|") for line in record.replaces.splitlines())
            if len(parts) == 4
        ),
    )


def list_legal_basis(session: Session, include_inactive: bool = False) -> list[LegalBasis]:
    query = select(LegalBasisRecord).order_by(
        LegalBasisRecord.decree.desc(),
        func.length(LegalBasisRecord.article),
        LegalBasisRecord.article,
        func.length(LegalBasisRecord.clause),
        LegalBasisRecord.clause,
        LegalBasisRecord.point,
    )
    if not include_inactive:
        query = query.where(LegalBasisRecord.active.is_(True))
    return [_legal(r) for r in session.scalars(query)]


def _same_reference(session: Session, entry: LegalBasisInput, other_than: int | None) -> bool:
    query = select(LegalBasisRecord.id).where(
        LegalBasisRecord.decree == entry.decree,
        LegalBasisRecord.article == entry.article,
        LegalBasisRecord.clause == entry.clause,
        LegalBasisRecord.point == entry.point,
    )
    if other_than is not None:
        query = query.where(LegalBasisRecord.id != other_than)
    return session.scalar(query) is not None


def save_legal_basis(session: Session, entry: LegalBasisInput, legal_basis_id: int | None) -> int:
    """Add (id None) or change an entry. Raises ConflictError for a duplicate reference, NotFoundError."""
    if _same_reference(session, entry, legal_basis_id):
        raise ConflictError("Căn cứ này đã có trong danh mục.", "article")
    if legal_basis_id is None:
        record = LegalBasisRecord()
        session.add(record)
    else:
        found = session.get(LegalBasisRecord, legal_basis_id)
        if found is None:
            raise NotFoundError("Không tìm thấy căn cứ này.")
        record = found
    record.decree, record.article, record.clause = entry.decree, entry.article, entry.clause
    record.point, record.text, record.active = entry.point, entry.text, entry.active
    session.flush()
    return record.id


def legal_basis_by_ids(session: Session, ids: Sequence[int]) -> list[LegalBasis]:
    if not ids:
        return []
    records = session.scalars(select(LegalBasisRecord).where(LegalBasisRecord.id.in_(ids)))
    found = {r.id: _legal(r) for r in records}
    return [found[i] for i in ids if i in found]


def legal_basis_exist(session: Session, ids: Sequence[int]) -> bool:
    if not ids:
        return True
    found = session.scalar(select(func.count()).where(LegalBasisRecord.id.in_(ids)))
    return found == len(set(ids))


# ---- Rounds
def _members_text(members: Sequence[str]) -> str:
    return "\n".join(members)


def _members(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.splitlines() if line)


def _write_round(record: InspectionRoundRecord, data: ValidRound, now: datetime) -> None:
    record.plan_number, record.plan_date = data.plan_number, data.plan_date
    record.decision_number, record.decision_date = data.decision_number, data.decision_date
    record.team_name, record.team_level = data.team_name, data.team_level
    record.members = _members_text(data.members)
    record.starts_on, record.ends_on = data.starts_on, data.ends_on
    record.scope, record.notes = data.scope, data.notes
    record.updated_at = now


def _write_scope(session: Session, round_id: int, data: ValidRound) -> None:
    session.execute(delete(InspectionRoundScopeRecord).where(InspectionRoundScopeRecord.round_id == round_id))
    session.add_all(
        [InspectionRoundScopeRecord(round_id=round_id, commune_id=c) for c in data.commune_ids]
        + [InspectionRoundScopeRecord(round_id=round_id, business_id=b) for b in data.business_ids]
    )


def add_round(session: Session, data: ValidRound, now: datetime) -> int:
    record = InspectionRoundRecord(voided=False, created_at=now)
    _write_round(record, data, now)
    session.add(record)
    session.flush()
    _write_scope(session, record.id, data)
    return record.id


def _round_record(session: Session, round_id: int) -> InspectionRoundRecord:
    record = session.get(InspectionRoundRecord, round_id)
    if record is None or record.voided:
        raise NotFoundError("Không tìm thấy đợt kiểm tra này.")
    return record


def update_round(session: Session, round_id: int, data: ValidRound, now: datetime) -> None:
    """Raises NotFoundError, ConflictError when a visit of the round would fall outside its new dates."""
    record = _round_record(session, round_id)
    outside = session.scalar(
        select(func.count()).where(
            InspectionVisitRecord.round_id == round_id,
            InspectionVisitRecord.voided.is_(False),
            or_(
                InspectionVisitRecord.visit_date < data.starts_on,
                InspectionVisitRecord.visit_date > data.ends_on,
            ),
        )
    )
    if outside:
        raise ConflictError(
            f"Có {outside} lượt kiểm tra của đợt nằm ngoài thời gian mới; sửa các lượt đó trước.", "starts_on"
        )
    _write_round(record, data, now)
    _write_scope(session, round_id, data)


def void_round(session: Session, round_id: int, now: datetime) -> None:
    """Raises NotFoundError, ConflictError while the round still has visits."""
    record = _round_record(session, round_id)
    visits = session.scalar(
        select(func.count()).where(
            InspectionVisitRecord.round_id == round_id, InspectionVisitRecord.voided.is_(False)
        )
    )
    if visits:
        raise ConflictError("Đợt kiểm tra còn lượt kiểm tra; hủy các lượt đó trước.")
    record.voided = True
    record.updated_at = now


def _rounds(session: Session, ids: Sequence[int] | None) -> list[InspectionRound]:
    visit = InspectionVisitRecord
    counts = (
        select(
            visit.round_id,
            func.count().label("visits"),
            func.sum(case((visit.result != RESULT_PLANNED, 1), else_=0)).label("done"),
            func.sum(case((visit.result.in_(VIOLATION_RESULTS), 1), else_=0)).label("violations"),
        )
        .where(visit.voided.is_(False), visit.round_id.is_not(None))
        .group_by(visit.round_id)
        .subquery()
    )
    query = (
        select(InspectionRoundRecord, counts.c.visits, counts.c.done, counts.c.violations)
        .outerjoin(counts, counts.c.round_id == InspectionRoundRecord.id)
        .where(InspectionRoundRecord.voided.is_(False))
        .order_by(InspectionRoundRecord.starts_on.desc(), InspectionRoundRecord.id.desc())
    )
    if ids is not None:
        query = query.where(InspectionRoundRecord.id.in_(ids))
    rows = session.execute(query).all()
    scopes: dict[int, tuple[list[int], list[int]]] = {r.id: ([], []) for r, *_ in rows}
    if scopes:
        for scope in session.scalars(
            select(InspectionRoundScopeRecord)
            .where(InspectionRoundScopeRecord.round_id.in_(list(scopes)))
            .order_by(InspectionRoundScopeRecord.id)
        ):
            communes, businesses = scopes[scope.round_id]
            if scope.commune_id is not None:
                communes.append(scope.commune_id)
            if scope.business_id is not None:
                businesses.append(scope.business_id)
    return [
        InspectionRound(
            id=r.id,
            plan_number=r.plan_number,
            plan_date=r.plan_date,
            decision_number=r.decision_number,
            decision_date=r.decision_date,
            team_name=r.team_name,
            team_level=r.team_level,
            members=_members(r.members),
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            scope=r.scope,
            commune_ids=tuple(scopes[r.id][0]),
            business_ids=tuple(scopes[r.id][1]),
            notes=r.notes,
            visits=int(visits or 0),
            visits_done=int(done or 0),
            violations=int(violations or 0),
        )
        for r, visits, done, violations in rows
    ]


def list_rounds(session: Session) -> list[InspectionRound]:
    return _rounds(session, None)


def get_round(session: Session, round_id: int) -> InspectionRound:
    found = _rounds(session, [round_id])
    if not found:
        raise NotFoundError("Không tìm thấy đợt kiểm tra này.")
    return found[0]


# ---- Visits
def _write_visit(record: InspectionVisitRecord, data: ValidVisit, now: datetime) -> None:
    record.business_id, record.round_id = data.business_id, data.round_id
    record.visit_date, record.visit_time, record.kind = data.visit_date, data.visit_time, data.kind
    record.members_present = _members_text(data.members_present)
    record.checklist = json.dumps(data.checklist, sort_keys=True)
    record.findings, record.minutes_number, record.result = data.findings, data.minutes_number, data.result
    record.prostitution_related = data.prostitution_related
    record.decision_number, record.decision_date = data.decision_number, data.decision_date
    record.fine_vnd, record.extra_measures = data.fine_vnd, data.extra_measures
    record.follow_up_due, record.follows_up_id = data.follow_up_due, data.follows_up_id
    record.notes = data.notes
    record.offender_kind = data.offender_kind or "organisation"
    record.penalty_kinds = ",".join(data.penalty_kinds)
    record.updated_at = now


def _write_legal(session: Session, visit_id: int, ids: Sequence[int]) -> None:
    session.execute(delete(VisitLegalBasisRecord).where(VisitLegalBasisRecord.visit_id == visit_id))
    session.add_all([VisitLegalBasisRecord(visit_id=visit_id, legal_basis_id=i) for i in ids])


def add_visit(session: Session, data: ValidVisit, now: datetime) -> int:
    record = InspectionVisitRecord(voided=False, created_at=now)
    _write_visit(record, data, now)
    session.add(record)
    session.flush()
    _write_legal(session, record.id, data.legal_basis_ids)
    return record.id


def _visit_record(session: Session, visit_id: int) -> InspectionVisitRecord:
    record = session.get(InspectionVisitRecord, visit_id)
    if record is None or record.voided:
        raise NotFoundError("Không tìm thấy lượt kiểm tra này.")
    return record


def update_visit(session: Session, visit_id: int, data: ValidVisit, now: datetime) -> dict[str, Any]:
    """Returns the changed fields (old values) for the change log. Raises NotFoundError."""
    record = _visit_record(session, visit_id)
    before = {
        c: getattr(record, c)
        for c in ("visit_date", "result", "fine_vnd", "decision_number", "offender_kind", "penalty_kinds")
    }
    _write_visit(record, data, now)
    _write_legal(session, visit_id, data.legal_basis_ids)
    return {k: v for k, v in before.items() if getattr(record, k) != v}


def void_visit(session: Session, visit_id: int, now: datetime) -> None:
    """Raises NotFoundError, ConflictError when a follow-up visit links to it."""
    record = _visit_record(session, visit_id)
    linked = session.scalar(
        select(func.count()).where(
            InspectionVisitRecord.follows_up_id == visit_id, InspectionVisitRecord.voided.is_(False)
        )
    )
    if linked:
        raise ConflictError("Lượt kiểm tra này đã có lượt hậu kiểm; hủy lượt hậu kiểm trước.")
    record.voided = True
    record.updated_at = now


def open_follow_up_of(session: Session, visit_id: int) -> int | None:
    """The done, not voided visit that closes `visit_id`'s follow-up, if any."""
    return session.scalar(
        select(func.min(InspectionVisitRecord.id)).where(
            InspectionVisitRecord.follows_up_id == visit_id,
            InspectionVisitRecord.voided.is_(False),
            InspectionVisitRecord.result != RESULT_PLANNED,
        )
    )


def _has_follow_up() -> Any:
    """A follow-up is due. Written as a range so that SQLite reads ix_inspection_visit_follow_up_due (a few
    per cent of the visits) instead of scanning them all for IS NOT NULL."""
    return InspectionVisitRecord.follow_up_due >= date(1900, 1, 1)


_T = TypeVar("_T")

_VISIT_FIELDS = (
    "id",
    "business_id",
    "round_id",
    "visit_date",
    "visit_time",
    "kind",
    "members_present",
    "checklist",
    "findings",
    "minutes_number",
    "result",
    "prostitution_related",
    "decision_number",
    "decision_date",
    "fine_vnd",
    "extra_measures",
    "follow_up_due",
    "follows_up_id",
    "notes",
    "offender_kind",
    "penalty_kinds",
)


def _visits(
    session: Session, *conditions: Any, limit: int | None = None, ordered: bool = True
) -> list[Visit]:
    """Visits not voided matching `conditions`, newest first unless `ordered` is False (the caller sorts;
    an ORDER BY would draw SQLite to the date index instead of a selective one)."""
    v = InspectionVisitRecord
    closer = aliased(InspectionVisitRecord)
    closed_by = (
        select(func.min(closer.id))
        .where(closer.follows_up_id == v.id, closer.voided.is_(False), closer.result != RESULT_PLANNED)
        .scalar_subquery()
    )
    # Plain columns, not the mapped class: the 20,000 visits of a round come back as tuples, much faster.
    query = (
        select(
            *(getattr(v, field) for field in _VISIT_FIELDS),
            BusinessRecord.name.label("business_name"),
            BusinessRecord.commune_id.label("commune_id"),
            CommuneRecord.name.label("commune_name"),
            InspectionRoundRecord.plan_number.label("round_plan_number"),
            closed_by.label("closed_by_id"),
        )
        .join(BusinessRecord, BusinessRecord.id == v.business_id)
        .join(CommuneRecord, CommuneRecord.id == BusinessRecord.commune_id)
        .outerjoin(InspectionRoundRecord, InspectionRoundRecord.id == v.round_id)
        .where(v.voided.is_(False), *conditions)
    )
    if ordered:
        query = query.order_by(v.visit_date.desc(), v.visit_time.desc(), v.id.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    ids = [r[0] for r in rows]
    linked: dict[int, list[int]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for visit_id, basis_id in session.execute(
            select(VisitLegalBasisRecord.visit_id, LegalBasisRecord.id)
            .join(LegalBasisRecord, LegalBasisRecord.id == VisitLegalBasisRecord.legal_basis_id)
            .where(VisitLegalBasisRecord.visit_id.in_(chunk))
            .order_by(LegalBasisRecord.decree.desc(), LegalBasisRecord.article, LegalBasisRecord.clause)
        ):
            linked[visit_id].append(basis_id)
    wanted = {basis_id for found in linked.values() for basis_id in found}
    bases = {
        record.id: _legal(record)
        for record in (
            session.scalars(select(LegalBasisRecord).where(LegalBasisRecord.id.in_(wanted))) if wanted else ()
        )
    }
    # A round's visits repeat the same business and commune names, member lists and checklists: one object
    # for each distinct value (a checklist is still a dict of its own per visit, holding shared strings).
    shared: dict[object, object] = {}
    checklists: dict[str, dict[str, str]] = {}

    def same(value: _T) -> _T:
        return cast(_T, shared.setdefault(value, value))

    def checklist_of(text: str) -> dict[str, str]:
        if not text or text == "{}":
            return {}
        parsed = checklists.get(text)
        if parsed is None:
            parsed = checklists[text] = {same(k): same(v) for k, v in json.loads(text).items()}
        return dict(parsed)

    visits: list[Visit] = []
    for (
        visit_id,
        business_id,
        round_id,
        visit_date,
        visit_time,
        kind,
        members,
        checklist,
        findings,
        minutes_number,
        result,
        prostitution_related,
        decision_number,
        decision_date,
        fine_vnd,
        extra_measures,
        follow_up_due,
        follows_up_id,
        notes,
        offender_kind,
        penalty_kinds,
        business_name,
        commune_id,
        commune_name,
        round_plan_number,
        closed_by_id,
    ) in rows:
        visits.append(
            Visit(
                id=visit_id,
                business_id=business_id,
                business_name=same(business_name),
                commune_id=commune_id,
                commune_name=same(commune_name),
                round_id=round_id,
                round_plan_number=round_plan_number or "",
                visit_date=same(visit_date),
                visit_time=_time(visit_time),
                kind=same(kind),
                members_present=same(_members(members)) if members else (),
                checklist=checklist_of(checklist),
                findings=same(findings),
                minutes_number=minutes_number,
                result=same(result),
                prostitution_related=prostitution_related,
                decision_number=same(decision_number),
                decision_date=same(decision_date),
                legal_basis=tuple(bases[b] for b in linked[visit_id]),
                fine_vnd=fine_vnd,
                extra_measures=same(extra_measures),
                follow_up_due=same(follow_up_due),
                follows_up_id=follows_up_id,
                closed_by_id=closed_by_id,
                notes=same(notes),
                offender_kind=same(offender_kind),
                penalty_kinds=same(tuple(k for k in penalty_kinds.split(",") if k)) if penalty_kinds else (),
            )
        )
    return visits


def _time(value: time | str | None) -> time | None:
    if isinstance(value, str):  # SQLite may hand back text
        return time.fromisoformat(value)
    return value


def get_visit(session: Session, visit_id: int) -> Visit:
    found = _visits(session, InspectionVisitRecord.id == visit_id)
    if not found:
        raise NotFoundError("Không tìm thấy lượt kiểm tra này.")
    return found[0]


def list_visits(
    session: Session,
    round_id: int | None = None,
    business_id: int | None = None,
    period: Period | None = None,
    limit: int | None = None,
) -> list[Visit]:
    v = InspectionVisitRecord
    conditions: list[Any] = []
    if round_id is not None:
        conditions.append(v.round_id == round_id)
    if business_id is not None:
        conditions.append(v.business_id == business_id)
    if period is not None:
        conditions.append(v.visit_date.between(period.start, period.end))
    return _visits(session, *conditions, limit=limit)


def open_follow_ups(session: Session, business_id: int | None = None) -> list[Visit]:
    """Done visits with a follow-up due and no done follow-up visit yet, the earliest due first."""
    v = InspectionVisitRecord
    closer = aliased(InspectionVisitRecord)
    not_closed = ~(
        select(closer.id)
        .where(closer.follows_up_id == v.id, closer.voided.is_(False), closer.result != RESULT_PLANNED)
        .exists()
    )
    conditions: list[Any] = [_has_follow_up(), not_closed]
    if business_id is not None:
        conditions.append(v.business_id == business_id)
    visits = _visits(session, *conditions, ordered=False)
    return sorted(visits, key=lambda x: (x.follow_up_due or date.max, x.id))


def planned_visits(session: Session) -> list[Visit]:
    return sorted(
        _visits(session, InspectionVisitRecord.result == RESULT_PLANNED, ordered=False),
        key=lambda x: (x.visit_date, x.id),
    )


class PenaltyFacts(NamedTuple):
    """What the catalogue's rule reads of a recorded penalty (a light read of every penalty)."""

    visit_id: int
    visit_date: date
    decision_date: date | None
    offender_kind: str
    penalty_kinds: tuple[str, ...]
    fine_vnd: int
    legal_basis_ids: tuple[int, ...]


def penalty_facts(session: Session) -> list[PenaltyFacts]:
    """Every recorded (not voided) penalty of a business not voided, the earliest first."""
    v = InspectionVisitRecord
    rows = plain_rows(
        session,
        select(v.id, v.visit_date, v.decision_date, v.offender_kind, v.penalty_kinds, v.fine_vnd)
        .join(BusinessRecord, BusinessRecord.id == v.business_id)
        .where(v.result == RESULT_PENALTY, v.voided.is_(False), BusinessRecord.voided.is_(False))
        .order_by(v.visit_date, v.id),
    )
    links: dict[int, list[int]] = {}
    link = VisitLegalBasisRecord
    for visit_id, basis_id in plain_rows(
        session,
        select(link.visit_id, link.legal_basis_id)
        .join(v, v.id == link.visit_id)
        .where(v.result == RESULT_PENALTY, v.voided.is_(False))
        .order_by(link.visit_id, link.legal_basis_id),
    ):
        links.setdefault(visit_id, []).append(basis_id)
    return [
        PenaltyFacts(
            visit_id,
            plain_date(visit_date) or date.min,
            plain_date(decision_date),
            offender,
            tuple(k for k in kinds.split(",") if k),
            fine,
            tuple(links.get(visit_id, ())),
        )
        for visit_id, visit_date, decision_date, offender, kinds, fine in rows
    ]


def export_visits(session: Session, period: Period | None = None) -> list[Visit]:
    return sorted(list_visits(session, period=period), key=lambda x: (x.visit_date, x.id))


# ---- Register status
def statuses(session: Session) -> dict[int, InspectionStatus]:
    """Last done visit, last violation and open follow-ups of every business that has visits."""
    v = InspectionVisitRecord
    done = select(
        v.business_id,
        func.max(case((v.result != RESULT_PLANNED, v.visit_date))),
        func.max(case((v.result.in_(VIOLATION_RESULTS), v.visit_date))),
    ).where(v.voided.is_(False))
    closer = aliased(InspectionVisitRecord)
    open_ = select(v.business_id).where(
        v.voided.is_(False),
        _has_follow_up(),
        ~select(closer.id)
        .where(closer.follows_up_id == v.id, closer.voided.is_(False), closer.result != RESULT_PLANNED)
        .exists(),
    )
    connection = session.connection()  # Core rows: ORM row loading would add a third to the time
    open_counts = Counter(int(b) for b in connection.scalars(open_))
    result: dict[int, InspectionStatus] = {}
    for business_id, last, violation in connection.execute(done.group_by(v.business_id)):
        result[int(business_id)] = InspectionStatus(
            plain_date(last), plain_date(violation), open_counts.get(int(business_id), 0)
        )
    return result


# ---- Coverage
def active_at(session: Session, day: date, book: VersionBook | None = None) -> dict[int, int]:
    """Business id → commune id of the businesses active on `day`: not voided, and the latest status event
    on or before that day says active (an anti-join answered from ix_business_status_event_business_on).
    The commune is the business's commune as of `day` (its versions, `book`, read here when not given)."""
    event = BusinessStatusEventRecord
    query = (
        select(BusinessRecord.id, BusinessRecord.commune_id)
        .select_from(event)
        .join(BusinessRecord, BusinessRecord.id == event.business_id)
        .where(
            BusinessRecord.voided.is_(False),
            event.status == STATUS_ACTIVE,
            status_stands_on(event, day),
        )
    )
    book = book if book is not None else VersionBook.load(session, since=day)
    return book.communes_on(dict(plain_rows(session, query)), day)


def _inspected_between(session: Session, start: date, end: date) -> set[int]:
    v = InspectionVisitRecord
    query = select(v.business_id).distinct().where(*_done_between(start, end))
    return {b for (b,) in plain_rows(session, query)}


def penalty_kinds_between(
    session: Session, start: date, end: date, book: VersionBook | None = None
) -> list[tuple[int, tuple[str, ...]]]:
    """(commune id, kinds of penalty) of each penalty decided on a visit of [start, end] (businesses not
    voided), the commune being the business's on the visit's day when `book` knows its versions; few rows:
    read apart from the coverage's covering index."""
    v = InspectionVisitRecord
    query = (
        select(BusinessRecord.commune_id, v.penalty_kinds, v.business_id, v.visit_date)
        .join(BusinessRecord, BusinessRecord.id == v.business_id)
        .where(*_done_between(start, end), v.result == RESULT_PENALTY, BusinessRecord.voided.is_(False))
    )
    found: list[tuple[int, tuple[str, ...]]] = []
    for commune_id, kinds, business_id, visit_date in plain_rows(session, query):
        then = book.on(business_id, plain_date(visit_date)) if book is not None else None
        found.append(
            (
                then[COMMUNE] if then is not None else commune_id,
                tuple(k for k in kinds.split(",") if k in PENALTY_KIND_LABELS),
            )
        )
    return found


def _done_between(start: date, end: date) -> tuple[Any, ...]:
    v = InspectionVisitRecord
    return (v.visit_date >= start, v.visit_date <= end, v.voided.is_(False), v.result != RESULT_PLANNED)


def coverage_figures(
    session: Session,
    period: Period,
    programme_start: date,
    active: dict[int, int] | None = None,
    book: VersionBook | None = None,
) -> tuple[list[BusinessFigures], list[VisitFigures]]:
    """Per commune: businesses active at the end of `period`, of them inspected in it and since
    `programme_start`; and the done visits of the period (of businesses not voided) by result, with fines.

    Two range reads (the active businesses; the period's visits from the covering ix_inspection_visit_date)
    added up here: cheaper than per-business probes or SQL grouping through the wide business rows. The
    driver's plain tuples: SQLAlchemy rows would double the time. `active`: the businesses active at the end
    of the period (id → commune id) when the caller has them already.

    Where a business moved: the active ones count in their commune at the end of the period (a stock);
    a visit counts in the commune the business was in on the visit's date, and an inspected business in
    its commune on its last visit of the period (events). `book`: the businesses' versions, when the
    caller has read them already.
    """
    book = book if book is not None else VersionBook.load(session, since=period.start - timedelta(days=1))
    if active is None:
        active = active_at(session, period.end, book)
    v = InspectionVisitRecord
    rows = plain_rows(
        session,
        select(v.business_id, v.result, v.prostitution_related, v.fine_vnd, v.visit_date).where(
            *_done_between(period.start, period.end)
        ),
    )
    inspected = {row[0] for row in rows}
    commune_of = dict(active)
    others = book.communes_on(_communes_of(session, [b for b in inspected if b not in active]), period.end)
    commune_of.update(others)  # as of the end: where a business stood all through the period
    # the commune of each visit, in the order of `rows`; only a business with a version taking effect
    # inside the period is looked up visit by visit
    visit_communes: list[int | None] = list(map(commune_of.get, [row[0] for row in rows]))
    changing = book.changing_between(period.start, period.end) & inspected if book.changed else set()
    last_commune: dict[int, tuple[Any, int]] = {}
    if changing:
        wanted = changing & commune_of.keys()  # (a voided business's visits count nowhere)
        picked = [(i, row[0], row[4]) for i, row in enumerate(rows) if row[0] in wanted]
        standings = book.on_days([(b, day) for _i, b, day in picked], period.start, period.end)
        for (index, business_id, day), standing in zip(picked, standings, strict=True):
            if standing is None:
                continue
            visit_communes[index] = standing[COMMUNE]
            if business_id not in last_commune or day >= last_commune[business_id][0]:
                last_commune[business_id] = (day, standing[COMMUNE])
    business_communes = dict(commune_of)
    business_communes.update((b, c) for b, (_day, c) in last_commune.items())
    ever_start = min(programme_start, period.start)
    ever = inspected if ever_start == period.start else _inspected_between(session, ever_start, period.end)

    # Counted per commune with Counter over mapped ids (the loops run in C); a business voided as a
    # mistake maps to None and its visits count nowhere.
    active_by = Counter(active.values())
    inspected_active_by = Counter(active[b] for b in inspected if b in active)
    ever_by = Counter(active[b] for b in ever if b in active)
    businesses_by = Counter(map(business_communes.get, inspected))
    visits_by = Counter(visit_communes)
    reminders_by: Counter[int | None] = Counter()
    penalties_by: Counter[int | None] = Counter()
    referrals_by: Counter[int | None] = Counter()
    related_by: Counter[int | None] = Counter()
    fines_by: Counter[int | None] = Counter()
    by_result = {RESULT_REMINDER: reminders_by, RESULT_PENALTY: penalties_by, RESULT_REFERRAL: referrals_by}
    for (_business_id, result, related, fine, _day), commune_id in zip(rows, visit_communes, strict=True):
        if result == RESULT_NONE and not related and not fine:
            continue
        counter = by_result.get(result)
        if counter is not None:
            counter[commune_id] += 1
        if related:
            related_by[commune_id] += 1
        if fine:
            fines_by[commune_id] += fine
    return (
        [BusinessFigures(c, n, inspected_active_by[c], ever_by[c]) for c, n in active_by.items()],
        [
            VisitFigures(
                c,
                n,
                visits_by[c],
                reminders_by[c],
                penalties_by[c],
                referrals_by[c],
                related_by[c],
                fines_by[c],
            )
            # a commune may have visits of businesses that moved on and none inspected there otherwise
            for c, n in [*businesses_by.items(), *((c, 0) for c in visits_by if c not in businesses_by)]
            if c is not None
        ],
    )


def _communes_of(session: Session, business_ids: Sequence[int]) -> dict[int, int]:
    """Commune of each of these businesses that is not voided."""
    found: dict[int, int] = {}
    wanted = sorted(set(business_ids))
    query = select(BusinessRecord.id, BusinessRecord.commune_id).where(BusinessRecord.voided.is_(False))
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        found.update(
            (int(b), int(c))
            for b, c in session.connection().execute(query.where(BusinessRecord.id.in_(chunk)))
        )
    return found


def bulk_insert_visits(session: Session, visits: list[dict[str, Any]]) -> None:
    """Generated rows (the demo, benchmarks): one Core executemany."""
    if visits:
        session.execute(insert(typing.cast(Table, InspectionVisitRecord.__table__)), visits)


# ---- Hot-spots
def _write_hotspot(record: HotspotRecord, data: ValidHotspot, now: datetime) -> None:
    record.place, record.commune_id = data.place, data.commune_id
    record.found_on, record.eliminated_on, record.notes = data.found_on, data.eliminated_on, data.notes
    record.updated_at = now


def save_hotspot(session: Session, data: ValidHotspot, hotspot_id: int | None, now: datetime) -> int:
    if hotspot_id is None:
        record = HotspotRecord(voided=False, created_at=now)
        session.add(record)
    else:
        found = session.get(HotspotRecord, hotspot_id)
        if found is None or found.voided:
            raise NotFoundError("Không tìm thấy tụ điểm này.")
        record = found
    _write_hotspot(record, data, now)
    session.flush()
    return record.id


def void_hotspot(session: Session, hotspot_id: int, now: datetime) -> None:
    record = session.get(HotspotRecord, hotspot_id)
    if record is None or record.voided:
        raise NotFoundError("Không tìm thấy tụ điểm này.")
    record.voided = True
    record.updated_at = now


def list_hotspots(session: Session) -> list[Hotspot]:
    query = (
        select(HotspotRecord, CommuneRecord.name)
        .join(CommuneRecord, CommuneRecord.id == HotspotRecord.commune_id)
        .where(HotspotRecord.voided.is_(False))
        .order_by(HotspotRecord.found_on.desc(), HotspotRecord.id.desc())
    )
    return [
        Hotspot(r.id, r.place, r.commune_id, name, r.found_on, r.eliminated_on, r.notes)
        for r, name in session.execute(query)
    ]
