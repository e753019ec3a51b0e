"""The business and visit figures of a report: the register read once per table (its rows, status events,
the commitments running at the period's end, employees, the period's visits) and counted per (type,
commune) as each business stood on the day that counts (see indicators.py)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from operator import itemgetter
from typing import Any

from sqlalchemy import case, func, null, or_, select, union_all
from sqlalchemy.orm import Session

from desktop_app.domain import slices
from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED
from desktop_app.domain.inspections import (
    RESULT_PENALTY,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    VisitFigures,
)
from desktop_app.domain.legal import PENALTY_KIND_LABELS
from desktop_app.domain.periods import Period
from desktop_app.storage.models import (
    BusinessRecord,
    BusinessStatusEventRecord,
    CommitmentRecord,
    EmployeeCountRecord,
    EmployeeRecord,
    InspectionVisitRecord,
)
from desktop_app.storage.repositories.bulk import plain_date, plain_rows
from desktop_app.storage.repositories.business_versions import (
    COMMUNE,
    FEMALE,
    TOTAL,
    TYPE,
    Standing,
    VersionBook,
)
from desktop_app.storage.repositories.inspections import by_day_and_business, done_between, with_outcome

Group = tuple[int, int]  # (type id, commune id)
_RESULTS = (RESULT_REMINDER, RESULT_PENALTY, RESULT_REFERRAL)
_GROUP: Callable[[Standing], Group] = itemgetter(TYPE, COMMUNE)
_COMMUNE_OF: Callable[[Group], int] = itemgetter(1)


@dataclass
class BusinessCounts:
    """What the report adds up of the register, per (type id, commune id)."""

    # indicator id → count per group, in the order the indicators are reported
    counts: dict[str, Counter[Group]]
    # (employees, of them women, employees who signed) of the businesses active at the end, per group
    employees: dict[Group, list[int]]
    # the businesses active at the end: id → its commune id on that day
    active_end: dict[int, int]
    # the businesses as they stood on any day of the period, for the visits' and penalties' communes
    register: _Register


@dataclass
class _Statuses:
    """The status events of every business (voided ones included) as they stand on the period's days."""

    active_before: list[int]  # active on the day before the period
    active_end: list[int]  # active on its last day
    opened: list[tuple[int, Any]]  # (id, day): first active (ever) within the period
    closed: list[tuple[int, Any]]  # (id, day): its last closing within the period


def business_counts(session: Session, period: Period, book: VersionBook) -> BusinessCounts:
    """The business figures of `period`: opened and closed (as each business stood on that day), active at
    the start and at the end, in a complex area and covered by a commitment at the end (as they stood on
    those days), and the employees of those active at the end. `book`: the versions, loaded for the period.

    A business is active on a day when its latest status event on or before it (ties: the one recorded
    last) says active, as `businesses.status_stands_on` asks in SQL; here every event is read once, in that
    order, and the three days are answered in one pass. Voided businesses count nowhere."""
    register = _Register.read(session, book)
    statuses = _statuses(session, period)
    counts: dict[str, Counter[Group]] = {}
    counts["businesses_new"] = register.count_events(statuses.opened)
    counts["businesses_closed"] = register.count_events(statuses.closed)
    day_before = period.start - timedelta(days=1)
    counts["businesses_active_start"] = register.count(statuses.active_before, day_before)
    active_end = [b for b in statuses.active_end if b in register.rows]
    counts["businesses_active_end"] = register.count(active_end, period.end)
    counts["businesses_complex_area"] = register.count(
        [b for b in active_end if b in register.complex_area], period.end
    )
    covered = _covered_on(session, period.end)
    counts["commitments_covered_end"] = register.count([b for b in active_end if b in covered], period.end)
    at_end = register.groups_on(period.end)
    return BusinessCounts(
        counts=counts,
        employees=_employees(session, period.end, active_end, register),
        active_end={b: at_end[b][1] for b in active_end},
        register=register,
    )


def visit_figures(
    session: Session, period: Period, figures: BusinessCounts
) -> tuple[Counter[int], list[VisitFigures]]:
    """Per commune: the businesses active at the end of `period` that a done visit of it inspected (in their
    commune at the end); and the period's done visits by result, with fines, each in the commune its business
    was in on the visit's day, and the businesses visited, each in its commune on its last visit. A voided
    business's visits count nowhere. The figures of inspection_coverage.coverage_figures that the report
    shows, with the businesses and versions read for the business figures: one pick of every business per
    part of the period between the days a version took effect, not one per visit."""
    v = InspectionVisitRecord
    done = done_between(period.start, period.end)
    register = figures.register
    # The done visits from the narrow ix_inspection_visit_done_day, then the fifth with an outcome to count
    # from ix_inspection_visit_outcome_day, each in the order of its index (inspections.by_day_and_business).
    visits = plain_rows(
        session, select(v.business_id, v.visit_date).where(*done).order_by(*by_day_and_business())
    )
    communes, last = register.visit_communes(visits, period)
    active = figures.active_end
    inspected_active = slices.counted(map(active.__getitem__, filter(active.__contains__, last)))
    businesses_by = slices.counted(last.values())
    visits_by = slices.counted(communes)
    outcomes = plain_rows(
        session,
        select(v.business_id, v.visit_date, v.result, v.prostitution_related, v.fine_vnd)
        .where(*done, with_outcome())
        .order_by(*by_day_and_business()),
    )
    outcome_communes, _ = register.visit_communes(outcomes, period)
    by_result: dict[str, Counter[int | None]] = {kind: Counter() for kind in _RESULTS}
    related_by: Counter[int | None] = Counter()
    fines_by: Counter[int | None] = Counter()
    for (_business_id, _day, result, related, fine), commune_id in zip(
        outcomes, outcome_communes, strict=True
    ):
        if result in by_result:
            by_result[result][commune_id] += 1
        if related:
            related_by[commune_id] += 1
        if fine:
            fines_by[commune_id] += fine
    reminders, penalties, referrals = (by_result[kind] for kind in _RESULTS)
    return inspected_active, [
        VisitFigures(c, n, visits_by[c], reminders[c], penalties[c], referrals[c], related_by[c], fines_by[c])
        # a commune may have visits of businesses that moved on and none inspected there otherwise
        for c, n in [*businesses_by.items(), *((c, 0) for c in visits_by if c not in businesses_by)]
        if c is not None
    ]


def penalty_kinds(
    session: Session, period: Period, figures: BusinessCounts
) -> list[tuple[int, tuple[str, ...]]]:
    """(commune id, kinds of penalty) of each penalty decided on a done visit of `period` to a business not
    voided, in its commune on the visit's day (the businesses' versions read for the business figures), read
    from ix_inspection_visit_outcome_day alone."""
    v = InspectionVisitRecord
    penalties = (*done_between(period.start, period.end), with_outcome(), v.result == RESULT_PENALTY)
    query = select(v.business_id, v.penalty_kinds, v.visit_date).where(*penalties)
    commune_on = figures.register.commune_on
    found: list[tuple[int, tuple[str, ...]]] = []
    for business_id, kinds, visit_date in plain_rows(session, query):
        commune_id = commune_on(business_id, visit_date)
        if commune_id is not None:
            found.append((commune_id, tuple(k for k in kinds.split(",") if k in PENALTY_KIND_LABELS)))
    return found


class _Register:
    """The businesses not voided, each as its row (the latest values) and, through the versions, as it
    stood on a given day."""

    def __init__(self, rows: dict[int, Standing], complex_area: set[int], book: VersionBook) -> None:
        self.rows = rows
        self.complex_area = complex_area
        self.book = book
        self._groups = dict(zip(rows, map(_GROUP, rows.values()), strict=True))
        self._groups_on: dict[int, dict[int, Group]] = {}  # by the book's pick (kept by the book)

    @classmethod
    def read(cls, session: Session, book: VersionBook) -> _Register:
        b = BusinessRecord
        fetched = plain_rows(  # each row shaped as a Standing, whether in a complex area after it
            session,
            select(
                b.id, null(), b.commune_id, b.type_id, b.employees_total, b.employees_female, b.complex_area
            ).where(b.voided.is_(False)),
        )
        rows: dict[int, Standing] = dict(zip(map(itemgetter(0), fetched), fetched, strict=True))
        complex_area = {row[0] for row in fetched if row[6]}
        return cls(rows, complex_area, book)

    def versions_on(self, day: date) -> dict[int, Standing]:
        """The businesses whose versions differ from their row, as they stood on `day` (the others: as their
        row)."""
        return self.book.on_day(day) if self.book.changed else {}

    def groups_on(self, day: date) -> dict[int, Group]:
        """Every business's (type id, commune id) as it stood on `day`."""
        if not self.book.changed:
            return self._groups
        then = self.book.on_day(day)  # one pick for all the days with the same versions in effect
        found = self._groups_on.get(id(then))
        if found is None:
            changed = dict(zip(then, map(_GROUP, then.values()), strict=True))
            found = self._groups_on[id(then)] = {**self._groups, **changed}
        return found

    def commune_on(self, business_id: int, day: Any) -> int | None:
        """A business's commune on `day` (as the database gives it); None for a voided one."""
        row = self.rows.get(business_id)
        if row is None:
            return None
        then = self.book.on(business_id, plain_date(day)) if business_id in self.book.changed else None
        return int((row if then is None else then)[COMMUNE])

    def communes_on(self, day: date) -> dict[int, int]:
        """Every business's commune on `day`."""
        groups = self.groups_on(day)
        return dict(zip(self.rows, map(_COMMUNE_OF, map(groups.__getitem__, self.rows)), strict=True))

    def visit_communes(
        self, visits: Sequence[tuple[Any, ...]], period: Period
    ) -> tuple[list[int | None], dict[int, int | None]]:
        """The commune of each (business id, day as the database gives it, …) of `period` on that day, the
        visits in the order of their days; and each business's commune on its last day among them (so the
        last one given). None for a voided business."""
        ids = slices.listed(map(itemgetter(0), visits))
        edges = self.book.change_days_between(period.start, period.end)
        if len(edges) > 12:  # changes spread over many days: one visit at a time
            communes = [self.commune_on(row[0], row[1]) for row in visits]
        else:  # the period cut at the days a change took effect: every business's commune once per part
            parts = [self.communes_on(day) for day in (period.start, *map(plain_date, edges))]
            if edges:
                which = map(partial(bisect_right, edges), map(itemgetter(1), visits))
                communes = [parts[part].get(b) for part, b in zip(which, ids, strict=True)]
            else:
                communes = slices.listed(map(parts[0].get, ids))
        return communes, slices.mapped(zip(ids, communes, strict=True))  # the last of a business stays

    def count(self, business_ids: Iterable[int], day: date) -> Counter[Group]:
        """A stock on `day`: the businesses (not voided) per group as they stood that day."""
        groups = self.groups_on(day)
        return slices.counted(map(groups.__getitem__, filter(self.rows.__contains__, business_ids)))

    def count_events(self, events: Iterable[tuple[int, Any]]) -> Counter[Group]:
        """Each business (not voided) per group as it stood on its event's day (as the database gives it)."""
        book, groups = self.book, self._groups
        found: Counter[Group] = Counter()
        for business_id, day in events:
            if business_id not in groups:
                continue
            then = book.on(business_id, plain_date(day)) if business_id in book.changed else None
            found[groups[business_id] if then is None else (then[TYPE], then[COMMUNE])] += 1
        return found


def _statuses(session: Session, period: Period) -> _Statuses:
    e = BusinessStatusEventRecord
    rows = plain_rows(
        session, select(e.business_id, e.status, e.effective_on).order_by(e.business_id, e.effective_on, e.id)
    )
    key = _day_key(rows[0][2] if rows else None)
    before, start, end = key(period.start - timedelta(days=1)), key(period.start), key(period.end)
    at_before: dict[int, str] = {}
    at_end: dict[int, str] = {}
    first_active: dict[int, Any] = {}
    last_closed: dict[int, Any] = {}
    for business_id, status, on in rows:  # by business, day, then the order recorded: the last one stands
        if on <= end:
            at_end[business_id] = status
            if on <= before:
                at_before[business_id] = status
            elif status == STATUS_CLOSED and on >= start:
                last_closed[business_id] = on
        if status == STATUS_ACTIVE and business_id not in first_active:
            first_active[business_id] = on
    return _Statuses(
        active_before=[b for b, status in at_before.items() if status == STATUS_ACTIVE],
        active_end=[b for b, status in at_end.items() if status == STATUS_ACTIVE],
        opened=[(b, on) for b, on in first_active.items() if start <= on <= end],
        closed=list(last_closed.items()),
    )


def _day_key(sample: object) -> Callable[[date], Any]:
    """A day as the database returns a date column: ISO text from SQLite, a date elsewhere."""
    return date.isoformat if isinstance(sample, str) else _same


def _same(day: date) -> date:
    return day


def _covered_on(session: Session, day: date) -> set[int]:
    """The businesses some commitment covers on `day` (as commitments.active_state_groups counts them
    covered or expiring): from ix_commitment_valid_to alone, a range on valid_to plus the open-ended ones."""
    c = CommitmentRecord
    running = (
        c.voided.is_(False),
        c.valid_from <= day,
        or_(c.invalidated_on.is_(None), c.invalidated_on > day),
    )
    query = union_all(
        select(c.business_id).where(c.valid_to >= day, *running),
        select(c.business_id).where(c.valid_to.is_(None), *running),
    )
    return {business_id for (business_id,) in plain_rows(session, query)}


def _employees(
    session: Session, day: date, business_ids: Iterable[int], register: _Register
) -> dict[Group, list[int]]:
    """(employees, women, signed) per group of these businesses as they stood on `day`: the numbers of the
    business (its versions); signed, the employees listed by name who signed by `day` when the business
    has a list, else the latest count entered on or before `day`."""
    e = EmployeeRecord
    signed = dict(
        plain_rows(  # every business with a list, and how many of it signed by `day`
            session,
            select(e.business_id, func.count(case((e.signed_on <= day, 1))))
            .where(e.voided.is_(False))
            .group_by(e.business_id),
        )
    )
    c = EmployeeCountRecord
    counted = dict(
        plain_rows(  # ordered: each business's latest (by day, then as entered) comes last and stays
            session,
            select(c.business_id, c.signed).where(c.as_of <= day).order_by(c.business_id, c.as_of, c.id),
        )
    )
    sums: dict[Group, list[int]] = {}
    rows, versions = register.rows, register.versions_on(day)
    for business_id in business_ids:
        then = versions.get(business_id) or rows[business_id]
        group = (then[TYPE], then[COMMUNE])
        found = sums.get(group)
        if found is None:
            found = sums[group] = [0, 0, 0]
        found[0] += then[TOTAL] or 0
        found[1] += then[FEMALE] or 0
        found[2] += signed[business_id] if business_id in signed else counted.get(business_id, 0)
    return sums
