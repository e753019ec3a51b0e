"""Businesses, their status history and change log in the database."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CompoundSelect, Table, and_, insert, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.businesses import (
    STATUS_ACTIVE,
    BusinessDetail,
    BusinessExportRow,
    BusinessRow,
    StatusEvent,
    ValidBusiness,
)
from desktop_app.domain.errors import NotFoundError
from desktop_app.storage.models import (
    BusinessLatestStatusRecord,
    BusinessRecord,
    BusinessStatusEventRecord,
    BusinessTypeRecord,
    ChangeLogRecord,
    CommuneRecord,
)
from desktop_app.storage.repositories import bulk
from desktop_app.storage.repositories.audit import jsonable as _jsonable
from desktop_app.storage.repositories.audit import log_change
from desktop_app.storage.repositories.business_versions import (
    VERSIONED_FIELDS,
    add_first_versions,
    add_version,
    has_versions,
)

EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "type_id",
    "commune_id",
    "address",
    "owner_name",
    "owner_id_number",
    "owner_phone",
    "owner_birth_date",
    "owner_residence",
    "registration_number",
    "registration_date",
    "sub_licences",
    "rooms",
    "employees_total",
    "employees_female",
    "complex_area",
    "notes",
)
# Personal values are masked in the change log.

_ROW_COLUMNS = (
    BusinessRecord.id,
    BusinessRecord.name,
    BusinessRecord.type_id,
    BusinessTypeRecord.name,
    BusinessRecord.commune_id,
    CommuneRecord.name,
    BusinessRecord.address,
    BusinessRecord.owner_name,
    BusinessRecord.owner_phone,
    BusinessRecord.registration_number,
    BusinessRecord.status,
    BusinessRecord.voided,
    BusinessRecord.search_key,
)


def _row_query() -> Any:
    return (
        select(*_ROW_COLUMNS)
        .join(BusinessTypeRecord, BusinessTypeRecord.id == BusinessRecord.type_id)
        .join(CommuneRecord, CommuneRecord.id == BusinessRecord.commune_id)
    )


def list_rows(session: Session, limit: int | None = None) -> list[BusinessRow]:
    """Every business (voided ones included), or the first `limit` entered, in id order, as register rows.
    Read as the driver returns them (`plain_rows`: all integer and text columns but `voided`, which SQLite
    gives as 0/1): at 100,000 businesses about a second less of start-up than SQLAlchemy's row processing."""
    query = _row_query().order_by(BusinessRecord.id)
    # The driver makes a new string for every row's type, commune and status: one object for each value
    # instead (at 100,000 businesses about 20 MB less held by the register). Read in batches, so that the
    # driver's tuples and the strings dropped here are freed as the rows are built, not all at the end.
    same = cast(Callable[[str, str], str], {}.setdefault)
    return [
        BusinessRow(
            v[0],
            v[1],
            v[2],
            same(v[3], v[3]),
            v[4],
            same(v[5], v[5]),
            v[6],
            v[7],
            v[8],
            v[9],
            same(v[10], v[10]),
            bool(v[11]),
            v[12],
        )
        for batch in bulk.plain_batches(session, query if limit is None else query.limit(limit))
        for v in batch
    ]


def get_row(session: Session, business_id: int) -> BusinessRow:
    values = session.execute(_row_query().where(BusinessRecord.id == business_id)).first()
    if values is None:
        raise NotFoundError("Không tìm thấy cơ sở này; có thể đã bị xóa khỏi danh sách.")
    return BusinessRow(*values)


def _record(session: Session, business_id: int) -> BusinessRecord:
    record = session.get(BusinessRecord, business_id)
    if record is None:
        raise NotFoundError("Không tìm thấy cơ sở này; có thể đã bị xóa khỏi danh sách.")
    return record


def get_detail(session: Session, business_id: int) -> BusinessDetail:
    record = _record(session, business_id)
    type_name = session.scalar(select(BusinessTypeRecord.name).where(BusinessTypeRecord.id == record.type_id))
    commune_name = session.scalar(select(CommuneRecord.name).where(CommuneRecord.id == record.commune_id))
    events = session.scalars(
        select(BusinessStatusEventRecord)
        .where(BusinessStatusEventRecord.business_id == business_id)
        .order_by(BusinessStatusEventRecord.effective_on, BusinessStatusEventRecord.id)
    )
    return BusinessDetail(
        id=record.id,
        name=record.name,
        type_id=record.type_id,
        type_name=type_name or "",
        commune_id=record.commune_id,
        commune_name=commune_name or "",
        address=record.address,
        owner_name=record.owner_name,
        owner_id_number=record.owner_id_number,
        owner_phone=record.owner_phone,
        owner_birth_date=record.owner_birth_date,
        owner_residence=record.owner_residence,
        registration_number=record.registration_number,
        registration_date=record.registration_date,
        sub_licences=record.sub_licences,
        rooms=record.rooms,
        employees_total=record.employees_total,
        employees_female=record.employees_female,
        complex_area=record.complex_area,
        notes=record.notes,
        status=record.status,
        status_since=record.status_since,
        voided=record.voided,
        void_reason=record.void_reason,
        history=tuple(StatusEvent(e.status, e.effective_on, e.note, i == 0) for i, e in enumerate(events)),
    )


def type_exists(session: Session, type_id: int) -> bool:
    return session.get(BusinessTypeRecord, type_id) is not None


def commune_exists(session: Session, commune_id: int) -> bool:
    return session.get(CommuneRecord, commune_id) is not None


def find_by_registration_number(session: Session, number: str) -> list[int]:
    return list(
        session.scalars(
            select(BusinessRecord.id).where(
                BusinessRecord.registration_number == number, BusinessRecord.voided.is_(False)
            )
        )
    )


def add(session: Session, business: ValidBusiness, now: datetime, opened_on: date) -> int:
    record = BusinessRecord(
        **{name: getattr(business, name) for name in EDITABLE_FIELDS},
        status=business.status,
        status_since=business.status_since,
        search_key=business.search_text(),
        voided=False,
        void_reason="",
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    for status, effective_on in first_events(business, opened_on):
        session.add(
            BusinessStatusEventRecord(
                business_id=record.id,
                status=status,
                effective_on=effective_on,
                note="Đưa vào danh sách quản lý",
                recorded_at=now,
            )
        )
    keep_latest_status(session, record.id)
    add_version(session, record, business.registration_date or opened_on, now)
    log_change(session, "business", record.id, "create", {"name": business.name}, now)
    return record.id


def first_events(business: ValidBusiness, opened_on: date) -> list[tuple[str, date]]:
    """The status events a new business starts with, oldest first (recorded in this order: ties on one
    day go to the later one). A business entered as stopped or suspended since a date was active before it,
    from `opened_on` (its registration) or, if that is later or unknown, from that same date: it never
    counts as closed without having counted as open."""
    since = business.status_since
    if business.status == STATUS_ACTIVE or since is None:
        return [(business.status, since or opened_on)]
    return [(STATUS_ACTIVE, min(opened_on, since)), (business.status, since)]


def versioned_changes(session: Session, business_id: int, business: ValidBusiness) -> list[str]:
    """The fields kept by date (commune, type, employees, owner) that `business` would change."""
    record = _record(session, business_id)
    return [name for name in VERSIONED_FIELDS if getattr(record, name) != getattr(business, name)]


def update(
    session: Session,
    business_id: int,
    business: ValidBusiness,
    now: datetime,
    effective_on: date | None = None,
) -> dict[str, Any]:
    """Apply the editable fields; returns {field: (old, new)} of what changed. A change of a field kept by
    date is recorded as a version taking effect on `effective_on` (default: the day of `now`)."""
    record = _record(session, business_id)
    changed: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        old, new = getattr(record, name), getattr(business, name)
        if old != new:
            changed[name] = (old, new)
            setattr(record, name, new)
    if changed:
        record.search_key = business.search_text()
        record.updated_at = now
        versioned = [name for name in VERSIONED_FIELDS if name in changed]
        if versioned:
            _keep_first_version(session, record, changed)
            add_version(session, record, effective_on or now.date(), now)
        log_change(
            session,
            "business",
            business_id,
            "update",
            {
                **{k: {"old": _jsonable(o), "new": _jsonable(n)} for k, (o, n) in changed.items()},
                **({"effective_on": _jsonable(effective_on or now.date())} if versioned else {}),
            },
            now,
        )
    return changed


def _keep_first_version(session: Session, record: BusinessRecord, changed: dict[str, Any]) -> None:
    """A business written before versions were kept has none: record the values it had until this change
    as its first version (from its registration, else the day it was entered), so the change does not
    reach back to its start."""
    if has_versions(session, record.id):
        return
    before = {name: getattr(record, name) for name in VERSIONED_FIELDS}
    before.update((name, old) for name, (old, _new) in changed.items() if name in before)
    first = {"id": record.id, "registration_date": record.registration_date, "created_at": record.created_at}
    add_first_versions(session, [{**first, **before}])


def set_status(
    session: Session, business_id: int, status: str, effective_on: date, note: str, now: datetime
) -> None:
    record = _record(session, business_id)
    old = record.status
    record.status = status
    record.status_since = effective_on
    record.updated_at = now
    session.add(
        BusinessStatusEventRecord(
            business_id=business_id, status=status, effective_on=effective_on, note=note, recorded_at=now
        )
    )
    keep_latest_status(session, business_id)
    log_change(
        session,
        "business",
        business_id,
        "status",
        {"status": {"old": old, "new": status}, "effective_on": effective_on},
        now,
    )


def current_status(session: Session, business_id: int) -> str:
    return _record(session, business_id).status


def set_voided(session: Session, business_id: int, voided: bool, reason: str, now: datetime) -> None:
    record = _record(session, business_id)
    record.voided = voided
    record.void_reason = reason if voided else ""
    record.voided_at = now if voided else None
    record.updated_at = now
    log_change(session, "business", business_id, "void" if voided else "restore", {"reason": reason}, now)


def is_voided(session: Session, business_id: int) -> bool:
    return _record(session, business_id).voided


def bulk_insert(session: Session, rows: Iterable[dict[str, Any]], events: Iterable[dict[str, Any]]) -> None:
    """Fast Core inserts for generated data (rows must carry their ids), with their first versions."""
    values = list(rows)
    bulk.insert_rows(session, typing.cast(Table, BusinessRecord.__table__), values)
    insert_first_events(session, list(events))
    add_first_versions(session, values)


def max_id(session: Session) -> int:
    return session.scalar(select(BusinessRecord.id).order_by(BusinessRecord.id.desc()).limit(1)) or 0


def history_of(session: Session, business_id: int) -> list[tuple[str, str, datetime]]:
    """(action, json changes, at) of a business's change log, oldest first."""
    rows = session.execute(
        select(ChangeLogRecord.action, ChangeLogRecord.changes, ChangeLogRecord.at)
        .where(ChangeLogRecord.entity == "business", ChangeLogRecord.entity_id == business_id)
        .order_by(ChangeLogRecord.id)
    )
    return [(a, c, t) for a, c, t in rows]


def add_many(session: Session, businesses: Sequence[ValidBusiness], now: datetime, note: str) -> list[int]:
    """Insert many businesses with their first status event and one change-log row each; returns the ids."""
    if not businesses:
        return []
    rows = [
        {
            **{name: getattr(b, name) for name in EDITABLE_FIELDS},
            "status": b.status,
            "status_since": b.status_since,
            "search_key": b.search_text(),
            "voided": False,
            "void_reason": "",
            "voided_at": None,
            "created_at": now,
            "updated_at": now,
        }
        for b in businesses
    ]
    ids = _inserted_in_order(session, rows)
    insert_first_events(
        session,
        [
            {
                "business_id": business_id,
                "status": status,
                "effective_on": effective_on,
                "note": note,
                "recorded_at": now,
            }
            for business_id, b in zip(ids, businesses, strict=True)
            for status, effective_on in first_events(b, b.registration_date or now.date())
        ],
    )
    add_first_versions(session, ({**row, "id": i} for i, row in zip(ids, rows, strict=True)), note)
    bulk.insert_rows(
        session,
        typing.cast(Table, ChangeLogRecord.__table__),
        [
            {"entity": "business", "entity_id": business_id, "action": "import", "changes": "{}", "at": now}
            for business_id in ids
        ],
    )
    return ids


def _inserted_in_order(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` into the business table; returns their new ids in the order of `rows`.

    SQLite gives a new row of an INTEGER PRIMARY KEY table (not AUTOINCREMENT) the largest id plus one, so
    the ids are given here as it would give them, read in the same transaction (a writer committing in
    between makes this one fail, it never mixes ids up); `RETURNING … sort_by_parameter_order` costs there
    five times the insert itself. PostgreSQL's sequence hands out the ids: returned in order.
    """
    if session.connection().dialect.name != "sqlite":
        returning = insert(BusinessRecord).returning(BusinessRecord.id, sort_by_parameter_order=True)
        return list(session.scalars(returning, rows))
    first = max_id(session) + 1
    ids = list(range(first, first + len(rows)))
    table = typing.cast(Table, BusinessRecord.__table__)
    bulk.insert_rows(session, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
    return ids


def existing_keys(session: Session) -> tuple[set[str], set[tuple[str, int]]]:
    """Registration numbers and (name search key, commune id) of every business not voided."""
    numbers: set[str] = set()
    names: set[tuple[str, int]] = set()
    query = select(
        BusinessRecord.registration_number, BusinessRecord.search_key, BusinessRecord.commune_id
    ).where(BusinessRecord.voided.is_(False))
    for number, key, commune_id in session.execute(query):
        if number:
            numbers.add(number)
        names.add((key.split("\x1f", 1)[0], commune_id))
    return numbers, names


EXPORT_ID_CHUNK = 900  # ids a lookup names (under SQLite's bound-parameter limit)
EXPORT_ID_CHUNKS = 10  # more lookups than this: the whole table is read once and the ids picked from it


def export_rows(session: Session, ids: Sequence[int] | None = None) -> list[BusinessExportRow]:
    """Businesses for the workbook: the given ids in that order, or every one not voided in id order."""
    query = (
        select(
            BusinessRecord.id,
            BusinessRecord.name,
            BusinessTypeRecord.name,
            CommuneRecord.name,
            BusinessRecord.address,
            BusinessRecord.owner_name,
            BusinessRecord.owner_id_number,
            BusinessRecord.owner_phone,
            BusinessRecord.registration_number,
            BusinessRecord.registration_date,
            BusinessRecord.sub_licences,
            BusinessRecord.rooms,
            BusinessRecord.employees_total,
            BusinessRecord.employees_female,
            BusinessRecord.status,
            BusinessRecord.complex_area,
            BusinessRecord.notes,
            BusinessRecord.status_since,
            BusinessRecord.owner_birth_date,
            BusinessRecord.owner_residence,
        )
        .join(BusinessTypeRecord, BusinessTypeRecord.id == BusinessRecord.type_id)
        .join(CommuneRecord, CommuneRecord.id == BusinessRecord.commune_id)
    )
    if ids is None:
        query = query.where(BusinessRecord.voided.is_(False)).order_by(BusinessRecord.id)
        return [BusinessExportRow._make(values[1:]) for values in session.execute(query)]
    by_id: dict[int, BusinessExportRow] = {}
    wanted = list(ids)
    if len(wanted) > EXPORT_ID_CHUNKS * EXPORT_ID_CHUNK:  # most of the register: one scan beats many lookups
        keep = set(wanted)
        for values in session.execute(query):
            if values[0] in keep:
                by_id[values[0]] = BusinessExportRow._make(values[1:])
    else:
        for start in range(0, len(wanted), EXPORT_ID_CHUNK):  # stay under the bound-parameter limit
            chunk = wanted[start : start + EXPORT_ID_CHUNK]
            for values in session.execute(query.where(BusinessRecord.id.in_(chunk))):
                by_id[values[0]] = BusinessExportRow._make(values[1:])
    return [by_id[i] for i in wanted if i in by_id]


def keep_latest_status(session: Session, business_id: int) -> tuple[str, date]:
    """Write the business's latest status event into business_latest_status after a new event (same
    transaction); returns its (status, effective_on). Read back from the events: a new event dated before
    an existing one does not become the latest."""
    session.flush()
    e = BusinessStatusEventRecord
    status, effective_on = session.execute(
        select(e.status, e.effective_on)
        .where(e.business_id == business_id)
        .order_by(e.effective_on.desc(), e.id.desc())
        .limit(1)
    ).one()
    record = session.get(BusinessLatestStatusRecord, business_id)
    if record is None:
        latest = BusinessLatestStatusRecord(business_id=business_id, status=status, effective_on=effective_on)
        session.add(latest)
    else:
        record.status, record.effective_on = status, effective_on
    return status, effective_on


def insert_first_events(session: Session, events: list[dict[str, Any]]) -> None:
    """The status events of new businesses (every event of each, in the order recorded), with each
    business's latest one: the last of its latest day, as the ids are given in this order."""
    bulk.insert_rows(session, typing.cast(Table, BusinessStatusEventRecord.__table__), events)
    latest: dict[int, tuple[date, str]] = {}
    for event in events:
        kept = latest.get(event["business_id"])
        if kept is None or event["effective_on"] >= kept[0]:
            latest[event["business_id"]] = (event["effective_on"], event["status"])
    bulk.insert_rows(
        session,
        typing.cast(Table, BusinessLatestStatusRecord.__table__),
        [{"business_id": b, "status": status, "effective_on": day} for b, (day, status) in latest.items()],
    )


def active_on(day: date) -> CompoundSelect[tuple[int, int]]:
    """(id, commune_id) of every business not voided whose status on `day` is active.

    Most businesses' latest status event is on or before `day`: their status is read from
    business_latest_status, the businesses with their commune from ix_business_voided_id_commune (not the wide
    rows); only the few whose latest event comes after `day` are looked up in their events
    (`status_stands_on`)."""
    latest, b, e = BusinessLatestStatusRecord, BusinessRecord, BusinessStatusEventRecord
    settled = (
        select(b.id, b.commune_id)
        .select_from(latest)
        .join(b, b.id == latest.business_id)
        .where(latest.effective_on <= day, latest.status == STATUS_ACTIVE, b.voided.is_(False))
    )
    later = select(latest.business_id).where(latest.effective_on > day)
    unsettled = (
        select(b.id, b.commune_id)
        .select_from(e)
        .join(b, b.id == e.business_id)
        .where(b.id.in_(later), e.status == STATUS_ACTIVE, status_stands_on(e, day), b.voided.is_(False))
    )
    return union_all(settled, unsettled)


def status_stands_on(event: type[BusinessStatusEventRecord], day: date) -> ColumnElement[bool]:
    """True for the status event of its business that stands on `day`: on or before it, with no later one
    on or before it (an anti-join answered from ix_business_status_event_business_on, rather than a window
    over every event). Ties on one day go to the event recorded last."""
    later = aliased(BusinessStatusEventRecord)
    newer_event = (
        select(later.id)
        .where(
            later.business_id == event.business_id,
            later.effective_on <= day,
            or_(
                later.effective_on > event.effective_on,
                and_(later.effective_on == event.effective_on, later.id > event.id),
            ),
        )
        .exists()
    )
    return and_(event.effective_on <= day, ~newer_event)
