"""Import of an office's list of hot-spots with their found and eliminated dates, and its export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from desktop_app.domain.errors import ConflictError
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.hotspots import (
    HOTSPOT_SPEC,
    HotspotKey,
    HotspotRowParser,
    ImportedHotspot,
    hotspot_key,
)
from desktop_app.services.register_transfer import AGAIN, RegisterTransfer, communes
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
