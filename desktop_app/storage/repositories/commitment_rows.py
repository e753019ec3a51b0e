"""Commitment lists in bulk: what the import looks rows up in, the import's inserts, and the export's rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop_app.domain.commitments import ValidCommitment
from desktop_app.domain.text import sort_keys
from desktop_app.storage.models import BusinessRecord, ChangeLogRecord, CommitmentRecord, CommuneRecord

_IN_CHUNK = 900  # stay under the bound-parameter limit of SQLite


class CommitmentExportRow(NamedTuple):
    """One recorded signing (not voided, of a business not voided) for the workbook."""

    business_name: str
    commune_name: str
    registration_number: str
    signed_on: date
    valid_from: date
    valid_to: date | None
    document_number: str
    representative_name: str
    representative_position: str
    notes: str
    invalidated_on: date | None
    invalidated_reason: str


def business_keys(session: Session) -> list[tuple[int, str, str, int, str]]:
    """(id, name, name search key, commune id, registration number) of every business not voided."""
    query = select(
        BusinessRecord.id,
        BusinessRecord.name,
        BusinessRecord.search_key,
        BusinessRecord.commune_id,
        BusinessRecord.registration_number,
    ).where(BusinessRecord.voided.is_(False))
    return [
        (business_id, name, key.split("\x1f", 1)[0], commune_id, number or "")
        for business_id, name, key, commune_id, number in session.execute(query)
    ]


def existing_signings(session: Session, business_ids: Sequence[int] | None = None) -> set[tuple[int, date]]:
    """(business id, signed date) of every commitment not voided (of the given businesses only)."""
    query = select(CommitmentRecord.business_id, CommitmentRecord.signed_on).where(
        CommitmentRecord.voided.is_(False)
    )
    if business_ids is None:
        return {(b, s) for b, s in session.execute(query)}
    wanted = sorted(set(business_ids))
    found: set[tuple[int, date]] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.update((b, s) for b, s in session.execute(query.where(CommitmentRecord.business_id.in_(chunk))))
    return found


def voided_businesses(session: Session, business_ids: Sequence[int]) -> set[int]:
    """Those of `business_ids` that are marked as entered by mistake."""
    wanted = sorted(set(business_ids))
    found: set[int] = set()
    query = select(BusinessRecord.id).where(BusinessRecord.voided.is_(True))
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.update(session.scalars(query.where(BusinessRecord.id.in_(chunk))))
    return found


def add_many(session: Session, commitments: Sequence[ValidCommitment], now: datetime) -> list[int]:
    """Insert many signings with one change-log row each ('import'); returns the ids in order."""
    if not commitments:
        return []
    rows = [
        {
            "business_id": c.business_id,
            "signed_on": c.signed_on,
            "valid_from": c.valid_from,
            "valid_to": c.valid_to,
            "document_number": c.document_number,
            "representative_name": c.representative_name,
            "representative_position": c.representative_position,
            "notes": c.notes,
            "invalidated_on": None,
            "invalidated_reason": "",
            "voided": False,
            "created_at": now,
            "updated_at": now,
        }
        for c in commitments
    ]
    ids = list(
        session.scalars(
            insert(CommitmentRecord).returning(CommitmentRecord.id, sort_by_parameter_order=True), rows
        )
    )
    session.execute(
        insert(ChangeLogRecord),
        [
            {
                "entity": "commitment",
                "entity_id": commitment_id,
                "action": "import",
                "changes": json.dumps(
                    {
                        "business_id": c.business_id,
                        "valid_to": c.valid_to.isoformat() if c.valid_to else None,
                    },
                    ensure_ascii=False,
                ),
                "at": now,
            }
            for commitment_id, c in zip(ids, commitments, strict=True)
        ],
    )
    return ids


def export_rows(session: Session) -> list[CommitmentExportRow]:
    """Every signing not voided, of businesses not voided: by commune, business name, then signed date."""
    query = (
        select(
            BusinessRecord.name,
            CommuneRecord.name,
            BusinessRecord.registration_number,
            CommitmentRecord.signed_on,
            CommitmentRecord.valid_from,
            CommitmentRecord.valid_to,
            CommitmentRecord.document_number,
            CommitmentRecord.representative_name,
            CommitmentRecord.representative_position,
            CommitmentRecord.notes,
            CommitmentRecord.invalidated_on,
            CommitmentRecord.invalidated_reason,
            CommuneRecord.sort_order,
            CommuneRecord.id,
            BusinessRecord.id,
            CommitmentRecord.id,
        )
        .join(BusinessRecord, BusinessRecord.id == CommitmentRecord.business_id)
        .join(CommuneRecord, CommuneRecord.id == BusinessRecord.commune_id)
        .where(CommitmentRecord.voided.is_(False), BusinessRecord.voided.is_(False))
    )
    values = session.execute(query).all()
    name_keys = sort_keys(v[0] for v in values)
    order = sorted(
        range(len(values)),
        key=lambda i: (
            values[i][12],
            values[i][13],
            name_keys[i],
            values[i][14],
            values[i][3],
            values[i][15],
        ),
    )
    return [CommitmentExportRow._make(values[i][:12]) for i in order]
