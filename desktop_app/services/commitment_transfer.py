"""Import of an office's Excel list of signed commitments, and export of the commitments list to Excel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.errors import ConflictError
from desktop_app.exports.commitments_xlsx import write_commitment_template, write_commitments
from desktop_app.imports.business_lookup import KnownBusiness
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.commitments import (
    COMMITMENT_SPEC,
    FIELD_LABELS,
    CommitmentRowParser,
    ImportedCommitment,
)
from desktop_app.imports.outcomes import IGNORED, ImportPreview, source_rows
from desktop_app.imports.readers import read_sheet
from desktop_app.services.import_writing import save_rejected, write_in_chunks
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import commitment_rows as rows_repo
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories.commitment_rows import CommitmentExportRow

Progress = Callable[[int, int], None]


def _noop(_done: int, _total: int) -> None:
    return None


class CommitmentTransferService:
    """Reads and writes files for the commitments list. Safe to call from a worker thread."""

    spec: RegisterSpec = COMMITMENT_SPEC
    field_labels: Mapping[str, str] = FIELD_LABELS

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Import
    def preview(
        self,
        path: str | Path,
        sheet: str | None = None,
        mapping: Mapping[int, str] | None = None,
        learned: Mapping[str, str] | None = None,
    ) -> ImportPreview:
        """Read the file and decide every row's outcome; writes nothing. Raises ImportFileError."""
        data = read_sheet(path, sheet)
        with self._db.read() as session:
            communes = [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]
            businesses = [KnownBusiness(*values) for values in rows_repo.business_keys(session)]
            existing = rows_repo.existing_signings(session)
            rule = commitment_repo.get_validity_rule(session)
        header, sources = source_rows(COMMITMENT_SPEC, data, learned, mapping)
        parser = CommitmentRowParser(communes, businesses, existing, rule, self._now().date())
        rows = parser.parse(sources)
        read = sum(1 for r in rows if r.outcome != IGNORED)
        return ImportPreview(str(path), data.sheet, data.sheets, header, rows, read)

    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = _noop,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.

        Raises Cancelled, ConflictError (the register changed since the preview), StorageError. Any thread.
        """
        records: list[ImportedCommitment] = [r.record for r in preview.importable]
        now = self._now()

        def write(session: Session, chunk: Sequence[ImportedCommitment]) -> None:
            commitments = [r.validated() for r in chunk]
            self._check_unchanged(session, chunk)
            rows_repo.add_many(session, commitments, now)

        return write_in_chunks(self._db, records, write, progress, cancel)

    @staticmethod
    def _check_unchanged(session: Session, chunk: Sequence[ImportedCommitment]) -> None:
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

    @staticmethod
    def save_rejected(preview: ImportPreview, target: str | Path) -> int:
        """Write the rows that were not imported, with a reason column, to re-import once fixed."""
        return save_rejected(preview, target)

    # ---- Export
    def export_rows(self) -> list[CommitmentExportRow]:
        with self._db.read() as session:
            return rows_repo.export_rows(session)

    def export(
        self,
        target: str | Path,
        progress: Progress = _noop,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write every signing not voided, with its state on `today`, to an .xlsx file atomically.

        Raises Cancelled (nothing written), ExportError. Any thread.
        """
        rows = self.export_rows()
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
        unit = profile.issuing_unit if profile else ""
        write_commitments(
            Path(target), rows, unit, today or self._now().date(), progress, cancel.is_set if cancel else None
        )
        return len(rows)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_commitment_template(Path(target))
