"""What the transfers of the dated registers (status changes, employees, support services, follow-ups,
hot-spots, healthy-commune statuses) share: a commit that checks each row again inside the import's one
transaction and logs it, and an export of the list in the template's columns."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Generic, TypeVar

from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.exports.register_lists_xlsx import write_list
from desktop_app.imports.columns import IGNORE, RegisterSpec
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import open_to_all, requires
from desktop_app.services.import_writing import ListTransfer, no_progress, write_in_chunks
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]
R = TypeVar("R")
AGAIN = "; hãy xem trước tệp lại rồi nhập."


def communes(session: Transaction) -> list[tuple[int, str]]:
    """Every commune of the office (ended ones too: history refers to them), as the parsers match them."""
    return [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]


def field_labels(spec: RegisterSpec) -> dict[str, str]:
    return {c.field: c.header for c in spec.columns if c.field != IGNORE}


class RegisterTransfer(ListTransfer, Generic[R]):
    """A list's import and export. Subclasses give the spec, `_parser`, the three commit hooks and the two
    export hooks. `R` is an imported row's record. Safe to call from a worker thread."""

    kind: str  # the export's kind in the change log
    entity: str  # the change log's entity of a written row
    sheet: str
    title: str
    widths: tuple[float, ...]

    @property
    def field_labels(self) -> Mapping[str, str]:
        return field_labels(self.spec)

    @property
    def headers(self) -> tuple[str, ...]:
        """The template's and the export's header row: the import columns, in order."""
        return tuple(c.header for c in self.spec.columns)

    # ---- hooks
    def _check(self, session: Transaction, chunk: Sequence[R]) -> None:
        """Raises ConflictError when the register changed since the preview in a way that matters."""
        raise NotImplementedError

    def _save(self, session: Transaction, record: R, now: datetime) -> tuple[int, dict[str, object]]:
        """Write one row; the change log's entity id and its fields (nothing personal)."""
        raise NotImplementedError

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        """The list's rows for the export, in the columns after «STT»."""
        raise NotImplementedError

    # ---- import
    def _commit(self, preview: ImportPreview, progress: Progress, cancel: threading.Event | None) -> int:
        records: list[R] = [r.record for r in preview.importable]
        now = self._now()

        def write(session: Transaction, chunk: Sequence[R]) -> None:
            self._check(session, chunk)
            for record in chunk:
                row_id, fields = self._save(session, record, now)
                audit_repo.log_change(session, self.entity, row_id, "import", fields, now)

        return write_in_chunks(self._db, records, write, progress, cancel)

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.
        Raises Cancelled, ConflictError (the register changed since the preview in a way that matters: see
        the subclass's `_check`), StorageError."""
        return self._commit(preview, progress, cancel)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """The list's rows (`_rows`) to an .xlsx file. Raises Cancelled, ExportError."""
        return self._export(target, progress, cancel, today)

    # ---- export
    def _export(
        self,
        target: str | Path,
        progress: Progress,
        cancel: threading.Event | None,
        today: date | None,
        password: str | None = None,
    ) -> int:
        with self._db.read() as session:
            rows = self._rows(session)
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_list(
                path,
                self.sheet,
                self.title,
                self.headers,
                self.widths,
                rows,
                unit,
                day,
                progress,
                cancelled,
                password,
            )

        return self._recorded_write(self.kind, target, len(rows), write, today)

    @open_to_all
    def write_template(self, target: str | Path) -> None:  # type: ignore[override]
        """A blank workbook with the import columns. Raises ExportError."""
        write_list(Path(target), self.sheet, self.title, self.headers, self.widths, [])
