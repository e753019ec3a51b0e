"""The counts behind every report indicator, read in one session (see domain/indicators.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.collection import held_collection
from desktop_app.domain.cases import SERVICE_LABELS
from desktop_app.domain.indicators import BY_COMMUNE, BY_SERVICE, BY_TYPE, IndicatorValues
from desktop_app.domain.office import commune_counts_at, commune_listed_in
from desktop_app.domain.periods import Period
from desktop_app.domain.text import search_key
from desktop_app.storage.models import BusinessTypeRecord, CommuneRecord, HotspotRecord
from desktop_app.storage.repositories import activities as activity_repo
from desktop_app.storage.repositories import cases as case_repo
from desktop_app.storage.repositories import report_register as register_repo
from desktop_app.storage.repositories.bulk import larger_cache, plain_rows
from desktop_app.storage.repositories.business_versions import VersionBook


def commune_key(code: str, name: str, unit_key: str, unit_list: str = "") -> str:
    """A commune's key in the data package: its list and official code ("2025:04105"), the same in every
    unit's file, and never the same for two lists (04105 is Thị trấn Hát Lót before 2025, Xã Mai Sơn
    after); a code typed without its list, bare as before; without a code, its full name (prefix kept: «Xã
    Hát Lót» is not «Thị trấn Hát Lót») within its own unit, so that two units' «Phường 1» stay two."""
    if code.strip():
        return f"{unit_list}:{code.strip()}" if unit_list else code.strip()
    return f"ten:{unit_key}:{search_key(name)}"


def commune_keys(session: Session, unit_key: str = "") -> dict[int, str]:
    """Every commune's key in the data package (see commune_key), by its id."""
    c = CommuneRecord
    return {
        commune_id: commune_key(code or "", name, unit_key, unit_list or "")
        for commune_id, code, name, unit_list in session.execute(select(c.id, c.code, c.name, c.unit_list))
    }


class _Tally:
    """Adds counts to the totals and to the members of their breakdowns."""

    def __init__(self, values: IndicatorValues) -> None:
        self.values = values

    def add(self, indicator_id: str, amount: int, **members: str | None) -> None:
        if not amount:
            return
        self.values.totals[indicator_id] = self.values.totals.get(indicator_id, 0) + amount
        for dimension, member in members.items():
            if member is None:
                continue
            into = self.values.by.setdefault(dimension, {}).setdefault(indicator_id, {})
            into[member] = into.get(member, 0) + amount

    def ensure(self, indicator_id: str) -> None:
        self.values.totals.setdefault(indicator_id, 0)


def indicator_values(
    session: Session, period: Period, unit_key: str = "", larger: bool = True
) -> IndicatorValues:
    """Every counted indicator for `period` (percentages are derived from these by IndicatorValues).

    Each business counts where and as it was then (its versions, read once here): the figures of a stock
    (active at the start or end, commitments covering the end, employees) take its commune, type and
    employee numbers as of that day; those of an event (opened, closed, a visit) as of the event's day.
    A commune counts in the «communes» figure when it existed at the period's end (commune_counts_at).
    `larger`: read with a 64 MiB page cache (bulk.larger_cache), else with the connection's own.
    """
    with held_collection():
        if not larger:
            return _indicator_values(session, period, unit_key)
        with larger_cache(session):
            return _indicator_values(session, period, unit_key)


def _indicator_values(session: Session, period: Period, unit_key: str) -> IndicatorValues:
    values = IndicatorValues()
    tally = _Tally(values)
    types = {
        type_id: (code, name)
        for type_id, code, name in plain_rows(
            session,
            select(BusinessTypeRecord.id, BusinessTypeRecord.code, BusinessTypeRecord.name).order_by(
                BusinessTypeRecord.sort_order, BusinessTypeRecord.name
            ),
        )
    }
    c = CommuneRecord
    listed: set[str] = set()  # the communes with a row in this period's breakdowns
    communes: dict[int, tuple[str, str, bool]] = {}
    for commune_id, code, name, active, unit_list, valid_from, valid_to in session.execute(
        select(c.id, c.code, c.name, c.active, c.unit_list, c.valid_from, c.valid_to).order_by(
            c.sort_order, c.name
        )  # a few thousand rows at most, with dates: typed rows
    ):
        key = commune_key(code or "", name, unit_key, unit_list or "")
        communes[commune_id] = (key, name, commune_counts_at(bool(active), valid_from, valid_to, period.end))
        if commune_listed_in(bool(active), valid_from, valid_to, period.start, period.end):
            listed.add(key)
    values.members[BY_TYPE] = {code: name for code, name in types.values()}
    values.members[BY_COMMUNE] = {key: name for key, name, _counts in communes.values() if key in listed}
    values.members[BY_SERVICE] = dict(SERVICE_LABELS)

    book = VersionBook.load(session, since=period.start - timedelta(days=1))  # the first day asked about
    figures = _businesses(session, period, tally, types, communes, book)
    _inspections(session, period, tally, communes, figures)
    _hotspots(session, period, tally, communes)
    _cases(session, period, tally)
    _activities(session, period, tally, communes)
    for key, _name, counts in communes.values():
        if counts:
            tally.add("communes_total", 1, commune=key)
    for indicator_id in ("businesses_active_end", "inspection_visits", "cases_new", "communes_total"):
        tally.ensure(indicator_id)
    return values


def _businesses(
    session: Session,
    period: Period,
    tally: _Tally,
    types: Mapping[int, tuple[str, str]],
    communes: Mapping[int, tuple[str, str, bool]],
    book: VersionBook,
) -> register_repo.BusinessCounts:
    """The business figures; returns them (the businesses active at the end among them) for the others."""
    figures = register_repo.business_counts(session, period, book)
    for indicator_id, per_group in figures.counts.items():
        for (type_id, commune_id), n in per_group.items():
            tally.add(indicator_id, n, type=types[type_id][0], commune=communes[commune_id][0])
    # summed per (type, commune) first: a few hundred additions to the tally instead of three per business
    for (type_id, commune_id), (total, female, signed) in figures.employees.items():
        type_code, commune = types[type_id][0], communes[commune_id][0]
        tally.add("employees_total", total, type=type_code, commune=commune)
        tally.add("employees_female", female, type=type_code, commune=commune)
        tally.add("employee_commitments_signed", signed, type=type_code, commune=commune)
    return figures


def _inspections(
    session: Session,
    period: Period,
    tally: _Tally,
    communes: Mapping[int, tuple[str, str, bool]],
    figures: register_repo.BusinessCounts,
) -> None:
    inspected_active, visits = register_repo.visit_figures(session, period, figures)
    for commune_id, n in inspected_active.items():
        tally.add("businesses_inspected_active", n, commune=communes[commune_id][0])
    for v in visits:
        key = communes[v.commune_id][0]
        tally.add("inspection_visits", v.visits, commune=key)
        tally.add("businesses_inspected", v.businesses, commune=key)
        tally.add("violations", v.reminders + v.penalties + v.referrals, commune=key)
        tally.add("reminders", v.reminders, commune=key)
        tally.add("penalties", v.penalties, commune=key)
        tally.add("referrals_police", v.referrals, commune=key)
        tally.add("visits_prostitution_related", v.prostitution_related, commune=key)
        tally.add("fines_vnd", v.fines_vnd, commune=key)
    for commune_id, kinds in register_repo.penalty_kinds(session, period, figures):
        for kind in kinds:
            tally.add(f"penalties_{kind}", 1, commune=communes[commune_id][0])


def _hotspots(
    session: Session, period: Period, tally: _Tally, communes: Mapping[int, tuple[str, str, bool]]
) -> None:
    h = HotspotRecord
    for indicator_id, column in (("hotspots_found", h.found_on), ("hotspots_eliminated", h.eliminated_on)):
        for commune_id, n in plain_rows(
            session,
            select(h.commune_id, func.count())
            .where(h.voided.is_(False), column >= period.start, column <= period.end)
            .group_by(h.commune_id),
        ):
            tally.add(indicator_id, n, commune=communes[commune_id][0])


def _cases(session: Session, period: Period, tally: _Tally) -> None:
    counts = case_repo.period_counts(session, period)  # the case page shows the same counts
    tally.add("cases_new", counts.new_cases)
    for kind, n in counts.services_by_kind.items():
        tally.add("services_by_kind", n, service=kind)
    tally.add("cases_supported", counts.people_supported)
    tally.add("people_trained", counts.people_trained)
    tally.add("people_employed", counts.people_employed)
    tally.add("loans_count", counts.loans_count)
    tally.add("loans_amount_vnd", counts.loans_amount_vnd)


def _activities(
    session: Session, period: Period, tally: _Tally, communes: Mapping[int, tuple[str, str, bool]]
) -> None:
    figures = activity_repo.activity_figures(session, period)
    for commune_id, events in figures.events_by_commune.items():
        key, _name, active = communes[commune_id]
        tally.add("communication_events", events, commune=key)
        tally.add(
            "communication_participants", figures.participants_by_commune.get(commune_id, 0), commune=key
        )
        if active and events:
            tally.add("communes_with_communication", 1, commune=key)
    tally.add("staff_trained", figures.staff_trained)
    for indicator_id, which in (
        ("communes_healthy_registered", figures.registered_communes),
        ("communes_healthy_recognised", figures.recognised_communes),
    ):
        for commune_id in which:  # the communes counted at the period's end only
            key, _name, counts = communes[commune_id]
            if counts:
                tally.add(indicator_id, 1, commune=key)
