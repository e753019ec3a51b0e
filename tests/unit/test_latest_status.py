"""business_latest_status, each business's latest status event that the coverage reads the status on a day
from, stays what the events say after every way a status is written: a new business, a status change (also
one dated before the latest), a status history imported in any order of dates, an import of businesses, the
demo fill, and the migration that backfills it on existing data."""

from __future__ import annotations

import typing
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Table, insert, make_url, select, text

from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED, STATUS_SUSPENDED
from desktop_app.services.app_services import Services
from desktop_app.services.demo import DemoService
from desktop_app.storage.db import create_engine_for, database_url
from desktop_app.storage.migrate import upgrade
from desktop_app.storage.models import (
    BusinessRecord,
    BusinessStatusEventRecord,
    BusinessTypeRecord,
    CommuneRecord,
)
from desktop_app.storage.repositories import businesses as business_repo
from desktop_app.storage.repositories import register_lists as lists_repo
from desktop_app.storage.repositories.business_versions import VersionBook
from tests.conftest import FixedClock, sample_input

NOW = datetime(2026, 11, 23, 9, 0)
LATEST = "SELECT business_id, status, effective_on FROM business_latest_status ORDER BY business_id"
EVENTS = "SELECT business_id, status, effective_on, id FROM business_status_event"


def _plain(day: object) -> date:
    return day if isinstance(day, date) else date.fromisoformat(str(day))


def _from_events(rows: typing.Iterable[typing.Any]) -> list[tuple[int, str, date]]:
    """Each business's event with no later one (by effective_on, then id), worked out here in Python."""
    latest: dict[int, tuple[date, int, str]] = {}
    for business_id, status, effective_on, event_id in rows:
        key = (_plain(effective_on), int(event_id), str(status))
        if business_id not in latest or key[:2] > latest[business_id][:2]:
            latest[business_id] = key
    return [(b, status, day) for b, (day, _id, status) in sorted(latest.items())]


def _kept(services: Services) -> list[tuple[int, str, date]]:
    with services.db.read() as session:
        return [(int(b), str(s), _plain(d)) for b, s, d in session.execute(text(LATEST))]


def _expected(services: Services) -> list[tuple[int, str, date]]:
    with services.db.read() as session:
        return _from_events(session.execute(text(EVENTS)))


def _business(office: Services, name: str, **extra: object) -> int:
    return office.businesses.create(sample_input(office, name=name, registration_number="", **extra))


def test_new_businesses_and_status_changes_keep_it(office: Services) -> None:
    active = _business(office, "Karaoke Đêm Xanh 000101")
    stopped = _business(office, "Nhà nghỉ Tây Bắc 000102", status=STATUS_CLOSED, status_since="01/03/2024")
    changed = _business(office, "Massage Mộc 000103")
    office.businesses.change_status(changed, STATUS_SUSPENDED, "01/09/2026")
    office.businesses.change_status(changed, STATUS_ACTIVE, "01/06/2026")  # dated before the latest
    kept = {b: (status, day) for b, status, day in _kept(office)}
    assert kept[active] == (STATUS_ACTIVE, date(2020, 3, 5))
    assert kept[stopped] == (STATUS_CLOSED, date(2024, 3, 1))
    assert kept[changed] == (STATUS_SUSPENDED, date(2026, 9, 1))
    assert _kept(office) == _expected(office)


def test_a_status_history_in_any_order_of_dates_keeps_it(office: Services) -> None:
    business = _business(office, "Karaoke Hát Lót 000104")
    for status, day in (
        (STATUS_SUSPENDED, date(2025, 5, 1)),
        (STATUS_CLOSED, date(2026, 2, 1)),
        (STATUS_ACTIVE, date(2025, 8, 1)),  # before the closing: the closing stays the latest
        (STATUS_ACTIVE, date(2026, 2, 1)),  # the same day, recorded later: it is the latest
    ):
        with office.db.unit_of_work() as session:
            lists_repo.add_status_event(session, business, status, day, "", NOW)
        assert _kept(office) == _expected(office)
    assert dict((b, (s, d)) for b, s, d in _kept(office))[business] == (STATUS_ACTIVE, date(2026, 2, 1))


def test_an_import_of_businesses_keeps_it(office: Services) -> None:
    rows = [
        sample_input(office, name="Karaoke Nhập 000105", registration_number="").validated(),
        sample_input(
            office,
            name="Nhà nghỉ Nhập 000106",
            registration_number="",
            status=STATUS_SUSPENDED,
            status_since="01/10/2026",
        ).validated(),
    ]
    with office.db.unit_of_work() as session:
        ids = business_repo.add_many(session, rows, NOW, "Nhập từ tệp")
    kept = {b: (status, day) for b, status, day in _kept(office)}
    assert kept[ids[1]] == (STATUS_SUSPENDED, date(2026, 10, 1))
    assert _kept(office) == _expected(office)


def test_the_demo_fill_keeps_it(sqlite_services: Services) -> None:
    assert DemoService(sqlite_services.db, now=FixedClock(NOW)).fill(60, seed=11) == 60
    kept = _kept(sqlite_services)
    assert len(kept) == 60
    assert kept == _expected(sqlite_services)


@pytest.fixture
def engine_at_0017(db_target: str) -> typing.Iterator[typing.Any]:
    url = make_url(db_target) if "://" in db_target else database_url(Path(db_target))
    engine = create_engine_for(url)
    try:
        upgrade(engine, "0017")
        yield engine
    finally:
        engine.dispose()


def test_the_migration_backfills_it_from_the_events(engine_at_0017: typing.Any) -> None:
    table = typing.cast(Table, BusinessRecord.__table__)
    with engine_at_0017.begin() as conn:
        conn.execute(
            insert(typing.cast(Table, CommuneRecord.__table__)),
            {"id": 1, "name": "Xã A", "search_key": "xa a"},
        )
        conn.execute(
            insert(typing.cast(Table, BusinessTypeRecord.__table__)),
            {"id": 1, "code": "NN", "name": "Nhà nghỉ"},
        )
        conn.execute(
            insert(table),
            [
                {
                    "id": i,
                    "name": f"Cơ sở {i}",
                    "type_id": 1,
                    "commune_id": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for i in (1, 2, 3, 4)
            ],
        )
        events = [
            (1, STATUS_ACTIVE, date(2020, 1, 1)),
            (2, STATUS_ACTIVE, date(2020, 1, 1)),
            (2, STATUS_CLOSED, date(2026, 3, 1)),
            (3, STATUS_ACTIVE, date(2021, 1, 1)),
            (3, STATUS_SUSPENDED, date(2026, 5, 1)),
            (3, STATUS_ACTIVE, date(2025, 1, 1)),  # recorded last, dated before the suspension
            (4, STATUS_SUSPENDED, date(2024, 1, 1)),
            (4, STATUS_ACTIVE, date(2024, 1, 1)),  # the same day, recorded later
        ]
        conn.execute(
            insert(typing.cast(Table, BusinessStatusEventRecord.__table__)),
            [
                {"business_id": b, "status": s, "effective_on": d, "note": "", "recorded_at": NOW}
                for b, s, d in events
            ],
        )
    upgrade(engine_at_0017)
    with engine_at_0017.connect() as conn:
        kept = [(int(b), str(s), _plain(d)) for b, s, d in conn.execute(text(LATEST))]
        expected = _from_events(
            conn.execute(
                select(
                    *(
                        BusinessStatusEventRecord.__table__.c[n]
                        for n in ("business_id", "status", "effective_on", "id")
                    )
                )
            )
        )
    assert kept == [
        (1, STATUS_ACTIVE, date(2020, 1, 1)),
        (2, STATUS_CLOSED, date(2026, 3, 1)),
        (3, STATUS_SUSPENDED, date(2026, 5, 1)),
        (4, STATUS_ACTIVE, date(2024, 1, 1)),
    ]
    assert kept == expected


def test_a_version_book_from_a_day_reads_the_versions_only_when_a_business_changed_after_it(
    office: Services,
) -> None:
    old = _business(office, "Karaoke Cũ 000107", registration_date="05/03/2020")
    _business(office, "Nhà nghỉ Mới 000108", registration_date="01/02/2026")  # its first version only
    since = date(2025, 12, 31)
    with office.db.read() as session:
        assert VersionBook.load(session, since=since).changed == frozenset()
    other = next(c.id for c in office.office.communes() if c.name != "Xã Mường Bon")
    office.businesses.update(
        old,
        sample_input(office, name="Karaoke Cũ 000107", registration_number="", commune_id=other),
        "01/06/2026",
    )
    with office.db.read() as session:
        assert VersionBook.load(session, since=since).changed == frozenset({old})
        assert VersionBook.load(session, since=date(2026, 6, 1)).changed == frozenset()
