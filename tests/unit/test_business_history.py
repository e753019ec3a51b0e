"""Point-in-time facts: a business's commune, type, employees and owner are kept by the date each took effect,
and every report of a past period counts each business where and as it was then.

The dataset (office of conftest, five communes of Huyện Mai Sơn):
- A: karaoke in Xã Mường Bon since 2020, 5 employees; commitment 2024–2026; visits 15/03/2024, 20/05/2025,
  10/09/2025 (a reminder), 12/02/2026;
- B: nhà nghỉ in Xã Mường Bon since 10/02/2024, 4 employees; visits 01/06/2025 and 01/08/2025;
- C: khách sạn in Thị trấn Hát Lót since 2019; visit 03/03/2025; closed 15/10/2025;
- D: nhà nghỉ in Xã Cò Nòi, opened 01/07/2025, never changed.
Then, recorded late: A, B and C move to Xã Chiềng Mung effective 01/07/2025; A becomes a nhà nghỉ and B has
7 employees from 01/03/2026; A's owner changes from 01/04/2026.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.indicators import BY_COMMUNE, BY_TYPE
from desktop_app.domain.inspections import RESULT_NONE, RESULT_REMINDER, VisitInput
from desktop_app.domain.periods import Period
from desktop_app.services.app_services import Services, open_services
from desktop_app.storage.migrate import alembic_config, current_revision, head_revision
from desktop_app.storage.models import BusinessRecord, BusinessVersionRecord
from desktop_app.storage.repositories.business_versions import versions_of
from tests.conftest import sample_input

MESSY = Path(__file__).resolve().parents[1] / "data" / "businesses_messy.xlsx"

MOVE = date(2025, 7, 1)
CHANGE_2026 = date(2026, 3, 1)
OWNER_2026 = date(2026, 4, 1)
PERIODS = [
    Period.year(2024),
    Period.quarter(2025, 1),
    Period.half(2025, 1),
    Period.month(2025, 6),
    Period.quarter(2025, 3),
    Period.half(2025, 2),
    Period.year(2025),
    Period.month(2026, 2),
    Period.quarter(2026, 1),
    Period.half(2026, 1),
]


def _ids(services: Services) -> tuple[dict[str, int], dict[str, int]]:
    types = {t.code: t.id for t in services.office.business_types()}
    communes = {c.name: c.id for c in services.office.communes()}
    return types, communes


def _key(services: Services, commune: str) -> str:
    """The commune's member key in a report's breakdown."""
    report = services.reports.report(Period.year(2025))
    return next(k for k, name in report.values.members[BY_COMMUNE].items() if name == commune)


def _business(
    services: Services, name: str, type_code: str, commune: str, registered: str, **extra: Any
) -> int:
    types, communes = _ids(services)
    extra.setdefault("employees_female", "1")
    return services.businesses.create(
        sample_input(
            services,
            name=name,
            type_id=types[type_code],
            commune_id=communes[commune],
            registration_number=name[-6:],
            registration_date=registered,
            **extra,
        )
    )


def _build(services: Services) -> dict[str, int]:
    a = _business(services, "Karaoke A 000001", "KAR", "Xã Mường Bon", "05/03/2020", employees_total="5")
    b = _business(services, "Nhà nghỉ B 000002", "NN", "Xã Mường Bon", "10/02/2024", employees_total="4")
    c = _business(services, "Khách sạn C 000003", "KS", "Thị trấn Hát Lót", "01/01/2019", employees_total="6")
    d = _business(services, "Nhà nghỉ D 000004", "NN", "Xã Cò Nòi", "01/07/2025", employees_total="2")
    services.commitments.record(CommitmentInput(a, "01/01/2024", "01/01/2024", "31/12/2026"))
    for business_id, day, result in (
        (a, "15/03/2024", RESULT_NONE),
        (a, "20/05/2025", RESULT_NONE),
        (a, "10/09/2025", RESULT_REMINDER),
        (a, "12/02/2026", RESULT_NONE),
        (b, "01/06/2025", RESULT_NONE),
        (b, "01/08/2025", RESULT_REMINDER),
        (c, "03/03/2025", RESULT_NONE),
        (d, "05/08/2025", RESULT_NONE),
    ):
        services.inspections.record_visit(VisitInput(business_id, day, result=result))
    services.businesses.change_status(c, STATUS_CLOSED, "15/10/2025")
    return {"A": a, "B": b, "C": c, "D": d}


def _figures(services: Services, period: Period) -> dict[str, Any]:
    values = services.reports.report(period).values
    return {"totals": dict(values.totals), "by": copy.deepcopy(values.by)}


def _all_figures(services: Services) -> dict[Period, dict[str, Any]]:
    return {period: _figures(services, period) for period in PERIODS}


def _edit(services: Services, business_id: int, effective_on: date | str | None, **changes: Any) -> list[str]:
    """Change some fields of a business the way the business dialog does, with the change's date."""
    detail = services.businesses.detail(business_id)
    values = {
        "name": detail.name,
        "type_id": detail.type_id,
        "commune_id": detail.commune_id,
        "address": detail.address,
        "owner_name": detail.owner_name,
        "owner_id_number": detail.owner_id_number,
        "owner_phone": detail.owner_phone,
        "registration_number": detail.registration_number,
        "registration_date": detail.registration_date,
        "employees_total": detail.employees_total,
        "employees_female": detail.employees_female,
        "rooms": detail.rooms,
        **changes,
    }
    return services.businesses.update(business_id, sample_input(services, **values), effective_on)


def _move_all(services: Services, ids: dict[str, int]) -> None:
    _types, communes = _ids(services)
    for name in ("A", "B", "C"):
        _edit(services, ids[name], MOVE, commune_id=communes["Xã Chiềng Mung"])


def _changes_2026(services: Services, ids: dict[str, int]) -> None:
    types, _communes = _ids(services)
    _edit(services, ids["A"], CHANGE_2026, type_id=types["NN"])
    _edit(services, ids["B"], CHANGE_2026, employees_total="7")
    _edit(services, ids["A"], OWNER_2026, owner_name="Lò Văn Tám", owner_id_number="014085009999")


def test_past_reports_give_the_same_figures_after_moves_type_and_owner_changes(office: Services) -> None:
    ids = _build(office)
    before = _all_figures(office)
    mb, cm, cn = (_key(office, n) for n in ("Xã Mường Bon", "Xã Chiềng Mung", "Xã Cò Nòi"))

    _move_all(office, ids)
    after_move = _all_figures(office)
    for period in PERIODS:
        if period.end < MOVE:
            assert after_move[period] == before[period], period
    # the periods after the move count the moved businesses in their new commune, events on their own day
    year = after_move[Period.year(2025)]["by"][BY_COMMUNE]
    assert year["businesses_active_end"] == {cm: 2, cn: 1}  # A, B (C closed) in Chiềng Mung; D
    assert year["businesses_closed"] == {cm: 1}  # C closed on 15/10/2025, after its move
    assert year["inspection_visits"] == {mb: 2, cm: 2, cn: 1, _key(office, "Thị trấn Hát Lót"): 1}
    assert year["reminders"] == {cm: 2}
    assert before[Period.year(2025)]["by"][BY_COMMUNE]["businesses_active_end"] == {mb: 2, cn: 1}
    # the pages that count on a day or a period do the same
    assert _coverage_active(office, date(2025, 6, 30)) == {"Xã Mường Bon": 2, "Thị trấn Hát Lót": 1}
    assert _coverage_active(office, date(2025, 7, 1)) == {"Xã Chiềng Mung": 3, "Xã Cò Nòi": 1}
    visits = {line.commune_name: line.visits for line in office.inspections.coverage(Period.year(2025)).lines}
    assert {k: v for k, v in visits.items() if v} == {
        "Xã Mường Bon": 2,
        "Xã Chiềng Mung": 2,
        "Xã Cò Nòi": 1,
        "Thị trấn Hát Lót": 1,
    }

    _changes_2026(office, ids)
    after_all = _all_figures(office)
    for period in PERIODS:
        if period.end < MOVE:
            assert after_all[period] == before[period], period
        elif period.end < CHANGE_2026:
            assert after_all[period] == after_move[period], period
    q1 = after_all[Period.quarter(2026, 1)]
    assert q1["by"][BY_TYPE]["businesses_active_end"] == {"NN": 3}  # A is a nhà nghỉ from 01/03/2026
    assert after_move[Period.quarter(2026, 1)]["by"][BY_TYPE]["businesses_active_end"] == {"KAR": 1, "NN": 2}
    assert q1["totals"]["employees_total"] == 5 + 7 + 2
    assert after_all[Period.year(2025)]["totals"]["employees_total"] == 5 + 4 + 2

    # the register shows today's values; the history keeps every one with its date
    row = office.businesses.detail(ids["A"])
    assert (row.type_name, row.commune_name, row.owner_name) == (
        "Nhà nghỉ, nhà khách",
        "Xã Chiềng Mung",
        "Lò Văn Tám",
    )
    with office.db.read() as session:
        history = versions_of(session, ids["A"])
    assert [(v.effective_on, v.owner_name) for v in history] == [
        (date(2020, 3, 5), "Trần Văn An"),
        (MOVE, "Trần Văn An"),
        (CHANGE_2026, "Trần Văn An"),
        (OWNER_2026, "Lò Văn Tám"),
    ]


def _rows_and_versions(services: Services) -> tuple[dict[int, Any], list[Any]]:
    """Every business row and every version, as plain rows."""
    b, v = BusinessRecord, BusinessVersionRecord
    fields = ("commune_id", "type_id", "employees_total", "employees_female")
    owner = ("owner_name", "owner_id_number", "owner_phone")
    with services.db.read() as session:
        rows = {
            r.id: r
            for r in session.execute(
                select(b.id, b.registration_date, b.created_at, *(getattr(b, f) for f in fields + owner))
            )
        }
        versions = list(
            session.execute(
                select(v.business_id, v.effective_on, *(getattr(v, f) for f in fields + owner)).order_by(v.id)
            )
        )
    return rows, versions


def _coverage_active(services: Services, day: date) -> dict[str, int]:
    coverage = services.commitments.coverage(day)
    return {line.commune_name: line.active for line in coverage.lines if line.active}


def test_a_change_recorded_late_is_carried_into_the_later_versions(office: Services) -> None:
    ids = _build(office)
    types, communes = _ids(office)
    _edit(office, ids["A"], CHANGE_2026, type_id=types["NN"], employees_total="8")
    year_2024 = _figures(office, Period.year(2024))
    # the move to Chiềng Mung from 01/07/2025 is recorded after the 2026 change
    _edit(office, ids["A"], MOVE, commune_id=communes["Xã Chiềng Mung"])
    with office.db.read() as session:
        history = [
            (v.effective_on, v.commune_id, v.type_id, v.employees_total)
            for v in versions_of(session, ids["A"])
        ]
    mb, cm, kar, nn = communes["Xã Mường Bon"], communes["Xã Chiềng Mung"], types["KAR"], types["NN"]
    assert history == [
        (date(2020, 3, 5), mb, kar, 5),
        (MOVE, cm, kar, 5),  # the values standing then, with the move
        (CHANGE_2026, cm, nn, 8),  # the later change kept, and the move carried into it
    ]
    detail = office.businesses.detail(ids["A"])
    assert (detail.commune_id, detail.type_id, detail.employees_total) == (cm, nn, 8)
    assert _figures(office, Period.year(2024)) == year_2024
    active = _figures(office, Period.half(2025, 2))["by"][BY_TYPE]["businesses_active_end"]
    assert active == {"KAR": 1, "NN": 2}  # A still a karaoke at the end of 2025


def test_the_date_of_a_change_is_checked_and_bad_input_changes_nothing(office: Services) -> None:
    ids = _build(office)
    _types, communes = _ids(office)
    with office.db.read() as session:
        kept = versions_of(session, ids["B"])
    future = date.today().replace(year=date.today().year + 1)
    with pytest.raises(ValidationError, match="tương lai") as raised:
        _edit(office, ids["B"], future, commune_id=communes["Xã Cò Nòi"])
    assert raised.value.field == "effective_on"
    with pytest.raises(ValidationError, match="trước ngày cấp ĐKKD") as raised:
        _edit(office, ids["B"], "09/02/2024", commune_id=communes["Xã Cò Nòi"])
    assert raised.value.field == "effective_on"
    assert office.businesses.detail(ids["B"]).commune_id == communes["Xã Mường Bon"]
    with office.db.read() as session:
        assert versions_of(session, ids["B"]) == kept
    # a change of a field not kept by date needs no date and writes no version
    assert _edit(office, ids["B"], future, address="Tiểu khu 5") == ["address"]
    with office.db.read() as session:
        assert versions_of(session, ids["B"]) == kept
    # no date given: the change takes effect today
    _edit(office, ids["B"], None, commune_id=communes["Xã Cò Nòi"])
    with office.db.read() as session:
        assert versions_of(session, ids["B"])[-1].effective_on == date.today()


def test_every_way_in_writes_the_first_version(office: Services) -> None:
    from desktop_app.services.demo import DemoService

    by_form = _business(office, "Karaoke E 000005", "KAR", "Xã Đông Hưng", "")  # no registration date
    assert office.transfer.commit(office.transfer.preview(MESSY)) == 7
    DemoService(office.db).fill(20, seed=3, force=True)
    rows, versions = _rows_and_versions(office)
    assert sorted(v.business_id for v in versions) == sorted(rows)  # exactly one each
    for v in versions:
        row = rows[v.business_id]
        assert v.effective_on == (row.registration_date or row.created_at.date())
        assert (v.commune_id, v.type_id, v.employees_total, v.owner_name) == (
            row.commune_id,
            row.type_id,
            row.employees_total,
            row.owner_name,
        )
    assert next(v for v in versions if v.business_id == by_form).effective_on == date.today()
    assert len(rows) == 1 + 7 + 20


def test_a_database_at_0011_upgrades_with_one_version_per_business_and_the_same_figures(
    office: Services, db_target: str
) -> None:
    ids = _build(office)
    _business(office, "Karaoke E 000005", "KAR", "Xã Đông Hưng", "")  # no registration date
    before = _all_figures(office)
    with office.db.engine.connect() as conn:  # the database as version 0011 left it: no versions
        if conn.dialect.name == "sqlite":  # the batch copy of the commune table, which businesses refer to
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        command.downgrade(alembic_config(conn), "0011")
        conn.commit()
    assert current_revision(office.db.engine) == "0011"
    office.close()

    upgraded = open_services(db_target, actor=office.db.actor)  # start-up: back up, upgrade to head
    try:
        assert current_revision(upgraded.db.engine) == head_revision()
        rows, versions = _rows_and_versions(upgraded)
        assert sorted(v.business_id for v in versions) == sorted(rows)
        for v in versions:
            row = rows[v.business_id]
            assert v.effective_on == (row.registration_date or row.created_at.date())
            assert (v.commune_id, v.type_id, v.employees_total, v.employees_female) == (
                row.commune_id,
                row.type_id,
                row.employees_total,
                row.employees_female,
            )
            assert (v.owner_name, v.owner_id_number, v.owner_phone) == (
                row.owner_name,
                row.owner_id_number,
                row.owner_phone,
            )
        assert _all_figures(upgraded) == before
        # the migrated first version is what a later move leaves the past periods with
        _move_all(upgraded, ids)
        after = _all_figures(upgraded)
        assert all(after[p] == before[p] for p in PERIODS if p.end < MOVE)
        assert after[Period.year(2025)] != before[Period.year(2025)]
    finally:
        upgraded.close()
