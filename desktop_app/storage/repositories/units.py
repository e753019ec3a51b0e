"""Storage of the move to the 2025 communes: businesses to place, communes ended and added, dated moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.office import UNIT_LIST_2025, UNIT_LIST_LEGACY, commune_key
from desktop_app.domain.text import nfc
from desktop_app.storage.models import (
    BusinessRecord,
    BusinessVersionRecord,
    CommuneRecord,
    CommuneSuccessorRecord,
)
from desktop_app.storage.repositories.business_versions import VERSIONED_FIELDS


@dataclass(frozen=True, slots=True)
class PlacedBusiness:
    """A business that still works (not closed, not voided) and the commune it is in now."""

    business_id: int
    name: str
    address: str
    commune_id: int
    commune_name: str
    commune_code: str
    commune_list: str


@dataclass(frozen=True, slots=True)
class OpenLegacyCommune:
    """A pre-2025 commune of the jurisdiction whose successors are not recorded yet."""

    commune_id: int
    name: str
    code: str


def businesses_in_place(session: Session) -> list[PlacedBusiness]:
    """Every business not closed and not voided, with its present commune, by id."""
    b, c = BusinessRecord, CommuneRecord
    rows = session.execute(
        select(b.id, b.name, b.address, c.id, c.name, c.code, c.unit_list)
        .join(c, c.id == b.commune_id)
        .where(b.voided.is_(False), b.status != STATUS_CLOSED)
        .order_by(b.id)
    )
    return [PlacedBusiness(*row) for row in rows]


def open_legacy_communes(session: Session) -> list[OpenLegacyCommune]:
    """The jurisdiction's pre-2025 communes with a code and no successor recorded, in list order."""
    c = CommuneRecord
    linked = select(CommuneSuccessorRecord.commune_id)
    rows = session.execute(
        select(c.id, c.name, c.code)
        .where(c.unit_list == UNIT_LIST_LEGACY, c.code != "", c.id.not_in(linked))
        .order_by(c.sort_order, c.id)
    )
    return [OpenLegacyCommune(*row) for row in rows]


def communes_2025_by_code(session: Session) -> dict[str, int]:
    """The jurisdiction's communes of the 2025 list: code → id."""
    c = CommuneRecord
    return dict(
        session.execute(select(c.code, c.id).where(c.unit_list == UNIT_LIST_2025, c.code != "")).all()
    )


def ensure_commune_2025(session: Session, code: str, name: str, valid_from: date) -> tuple[int, bool]:
    """The jurisdiction's 2025 commune with this code, added (active, valid from `valid_from`) when missing
    and made active when it was not. Returns its id and whether it was added."""
    c = CommuneRecord
    record = session.scalars(select(c).where(c.unit_list == UNIT_LIST_2025, c.code == code)).first()
    if record is not None:
        record.active = True
        return record.id, False
    last = session.scalar(select(func.max(c.sort_order))) or 0
    record = CommuneRecord(
        name=nfc(name),
        code=code,
        search_key=commune_key(name),
        active=True,
        sort_order=last + 1,
        unit_list=UNIT_LIST_2025,
        valid_from=valid_from,
        valid_to=None,
    )
    session.add(record)
    session.flush()
    return record.id, True


def end_commune(session: Session, commune_id: int, last_day: date) -> None:
    """Give a commune its last day and take it out of use (not offered for new entries). The record stays,
    for history and the reports of past periods."""
    record = session.get(CommuneRecord, commune_id)
    assert record is not None
    record.valid_to = last_day
    record.active = False


def add_successors(session: Session, commune_id: int, successor_ids: list[int]) -> None:
    """Record communes that took over (part of) a commune's territory (those already recorded stay)."""
    for successor_id in sorted(set(successor_ids)):
        if session.get(CommuneSuccessorRecord, (commune_id, successor_id)) is None:
            session.add(CommuneSuccessorRecord(commune_id=commune_id, successor_id=successor_id))


def move_businesses(
    session: Session, moves: list[tuple[int, int]], effective_on: date, now: datetime, note: str
) -> None:
    """Record each (business id, new commune id) move as a change taking effect on `effective_on`.

    A business without any version first gets one holding its present values from its registration (or the
    day it was entered), so earlier periods keep the old commune. A business registered after
    `effective_on` moves from its first day. The new version keeps the type, employees and owner in force
    that day; versions dated after the move that still name the old commune are moved with it.
    """
    v = BusinessVersionRecord
    for start in range(0, len(moves), _CHUNK):
        chunk = dict(moves[start : start + _CHUNK])
        query = select(BusinessRecord).where(BusinessRecord.id.in_(chunk))
        records = {record.id: record for record in session.scalars(query)}
        versions: dict[int, list[BusinessVersionRecord]] = {}
        for version in session.scalars(
            select(v).where(v.business_id.in_(chunk)).order_by(v.business_id, v.effective_on, v.id)
        ):
            versions.setdefault(version.business_id, []).append(version)
        for business_id, commune_id in chunk.items():
            record = records[business_id]
            _move(session, record, versions.get(business_id, []), commune_id, effective_on, now, note)


_CHUNK = 500


def _move(
    session: Session,
    record: BusinessRecord,
    versions: list[BusinessVersionRecord],
    commune_id: int,
    effective_on: date,
    now: datetime,
    note: str,
) -> None:
    if not versions:
        baseline = BusinessVersionRecord(
            business_id=record.id, effective_on=record.registration_date or record.created_at.date()
        )
        for name in VERSIONED_FIELDS:
            setattr(baseline, name, getattr(record, name))
        baseline.note = ""
        baseline.recorded_at = now
        session.add(baseline)
        versions = [baseline]
    old_commune = record.commune_id
    day = max(effective_on, versions[0].effective_on)
    for later in versions:
        if later.effective_on > day and later.commune_id == old_commune:
            later.commune_id = commune_id
    # The values in force on that day (type, employees, owner), with the new commune: a later change of
    # type or owner keeps its own date.
    in_force = [version for version in versions if version.effective_on <= day][-1]
    if in_force.effective_on == day:
        in_force.commune_id = commune_id
        in_force.note = note
        in_force.recorded_at = now
    else:
        moved = BusinessVersionRecord(business_id=record.id, effective_on=day, note=note, recorded_at=now)
        for name in VERSIONED_FIELDS:
            setattr(moved, name, getattr(in_force, name))
        moved.commune_id = commune_id
        session.add(moved)
    record.commune_id = commune_id
    record.updated_at = now
