"""`units convert --to 2025`: the command line's move of a pre-2025 district office to the 2025 communes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.office import UNIT_LIST_2025, UNIT_LIST_LEGACY
from desktop_app.domain.security import ROLE_STAFF, SYSTEM
from desktop_app.services.app_services import open_services
from tests.conftest import add_account, run_cli
from tests.units_setup import add_business

CONVERT = ("units", "convert", "--to", "2025")


def _district_office(tmp_path: Path, capsys: pytest.CaptureFixture[str], province: str, district: str) -> str:
    db = str(tmp_path / "huyen.sqlite3")
    code, _, err = run_cli(
        capsys, "--db", db, "setup", "--unit", "Phòng LĐTBXH", "--province", province, "--district", district
    )
    assert code == 0, err
    return db


def _add(db: str, *businesses: tuple[str, str]) -> list[int]:
    services = open_services(db, actor=SYSTEM)
    try:
        return [add_business(services, name, commune) for name, commune in businesses]
    finally:
        services.close()


def _communes(db: str) -> list[tuple[str, str, str, date | None]]:
    services = open_services(db, actor=SYSTEM)
    try:
        return [(c.unit_list, c.code, c.name, c.valid_to) for c in services.office.communes(True)]
    finally:
        services.close()


def test_a_mai_son_district_database_converts_and_a_second_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _district_office(tmp_path, capsys, "Sơn La", "Mai Sơn")
    _add(db, ("Nhà nghỉ Hoa Ban", "Thị trấn Hát Lót"), ("Karaoke Suối Tiên", "Xã Mường Bằng"))
    before = _communes(db)

    code, out, err = run_cli(capsys, "--db", db, *CONVERT, "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out) == {"moved": 2, "unchanged": 0, "needs_choice": []}
    assert _communes(db) == before

    code, out, err = run_cli(capsys, "--db", db, *CONVERT, "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "moved": 2,
        "unchanged": 0,
        "needs_choice": [],
        "communes_added": 8,
        "communes_ended": 22,
    }
    after = _communes(db)
    assert (UNIT_LIST_2025, "04105", "Xã Mai Sơn", None) in after
    assert (UNIT_LIST_LEGACY, "04105", "Thị trấn Hát Lót", date(2025, 6, 30)) in after

    code, out, err = run_cli(capsys, "--db", db, *CONVERT, "--json")
    assert code == 0, err
    assert json.loads(out)["moved"] == 0 and json.loads(out)["unchanged"] == 2
    assert _communes(db) == after

    code, out, err = run_cli(capsys, "--db", db, *CONVERT)
    assert code == 0, err
    assert "Đã chuyển 0 cơ sở" in out and "giữ nguyên 2" in out


def test_businesses_of_a_split_commune_wait_for_a_choices_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _district_office(tmp_path, capsys, "Tuyên Quang", "Thành phố Tuyên Quang")
    kim_phu, other = _add(db, ("Nhà hàng Kim Phú", "Xã Kim Phú"), ("Nhà nghỉ Bình Thuận", "Phường Tân Quang"))
    before = _communes(db)

    code, out, err = run_cli(capsys, "--db", db, *CONVERT, "--json")
    assert code == 1
    report = json.loads(out)
    assert report["moved"] == 1 and report["unchanged"] == 0
    (needs,) = report["needs_choice"]
    assert needs["business_id"] == kim_phu and needs["old_commune"] == "Xã Kim Phú"
    assert {c["name"] for c in needs["candidates"]} == {"Phường Mỹ Lâm", "Phường Minh Xuân"}
    assert "1 cơ sở ở xã, phường bị chia cần chọn xã, phường mới" in err and "--choices" in err
    assert "Traceback" not in err
    assert _communes(db) == before

    code, out, _ = run_cli(capsys, "--db", db, *CONVERT)  # the text preview names the candidates
    assert code == 1 and "«Nhà hàng Kim Phú», Xã Kim Phú:" in out and "Phường Minh Xuân" in out

    minh_xuan = next(c["code"] for c in needs["candidates"] if c["name"] == "Phường Minh Xuân")
    bad = tmp_path / "sai.csv"
    bad.write_text(f"business_id,new_code\n{kim_phu},{minh_xuan}\n{other}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--db", db, *CONVERT, "--choices", str(bad))
    assert code == 1 and "Dòng 3 của tệp lựa chọn cần đủ hai cột" in err
    wrong = tmp_path / "khac.csv"
    wrong.write_text(f"business_id,new_code\n{kim_phu},04105\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--db", db, *CONVERT, "--choices", str(wrong), "--dry-run")
    assert code == 1 and "không chuyển được sang xã, phường mã «04105»" in err
    code, _, err = run_cli(capsys, "--db", db, *CONVERT, "--choices", str(tmp_path / "khong-co.csv"))
    assert code == 1 and "Không tìm thấy tệp lựa chọn" in err
    assert _communes(db) == before

    good = tmp_path / "chon.csv"
    good.write_text(f"business_id,new_code\r\n{kim_phu},{minh_xuan}\r\n", encoding="utf-8-sig")  # Excel's CSV
    code, out, err = run_cli(capsys, "--db", db, *CONVERT, "--choices", str(good), "--json")
    assert code == 0, err
    assert json.loads(out)["moved"] == 2
    services = open_services(db, actor=SYSTEM)
    try:
        assert services.businesses.row(kim_phu).commune_name == "Phường Minh Xuân"
    finally:
        services.close()


def test_an_effective_date_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _district_office(tmp_path, capsys, "Sơn La", "Mai Sơn")
    _add(db, ("Nhà nghỉ Hoa Ban", "Thị trấn Hát Lót"))
    code, _, err = run_cli(capsys, "--db", db, *CONVERT, "--effective", "30/06/2025")
    assert code == 1 and "Ngày áp dụng phải từ 01/07/2025" in err
    code, _, err = run_cli(capsys, "--db", db, *CONVERT, "--effective", "31/02/2026")
    assert code == 1 and "Traceback" not in err and err.startswith("Lỗi:")
    code, out, err = run_cli(capsys, "--db", db, *CONVERT, "--effective", "15/08/2025")
    assert code == 0, err
    assert "từ ngày 15/08/2025" in out
    assert (UNIT_LIST_LEGACY, "04105", "Thị trấn Hát Lót", date(2025, 8, 14)) in _communes(db)


def test_only_an_administrator_converts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _district_office(tmp_path, capsys, "Sơn La", "Mai Sơn")
    services = open_services(db)
    try:
        password = add_account(services, "canbo", "Cán bộ Một", ROLE_STAFF)
    finally:
        services.close()
    run_cli_env = {"PCMD_USER": "canbo", "PCMD_PASSWORD": password}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in run_cli_env.items():
            patch.setenv(name, value)
        code, _, err = run_cli(capsys, "--db", db, *CONVERT, "--dry-run")
    assert code == 1 and err.startswith("Lỗi:") and "Traceback" not in err
