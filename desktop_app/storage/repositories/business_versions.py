"""A business's commune, type, employees and owner by the date each value took effect (business_version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.storage.models import BusinessRecord, BusinessVersionRecord

VERSIONED_FIELDS: tuple[str, ...] = (
    "commune_id",
    "type_id",
    "employees_total",
    "employees_female",
    "owner_name",
    "owner_id_number",
    "owner_phone",
)


@dataclass(frozen=True, slots=True)
class BusinessVersion:
    business_id: int
    effective_on: date
    commune_id: int
    type_id: int
    employees_total: int | None
    employees_female: int | None
    owner_name: str
    owner_id_number: str
    owner_phone: str


def add_version(
    session: Session,
    business: BusinessRecord,
    effective_on: date,
    now: datetime,
    note: str = "",
) -> None:
    """Record the business row's present versioned values as taking effect on `effective_on`.

    Call after changing the row (and for a new business, after its first flush). A version already
    recorded for that business on that very day is replaced, so a day holds one set of values.
    """
    existing = session.scalars(
        select(BusinessVersionRecord).where(
            BusinessVersionRecord.business_id == business.id,
            BusinessVersionRecord.effective_on == effective_on,
        )
    ).first()
    record = existing or BusinessVersionRecord(business_id=business.id, effective_on=effective_on)
    for name in VERSIONED_FIELDS:
        setattr(record, name, getattr(business, name))
    record.note = note
    record.recorded_at = now
    if existing is None:
        session.add(record)


def versions_of(session: Session, business_id: int) -> list[BusinessVersion]:
    """Every version of one business, oldest first."""
    v = BusinessVersionRecord
    rows = session.execute(
        select(
            v.business_id,
            v.effective_on,
            v.commune_id,
            v.type_id,
            v.employees_total,
            v.employees_female,
            v.owner_name,
            v.owner_id_number,
            v.owner_phone,
        )
        .where(v.business_id == business_id)
        .order_by(v.effective_on, v.id)
    )
    return [BusinessVersion(*row) for row in rows]
