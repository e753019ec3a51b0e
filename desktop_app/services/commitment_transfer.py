"""Import of an office's Excel list of signed commitments, and export of the commitments list to Excel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from desktop_app.domain.errors import ConflictError
from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.exports.commitments_xlsx import write_commitment_template, write_commitments
from desktop_app.imports.business_lookup import KnownBusiness
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.commitments import (
    COMMITMENT_SPEC,
    FIELD_LABELS,
    CommitmentRowParser,
    ImportedCommitment,
)
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import requires
from desktop_app.services.import_writing import ListTransfer, no_progress, write_in_chunks
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import commitment_rows as rows_repo
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories.commitment_rows import CommitmentExportRow

Progress = Callable[[int, int], None]


class CommitmentTransferService(ListTransfer):
    """Reads and writes files for the commitments list. Safe to call from a worker thread."""

    spec: RegisterSpec = COMMITMENT_SPEC
    field_labels: Mapping[str, str] = FIELD_LABELS

    # ---- Import
    def _parser(self) -> CommitmentRowParser:
        with self._db.read() as session:
            communes = [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]
            businesses = [KnownBusiness(*values) for values in rows_repo.business_keys(session)]
            existing = rows_repo.existing_signings(session)
            rule = commitment_repo.get_validity_rule(session)
        return CommitmentRowParser(communes, businesses, existing, rule, self._now().date())

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.

        Raises Cancelled, ConflictError (the register changed since the preview), StorageError. Any thread.
        """
        records: list[ImportedCommitment] = [r.record for r in preview.importable]
        now = self._now()

        def write(session: Transaction, chunk: Sequence[ImportedCommitment]) -> None:
            commitments = [r.validated() for r in chunk]
            self._check_unchanged(session, chunk)
            rows_repo.add_many(session, commitments, now)

        return write_in_chunks(self._db, records, write, progress, cancel)

    @staticmethod
    def _check_unchanged(session: Transaction, chunk: Sequence[ImportedCommitment]) -> None:
        """Someone may have voided a business or recorded the same signing since the preview."""
        ids = [r.commitment.business_id for r in chunk]
        voided = rows_repo.voided_businesses(session, ids)
        signed = rows_repo.existing_signings(session, ids)
        for record in chunk:
            c = record.commitment
            if c.business_id in voided:
                raise ConflictError(
                    f"Cơ sở «{record.name}» vừa được đánh dấu nhập nhầm; hãy xem trước tệp lại rồi nhập."
                )
            if (c.business_id, c.signed_on) in signed:
                raise ConflictError(
                    f"Cam kết của cơ sở «{record.name}» ký ngày {c.signed_on:%d/%m/%Y} vừa được ghi; "
                    "hãy xem trước tệp lại rồi nhập."
                )

    # ---- Export
    @requires(PERM_REPORT)
    def export_rows(self) -> list[CommitmentExportRow]:
        with self._db.read() as session:
            return rows_repo.export_rows(session)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write every signing not voided, with its state on `today`, to an .xlsx file atomically.

        Raises Cancelled (nothing written), ExportError. Any thread.
        """
        rows = self.export_rows()
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_commitments(path, rows, unit, day, progress, cancelled)

        return self._recorded_write("commitments", target, len(rows), write, today)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_commitment_template(Path(target))
