"""Deterministic, realistic synthetic data of the registers: businesses, commitment signings, inspections
(no I/O)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import NamedTuple

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


def _nfc(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", s) for s in items)


SURNAMES = _nfc(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Vũ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lò",
        "Cầm",
        "Quàng",
        "Lường",
        "Hà",
        "Đinh",
        "Mai",
        "Tòng",
    ]
)
SURNAME_WEIGHTS = (30, 11, 9, 7, 5, 4, 3, 3, 3, 2, 2, 2, 3, 2, 2, 2, 2, 1, 1, 1)
MIDDLE_MALE = _nfc(["Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Công", "Thanh", "Ngọc"])
MIDDLE_FEMALE = _nfc(["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Minh"])
GIVEN_MALE = _nfc(
    [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đông",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Mạnh",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Toàn",
        "Tuấn",
        "Việt",
        "Vinh",
        "Xuân",
    ]
)
GIVEN_FEMALE = _nfc(
    [
        "Anh",
        "Bích",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Nhung",
        "Oanh",
        "Phương",
        "Thảo",
        "Trang",
        "Uyên",
        "Yến",
    ]
)
BRANDS = _nfc(
    [
        "Hoàng Long",
        "Thanh Bình",
        "Hoa Ban",
        "Tây Bắc",
        "Sao Mai",
        "Phương Nam",
        "Hương Sen",
        "Bình An",
        "Ánh Dương",
        "Tình Ca",
        "Thảo Nguyên",
        "Đức Hưng",
        "Hải Yến",
        "Mường Thanh",
        "Ngọc Lan",
        "Hồng Hà",
        "Sơn Trà",
        "Thu Hà",
        "Bảo Anh",
        "Phú Quý",
        "Hạnh Phúc",
        "Gió Núi",
        "Cao Nguyên",
        "Mộc Châu",
        "Hoàng Gia",
        "Kim Ngân",
        "Minh Châu",
        "Hà My",
        "Trăng Xanh",
        "Góc Phố",
        "Suối Mơ",
        "An Khang",
        "Thành Đạt",
        "Vạn Xuân",
        "Hoa Mai",
        "Tuổi Hồng",
        "Ban Mai",
        "Hương Rừng",
        "Bản Hoa",
        "Đồi Chè",
    ]
)
STREETS = _nfc(
    [
        "Tô Hiệu",
        "Chu Văn Thịnh",
        "Lê Lợi",
        "Trần Hưng Đạo",
        "Nguyễn Lương Bằng",
        "Hoàng Văn Thụ",
        "Lò Văn Giá",
        "Trường Chinh",
        "Điện Biên",
        "Quốc lộ 6",
        "Quốc lộ 4G",
        "Tỉnh lộ 110",
    ]
)
VILLAGES = _nfc(
    [
        "Bản Nà Sản",
        "Bản Hát Sét",
        "Tiểu khu 5",
        "Tiểu khu 12",
        "Bản Mé",
        "Bản Cọ",
        "Thôn Đông",
        "Bản Hụm",
        "Tiểu khu Thành Công",
        "Bản Nong Lay",
        "Bản Sẳng",
        "Tiểu khu 3",
    ]
)
NOTES = _nfc(
    [
        "Gần trường học",
        "Đã nhắc nhở về đăng ký tạm trú",
        "Chủ cơ sở mới thay đổi",
        "Kinh doanh theo mùa",
        "Có biển hiệu chưa đúng tên đăng ký",
    ]
)
ID_PROVINCES = ("014", "014", "014", "001", "022", "025", "030", "038", "040", "079")

# code: (type word, weight, rooms range or None, employees range, licence kind)
TYPES: dict[str, tuple[str, int, tuple[int, int] | None, tuple[int, int], str]] = {
    "KS": ("Khách sạn", 8, (15, 80), (5, 40), "antt"),
    "NN": ("Nhà nghỉ", 25, (5, 20), (1, 8), "antt"),
    "NT": ("Nhà trọ", 15, (4, 30), (1, 4), "antt"),
    "KAR": ("Karaoke", 15, (3, 20), (2, 20), "karaoke"),
    "BAR": ("Quán bar", 2, None, (5, 30), "antt"),
    "MSG": ("Massage", 8, None, (2, 15), "antt"),
    "CF": ("Cà phê", 10, None, (1, 8), ""),
    "CTG": ("Cắt tóc gội đầu", 7, None, (1, 6), ""),
    "NH": ("Nhà hàng", 8, None, (3, 25), ""),
    "KHAC": ("Cơ sở", 2, None, (1, 10), ""),
}
# Prefixes whose whole 7-digit range is allocated (phonenumbers accepts every number in it).
MOBILE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "056",
    "058",
    "059",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "087",
    "088",
    "090",
    "091",
    "092",
    "093",
    "094",
    "096",
    "097",
    "098",
)


@dataclass(frozen=True, slots=True)
class DemoBusiness:
    name: str
    type_code: str
    commune_index: int
    address: str
    owner_name: str
    owner_sex: str
    owner_birth_year: int
    owner_id_number: str
    owner_phone: str
    registration_number: str
    registration_date: date
    rooms: int | None
    employees_total: int
    employees_female: int
    status: str
    status_since: date | None
    complex_area: bool
    sub_licences: str
    notes: str


def _cccd(rng: random.Random, sex: str, birth_year: int) -> str:
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if sex == "nữ" else 0)
    return f"{rng.choice(ID_PROVINCES)}{digit}{birth_year % 100:02d}{rng.randrange(1_000_000):06d}"


def generate_businesses(
    n: int, *, seed: int, type_codes: Sequence[str], commune_count: int, today: date
) -> Iterator[DemoBusiness]:
    """`n` businesses, identical for the same arguments; registration numbers unique within the run."""
    if n <= 0 or not type_codes or commune_count <= 0:
        return
    rng = random.Random(seed)
    codes = list(type_codes)
    weights = [TYPES.get(code, ("Cơ sở", 2, None, (1, 10), ""))[1] for code in codes]
    commune_weights = [rng.paretovariate(1.5) for _ in range(commune_count)]
    start = date(2005, 1, 1)
    span = max((today - start).days, 1)
    used_numbers: set[str] = set()
    for _ in range(n):
        code = rng.choices(codes, weights)[0]
        word, _, rooms_range, staff_range, licence = TYPES.get(code, ("Cơ sở", 2, None, (1, 10), ""))
        sex = "nữ" if rng.random() < 0.45 else "nam"
        middle = rng.choice(MIDDLE_FEMALE if sex == "nữ" else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if sex == "nữ" else GIVEN_MALE)
        owner = f"{rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]} {middle} {given}"
        pattern = rng.random()
        if pattern < 0.45:
            brand = rng.choice(BRANDS)
        elif pattern < 0.7:  # named after the owner or a child: "Nhà nghỉ Thu Hà"
            brand = f"{rng.choice(GIVEN_FEMALE + GIVEN_MALE)} {rng.choice(GIVEN_FEMALE + GIVEN_MALE)}"
        elif pattern < 0.85:  # two brand words: "Hoàng Long Tây Bắc"
            brand = f"{rng.choice(BRANDS)} {rng.choice(BRANDS).split()[-1]}"
        else:  # a number or a place: "Karaoke 68", "Nhà nghỉ Bản Mé"
            brand = (
                str(rng.choice((68, 86, 79, 99, 88, 2000, 365, 24)))
                if rng.random() < 0.2
                else rng.choice(VILLAGES)
            )
        suffix = f" {rng.randint(2, 5)}" if rng.random() < 0.08 else ""
        birth_year = rng.randint(1955, 2003)
        roll = rng.random()
        if roll < 0.05:
            id_number = ""
        elif roll < 0.15:
            id_number = f"{rng.randrange(10**8, 10**9)}"
        else:
            id_number = _cccd(rng, sex, birth_year)
        phone = "" if rng.random() < 0.05 else f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
        while True:
            number = (
                f"24A8{rng.randrange(10**6):06d}" if rng.random() < 0.8 else f"55{rng.randrange(10**8):08d}"
            )
            if number not in used_numbers:
                used_numbers.add(number)
                break
        registered = start + timedelta(days=rng.randrange(span))
        status_roll = rng.random()
        status, since = "active", None
        if status_roll > 0.85:
            status = "suspended" if status_roll < 0.92 else "closed"
            since = registered + timedelta(days=rng.randrange(max((today - registered).days, 1)))
        staff = rng.randint(*staff_range)
        address = (
            f"Số {rng.randint(1, 250)}, đường {rng.choice(STREETS)}, tổ {rng.randint(1, 15)}"
            if rng.random() < 0.55
            else rng.choice(VILLAGES)
        )
        if licence == "karaoke":
            licences = f"Giấy phép đủ điều kiện kinh doanh karaoke số {rng.randint(1, 300)}/GP-UBND"
        elif licence == "antt":
            licences = f"Giấy chứng nhận đủ điều kiện về ANTT số {rng.randint(1, 900)}/GCN-ANTT"
        else:
            licences = ""
        yield DemoBusiness(
            name=f"{word} {brand}{suffix}",
            type_code=code,
            commune_index=rng.choices(range(commune_count), commune_weights)[0],
            address=address,
            owner_name=owner,
            owner_sex=sex,
            owner_birth_year=birth_year,
            owner_id_number=id_number,
            owner_phone=phone,
            registration_number=number,
            registration_date=registered,
            rooms=rng.randint(*rooms_range) if rooms_range else None,
            employees_total=staff,
            employees_female=rng.randint(0, staff),
            status=status,
            status_since=since,
            complex_area=rng.random() < 0.05,
            sub_licences=licences,
            notes=rng.choice(NOTES) if rng.random() < 0.08 else "",
        )


# ---- Commitment signings, employees and their counts
EMPLOYEE_POSITIONS: dict[str, tuple[str, ...]] = {
    "KS": _nfc(["Lễ tân", "Buồng phòng", "Bảo vệ", "Quản lý", "Phục vụ"]),
    "NN": _nfc(["Lễ tân", "Buồng phòng", "Bảo vệ"]),
    "NT": _nfc(["Quản lý", "Buồng phòng"]),
    "KAR": _nfc(["Phục vụ", "Thu ngân", "Kỹ thuật âm thanh", "Bảo vệ", "Pha chế"]),
    "BAR": _nfc(["Phục vụ", "Pha chế", "Thu ngân", "Bảo vệ"]),
    "MSG": _nfc(["Kỹ thuật viên", "Lễ tân", "Thu ngân"]),
    "CF": _nfc(["Pha chế", "Phục vụ", "Thu ngân"]),
    "CTG": _nfc(["Thợ cắt tóc", "Nhân viên gội đầu"]),
    "NH": _nfc(["Phục vụ", "Đầu bếp", "Thu ngân", "Phụ bếp"]),
}
DEFAULT_POSITIONS = _nfc(["Nhân viên"])
(CHAIR, VICE_CHAIR, OWNER_CHANGED, RESIGNED_NOTE, OPEN_ENDED_NOTE, MONTHS_NOTE, DUPLICATE_NOTE) = _nfc(
    [
        "Chủ tịch UBND",
        "Phó Chủ tịch UBND",
        "Thay đổi chủ cơ sở",
        "Ký lại do thay đổi chủ cơ sở",
        "Hiệu lực đến khi thay đổi chủ cơ sở",
        "Hiệu lực 12 tháng kể từ ngày ký",
        "Nhập trùng",
    ]
)
# Surnames repeated by weight, so that one random() picks one (much faster than choices()).
_SURNAME_POOL = tuple(
    name for name, weight in zip(SURNAMES, SURNAME_WEIGHTS, strict=True) for _ in range(weight)
)


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
    for word in _nfc(["thị trấn", "phường", "đặc khu"]):
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
        return f"{self._pick(_SURNAME_POOL)} {middle} {given}", female

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


# ---- Inspections: rounds, visits and their follow-ups, hot-spots
RISKY_TYPES = frozenset({"KAR", "MSG", "NN", "NT", "BAR", "KS"})
TEAM = unicodedata.normalize("NFC", "Đội kiểm tra liên ngành 178")
# Roles by team level: the leader first.
ROLES: dict[str, tuple[str, ...]] = {
    LEVEL_PROVINCE: _nfc(
        [
            "Phó Giám đốc Sở Y tế, Đội trưởng",
            "Công an {place}, Đội phó",
            "Sở Y tế",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Công Thương",
            "Công an {place}",
        ]
    ),
    LEVEL_DISTRICT: _nfc(
        [
            "Phó Trưởng phòng Văn hóa – Xã hội, Đội trưởng",
            "Công an {place}, Đội phó",
            "Phòng Văn hóa – Xã hội",
            "Trung tâm Y tế {place}",
            "Đội Quản lý thị trường",
            "Phòng Kinh tế – Hạ tầng",
            "Công an {place}",
        ]
    ),
    LEVEL_COMMUNE: _nfc(
        [
            "Phó Chủ tịch UBND {place}, Đội trưởng",
            "Công an {place}, Đội phó",
            "Công chức Văn hóa – Xã hội",
            "Trạm Y tế {place}",
            "Công an {place}",
        ]
    ),
}
SEASON_NOTES = _nfc(
    [
        "Kiểm tra trước, trong và sau Tết Nguyên đán",  # January
        "Kiểm tra trước, trong và sau Tết Nguyên đán",
        "",
        "Kiểm tra dịp 30/4 – 1/5",
        "",
        "Kiểm tra trong dịp hè",
        "Kiểm tra trong dịp hè",
        "Kiểm tra dịp Quốc khánh 2/9",
        "Kiểm tra dịp Quốc khánh 2/9",
        "",
        "Kiểm tra dịp cuối năm",
        "Kiểm tra dịp cuối năm",  # December
    ]
)
NO_FINDINGS = _nfc(["Cơ sở chấp hành đúng các quy định; không phát hiện vi phạm."])[0]
PROBLEM_TEXT = dict(
    zip(
        (
            "owner_commitment",
            "employee_commitments",
            "labour_contracts",
            "employee_registration",
            "health_checks",
            "security_fire",
        ),
        _nfc(
            [
                "chưa ký bản cam kết của chủ cơ sở năm nay",
                "còn người lao động chưa ký bản cam kết",
                "chưa ký hợp đồng lao động với một số người lao động",
                "chưa đăng ký tạm trú cho người lao động",
                "chưa tổ chức khám sức khỏe định kỳ cho người lao động",
                "sổ theo dõi khách lưu trú chưa cập nhật, thiếu bình chữa cháy",
            ]
        ),
        strict=True,
    )
)
_PROBLEMS = tuple(PROBLEM_TEXT)
(
    CORRECT_NOTE,
    PENALTY_FINDINGS,
    REFERRAL_FINDINGS,
    FOLLOW_UP_NOTE,
    REFERRAL_FOLLOW_UP_NOTE,
    ELIMINATED_NOTE,
    WATCHED_NOTE,
) = _nfc(
    [
        "Đã nhắc nhở chủ cơ sở khắc phục trong 15 ngày.",
        "Phát hiện hành vi mua bán dâm tại cơ sở; lập biên bản vi phạm hành chính.",
        "Có dấu hiệu chứa, môi giới mại dâm; chuyển hồ sơ cho Công an xử lý theo thẩm quyền.",
        "Hậu kiểm việc chấp hành Quyết định xử phạt số",
        "Hậu kiểm sau khi chuyển hồ sơ cho Công an",
        "Đã phối hợp Công an xã giải tỏa; duy trì tuần tra, kiểm tra định kỳ.",
        "Đang theo dõi; tăng cường tuần tra vào buổi tối.",
    ]
)
EXTRA_MEASURES = _nfc(
    [
        "Đình chỉ hoạt động kinh doanh 03 tháng",
        "Tước quyền sử dụng giấy chứng nhận đủ điều kiện về ANTT 06 tháng",
        "Buộc nộp lại số lợi bất hợp pháp",
    ]
)
HOTSPOT_PLACES = _nfc(
    [
        "Khu vực bãi đất trống phía sau chợ trung tâm",
        "Dãy quán cà phê võng ven Quốc lộ 6",
        "Khu nhà trọ ven suối, tiểu khu 12",
        "Khu vực bờ hồ và vườn hoa trung tâm",
        "Các quán karaoke cuối đường Tô Hiệu",
        "Khu vực bến xe khách",
    ]
)


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
        surname = _SURNAME_POOL[int(rand() * len(_SURNAME_POOL))]
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
