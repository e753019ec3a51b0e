"""The first start: nothing of the office's data (database, key file) is written where it lives until the
setup wizard's Hoàn tất; Hủy leaves nothing behind, Hoàn tất puts the prepared data in place and opens it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app import app as app_module
from desktop_app.domain.office import CommuneInput, OfficeProfile
from desktop_app.domain.security import ROLE_ADMIN, SYSTEM, UserInput
from desktop_app.services.app_services import open_services
from desktop_app.services.backup import check_database
from desktop_app.storage import keys
from desktop_app.ui.dialogs import setup_wizard

PASSWORD = "mat-khau-quan-tri"


class _Window:
    """The main window, as far as `run` needs it once the wizard is done."""

    restore_requested = None
    sign_out_requested = False

    def show(self) -> None:
        return None


@pytest.fixture
def first_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """`run` on a data folder without data, the wizard replaced by one that records what is on disk while it
    is open and then finishes (or is cancelled, `seen["accept"] = False`)."""
    monkeypatch.setenv("PCMD_DATA_DIR", str(tmp_path / "du-lieu"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    monkeypatch.setattr(app_module, "build_main_window", lambda *_args: _Window())
    monkeypatch.setattr(app_module, "_daily_backup", lambda *_args: None)
    target = tmp_path / "du-lieu" / "pcmd.sqlite3"
    seen: dict[str, Any] = {"target": target, "accept": True}

    class Wizard:
        def __init__(self, office: Any, users: Any = None, recovery_key: str | None = None) -> None:
            self.office, self.users, self.recovery_key = office, users, recovery_key

        def exec(self) -> QDialog.DialogCode:
            seen["while_open"] = sorted(p.name for p in target.parent.iterdir() if p.suffix != ".log")
            seen["recovery_key"] = self.recovery_key
            if not seen["accept"]:
                return QDialog.DialogCode.Rejected
            self.users.create_first_admin(UserInput("quantri", "Nguyễn Thị Hằng", ROLE_ADMIN, PASSWORD))
            self.users.sign_in("quantri", PASSWORD)
            profile = OfficeProfile(issuing_unit="UBND xã Mường Bon", place_name="Mường Bon")
            self.office.setup(profile, [CommuneInput("Xã Mường Bon")])
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(setup_wizard, "SetupWizard", Wizard)
    return seen


def test_nothing_is_written_until_the_wizard_finishes(first_start: dict[str, Any]) -> None:
    target: Path = first_start["target"]
    assert app_module.run(None) == 0
    # while the wizard was open, only the folder where it prepares the data was there
    assert first_start["while_open"] == ["pcmd.sqlite3.thiet-lap"]
    assert first_start["recovery_key"]
    assert target.exists() and keys.key_file(target).exists() and keys.is_encrypted_file(target)
    assert not target.with_name("pcmd.sqlite3.thiet-lap").exists()
    assert check_database(target) == []
    services = open_services(target, actor=SYSTEM)
    try:
        profile = services.office.profile()
        assert profile is not None and profile.issuing_unit == "UBND xã Mường Bon"
        assert services.users.has_accounts() and services.audit.problems() == []
        assert keys.recovery_text(keys.load_key(target)) == first_start["recovery_key"]
    finally:
        services.close()


def test_cancelling_the_wizard_leaves_no_data_behind(first_start: dict[str, Any]) -> None:
    first_start["accept"] = False
    target: Path = first_start["target"]
    assert app_module.run(None) == 0
    assert first_start["while_open"] == ["pcmd.sqlite3.thiet-lap"]
    assert sorted(p.name for p in target.parent.iterdir() if p.suffix != ".log") == []
