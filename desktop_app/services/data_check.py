"""«Kiểm tra dữ liệu» / `check`: the file's integrity, the change log's chain, every scan read back, every
issued report's files against their SHA-256; what was found and what to do about it, the same words in the
window and on the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.domain.security import SYSTEM
from desktop_app.services.backup import check_database

if TYPE_CHECKING:
    from desktop_app.services.audit import AuditService
    from desktop_app.services.backup import BackupService
    from desktop_app.services.commitments import CommitmentService
    from desktop_app.services.issued_reports import IssuedReportService

ALL_GOOD = (
    "Dữ liệu nguyên vẹn; nhật ký thay đổi không bị sửa hay xóa; các bản chụp đầy đủ; các báo cáo đã ban hành "
    "còn nguyên như khi gửi."
)
DAMAGED_ADVICE = (
    "Tệp dữ liệu bị hỏng: hãy khôi phục từ bản sao lưu gần nhất (Tệp → Khôi phục từ bản sao lưu…, hoặc lệnh "
    "python -m desktop_app restore TỆP)."
)
CHAIN_ADVICE = "Nhật ký thay đổi không còn nguyên vẹn: hãy báo cho quản trị viên."
SCANS_ADVICE = (
    "Bản chụp thiếu hoặc hỏng: hãy chép lại từ thư mục attachments của bản sao lưu (sao-luu\\attachments, "
    "hoặc thư mục attachments trong bản sao lưu trên USB) vào thư mục attachments bên cạnh tệp dữ liệu."
)
ISSUED_ADVICE = (
    "Tệp của báo cáo đã ban hành không còn như khi gửi: hãy khôi phục từ bản sao lưu gần nhất và báo "
    "cho quản trị viên; bản đã gửi lên cấp trên vẫn là bản gốc."
)


@dataclass(frozen=True, slots=True)
class DataCheck:
    """What the check found, by kind (Vietnamese, one line each; nothing personal)."""

    damaged: tuple[str, ...] = ()  # the database file fails SQLite's integrity check, or is not ours
    chain: tuple[str, ...] = ()  # the change log was altered or cut short
    scans: tuple[str, ...] = ()  # recorded scans missing or unreadable
    issued: tuple[str, ...] = ()  # an issued report's stored file no longer as issued

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.chain or self.scans or self.issued)

    @property
    def problems(self) -> list[str]:
        return [*self.damaged, *self.chain, *self.scans, *self.issued]

    @property
    def advice(self) -> list[str]:
        """What to do, one sentence per kind of problem found; the all-clear when nothing was."""
        if self.ok:
            return [ALL_GOOD]
        found = (
            (self.damaged, DAMAGED_ADVICE),
            (self.chain, CHAIN_ADVICE),
            (self.scans, SCANS_ADVICE),
            (self.issued, ISSUED_ADVICE),
        )
        return [text for problems, text in found if problems]


def check_open(
    backup: BackupService, audit: AuditService, commitments: CommitmentService, issued: IssuedReportService
) -> DataCheck:
    """The check of the data open for work (an administrator; any thread). Raises PermissionDenied."""
    return DataCheck(
        tuple(backup.integrity_problems()),
        tuple(audit.problems()),
        tuple(commitments.scan_problems()),
        tuple(issued.file_problems()),
    )


def check_file(target: str | os.PathLike[str]) -> DataCheck:
    """The check of the data at `target` without signing in (`check` on the command line): the file first,
    read without opening it for work since it may be the damaged one; then its change log and scans. Raises
    StorageError (a server, a missing file)."""
    damaged = check_database(target)
    if damaged:
        return DataCheck(damaged=tuple(damaged))
    from desktop_app.services.app_services import open_services

    services = open_services(target, actor=SYSTEM)  # reads the log's hashes, the scans' names, the files
    try:
        chain, scans = services.audit.problems(), services.commitments.scan_problems()
        issued = services.issued_reports.file_problems()
    finally:
        services.close()
    return DataCheck(chain=tuple(chain), scans=tuple(scans), issued=tuple(issued))
