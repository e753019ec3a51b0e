"""Periodic reports on a large database; prints the figures of the reports' performance target.

Usage: .venv/bin/python benchmarks/bench_reports.py [--businesses 100000] [--visits 500000] [--seed 1]
                                                    [--cases 10000] [--units 100] [--runs 5] [--rebuild]
                                                    [--moved] [--year 2025]

Target: every indicator for a year over 100,000 businesses, 300,000 commitments, 500,000 visits and 10,000
cases ≤ 2 s; the Excel + PDF report ≤ 5 s more; consolidation of 100 unit packages ≤ 3 s.

Measured, each once cold ("first") and --runs times warm (min / median / max):
- ReportService.report(Period.year(Y)), Y the year of bench_inspections.BENCH_NOW (so the visits fall in it);
- ReportService.write_xlsx and write_pdf of that report (their sum per run is "Excel + PDF");
- ReportService.consolidate of --units package files for the same year: the office's own package written
  with write_package, and the others the same report under another unit (name and code), written with
  desktop_app.domain.reports.package_text so that their checksums hold; all of them must be included.
The verdict of each part compares the worse of the cold run and the warm median with its target.

The data: the database of benchmarks/bench_inspections.py (100,000 businesses from the demo fill, about
307,000 commitments, 500,000 visits; built by its own functions when it is not cached yet) is copied, with
its key file, to a folder of its own in the temp folder (the inspections' cache is never written to), and
--cases support cases are added there with Core bulk inserts in one transaction: a case_identity row each,
intakes spread over the three years before BENCH_NOW and about 3 services each (every kind of
SERVICE_LABELS; loans with their amount in `details`), dated from the intake to BENCH_NOW. The copy is
cached, keyed by the arguments, the inspections' database it came from and this script's source. Each
business gets its first version (as migration 0012 writes it); with --moved, the register as after a move of
every business registered before 1/7/2025 to another commune on that day (two versions each, the worst case
for reading versions; --year 2025 reports the year of the move itself).
Peak memory (ru_maxrss) is printed at the end; it includes the build when the cache was (re)built. The
machine's load average is printed before measuring: other work on the machine shows in the timings.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, literal, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_common import load_average, record  # noqa: E402
from bench_common import ms as _ms  # noqa: E402
from bench_common import n as _n  # noqa: E402
from bench_common import timed as _timed  # noqa: E402
from bench_inspections import BENCH_NOW, _fill_businesses, _source_version, _top_up_visits  # noqa: E402

from desktop_app.domain.cases import (  # noqa: E402
    CONSENT_WAYS,
    KIND_LOAN,
    KIND_TRAINING,
    SERVICE_LABELS,
    STATUS_CLOSED,
    STATUS_PAUSED,
    STATUS_SETTLED,
    STATUS_SUPPORTED,
    case_code,
)
from desktop_app.domain.indicators import IndicatorValues  # noqa: E402
from desktop_app.domain.periods import Period  # noqa: E402
from desktop_app.domain.reports import Report, ReportUnit, package_text  # noqa: E402
from desktop_app.domain.security import SYSTEM, Actor  # noqa: E402
from desktop_app.domain.text import search_key  # noqa: E402
from desktop_app.services.app_services import Services, open_services  # noqa: E402
from desktop_app.storage.models import (  # noqa: E402
    BusinessRecord,
    BusinessVersionRecord,
    CaseIdentityRecord,
    CaseServiceRecord,
    CommitmentRecord,
    CommuneRecord,
    InspectionVisitRecord,
    SupportCaseRecord,
)

REPORT_TARGET_S = 2.0
WRITE_TARGET_S = 5.0
CONSOLIDATE_TARGET_S = 3.0
BENCH_ACTOR = Actor(None, "bench", "quan_tri")
CHUNK = 5_000
T = TypeVar("T")

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE_NAMES = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Văn"]
GIVEN_NAMES = ["Lan", "Hoa", "Mai", "Hương", "Linh", "Trang", "Hà", "Nga", "Yến", "Thảo", "Hạnh", "Tâm"]
NAME_PARTS = (FAMILY_NAMES, MIDDLE_NAMES, GIVEN_NAMES)
TRADES = ["May công nghiệp", "Làm tóc", "Nấu ăn", "Trang điểm", "Tin học văn phòng", "Pha chế"]


# ---- The database
def _inspections_db(args: argparse.Namespace) -> Path:
    """The cached database of bench_inspections for these arguments; built with its functions if missing.

    When the demo generator changed since that cache was made, its name (keyed by the generator's source)
    no longer matches: the newest complete cache for the same seed and sizes is used, and said so."""
    prefix = f"pcmd-bench-inspections-seed{args.seed}-n{args.businesses}-v{args.visits}-"
    folder = Path(tempfile.gettempdir()) / (prefix + _source_version())
    if (folder / "complete").exists():
        return folder / "bench.sqlite3"
    others = sorted(
        (f for f in Path(tempfile.gettempdir()).glob(prefix + "*") if (f / "complete").exists()),
        key=lambda f: (f / "complete").stat().st_mtime,
    )
    if others and not args.rebuild:
        print(f"note: the demo generator changed since {others[-1].name} was built; using it all the same")
        return others[-1] / "bench.sqlite3"
    print(f"building the inspections' database in {folder}", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.sqlite3"
    for stale in folder.glob("bench*.sqlite3*"):
        stale.unlink()
    services = open_services(db, actor=SYSTEM)
    try:
        _fill_businesses(services, args.businesses, args.seed)
        _top_up_visits(services, args.visits, args.seed)
        with services.db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        services.close()
    (folder / "complete").write_text(BENCH_NOW.isoformat(), encoding="utf-8")
    return db


def _add_cases(services: Services, cases: int, seed: int) -> None:
    """Bulk-insert `cases` support cases, their identities and about 3 services each, in one transaction."""
    rng = random.Random(f"pcmd-bench-reports-{seed}")
    rand = rng.random
    now = BENCH_NOW
    today = now.date().toordinal()
    first_day = today - 3 * 365
    kinds = list(SERVICE_LABELS)
    ways = list(CONSENT_WAYS)
    started = time.perf_counter()
    with services.db.unit_of_work() as session:
        communes = list(session.scalars(select(CommuneRecord.id).order_by(CommuneRecord.id)))
        next_case = (session.scalar(select(func.max(SupportCaseRecord.id))) or 0) + 1
        next_service = (session.scalar(select(func.max(CaseServiceRecord.id))) or 0) + 1
        numbers: dict[int, int] = {
            year: number or 0
            for year, number in session.execute(
                select(SupportCaseRecord.year, func.max(SupportCaseRecord.number)).group_by(
                    SupportCaseRecord.year
                )
            )
        }
        # Intakes in date order, so that the numbers within a year follow them.
        intakes = sorted(first_day + int(rand() * (today - first_day + 1)) for _ in range(cases))
        case_rows: list[dict[str, Any]] = []
        identity_rows: list[dict[str, Any]] = []
        service_rows: list[dict[str, Any]] = []
        for ordinal in intakes:
            case_id, intake = next_case, date.fromordinal(ordinal)
            next_case += 1
            numbers[intake.year] = number = numbers.get(intake.year, 0) + 1
            roll = rand()
            status = (
                STATUS_SUPPORTED
                if roll < 0.55
                else STATUS_SETTLED
                if roll < 0.8
                else STATUS_PAUSED
                if roll < 0.9
                else STATUS_CLOSED
            )
            closed_on = date.fromordinal(ordinal + int(rand() * (today - ordinal + 1)))
            case_rows.append(
                {
                    "id": case_id,
                    "code": case_code(intake.year, number),
                    "year": intake.year,
                    "number": number,
                    "intake_date": intake,
                    "commune_id": communes[int(rand() * len(communes))],
                    "referral_source": "Công an xã" if rand() < 0.5 else "Tự tìm đến",
                    "needs": "Học nghề, việc làm",
                    "consent_on": intake,
                    "consent_way": ways[int(rand() * len(ways))],
                    "assigned_worker": f"Cán bộ {1 + int(rand() * 12)}",
                    "status": status,
                    "close_reason": "Chuyển nơi cư trú" if status == STATUS_CLOSED else "",
                    "closed_on": closed_on if status == STATUS_CLOSED else None,
                    "notes": "",
                    "deidentified": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            full_name = " ".join(names[int(rand() * len(names))] for names in NAME_PARTS)
            identity_rows.append(
                {
                    "case_id": case_id,
                    "full_name": full_name,
                    "name_key": search_key(full_name),
                    "birth_date": None,
                    "birth_year": 1975 + int(rand() * 30),
                    "sex": "nu" if rand() < 0.95 else "nam",
                    "id_number": f"{int(rand() * 10**12):012d}",
                    "address": f"Số {1 + int(rand() * 200)}, tổ {1 + int(rand() * 30)}",
                    "phone": f"09{int(rand() * 10**8):08d}",
                    "erased_at": None,
                }
            )
            for _ in range(1 + int(rand() * 5)):  # 1–5 services, 3 on average
                kind = kinds[int(rand() * len(kinds))]
                given_on = date.fromordinal(ordinal + int(rand() * (today - ordinal + 1)))
                details: dict[str, Any] = {}
                if kind == KIND_LOAN:
                    details = {"amount_vnd": 5_000_000 * (1 + int(rand() * 10))}
                elif kind == KIND_TRAINING:
                    details = {"trade": TRADES[int(rand() * len(TRADES))]}
                service_rows.append(
                    {
                        "id": next_service,
                        "case_id": case_id,
                        "kind": kind,
                        "given_on": given_on,
                        "provider": "Phòng Lao động – Thương binh và Xã hội",
                        "notes": "",
                        "details": json.dumps(details, ensure_ascii=False),
                        "voided": rand() < 0.01,
                        "created_at": now,
                    }
                )
                next_service += 1
        for table, rows in (
            (SupportCaseRecord, case_rows),
            (CaseIdentityRecord, identity_rows),
            (CaseServiceRecord, service_rows),
        ):
            for start in range(0, len(rows), CHUNK):
                session.execute(insert(table), rows[start : start + CHUNK])
    print(
        f"added {_n(len(case_rows))} cases and {_n(len(service_rows))} services "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _reports_db(args: argparse.Namespace) -> Path:
    """A copy of the inspections' database with the support cases added, cached in its own folder."""
    source = _inspections_db(args)
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(str(source.parent.name).encode())
    name = (
        f"pcmd-bench-reports-seed{args.seed}-n{args.businesses}-v{args.visits}-c{args.cases}-"
        f"{'moved-' if args.moved else ''}{digest.hexdigest()[:10]}"
    )
    folder = Path(tempfile.gettempdir()) / name
    db = folder / "bench.sqlite3"
    complete = folder / "complete"
    if complete.exists() and not args.rebuild:
        print(f"reusing {db}")
        return db
    folder.mkdir(parents=True, exist_ok=True)
    complete.unlink(missing_ok=True)
    for stale in folder.glob("bench*.sqlite3*"):
        stale.unlink()
    started = time.perf_counter()
    shutil.copy2(source, db)
    shutil.copy2(source.with_name(source.name + ".key"), db.with_name(db.name + ".key"))
    print(f"copied {source} in {time.perf_counter() - started:.1f} s")
    services = open_services(db, actor=SYSTEM)  # upgrades the copy if the schema moved on
    try:
        _add_cases(services, args.cases, args.seed)
        _add_versions(services, args.moved)
        with services.db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        services.close()
    for backup in folder.glob("bench.*.sqlite3"):  # the copy made before a schema upgrade: not needed here
        backup.unlink()
    complete.write_text(BENCH_NOW.isoformat(), encoding="utf-8")
    return db


def _add_versions(services: Services, moved: bool) -> None:
    """Every business's versions: one each, as migration 0012 and the demo write them (a copy built before
    versions were kept has none); with --moved, the register after its move to new communes: a business
    registered before 1/7/2025 was in the next commune until then (two versions)."""
    v, b = BusinessVersionRecord, BusinessRecord
    targets = [c.key for c in v.__table__.columns if c.key != "id"]
    start = func.coalesce(b.registration_date, func.date(b.created_at))
    rest = (b.type_id, b.employees_total, b.employees_female, b.owner_name, b.owner_id_number, b.owner_phone)
    with services.db.engine.begin() as conn:
        conn.execute(delete(v))
        communes = select(func.max(CommuneRecord.id)).scalar_subquery()
        first = (b.commune_id % communes) + 1 if moved else b.commune_id
        conn.execute(
            insert(v).from_select(targets, select(b.id, start, first, *rest, literal(""), b.created_at))
        )
        if moved:
            then = select(b.id, literal(date(2025, 7, 1)), b.commune_id, *rest, literal(""), b.created_at)
            conn.execute(insert(v).from_select(targets, then.where(start < date(2025, 7, 1))))
        count = conn.execute(select(func.count()).select_from(v)).scalar_one()
    print(f"business versions: {_n(count)}{' (the register moved on 01/07/2025)' if moved else ''}")


# ---- Measuring
UNIT_COMMUNES = 22  # a former district's communes: 100 such units make the 2,200 commune rows of issue #20


def _own_communes(values: IndicatorValues, unit: int) -> IndicatorValues:
    """The same figures under communes of this unit's own (new codes and names), UNIT_COMMUNES of them: a
    province whose units share no commune, so that the consolidated report has a row per commune of every
    unit (the demo office's 75 communes × 100 units would be 7,500, more than two provinces hold)."""
    kept = set(list(values.members.get("commune", {}))[:UNIT_COMMUNES])

    def key(code: str) -> str:
        return f"{code}-u{unit:03d}"

    by = {
        dimension: {
            indicator: (
                {key(c): v for c, v in members.items() if c in kept}
                if dimension == "commune"
                else dict(members)
            )
            for indicator, members in indicators.items()
        }
        for dimension, indicators in values.by.items()
    }
    members = {
        dimension: (
            {key(c): f"{label} ({unit:03d})" for c, label in labels.items() if c in kept}
            if dimension == "commune"
            else dict(labels)
        )
        for dimension, labels in values.members.items()
    }
    return IndicatorValues(totals=dict(values.totals), by=by, members=members)


def _runs(fn: Callable[[], T], runs: int) -> tuple[float, list[float], T]:
    """(first, warm times, result) of `fn` run once cold and `runs` times warm."""
    first, result = _timed(fn)
    return first, [_timed(fn)[0] for _ in range(runs)], result


def _print_series(label: str, first: float, warm: list[float]) -> float:
    """Print the figures of one series; return the worse of the cold run and the warm median."""
    median = statistics.median(warm)
    print(
        f"  {label}: first {_ms(first)}, warm min {_ms(min(warm))}, median {_ms(median)}, "
        f"max {_ms(max(warm))} ({len(warm)} runs)"
    )
    return max(first, median)


def _verdict(label: str, worst: float, target: float) -> bool:
    within = worst <= target
    print(f"{label} {'within' if within else 'OVER'} target ≤ {target:.0f} s (worst {_ms(worst)})")
    return within


def _counts(services: Services) -> dict[str, int]:
    with services.db.read() as session:

        def count(table: Any) -> int:
            return session.scalar(select(func.count()).select_from(table)) or 0

        return {
            "businesses": count(BusinessRecord),
            "commitments": count(CommitmentRecord),
            "visits": count(InspectionVisitRecord),
            "cases": count(SupportCaseRecord),
            "case services": count(CaseServiceRecord),
        }


def _measure(services: Services, args: argparse.Namespace, out: Path) -> bool:
    reports = services.reports
    print(", ".join(f"{name}: {_n(value)}" for name, value in _counts(services).items()))
    period = Period.year(args.year or BENCH_NOW.year)

    cpu_start = time.process_time()
    first, warm, report = _runs(lambda: reports.report(period), args.runs)
    report_cpu = (time.process_time() - cpu_start) / (1 + args.runs)
    report_worst = _print_series(f"report({period.text})", first, warm)
    print(f"    CPU {_ms(report_cpu)} a run (mean of all {1 + args.runs})")
    values = report.values
    print(
        "    "
        + ", ".join(
            f"{name} {_n(int(values.value(name) or 0))}"
            for name in ("businesses_active_end", "inspection_visits", "cases_supported", "loans_count")
        )
        + f", {len(values.flat())} indicator entries"
    )

    xlsx, pdf = out / "report.xlsx", out / "report.pdf"
    cpu_start = time.process_time()
    x_first, x_warm, _ = _runs(lambda: reports.write_xlsx(report, xlsx), args.runs)
    p_first, p_warm, _ = _runs(lambda: reports.write_pdf(report, pdf), args.runs)
    write_cpu = (time.process_time() - cpu_start) / (1 + args.runs)
    _print_series("write_xlsx", x_first, x_warm)
    _print_series("write_pdf", p_first, p_warm)
    write_worst = _print_series(
        "Excel + PDF", x_first + p_first, [x + p for x, p in zip(x_warm, p_warm, strict=True)]
    )
    sizes = f"{xlsx.stat().st_size / 1e3:.0f} kB xlsx, {pdf.stat().st_size / 1e3:.0f} kB pdf"
    print(f"    {sizes}; CPU {_ms(write_cpu)} a run")

    packages = out / "packages"
    packages.mkdir()
    elapsed, own = _timed(lambda: reports.write_package(report, packages / "unit-000.json"))
    files = [own]
    for i in range(1, args.units):
        variant: Report = dataclasses.replace(report, unit=ReportUnit(f"Đơn vị {i}", f"U{i:03d}"))
        path = packages / f"unit-{i:03d}.json"
        path.write_text(package_text(variant), encoding="utf-8")
        files.append(path)
    print(
        f"  write_package: {_ms(elapsed)}; {len(files)} packages of "
        f"{own.stat().st_size / 1e3:.0f} kB (+ {len(files) - 1} variants)"
    )
    cpu_start = time.process_time()
    c_first, c_warm, result = _runs(lambda: reports.consolidate(files, period), args.runs)
    c_cpu = (time.process_time() - cpu_start) / (1 + args.runs)
    consolidate_worst = _print_series(f"consolidate({len(files)} packages)", c_first, c_warm)
    ok_count = len(result.included) == len(files) and not result.rejected
    cases = int(values.value("cases_supported") or 0)
    total = int(result.report.values.value("cases_supported") or 0)
    print(
        f"    included {len(result.included)}, rejected {len(result.rejected)}; cases_supported "
        f"{_n(total)} (= {len(files)} × {_n(cases)}: {total == len(files) * cases})"
    )
    if not ok_count:
        print("consolidation did NOT include every package")

    distinct = out / "distinct"
    distinct.mkdir()
    distinct_files = [own]
    for i in range(1, args.units):
        variant = dataclasses.replace(
            report, unit=ReportUnit(f"Đơn vị {i}", f"U{i:03d}"), values=_own_communes(values, i)
        )
        path = distinct / f"unit-{i:03d}.json"
        path.write_text(package_text(variant), encoding="utf-8")
        distinct_files.append(path)

    def consolidate_and_write() -> int:
        merged = reports.consolidate(distinct_files, period).report
        reports.write_xlsx(merged, out / "consolidated.xlsx")
        reports.write_pdf(merged, out / "consolidated.pdf")
        return len(merged.values.members.get("commune", {}))

    cpu_start = time.process_time()
    d_first, d_warm, rows = _runs(consolidate_and_write, max(1, args.runs // 2))
    d_cpu = (time.process_time() - cpu_start) / (1 + max(1, args.runs // 2))
    distinct_worst = _print_series(
        f"consolidate({len(distinct_files)} packages, each its own communes) + Excel + PDF", d_first, d_warm
    )
    print(f"    {rows:,} commune rows".replace(",", "."))

    results = [
        _verdict("indicators for a year", report_worst, REPORT_TARGET_S),
        _verdict("Excel + PDF", write_worst, WRITE_TARGET_S),
        _verdict(f"consolidation of {len(files)} packages", consolidate_worst, CONSOLIDATE_TARGET_S),
        _verdict(
            f"consolidation of {len(files)} packages with distinct communes, Excel + PDF",
            distinct_worst,
            CONSOLIDATE_TARGET_S,
        ),
    ]
    record(
        f"year report, every indicator ({period.text}), worst of first/median",
        report_worst,
        REPORT_TARGET_S,
        cpu=report_cpu,
    )
    record("year report: Excel + PDF", write_worst, WRITE_TARGET_S, cpu=write_cpu)
    record(
        f"consolidation of {len(files)} packages (shared communes)",
        consolidate_worst,
        CONSOLIDATE_TARGET_S,
        cpu=c_cpu,
    )
    record(
        f"consolidation of {len(files)} packages, distinct communes, + Excel + PDF",
        distinct_worst,
        CONSOLIDATE_TARGET_S,
        cpu=d_cpu,
    )
    return all(results) and ok_count


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=500_000, help="visits in all (the demo's included)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, default=10_000, help="support cases to add")
    parser.add_argument("--units", type=int, default=100, help="unit packages to consolidate")
    parser.add_argument("--runs", type=int, default=5, help="warm runs of each measure")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached copy with its cases")
    parser.add_argument(
        "--moved", action="store_true", help="the register moved to new communes on 01/07/2025 (its own copy)"
    )
    parser.add_argument("--year", type=int, default=0, help="the year reported (default: BENCH_NOW's)")
    args = parser.parse_args()
    db = _reports_db(args)
    services = open_services(db, actor=BENCH_ACTOR)
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        size = db.stat().st_size / 1e6
        print(f"database size: {size:.0f} MB; load average {load} on {os.cpu_count()} CPUs")
        with tempfile.TemporaryDirectory(prefix="pcmd-bench-reports-out-") as out:
            ok = _measure(services, args, Path(out))
    finally:
        services.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak memory (ru_maxrss): {peak:.0f} MB; load average after: {load_average()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
