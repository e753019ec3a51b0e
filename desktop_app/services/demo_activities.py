"""Synthetic commune activities for the demo office: communication events in most communes, a few training
classes, and the yearly «xã, phường lành mạnh» status; deterministic for a seed and a day."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from desktop_app.domain.activities import (
    FORM_CONFERENCE,
    FORM_LEAFLET,
    FORM_LOUDSPEAKER,
    FORM_ONLINE,
    FORM_PANEL,
    FORM_PERFORMANCE,
    CommunicationInput,
    HealthyStatusInput,
    TrainingInput,
)

# (form, title, (fewest, most) participants: 0 where nobody is counted)
EVENT_KINDS: tuple[tuple[str, str, tuple[int, int]], ...] = (
    (FORM_CONFERENCE, "Hội nghị tuyên truyền phòng, chống mại dâm gắn với phòng, chống ma túy", (40, 150)),
    (FORM_CONFERENCE, "Tuyên truyền pháp luật về phòng, chống mại dâm tại nhà văn hóa bản", (30, 90)),
    (FORM_LOUDSPEAKER, "Phát thanh chuyên mục phòng, chống tệ nạn xã hội trên loa truyền thanh", (0, 0)),
    (FORM_PANEL, "Treo pa-nô, băng rôn «Nói không với tệ nạn mại dâm»", (0, 0)),
    (FORM_LEAFLET, "Phát tờ rơi cho chủ cơ sở kinh doanh dịch vụ dễ bị lợi dụng", (50, 400)),
    (FORM_PERFORMANCE, "Văn nghệ, sân khấu hóa phòng, chống mại dâm, mua bán người", (150, 500)),
    (FORM_ONLINE, "Đăng tin tuyên truyền trên trang thông tin điện tử và nhóm Zalo của xã", (0, 0)),
)
TRAINING_TITLES = (
    ("Tập huấn nghiệp vụ phòng, chống mại dâm cho cán bộ cấp xã", "Sở Y tế"),
    ("Tập huấn kỹ năng hỗ trợ người bán dâm hòa nhập cộng đồng", "Phòng Văn hóa – Xã hội"),
    ("Tập huấn công tác kiểm tra cơ sở kinh doanh dịch vụ dễ bị lợi dụng", "Đội kiểm tra liên ngành 178"),
    ("Tập huấn kỹ năng truyền thông cho tuyên truyền viên cơ sở", "Trung tâm Văn hóa – Thông tin"),
)


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
