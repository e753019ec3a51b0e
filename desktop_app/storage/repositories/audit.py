"""Sealing the change log: every unit of work hashes the entries it wrote onto the chain before it commits."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from desktop_app.domain.audit import ChainHead, LogEntry, chain_problems, extend
from desktop_app.storage.models import AppSettingRecord, ChangeLogRecord

HEAD_KEY = "audit.chain_head"
_READ_CHUNK = 5000


# Values that never go into the log, only the fact that they changed.
MASKED_FIELDS = frozenset({"owner_id_number", "owner_phone"})


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


def problems(session: Session) -> list[str]:
    """What is wrong with the chain (empty when every entry is intact and none is missing)."""
    return chain_problems(_all_entries(session), head(session))
