"""Import of an office's Excel list of inspection visits, and export of the visits list to Excel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from desktop_app.domain.errors import ConflictError
from desktop_app.domain.inspections import Visit
from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.exports.inspections_xlsx import write_visit_template, write_visits
from desktop_app.imports.business_lookup import KnownBusiness
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.inspections import (
    FIELD_LABELS,
    VISIT_SPEC,
    ImportedVisit,
    KnownVisit,
    VisitRowParser,
)
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import requires
from desktop_app.services.import_writing import ListTransfer, no_progress, write_in_chunks
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import commitment_rows
from desktop_app.storage.repositories import inspection_rows as rows_repo
from desktop_app.storage.repositories import inspections as inspection_repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]


class InspectionTransferService(ListTransfer):
    """Reads and writes files for the visits list. Safe to call from a worker thread."""

    spec: RegisterSpec = VISIT_SPEC
    field_labels: Mapping[str, str] = FIELD_LABELS

    # ---- Import
    def _parser(self) -> VisitRowParser:
        with self._db.read() as session:
            communes = [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]
            businesses = [KnownBusiness(*values) for values in commitment_rows.business_keys(session)]
            visits = [KnownVisit(*values) for values in rows_repo.visit_keys(session)]
            rounds = inspection_repo.list_rounds(session)
            legal_basis = inspection_repo.list_legal_basis(session, include_inactive=True)
        return VisitRowParser(communes, businesses, visits, rounds, legal_basis, self._now().date())

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.

        Raises Cancelled, ConflictError (the registers changed since the preview), StorageError. Any thread.
        """
        records: list[ImportedVisit] = [r.record for r in preview.importable]
        now = self._now()
        ids_by_row: dict[int, int] = {}

        def write(session: Transaction, chunk: Sequence[ImportedVisit]) -> None:
            self._check_unchanged(session, chunk)
            ids = rows_repo.add_many(session, [r.validated() for r in chunk], now)
            ids_by_row.update((r.row, i) for r, i in zip(chunk, ids, strict=True))
            # a follow-up of an earlier row of the file links to that row's new visit
            links = [
                (i, ids_by_row[r.follows_up_row]) for r, i in zip(chunk, ids, strict=True) if r.follows_up_row
            ]
            rows_repo.link_follow_ups(session, links)

        return write_in_chunks(self._db, records, write, progress, cancel)

    @staticmethod
    def _check_unchanged(session: Transaction, chunk: Sequence[ImportedVisit]) -> None:
        """Since the preview, someone may have voided a business or a round, recorded the same visit, closed
        a follow-up a row closes, or taken an entry out of the legal-basis catalogue."""
        visits = [r.visit for r in chunk]
        voided = commitment_rows.voided_businesses(session, [v.business_id for v in visits])
        recorded = rows_repo.visits_on(session, [v.business_id for v in visits])
        rounds = rows_repo.voided_rounds(session, [v.round_id for v in visits if v.round_id is not None])
        closed = rows_repo.closed_or_voided(session, [v.follows_up_id for v in visits if v.follows_up_id])
        legal = sorted({i for v in visits for i in v.legal_basis_ids})
        again = "; hãy xem trước tệp lại rồi nhập."
        if not inspection_repo.legal_basis_exist(session, legal):
            raise ConflictError("Danh mục căn cứ pháp lý vừa thay đổi" + again)
        for record in chunk:
            v = record.visit
            if v.business_id in voided:
                raise ConflictError(f"Cơ sở «{record.name}» vừa được đánh dấu nhập nhầm" + again)
            if (v.business_id, v.visit_date) in recorded:
                raise ConflictError(
                    f"Lượt kiểm tra cơ sở «{record.name}» ngày {v.visit_date:%d/%m/%Y} vừa được ghi" + again
                )
            if v.round_id in rounds:
                raise ConflictError(
                    f"Đợt kiểm tra của lượt kiểm tra cơ sở «{record.name}» vừa bị hủy" + again
                )
            if v.follows_up_id in closed:
                raise ConflictError(f"Việc hậu kiểm cơ sở «{record.name}» vừa được ghi" + again)

    # ---- Export
    @requires(PERM_REPORT)
    def export_rows(self) -> tuple[list[Visit], dict[int, str]]:
        """Every visit not voided (planned ones too), by date; and the businesses' registration numbers."""
        with self._db.read() as session:
            return inspection_repo.export_visits(session), rows_repo.registration_numbers(session)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write every visit not voided, with its follow-up's state on `today`, to an .xlsx file atomically.

        Raises Cancelled (nothing written), ExportError. Any thread.
        """
        visits, numbers = self.export_rows()
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_visits(path, visits, numbers, unit, day, progress, cancelled)

        return self._recorded_write("inspection_visits", target, len(visits), write, today)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_visit_template(Path(target))
