"""Write legacy_units.csv: the pre-2025 three-tier list (63 provinces, their districts and communes), with
codes and official names, which the app reads for its old-list pickers (desktop_app/storage/admin_units.py).

Source: the package `vietnamadminunits` 1.0.4 (https://github.com/tranngocminhhieu/vietnamadminunits, MIT
licence, copyright (c) 2025 Tran Ngoc Minh Hieu), through its public `vietnamadminunits.database.get_data`
(table admin_units_legacy). The package is a development dependency only: the app ships this file instead
of the package, its data file and its numerical and geographic dependencies.

Names are NFC and trimmed. Island districts without communes (Côn Đảo, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý
Sơn) have one row with an empty commune code and name, so that they are still listed as districts.

Run from the repository root with the project's environment:
    .venv/bin/python resources/admin_units/make_legacy_units.py
tests/unit/test_admin_units_conversion.py checks that the file is what this script writes.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "legacy_units.csv"
FIELDS = ("provinceCode", "province", "districtCode", "district", "wardCode", "ward")
HEADER = ("province_code", "province_name", "district_code", "district_name", "commune_code", "commune_name")


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip()


def rows() -> list[tuple[str, ...]]:
    """The CSV's rows (without header), one per commune, sorted by province, district and commune code."""
    from vietnamadminunits.database import get_data

    records = get_data(fields=list(FIELDS), table="admin_units_legacy")
    out = {tuple(_nfc(record[field]) for field in FIELDS) for record in records}
    return sorted(out, key=lambda r: (r[0], r[2], r[4], r[5]))


def render() -> str:
    """The CSV's text: UTF-8, comma-separated, "\\n" line ends, a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows())
    return buffer.getvalue()


if __name__ == "__main__":
    text = render()
    OUTPUT.write_text(text, encoding="utf-8", newline="")
    print(f"{OUTPUT}: {len(text.splitlines()) - 1} rows")
