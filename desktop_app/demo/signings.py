"""Generated commitment signings, employees and their counts, business by business, from a seed (no I/O
but the word lists of resources/demo/signings.json)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from desktop_app.demo import words
from desktop_app.demo.businesses import (
    GIVEN_FEMALE,
    GIVEN_MALE,
    ID_PROVINCES,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    SURNAME_POOL,
    DemoBusiness,
)

EMPLOYEE_POSITIONS = words.text_lists("signings", "employee_positions")
DEFAULT_POSITIONS = words.texts("signings", "default_positions")
_TEXTS = words.named_texts("signings", "texts")
CHAIR = _TEXTS["chair"]
VICE_CHAIR = _TEXTS["vice_chair"]
OWNER_CHANGED = _TEXTS["owner_changed"]
RESIGNED_NOTE = _TEXTS["resigned_note"]
OPEN_ENDED_NOTE = _TEXTS["open_ended_note"]
MONTHS_NOTE = _TEXTS["months_note"]
DUPLICATE_NOTE = _TEXTS["duplicate_note"]
_UNIT_WORDS = tuple(unicodedata.normalize("NFC", w) for w in ("thị trấn", "phường", "đặc khu"))


class DemoCommitment(NamedTuple):
    signed_on: date
    valid_from: date
    valid_to: date | None
    document_number: str
    representative_name: str
    representative_position: str
    notes: str = ""
    invalidated_on: date | None = None
    invalidated_reason: str = ""
    voided: bool = False


class DemoEmployee(NamedTuple):
    full_name: str
    birth_date: date
    id_number: str
    position: str
    started_on: date
    signed_on: date | None


class DemoSignings(NamedTuple):
    """What one business has signed: its commitments, and either an employee list or employee counts."""

    commitments: list[DemoCommitment]
    employees: list[DemoEmployee]
    counts: tuple[int, int, date] | None  # (employees, signed, as of)


def commune_unit_word(commune_name: str) -> str:
    """The unit word of a commune's name (xã, phường, thị trấn, đặc khu), for the representative's title."""
    lowered = unicodedata.normalize("NFC", commune_name).lower()
    for word in _UNIT_WORDS:
        if lowered.startswith(word):
            return word
    return unicodedata.normalize("NFC", "xã")


class SigningGenerator:
    """Commitments over the last four years, employees and their counts, business by business.

    On `today`, among the businesses registered before it: about 8 % never signed, 10 % whose last
    signing has expired, 5 % whose commitment ends within 30 days, a few open-ended; the others signed
    every year between January and April, valid to 31 December (some re-signed after a change of owner).
    Identical for the same seed, day, communes and sequence of `for_business` calls.
    """

    def __init__(self, *, seed: int, today: date, commune_words: Sequence[str]) -> None:
        self._rng = random.Random(f"pcmd-demo-signings-{seed}")
        self._rand = self._rng.random
        self._today = today.toordinal()
        self._year = today.year
        self._first_year = today.year - 3
        years = range(self._first_year - 1, today.year + 2)
        self._jan2 = {y: date(y, 1, 2).toordinal() for y in years}
        self._dec31 = {y: date(y, 12, 31) for y in years}
        self._reps = [
            (self._person()[0], f"{CHAIR} {word}", self._person()[0], f"{VICE_CHAIR} {word}")
            for word in commune_words
        ]
        self._numbers: dict[tuple[int, int], int] = {}

    def _pick(self, items: Sequence[str]) -> str:
        return items[int(self._rand() * len(items))]

    def _person(self) -> tuple[str, bool]:
        female = self._rand() < 0.55
        middle = self._pick(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = self._pick(GIVEN_FEMALE if female else GIVEN_MALE)
        return f"{self._pick(SURNAME_POOL)} {middle} {given}", female

    def _commitment(
        self, commune: int, signed: int, valid_to: date | None, notes: str = ""
    ) -> DemoCommitment:
        day = date.fromordinal(signed)
        key = (commune, day.year)
        number = self._numbers[key] = self._numbers.get(key, 0) + 1
        chair, chair_title, vice, vice_title = self._reps[commune]
        if self._rand() < 0.7:
            name, title = chair, chair_title
        else:
            name, title = vice, vice_title
        return DemoCommitment(day, day, valid_to, f"{number}/CK-UBND", name, title, notes)

    def _season_day(self, year: int, registered: int, limit: int) -> int | None:
        """The day of `year`'s signing round (2 January to 30 April), after registration, by `limit`."""
        rand = self._rand
        jan2 = self._jan2[year]
        day = jan2 + int(rand() * 119)
        if day <= registered:  # registered during the year: signed within weeks
            day = registered + 5 + int(rand() * 40)
            if day > self._dec31[year].toordinal():
                return None
        if day > limit:  # the round has not reached it yet: some day before the limit
            first = max(jan2, registered + 1)
            if limit < first:
                return None
            day = first + int(rand() * (limit - first + 1))
        return day

    def for_business(self, business: DemoBusiness) -> DemoSignings:
        rand = self._rand
        today = self._today
        year = self._year
        commune = business.commune_index
        registered = business.registration_date.toordinal()
        active = business.status == "active"
        limit = today - 1
        if not active and business.status_since is not None:
            limit = min(limit, business.status_since.toordinal())
        items: list[DemoCommitment] = []
        roll = rand()
        if registered < limit and roll >= 0.08:
            if roll < 0.18:  # stopped renewing one or two years ago
                last_year, kind = year - (1 if rand() < 0.7 else 2), "expired"
            elif roll < 0.23:
                last_year, kind = year - 1, "expiring"
            elif roll < 0.245:
                last_year, kind = year, "open"
            else:
                last_year, kind = year, "covered"
            if kind == "open":
                first = max(self._jan2[self._first_year], registered + 1)
                if first <= limit:
                    signed = first + int(rand() * (limit - first + 1))
                    items.append(self._commitment(commune, signed, None, OPEN_ENDED_NOTE))
            else:
                last_year = min(last_year, date.fromordinal(limit).year)
                for y in range(max(self._first_year, business.registration_date.year), last_year + 1):
                    if y < year and rand() < 0.01:
                        continue  # missed that year's round
                    day = self._season_day(y, registered, limit)
                    if day is None:
                        continue
                    items.append(self._commitment(commune, day, self._dec31[y]))
                    change_span = min(self._dec31[y].toordinal(), limit) - day - 60
                    if rand() < 0.06 and change_span > 0:  # the owner changed; the new one signed again
                        changed = day + 30 + int(rand() * change_span)
                        items[-1] = items[-1]._replace(
                            invalidated_on=date.fromordinal(changed), invalidated_reason=OWNER_CHANGED
                        )
                        resigned = changed + 1 + int(rand() * 25)
                        items.append(self._commitment(commune, resigned, self._dec31[y], RESIGNED_NOTE))
            if kind == "expiring" and active:
                # Signed for twelve months (the commune moved off the calendar year); overlaps the last one.
                ends = today + int(rand() * 31)
                signed = max(ends - 364, registered + 1)
                if signed < today:
                    items.append(self._commitment(commune, signed, date.fromordinal(ends), MONTHS_NOTE))
            elif kind == "covered" and items and rand() < 0.02:  # typed in twice; the copy was voided
                items.append(items[-1]._replace(notes=DUPLICATE_NOTE, voided=True))
        employees: list[DemoEmployee] = []
        counts: tuple[int, int, date] | None = None
        if items:
            last = max(c.signed_on for c in items if not c.voided)
            if rand() < 0.2:
                employees = self._employees(business, last.toordinal())
            else:
                staff = business.employees_total
                unsigned = 0 if rand() < 0.8 else 1 + int(rand() * max(1, staff // 2))
                counts = (staff, max(staff - unsigned, 0), last)
        return DemoSignings(items, employees, counts)

    def _employees(self, business: DemoBusiness, last_signing: int) -> list[DemoEmployee]:
        rand = self._rand
        today = self._today
        positions = EMPLOYEE_POSITIONS.get(business.type_code, DEFAULT_POSITIONS)
        registered = business.registration_date.toordinal()
        earliest = max(registered, self._jan2[self._first_year])
        span = max(today - earliest - 1, 1)
        people: list[DemoEmployee] = []
        for _ in range(2 + int(rand() * 7)):
            name, female = self._person()
            if rand() < 0.015:  # a minor (16 or 17), taken on recently
                birth = today - 16 * 365 - 5 - int(rand() * (2 * 365 - 10))
                started = today - 10 - int(rand() * 140)
            else:
                birth = today - 18 * 365 - 30 - int(rand() * 37 * 365)
                started = earliest + int(rand() * span)
            started = max(started, registered)
            signed = None
            if rand() < 0.9:
                signed = date.fromordinal(min(max(started, last_signing) + int(rand() * 15), today))
            born = date.fromordinal(birth)
            id_number = ""
            if rand() < 0.75:
                digit = (0 if born.year < 2000 else 2) + (1 if female else 0)
                province = self._pick(ID_PROVINCES)
                id_number = f"{province}{digit}{born.year % 100:02d}{int(rand() * 1_000_000):06d}"
            people.append(
                DemoEmployee(name, born, id_number, self._pick(positions), date.fromordinal(started), signed)
            )
        return people
