"""Import of a list of dated business status changes (written as the clerk's «Đổi trạng thái» writes them:
a status event, the business's current status from its latest event, the change log), and its export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from desktop_app.domain.businesses import STATUS_EVENT_LABELS
from desktop_app.domain.errors import ConflictError
from desktop_app.imports.business_lookup import KnownBusiness
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.status_changes import STATUS_CHANGE_SPEC, ImportedStatusChange, StatusChangeRowParser
from desktop_app.services.register_transfer import AGAIN, RegisterTransfer, communes
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import commitment_rows as business_rows
from desktop_app.storage.repositories import register_lists as lists_repo


class StatusChangeTransferService(RegisterTransfer[ImportedStatusChange]):
    """Reads and writes files for the businesses' status changes. Safe to call from a worker thread."""

    spec: RegisterSpec = STATUS_CHANGE_SPEC
    kind = "status_changes"
    entity = "business"
    sheet = "Thay đổi trạng thái"
    title = "DANH SÁCH THAY ĐỔI TRẠNG THÁI HOẠT ĐỘNG CỦA CƠ SỞ"
    widths = (6, 34, 22, 14, 16, 14, 36)

    def _parser(self) -> StatusChangeRowParser:
        with self._db.read() as session:
            businesses = [KnownBusiness(*values) for values in business_rows.business_keys(session)]
            history = lists_repo.status_events(session)
            return StatusChangeRowParser(communes(session), businesses, history, self._now().date())

    def _check(self, session: Transaction, chunk: Sequence[ImportedStatusChange]) -> None:
        ids = [r.business_id for r in chunk]
        voided = lists_repo.voided_businesses(session, ids)
        history = lists_repo.status_events(session, ids)
        for record in chunk:
            if record.business_id in voided:
                raise ConflictError(f"Cơ sở «{record.business_name}» vừa được đánh dấu nhập nhầm" + AGAIN)
            events = history.get(record.business_id, [])
            if any(day == record.effective_on and status == record.status for day, _id, status in events):
                raise ConflictError(
                    f"Thay đổi trạng thái của cơ sở «{record.business_name}» ngày "
                    f"{record.effective_on:%d/%m/%Y} vừa được ghi" + AGAIN
                )

    def _save(
        self, session: Transaction, record: ImportedStatusChange, now: datetime
    ) -> tuple[int, dict[str, object]]:
        lists_repo.add_status_event(
            session, record.business_id, record.status, record.effective_on, record.note, now
        )
        return record.business_id, {"status": record.status, "effective_on": record.effective_on}

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        return [
            (name, commune, number, STATUS_EVENT_LABELS.get(status, status), day, note)
            for name, number, commune, status, day, note in lists_repo.status_change_rows(session)
        ]
