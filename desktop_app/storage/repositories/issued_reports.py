"""Issued reports: add one, list them, read one back with its files. There is deliberately no update and no
delete here (the database's triggers refuse both as well): an issued report stays as it was sent."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.issued_reports import (
    IssuedFile,
    IssuedReport,
    IssuedReportSummary,
    report_from_data,
)
from desktop_app.storage.models import IssuedReportFileRecord, IssuedReportRecord


@dataclass(frozen=True, slots=True)
class NewIssuedReport:
    uid: str
    template_id: str
    period_code: str
    period_label: str
    number: str
    issued_on: date
    issued_by: str
    issued_at: datetime
    replaces_id: int | None
    figures: Mapping[str, Any]
    template: Mapping[str, Any]
    files: Sequence[tuple[str, str, bytes]]  # kind, file name, bytes


def add(session: Session, new: NewIssuedReport) -> int:
    """Store an issued report and its files; returns its id."""
    record = IssuedReportRecord(
        uid=new.uid,
        template_id=new.template_id,
        period_code=new.period_code,
        period_label=new.period_label,
        number=new.number,
        issued_on=new.issued_on,
        issued_by=new.issued_by,
        issued_at=new.issued_at,
        replaces_id=new.replaces_id,
        figures=json.dumps(new.figures, ensure_ascii=False, sort_keys=True),
        template=json.dumps(new.template, ensure_ascii=False),
    )
    session.add(record)
    session.flush()
    for kind, file_name, data in new.files:
        session.add(
            IssuedReportFileRecord(
                issued_report_id=record.id,
                kind=kind,
                file_name=file_name,
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
            )
        )
    session.flush()
    return record.id


def _summaries(session: Session, *where: Any) -> list[IssuedReportSummary]:
    older = aliased(IssuedReportRecord)
    newer = aliased(IssuedReportRecord)
    rows = session.execute(
        select(
            IssuedReportRecord.id,
            IssuedReportRecord.uid,
            IssuedReportRecord.template_id,
            IssuedReportRecord.period_code,
            IssuedReportRecord.period_label,
            IssuedReportRecord.number,
            IssuedReportRecord.issued_on,
            IssuedReportRecord.issued_by,
            IssuedReportRecord.issued_at,
            IssuedReportRecord.replaces_id,
            older.number,
            newer.number,
        )
        .outerjoin(older, older.id == IssuedReportRecord.replaces_id)
        .outerjoin(newer, newer.replaces_id == IssuedReportRecord.id)
        .where(*where)
        .order_by(IssuedReportRecord.issued_on.desc(), IssuedReportRecord.id.desc())
    ).all()
    ids = [row[0] for row in rows]
    files: dict[int, list[IssuedFile]] = {}
    if ids:
        for report_id, kind, name, size, sha in session.execute(
            select(
                IssuedReportFileRecord.issued_report_id,
                IssuedReportFileRecord.kind,
                IssuedReportFileRecord.file_name,
                func.length(IssuedReportFileRecord.data),
                IssuedReportFileRecord.sha256,
            )
            .where(IssuedReportFileRecord.issued_report_id.in_(ids))
            .order_by(IssuedReportFileRecord.id)
        ):
            files.setdefault(report_id, []).append(IssuedFile(kind, name, int(size or 0), sha))
    return [
        IssuedReportSummary(*row[:10], row[10] or "", row[11] or "", tuple(files.get(row[0], [])))
        for row in rows
    ]


def summaries(session: Session) -> list[IssuedReportSummary]:
    """Every issued report, the newest first."""
    return _summaries(session)


def summary(session: Session, report_id: int) -> IssuedReportSummary | None:
    found = _summaries(session, IssuedReportRecord.id == report_id)
    return found[0] if found else None


def newest_for(session: Session, template_id: str, period_code: str) -> IssuedReportSummary | None:
    """The issue of this template and period that no other replaces (the one a correction replaces)."""
    found = _summaries(
        session, IssuedReportRecord.template_id == template_id, IssuedReportRecord.period_code == period_code
    )
    current = [s for s in found if not s.replaced_by_number]
    return max(current, key=lambda s: s.id) if current else None


def get(session: Session, report_id: int) -> IssuedReport | None:
    """An issued report re-opened: its stored figures and template, as they were issued."""
    head = summary(session, report_id)
    if head is None:
        return None
    figures, template = session.execute(
        select(IssuedReportRecord.figures, IssuedReportRecord.template).where(
            IssuedReportRecord.id == report_id
        )
    ).one()
    return IssuedReport(head, report_from_data(json.loads(figures)), json.loads(template))


def file_data(session: Session, report_id: int, kind: str) -> tuple[str, str, bytes] | None:
    """(file name, sha256, bytes) of one stored file."""
    row = session.execute(
        select(
            IssuedReportFileRecord.file_name, IssuedReportFileRecord.sha256, IssuedReportFileRecord.data
        ).where(IssuedReportFileRecord.issued_report_id == report_id, IssuedReportFileRecord.kind == kind)
    ).one_or_none()
    return (str(row[0]), str(row[1]), bytes(row[2])) if row is not None else None


def altered_files(session: Session) -> list[tuple[str, str, str]]:
    """(report number, period, file name) of each stored file whose bytes no longer hash to the SHA-256
    recorded when it was issued; the files are read one at a time."""
    f, r = IssuedReportFileRecord, IssuedReportRecord
    ids = list(session.execute(select(f.id).order_by(f.id)).scalars())
    altered: list[tuple[str, str, str]] = []
    query = select(r.number, r.period_label, f.file_name, f.sha256, f.data).join(
        r, r.id == f.issued_report_id
    )
    for file_id in ids:
        number, period, name, recorded, data = session.execute(query.where(f.id == file_id)).one()
        if hashlib.sha256(bytes(data)).hexdigest() != recorded:
            altered.append((str(number), str(period), str(name)))
    return altered


def numbers_in_year(session: Session, year: int) -> list[str]:
    return list(
        session.execute(
            select(IssuedReportRecord.number).where(
                IssuedReportRecord.issued_on >= date(year, 1, 1),
                IssuedReportRecord.issued_on <= date(year, 12, 31),
            )
        ).scalars()
    )


def is_issued(session: Session, template_id: str, period_code: str) -> bool:
    query = select(IssuedReportRecord.id).where(
        IssuedReportRecord.template_id == template_id, IssuedReportRecord.period_code == period_code
    )
    return session.execute(query.limit(1)).first() is not None
