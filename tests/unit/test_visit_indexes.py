"""The figures of a period read its visits from the two partial indexes by day (migration 0020): the done
visits from ix_inspection_visit_done_day, those with an outcome from ix_inspection_visit_outcome_day alone.
A partial index serves a query only when its WHERE repeats the predicate as written, and SQLite's planner
chooses between indexes by their shape without statistics (the app never runs ANALYZE) and by the
statistics where a file has them: both are checked on the statements the coverage and the report run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, text

from desktop_app.domain.periods import Period
from desktop_app.services.app_services import Services
from desktop_app.services.demo import DemoService
from tests.conftest import configure

NOW = datetime(2026, 11, 23, 9, 0)
# sqlite_stat1 of inspection_visit in benchmarks/bench_inspections.py's file (100,000 businesses, 500,000
# visits, analysed): with them, SQLite's planner read the report's visits ordered by day alone from the
# plain ix_inspection_visit_date, looking each one up in the table.
LARGE_FILE_STATISTICS = {
    "ix_inspection_visit_outcome_day": "108755 100 1 1 1 1 1 1",
    "ix_inspection_visit_done_day": "499683 456 1",
    "ix_inspection_visit_date": "500000 445",
    "ix_inspection_visit_business_done": "500000 6 1 1 1",
    "ix_inspection_visit_round_id": "500000 50000",
    "ix_inspection_visit_follows_up_id": "500000 43",
    "ix_inspection_visit_follow_up_due": "500000 444",
}
DONE_DAY = "ix_inspection_visit_done_day"
OUTCOME_DAY = "ix_inspection_visit_outcome_day"


def _period_reads(services: Services) -> list[tuple[str, Any]]:
    """The statements reading a period's visits (a range of visit_date) while the year's coverage and
    report are made, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def spy(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if re.search(r"FROM inspection_visit\b", statement) and "inspection_visit.visit_date >=" in statement:
            seen.append((statement, parameters))

    event.listen(services.db.engine, "before_cursor_execute", spy)
    try:
        year = Period.year(2026)
        services.inspections.coverage(year)
        services.reports.report(year)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", spy)
    return seen


def _plans(services: Services, reads: list[tuple[str, Any]]) -> Iterator[tuple[str, str]]:
    with services.db.engine.connect() as conn:
        for statement, parameters in reads:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            yield statement, " / ".join(str(row[-1]) for row in plan)


@pytest.fixture
def filled(services: Services) -> Services:
    configure(services)
    DemoService(services.db, now=lambda: NOW).fill(150, 3, None)
    return services


def _check_sqlite(services: Services) -> None:
    reads = _period_reads(services)
    outcomes = [s for s, _ in reads if "coalesce(inspection_visit.fine_vnd" in s]
    assert len(reads) >= 4 and len(outcomes) >= 3  # coverage and report: the done visits, the outcomes
    for statement, plan in _plans(services, reads):
        index = OUTCOME_DAY if statement in outcomes else DONE_DAY
        assert f"INDEX {index} " in plan, (plan, statement)
        if index == OUTCOME_DAY:  # every column from the index: no row of the table read
            assert f"COVERING INDEX {index} " in plan, (plan, statement)
        assert "TEMP B-TREE" not in plan, plan  # read in the index's order, no sort


def test_the_figures_read_a_periods_visits_from_the_partial_indexes(filled: Services) -> None:
    if filled.db.engine.dialect.name != "sqlite":
        # PostgreSQL weighs its indexes from statistics; with few rows it scans the table. Told not to
        # scan, it must find the partial indexes usable: their predicates match the queries' terms.
        reads = _period_reads(filled)
        with filled.db.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_bitmapscan = off")
            for statement, parameters in reads:
                plan = " / ".join(
                    row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters).fetchall()
                )
                assert DONE_DAY in plan or OUTCOME_DAY in plan, (plan, statement)
        return
    _check_sqlite(filled)  # as the app leaves a file: no statistics
    with filled.db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    _check_sqlite(filled)  # with statistics (a file analysed by a tool, or a benchmark's)
    with filled.db.engine.begin() as conn:  # those of the benchmark's 500,000 visits
        conn.execute(text("DELETE FROM sqlite_stat1 WHERE tbl = 'inspection_visit'"))
        for index, stat in LARGE_FILE_STATISTICS.items():
            conn.execute(
                text("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('inspection_visit', :idx, :stat)"),
                {"idx": index, "stat": stat},
            )
    filled.db.engine.dispose()  # a connection reads the statistics when it opens
    _check_sqlite(filled)
