"""Generated businesses: names, owners, addresses, licences and status, from a seed (no I/O but the word
lists of resources/demo/people.json and businesses.json)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.demo import words

# People's names, shared by owners, employees, signers and inspection teams.
_SURNAMES = tuple((name, weight) for name, weight in words.load("people")["surnames"])
SURNAMES = tuple(name for name, _ in _SURNAMES)
SURNAME_WEIGHTS = tuple(int(weight) for _, weight in _SURNAMES)
MIDDLE_MALE = words.texts("people", "middle_male")
MIDDLE_FEMALE = words.texts("people", "middle_female")
GIVEN_MALE = words.texts("people", "given_male")
GIVEN_FEMALE = words.texts("people", "given_female")
# Surnames repeated by weight, so that one random() picks one (much faster than choices()).
SURNAME_POOL = tuple(
    name for name, weight in zip(SURNAMES, SURNAME_WEIGHTS, strict=True) for _ in range(weight)
)
BRANDS = words.texts("businesses", "brands")
STREETS = words.texts("businesses", "streets")
VILLAGES = words.texts("businesses", "villages")
NOTES = words.texts("businesses", "notes")
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
