"""The register's rows, read in bulk as the driver returns them, are the same as one row read on its own."""

from __future__ import annotations

import pytest

from desktop_app.services.app_services import Services
from desktop_app.storage.repositories import bulk
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


def test_repeated_values_are_one_object_and_the_first_rows_come_first(office: Services) -> None:
    """The register holds 100,000 rows: a type, commune or status is one string, not one per row (#20)."""
    ids = [
        office.businesses.create(sample_input(office, name=f"Nhà nghỉ số {i}", registration_number=f"2{i}"))
        for i in range(3)
    ]
    rows = office.businesses.rows()
    assert rows[0].commune_name == rows[2].commune_name and rows[0].commune_name is rows[2].commune_name
    assert rows[0].type_name is rows[1].type_name and rows[0].status is rows[2].status
    assert [row.id for row in office.businesses.rows(2)] == ids[:2]  # the first entered, for the first paint


def test_rows_read_in_batches_are_the_rows_read_at_once(
    office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register is read a batch at a time, so that the driver's tuples are freed as the rows are built
    (#20): the batches' boundaries change nothing, repeated values stay one object across them."""
    for i in range(5):
        office.businesses.create(sample_input(office, name=f"Quán {i}", registration_number=f"3{i}"))
    at_once = office.businesses.rows()
    monkeypatch.setattr(bulk, "BATCH_ROWS", 2)
    batched = office.businesses.rows()
    assert batched == at_once and len(batched) == 5
    assert batched[0].commune_name is batched[4].commune_name and batched[1].status is batched[4].status
    assert office.businesses.rows(3) == at_once[:3]
