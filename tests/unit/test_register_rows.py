"""The register's rows, read in bulk as the driver returns them, are the same as one row read on its own."""

from __future__ import annotations

from desktop_app.services.app_services import Services
from tests.conftest import sample_input


def test_bulk_rows_match_single_rows_with_true_booleans(office: Services) -> None:
    kept = office.businesses.create(sample_input(office, name="Nhà nghỉ Hoa Ban", registration_number="11"))
    voided = office.businesses.create(sample_input(office, name="Karaoke Đêm Xanh", registration_number="12"))
    office.businesses.void(voided, "Nhập trùng")
    rows = office.businesses.rows()
    assert [row.id for row in rows] == [kept, voided]  # in id order
    for row in rows:
        assert row == office.businesses.row(row.id)
        assert type(row.voided) is bool  # SQLite's 0/1 would show as a number and sort wrongly
    assert rows[1].voided and not rows[0].voided
    assert rows[0].name == "Nhà nghỉ Hoa Ban" and rows[0].commune_name and rows[0].type_name
