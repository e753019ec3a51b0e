"""Many rows written at once (storage/repositories/bulk.insert_rows) are stored exactly as SQLAlchemy's own
executemany stores them: dates, date-times, booleans, NULLs, columns left to their defaults; and the larger
page cache a large read or write takes for a while."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Table, insert, select

from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.storage.models import BusinessTypeRecord, CommuneRecord, HotspotRecord
from desktop_app.storage.repositories import bulk

NOW = datetime(2026, 3, 4, 5, 6, 7, 891)
COMMUNES = typing.cast(Table, CommuneRecord.__table__)
TYPES = typing.cast(Table, BusinessTypeRecord.__table__)
SPOTS = typing.cast(Table, HotspotRecord.__table__)


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    """Two new databases: one written through SQLAlchemy, the other through insert_rows."""
    first, second = (open_services(tmp_path / f"{n}.sqlite3", actor=SYSTEM) for n in "ab")
    yield first, second
    first.close()
    second.close()


def _stored(services: Services, table: Table) -> list[tuple[object, ...]]:
    """Every row of `table` as the driver returns it (the text and integers SQLite holds)."""
    with services.db.read() as session:
        return bulk.plain_rows(session, select(table).order_by(table.c.id))


def _both_ways(
    two: tuple[Services, Services], table: Table, rows: list[dict[str, object]]
) -> list[tuple[object, ...]]:
    """Write `rows` through SQLAlchemy into one database and through insert_rows into the other; returns
    what the second holds after checking it holds the same as the first."""
    with two[0].db.unit_of_work() as session:
        session.execute(insert(table), rows)
    with two[1].db.unit_of_work() as session:
        bulk.insert_rows(session, table, rows)
    expected = _stored(two[0], table)
    assert _stored(two[1], table) == expected
    return expected


def test_dates_nulls_and_booleans_are_stored_as_sqlalchemy_stores_them(
    two: tuple[Services, Services],
) -> None:
    rows: list[dict[str, object]] = [
        {
            "name": f"Xã {i}",
            "code": f"{i:05d}",
            "search_key": f"xa {i}",
            "active": i % 2 == 0,
            "sort_order": i,
            "unit_list": "2025",
            "valid_from": None if i == 3 else date(2025, 7, 1 + i % 3),
            "valid_to": None,
        }
        for i in range(7)
    ]
    stored = _both_ways(two, COMMUNES, rows)
    assert [row[1:] for row in stored[1:4]] == [
        ("Xã 1", "00001", "xa 1", 0, 1, "2025", "2025-07-02", None),
        ("Xã 2", "00002", "xa 2", 1, 2, "2025", "2025-07-03", None),
        ("Xã 3", "00003", "xa 3", 0, 3, "2025", None, None),
    ]


def test_columns_left_out_take_their_defaults(two: tuple[Services, Services]) -> None:
    before = len(_stored(two[1], TYPES))  # the catalog a new database starts with
    rows: list[dict[str, object]] = [{"code": f"T{i}", "name": f"Loại {i}"} for i in range(3)]
    stored = _both_ways(two, TYPES, rows)
    # synonyms, active and sort_order take their Python-side defaults: "", True, 0
    assert [row[1:] for row in stored[before:]] == [(f"T{i}", f"Loại {i}", "", 1, 0) for i in range(3)]


def test_datetimes_are_written_with_their_microseconds(two: tuple[Services, Services]) -> None:
    communes: list[dict[str, object]] = [{"id": 1, "name": "Xã Một", "search_key": "xa mot"}]
    _both_ways(two, COMMUNES, communes)
    rows: list[dict[str, object]] = [
        {
            "place": f"Điểm {i}",
            "commune_id": 1,
            "found_on": date(2026, 1, 1 + i),
            "eliminated_on": None if i % 2 else date(2026, 2, 1),
            "notes": "",
            "voided": False,
            "created_at": NOW,
            "updated_at": NOW.replace(microsecond=0),
        }
        for i in range(4)
    ]
    stored = _both_ways(two, SPOTS, rows)
    assert {row[-2:] for row in stored} == {("2026-03-04 05:06:07.000891", "2026-03-04 05:06:07.000000")}
    assert [row[4] for row in stored] == ["2026-02-01", None, "2026-02-01", None]


def test_a_larger_cache_holds_for_the_block_only(two: tuple[Services, Services]) -> None:
    with two[0].db.read() as session:

        def cache_size() -> int:
            return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar() or 0)

        before = cache_size()
        with bulk.larger_cache(session, mebibytes=48):
            assert cache_size() == -48 * 1024
        assert cache_size() == before != -48 * 1024
