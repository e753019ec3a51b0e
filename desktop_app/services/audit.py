"""The change log's integrity, and exports recorded in it: every file that leaves the app with office data
is an entry (what kind, how many rows, which format; never the file's name, which a clerk may have made
personal)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.domain.audit import AuditFilter, AuditPage
from desktop_app.domain.errors import StorageError
from desktop_app.domain.security import PERM_ADMIN, PERM_READ
from desktop_app.exports.audit_xlsx import write_audit_log
from desktop_app.services.access import requires
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as office_repo

PAGE_LIMIT = 2000


class AuditService:
    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    @requires(PERM_READ)
    def problems(self) -> list[str]:
        """Why the change log is not intact (Vietnamese, one line each); empty when it is."""
        with self._db.read() as session:
            return audit_repo.problems(session)

    # ---- The administrator's audit page
    @requires(PERM_ADMIN)
    def entries(self, flt: AuditFilter, limit: int = PAGE_LIMIT) -> AuditPage:
        """The newest entries matching `flt` (at most `limit`) and how many match. Raises ValidationErrors."""
        flt.validate()
        with self._db.read() as session:
            return audit_repo.search(session, flt, limit)

    @requires(PERM_ADMIN)
    def actors(self) -> list[str]:
        with self._db.read() as session:
            return audit_repo.actors(session)

    @requires(PERM_ADMIN)
    def export(
        self,
        target: str | Path,
        flt: AuditFilter,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """Every entry matching `flt`, oldest first, to an .xlsx file atomically. Raises Cancelled,
        ExportError, ValidationErrors."""
        flt.validate()
        path = Path(target)
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
            total = audit_repo.search(session, flt, 0).total
            rows = list(audit_repo.iter_matching(session, flt))
        with recorded_export(self._db, "audit_log", path, self._now()) as record:
            record.rows = write_audit_log(
                path,
                rows,
                total,
                profile.issuing_unit if profile else "",
                self._now().date(),
                progress,
                cancel.is_set if cancel else None,
            )
            record.written = True
        return record.rows


@dataclass
class ExportRecord:
    """Filled in by the code that writes the file: how many rows (or forms) went out, and that it did."""

    rows: int = 0
    written: bool = False


@contextmanager
def recorded_export(db: Database, kind: str, target: Path, now: datetime) -> Iterator[ExportRecord]:
    """Write an export inside the unit of work that records it, so the entry and the file stand or fall
    together: a failed write records nothing, and a file whose entry cannot be committed is removed."""
    record = ExportRecord()
    try:
        with db.unit_of_work() as session:
            yield record
            if record.written:
                details = {"kind": kind, "rows": record.rows, "format": target.suffix.lstrip(".").lower()}
                audit_repo.log_change(session, "export", 0, "export", details, now)
    except StorageError:
        if record.written:
            target.unlink(missing_ok=True)
        raise
