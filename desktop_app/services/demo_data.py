"""Deterministic, realistic synthetic business-register data (no I/O)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple


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
