"""Import of an office's Excel lists of communication events and of training classes through the generic
importer, and export of the two lists to Excel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Generic, TypeVar

from desktop_app.domain.activities import CommunicationEvent, TrainingClass
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
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import activities as repo
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool] | None
R = TypeVar("R")
L = TypeVar("L")
AGAIN = "; hãy xem trước tệp lại rồi nhập."


def _communes(session: Transaction) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in office_repo.list_communes(session, include_inactive=True)]


class _ActivityListTransfer(ListTransfer, Generic[R, L]):
    """What the two activity lists share: a commit that checks each row again inside the transaction and
    logs it, and an export of the list. `R` is an imported row, `L` a listed activity."""

    kind: str  # the export's kind in the change log
    entity: str  # the change log's entity of a written row

    def _known(self, session: Transaction) -> set[tuple[object, ...]]:
        raise NotImplementedError

    def _check(self, session: Transaction, chunk: Sequence[R], known: set[tuple[object, ...]]) -> None:
        """Raises ConflictError when a row's commune went away or the same activity was recorded since."""
        raise NotImplementedError

    def _save(self, session: Transaction, record: R, now: datetime) -> tuple[int, dict[str, object]]:
        """Write one row; its id and the fields for the change log."""
        raise NotImplementedError

    def _listed(self, session: Transaction) -> Sequence[L]:
        raise NotImplementedError

    def _write_list(
        self, path: Path, rows: Sequence[L], unit: str, day: date, progress: Progress, cancelled: Cancel
    ) -> None:
        raise NotImplementedError

    @requires(PERM_EDIT)
    def commit(
        self,
        preview: ImportPreview,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.

        Raises Cancelled, ConflictError (the same activity was recorded since the preview), StorageError.
        """
        records: list[R] = [r.record for r in preview.importable]
        now = self._now()

        def write(session: Transaction, chunk: Sequence[R]) -> None:
            self._check(session, chunk, self._known(session))
            for record in chunk:
                row_id, fields = self._save(session, record, now)
                audit_repo.log_change(session, self.entity, row_id, "import", fields, now)

        return write_in_chunks(self._db, records, write, progress, cancel)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Write every activity not voided to an .xlsx file atomically. Raises Cancelled, ExportError."""
        with self._db.read() as session:
            rows = self._listed(session)
        cancelled = cancel.is_set if cancel else None

        def write(path: Path, unit: str, day: date) -> None:
            self._write_list(path, rows, unit, day, progress, cancelled)

        return self._recorded_write(self.kind, target, len(rows), write, today)


class CommunicationTransferService(_ActivityListTransfer[ImportedCommunication, CommunicationEvent]):
    """Reads and writes files for the communication events list. Safe to call from a worker thread."""

    spec: RegisterSpec = COMMUNICATION_SPEC
    field_labels: Mapping[str, str] = COMMUNICATION_FIELD_LABELS
    kind = "communication_events"
    entity = "communication_event"

    def _parser(self) -> CommunicationRowParser:
        with self._db.read() as session:
            return CommunicationRowParser(_communes(session), repo.event_keys(session), self._now().date())

    def _known(self, session: Transaction) -> set[tuple[object, ...]]:
        return set(repo.event_keys(session))

    def _check(
        self, session: Transaction, chunk: Sequence[ImportedCommunication], known: set[tuple[object, ...]]
    ) -> None:
        if not repo.communes_exist(session, [r.event.commune_id for r in chunk]):
            raise ConflictError("Danh sách xã, phường vừa thay đổi" + AGAIN)
        for record in chunk:
            e = record.event
            if (e.commune_id, e.held_on, e.form, search_key(e.title)) in known:
                raise ConflictError(f"Buổi tuyên truyền «{e.title}» vừa được ghi" + AGAIN)

    def _save(
        self, session: Transaction, record: ImportedCommunication, now: datetime
    ) -> tuple[int, dict[str, object]]:
        e = record.event
        event_id = repo.save_event(session, e, None, now)
        return event_id, {"commune_id": e.commune_id, "held_on": e.held_on, "participants": e.participants}

    def _listed(self, session: Transaction) -> Sequence[CommunicationEvent]:
        return repo.list_events(session)

    def _write_list(
        self,
        path: Path,
        rows: Sequence[CommunicationEvent],
        unit: str,
        day: date,
        progress: Progress,
        cancelled: Cancel,
    ) -> None:
        write_communication_events(path, rows, unit, day, progress, cancelled)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_communication_template(Path(target))


class TrainingTransferService(_ActivityListTransfer[ImportedTraining, TrainingClass]):
    """Reads and writes files for the training classes list. Safe to call from a worker thread."""

    spec: RegisterSpec = TRAINING_SPEC
    field_labels: Mapping[str, str] = TRAINING_FIELD_LABELS
    kind = "training_classes"
    entity = "training_class"

    def _parser(self) -> TrainingRowParser:
        with self._db.read() as session:
            return TrainingRowParser(_communes(session), repo.training_keys(session), self._now().date())

    def _known(self, session: Transaction) -> set[tuple[object, ...]]:
        return set(repo.training_keys(session))

    def _check(
        self, session: Transaction, chunk: Sequence[ImportedTraining], known: set[tuple[object, ...]]
    ) -> None:
        communes = [r.training.commune_id for r in chunk if r.training.commune_id is not None]
        if not repo.communes_exist(session, communes):
            raise ConflictError("Danh sách xã, phường vừa thay đổi" + AGAIN)
        for record in chunk:
            t = record.training
            if (t.held_on, search_key(t.title), t.commune_id) in known:
                raise ConflictError(f"Lớp tập huấn «{t.title}» vừa được ghi" + AGAIN)

    def _save(
        self, session: Transaction, record: ImportedTraining, now: datetime
    ) -> tuple[int, dict[str, object]]:
        t = record.training
        training_id = repo.save_training(session, t, None, now)
        return training_id, {"held_on": t.held_on, "participants": t.participants, "commune_id": t.commune_id}

    def _listed(self, session: Transaction) -> Sequence[TrainingClass]:
        return repo.list_trainings(session)

    def _write_list(
        self,
        path: Path,
        rows: Sequence[TrainingClass],
        unit: str,
        day: date,
        progress: Progress,
        cancelled: Cancel,
    ) -> None:
        write_trainings(path, rows, unit, day, progress, cancelled)

    @staticmethod
    def write_template(target: str | Path) -> None:
        """A blank workbook with the import columns. Raises ExportError."""
        write_training_template(Path(target))
