"""The report's business figures, read in one pass over each table (storage/repositories/report_register.py),
equal what the register's SQL answers day by day: the businesses active on a day (`businesses.active_on`,
ties to the event recorded last), the commitments covering the end (`commitments.active_state_groups`), the
first opening and the last closing within the period, each business counted where and as it stood then (its
versions), the employees listed by name or else counted. A seeded random register, on SQLite and
PostgreSQL."""

from __future__ import annotations

import gc
import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop_app.collection import held_collection
from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED, STATUS_SUSPENDED
from desktop_app.domain.commitments import STATE_COVERED, STATE_EXPIRING
from desktop_app.domain.inspections import (
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
)
from desktop_app.domain.periods import Period
from desktop_app.services.app_services import Services
from desktop_app.storage.models import (
    BusinessRecord,
    BusinessStatusEventRecord,
    BusinessVersionRecord,
    CommitmentRecord,
    EmployeeCountRecord,
    EmployeeRecord,
    InspectionVisitRecord,
)
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories import inspection_coverage as coverage_repo
from desktop_app.storage.repositories import report_register
from desktop_app.storage.repositories.bulk import plain_date, plain_rows
from desktop_app.storage.repositories.business_versions import COMMUNE, TYPE, VersionBook
from desktop_app.storage.repositories.businesses import keep_latest_status
from tests.conftest import configure

NOW = datetime(2026, 11, 23, 9, 0)
MOVE = date(2025, 7, 1)  # many businesses move on one day
RESULTS = [RESULT_PLANNED, RESULT_NONE, RESULT_NONE, RESULT_REMINDER, RESULT_PENALTY, RESULT_REFERRAL]
FIRST_DAY = date(2023, 1, 1)
DAYS = 4 * 365
PERIODS = [
    Period.year(2024),
    Period.year(2025),
    Period.half(2025, 2),
    Period.quarter(2026, 1),
    Period.month(2026, 3),
    Period.year(2026),
]


def _day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(DAYS))


def _fill(services: Services, businesses: int = 60, seed: int = 20) -> None:
    """Businesses with random versions (some moved or retyped), status events (same-day ties, entered as
    closed, reopened), commitments (open-ended, invalidated, voided), employees and counts; a few voided."""
    rng = random.Random(seed)
    types = [t.id for t in services.office.business_types()][:3]
    communes = [c.id for c in services.office.communes()][:4]
    with services.db.unit_of_work() as session:
        first_id = (session.scalar(select(func.max(BusinessRecord.id))) or 0) + 1
        rows: dict[str, list[dict[str, Any]]] = {k: [] for k in ("b", "v", "e", "c", "emp", "n", "visit")}
        for business_id in range(first_id, first_id + businesses):
            days = [_day(rng) if rng.random() < 0.6 else MOVE for _ in range(rng.randint(1, 3))]  # a reform
            versions = sorted((day, rng.choice(types), rng.choice(communes)) for day in set(days))
            if rng.random() < 0.3:  # two versions on one day: the one recorded last stands
                versions.append((versions[-1][0], rng.choice(types), rng.choice(communes)))
            latest = versions[-1]
            total = rng.randint(0, 9)
            rows["b"].append(
                {
                    "id": business_id,
                    "name": f"Cơ sở {business_id}",
                    "type_id": latest[1],
                    "commune_id": latest[2],
                    "employees_total": total,
                    "employees_female": rng.randint(0, total),
                    "complex_area": rng.random() < 0.3,
                    "voided": rng.random() < 0.1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            for index, (on, type_id, commune_id) in enumerate(versions, start=1 - len(versions)):
                rows["v"].append(  # the latest holds the row's values
                    {
                        "business_id": business_id,
                        "effective_on": on,
                        "commune_id": commune_id,
                        "type_id": type_id,
                        "employees_total": rows["b"][-1]["employees_total"]
                        if index == 0
                        else rng.randint(0, 9),
                        "employees_female": rows["b"][-1]["employees_female"] if index == 0 else 0,
                        "recorded_at": NOW,
                    }
                )
            events = [(_day(rng), STATUS_ACTIVE if rng.random() < 0.85 else STATUS_CLOSED)]
            for _ in range(rng.randint(0, 3)):
                on = events[-1][0] if rng.random() < 0.25 else _day(rng)  # same-day ties now and then
                events.append((on, rng.choice([STATUS_ACTIVE, STATUS_SUSPENDED, STATUS_CLOSED])))
            rng.shuffle(events)  # recorded in any order: the day decides, then the order recorded
            rows["e"] += [
                {"business_id": business_id, "status": status, "effective_on": on, "recorded_at": NOW}
                for on, status in events
            ]
            for _ in range(rng.randint(0, 3)):
                start = _day(rng)
                rows["c"].append(
                    {
                        "business_id": business_id,
                        "signed_on": start,
                        "valid_from": start,
                        "valid_to": None
                        if rng.random() < 0.2
                        else start + timedelta(days=rng.randrange(900)),
                        "invalidated_on": start + timedelta(days=rng.randrange(400))
                        if rng.random() < 0.2
                        else None,
                        "voided": rng.random() < 0.1,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                )
            if rng.random() < 0.4:
                rows["emp"] += [
                    {
                        "business_id": business_id,
                        "full_name": "Nhân viên",
                        "signed_on": None if rng.random() < 0.2 else _day(rng),
                        "voided": rng.random() < 0.2,
                        "created_at": NOW,
                    }
                    for _ in range(rng.randint(1, 4))
                ]
            rows["n"] += [
                {
                    "business_id": business_id,
                    "employees": 9,
                    "signed": rng.randint(0, 9),
                    "as_of": _day(rng),
                    "recorded_at": NOW,
                }
                for _ in range(rng.randint(0, 3))
            ]
            rows["visit"] += [
                {
                    "business_id": business_id,
                    "visit_date": _day(rng),
                    "kind": "dinh_ky",
                    "result": rng.choice(RESULTS),
                    "prostitution_related": rng.random() < 0.1,
                    "fine_vnd": rng.choice([0, 0, 1_500_000]),
                    "penalty_kinds": "canh_cao",
                    "voided": rng.random() < 0.1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for _ in range(rng.randint(0, 6))
            ]
        for table, key in (
            (BusinessRecord, "b"),
            (BusinessVersionRecord, "v"),
            (BusinessStatusEventRecord, "e"),
            (CommitmentRecord, "c"),
            (EmployeeRecord, "emp"),
            (EmployeeCountRecord, "n"),
            (InspectionVisitRecord, "visit"),
        ):
            session.execute(insert(table), rows[key])
        for business_id in sorted({event["business_id"] for event in rows["e"]}):
            keep_latest_status(session, business_id)  # as every write of a status event keeps it


def _expected(
    session: Session, period: Period, book: VersionBook
) -> tuple[dict[str, Counter[Any]], dict[Any, list[int]]]:
    """The same figures asked of the database one day and one business at a time."""
    b = BusinessRecord
    rows = {
        i: (t, c)
        for i, t, c in session.execute(select(b.id, b.type_id, b.commune_id).where(b.voided.is_(False)))
    }
    complex_area = set(session.scalars(select(b.id).where(b.complex_area.is_(True))))

    def group(business_id: int, day: date) -> tuple[int, int]:
        then = book.on(business_id, day)
        return rows[business_id] if then is None else (then[TYPE], then[COMMUNE])

    e = BusinessStatusEventRecord
    opened = session.execute(
        select(e.business_id, func.min(e.effective_on))
        .where(e.status == STATUS_ACTIVE)
        .group_by(e.business_id)
        .having(func.min(e.effective_on).between(period.start, period.end))
    ).all()
    closed = session.execute(
        select(e.business_id, func.max(e.effective_on))
        .where(e.status == STATUS_CLOSED, e.effective_on >= period.start, e.effective_on <= period.end)
        .group_by(e.business_id)
    ).all()
    day_before = period.start - timedelta(days=1)
    states = [
        (business_id, commune_id, state)
        for commune_id, state, ids in commitment_repo.active_state_groups(session, period.end, book)
        for business_id in ids
    ]
    counts = {
        "businesses_new": Counter(group(i, plain_date(on)) for i, on in opened if i in rows),
        "businesses_closed": Counter(group(i, plain_date(on)) for i, on in closed if i in rows),
        "businesses_active_start": Counter(
            group(i, day_before) for i in coverage_repo.active_at(session, day_before, book) if i in rows
        ),
        "businesses_active_end": Counter(group(i, period.end) for i, _c, _s in states),
        "businesses_complex_area": Counter(group(i, period.end) for i, _c, _s in states if i in complex_area),
        "commitments_covered_end": Counter(
            group(i, period.end) for i, _c, s in states if s in (STATE_COVERED, STATE_EXPIRING)
        ),
    }
    assert {i: c for i, c, _s in states} == {i: group(i, period.end)[1] for i, _c, _s in states}
    employees: dict[Any, list[int]] = {}
    for business_id, _c, _s in states:
        then = book.on(business_id, period.end)
        b_row = session.get(BusinessRecord, business_id)
        assert b_row is not None
        total, female = (
            (then[4], then[5]) if then is not None else (b_row.employees_total, b_row.employees_female)
        )
        listed = session.scalars(
            select(EmployeeRecord.signed_on).where(
                EmployeeRecord.business_id == business_id, EmployeeRecord.voided.is_(False)
            )
        ).all()
        n = EmployeeCountRecord
        latest = session.scalar(
            select(n.signed)
            .where(n.business_id == business_id, n.as_of <= period.end)
            .order_by(n.as_of.desc(), n.id.desc())
            .limit(1)
        )
        signed = sum(1 for on in listed if on is not None and on <= period.end) if listed else (latest or 0)
        sums = employees.setdefault(group(business_id, period.end), [0, 0, 0])
        sums[0] += total or 0
        sums[1] += female or 0
        sums[2] += signed
    return counts, employees


def test_one_pass_equals_the_day_by_day_answers(services: Services) -> None:
    configure(services)
    _fill(services)
    seen: Counter[str] = Counter()
    for period in PERIODS:
        with services.db.read() as session:
            book = VersionBook.load(session, since=period.start - timedelta(days=1))
            found = report_register.business_counts(session, period, book)
            counts, employees = _expected(session, period, book)
        assert {k: +v for k, v in found.counts.items()} == counts, period.text
        assert found.employees == employees, period.text
        assert sum(counts["businesses_active_end"].values()) == len(found.active_end)
        seen.update({k: sum(v.values()) for k, v in counts.items()})
    # the random register has every case the figures tell apart
    assert len(+seen) == 6, seen


def test_the_version_book_answers_a_day_as_it_answers_each_business(services: Services) -> None:
    """on_day and on_days (the picks of a whole day, the period cut at its changes) agree with `on`, one
    business and one day at a time, also on the very day a version takes effect."""
    configure(services)
    _fill(services)
    with services.db.read() as session:
        book = VersionBook.load(session)
        v = BusinessVersionRecord
        raw = sorted({day for (day,) in plain_rows(session, select(v.effective_on))})  # as the database gives
    as_given = {plain_date(day): day for day in raw}
    change_days = list(as_given)
    assert book.changed
    for period in [*PERIODS, Period(change_days[10], change_days[11])]:  # a single change day inside
        days = [period.start, period.end, *(d for d in change_days if period.start <= d <= period.end)]
        for day in days:
            assert book.on_day(day) == {b: book.on(b, day) for b in book.changed}
        asked = [(b, day) for b in sorted(book.changed) for day in days]
        given = [
            (b, as_given.get(day, day.isoformat() if isinstance(raw[0], str) else day)) for b, day in asked
        ]
        assert book.on_days(given, period.start, period.end) == [book.on(b, day) for b, day in asked]


def test_the_collector_pauses_for_the_figures_and_comes_back_as_it_was(services: Services) -> None:
    """held_collection: off while the report's rows are held, then on again, or still off where the app had
    switched it off (ui/gc_guard.py collects on the GUI thread)."""
    configure(services)
    seen: list[bool] = []
    real = report_register.business_counts

    def spying(*args: Any) -> report_register.BusinessCounts:
        seen.append(gc.isenabled())
        return real(*args)

    try:
        for before in (True, False):
            gc.enable() if before else gc.disable()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(report_register, "business_counts", spying)
                services.reports.report(Period.year(2026))
            assert gc.isenabled() is before
    finally:
        gc.enable()
    assert seen == [False, False]
    with pytest.raises(RuntimeError), held_collection():
        raise RuntimeError
    assert gc.isenabled()


def test_the_visits_count_as_the_coverage_tables_count_them(services: Services) -> None:
    """visit_figures (the report's) equals inspection_coverage.coverage_figures: the active businesses
    inspected, and the visits by result in the commune of their day, businesses moved in the period too."""
    configure(services)
    _fill(services)
    summer = Period(date(2025, 6, 1), date(2025, 8, 31))  # the one change day inside: the period in two parts
    everything = Period(FIRST_DAY, date(2026, 12, 31))  # more than 12 change days: one visit at a time
    for period in [*PERIODS, summer, Period(date(2024, 3, 1), date(2025, 8, 31)), everything]:
        with services.db.read() as session:
            book = VersionBook.load(session, since=period.start - timedelta(days=1))
            figures = report_register.business_counts(session, period, book)
            inspected_active, visits = report_register.visit_figures(session, period, figures)
            lines, expected = coverage_repo.coverage_figures(
                session, period, period.start, figures.active_end, book
            )
        assert +inspected_active == +Counter({line.commune_id: line.inspected_active for line in lines})
        assert sorted(visits, key=repr) == sorted(expected, key=repr), period.text
        assert visits
