"""An import writes its businesses in chunks and hands each its new id in the order of the file: the ids
follow the largest one already there (a voided business included), and each business's status event,
first version and change-log row carry its own id."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services.app_services import Services
from desktop_app.storage.repositories import business_versions
from tests.conftest import sample_input

MESSY = Path(__file__).resolve().parents[1] / "data" / "businesses_messy.xlsx"


def test_imported_businesses_get_the_next_ids_in_file_order(
    office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services import import_writing

    monkeypatch.setattr(import_writing, "CHUNK", 2)  # several chunks in one transaction
    kept = office.businesses.create(sample_input(office))
    voided = office.businesses.create(sample_input(office, name="Karaoke Nhầm", registration_number=""))
    office.businesses.void(voided, "Nhập nhầm")
    preview = office.transfer.preview(MESSY)
    wanted = [row.record for row in preview.rows if row.record is not None]
    assert office.transfer.commit(preview) == len(wanted) > 2

    rows = {row.id: row for row in office.businesses.rows()}
    new_ids = sorted(set(rows) - {kept, voided})
    assert new_ids == list(range(voided + 1, voided + 1 + len(wanted)))
    for business_id, record in zip(new_ids, wanted, strict=True):
        detail = office.businesses.detail(business_id)
        assert (detail.name, detail.commune_id, detail.type_id) == (
            record.name,
            record.commune_id,
            record.type_id,
        )
        assert [action for action, _changes, _at in office.businesses.change_log(business_id)] == ["import"]
        with office.db.read() as session:
            versions = business_versions.versions_of(session, business_id)
        assert [(v.business_id, v.commune_id, v.type_id) for v in versions] == [
            (business_id, record.commune_id, record.type_id)
        ]
        assert rows[business_id].status == record.status
