"""Inspection rounds, visits, the legal-basis catalogue and the coverage targets (hot-spots: hotspots.py; the
coverage and register-status queries: inspection_coverage.py)."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import ColumnElement, Table, case, delete, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.errors import ConflictError, NotFoundError
from desktop_app.domain.inspections import (
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    VIOLATION_RESULTS,
    InspectionRound,
    LegalBasis,
    LegalBasisInput,
    Targets,
    ValidRound,
    ValidVisit,
    Visit,
    YearTargets,
)
from desktop_app.domain.periods import Period
from desktop_app.storage.models import (
    AppSettingRecord,
    BusinessRecord,
    CommuneRecord,
    InspectionRoundRecord,
    InspectionRoundScopeRecord,
    InspectionVisitRecord,
    LegalBasisRecord,
    VisitLegalBasisRecord,
)
from desktop_app.storage.repositories import bulk
from desktop_app.storage.repositories.bulk import plain_date, plain_rows

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


def has_follow_up() -> Any:
    """A follow-up is due. Written as a range so that SQLite reads ix_inspection_visit_follow_up_due (a few
    per cent of the visits) instead of scanning them all for IS NOT NULL."""
    return InspectionVisitRecord.follow_up_due >= date(1900, 1, 1)


def done_between(start: date, end: date) -> tuple[ColumnElement[bool], ...]:
    """The done visits (not voided, not only planned) of these days: the predicate of the partial
    ix_inspection_visit_done_day (models.VISIT_DONE_*), its constants written into the statement (a planner
    uses a partial index only where the query's terms imply its predicate: PostgreSQL's generic plan of a
    statement does not know its parameters). Select only the business and the day to read them from that
    index alone."""
    v = InspectionVisitRecord
    return (
        v.visit_date >= start,
        v.visit_date <= end,
        v.voided.is_(False),
        v.result != _constant(RESULT_PLANNED),
    )


def with_outcome() -> ColumnElement[bool]:
    """With `done_between`: a done visit with something to count beyond the visit (a result, prostitution
    found, a fine), the predicate of the partial ix_inspection_visit_outcome_day (models.VISIT_OUTCOME_*),
    which holds the business, result, prostitution flag, fine and penalty kinds (about a fifth of them)."""
    v = InspectionVisitRecord
    return or_(
        v.result != _constant(RESULT_NONE),
        v.prostitution_related.is_(True),
        func.coalesce(v.fine_vnd, _constant(0)) != _constant(0),
    )


def by_day_and_business() -> tuple[ColumnElement[Any], ...]:
    """The order of both partial indexes by day. Asked for, it keeps SQLite's planner on them: by the day
    alone, with the statistics of a large file, it takes the plain ix_inspection_visit_date and looks every
    visit up in the table (seconds), as it orders by the day too."""
    v = InspectionVisitRecord
    return (v.visit_date.expression, v.business_id.expression)


def _constant(value: object) -> ColumnElement[Any]:
    return literal(value, literal_execute=True)


VISIT_BATCH = 2000  # visits read at a time by _visits
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
    # Read a batch at a time: the driver's rows of a batch are freed before the next is read (a round of
    # 20,000 visits read whole held some 30 MB of rows beside the visits built from them).
    result = session.execute(query.execution_options(yield_per=VISIT_BATCH))
    bases: dict[int, LegalBasis] = {}
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
    for rows in result.partitions():
        linked = _legal_bases(session, [r[0] for r in rows], bases)
        visits.extend(_visit_of(row, linked, bases, same, checklist_of) for row in rows)
    return visits


def _legal_bases(session: Session, ids: list[int], bases: dict[int, LegalBasis]) -> dict[int, list[int]]:
    """The legal bases of each visit of `ids` (their ids, in the order shown); those not in `bases` yet are
    read into it."""
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
    wanted = {basis_id for found in linked.values() for basis_id in found if basis_id not in bases}
    if wanted:
        for record in session.scalars(select(LegalBasisRecord).where(LegalBasisRecord.id.in_(wanted))):
            bases[record.id] = _legal(record)
    return linked


def _visit_of(
    row: Any,
    linked: dict[int, list[int]],
    bases: dict[int, LegalBasis],
    same: Callable[[Any], Any],
    checklist_of: Callable[[str], dict[str, str]],
) -> Visit:
    """One visit of `_visits`' query."""
    (
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
    ) = row
    return Visit(
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
    conditions: list[Any] = [has_follow_up(), not_closed]
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


def bulk_insert_visits(session: Session, visits: list[dict[str, Any]]) -> None:
    """Generated rows (the demo, benchmarks): one Core executemany."""
    if visits:
        bulk.insert_rows(session, typing.cast(Table, InspectionVisitRecord.__table__), visits)
