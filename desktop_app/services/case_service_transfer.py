"""Import and export of the services given to support cases (loans with their repayments) and of the cases'
follow-ups. These lists are about support cases: every step needs the identity permission, as the case
list's own import and export; the export is only a password-protected workbook, the rows left out are
never written to a file of their own, and the change log names only the case and what was recorded."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.cases import SERVICE_FIELDS, SERVICE_LABELS
from desktop_app.domain.errors import ConflictError, DomainError
from desktop_app.domain.security import PERM_IDENTITY
from desktop_app.domain.text import search_key
from desktop_app.imports.case_services import (
    DETAIL_FIELDS,
    FOLLOW_UP_SPEC,
    SERVICE_SPEC,
    FollowUpRowParser,
    ImportedFollowUp,
    ImportedService,
    ServiceRowParser,
    repayments_text,
)
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import requires
from desktop_app.services.case_transfer import NO_REJECTED_FILE
from desktop_app.services.import_writing import no_progress
from desktop_app.services.register_transfer import AGAIN, Progress, RegisterTransfer
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import cases as cases_repo
from desktop_app.storage.repositories import register_lists as lists_repo


def _check_cases(session: Transaction, chunk: Sequence[ImportedService | ImportedFollowUp]) -> None:
    """Raises ConflictError when a row's case is gone or its person withdrew consent since the preview."""
    refs = {ref[0]: (code, ref) for code, ref in lists_repo.case_refs(session).items()}
    for record in chunk:
        case_id = record.service.case_id if isinstance(record, ImportedService) else record.case_id
        found = refs.get(case_id)
        if found is None or found[1][4] is not None:
            raise ConflictError(f"Hồ sơ {record.code} vừa thay đổi (rút lại đồng ý hoặc không còn)" + AGAIN)


class _CaseListTransfer(RegisterTransfer[object]):
    @requires(PERM_IDENTITY)
    def preview(
        self,
        path: str | Path,
        sheet: str | None = None,
        mapping: Mapping[int, str] | None = None,
        learned: Mapping[str, str] | None = None,
    ) -> ImportPreview:
        """Read the file and decide every row's outcome; writes nothing. Raises ImportFileError."""
        return self._read_preview(path, sheet, mapping, learned)

    @staticmethod
    def save_rejected(preview: ImportPreview, target: str | Path) -> int:
        raise DomainError(NO_REJECTED_FILE)

    @requires(PERM_IDENTITY)
    def commit(
        self, preview: ImportPreview, progress: Progress = no_progress, cancel: threading.Event | None = None
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.
        Raises Cancelled, ConflictError (a case changed or the same row was recorded since the preview),
        StorageError."""
        return self._commit(preview, progress, cancel)

    @requires(PERM_IDENTITY)
    def export(  # type: ignore[override]  # a personal list goes out only with its password
        self,
        target: str | Path,
        password: str,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """The list (cases whose person withdrew consent left out) to an .xlsx file that opens only with
        `password`; recorded in the change log. Raises ValidationError (a weak password), Cancelled,
        ExportError."""
        return self._export(target, progress, cancel, today, password)

    @requires(PERM_IDENTITY)
    def export_list(
        self,
        target: str | Path,
        password: str | None = None,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        if not password:
            raise DomainError("Danh sách này chỉ xuất kèm mật khẩu: hãy đặt mật khẩu mở tệp.")
        return self.export(target, password, progress, cancel)


class CaseServiceTransferService(_CaseListTransfer):
    """Reads and writes files for the services given to cases. Safe to call from a worker thread."""

    spec: RegisterSpec = SERVICE_SPEC
    kind = "case_services"
    entity = "case"
    sheet = "Hỗ trợ"
    title = "DANH SÁCH CÁC LẦN HỖ TRỢ NGƯỜI BÁN DÂM HOÀN LƯƠNG (MẬT)"
    widths = (6, 14, 20, 12, 24, *(16 for _ in range(17)), 30, 30)

    def _parser(self) -> ServiceRowParser:
        with self._db.read() as session:
            return ServiceRowParser(
                lists_repo.case_refs(session), lists_repo.service_keys(session), self._now().date()
            )

    def _check(self, session: Transaction, chunk: Sequence[object]) -> None:
        records = [r for r in chunk if isinstance(r, ImportedService)]
        _check_cases(session, records)
        known = lists_repo.service_keys(session)
        for record in records:
            s = record.service
            if (s.case_id, s.kind, s.given_on, search_key(s.provider)) in known:
                raise ConflictError(f"Một lần hỗ trợ của hồ sơ {record.code} vừa được ghi" + AGAIN)

    def _save(self, session: Transaction, record: object, now: datetime) -> tuple[int, dict[str, object]]:
        assert isinstance(record, ImportedService)
        service_id = cases_repo.add_service(session, record.service, now)
        for repayment in record.repayments:
            cases_repo.add_repayment(session, service_id, repayment, now)
        fields: dict[str, object] = {"kind": record.service.kind, "service": service_id}
        if record.repayments:
            fields["repayments"] = len(record.repayments)
        return record.service.case_id, fields

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = []
        for row in lists_repo.service_rows(session):
            own = SERVICE_FIELDS.get(row.kind, {})
            details = [row.details.get(name) if name in own else None for name in DETAIL_FIELDS]
            rows.append(
                (
                    row.code,
                    SERVICE_LABELS.get(row.kind, row.kind),
                    row.given_on,
                    row.provider,
                    *("" if value is None else value for value in details),
                    repayments_text(row.repayments),
                    row.notes,
                )
            )
        return rows


class FollowUpTransferService(_CaseListTransfer):
    """Reads and writes files for the cases' follow-ups. Safe to call from a worker thread."""

    spec: RegisterSpec = FOLLOW_UP_SPEC
    kind = "case_follow_ups"
    entity = "case"
    sheet = "Theo dõi"
    title = "DANH SÁCH CÁC LẦN THEO DÕI HỒ SƠ HỖ TRỢ (MẬT)"
    widths = (6, 14, 16, 16, 40)

    def _parser(self) -> FollowUpRowParser:
        with self._db.read() as session:
            return FollowUpRowParser(
                lists_repo.case_refs(session), lists_repo.follow_up_keys(session), self._now().date()
            )

    def _check(self, session: Transaction, chunk: Sequence[object]) -> None:
        records = [r for r in chunk if isinstance(r, ImportedFollowUp)]
        _check_cases(session, records)
        known = lists_repo.follow_up_keys(session)
        for record in records:
            if (record.case_id, record.planned_on) in known:
                raise ConflictError(f"Một lần theo dõi của hồ sơ {record.code} vừa được ghi" + AGAIN)

    def _save(self, session: Transaction, record: object, now: datetime) -> tuple[int, dict[str, object]]:
        assert isinstance(record, ImportedFollowUp)
        follow_up_id = lists_repo.add_follow_up(
            session, record.case_id, record.planned_on, record.done_on, record.notes, now
        )
        fields: dict[str, object] = {
            "follow_up": follow_up_id,
            "planned_on": record.planned_on,
            "done_on": record.done_on,
        }
        return record.case_id, fields

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        return [
            (code, planned, done, notes) for code, planned, done, notes in lists_repo.follow_up_rows(session)
        ]
