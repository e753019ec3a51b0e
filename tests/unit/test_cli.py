"""The command line: setup (official lists and a communes file), demo, errors without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.domain.office import (
    JURISDICTION_CUSTOM,
    JURISDICTION_LEGACY_DISTRICT,
    JURISDICTION_PROVINCE_2025,
)
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_setup_from_legacy_district(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.sqlite3")
    code, out, _ = run_cli(
        capsys,
        "--db",
        db,
        "setup",
        "--unit",
        "Phòng LĐTBXH huyện Mai Sơn",
        "--place",
        "Mai Sơn",
        "--province",
        "Sơn La",
        "--district",
        "Mai Sơn",
    )
    assert code == 0 and "Đã lưu hồ sơ đơn vị" in out
    services = open_services(db, actor=SYSTEM)
    try:
        profile = services.office.profile()
        assert profile is not None
        assert profile.jurisdiction_kind == JURISDICTION_LEGACY_DISTRICT
        assert profile.district_name == "Huyện Mai Sơn" and profile.place_name == "Mai Sơn"
        assert "Thị trấn Hát Lót" in [c.name for c in services.office.communes()]
    finally:
        services.close()


def test_setup_from_2025_province(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.sqlite3")
    code, _, _ = run_cli(capsys, "--db", db, "setup", "--unit", "Sở Y tế tỉnh Sơn La", "--province", "Sơn La")
    assert code == 0
    services = open_services(db, actor=SYSTEM)
    try:
        profile = services.office.profile()
        assert profile is not None and profile.jurisdiction_kind == JURISDICTION_PROVINCE_2025
        assert len(services.office.communes()) > 50
    finally:
        services.close()


def test_setup_from_communes_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    communes = tmp_path / "xa.txt"
    communes.write_text("Xã Mường Bon\nPhường Tô Hiệu;04018\n\nXã Cò Nòi\n", encoding="utf-8")
    db = str(tmp_path / "c.sqlite3")
    code, out, _ = run_cli(capsys, "--db", db, "setup", "--unit", "UBND xã", "--communes-file", str(communes))
    assert code == 0 and "3 xã, phường" in out
    services = open_services(db, actor=SYSTEM)
    try:
        assert [c.name for c in services.office.communes()] == ["Xã Mường Bon", "Phường Tô Hiệu", "Xã Cò Nòi"]
        assert services.office.communes()[1].code == "04018"
        profile = services.office.profile()
        assert profile is not None and profile.jurisdiction_kind == JURISDICTION_CUSTOM
    finally:
        services.close()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["setup", "--unit", "X", "--province", "Atlantis"], "Không tìm thấy tỉnh"),
        (["setup", "--unit", "X", "--province", "Sơn La", "--district", "Không Có"], "Không tìm thấy huyện"),
        (["setup", "--unit", "X", "--communes-file", "/khong/co/tep.txt"], "Không tìm thấy tệp"),
        (["setup", "--unit", " ", "--province", "Sơn La"], "Nhập tên đơn vị"),
        (["setup", "--unit", "X"], "Lỗi:"),
        (["bogus"], "Lỗi:"),
        (["demo", "--businesses", "abc"], "Lỗi:"),
    ],
)
def test_errors_are_one_vietnamese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, _, err = run_cli(capsys, "--db", str(tmp_path / "d.sqlite3"), *argv)
    assert code != 0
    assert fragment in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_database_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("hello", encoding="utf-8")
    code, _, err = run_cli(capsys, "--db", str(bad), "demo", "--businesses", "1")
    assert code == 1 and "không phải là cơ sở dữ liệu" in err
    assert bad.read_text(encoding="utf-8") == "hello"


def test_demo_is_deterministic_per_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = str(tmp_path / "1.sqlite3"), str(tmp_path / "2.sqlite3")
    for db in (first, second):
        code, out, _ = run_cli(capsys, "--db", db, "demo", "--businesses", "200", "--seed", "7")
        assert code == 0 and "200" in out
    rows = []
    for db in (first, second):
        services = open_services(db, actor=SYSTEM)
        try:
            rows.append(
                [(r.name, r.owner_name, r.commune_name, r.type_name) for r in services.businesses.rows()]
            )
            assert services.office.is_configured()
        finally:
            services.close()
    assert rows[0] == rows[1] and len(rows[0]) == 200
    assert len({r[2] for r in rows[0]}) > 5  # spread over communes
    assert len({r[3] for r in rows[0]}) >= 8  # and types


def test_version_and_help_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "PCMD_DATA_DIR": str(tmp_path)}
    version = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.returncode == 0 and version.stdout.startswith("PCMD Desk ")
    helptext = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert helptext.returncode == 0
    assert "setup" in helptext.stdout and "demo" in helptext.stdout and "--db" in helptext.stdout
    assert helptext.stdout.startswith("Cách dùng: python -m desktop_app")
    assert "\ntham số:\n" in helptext.stdout and "\ntùy chọn:\n" in helptext.stdout
    assert "usage" not in helptext.stdout and "options:" not in helptext.stdout
