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

from desktop_app.domain.audit import AuditFilter, AuditPage, ChainHead
from desktop_app.domain.errors import StorageError
from desktop_app.domain.security import PERM_ADMIN, PERM_READ
from desktop_app.services.access import requires
from desktop_app.storage.audit_anchor import anchor_file, read_anchor
from desktop_app.storage.db import Database, sqlite_path
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as office_repo

PAGE_LIMIT = 2000
NO_ANCHOR = (
    "Không có tệp «{name}» ghi điểm cuối của nhật ký bên cạnh dữ liệu. Nếu dữ liệu vừa được chép từ máy khác "
    "hoặc phần mềm vừa được cập nhật, tệp sẽ được ghi ở lần đăng nhập tới; nếu không, tệp đã bị xóa, có thể "
    "cùng với phần cuối của nhật ký."
)


class AuditService:
    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    @requires(PERM_READ)
    def problems(self) -> list[str]:
        """Why the change log is not intact (Vietnamese, one line each); empty when it is. A SQLite file's log
        is also held against the head kept beside it (`pcmd.sqlite3.chain`)."""
        path = sqlite_path(self._db.url)
        anchor: ChainHead | None = None
        found: list[str] = []
        if path is not None:
            try:
                anchor = read_anchor(path)
            except StorageError as err:
                found.append(err.message)
        name = anchor_file(path).name if path is not None else ""
        with self._db.read() as session:
            found += audit_repo.problems(session, anchor, name)
            if path is not None and anchor is None and not found and audit_repo.head(session).count:
                found.append(NO_ANCHOR.format(name=name))
        return found

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
            from desktop_app.exports.audit_xlsx import write_audit_log  # openpyxl on first export

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
