"""The official administrative-unit lists bundled with the app, read offline.

2025 two-tier list (34 provinces, 3,321 communes): package `vietnam-provinces`.
Pre-2025 three-tier list (63 provinces, districts, communes): resources/admin_units/legacy_units.csv.
Old commune → new commune(s): resources/admin_units/legacy_to_2025.csv.
Both files are made from the package `vietnamadminunits` (a development dependency, not shipped) by the
scripts beside them, and tests/unit/test_admin_units_conversion.py checks that they still write them.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop_app.paths import resource


@dataclass(frozen=True, slots=True)
class AdminUnit:
    code: str  # official code, zero-padded: "01", "125", "04105"
    name: str  # full official name with its prefix: "Tỉnh Sơn La", "Huyện Mai Sơn", "Thị trấn Hát Lót"


_PREFIXES = re.compile(r"^(tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?)\s+")


def _key(name: str) -> str:
    text = unicodedata.normalize("NFD", name.casefold().replace("đ", "d"))
    text = " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())
    return _PREFIXES.sub("", text)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


# ---- 2025 list
@cache
def _new_tree() -> dict[str, tuple[AdminUnit, tuple[AdminUnit, ...]]]:
    import vietnam_provinces  # on first use: its code tables take a noticeable part of the start-up

    path = Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
    data = json.loads(path.read_text(encoding="utf-8"))
    tree: dict[str, tuple[AdminUnit, tuple[AdminUnit, ...]]] = {}
    for province in data:
        code = f"{int(province['code']):02d}"
        wards = tuple(
            sorted(
                (AdminUnit(f"{int(w['code']):05d}", _nfc(w["name"])) for w in province.get("wards", [])),
                key=lambda u: u.code,
            )
        )
        name = _nfc(province["name"])
        if not name.startswith(("Tỉnh ", "Thành phố ")):
            name = ("Thành phố " if "thành phố" in str(province.get("division_type", "")) else "Tỉnh ") + name
        tree[code] = (AdminUnit(code, name), wards)
    return dict(sorted(tree.items()))


def provinces_2025() -> list[AdminUnit]:
    return [province for province, _ in _new_tree().values()]


def communes_2025(province_code: str) -> list[AdminUnit]:
    entry = _new_tree().get(province_code)
    return list(entry[1]) if entry else []


def find_province_2025(name: str) -> AdminUnit | None:
    wanted = _key(name)
    return next((p for p in provinces_2025() if _key(p.name) == wanted), None)


# ---- Pre-2025 list
@cache
def _legacy_rows() -> tuple[tuple[str, str, str, str, str, str], ...]:
    """legacy_units.csv read once: (province code, name, district code, name, commune code, name) per commune;
    an island district without communes has one row with an empty commune."""
    path = resource("admin_units", "legacy_units.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # the header
        return tuple((p, pn, d, dn, c, cn) for p, pn, d, dn, c, cn in reader)


@cache
def provinces_legacy_cached() -> tuple[AdminUnit, ...]:
    units = {code: AdminUnit(code, name) for code, name, *_ in _legacy_rows()}
    return tuple(sorted(units.values(), key=lambda u: u.code))


def provinces_legacy() -> list[AdminUnit]:
    return list(provinces_legacy_cached())


def districts_legacy(province_code: str) -> list[AdminUnit]:
    units = {
        d_code: AdminUnit(d_code, d_name)
        for p, _, d_code, d_name, _, _ in _legacy_rows()
        if p == province_code
    }
    return sorted(units.values(), key=lambda u: u.code)


def communes_legacy(province_code: str, district_code: str) -> list[AdminUnit]:
    units = {
        w_code: AdminUnit(w_code, w_name)
        for p, _, d, _, w_code, w_name in _legacy_rows()
        if p == province_code and d == district_code and w_code
    }
    return sorted(units.values(), key=lambda u: u.code)


def find_province_legacy(name: str) -> AdminUnit | None:
    wanted = _key(name)
    return next((p for p in provinces_legacy() if _key(p.name) == wanted), None)


def find_district_legacy(province_code: str, name: str) -> AdminUnit | None:
    wanted = _key(name)
    return next((d for d in districts_legacy(province_code) if _key(d.name) == wanted), None)


# ---- Old communes → 2025 communes
@dataclass(frozen=True, slots=True)
class Succession:
    legacy_code: str
    legacy_name: str
    legacy_province_code: str
    successors: tuple[AdminUnit, ...]  # the package's default first; several = the commune was split


@cache
def _successions() -> dict[str, Succession]:
    """legacy_to_2025.csv read once: legacy commune code → its successors in the 2025 list."""
    path = resource("admin_units", "legacy_to_2025.csv")
    grouped: dict[str, tuple[str, str, list[tuple[bool, AdminUnit]]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = grouped.setdefault(
                row["legacy_commune_code"], (row["legacy_commune_name"], row["legacy_province_code"], [])
            )
            unit = AdminUnit(row["commune_2025_code"], row["commune_2025_name"])
            entry[2].append((row["default"] == "1", unit))
    return {
        code: Succession(
            code,
            name,
            province,
            tuple(u for _, u in sorted(units, key=lambda item: (not item[0], item[1].code))),
        )
        for code, (name, province, units) in grouped.items()
    }


def successors_2025(legacy_commune_code: str) -> list[AdminUnit]:
    """The 2025 communes an old commune's territory went to (several = split; [] = no conversion data)."""
    succession = _successions().get(legacy_commune_code)
    return list(succession.successors) if succession else []


@cache
def _province_2025_of_commune() -> dict[str, str]:
    return {unit.code: code for code, (_, wards) in _new_tree().items() for unit in wards}


def province_2025_of(commune_2025_code: str) -> str:
    """The code of the 2025 province a 2025 commune belongs to ("" when the code is not in the list)."""
    return _province_2025_of_commune().get(commune_2025_code, "")


def provinces_2025_for_legacy(legacy_province_code: str) -> list[str]:
    """The 2025 provinces that took over communes of an old province (codes, sorted)."""
    found = {
        province_2025_of(unit.code)
        for succession in _successions().values()
        if succession.legacy_province_code == legacy_province_code
        for unit in succession.successors
    }
    return sorted(code for code in found if code)
