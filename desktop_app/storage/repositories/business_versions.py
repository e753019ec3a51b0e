"""A business's commune, type, employees and owner by the date each value took effect (business_version)."""

from __future__ import annotations

import typing
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import compress
from operator import eq
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session, aliased

from desktop_app.storage.models import BusinessRecord, BusinessVersionRecord
from desktop_app.storage.repositories import bulk
from desktop_app.storage.repositories.bulk import plain_date, plain_rows

VERSIONED_FIELDS: tuple[str, ...] = (
    "commune_id",
    "type_id",
    "employees_total",
    "employees_female",
    "owner_name",
    "owner_id_number",
    "owner_phone",
)


@dataclass(frozen=True, slots=True)
class BusinessVersion:
    business_id: int
    effective_on: date
    commune_id: int
    type_id: int
    employees_total: int | None
    employees_female: int | None
    owner_name: str
    owner_id_number: str
    owner_phone: str


def add_version(
    session: Session,
    business: BusinessRecord,
    effective_on: date,
    now: datetime,
    note: str = "",
) -> None:
    """Record the business row's present versioned values as taking effect on `effective_on`.

    Call after changing the row (and for a new business, after its first flush). A version already
    recorded for that business on that very day is replaced, so a day holds one set of values.

    A change dated before the latest version (recorded late) takes effect from its date on and is carried
    into the later versions, which keep their own other changes: only the fields where the row differs
    from the latest version are written, so the latest version always holds the row's values. With
    nothing changed since the latest version, nothing is written.
    """
    session.flush()
    versions = list(
        session.scalars(
            select(BusinessVersionRecord)
            .where(BusinessVersionRecord.business_id == business.id)
            .order_by(BusinessVersionRecord.effective_on, BusinessVersionRecord.id)
        )
    )
    if not versions:
        changed = list(VERSIONED_FIELDS)
    else:
        latest = versions[-1]
        changed = [name for name in VERSIONED_FIELDS if getattr(business, name) != getattr(latest, name)]
        if not changed:
            return
    earlier = [v for v in versions if v.effective_on <= effective_on]
    # the values standing on that day (before the first version: the first one), the change laid over them
    base = earlier[-1] if earlier else (versions[0] if versions else business)
    record = earlier[-1] if earlier and earlier[-1].effective_on == effective_on else None
    if record is None:
        record = BusinessVersionRecord(business_id=business.id, effective_on=effective_on)
        for name in VERSIONED_FIELDS:
            setattr(record, name, getattr(base, name))
        session.add(record)
    for later in [record, *(v for v in versions if v.effective_on > effective_on)]:
        for name in changed:
            setattr(later, name, getattr(business, name))
    record.note = note
    record.recorded_at = now


def add_first_versions(session: Session, businesses: Iterable[Mapping[str, Any]], note: str = "") -> None:
    """One Core insert of the first version of new businesses, from their inserted values (with their
    ids): effective from the registration date, else the day they were entered (created_at)."""
    rows = [
        {
            "business_id": b["id"],
            "effective_on": b.get("registration_date") or b["created_at"].date(),
            **{name: b.get(name) for name in VERSIONED_FIELDS},
            "note": note,
            "recorded_at": b["created_at"],
        }
        for b in businesses
    ]
    for row in rows:  # the text fields are never NULL
        for name in ("owner_name", "owner_id_number", "owner_phone"):
            row[name] = row[name] or ""
    if rows:
        bulk.insert_rows(session, typing.cast(Table, BusinessVersionRecord.__table__), rows)


def has_versions(session: Session, business_id: int) -> bool:
    v = BusinessVersionRecord
    return session.scalar(select(v.id).where(v.business_id == business_id).limit(1)) is not None


def versions_of(session: Session, business_id: int) -> list[BusinessVersion]:
    """Every version of one business, oldest first."""
    v = BusinessVersionRecord
    rows = session.execute(
        select(
            v.business_id,
            v.effective_on,
            v.commune_id,
            v.type_id,
            v.employees_total,
            v.employees_female,
            v.owner_name,
            v.owner_id_number,
            v.owner_phone,
        )
        .where(v.business_id == business_id)
        .order_by(v.effective_on, v.id)
    )
    return [BusinessVersion(*row) for row in rows]


# What the reports read of a version, as the database returns it: (business id, effective on, commune id,
# type id, employees total, employees female); the day is ISO text from SQLite, a date from PostgreSQL.
Standing = tuple[Any, ...]
COMMUNE, TYPE, TOTAL, FEMALE = 2, 3, 4, 5  # positions in a Standing


class VersionBook:
    """The versions of the businesses whose counted values changed over time, read once per report.

    "As of day D" is the latest version in effect on D (effective_on ≤ D; of two on one day, the one
    recorded last), else the earliest one: a business counts as first recorded for dates before its
    registration. A business with a single version (or none, in data written before versions were kept)
    stands as its row: the row always holds the latest version's values, so only businesses with several
    versions are read, in one ordered query. Shaped for a whole register that moved (100,000 businesses
    with two versions each): the rows stay as fetched, and the few days a report asks about are picked
    over them with dict(zip()) rather than a Python object per business, one pick for all the days with
    the same versions in effect.
    """

    def __init__(self, rows: list[Standing]) -> None:
        self._rows = rows  # ordered by business, day, then the order recorded
        self._text = bool(rows) and isinstance(rows[0][1], str)
        self._ids = ids = [row[0] for row in rows]
        # dict() over pairs keeps the last of each business: read backwards, that is its first row
        self._first = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
        self._last = dict(zip(ids, range(len(ids)), strict=True))
        self._first_rows = dict(zip(reversed(ids), reversed(rows), strict=True))
        self.changed: frozenset[int] = frozenset(self._last)  # the businesses with more than one version
        # the days a version took effect: two days with none of them between pick the same versions
        self._change_days = sorted({row[1] for row in rows})
        self._picks: dict[int, dict[int, Standing]] = {}
        self._later_rows: list[Standing] | None = None

    @classmethod
    def load(cls, session: Session, since: date | None = None) -> VersionBook:
        """The versions of the businesses with several; with `since`, only of those with a version after
        that day: every other business stands as its row on every day from `since` on, so a book loaded
        with `since` answers for those days only (a report: the day before its period)."""
        v = BusinessVersionRecord
        several = select(v.business_id).group_by(v.business_id).having(func.count() > 1)
        if since is not None:
            # Usually no business has a later version after `since` (only new businesses' first ones):
            # the versions after it, from ix_business_version_on, each asked for another of its business.
            other = aliased(BusinessVersionRecord)
            another = select(other.id).where(other.business_id == v.business_id, other.id != v.id).exists()
            if session.execute(select(v.id).where(v.effective_on > since, another).limit(1)).first() is None:
                return cls([])
            several = several.having(func.max(v.effective_on) > since)
        query = (
            select(
                v.business_id, v.effective_on, v.commune_id, v.type_id, v.employees_total, v.employees_female
            )
            .where(v.business_id.in_(several))
            .order_by(v.business_id, v.effective_on, v.id)
        )
        return cls(plain_rows(session, query))

    def _key(self, day: date) -> Any:
        return day.isoformat() if self._text else day

    def on_day(self, day: date) -> dict[int, Standing]:
        """Every changed business's version as of `day` (kept for the next caller asking a day with the same
        versions in effect)."""
        key = self._key(day)
        changes = bisect_right(self._change_days, key)  # how many change days are on or before it
        found = self._picks.get(changes)
        if found is None:
            found = dict(self._first_rows)
            standing = [row for row in self._rows if row[1] <= key]
            found.update(zip([row[0] for row in standing], standing, strict=True))  # the latest on or before
            self._picks[changes] = found
        return found

    def on(self, business_id: int, day: date) -> Standing | None:
        """One business's version as of `day`; None when its row's values stand for every day."""
        first = self._first.get(business_id)
        if first is None:
            return None
        rows, key = self._rows, self._key(day)
        index = self._last[business_id]
        while index > first and rows[index][1] > key:
            index -= 1
        return rows[index]

    def on_days(self, visits: Sequence[tuple[int, Any]], start: date, end: date) -> list[Standing | None]:
        """The version as of each (business id, day as the database returned it) of days from `start` to
        `end`; None for a business whose row stands. The period is cut at the days a version took effect
        in it: one pick of every business per part (usually one or two parts) when they are few."""
        edges = self.change_days_between(start, end)
        if len(edges) > 12:  # changes spread over many days: one business at a time
            return [self.on(b, plain_date(day)) for b, day in visits]
        parts = [self.on_day(start), *(self.on_day(plain_date(edge)) for edge in edges)]
        if len(edges) == 1:  # the usual change within a period (a reform): before it, and from it on
            edge, (before, after) = edges[0], parts
            return [(after if day >= edge else before).get(b) for b, day in visits]
        return [parts[bisect_right(edges, day)].get(b) for b, day in visits]

    def change_days_between(self, start: date, end: date) -> list[Any]:
        """The days after `start` and on or before `end` on which a change (a version after a business's
        first) took effect, in order, as the database gives them."""
        low, high = self._key(start), self._key(end)
        return sorted({row[1] for row in self._later() if low < row[1] <= high})

    def changing_between(self, start: date, end: date) -> set[int]:
        """The businesses with a change (a version after their first) taking effect after `start` and on
        or before `end`: the others stand the same on every day from `start` to `end`."""
        low, high = self._key(start), self._key(end)
        return {row[0] for row in self._later() if low < row[1] <= high}

    def _later(self) -> list[Standing]:
        """The versions after each business's first: a first version stands for the days before it too."""
        if self._later_rows is None:
            rows, ids = self._rows, self._ids
            self._later_rows = list(compress(rows[1:], map(eq, ids, ids[1:])))  # the same business as before
        return self._later_rows

    def communes_on(self, communes: dict[int, int], day: date) -> dict[int, int]:
        """`communes` (business id → its row's commune) with each business's commune as of `day`."""
        result = dict(communes)
        result.update({b: row[COMMUNE] for b, row in self.on_day(day).items() if b in result})
        return result
