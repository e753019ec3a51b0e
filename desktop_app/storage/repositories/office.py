"""Office profile, communes and business types in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.office import (
    BusinessType,
    BusinessTypeInput,
    Commune,
    CommuneInput,
    OfficeProfile,
    commune_key,
)
from desktop_app.domain.text import nfc, search_key
from desktop_app.storage import models as m
from desktop_app.storage.models import BusinessRecord, BusinessTypeRecord, CommuneRecord, OfficeProfileRecord

PROFILE_ID = 1
_PROFILE_FIELDS = (
    "issuing_unit",
    "parent_unit",
    "place_name",
    "upward_recipient",
    "signer_name",
    "signer_position",
    "signer_authority",
    "document_symbol",
    "jurisdiction_kind",
    "province_code",
    "province_name",
    "district_code",
    "district_name",
    "office_kind",
    "unit_code",
    "unit_list",
)


def get_profile(session: Session) -> OfficeProfile | None:
    record = session.get(OfficeProfileRecord, PROFILE_ID)
    if record is None:
        return None
    return OfficeProfile(**{name: getattr(record, name) for name in _PROFILE_FIELDS})


def save_profile(session: Session, profile: OfficeProfile, now: datetime) -> None:
    record = session.get(OfficeProfileRecord, PROFILE_ID)
    if record is None:
        record = OfficeProfileRecord(id=PROFILE_ID, updated_at=now)
        session.add(record)
    for name in _PROFILE_FIELDS:
        setattr(record, name, getattr(profile, name))
    record.updated_at = now


def commune_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every commune, inactive ones included, in list_communes' order: what a coverage table
    needs, without reading each commune's whole record and successors."""
    query = select(CommuneRecord.id, CommuneRecord.name).order_by(CommuneRecord.sort_order, CommuneRecord.id)
    return [(int(commune_id), name) for commune_id, name in session.execute(query)]


def list_communes(session: Session, include_inactive: bool = False) -> list[Commune]:
    query = select(CommuneRecord).order_by(CommuneRecord.sort_order, CommuneRecord.id)
    if not include_inactive:
        query = query.where(CommuneRecord.active.is_(True))
    successors: dict[int, list[int]] = {}
    for commune_id, successor_id in session.execute(
        select(m.CommuneSuccessorRecord.commune_id, m.CommuneSuccessorRecord.successor_id).order_by(
            m.CommuneSuccessorRecord.commune_id, m.CommuneSuccessorRecord.successor_id
        )
    ):
        successors.setdefault(commune_id, []).append(successor_id)
    return [
        Commune(
            r.id,
            r.name,
            r.code,
            r.active,
            r.unit_list,
            r.valid_from,
            r.valid_to,
            tuple(successors.get(r.id, ())),
        )
        for r in session.scalars(query)
    ]


def commune_ids_in_use(session: Session) -> set[int]:
    return set(session.scalars(select(BusinessRecord.commune_id).distinct()))


def replace_communes(session: Session, communes: list[CommuneInput]) -> None:
    """Apply an edited list: update rows with an id, add new ones, deactivate those left out.

    A commune is never deleted, because businesses and reports refer to it.
    """
    existing = {r.id: r for r in session.scalars(select(CommuneRecord))}
    keep: set[int] = set()
    for order, item in enumerate(communes):
        record = existing.get(item.id) if item.id is not None else None
        if record is None:
            # Reuse an inactive commune with the same name instead of duplicating it.
            key = search_key(item.name)
            record = next(
                (r for r in existing.values() if search_key(r.name) == key and r.id not in keep),
                None,
            )
        if record is None:
            record = CommuneRecord()
            session.add(record)
        same_code = record.code == nfc(item.code) and bool(record.code)
        record.name = nfc(item.name)
        record.code = nfc(item.code)
        # An edit that does not say (a renamed commune, a toggled flag) keeps the unit's list and dates.
        record.unit_list = (item.unit_list or (record.unit_list if same_code else "")) if record.code else ""
        record.valid_from = item.valid_from or (record.valid_from if same_code else None)
        record.valid_to = item.valid_to or (record.valid_to if same_code else None)
        record.search_key = commune_key(item.name)
        record.active = item.active
        record.sort_order = order
        session.flush()
        keep.add(record.id)
    for record_id, record in existing.items():
        if record_id not in keep:
            record.active = False


def list_business_types(session: Session, include_inactive: bool = False) -> list[BusinessType]:
    query = select(BusinessTypeRecord).order_by(BusinessTypeRecord.sort_order, BusinessTypeRecord.id)
    if not include_inactive:
        query = query.where(BusinessTypeRecord.active.is_(True))
    return [
        BusinessType(r.id, r.code, r.name, tuple(s for s in r.synonyms.split(";") if s), r.active)
        for r in session.scalars(query)
    ]


def replace_business_types(session: Session, types: list[BusinessTypeInput]) -> None:
    """Apply an edited catalog; types left out are deactivated, never deleted."""
    existing = {r.id: r for r in session.scalars(select(BusinessTypeRecord))}
    by_code = {r.code: r for r in existing.values()}
    keep: set[int] = set()
    for order, item in enumerate(types):
        code = nfc(item.code).upper()
        record = existing.get(item.id) if item.id is not None else by_code.get(code)
        if record is None:
            record = BusinessTypeRecord()
            session.add(record)
        record.code = code
        record.name = nfc(item.name)
        record.synonyms = ";".join(nfc(s) for s in item.synonyms if nfc(s))
        record.active = item.active
        record.sort_order = order
        session.flush()
        keep.add(record.id)
    for record_id, record in existing.items():
        if record_id not in keep:
            record.active = False


def count_communes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CommuneRecord)) or 0


def has_records(session: Session) -> bool:
    """Whether the registers hold anything an office entered or imported (catalogues and settings aside)."""
    kinds = (
        m.BusinessRecord,
        m.CommitmentRecord,
        m.EmployeeRecord,
        m.ReviewRoundRecord,
        m.InspectionRoundRecord,
        m.InspectionVisitRecord,
        m.HotspotRecord,
        m.SupportCaseRecord,
        m.CommunicationEventRecord,
        m.TrainingClassRecord,
        m.HealthyCommuneStatusRecord,
    )
    return any(session.scalars(select(kind.id).limit(1)).first() is not None for kind in kinds)
