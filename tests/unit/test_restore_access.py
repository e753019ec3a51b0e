"""Restore: an administrator signs in when the current data opens; without a sign-in only in the emergency
(the data cannot be opened). The restored data's change log records who restored which backup, and when."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.security import SYSTEM, PermissionDenied
from desktop_app.services.app_services import open_services
from desktop_app.services.backup import check_database, restore_database
from tests.conftest import ADMIN_USER, run_cli, sign_in_cli_as_leader

SETUP = ("setup", "--unit", "UBND xã Mường Bon", "--province", "Sơn La")


@pytest.fixture
def office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A configured office with its administrator, and a backup of it on a USB stick."""
    db = tmp_path / "du-lieu" / "pcmd.sqlite3"
    assert run_cli(capsys, "--db", str(db), *SETUP)[0] == 0
    assert run_cli(capsys, "--db", str(db), "backup", "--to", str(tmp_path / "usb"))[0] == 0
    (made,) = (tmp_path / "usb").glob("pcmd-*.sqlite3")
    return db, made


def _restores(db: Path) -> list[tuple[str, dict[str, str]]]:
    services = open_services(db, actor=SYSTEM)
    try:
        rows = services.audit.entries(AuditFilter(entity="backup")).rows
        assert services.audit.problems() == []  # the entry is sealed onto the chain
    finally:
        services.close()
    return [(r.actor, json.loads(r.changes)) for r in rows if r.action == "restore"]


def _units(db: Path) -> list[str]:
    services = open_services(db, actor=SYSTEM)
    try:
        profile = services.office.profile()
        return [profile.issuing_unit] if profile else []
    finally:
        services.close()


def test_a_leader_or_nobody_cannot_restore_over_data_that_opens(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, made = office
    assert (
        run_cli(capsys, "--db", str(db), "setup", "--unit", "Đơn vị sau sao lưu", "--province", "Sơn La")[0]
        == 0
    )
    sign_in_cli_as_leader(db, monkeypatch)
    code, _, err = run_cli(capsys, "--db", str(db), "restore", str(made))
    assert code == 1 and "không có quyền" in err
    monkeypatch.delenv("PCMD_USER")
    monkeypatch.delenv("PCMD_PASSWORD")
    with open(os.devnull) as not_a_terminal:
        monkeypatch.setattr(sys, "stdin", not_a_terminal)
        code, _, err = run_cli(capsys, "--db", str(db), "restore", str(made))
    assert code == 1 and "Cần đăng nhập" in err
    assert _units(db) == ["Đơn vị sau sao lưu"]  # nothing restored
    assert not list((db.parent / "sao-luu").glob("*truoc-khoi-phuc*"))
    with pytest.raises(PermissionDenied, match="chỉ tài khoản quản trị"):
        restore_database(db, made)  # the service itself refuses without an administrator


def test_an_administrator_restores_and_the_restored_log_says_who_which_and_when(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, made = office
    assert (
        run_cli(capsys, "--db", str(db), "setup", "--unit", "Đơn vị sau sao lưu", "--province", "Sơn La")[0]
        == 0
    )
    code, out, err = run_cli(capsys, "--db", str(db), "restore", str(made))
    assert code == 0, err
    assert out.startswith(f"Đã khôi phục từ «{made}»")
    assert _units(db) == ["UBND xã Mường Bon"]
    ((actor, changes),) = _restores(db)
    assert actor == ADMIN_USER and changes["backup"] == made.name
    assert changes["safety_copy"].endswith("-truoc-khoi-phuc.sqlite3") and "emergency" not in changes
    assert check_database(db) == []
    assert run_cli(capsys, "--db", str(db), "check")[0] == 0


def test_the_emergency_restore_needs_no_sign_in_and_is_recorded(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, made = office
    with db.open("r+b") as fh:  # the current data is damaged: nobody can sign in to it
        fh.seek(4096)
        fh.write(b"\xff" * 8192)
    monkeypatch.delenv("PCMD_USER")
    monkeypatch.delenv("PCMD_PASSWORD")
    renamed = made.with_name("sao luu cua Nguyen Van A.sqlite3")  # a clerk's name for it is not logged
    made.rename(renamed)
    code, out, err = run_cli(capsys, "--db", str(db), "restore", str(renamed))
    assert code == 0, err
    assert "không cần đăng nhập" in out and "Đã khôi phục" in out
    ((actor, changes),) = _restores(db)
    assert actor == "" and changes["emergency"].startswith("khôi phục không đăng nhập: Tệp «pcmd.sqlite3»")
    assert changes["backup"] == "(tệp đã đổi tên)" and "Nguyen" not in json.dumps(changes)
    assert _units(db) == ["UBND xã Mường Bon"]


def test_a_backup_from_an_older_version_is_brought_up_and_records_its_restore(tmp_path: Path) -> None:
    from desktop_app.storage.db import create_engine_for, database_url
    from desktop_app.storage.migrate import current_revision, head_revision, upgrade

    old = tmp_path / "usb" / "pcmd-20250101-080000.sqlite3"
    old.parent.mkdir()
    engine = create_engine_for(database_url(old))
    upgrade(engine, "0001")  # before the change log had a chain, before accounts
    engine.dispose()
    db = tmp_path / "may-moi" / "pcmd.sqlite3"  # a new PC: no data yet
    db.parent.mkdir()
    restore_database(db, old)
    engine = create_engine_for(database_url(db))
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    ((actor, changes),) = _restores(db)
    assert actor == "" and changes["backup"] == old.name
    assert changes["emergency"] == "khôi phục không đăng nhập: không có tệp dữ liệu «pcmd.sqlite3»"
    assert changes["safety_copy"] == ""  # there was nothing to keep
    assert not list(db.parent.glob("*.part*"))  # the restored copy left no part or log beside it
