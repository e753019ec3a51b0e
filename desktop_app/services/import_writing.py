"""What every register's import does once the clerk says «Nhập»: write the checked rows in chunks inside one
transaction (progress, Cancel, nothing half-written), and save the rows it left out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.exports.businesses_xlsx import write_rejected_rows
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.outcomes import (
    DUPLICATE,
    ERROR,
    IGNORED,
    ImportPreview,
    ImportRow,
    SourceRow,
    source_rows,
)
from desktop_app.imports.readers import read_sheet
from desktop_app.services.access import requires
from desktop_app.services.audit import recorded_export
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import office as office_repo

CHUNK = 500
Item = TypeVar("Item")


def write_in_chunks(
    db: Database,
    items: Sequence[Item],
    write_chunk: Callable[[Transaction, Sequence[Item]], None],
    progress: Callable[[int, int], None],
    cancel: threading.Event | None,
) -> int:
    """Write `items` CHUNK at a time in one transaction; a cancel or a failure leaves the data as it was.

    Raises Cancelled. Returns how many were written.
    """
    total = len(items)
    done = 0
    progress(0, total)
    with db.unit_of_work() as session:
        for start in range(0, total, CHUNK):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            chunk = items[start : start + CHUNK]
            write_chunk(session, chunk)
            done += len(chunk)
            progress(done, total)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
    return done


def save_rejected(preview: ImportPreview, target: str | Path) -> int:
    """Write the rows that were not imported, with a reason column, to re-import once fixed."""
    rejected = [r for r in preview.rows if r.outcome in (ERROR, DUPLICATE)]
    write_rejected_rows(Path(target), preview.header.headers, rejected)
    return len(rejected)


class RowParser(Protocol):
    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]: ...


def no_progress(_done: int, _total: int) -> None:
    """The default progress callback: reports nowhere."""
    return None


class ListTransfer:
    """What every list's import and export share: reading a file into a preview through the list's column
    spec and row parser, saving the rejected rows, and the office's unit for the workbook header.
    Subclasses give `spec` and `_parser`. Safe to call from a worker thread."""

    spec: RegisterSpec

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    def _parser(self) -> RowParser:
        """The row parser, with what it looks rows up in read from the database now."""
        raise NotImplementedError

    def commit(
        self,
        preview: ImportPreview,
        progress: Callable[[int, int], None] = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the preview's importable rows in one transaction. Raises Cancelled, ConflictError."""
        raise NotImplementedError

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        raise NotImplementedError

    @requires(PERM_REPORT)
    def export_list(
        self,
        target: str | Path,
        password: str | None = None,
        progress: Callable[[int, int], None] = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """The whole register to an .xlsx file (with `password` for a register of personal data), as the
        CLI's `export` and the pages' «Xuất Excel» write it. Returns the rows written. Raises Cancelled,
        ExportError, PermissionDenied. The default calls the subclass's `export(target, progress, cancel)`."""
        export = getattr(self, "export", None)
        if export is None:
            raise NotImplementedError
        return int(export(target, progress, cancel))

    @requires(PERM_EDIT)
    def preview(
        self,
        path: str | Path,
        sheet: str | None = None,
        mapping: Mapping[int, str] | None = None,
        learned: Mapping[str, str] | None = None,
    ) -> ImportPreview:
        """Read the file and decide every row's outcome; writes nothing. Raises ImportFileError."""
        return self._read_preview(path, sheet, mapping, learned)

    def _read_preview(
        self,
        path: str | Path,
        sheet: str | None,
        mapping: Mapping[int, str] | None,
        learned: Mapping[str, str] | None,
    ) -> ImportPreview:
        data = read_sheet(path, sheet)
        parser = self._parser()
        header, sources = source_rows(self.spec, data, learned, mapping)
        rows = parser.parse(sources)
        read = sum(1 for r in rows if r.outcome != IGNORED)
        return ImportPreview(str(path), data.sheet, data.sheets, header, rows, read)

    @staticmethod
    def save_rejected(preview: ImportPreview, target: str | Path) -> int:
        """Write the rows that were not imported, with a reason column, to re-import once fixed."""
        return save_rejected(preview, target)

    def _recorded_write(
        self,
        kind: str,
        target: str | Path,
        count: int,
        write: Callable[[Path, str, date], None],
        today: date | None,
    ) -> int:
        """Write an export of `count` rows with `write(path, unit, day)`, recorded in the change log."""
        path = Path(target)
        with recorded_export(self._db, kind, path, self._now()) as record:
            write(path, self._unit(), today or self._now().date())
            record.rows, record.written = count, True
        return count

    def _unit(self) -> str:
        """The issuing unit printed above an exported list."""
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
        return profile.issuing_unit if profile else ""
