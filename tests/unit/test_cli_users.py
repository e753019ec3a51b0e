"""The command line signs in: PCMD_USER / PCMD_PASSWORD, the first administrator at setup, `users`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.security import ROLE_ADMIN, ROLE_LEADER, SYSTEM
from desktop_app.services.app_services import open_services
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, choose_own_password, run_cli

ROOT = Path(__file__).resolve().parents[2]
SETUP = ("setup", "--unit", "UBND xã Mường Bon", "--province", "Sơn La")


def _accounts(db: Path) -> dict[str, tuple[str, bool, bool]]:
    services = open_services(db, actor=SYSTEM)
    try:
        return {a.username: (a.role, a.active, a.must_change_password) for a in services.users.accounts()}
    finally:
        services.close()


def test_setup_creates_the_first_administrator_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.sqlite3"
    code, out, err = run_cli(capsys, "--db", str(db), *SETUP, "--admin-name", "Nguyễn Thị Hằng")
    assert code == 0, err
    assert f"Đã tạo tài khoản quản trị «{ADMIN_USER}»" in out
    assert _accounts(db) == {ADMIN_USER: (ROLE_ADMIN, True, False)}
    code, out, _ = run_cli(capsys, "--db", str(db), *SETUP)  # again: signs in, creates nobody
    assert code == 0 and "Đã tạo tài khoản" not in out


def test_commands_refuse_a_wrong_password_and_a_database_without_accounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "b.sqlite3"
    open_services(db, actor=SYSTEM).close()
    code, _, err = run_cli(capsys, "--db", str(db), "backup")  # run_cli adds the test admin first…
    assert code == 0
    fresh = tmp_path / "c.sqlite3"
    open_services(fresh, actor=SYSTEM).close()
    from desktop_app.__main__ import main

    assert main(["--db", str(fresh), "export", "businesses", str(tmp_path / "x.xlsx")]) == 1
    assert "chưa có tài khoản nào" in capsys.readouterr().err  # …without it, the CLI refuses
    monkeypatch.setenv("PCMD_PASSWORD", "sai-mat-khau")
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path / "y.xlsx"))
    assert code == 1 and err.strip() == "Lỗi: Tên đăng nhập hoặc mật khẩu không đúng."
    assert not (tmp_path / "y.xlsx").exists()
    monkeypatch.delenv("PCMD_PASSWORD")
    with open(os.devnull) as not_a_terminal:  # nobody to ask for the password
        monkeypatch.setattr(sys, "stdin", not_a_terminal)
        code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path / "y.xlsx"))
    assert code == 1 and "PCMD_USER và PCMD_PASSWORD" in err


def test_users_add_list_disable_reset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "d.sqlite3"
    assert run_cli(capsys, "--db", str(db), *SETUP)[0] == 0
    monkeypatch.setenv("PCMD_NEW_PASSWORD", "mat-khau-ban-dau")
    code, out, err = run_cli(
        capsys, "--db", str(db), "users", "add", "Lan.PT", "--name", "Phạm Thị Lan", "--role", "lanh-dao"
    )
    assert code == 0, err
    assert "Đã thêm tài khoản «lan.pt»" in out
    assert _accounts(db)["lan.pt"] == (ROLE_LEADER, True, True)
    code, out, _ = run_cli(capsys, "--db", str(db), "users", "list")
    assert code == 0 and "lan.pt" in out and "Lãnh đạo" in out and "phải đổi mật khẩu" in out
    # Nothing until the first password is changed; then the leader still cannot manage accounts.
    monkeypatch.setenv("PCMD_USER", "lan.pt")
    monkeypatch.setenv("PCMD_PASSWORD", "mat-khau-ban-dau")
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path / "x.xlsx"))
    assert code == 1 and "phải đổi mật khẩu trước khi làm việc" in err
    monkeypatch.setenv("PCMD_PASSWORD", choose_own_password(db, "lan.pt", "mat-khau-ban-dau"))
    code, _, err = run_cli(capsys, "--db", str(db), "users", "list")
    assert code == 1 and "không có quyền quản trị người dùng" in err
    monkeypatch.setenv("PCMD_USER", ADMIN_USER)
    monkeypatch.setenv("PCMD_PASSWORD", ADMIN_PASSWORD)
    assert run_cli(capsys, "--db", str(db), "users", "disable", "lan.pt")[0] == 0
    assert _accounts(db)["lan.pt"][1] is False
    monkeypatch.setenv("PCMD_NEW_PASSWORD", "mat-khau-moi-22")
    assert run_cli(capsys, "--db", str(db), "users", "enable", "lan.pt")[0] == 0
    assert run_cli(capsys, "--db", str(db), "users", "reset-password", "lan.pt")[0] == 0
    monkeypatch.setenv("PCMD_USER", "lan.pt")
    monkeypatch.setenv("PCMD_PASSWORD", "mat-khau-moi-22")  # the reset one: to be changed first
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path / "ds.xlsx"))
    assert code == 1 and "phải đổi mật khẩu" in err
    monkeypatch.setenv("PCMD_PASSWORD", choose_own_password(db, "lan.pt", "mat-khau-moi-22"))
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path / "ds.xlsx"))
    assert code == 0, err
    monkeypatch.setenv("PCMD_USER", ADMIN_USER)
    monkeypatch.setenv("PCMD_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run_cli(capsys, "--db", str(db), "users", "disable", "khong-co")
    assert code == 1 and "Không có tài khoản «khong-co»" in err


def test_without_a_terminal_the_message_says_what_to_set(tmp_path: Path) -> None:
    """A real process whose stdin is not a terminal cannot ask for the password."""
    db = tmp_path / "e.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PCMD_")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db), *SETUP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input="",
        check=False,
    )
    assert result.returncode == 1
    assert "PCMD_USER và PCMD_PASSWORD" in result.stderr and "Traceback" not in result.stderr


def test_a_new_account_changes_its_own_password_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "f.sqlite3"
    assert run_cli(capsys, "--db", str(db), *SETUP)[0] == 0
    monkeypatch.setenv("PCMD_NEW_PASSWORD", "mat-khau-ban-dau")
    assert (
        run_cli(
            capsys, "--db", str(db), "users", "add", "lan.pt", "--name", "Phạm Thị Lan", "--role", "can-bo"
        )[0]
        == 0
    )
    monkeypatch.setenv("PCMD_USER", "lan.pt")
    monkeypatch.setenv("PCMD_PASSWORD", "mat-khau-ban-dau")
    code, _, err = run_cli(capsys, "--db", str(db), "backup")
    assert code == 1 and "users passwd" in err  # the refusal says how to go on
    monkeypatch.setenv("PCMD_NEW_PASSWORD", "ngan")  # too short: refused, nothing changes
    code, _, err = run_cli(capsys, "--db", str(db), "users", "passwd")
    assert code == 1 and err.startswith("Lỗi: ") and "Traceback" not in err
    assert _accounts(db)["lan.pt"][2] is True
    monkeypatch.setenv("PCMD_NEW_PASSWORD", "mat-khau-cua-lan")
    code, out, err = run_cli(capsys, "--db", str(db), "users", "passwd")
    assert code == 0, err
    assert "Đã đổi mật khẩu của «lan.pt»" in out
    assert _accounts(db)["lan.pt"][2] is False
    code, _, err = run_cli(capsys, "--db", str(db), "backup")  # the old password no longer opens
    assert code == 1 and "không đúng" in err
    monkeypatch.setenv("PCMD_PASSWORD", "mat-khau-cua-lan")
    code, _, err = run_cli(capsys, "--db", str(db), "backup")
    assert code == 0, err
    services = open_services(db, actor=SYSTEM)
    try:
        rows = services.audit.entries(AuditFilter(actor="lan.pt", entity="user")).rows
    finally:
        services.close()
    assert [(r.action, r.changes) for r in rows if r.action == "password"] == [("password", '{"by": "self"}')]


def test_users_passwd_asks_twice_in_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "g.sqlite3"
    assert run_cli(capsys, "--db", str(db), *SETUP)[0] == 0
    answers = iter(["mat-khau-moi-cua-toi", "mat-khau-khac-han"])
    monkeypatch.setattr("desktop_app.cli.common.interactive", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    code, _, err = run_cli(capsys, "--db", str(db), "users", "passwd")
    assert code == 1 and "không giống nhau" in err
    answers = iter(["mat-khau-moi-cua-toi", "mat-khau-moi-cua-toi"])
    code, _, err = run_cli(capsys, "--db", str(db), "users", "passwd")
    assert code == 0, err
    services = open_services(db)
    try:
        services.users.sign_in(ADMIN_USER, "mat-khau-moi-cua-toi")
    finally:
        services.close()
