"""Generated commune activities for the demo office: communication events in most communes, a few training
classes, and the yearly «xã, phường lành mạnh» status; deterministic for a seed and a day
(no I/O but the word lists of resources/demo/activities.json)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from desktop_app.demo import words
from desktop_app.domain.activities import (
    FORM_LABELS,
    CommunicationInput,
    HealthyStatusInput,
    TrainingInput,
)

# (form, title, (fewest, most) participants: 0 where nobody is counted)
EVENT_KINDS: tuple[tuple[str, str, tuple[int, int]], ...] = tuple(
    (str(e["form"]), str(e["title"]), (int(e["participants"][0]), int(e["participants"][1])))
    for e in words.records("activities", "events")
)
# (title, organiser)
TRAINING_TITLES: tuple[tuple[str, str], ...] = tuple(
    (str(t["title"]), str(t["organiser"])) for t in words.records("activities", "trainings")
)
if unknown := {form for form, _, _ in EVENT_KINDS} - set(FORM_LABELS):
    raise ValueError(f"resources/demo/activities.json: unknown forms {sorted(unknown)}")


def generate_activities(
    seed: int, today: date, commune_ids: Sequence[int]
) -> tuple[list[CommunicationInput], list[TrainingInput], list[HealthyStatusInput]]:
    """Two years of activities up to `today`: each year about four communes in five hold events (2–6
    each), three or four training classes, and most communes registered, about half recognised the year
    before."""
    rng = random.Random(f"activities-{seed}")
    events: list[CommunicationInput] = []
    trainings: list[TrainingInput] = []
    statuses: list[HealthyStatusInput] = []
    if not commune_ids:
        return events, trainings, statuses
    for year in (today.year - 1, today.year):
        first = date(year, 1, 2)
        last = min(date(year, 12, 28), today)
        days = (last - first).days
        if days < 0:
            continue
        for commune_id in commune_ids:
            if rng.random() < 0.8:
                for _ in range(rng.randint(2, 6)):
                    form, title, (low, high) = rng.choice(EVENT_KINDS)
                    events.append(
                        CommunicationInput(
                            commune_id,
                            first + timedelta(days=rng.randint(0, days)),
                            form,
                            title,
                            rng.randint(low, high) if high else 0,
                        )
                    )
            registered = rng.random() < 0.85
            recognised = registered and year < today.year and rng.random() < 0.55
            if registered:
                decided = date(year, 12, rng.randint(10, 28)) if recognised else None
                statuses.append(
                    HealthyStatusInput(
                        commune_id,
                        year,
                        True,
                        recognised,
                        f"{rng.randint(100, 999)}/QĐ-UBND" if recognised else "",
                        decided,
                    )
                )
        for title, organiser in rng.sample(TRAINING_TITLES, rng.randint(3, 4)):
            in_commune = rng.random() < 0.3
            trainings.append(
                TrainingInput(
                    first + timedelta(days=rng.randint(0, days)),
                    title,
                    organiser,
                    rng.randint(15, 60),
                    rng.choice(list(commune_ids)) if in_commune else None,
                )
            )
    return events, trainings, statuses
