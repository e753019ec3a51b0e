"""Sealing the change log: every unit of work hashes the entries it wrote onto the chain before it commits."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from desktop_app.domain.audit import (
    AuditFilter,
    AuditPage,
    AuditRow,
    ChainHead,
    LogEntry,
    chain_problems,
    extend,
)
from desktop_app.storage.models import AppSettingRecord, ChangeLogRecord

HEAD_KEY = "audit.chain_head"
SEALED_HEAD = "audit.sealed_head"  # session.info: the head this transaction's seal left, for the anchor
_READ_CHUNK = 5000


# Values that never go into the log, only the fact that they changed.
MASKED_FIELDS = frozenset({"owner_id_number", "owner_phone", "owner_birth_date", "owner_residence"})


def jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def log_change(
    session: Session, entity: str, entity_id: int, action: str, changes: Mapping[str, Any], now: datetime
) -> None:
    """Write one change-log row in the current transaction; personal values are masked. Sealed at commit."""
    clean = {
        key: ("***" if key in MASKED_FIELDS else jsonable(value)) for key, value in sorted(changes.items())
    }
    session.add(
        ChangeLogRecord(
            entity=entity,
            entity_id=entity_id,
            action=action,
            changes=json.dumps(clean, ensure_ascii=False),
            at=now,
        )
    )


def _entry(row: tuple[object, ...]) -> LogEntry:
    return LogEntry(*row)  # type: ignore[arg-type]


def _select() -> Select[int, str, int, str, str, datetime, str, str | None]:
    c = ChangeLogRecord
    return select(c.id, c.entity, c.entity_id, c.action, c.changes, c.at, c.actor, c.hash)


def head(session: Session, for_update: bool = False) -> ChainHead:
    query = select(AppSettingRecord).where(AppSettingRecord.key == HEAD_KEY)
    if for_update:
        query = query.with_for_update()  # PostgreSQL: one writer extends the chain at a time
    record = session.scalars(query).first()
    if record is None:
        return ChainHead()
    data = json.loads(record.value)
    return ChainHead(int(data["count"]), str(data["last_hash"]))


def _set_head(session: Session, value: ChainHead) -> None:
    record = session.get(AppSettingRecord, HEAD_KEY)
    if record is None:
        record = AppSettingRecord(key=HEAD_KEY)
        session.add(record)
    record.value = json.dumps({"count": value.count, "last_hash": value.last_hash})


def seal(session: Session, actor: str = "") -> int:
    """Hash the entries of this transaction (those without a hash) onto the chain; returns how many.

    Entries written without a name get `actor`, the signed-in user's, before they are hashed.
    """
    session.flush()
    c = ChangeLogRecord
    if actor:
        session.execute(update(c).where(c.hash.is_(None), c.actor == "").values(actor=actor))
    new = [_entry(tuple(r)) for r in session.execute(_select().where(c.hash.is_(None)).order_by(c.id))]
    if not new:
        return 0
    hashes, new_head = extend(head(session, for_update=True), new)
    session.execute(update(ChangeLogRecord), [{"id": i, "hash": h} for i, h in hashes])
    _set_head(session, new_head)
    session.info[SEALED_HEAD] = new_head
    session.flush()
    return len(hashes)


def _all_entries(session: Session) -> Iterator[LogEntry]:
    c = ChangeLogRecord
    last_id = 0
    while True:
        rows = session.execute(_select().where(c.id > last_id).order_by(c.id).limit(_READ_CHUNK)).all()
        if not rows:
            return
        for row in rows:
            yield _entry(tuple(row))
        last_id = rows[-1][0]


def problems(session: Session, anchor: ChainHead | None = None, anchor_name: str = "") -> list[str]:
    """What is wrong with the chain (empty when every entry is intact and none is missing), also against the
    head kept outside the database (`anchor`, from the file `anchor_name`) when there is one."""
    return chain_problems(_all_entries(session), head(session), anchor, anchor_name)


def _filtered(query: Any, flt: AuditFilter) -> Any:
    c = ChangeLogRecord
    if flt.actor is not None:
        query = query.where(c.actor == flt.actor)
    if flt.entity is not None:
        query = query.where(c.entity == flt.entity)
    if flt.date_from is not None:
        query = query.where(c.at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to is not None:
        query = query.where(c.at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
    return query


def search(session: Session, flt: AuditFilter, limit: int) -> AuditPage:
    """The newest `limit` entries matching `flt`, newest first, and how many match in all."""
    c = ChangeLogRecord
    total = int(session.scalar(_filtered(select(func.count()).select_from(c), flt)) or 0)
    query = _filtered(select(c.id, c.at, c.actor, c.entity, c.entity_id, c.action, c.changes), flt)
    rows = session.execute(query.order_by(c.id.desc()).limit(limit)).all()
    return AuditPage([AuditRow(*row) for row in rows], total)


def iter_matching(session: Session, flt: AuditFilter) -> Iterator[AuditRow]:
    """Every entry matching `flt`, oldest first, read in chunks."""
    c = ChangeLogRecord
    last_id = 0
    while True:
        query = _filtered(select(c.id, c.at, c.actor, c.entity, c.entity_id, c.action, c.changes), flt)
        rows = session.execute(query.where(c.id > last_id).order_by(c.id).limit(_READ_CHUNK)).all()
        if not rows:
            return
        for row in rows:
            yield AuditRow(*row)
        last_id = rows[-1][0]


def actors(session: Session) -> list[str]:
    """Every name the log records (an empty name: an action before anyone signed in)."""
    return sorted(session.scalars(select(ChangeLogRecord.actor).distinct()))
