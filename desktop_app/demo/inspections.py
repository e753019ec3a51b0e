"""Generated inspections: three years of rounds, visits and their follow-ups, and hot-spots, from a seed
(no I/O but the word lists of resources/demo/inspections.json)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import NamedTuple

from desktop_app.demo import words
from desktop_app.demo.businesses import GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SURNAME_POOL
from desktop_app.domain.inspections import (
    CHECK_OK,
    CHECK_PROBLEM,
    CHECKLIST,
    KIND_FOLLOW_UP,
    KIND_PERIODIC,
    KIND_SURPRISE,
    LEVEL_COMMUNE,
    LEVEL_DISTRICT,
    LEVEL_PROVINCE,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    LegalBasis,
)
from desktop_app.domain.legal import PENALTY_FINE, fine_range, resolve_offender

RISKY_TYPES = frozenset({"KAR", "MSG", "NN", "NT", "BAR", "KS"})
TEAM = words.text("inspections", "team")
# Roles by team level: the leader first.
ROLES = words.text_lists("inspections", "roles")
SEASON_NOTES = words.texts("inspections", "season_notes")  # January to December
NO_FINDINGS = words.text("inspections", "no_findings")
PROBLEM_TEXT = words.named_texts("inspections", "problems")
_PROBLEMS = tuple(PROBLEM_TEXT)
_TEXTS = words.named_texts("inspections", "texts")
CORRECT_NOTE = _TEXTS["correct_note"]
PENALTY_FINDINGS = _TEXTS["penalty_findings"]
REFERRAL_FINDINGS = _TEXTS["referral_findings"]
FOLLOW_UP_NOTE = _TEXTS["follow_up_note"]
REFERRAL_FOLLOW_UP_NOTE = _TEXTS["referral_follow_up_note"]
ELIMINATED_NOTE = _TEXTS["eliminated_note"]
WATCHED_NOTE = _TEXTS["watched_note"]
EXTRA_MEASURES = words.texts("inspections", "extra_measures")
HOTSPOT_PLACES = words.texts("inspections", "hotspot_places")


# Shared by the visits they describe (never changed in place).
_ALL_OK: dict[str, str] = dict.fromkeys(CHECKLIST, CHECK_OK)
_NOT_TICKED: dict[str, str] = {}  # an older record typed without the checklist
_MIDNIGHT = time(0)


def _unit_lower(name: str) -> str:
    """'Xã Mường Bon' → 'xã Mường Bon', as it reads inside a title."""
    name = unicodedata.normalize("NFC", name).strip()
    return name[:1].lower() + name[1:]


class InspectedBusiness(NamedTuple):
    """What the inspection generator needs to know of a business."""

    id: int
    commune_index: int
    type_code: str
    registered: date
    status: str
    status_since: date | None


class DemoRound(NamedTuple):
    year: int
    plan_number: str
    plan_date: date
    team_name: str
    team_level: str
    members: tuple[str, ...]
    starts_on: date
    ends_on: date
    commune_indexes: tuple[int, ...]  # empty: the whole territory
    notes: str


@dataclass(slots=True, eq=False)
class DemoVisit:
    """A generated visit; `follows_up` is the visit whose follow-up it makes (identity, not equality)."""

    business_id: int
    round_index: int | None
    visit_date: date
    visit_time: time | None
    kind: str
    result: str
    members_present: tuple[str, ...] = ()
    checklist: dict[str, str] = field(default_factory=dict)
    findings: str = ""
    minutes_number: str = ""
    prostitution_related: bool = False
    decision_number: str = ""
    decision_date: date | None = None
    legal_basis_ids: tuple[int, ...] = ()
    fine_vnd: int = 0
    extra_measures: str = ""
    follow_up_due: date | None = None
    follows_up: DemoVisit | None = None
    notes: str = ""
    offender_kind: str = "organisation"
    penalty_kinds: tuple[str, ...] = ()


def _lawful_fine(basis: LegalBasis, offender: str, roll: float) -> int:
    """A fine within the act's range for the offender, in steps of 50,000 đ."""
    low, high = fine_range((basis,), offender) or (0, 0)
    step = 50_000
    return low + step * int(roll * ((high - low) // step + 1))


class DemoHotspot(NamedTuple):
    place: str
    commune_index: int
    found_on: date
    eliminated_on: date | None
    notes: str


class InspectionGenerator:
    """Three years of the inter-agency team's work, up to `today`.

    Each year: 2–4 rounds (the first by the main team over the whole territory, later ones sometimes by a
    commune team or the province team over a few communes; the current year's last one under way on
    `today`); 25–35 % of the businesses visited once in a round and about 1.5 % surprise visits on their own
    (evenings, mostly lodging and entertainment). Results: mostly none, some reminders, a few penalties
    (decision, a verified catalogue act in force on the day, a fine within its range for the offender), very
    rare referrals. Penalties
    and half the referrals get a follow-up due 30–60 days later; about 70 % of those due by `today` were
    followed up by a visit that links back, the others are overdue; a few planned visits in the coming days.
    3–5 hot-spots, some eliminated. Identical for the same seed, day, places, catalogue and businesses.
    """

    def __init__(
        self,
        *,
        seed: int,
        today: date,
        territory: str,
        province: str,
        commune_names: Sequence[str],
        legal_basis: Sequence[LegalBasis],
    ) -> None:
        self._rng = random.Random(f"pcmd-demo-inspections-{seed}")
        self._rand = self._rng.random
        self._today = today
        self._territory = _unit_lower(territory)
        self._province = _unit_lower(province)
        self._main_level = LEVEL_DISTRICT if self._territory else LEVEL_PROVINCE
        self._communes = [_unit_lower(name) for name in commune_names]
        # Only verified catalogue acts with a known range: every demo fine is lawful on its date.
        self._legal = [
            b for b in legal_basis if b.active and b.verified and b.fine_min is not None and b.fine_max
        ]
        self._pools: dict[tuple[str, int], tuple[str, ...]] = {}
        self._crews: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self._seen: set[tuple[int, int]] = set()  # (business, day): one visit a day

    # ---- Teams and rounds
    def _person(self) -> str:
        rand = self._rand
        female = rand() < 0.4
        middles = MIDDLE_FEMALE if female else MIDDLE_MALE
        givens = GIVEN_FEMALE if female else GIVEN_MALE
        surname = SURNAME_POOL[int(rand() * len(SURNAME_POOL))]
        return f"{surname} {middles[int(rand() * len(middles))]} {givens[int(rand() * len(givens))]}"

    def _place(self, level: str, commune: int) -> str:
        if level == LEVEL_COMMUNE:
            return self._communes[commune]
        return self._territory if level == LEVEL_DISTRICT else self._province

    def _pool(self, level: str, commune: int = -1) -> tuple[str, ...]:
        """The team's people, the leader first (the same people from round to round)."""
        key = (level, commune)
        if key not in self._pools:
            place = self._place(level, commune)
            self._pools[key] = tuple(
                f"{self._person()} – {role.format(place=place)}".strip() for role in ROLES[level]
            )
        return self._pools[key]

    def _team(self, level: str, commune: int = -1) -> str:
        return f"{TEAM} {self._place(level, commune)}".strip()

    def _some_of(self, people: Sequence[str], least: int, most: int) -> tuple[str, ...]:
        """The first (the leader) and `least`–`most` of the others, in their order."""
        if len(people) <= least + 1:
            return tuple(people)
        others = len(people) - 1
        count = min(least + int(self._rand() * (most - least + 1)), others)
        start = int(self._rand() * others)
        chosen = sorted((start + i) % others + 1 for i in range(count))
        return (people[0], *(people[i] for i in chosen))

    def _crew(self, people: tuple[str, ...]) -> tuple[str, ...]:
        """Who of `people` went on a visit: one of a few usual crews (the leader and two or three others)."""
        if people not in self._crews:
            self._crews[people] = [self._some_of(people, 2, 3) for _ in range(6)]
        crews = self._crews[people]
        return crews[int(self._rand() * len(crews))]

    def rounds(self) -> list[DemoRound]:
        """The rounds of the last three years, in date order; the last is under way on `today`."""
        rand = self._rand
        today = self._today.toordinal()
        result: list[DemoRound] = []
        for year in range(self._today.year - 2, self._today.year + 1):
            current = year == self._today.year
            first, last = date(year, 1, 8).toordinal(), date(year, 12, 20).toordinal()
            if current:
                first, last = min(first, today - 40), today + 14 + int(rand() * 11)
            count = 2 + int(rand() * 3)
            slot = (last - first) // count
            number = 2 + int(rand() * 12)
            for i in range(count):
                slot_start = first + i * slot
                ongoing = current and i == count - 1
                if ongoing:  # visits until today, a few planned in the coming days
                    starts = min(max(slot_start, today - 10 - int(rand() * 20)), today - 3)
                    ends = last
                else:
                    starts = slot_start + int(rand() * max(slot // 3, 1))
                    ends = max(starts, min(starts + 9 + int(rand() * 21), slot_start + slot - 1))
                level, commune = self._main_level, -1
                communes: tuple[int, ...] = ()
                roll = rand()
                if i > 0 and not ongoing and self._communes:
                    if roll < 0.25:
                        commune = int(rand() * len(self._communes))
                        level, communes = LEVEL_COMMUNE, (commune,)
                    elif roll < 0.4 and level == LEVEL_DISTRICT and len(self._communes) > 3:
                        level = LEVEL_PROVINCE
                        communes = tuple(
                            sorted(self._rng.sample(range(len(self._communes)), 2 + (roll < 0.3)))
                        )
                number += 1 + int(rand() * 9)
                suffix = "KH-UBND" if level == LEVEL_COMMUNE else "KH-ĐKT"
                begins = date.fromordinal(starts)
                result.append(
                    DemoRound(
                        year=year,
                        plan_number=unicodedata.normalize("NFC", f"{number}/{suffix}"),
                        plan_date=date.fromordinal(starts - 4 - int(rand() * 12)),
                        team_name=self._team(level, commune),
                        team_level=level,
                        members=self._some_of(self._pool(level, commune), 3, 5),
                        starts_on=begins,
                        ends_on=date.fromordinal(ends),
                        commune_indexes=communes,
                        notes=SEASON_NOTES[begins.month - 1],
                    )
                )
        return result

    # ---- Visits
    def _day_time(self) -> time | None:
        rand = self._rand
        if rand() < 0.1:
            return None
        hour = 8 + int(rand() * 3) if rand() < 0.6 else 14 + int(rand() * 3)
        return time(hour, 15 * int(rand() * 4))

    def _night_time(self) -> time:
        return time(19 + int(self._rand() * 4), 15 * int(self._rand() * 4))

    def _periodic_result(self) -> str:
        roll = self._rand()
        if roll < 0.78:
            return RESULT_NONE
        if roll < 0.96:
            return RESULT_REMINDER
        return RESULT_PENALTY if roll < 0.996 else RESULT_REFERRAL

    def _surprise_result(self) -> str:
        roll = self._rand()
        if roll < 0.5:
            return RESULT_NONE
        if roll < 0.8:
            return RESULT_REMINDER
        return RESULT_PENALTY if roll < 0.96 else RESULT_REFERRAL

    def _apply(self, visit: DemoVisit, result: str) -> None:
        """Fill the visit's checklist, findings and, for a penalty, the decision, legal basis and fine."""
        rand = self._rand
        day = visit.visit_date.toordinal()
        legal = [
            b
            for b in self._legal
            if (b.valid_from is None or b.valid_from <= visit.visit_date)
            and (b.valid_to is None or visit.visit_date <= b.valid_to)
        ]
        if result == RESULT_PENALTY and not legal:  # an emptied catalogue: no decision can be recorded
            result = RESULT_REMINDER
        visit.result = result
        if result == RESULT_NONE:
            visit.checklist = _NOT_TICKED if rand() < 0.12 else _ALL_OK
            visit.findings = NO_FINDINGS
            return
        checklist = dict.fromkeys(CHECKLIST, CHECK_OK)
        problems: list[str] = []
        if result == RESULT_REMINDER or rand() < 0.3:
            problems.append(_PROBLEMS[int(rand() * len(_PROBLEMS))])
            if result == RESULT_REMINDER and rand() < 0.35:
                problems.append(_PROBLEMS[int(rand() * len(_PROBLEMS))])
        problems = list(dict.fromkeys(problems))
        for item in problems:
            checklist[item] = CHECK_PROBLEM
        found = "; ".join(PROBLEM_TEXT[p] for p in problems)
        found = f"Cơ sở {found}." if found else ""
        if result == RESULT_REMINDER:
            visit.findings = f"{found} {CORRECT_NOTE}"
        else:
            checklist["prostitution_signs"] = CHECK_PROBLEM
            if result == RESULT_REFERRAL and rand() < 0.3:
                checklist["minors"] = CHECK_PROBLEM
            visit.prostitution_related = True
            visit.findings = (
                f"{PENALTY_FINDINGS if result == RESULT_PENALTY else REFERRAL_FINDINGS} {found}".strip()
            )
            if result == RESULT_PENALTY:
                visit.decision_date = date.fromordinal(min(day + int(rand() * 6), self._today.toordinal()))
                basis = legal[int(rand() * len(legal))]
                visit.legal_basis_ids = (basis.id,)
                visit.offender_kind = resolve_offender("", (basis,))
                visit.fine_vnd = _lawful_fine(basis, visit.offender_kind, rand())
                visit.penalty_kinds = (PENALTY_FINE,)
                visit.extra_measures = (
                    EXTRA_MEASURES[int(rand() * len(EXTRA_MEASURES))] if rand() < 0.3 else ""
                )
                visit.follow_up_due = date.fromordinal(day + (30, 45, 60)[int(rand() * 3)])
            elif rand() < 0.5:
                visit.follow_up_due = date.fromordinal(day + 60)
        visit.checklist = checklist

    def _free_day(self, business_id: int, first: int, last: int) -> int | None:
        """A random day (ordinal) in [first, last] booked for the business, or None when the range is empty
        or the business already has a visit that day."""
        if first > last:
            return None
        day = first + int(self._rand() * (last - first + 1))
        return day if self._free(business_id, day) else None

    def _free(self, business_id: int, day: int) -> bool:
        """Whether the business has no visit that day yet (and books it)."""
        key = (business_id, day)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def _last_day(self, business: InspectedBusiness) -> int:
        """The last day the business can be visited: today, or the day before it closed or paused."""
        if business.status != "active" and business.status_since is not None:
            return min(self._today.toordinal(), business.status_since.toordinal() - 1)
        return self._today.toordinal()

    def visits(self, businesses: Sequence[InspectedBusiness], rounds: Sequence[DemoRound]) -> list[DemoVisit]:
        """The visits of `businesses` in `rounds` (as `rounds()` made them) and on their own, in date order
        (a follow-up comes after the visit it follows up)."""
        rand = self._rand
        today = self._today.toordinal()
        communes = max([len(self._communes), 1, *(b.commune_index + 1 for b in businesses)])
        done = self._periodic(businesses, rounds, communes) + self._surprise(businesses)
        # A small office still shows every result at least once.
        for result in (RESULT_REMINDER, RESULT_PENALTY, RESULT_REFERRAL):
            if not any(v.result == result for v in done):
                spare = [v for v in done if v.result == RESULT_NONE and v.visit_date.toordinal() < today - 90]
                if spare:
                    self._apply(spare[-1], result)
        by_id = {b.id: b for b in businesses}
        # Of the follow-ups due by today the earliest was made and the latest is overdue; others by chance.
        past_due = sorted(
            (v for v in done if v.follow_up_due is not None and v.follow_up_due.toordinal() < today),
            key=lambda v: v.follow_up_due or date.min,
        )
        chances = {v: 0.7 for v in past_due[1:-1]}
        chances.update({past_due[0]: 1.0, past_due[-1]: 0.0} if past_due else {})
        later: list[DemoVisit] = []
        for visit in done:
            if visit.follow_up_due is None:
                continue
            due = visit.follow_up_due.toordinal()
            first = visit.visit_date.toordinal() + 14
            last = min(due + 20, self._last_day(by_id[visit.business_id]))
            if rand() < chances.get(visit, 0.15) and first <= last:
                day = first + int(rand() * (last - first + 1))
                if self._free(visit.business_id, day):
                    follow_up = DemoVisit(
                        visit.business_id,
                        None,
                        date.fromordinal(day),
                        self._day_time(),
                        KIND_FOLLOW_UP,
                        RESULT_NONE,
                        members_present=visit.members_present,
                        follows_up=visit,
                    )
                    self._apply(follow_up, RESULT_NONE if rand() < 0.8 else RESULT_REMINDER)
                    later.append(follow_up)
            elif today <= due <= today + 21 and last == today and rand() < 0.6:
                day = today + 1 + int(rand() * min(due - today, 10))
                if self._free(visit.business_id, day):
                    later.append(
                        DemoVisit(
                            visit.business_id,
                            None,
                            date.fromordinal(day),
                            self._day_time(),
                            KIND_FOLLOW_UP,
                            RESULT_PLANNED,
                            members_present=visit.members_present,
                            follows_up=visit,
                        )
                    )
        visits = done + later + self._planned(businesses, rounds, done)
        visits.sort(key=lambda v: (v.visit_date, v.visit_time or _MIDNIGHT, v.business_id))
        self._number(visits)
        return visits

    def _periodic(
        self, businesses: Sequence[InspectedBusiness], rounds: Sequence[DemoRound], communes: int
    ) -> list[DemoVisit]:
        rand = self._rand
        # Per year: the share visited, and per commune the rounds that may visit it, with cumulative lengths.
        years: list[tuple[float, list[tuple[list[int], list[int]]]]] = []
        for year in sorted({r.year for r in rounds}):
            options: list[tuple[list[int], list[int]]] = []
            for commune in range(communes):
                indexes, weights, total = [], [], 0
                for index, r in enumerate(rounds):
                    if r.year == year and (not r.commune_indexes or commune in r.commune_indexes):
                        # A round over a few communes goes through them more thoroughly.
                        total += ((r.ends_on - r.starts_on).days + 1) * (4 if r.commune_indexes else 1)
                        indexes.append(index)
                        weights.append(total)
                options.append((indexes, weights))
            years.append((0.25 + 0.1 * rand(), options))
        spans = [(r.starts_on.toordinal(), r.ends_on.toordinal()) for r in rounds]
        visits: list[DemoVisit] = []
        for business in businesses:
            registered = business.registered.toordinal()
            stop = self._last_day(business)
            for share, options in years:
                if rand() >= share:
                    continue
                indexes, weights = options[business.commune_index]
                if not indexes:
                    continue
                pick = rand() * weights[-1]
                index = indexes[next(i for i, w in enumerate(weights) if pick < w)]
                starts, ends = spans[index]
                first, last = max(starts, registered + 1), min(ends, stop)
                day = self._free_day(business.id, first, last)
                if day is None:
                    continue
                visit = DemoVisit(
                    business.id,
                    index,
                    date.fromordinal(day),
                    self._day_time(),
                    KIND_PERIODIC,
                    RESULT_NONE,
                    members_present=self._crew(rounds[index].members),
                )
                self._apply(visit, self._periodic_result())
                visits.append(visit)
        return visits

    def _surprise(self, businesses: Sequence[InspectedBusiness]) -> list[DemoVisit]:
        rand = self._rand
        risky = [b for b in businesses if b.type_code in RISKY_TYPES] or list(businesses)
        if not risky:
            return []
        team = self._pool(self._main_level)
        visits: list[DemoVisit] = []
        for year in range(self._today.year - 2, self._today.year + 1):
            for _ in range(max(1, round(len(businesses) * 0.015))):
                business = risky[int(rand() * len(risky))]
                first = max(date(year, 1, 1).toordinal(), business.registered.toordinal() + 1)
                last = min(date(year, 12, 31).toordinal(), self._last_day(business))
                day = self._free_day(business.id, first, last)
                if day is None:
                    continue
                visit = DemoVisit(
                    business.id,
                    None,
                    date.fromordinal(day),
                    self._night_time(),
                    KIND_SURPRISE,
                    RESULT_NONE,
                    members_present=self._crew(team),
                )
                self._apply(visit, self._surprise_result())
                visits.append(visit)
        return visits

    def _planned(
        self, businesses: Sequence[InspectedBusiness], rounds: Sequence[DemoRound], done: Sequence[DemoVisit]
    ) -> list[DemoVisit]:
        """A couple of visits of the round under way, planned in the coming days."""
        today = self._today.toordinal()
        ongoing = [i for i, r in enumerate(rounds) if r.ends_on.toordinal() > today and not r.commune_indexes]
        if not ongoing or not businesses:
            return []
        index = ongoing[-1]
        round_ = rounds[index]
        visited = {v.business_id for v in done if v.visit_date.year == self._today.year}
        last = min(today + 10, round_.ends_on.toordinal())
        wanted = min(2 + len(businesses) // 150, 40)
        visits: list[DemoVisit] = []
        for _ in range(wanted * 10):
            if len(visits) >= wanted:
                break
            business = businesses[int(self._rand() * len(businesses))]
            if business.id in visited or business.status != "active":
                continue
            day = today + 1 + int(self._rand() * (last - today))
            if self._free(business.id, day):
                visited.add(business.id)
                visits.append(
                    DemoVisit(
                        business.id,
                        index,
                        date.fromordinal(day),
                        self._day_time(),
                        KIND_PERIODIC,
                        RESULT_PLANNED,
                        members_present=self._crew(round_.members),
                    )
                )
        return visits

    @staticmethod
    def _number(visits: Sequence[DemoVisit]) -> None:
        """Minutes and decision numbers by year in date order; follow-ups name the decision they check."""
        minutes: dict[int, int] = {}
        decisions: dict[int, int] = {}
        for visit in visits:
            original = visit.follows_up
            if original is not None:
                if original.decision_number:
                    visit.notes = f"{FOLLOW_UP_NOTE} {original.decision_number}"
                else:
                    visit.notes = REFERRAL_FOLLOW_UP_NOTE
            if visit.result == RESULT_PLANNED:
                continue
            year = visit.visit_date.year
            minutes[year] = minutes.get(year, 0) + 1
            visit.minutes_number = f"{minutes[year]}/BB-KT"
            if visit.decision_date is not None:
                year = visit.decision_date.year
                decisions[year] = decisions.get(year, 0) + 1
                visit.decision_number = unicodedata.normalize("NFC", f"{decisions[year]}/QĐ-XPHC")

    # ---- Hot-spots
    def hotspots(self) -> list[DemoHotspot]:
        """3–5 hot-spots found over the last three years; the first eliminated, the second still watched."""
        rand = self._rand
        if not self._communes:
            return []
        today = self._today.toordinal()
        places = self._rng.sample(HOTSPOT_PLACES, 3 + int(rand() * 3))
        result: list[DemoHotspot] = []
        for i, place in enumerate(places):
            found = today - 45 - int(rand() * 900)
            eliminated = None
            if i == 0 or (i > 1 and rand() < 0.5):
                eliminated = date.fromordinal(min(found + 30 + int(rand() * 300), today - 1))
            result.append(
                DemoHotspot(
                    place,
                    int(rand() * len(self._communes)),
                    date.fromordinal(found),
                    eliminated,
                    ELIMINATED_NOTE if eliminated else WATCHED_NOTE,
                )
            )
        return result
