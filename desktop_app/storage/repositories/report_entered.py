"""Figures typed in for a report (the entered indicators of a template), per period code and template."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.storage.models import ReportEnteredValueRecord

EnteredKey = tuple[str, int | None]  # (indicator id, commune id or None for the whole unit)


def entered_values(session: Session, period_code: str, template_id: str) -> dict[EnteredKey, int]:
    """The values typed in for a period and template."""
    r = ReportEnteredValueRecord
    rows = session.execute(
        select(r.indicator_id, r.commune_id, r.value).where(
            r.period_code == period_code, r.template_id == template_id
        )
    )
    return {(indicator_id, commune_id): int(value) for indicator_id, commune_id, value in rows}


def save_entered(
    session: Session,
    period_code: str,
    template_id: str,
    values: Mapping[EnteredKey, int | None],
    who: str,
    now: datetime,
) -> dict[EnteredKey, tuple[int | None, int | None]]:
    """Set (or, for None, clear) each given value; the others stay. Returns what changed: key → (was, now)."""
    r = ReportEnteredValueRecord
    stored = {
        (record.indicator_id, record.commune_id): record
        for record in session.scalars(
            select(r).where(r.period_code == period_code, r.template_id == template_id)
        )
    }
    changed: dict[EnteredKey, tuple[int | None, int | None]] = {}
    for key, value in values.items():
        record = stored.get(key)
        before = None if record is None else int(record.value)
        if before == value:
            continue
        changed[key] = (before, value)
        if value is None:
            if record is not None:
                session.delete(record)
            continue
        if record is None:
            record = ReportEnteredValueRecord(
                period_code=period_code, template_id=template_id, indicator_id=key[0], commune_id=key[1]
            )
            session.add(record)
        record.value, record.updated_by, record.updated_at = value, who, now
    session.flush()
    return changed
