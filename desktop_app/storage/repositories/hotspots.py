"""Hot-spots: places where prostitution was found outside registered businesses, watched until eliminated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.inspections import (
    Hotspot,
    ValidHotspot,
)
from desktop_app.storage.models import (
    CommuneRecord,
    HotspotRecord,
)


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
