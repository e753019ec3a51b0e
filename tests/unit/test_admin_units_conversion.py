"""The bundled old → new commune data (resources/admin_units/legacy_to_2025.csv) and its reader."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from desktop_app.paths import resource
from desktop_app.storage import admin_units
from desktop_app.storage.admin_units import AdminUnit

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "resources" / "admin_units"


@pytest.mark.parametrize(
    ("script", "bundled"),
    [("make_legacy_to_2025", "legacy_to_2025.csv"), ("make_legacy_units", "legacy_units.csv")],
)
def test_the_script_still_writes_the_bundled_file_exactly(script: str, bundled: str) -> None:
    """The scripts read `vietnamadminunits`, a development dependency: the app reads only their files."""
    spec = importlib.util.spec_from_file_location(script, SCRIPTS / f"{script}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[script] = module
    spec.loader.exec_module(module)
    assert module.render() == resource("admin_units", bundled).read_bytes().decode("utf-8")


def test_the_old_list_has_every_province_district_and_commune() -> None:
    provinces = admin_units.provinces_legacy()
    assert len(provinces) == 63 and provinces[0] == AdminUnit("01", "Thành phố Hà Nội")
    assert admin_units.find_province_legacy("Sơn La") == AdminUnit("14", "Tỉnh Sơn La")
    assert admin_units.find_district_legacy("14", "Mai Sơn") == AdminUnit("125", "Huyện Mai Sơn")
    districts = [d for p in provinces for d in admin_units.districts_legacy(p.code)]
    communes = [
        c
        for p in provinces
        for d in admin_units.districts_legacy(p.code)
        for c in admin_units.communes_legacy(p.code, d.code)
    ]
    assert len(districts) == 696 and len(communes) == 10_035
    # an island district without communes is still a district of its province
    assert AdminUnit("498", "Huyện Hoàng Sa") in admin_units.districts_legacy("48")
    assert admin_units.communes_legacy("48", "498") == []


def test_every_old_commune_with_a_code_has_one_default_successor_in_the_apps_2025_list() -> None:
    with resource("admin_units", "legacy_to_2025.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes_2025 = {
        u.code: u.name for p in admin_units.provinces_2025() for u in admin_units.communes_2025(p.code)
    }
    defaults: dict[str, int] = {}
    for row in rows:
        assert codes_2025[row["commune_2025_code"]] == row["commune_2025_name"]
        defaults[row["legacy_commune_code"]] = defaults.get(row["legacy_commune_code"], 0) + int(
            row["default"]
        )
    assert len(defaults) > 10_000 and set(defaults.values()) == {1}


def test_thi_tran_hat_lot_became_xa_mai_son() -> None:
    # 04105 is Thị trấn Hát Lót in the old list and Xã Mai Sơn in the 2025 list.
    assert admin_units.communes_legacy("14", "125")[0] == AdminUnit("04105", "Thị trấn Hát Lót")
    assert admin_units.successors_2025("04105") == [AdminUnit("04105", "Xã Mai Sơn")]
    assert admin_units.successors_2025("04111") == [AdminUnit("04123", "Xã Chiềng Mung")]  # Xã Mường Bằng
    assert admin_units.province_2025_of("04105") == "14"
    assert admin_units.provinces_2025_for_legacy("14") == ["14"]


def test_a_split_commune_has_several_successors_the_default_first() -> None:
    # Xã Kim Phú (Thành phố Tuyên Quang) went partly to Phường Mỹ Lâm, partly to Phường Minh Xuân.
    kim_phu = next(u for u in admin_units.communes_legacy("08", "070") if u.name == "Xã Kim Phú")
    successors = admin_units.successors_2025(kim_phu.code)
    assert {u.name for u in successors} == {"Phường Mỹ Lâm", "Phường Minh Xuân"}
    with resource("admin_units", "legacy_to_2025.csv").open(encoding="utf-8", newline="") as handle:
        default = next(
            r["commune_2025_code"]
            for r in csv.DictReader(handle)
            if r["legacy_commune_code"] == kim_phu.code and r["default"] == "1"
        )
    assert successors[0].code == default


def test_an_unknown_code_has_no_successor_and_the_data_is_read_once() -> None:
    assert admin_units.successors_2025("99999") == []
    admin_units.successors_2025("04105")
    hits = admin_units._successions.cache_info().hits
    admin_units.successors_2025("04108")
    assert admin_units._successions.cache_info().hits == hits + 1


def test_the_old_list_needs_no_vietnamadminunits_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed app has neither the package nor its data file: the pickers read legacy_units.csv."""
    monkeypatch.setitem(sys.modules, "vietnamadminunits", None)  # as if it were not installed
    admin_units._legacy_rows.cache_clear()
    admin_units.provinces_legacy_cached.cache_clear()
    try:
        assert admin_units.communes_legacy("14", "125")[0] == AdminUnit("04105", "Thị trấn Hát Lót")
        assert len(admin_units.provinces_legacy()) == 63
    finally:
        admin_units._legacy_rows.cache_clear()
        admin_units.provinces_legacy_cached.cache_clear()
