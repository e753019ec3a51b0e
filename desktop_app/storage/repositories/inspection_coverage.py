"""Inspection figures: each business's status in the register, and how many of the businesses active in a
period its visits covered (the coverage tables, the indicators)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from desktop_app.collection import held_collection
from desktop_app.domain.inspections import (
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    VIOLATION_RESULTS,
    BusinessFigures,
    InspectionStatus,
    VisitFigures,
)
from desktop_app.domain.periods import Period
from desktop_app.storage.models import (
    BusinessRecord,
    InspectionVisitRecord,
)
from desktop_app.storage.repositories.bulk import plain_date, plain_rows
from desktop_app.storage.repositories.business_versions import COMMUNE, VersionBook
from desktop_app.storage.repositories.businesses import active_on
from desktop_app.storage.repositories.inspections import (
    by_day_and_business,
    done_between,
    has_follow_up,
    with_outcome,
)


# ---- Register status
def statuses(session: Session) -> dict[int, InspectionStatus]:
    """Last done visit, last violation and open follow-ups of every business that has visits."""
    v = InspectionVisitRecord
    done = select(
        v.business_id,
        func.max(case((v.result != RESULT_PLANNED, v.visit_date))),
        func.max(case((v.result.in_(VIOLATION_RESULTS), v.visit_date))),
    ).where(v.voided.is_(False))
    closer = aliased(InspectionVisitRecord)
    open_ = select(v.business_id).where(
        v.voided.is_(False),
        has_follow_up(),
        ~select(closer.id)
        .where(closer.follows_up_id == v.id, closer.voided.is_(False), closer.result != RESULT_PLANNED)
        .exists(),
    )
    # The driver's tuples, their days made dates here: SQLAlchemy's rows would process every day in one C
    # loop, holding the GUI thread for 30–40 ms at 100,000 businesses (the register loads this in the
    # background).
    open_counts = Counter(int(b) for (b,) in plain_rows(session, open_))
    result: dict[int, InspectionStatus] = {}
    for business_id, last, violation in plain_rows(session, done.group_by(v.business_id)):
        result[int(business_id)] = InspectionStatus(
            plain_date(last), plain_date(violation), open_counts.get(int(business_id), 0)
        )
    return result


# ---- Coverage
def active_at(session: Session, day: date, book: VersionBook | None = None) -> dict[int, int]:
    """Business id → commune id of the businesses active on `day`: not voided, and the latest status event
    on or before that day says active (`businesses.active_on`: from business_latest_status, the events only
    of the businesses whose latest event is after `day`). The commune is the business's commune as of `day`
    (its versions, `book`, read here when not given)."""
    book = book if book is not None else VersionBook.load(session, since=day)
    return book.communes_on(dict(plain_rows(session, active_on(day))), day)


def _inspected_between(session: Session, start: date, end: date) -> set[int]:
    v = InspectionVisitRecord
    query = select(v.business_id).distinct().where(*done_between(start, end))
    return {b for (b,) in plain_rows(session, query)}


def coverage_figures(
    session: Session,
    period: Period,
    programme_start: date,
    active: dict[int, int] | None = None,
    book: VersionBook | None = None,
) -> tuple[list[BusinessFigures], list[VisitFigures]]:
    """Per commune: businesses active at the end of `period`, of them inspected in it and since
    `programme_start`; and the done visits of the period (of businesses not voided) by result, with fines.

    Range reads (the active businesses; the period's visits from two partial indexes by day) added up here:
    cheaper than per-business probes or SQL grouping through the wide business rows. The driver's plain
    tuples: SQLAlchemy rows would double the time. `active`: the businesses active at the end of the period
    (id → commune id) when the caller has them already.

    Where a business moved: the active ones count in their commune at the end of the period (a stock);
    a visit counts in the commune the business was in on the visit's date, and an inspected business in
    its commune on its last visit of the period (events). `book`: the businesses' versions, when the
    caller has read them already.
    """
    with held_collection():  # the period's visits as some 200,000 tuples: no collection walks them meanwhile
        return _coverage_figures(session, period, programme_start, active, book)


def _coverage_figures(
    session: Session,
    period: Period,
    programme_start: date,
    active: dict[int, int] | None,
    book: VersionBook | None,
) -> tuple[list[BusinessFigures], list[VisitFigures]]:
    book = book if book is not None else VersionBook.load(session, since=period.start - timedelta(days=1))
    if active is None:
        active = active_at(session, period.end, book)
    # The done visits from ix_inspection_visit_done_day, each by its business (with its day only when a
    # business changed commune in the period), then those with an outcome to count (about a fifth) from
    # ix_inspection_visit_outcome_day: two narrow partial indexes, fewer pages to read than one wide index.
    v = InspectionVisitRecord
    candidates = book.changing_between(period.start, period.end) if book.changed else set()
    dated = (v.visit_date,) if candidates else ()
    done = done_between(period.start, period.end)
    visits = plain_rows(session, select(v.business_id, *dated).where(*done).order_by(*by_day_and_business()))
    outcomes = plain_rows(
        session,
        select(v.business_id, v.result, v.prostitution_related, v.fine_vnd, *dated)
        .where(*done, with_outcome())
        .order_by(*by_day_and_business()),
    )
    inspected = set(map(itemgetter(0), visits))
    commune_of = dict(active)
    others = book.communes_on(_communes_of(session, list(inspected - active.keys())), period.end)
    commune_of.update(others)  # as of the end: where a business stood all through the period
    wanted = candidates & inspected & commune_of.keys()  # (a voided business's visits count nowhere)
    if wanted:
        visit_communes, looked_up = _visit_communes(visits, commune_of, book, wanted, period)
        visits_by = Counter(visit_communes)
    else:  # each visit in its business's commune, looked up and counted in C
        visits_by, looked_up = Counter(map(commune_of.get, map(itemgetter(0), visits))), []
    last_commune: dict[int, tuple[Any, int]] = {}
    for business_id, day, then in looked_up:
        if business_id not in last_commune or day >= last_commune[business_id][0]:
            last_commune[business_id] = (day, then)
    business_communes = commune_of  # each inspected business in its commune on its last visit
    if last_commune:
        business_communes = {**commune_of, **{b: c for b, (_day, c) in last_commune.items()}}
    ever_start = min(programme_start, period.start)
    ever = inspected if ever_start == period.start else _inspected_between(session, ever_start, period.end)

    # Counted per commune with Counter over mapped ids (the loops run in C); a business voided as a
    # mistake, or not active at the end (in the counts of the active), maps to None: counted nowhere.
    active_by = Counter(active.values())
    inspected_active_by = Counter(map(active.get, inspected))
    ever_by = inspected_active_by if ever is inspected else Counter(map(active.get, ever))
    businesses_by = Counter(map(business_communes.get, inspected))
    reminders_by: Counter[int | None] = Counter()
    penalties_by: Counter[int | None] = Counter()
    referrals_by: Counter[int | None] = Counter()
    related_by: Counter[int | None] = Counter()
    fines_by: Counter[int | None] = Counter()
    by_result = {RESULT_REMINDER: reminders_by, RESULT_PENALTY: penalties_by, RESULT_REFERRAL: referrals_by}
    outcome_communes, _ = _visit_communes(outcomes, commune_of, book, wanted, period)
    for row, commune_id in zip(outcomes, outcome_communes, strict=True):
        result, related, fine = row[1], row[2], row[3]
        counter = by_result.get(result)
        if counter is not None:
            counter[commune_id] += 1
        if related:
            related_by[commune_id] += 1
        if fine:
            fines_by[commune_id] += fine
    return (
        [BusinessFigures(c, n, inspected_active_by[c], ever_by[c]) for c, n in active_by.items()],
        [
            VisitFigures(
                c,
                n,
                visits_by[c],
                reminders_by[c],
                penalties_by[c],
                referrals_by[c],
                related_by[c],
                fines_by[c],
            )
            # a commune may have visits of businesses that moved on and none inspected there otherwise
            for c, n in [*businesses_by.items(), *((c, 0) for c in visits_by if c not in businesses_by)]
            if c is not None
        ],
    )


def _visit_communes(
    rows: Sequence[tuple[Any, ...]],
    commune_of: dict[int, int],
    book: VersionBook,
    wanted: set[int],
    period: Period,
) -> tuple[list[int | None], list[tuple[int, Any, int]]]:
    """The commune of each visit of `rows` ((business id, …, day) tuples): its business's in `commune_of`,
    or for a business of `wanted` (a version taking effect inside `period`) the one of its version on the
    visit's day; and the (business id, day, commune) of those looked up, in the order of `rows`."""
    communes: list[int | None] = list(map(commune_of.get, map(itemgetter(0), rows)))
    looked_up: list[tuple[int, Any, int]] = []
    if wanted:
        picked = [(i, row[0], row[-1]) for i, row in enumerate(rows) if row[0] in wanted]
        standings = book.on_days([(b, day) for _i, b, day in picked], period.start, period.end)
        for (index, business_id, day), standing in zip(picked, standings, strict=True):
            if standing is not None:
                communes[index] = standing[COMMUNE]
                looked_up.append((business_id, day, standing[COMMUNE]))
    return communes, looked_up


def _communes_of(session: Session, business_ids: Sequence[int]) -> dict[int, int]:
    """Commune of each of these businesses that is not voided."""
    found: dict[int, int] = {}
    wanted = sorted(set(business_ids))
    query = select(BusinessRecord.id, BusinessRecord.commune_id).where(BusinessRecord.voided.is_(False))
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        found.update(
            (int(b), int(c))
            for b, c in session.connection().execute(query.where(BusinessRecord.id.in_(chunk)))
        )
    return found
