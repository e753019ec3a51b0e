"""Inspection queries on a large database; prints the figures the inspections issue asks for.

Usage: .venv/bin/python benchmarks/bench_inspections.py [--businesses 100000] [--visits 500000] [--seed 1]
                                                        [--runs 5] [--rebuild] [--explain] [--try-fix]
                                                        [--from-disk]
                                                        [--pg postgresql+psycopg://user:pw@host/postgres]

Target: InspectionService.coverage(one year) for 100,000 businesses and 500,000 visits ≤ 500 ms. Also timed:
the register's inspection statuses of every business, the open follow-ups and the planned visits.
The businesses come from the demo fill (clock fixed at BENCH_NOW, with its own three years of inspections);
the visits are then topped up to --visits with Core bulk inserts spread over the three years before BENCH_NOW
(about 78 % without violation, 18 % reminders, 3.5 % penalties with a follow-up due, 0.5 % referrals; most
follow-ups made, the rest open; a few hundred planned visits). The SQLite database is cached in the temp
folder, keyed by the arguments and the generator's source; with --pg a fresh PostgreSQL database is filled
(dropped afterwards unless --keep-pg; --pg-database NAME measures a kept one again).
--explain prints the query plans of the coverage queries; --try-fix adds the candidate index (see
FIX_INDEXES), measures coverage again and drops it, leaving the database as it was. The SQLite file is read
into the OS cache before it is opened: the first call is a new process's. --from-disk adds one more first
call, in a new connection after the file was dropped from the OS cache (Linux), shown without a goal: the
disk's share, which the machine decides (python -m benchmarks passes it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_common import demo_data_version, drop_from_os_cache, read_into_os_cache, record  # noqa: E402
from bench_common import ms as _ms  # noqa: E402
from bench_common import n as _n  # noqa: E402
from bench_common import timed as _timed  # noqa: E402

from desktop_app.domain.inspections import (  # noqa: E402
    CHECK_OK,
    CHECK_PROBLEM,
    CHECKLIST,
    KIND_FOLLOW_UP,
    KIND_PERIODIC,
    KIND_SURPRISE,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    Period,
)
from desktop_app.domain.security import SYSTEM  # noqa: E402
from desktop_app.services.app_services import Services, open_services  # noqa: E402
from desktop_app.services.demo import DemoService  # noqa: E402
from desktop_app.services.inspections import InspectionService  # noqa: E402
from desktop_app.storage.models import (  # noqa: E402
    BusinessRecord,
    InspectionVisitRecord,
    LegalBasisRecord,
    VisitLegalBasisRecord,
)
from desktop_app.storage.repositories import inspection_coverage as coverage_repo  # noqa: E402
from desktop_app.storage.repositories import inspections as inspection_repo  # noqa: E402

BENCH_NOW = datetime(2026, 11, 23, 9, 0)
TARGET_MS = 500.0
CHUNK = 20_000
T = TypeVar("T")

# The candidate fix --try-fix measures: (name, table, columns).
FIX_INDEXES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "ix_bench_visit_business_done",
        "inspection_visit",
        ("business_id", "visit_date", "result", "voided"),
    ),
]


def _clock() -> datetime:
    return BENCH_NOW


# ---- Building the data
def _fill_businesses(services: Services, businesses: int, seed: int) -> None:
    demo = DemoService(services.db, now=_clock)
    done = [0]

    def progress(count: int, total: int) -> None:
        if count - done[0] >= 20_000 or (count == total and count != done[0]):
            done[0] = count
            print(f"  … {_n(count)} / {_n(total)}", flush=True)

    elapsed, _ = _timed(lambda: demo.fill(businesses, seed, progress))
    print(f"demo fill ({_n(businesses)} businesses, their signings and inspections): {elapsed:.1f} s")


def _visit_row(
    visit_id: int, business_id: int, day: date, kind: str, result: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": visit_id,
        "business_id": business_id,
        "round_id": None,
        "visit_date": day,
        "visit_time": None,
        "kind": kind,
        "members_present": "",
        "checklist": "{}",
        "findings": "",
        "minutes_number": "",
        "result": result,
        "prostitution_related": False,
        "decision_number": "",
        "decision_date": None,
        "fine_vnd": 0,
        "extra_measures": "",
        "follow_up_due": None,
        "follows_up_id": None,
        "notes": "",
        "voided": False,
        "created_at": now,
        "updated_at": now,
    }


def _top_up_visits(services: Services, wanted: int, seed: int) -> None:
    """Bulk-insert generated visits until the database holds `wanted` of them (ids given explicitly, so that
    penalties can carry their legal basis and follow-ups their link)."""
    rng = random.Random(f"pcmd-bench-inspections-{seed}")
    rand = rng.random
    now = BENCH_NOW
    today = now.date().toordinal()
    first_day = today - 3 * 365
    all_ok = json.dumps(dict.fromkeys(CHECKLIST, CHECK_OK), sort_keys=True)
    problem = json.dumps(
        {**dict.fromkeys(CHECKLIST, CHECK_OK), "prostitution_signs": CHECK_PROBLEM}, sort_keys=True
    )
    started = time.perf_counter()
    with services.db.unit_of_work() as session:
        have = session.scalar(select(func.count()).select_from(InspectionVisitRecord)) or 0
        next_id = (session.scalar(select(func.max(InspectionVisitRecord.id))) or 0) + 1
        legal = list(session.scalars(select(LegalBasisRecord.id).order_by(LegalBasisRecord.id)))
        businesses = [
            (b, r.toordinal() if r else first_day, s, since.toordinal() if since else None)
            for b, r, s, since in session.execute(
                select(
                    BusinessRecord.id,
                    BusinessRecord.registration_date,
                    BusinessRecord.status,
                    BusinessRecord.status_since,
                ).where(BusinessRecord.voided.is_(False))
            )
        ]
        missing = wanted - have
        print(f"visits from the demo: {_n(have)}; adding {_n(max(missing, 0))}", flush=True)
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        added = 0
        while added < missing:
            business_id, registered, status, since = businesses[int(rand() * len(businesses))]
            low = max(first_day, registered + 1)
            high = today if status == "active" or since is None else min(today, since - 1)
            if low > high:
                continue
            day = low + int(rand() * (high - low + 1))
            roll = rand()
            if roll < 0.0005 and status == "active":  # planned in the coming month
                planned_day = date.fromordinal(today + 1 + int(rand() * 30))
                row = _visit_row(next_id, business_id, planned_day, KIND_PERIODIC, RESULT_PLANNED, now)
            else:
                kind = KIND_SURPRISE if rand() < 0.05 else KIND_PERIODIC
                result = (
                    RESULT_NONE
                    if roll < 0.78
                    else RESULT_REMINDER
                    if roll < 0.96
                    else RESULT_PENALTY
                    if roll < 0.995
                    else RESULT_REFERRAL
                )
                row = _visit_row(next_id, business_id, date.fromordinal(day), kind, result, now)
                row["checklist"] = all_ok if result in (RESULT_NONE, RESULT_REMINDER) else problem
                row["minutes_number"] = f"{next_id}/BB-KT"
                if result == RESULT_PENALTY:
                    due = day + (30, 45, 60)[int(rand() * 3)]
                    row.update(
                        prostitution_related=True,
                        decision_number=f"{next_id}/QĐ-XPHC",
                        decision_date=date.fromordinal(min(day + int(rand() * 6), today)),
                        fine_vnd=5_000_000 + 500_000 * int(rand() * 71),
                        follow_up_due=date.fromordinal(due),
                    )
                    if legal:
                        links.append({"visit_id": next_id, "legal_basis_id": legal[int(rand() * len(legal))]})
                    follow_low, follow_high = day + 14, min(due + 20, high)
                    if rand() < 0.7 and follow_low <= follow_high and added + 1 < missing:
                        rows.append(row)
                        next_id += 1
                        added += 1
                        follow_day = follow_low + int(rand() * (follow_high - follow_low + 1))
                        row = _visit_row(
                            next_id,
                            business_id,
                            date.fromordinal(follow_day),
                            KIND_FOLLOW_UP,
                            RESULT_NONE,
                            now,
                        )
                        row["checklist"] = all_ok
                        row["follows_up_id"] = next_id - 1
            rows.append(row)
            next_id += 1
            added += 1
            if len(rows) >= CHUNK:
                _insert(session, rows, links)
                rows, links = [], []
                if added % 100_000 < CHUNK:
                    print(f"  … {_n(have + added)} / {_n(wanted)}", flush=True)
        _insert(session, rows, links)
        if session.get_bind().dialect.name == "postgresql":  # ids were given: move the sequence past them
            session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('inspection_visit', 'id'), "
                    "(SELECT max(id) FROM inspection_visit))"
                )
            )
    print(f"visits added in {time.perf_counter() - started:.1f} s")


def _insert(session: Session, rows: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
    inspection_repo.bulk_insert_visits(session, rows)
    if links:
        session.execute(VisitLegalBasisRecord.__table__.insert(), links)


# ---- Measuring
def _counts(services: Services) -> dict[str, int]:
    v = InspectionVisitRecord
    with services.db.read() as session:

        def count(query: Select[Any]) -> int:
            return session.scalar(query) or 0

        return {
            "businesses": count(select(func.count()).select_from(BusinessRecord)),
            "visits": count(select(func.count()).select_from(v)),
            "done": count(select(func.count()).where(v.result != RESULT_PLANNED)),
            "penalties": count(select(func.count()).where(v.result == RESULT_PENALTY)),
            "follow-ups made": count(select(func.count()).where(v.follows_up_id.is_not(None))),
            "planned": count(select(func.count()).where(v.result == RESULT_PLANNED)),
        }


def _series(label: str, fn: Callable[[], T], runs: int) -> tuple[float, float, T]:
    """Run `fn` once cold and `runs` times warm; print and return (first, warm median, result)."""
    first, result = _timed(fn)
    warm = [_timed(fn)[0] for _ in range(runs)]
    median = statistics.median(warm)
    print(
        f"  {label}: first {_ms(first)}, warm min {_ms(min(warm))}, median {_ms(median)}, "
        f"max {_ms(max(warm))} ({runs} runs)"
    )
    return first, median, result


def _measure(services: Services, label: str, runs: int) -> bool:
    """Print the timings; True when coverage is within the target."""
    inspections = InspectionService(services.db, now=_clock)
    counts = _counts(services)
    print(f"[{label}] " + ", ".join(f"{name}: {_n(value)}" for name, value in counts.items()))
    year = Period.year(BENCH_NOW.year)
    print(f"[{label}]")
    cpu_start = time.process_time()
    first, median, coverage = _series(f"coverage({year.text})", lambda: inspections.coverage(year), runs)
    cpu = (time.process_time() - cpu_start) / (runs + 1)
    total = coverage.total
    print(
        f"    {_n(total.active)} active, inspected {_n(total.inspected_active)} ({total.inspected_pct} %), "
        f"since programme start {_n(total.inspected_ever)}, {_n(total.visits)} visits, "
        f"{_n(total.penalties)} penalties, fines {_n(total.fines_vnd)} đ"
    )
    last_year = Period.year(BENCH_NOW.year - 1)
    _series(f"coverage({last_year.text})", lambda: inspections.coverage(last_year), runs)
    _, _, statuses = _series("statuses() of every business", inspections.statuses, runs)
    print(f"    {_n(len(statuses))} businesses with visits")
    _, _, due = _series("open_follow_ups()", inspections.open_follow_ups, runs)
    overdue = sum(1 for v in due if v.follow_up_due is not None and v.follow_up_due < BENCH_NOW.date())
    print(f"    {_n(len(due))} open, {_n(overdue)} overdue")
    _, _, planned = _series("planned()", inspections.planned, runs)
    print(f"    {_n(len(planned))} planned")
    worst = max(first, median)
    within = worst * 1000 <= TARGET_MS
    verdict = "within" if within else "OVER"
    print(f"[{label}] coverage {verdict} target ≤ {TARGET_MS:.0f} ms (worst {_ms(worst)})")
    if label == "SQLite":
        record("inspection coverage (warm median)", median * 1000, TARGET_MS, "ms", cpu=cpu)
        record("inspection coverage (first call)", first * 1000, TARGET_MS, "ms")
    return within


def _explain(services: Services, label: str) -> None:
    """The plans of the coverage queries, as the repository builds them."""
    from sqlalchemy.dialects import postgresql, sqlite

    year = Period.year(BENCH_NOW.year)
    captured: list[Any] = []

    class Spy:
        def __init__(self, session: Session) -> None:
            self._session = session

        def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
            captured.append(statement)
            return self._session.execute(statement, *args, **kwargs)

        def scalars(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
            captured.append(statement)
            return self._session.scalars(statement, *args, **kwargs)

    with services.db.read() as session:
        targets = inspection_repo.get_targets(session)
        spy: Any = Spy(session)
        coverage_repo.coverage_figures(spy, year, targets.programme_start)
        pg = session.get_bind().dialect.name == "postgresql"
        dialect = postgresql.dialect() if pg else sqlite.dialect()
        for number, statement in enumerate(captured, start=1):
            name = f"coverage query {number}"
            compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN "
            print(f"[{label}] plan of {name}:")
            for row in session.execute(text(prefix + str(compiled))):
                print("    " + " | ".join(str(c) for c in row))


def _try_fix(services: Services, label: str, runs: int) -> None:
    """Add the candidate indexes, time coverage again, then drop them."""
    inspections = InspectionService(services.db, now=_clock)
    year = Period.year(BENCH_NOW.year)
    with services.db.engine.begin() as conn:
        for name, table, columns in FIX_INDEXES:
            started = time.perf_counter()
            conn.execute(text(f"CREATE INDEX {name} ON {table} ({', '.join(columns)})"))
            built = _ms(time.perf_counter() - started)
            print(f"[{label}] + index {name} ({', '.join(columns)}): built in {built}")
        conn.execute(text("ANALYZE"))
    try:
        print(f"[{label}] with the candidate index:")
        _series(f"coverage({year.text})", lambda: inspections.coverage(year), runs)
        _series("statuses() of every business", inspections.statuses, runs)
        _explain(services, f"{label} + fix")
    finally:
        with services.db.engine.begin() as conn:
            for name, _, _ in FIX_INDEXES:
                conn.execute(text(f"DROP INDEX {name}"))
            conn.execute(text("ANALYZE"))


def _source_version() -> str:
    """The demo's data (its pinned fingerprint) and this script, which adds the visits."""
    digest = hashlib.sha256(demo_data_version().encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:10]


def run_sqlite(args: argparse.Namespace) -> bool:
    name = f"pcmd-bench-inspections-seed{args.seed}-n{args.businesses}-v{args.visits}-{_source_version()}"
    folder = Path(tempfile.gettempdir()) / name
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.sqlite3"
    complete = folder / "complete"  # written after a fill that finished
    if args.rebuild or not complete.exists():
        for stale in folder.glob("bench*.sqlite3*"):
            stale.unlink()
        complete.unlink(missing_ok=True)
        services = open_services(db, actor=SYSTEM)
        try:
            _fill_businesses(services, args.businesses, args.seed)
            _top_up_visits(services, args.visits, args.seed)
            with services.db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        finally:
            services.close()
        complete.write_text(BENCH_NOW.isoformat(), encoding="utf-8")
    else:
        print(f"reusing {db}")
    read_into_os_cache(db)  # the first call: a new process's, whatever ran before
    services = open_services(db, actor=SYSTEM)
    try:
        print(f"database size: {db.stat().st_size / 1e6:.0f} MB")
        ok = _measure(services, "SQLite", args.runs)
        if args.explain:
            _explain(services, "SQLite")
        if args.try_fix:
            _try_fix(services, "SQLite", args.runs)
    finally:
        services.close()
    if args.from_disk and drop_from_os_cache(db):
        services = open_services(db, actor=SYSTEM)
        try:
            year = Period.year(BENCH_NOW.year)
            inspections = InspectionService(services.db, now=_clock)
            first = _timed(lambda: inspections.coverage(year))[0]
        finally:
            services.close()
        print(f"[SQLite] coverage({year.text}), first call with the file read from the disk: {_ms(first)}")
        record("inspection coverage (first call, file read from the disk)", first * 1000, None, "ms")
    return ok


def run_postgresql(args: argparse.Namespace) -> bool:
    base = make_url(args.pg)
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = args.pg_database or f"pcmd_bench_insp_{args.seed}_{args.businesses}_{uuid.uuid4().hex[:8]}"
    fresh = not args.pg_database
    if fresh:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    target = base.set(database=name).render_as_string(hide_password=False)
    try:
        services = open_services(target, actor=SYSTEM)
        try:
            if fresh:
                _fill_businesses(services, args.businesses, args.seed)
                _top_up_visits(services, args.visits, args.seed)
            with services.db.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
                size = conn.scalar(text("SELECT pg_database_size(current_database())")) or 0
            print(f"database size: {size / 1e6:.0f} MB ({name})")
            ok = _measure(services, "PostgreSQL", args.runs)
            if args.explain:
                _explain(services, "PostgreSQL")
            if args.try_fix:
                _try_fix(services, "PostgreSQL", args.runs)
            return ok
        finally:
            services.close()
    finally:
        if fresh and not args.keep_pg:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=500_000, help="visits in all (the demo's included)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="warm runs of each query")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached SQLite database")
    parser.add_argument("--explain", action="store_true", help="print the coverage queries' plans")
    parser.add_argument("--try-fix", action="store_true", help="measure coverage with the candidate index")
    parser.add_argument("--pg", metavar="URL", help="also run against a fresh PostgreSQL database")
    parser.add_argument("--keep-pg", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--pg-database", metavar="NAME", help="measure a kept PostgreSQL database again")
    parser.add_argument("--skip-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument(
        "--from-disk",
        action="store_true",
        help="also time a first call with the file dropped from the OS cache (Linux)",
    )
    args = parser.parse_args()
    ok = True
    if not args.skip_sqlite:
        ok = run_sqlite(args)
    if args.pg:
        ok = run_postgresql(args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
