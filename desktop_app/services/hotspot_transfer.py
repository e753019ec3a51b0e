"""Import of an office's list of hot-spots with their found and eliminated dates, and its export."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.errors import ConflictError
from desktop_app.domain.security import PERM_EDIT, PERM_REPORT
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.hotspots import (
    HOTSPOT_SPEC,
    HotspotKey,
    HotspotRowParser,
    ImportedHotspot,
    hotspot_key,
)
from desktop_app.imports.outcomes import ImportPreview
from desktop_app.services.access import requires
from desktop_app.services.import_writing import no_progress
from desktop_app.services.register_transfer import AGAIN, Progress, RegisterTransfer, communes
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import activities as activities_repo
from desktop_app.storage.repositories import hotspots as repo


def _keys(session: Transaction) -> set[HotspotKey]:
    return {hotspot_key(h.commune_id, h.place, h.found_on) for h in repo.list_hotspots(session)}


class HotspotTransferService(RegisterTransfer[ImportedHotspot]):
    """Reads and writes files for the hot-spots list. Safe to call from a worker thread."""

    spec: RegisterSpec = HOTSPOT_SPEC
    kind = "hotspots"
    entity = "hotspot"
    sheet = "Tụ điểm"
    title = "DANH SÁCH TỤ ĐIỂM MẠI DÂM"
    widths = (6, 40, 22, 14, 14, 36)

    def _parser(self) -> HotspotRowParser:
        with self._db.read() as session:
            return HotspotRowParser(communes(session), _keys(session), self._now().date())

    def _check(self, session: Transaction, chunk: Sequence[ImportedHotspot]) -> None:
        if not activities_repo.communes_exist(session, [r.hotspot.commune_id for r in chunk]):
            raise ConflictError("Danh sách xã, phường vừa thay đổi" + AGAIN)
        known = _keys(session)
        for record in chunk:
            h = record.hotspot
            if hotspot_key(h.commune_id, h.place, h.found_on) in known:
                raise ConflictError(f"Tụ điểm «{h.place}» vừa được ghi" + AGAIN)

    def _save(
        self, session: Transaction, record: ImportedHotspot, now: datetime
    ) -> tuple[int, dict[str, object]]:
        h = record.hotspot
        saved = repo.save_hotspot(session, h, None, now)
        return saved, {"found_on": h.found_on, "eliminated_on": h.eliminated_on}

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        hotspots = sorted(repo.list_hotspots(session), key=lambda h: (h.found_on, h.id))
        return [(h.place, h.commune_name, h.found_on, h.eliminated_on, h.notes) for h in hotspots]

    @requires(PERM_EDIT)
    def commit(
        self, preview: ImportPreview, progress: Progress = no_progress, cancel: threading.Event | None = None
    ) -> int:
        """Write the importable rows in one transaction; a cancel or a failure leaves the data as it was.
        Raises Cancelled, ConflictError (the same hot-spot was recorded since the preview), StorageError."""
        return self._commit(preview, progress, cancel)

    @requires(PERM_REPORT)
    def export(
        self,
        target: str | Path,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        today: date | None = None,
    ) -> int:
        """Every hot-spot not voided, oldest found first, to an .xlsx file. Raises Cancelled, ExportError."""
        return self._export(target, progress, cancel, today)
