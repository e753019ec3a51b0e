"""The demo office's inspections: rounds, every result and kind of visit, open and closed follow-ups, planned
visits, hot-spots and coverage, all valid against the rules and identical for the same seed."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from desktop_app.domain.businesses import STATUS_ACTIVE
from desktop_app.domain.inspections import (
    FLAG_NEVER,
    FLAG_OPEN_FOLLOW_UP,
    FLAG_RECENT_VIOLATION,
    KIND_FOLLOW_UP,
    KIND_PERIODIC,
    KIND_SURPRISE,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    SCOPE_COMMUNES,
    HotspotInput,
    Period,
    check_follow_up,
)
from desktop_app.domain.legal import check_penalty
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.demo import DemoService
from desktop_app.services.inspections import InspectionService
from tests.conftest import FixedClock

NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()
BUSINESSES = 300
TEAM = "Đội kiểm tra liên ngành 178 "


def _fill(services: Services, seed: int, businesses: int = BUSINESSES) -> InspectionService:
    clock = FixedClock(NOW)
    assert DemoService(services.db, now=clock).fill(businesses, seed) == businesses
    return InspectionService(services.db, now=clock)


def test_demo_office_has_rounds_results_follow_ups_and_hotspots(services: Services) -> None:
    inspections = _fill(services, seed=3)

    rounds = inspections.rounds()
    per_year = Counter(r.starts_on.year for r in rounds)
    assert set(per_year) == {TODAY.year - 2, TODAY.year - 1, TODAY.year}
    assert all(2 <= n <= 4 for n in per_year.values()), per_year
    for r in rounds:
        assert re.fullmatch(r"\d+/KH-(ĐKT|UBND)", r.plan_number)
        assert r.team_name.startswith(TEAM) and len(r.members) >= 3
        assert r.plan_date is not None and r.plan_date <= r.starts_on <= r.ends_on
    assert any(r.starts_on <= TODAY < r.ends_on for r in rounds), "a round is under way"

    visits = inspections.visits()
    results = Counter(v.result for v in visits)
    kinds = Counter(v.kind for v in visits)
    assert set(results) == {RESULT_NONE, RESULT_REMINDER, RESULT_PENALTY, RESULT_REFERRAL, RESULT_PLANNED}
    assert set(kinds) == {KIND_PERIODIC, KIND_SURPRISE, KIND_FOLLOW_UP}
    assert (
        results[RESULT_NONE] > results[RESULT_REMINDER] > results[RESULT_PENALTY] > results[RESULT_REFERRAL]
    )
    done = [v for v in visits if not v.is_planned]
    assert results[RESULT_NONE] > 0.6 * len(done)
    assert results[RESULT_REFERRAL] <= 0.02 * len(done)
    assert kinds[KIND_SURPRISE] < 0.1 * len(visits)
    catalogue = {b.id for b in inspections.legal_basis()}
    for v in visits:
        if v.result == RESULT_PENALTY:
            assert re.fullmatch(r"\d+/QĐ-XPHC", v.decision_number)
            assert v.decision_date is not None and v.visit_date <= v.decision_date <= TODAY
            assert v.legal_basis and {b.id for b in v.legal_basis} <= catalogue
            # a lawful fine: a verified act in force on the visit date, within its range for the offender
            assert type(v.fine_vnd) is int and v.fine_vnd > 0 and v.penalty_kinds == ("fine",)
            assert all(b.verified and b.fine_max is not None for b in v.legal_basis)
            assert (
                check_penalty(v.visit_date, v.offender_kind, v.fine_vnd, v.penalty_kinds, v.legal_basis) == {}
            )
            assert v.follow_up_due is not None and v.follow_up_due > v.visit_date
            assert v.prostitution_related
        else:
            assert v.fine_vnd == 0 and not v.decision_number and not v.legal_basis
        if not v.is_planned:
            assert re.fullmatch(r"\d+/BB-KT", v.minutes_number)
            assert v.members_present and v.members_present[0].endswith("Đội trưởng")

    assert inspections.penalty_reviews() == []

    # Follow-ups: some made (linking back to the visit they check), some open, some of them overdue.
    by_id = {v.id: v for v in visits}
    closing = [v for v in visits if v.follows_up_id is not None and not v.is_planned]
    assert closing and all(v.kind == KIND_FOLLOW_UP for v in closing)
    for v in closing:
        original = by_id[v.follows_up_id]  # type: ignore[index]
        assert original.business_id == v.business_id and original.visit_date < v.visit_date
        assert original.closed_by_id is not None and not original.follow_up_open
    open_ = inspections.open_follow_ups()
    assert open_ and all(v.follow_up_open for v in open_)
    assert any(v.follow_up_due is not None and v.follow_up_due < TODAY for v in open_), "one is overdue"

    planned = inspections.planned()
    assert 2 <= len(planned) <= 8
    assert all(TODAY < v.visit_date <= TODAY + timedelta(days=14) for v in planned)

    # Coverage: every year about a quarter to a third of the businesses, with violations and fines overall.
    totals = [inspections.coverage(Period.year(year)).total for year in sorted(per_year)]
    for total in totals:
        assert total.active > 0.7 * BUSINESSES and total.visits > 0 and total.inspected > 0
        assert 15 < total.inspected_pct < 45, total
    assert sum(t.penalties for t in totals) > 0 and sum(t.fines_vnd for t in totals) > 0
    assert sum(t.reminders for t in totals) > sum(t.penalties for t in totals)
    assert totals[-1].inspected_ever == totals[-1].inspected_active  # the programme started this year

    flags = inspections.flags([row.id for row in services.businesses.rows()], TODAY)
    for flag in (FLAG_NEVER, FLAG_OPEN_FOLLOW_UP, FLAG_RECENT_VIOLATION):
        assert any(flag in f for f in flags.values()), flag

    hotspots = inspections.hotspots()
    assert 3 <= len(hotspots) <= 5
    assert any(h.eliminated_on is not None for h in hotspots)
    assert any(h.active_on(TODAY) for h in hotspots)


def test_every_demo_visit_passes_the_rules(services: Services) -> None:
    inspections = _fill(services, seed=5)
    rounds = {r.id: r for r in inspections.rounds()}
    visits = inspections.visits()
    by_id = {v.id: v for v in visits}
    details = {i: services.businesses.detail(i) for i in {v.business_id for v in visits}}
    for v in visits:
        round_ = rounds[v.round_id] if v.round_id is not None else None
        v.as_input().validated(TODAY, round_)  # raises ValidationErrors
        business = details[v.business_id]
        assert business.registration_date is not None and business.registration_date < v.visit_date
        if business.status != STATUS_ACTIVE:  # visited while it was still open
            assert business.status_since is not None and v.visit_date < business.status_since
        if round_ is not None and round_.scope == SCOPE_COMMUNES:
            assert v.commune_id in round_.commune_ids
        if v.follows_up_id is not None:
            check_follow_up(by_id[v.follows_up_id], v.visit_date)
    # The service's own checks too (scope, catalogue, follow-up links): saving each visit unchanged passes.
    for v in visits:
        inspections.update_visit(v.id, v.as_input())
    for h in inspections.hotspots():
        HotspotInput(h.place, h.commune_id, h.found_on, h.eliminated_on, h.notes).validated(TODAY)


def test_demo_inspections_are_added_once(sqlite_services: Services) -> None:
    inspections = _fill(sqlite_services, seed=2, businesses=60)
    before = (inspections.rounds(), len(inspections.visits()), inspections.hotspots())
    assert before[1] > 0
    _fill(sqlite_services, seed=2, businesses=60)  # more businesses, no second set of rounds
    assert (inspections.rounds(), len(inspections.visits()), inspections.hotspots()) == before


def test_demo_inspections_are_deterministic_per_seed(tmp_path: Path) -> None:
    runs = []
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        services = open_services(tmp_path / f"{name}.sqlite3", actor=SYSTEM)
        try:
            inspections = _fill(services, seed, businesses=150)
            runs.append((inspections.rounds(), inspections.visits(), inspections.hotspots()))
        finally:
            services.close()
    assert runs[0] == runs[1]
    assert runs[0][1] != runs[2][1]
