"""Import of office Excel lists into the business register, and export of the register to Excel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from desktop_app.domain.businesses import BusinessExportRow, ValidBusiness
from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.exports.businesses_xlsx import write_businesses
from desktop_app.imports.businesses import BUSINESS_SPEC, BusinessRowParser, Catalogs, ExistingKeys
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import requires
from desktop_app.services.import_writing import ListTransfer, no_progress, write_in_chunks
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import businesses as business_repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]


class TransferService(ListTransfer):
    """Reads and writes files for the business register. Safe to call from a worker thread."""

    spec: RegisterSpec = BUSINESS_SPEC

    # ---- Import
    def _parser(self) -> BusinessRowParser:
        with self._db.read() as session:
            catalogs = Catalogs(
                communes=[(c.id, c.name) for c in office_repo.list_communes(session)],
                types=[(t.id, t.code, t.name, t.synonyms) for t in office_repo.list_business_types(session)],
            )
            numbers, names = business_repo.existing_keys(session)
        return BusinessRowParser(catalogs, ExistingKeys(numbers, names), self._now().date())

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the register as it was.

        Raises Cancelled, StorageError. Runs on any thread.
        """
        businesses: list[ValidBusiness] = [r.record for r in preview.importable]
        now, note = self._now(), f"Nhập từ tệp {Path(preview.file).name}"

        def write(session: Transaction, chunk: Sequence[ValidBusiness]) -> None:
            business_repo.add_many(session, chunk, now, note)

        return write_in_chunks(self._db, businesses, write, progress, cancel)

    @requires(PERM_REPORT)
    def export_rows(self, ids: Sequence[int] | None = None) -> list[BusinessExportRow]:
        with self._db.read() as session:
            return business_repo.export_rows(session, ids)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        ids: Sequence[int] | None = None,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write the register (or the businesses `ids`, in that order) to an .xlsx file atomically."""
        rows = self.export_rows(ids)
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_businesses(path, rows, unit, day, progress, cancelled)

        return self._recorded_write("businesses", target, len(rows), write, today)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns."""
        write_businesses(Path(target), [], "", None)

    @requires(PERM_REPORT)
    def export_list(
        self,
        target: str | Path,
        password: str | None = None,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        return self.export(target, None, progress, cancel)
