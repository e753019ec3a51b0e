"""Visit lists in bulk: what the import looks rows up in, and the import's inserts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.inspections import RESULT_PLANNED, ValidVisit
from desktop_app.storage.models import (
    BusinessRecord,
    ChangeLogRecord,
    InspectionRoundRecord,
    InspectionVisitRecord,
    VisitLegalBasisRecord,
)

_IN_CHUNK = 900  # stay under the bound-parameter limit of SQLite


class VisitKey(NamedTuple):
    id: int
    business_id: int
    visit_date: date
    follow_up_open: bool


def _closed_ids(session: Session, visit_ids: Sequence[int] | None = None) -> set[int]:
    """Visits (of `visit_ids`) that a done, not voided follow-up visit links to."""
    v = InspectionVisitRecord
    query = select(v.follows_up_id).where(
        v.follows_up_id.is_not(None), v.voided.is_(False), v.result != RESULT_PLANNED
    )
    if visit_ids is None:
        return {i for i in session.scalars(query) if i is not None}
    found: set[int] = set()
    wanted = sorted(set(visit_ids))
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.update(i for i in session.scalars(query.where(v.follows_up_id.in_(chunk))) if i is not None)
    return found


def visit_keys(session: Session) -> list[VisitKey]:
    """Every visit not voided: id, business, date, and whether its follow-up is still open."""
    v = InspectionVisitRecord
    closed = _closed_ids(session)
    query = select(v.id, v.business_id, v.visit_date, v.follow_up_due, v.result).where(v.voided.is_(False))
    return [
        VisitKey(i, b, d, due is not None and result != RESULT_PLANNED and i not in closed)
        for i, b, d, due, result in session.execute(query)
    ]


def visits_on(session: Session, business_ids: Sequence[int]) -> set[tuple[int, date]]:
    """(business id, visit date) of the visits not voided of these businesses."""
    v = InspectionVisitRecord
    found: set[tuple[int, date]] = set()
    wanted = sorted(set(business_ids))
    query = select(v.business_id, v.visit_date).where(v.voided.is_(False))
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.update((b, d) for b, d in session.execute(query.where(v.business_id.in_(chunk))))
    return found


def closed_or_voided(session: Session, visit_ids: Sequence[int]) -> set[int]:
    """Those of `visit_ids` whose follow-up was closed, or that were voided, since they were read."""
    v = InspectionVisitRecord
    found = _closed_ids(session, visit_ids)
    wanted = sorted(set(visit_ids))
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.update(session.scalars(select(v.id).where(v.id.in_(chunk), v.voided.is_(True))))
    return found


def voided_rounds(session: Session, round_ids: Sequence[int]) -> set[int]:
    wanted = sorted(set(round_ids))
    if not wanted:
        return set()
    r = InspectionRoundRecord
    return set(session.scalars(select(r.id).where(r.id.in_(wanted), r.voided.is_(True))))


def registration_numbers(session: Session) -> dict[int, str]:
    """Business id → registration number, of the businesses that have one."""
    query = select(BusinessRecord.id, BusinessRecord.registration_number).where(
        BusinessRecord.registration_number.is_not(None), BusinessRecord.registration_number != ""
    )
    return {i: n for i, n in session.execute(query) if n}


def add_many(session: Session, visits: Sequence[ValidVisit], now: datetime, log: bool = True) -> list[int]:
    """Insert many visits with their legal bases and (unless `log` is False: generated demo data) one
    change-log row each ('import'); returns the ids in order."""
    if not visits:
        return []
    rows = [
        {
            "business_id": v.business_id,
            "round_id": v.round_id,
            "visit_date": v.visit_date,
            "visit_time": v.visit_time,
            "kind": v.kind,
            "members_present": "\n".join(v.members_present),
            "checklist": json.dumps(v.checklist, sort_keys=True),
            "findings": v.findings,
            "minutes_number": v.minutes_number,
            "result": v.result,
            "prostitution_related": v.prostitution_related,
            "decision_number": v.decision_number,
            "decision_date": v.decision_date,
            "fine_vnd": v.fine_vnd,
            "extra_measures": v.extra_measures,
            "follow_up_due": v.follow_up_due,
            "follows_up_id": v.follows_up_id,
            "notes": v.notes,
            "offender_kind": v.offender_kind or "organisation",
            "penalty_kinds": ",".join(v.penalty_kinds),
            "voided": False,
            "created_at": now,
            "updated_at": now,
        }
        for v in visits
    ]
    ids = list(
        session.scalars(
            insert(InspectionVisitRecord).returning(InspectionVisitRecord.id, sort_by_parameter_order=True),
            rows,
        )
    )
    links = [
        {"visit_id": visit_id, "legal_basis_id": legal_id}
        for visit_id, v in zip(ids, visits, strict=True)
        for legal_id in v.legal_basis_ids
    ]
    if links:
        session.execute(insert(VisitLegalBasisRecord), links)
    if not log:
        return ids
    session.execute(
        insert(ChangeLogRecord),
        [
            {
                "entity": "inspection_visit",
                "entity_id": visit_id,
                "action": "import",
                "changes": json.dumps(
                    {"business_id": v.business_id, "result": v.result, "follows_up": v.follows_up_id},
                    ensure_ascii=False,
                ),
                "at": now,
            }
            for visit_id, v in zip(ids, visits, strict=True)
        ],
    )
    return ids


def link_follow_ups(session: Session, links: Sequence[tuple[int, int]]) -> None:
    """Set (visit id, id of the visit it follows up) on visits just inserted."""
    v = InspectionVisitRecord
    for visit_id, follows_up_id in links:
        session.execute(update(v).where(v.id == visit_id).values(follows_up_id=follows_up_id))
