"""Import of the yearly healthy-commune statuses, and their export (every year recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from desktop_app.domain.errors import ConflictError
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.healthy_communes import HEALTHY_SPEC, HealthyStatusRowParser, ImportedHealthyStatus
from desktop_app.services.register_transfer import AGAIN, RegisterTransfer, communes
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import activities as activities_repo
from desktop_app.storage.repositories import register_lists as lists_repo


def _yes(value: bool) -> str:
    return "Có" if value else "Không"


class HealthyCommuneTransferService(RegisterTransfer[ImportedHealthyStatus]):
    """Reads and writes files for the healthy-commune statuses. Safe to call from a worker thread."""

    spec: RegisterSpec = HEALTHY_SPEC
    kind = "healthy_statuses"
    entity = "healthy_status"
    sheet = "Xã lành mạnh"
    title = "TÌNH TRẠNG XÃ, PHƯỜNG LÀNH MẠNH KHÔNG CÓ TỆ NẠN MẠI DÂM"
    widths = (6, 8, 24, 11, 14, 18, 15, 30)

    def _parser(self) -> HealthyStatusRowParser:
        with self._db.read() as session:
            keys = lists_repo.healthy_status_keys(session)
            return HealthyStatusRowParser(communes(session), keys, self._now().date())

    def _check(self, session: Transaction, chunk: Sequence[ImportedHealthyStatus]) -> None:
        if not activities_repo.communes_exist(session, [r.status.commune_id for r in chunk]):
            raise ConflictError("Danh sách xã, phường vừa thay đổi" + AGAIN)
        known = lists_repo.healthy_status_keys(session)
        for record in chunk:
            s = record.status
            if (s.commune_id, s.year) in known:
                raise ConflictError(f"Tình trạng năm {s.year} của {record.commune_name} vừa được ghi" + AGAIN)

    def _save(
        self, session: Transaction, record: ImportedHealthyStatus, now: datetime
    ) -> tuple[int, dict[str, object]]:
        s = record.status
        status_id, _created = activities_repo.save_status(session, s, now)
        fields: dict[str, object] = {
            "commune_id": s.commune_id,
            "year": s.year,
            "registered": s.registered,
            "recognised": s.recognised,
            "decision_number": s.decision_number,
        }
        return status_id, fields

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        return [
            (
                s.year,
                s.commune_name,
                _yes(s.registered),
                _yes(s.recognised),
                s.decision_number,
                s.decision_date,
                s.notes,
            )
            for s in lists_repo.healthy_status_rows(session)
        ]
