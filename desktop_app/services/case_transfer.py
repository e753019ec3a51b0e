"""Case lists in and out: importing an existing list (identities straight to the protected store) and
exporting the list only as a password-protected workbook. Every step needs the identity permission."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from desktop_app.domain.cases import IdentityIndex
from desktop_app.domain.errors import ConflictError, DomainError
from desktop_app.domain.security import PERM_IDENTITY
from desktop_app.exports.cases_xlsx import write_case_template, write_cases
from desktop_app.imports.cases import CASE_SPEC, FIELD_LABELS, CaseRowParser, ImportedCase
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import open_to_all, requires
from desktop_app.services.import_writing import ListTransfer, no_progress, write_in_chunks
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import cases as repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]
NO_REJECTED_FILE = (
    "Danh sách hồ sơ có thông tin nhân thân: không ghi các dòng chưa nhập ra tệp riêng. Hãy sửa các dòng lỗi "
    "ngay trong tệp gốc (theo số dòng ở trên) rồi nhập lại."
)


class CaseTransferService(ListTransfer):
    spec: RegisterSpec = CASE_SPEC
    field_labels: Mapping[str, str] = FIELD_LABELS

    def _parser(self) -> CaseRowParser:
        with self._db.read() as session:
            communes = [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]
            existing = repo.identity_keys(session)
        return CaseRowParser(communes, existing, self._now().date())

    @requires(PERM_IDENTITY)
    def preview(
        self,
        path: str | Path,
        sheet: str | None = None,
        mapping: Mapping[int, str] | None = None,
        learned: Mapping[str, str] | None = None,
    ) -> ImportPreview:
        """The rows as they would be imported (names shown: only to a role that may see identities)."""
        return self._read_preview(path, sheet, mapping, learned)

    @staticmethod
    def save_rejected(preview: ImportPreview, target: str | Path) -> int:
        raise DomainError(NO_REJECTED_FILE)

    @requires(PERM_IDENTITY)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows (each a new case with its code) in one transaction. Raises Cancelled,
        ConflictError (a case for the same person was recorded since the preview), StorageError."""
        records: list[ImportedCase] = [r.record for r in preview.importable]
        now = self._now()

        index: IdentityIndex | None = None  # read once, in the import's transaction; each new case added
        numbers: dict[int, int] = {}  # intake year → the next case number, counted on here

        def write(session: Transaction, chunk: Sequence[ImportedCase]) -> None:
            nonlocal index
            if index is None:
                index = IdentityIndex()
                for code, number, name_key, year, commune in repo.identity_keys(session):
                    index.add(code, number, name_key, year, commune)
            for record in chunk:
                found = index.match(record.identity, record.case.commune_id)
                if found:
                    code, reason = found
                    raise ConflictError(
                        f"Hồ sơ {code} vừa được ghi cho cùng một người ({reason.lower()}); "
                        "hãy xem trước tệp lại rồi nhập."
                    )
                intake_year = record.case.intake_date.year
                serial = numbers.get(intake_year) or repo.next_number(session, intake_year)
                numbers[intake_year] = serial + 1
                case_id, code = repo.add_case(session, record.case, record.identity, now, serial)
                audit_repo.log_change(session, "case", case_id, "import", {"code": code}, now)
                consent = {"consent_way": record.case.consent_way, "consent_on": record.case.consent_on}
                audit_repo.log_change(session, "case", case_id, "consent", consent, now)
                person = record.identity
                index.add(code, person.id_number, person.name_key, person.birth_year, record.case.commune_id)

        return write_in_chunks(self._db, records, write, progress, cancel)

    # ---- Export
    @requires(PERM_IDENTITY)
    def export(
        self,
        target: str | Path,
        password: str,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Every case with its identity to an .xlsx file that opens only with `password`, except cases whose
        person withdrew consent (Law 91/2025/QH15 Art. 4: their data is no longer handed on). The export is
        in the change log. Raises ValidationError (a weak password), Cancelled, ExportError."""
        with self._db.read() as session:
            rows = []
            for row, person in repo.export_rows(session):
                if row.consent_withdrawn_on is not None:
                    continue
                detail = repo.detail(session, row.id)
                case = detail.case
                rows.append((row, person, case.referral_source, case.needs, case.consent_on, case.notes))
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_cases(path, rows, unit, day, password, progress, cancelled)

        return self._recorded_write("cases", target, len(rows), write, today)

    @staticmethod
    @open_to_all
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns."""
        write_case_template(Path(target))

    @requires(PERM_IDENTITY)
    def export_list(
        self,
        target: str | Path,
        password: str | None = None,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        if not password:
            raise DomainError("Danh sách hồ sơ chỉ xuất kèm mật khẩu: hãy đặt mật khẩu mở tệp.")
        return self.export(target, password, progress, cancel)
