"""Encryption at rest: new files are SQLCipher with a key file beside them; the recovery key opens them and
their backups on a new machine; `encrypt` and `decrypt` convert a file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.domain.errors import KeyMissingError, StorageError, ValidationError
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from desktop_app.services.backup import BackupService, check_database, restore_database
from desktop_app.services.encryption import install_recovery_key
from desktop_app.storage import keys
from tests.conftest import FixedClock, choose_own_password, configure, run_cli, sample_input

NOW = datetime(2026, 11, 25, 9, 30)


def _office(path: Path) -> str:
    """A new office database with one business; returns its recovery key."""
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        services.businesses.create(sample_input(services, name="Nhà nghỉ Hoàng Long"))
        assert services.encrypted and services.recovery_key is not None
        return services.recovery_key
    finally:
        services.close()


def _names(path: Path) -> list[str]:
    services = open_services(path, actor=SYSTEM)
    try:
        return [r.name for r in services.businesses.rows()]
    finally:
        services.close()


def _backup(path: Path) -> Path:
    services = open_services(path, actor=SYSTEM)
    try:
        return BackupService(services.db, now=FixedClock(NOW)).backup_now()
    finally:
        services.close()


def test_a_new_database_is_unreadable_without_its_key(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _office(path)
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert "Hoàng Long".encode() not in path.read_bytes()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        conn.execute("SELECT name FROM business").fetchall()
    conn.close()
    key_file = keys.key_file(path)
    assert key_file.exists()
    if sys.platform != "win32":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _names(path) == ["Nhà nghỉ Hoàng Long"]


def test_the_recovery_key_reads_in_any_case_and_spacing() -> None:
    key = keys.new_key()
    text = keys.recovery_text(key)
    assert len(text.split("-")) == 13 and all(len(g) == 4 for g in text.split("-"))
    assert keys.parse_recovery_text(text.lower().replace("-", " ")) == key
    with pytest.raises(ValidationError):
        keys.parse_recovery_text(text[:-5])


def test_a_new_machine_opens_the_data_and_its_backups_with_the_recovery_key(tmp_path: Path) -> None:
    office = tmp_path / "van-phong" / "pcmd.sqlite3"
    recovery = _office(office)
    made = _backup(office)
    assert keys.is_encrypted_file(made)  # backups stay encrypted

    new_pc = tmp_path / "may-moi"
    new_pc.mkdir()
    moved = new_pc / "pcmd.sqlite3"
    shutil.copy2(office, moved)
    shutil.copytree(office.parent / "sao-luu", new_pc / "sao-luu")
    with pytest.raises(KeyMissingError, match="khóa khôi phục"):
        open_services(moved, actor=SYSTEM)
    wrong = keys.recovery_text(keys.new_key())
    with pytest.raises(ValidationError, match="không mở được"):
        install_recovery_key(moved, wrong)
    assert not keys.key_file(moved).exists()
    install_recovery_key(moved, recovery)  # a fresh key file for this machine
    assert _names(moved) == ["Nhà nghỉ Hoàng Long"]
    assert check_database(moved) == []
    backup = new_pc / "sao-luu" / made.name
    restore_database(moved, backup, now=FixedClock(NOW))
    assert _names(moved) == ["Nhà nghỉ Hoàng Long"]


def test_backup_damage_restore_gives_identical_data(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _office(path)
    before = _names(path)
    made = _backup(path)
    with path.open("r+b") as fh:  # damage the live file
        fh.seek(8192)
        fh.write(os.urandom(8192))
    assert check_database(path) != []
    restore_database(path, made, now=FixedClock(NOW))
    assert check_database(path) == [] and _names(path) == before


def test_encrypt_and_decrypt_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cu.sqlite3"
    services = open_services(path, actor=SYSTEM, encrypt_new=False)  # a plain file from an older version
    try:
        configure(services)
        services.businesses.create(sample_input(services, name="Karaoke Hoa Ban"))
        BackupService(services.db, now=FixedClock(NOW)).backup_now()
    finally:
        services.close()
    assert not keys.is_encrypted_file(path)
    code, out, err = run_cli(capsys, "--db", str(path), "encrypt")
    assert code == 0, err
    assert "Đã mã hóa tệp dữ liệu." in out and "KHÓA KHÔI PHỤC" in out
    assert "1 bản sao của dữ liệu" in out  # the plain backup is pointed out
    recovery = out.split("KHÓA KHÔI PHỤC", 1)[1].splitlines()[1].strip()
    assert keys.is_encrypted_file(path) and _names(path) == ["Karaoke Hoa Ban"]
    assert keys.parse_recovery_text(recovery) == keys.load_key(path)
    code, _, err = run_cli(capsys, "--db", str(path), "encrypt")
    assert code == 1 and "đã được mã hóa" in err
    code, out, _ = run_cli(capsys, "--db", str(path), "decrypt")
    assert code == 0 and not keys.is_encrypted_file(path) and _names(path) == ["Karaoke Hoa Ban"]
    code, _, err = run_cli(capsys, "--db", str(tmp_path / "khong-co.sqlite3"), "encrypt")
    assert code == 1 and "Không có tệp dữ liệu" in err and not (tmp_path / "khong-co.sqlite3").exists()


def test_only_an_administrator_converts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _office(path)
    assert run_cli(capsys, "--db", str(path), "users", "list")[0] == 0  # gives the test administrator
    monkeypatch.setenv("PCMD_NEW_PASSWORD", "mat-khau-ban-dau")
    add = ("users", "add", "lan", "--name", "Phạm Thị Lan", "--role", "can-bo")
    assert run_cli(capsys, "--db", str(path), *add)[0] == 0
    monkeypatch.setenv("PCMD_USER", "lan")
    monkeypatch.setenv("PCMD_PASSWORD", choose_own_password(path, "lan", "mat-khau-ban-dau"))
    code, _, err = run_cli(capsys, "--db", str(path), "decrypt")
    assert code == 1 and "không có quyền quản trị" in err and keys.is_encrypted_file(path)


def test_recovery_key_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pcmd.sqlite3"
    recovery = _office(path)
    keys.key_file(path).unlink()
    monkeypatch.setenv("PCMD_RECOVERY_KEY", "AAAA-BBBB")
    code, _, err = run_cli(capsys, "--db", str(path), "recovery-key")
    assert code == 1 and "13 nhóm" in err
    monkeypatch.setenv("PCMD_RECOVERY_KEY", recovery)
    code, out, _ = run_cli(capsys, "--db", str(path), "recovery-key")
    assert code == 0 and "Đã lưu khóa cho máy này" in out
    assert _names(path) == ["Nhà nghỉ Hoàng Long"]


def test_a_foreign_key_file_asks_for_the_recovery_key(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    recovery = _office(path)
    keys.save_key(path, keys.new_key())  # the key of some other data
    with pytest.raises(KeyMissingError):
        open_services(path, actor=SYSTEM)
    install_recovery_key(path, recovery)
    assert _names(path) == ["Nhà nghỉ Hoàng Long"]


def test_a_text_file_is_not_taken_for_encrypted_data(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.sqlite3"
    path.write_text("Đây không phải dữ liệu")
    with pytest.raises(StorageError, match="không phải là cơ sở dữ liệu") as caught:
        open_services(path, actor=SYSTEM)
    assert not isinstance(caught.value, KeyMissingError)


def test_a_plain_backup_restored_over_encrypted_data_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    services = open_services(path, actor=SYSTEM, encrypt_new=False)
    try:
        configure(services)
        services.businesses.create(sample_input(services, name="Karaoke Hoa Ban"))
        plain_backup = BackupService(services.db, now=FixedClock(NOW)).backup_now()
    finally:
        services.close()
    from desktop_app.services.encryption import encrypt_database

    encrypt_database(path)
    assert not keys.is_encrypted_file(plain_backup)
    restore_database(path, plain_backup, now=FixedClock(NOW))
    assert keys.is_encrypted_file(path) and _names(path) == ["Karaoke Hoa Ban"]


def test_no_conversion_or_restore_while_the_data_is_open(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _office(path)
    made = _backup(path)
    services = open_services(path, actor=SYSTEM)  # the app, still open on this data
    try:
        services.businesses.rows()
        from desktop_app.services.encryption import decrypt_database

        with pytest.raises(StorageError, match="đang được mở"):
            decrypt_database(path)
        with pytest.raises(StorageError, match="đang được mở"):
            restore_database(path, made, now=FixedClock(NOW))
        assert keys.is_encrypted_file(path) and not list(tmp_path.glob("*.part"))
        services.businesses.create(sample_input(services, name="Ghi sau", registration_number="B2"))
    finally:
        services.close()
    assert "Ghi sau" in _names(path)
