"""Import of an office's Excel lists of communication events and of training classes through the generic
importer, and export of the two lists to Excel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.errors import ConflictError
from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.domain.text import search_key
from desktop_app.exports.activities_xlsx import (
    write_communication_events,
    write_communication_template,
    write_training_template,
    write_trainings,
)
from desktop_app.imports.activities import (
    COMMUNICATION_FIELD_LABELS,
    COMMUNICATION_SPEC,
    TRAINING_FIELD_LABELS,
    TRAINING_SPEC,
    CommunicationRowParser,
    ImportedCommunication,
    ImportedTraining,
    TrainingRowParser,
)
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import requires
from desktop_app.services.import_writing import ListTransfer, no_progress, write_in_chunks
from desktop_app.storage.repositories import activities as repo
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]
AGAIN = "; hãy xem trước tệp lại rồi nhập."


def _communes(session: Session) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]


class CommunicationTransferService(ListTransfer):
    """Reads and writes files for the communication events list. Safe to call from a worker thread."""

    spec: RegisterSpec = COMMUNICATION_SPEC
    field_labels: Mapping[str, str] = COMMUNICATION_FIELD_LABELS

    def _parser(self) -> CommunicationRowParser:
        with self._db.read() as session:
            return CommunicationRowParser(_communes(session), repo.event_keys(session), self._now().date())

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.

        Raises Cancelled, ConflictError (the same event was recorded since the preview), StorageError.
        """
        records: list[ImportedCommunication] = [r.record for r in preview.importable]
        now = self._now()

        def write(session: Session, chunk: Sequence[ImportedCommunication]) -> None:
            known = set(repo.event_keys(session))
            if not repo.communes_exist(session, [r.event.commune_id for r in chunk]):
                raise ConflictError("Danh sách xã/phường vừa thay đổi" + AGAIN)
            for record in chunk:
                e = record.event
                if (e.commune_id, e.held_on, e.form, search_key(e.title)) in known:
                    raise ConflictError(f"Buổi tuyên truyền «{e.title}» vừa được ghi" + AGAIN)
                event_id = repo.save_event(session, e, None, now)
                audit_repo.log_change(
                    session,
                    "communication_event",
                    event_id,
                    "import",
                    {"commune_id": e.commune_id, "held_on": e.held_on, "participants": e.participants},
                    now,
                )

        return write_in_chunks(self._db, records, write, progress, cancel)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write every event not voided to an .xlsx file atomically. Raises Cancelled, ExportError."""
        with self._db.read() as session:
            events = repo.list_events(session)
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_communication_events(path, events, unit, day, progress, cancelled)

        return self._recorded_write("communication_events", target, len(events), write, today)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_communication_template(Path(target))


class TrainingTransferService(ListTransfer):
    """Reads and writes files for the training classes list. Safe to call from a worker thread."""

    spec: RegisterSpec = TRAINING_SPEC
    field_labels: Mapping[str, str] = TRAINING_FIELD_LABELS

    def _parser(self) -> TrainingRowParser:
        with self._db.read() as session:
            return TrainingRowParser(_communes(session), repo.training_keys(session), self._now().date())

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction. Raises Cancelled, ConflictError, StorageError."""
        records: list[ImportedTraining] = [r.record for r in preview.importable]
        now = self._now()

        def write(session: Session, chunk: Sequence[ImportedTraining]) -> None:
            known = set(repo.training_keys(session))
            communes = [r.training.commune_id for r in chunk if r.training.commune_id is not None]
            if not repo.communes_exist(session, communes):
                raise ConflictError("Danh sách xã/phường vừa thay đổi" + AGAIN)
            for record in chunk:
                t = record.training
                if (t.held_on, search_key(t.title), t.commune_id) in known:
                    raise ConflictError(f"Lớp tập huấn «{t.title}» vừa được ghi" + AGAIN)
                training_id = repo.save_training(session, t, None, now)
                audit_repo.log_change(
                    session,
                    "training_class",
                    training_id,
                    "import",
                    {"held_on": t.held_on, "participants": t.participants, "commune_id": t.commune_id},
                    now,
                )

        return write_in_chunks(self._db, records, write, progress, cancel)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write every class not voided to an .xlsx file atomically. Raises Cancelled, ExportError."""
        with self._db.read() as session:
            trainings = repo.list_trainings(session)
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            write_trainings(path, trainings, unit, day, progress, cancelled)

        return self._recorded_write("training_classes", target, len(trainings), write, today)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_training_template(Path(target))
