"""At start the sign-in window comes first and the data opens while the clerk types (#20)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.domain.security import ROLE_ADMIN, SYSTEM, UserInput
from desktop_app.services.app_services import open_services
from desktop_app.ui.dialogs.account_dialogs import LoginDialog
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, configure
from tests.gui.conftest import type_text


class _Window:
    restore_requested = None
    sign_out_requested = False

    def show(self) -> None:
        return None


def test_importing_the_gui_entry_leaves_the_services_for_later() -> None:
    """What `python -m desktop_app` imports before its first window: no SQLAlchemy, no storage models."""
    later = ("sqlalchemy", "desktop_app.storage.models", "desktop_app.services.app_services", "argon2")
    code = f"import sys, desktop_app.app; print(sorted(m for m in {later!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_sign_in_window_is_typed_into_while_the_data_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pcmd.sqlite3"
    services = open_services(target, actor=SYSTEM)
    configure(services)
    services.users.create_first_admin(UserInput(ADMIN_USER, "Quản trị thử", ROLE_ADMIN, ADMIN_PASSWORD))
    services.close()
    monkeypatch.setenv("PCMD_DATA_DIR", str(tmp_path / "du-lieu"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)

    def window(services: Any, *_args: Any) -> _Window:
        seen["actor"] = services.actor.username
        return _Window()

    monkeypatch.setattr(app_module, "build_main_window", window)
    monkeypatch.setattr(app_module, "_daily_backup", lambda *_args: None)
    release = threading.Event()
    opening = app_module._open

    def slow_open(path: Any) -> Any:  # the data opens only once the test has looked at the window
        release.wait(20)
        return opening(path)

    monkeypatch.setattr(app_module, "_open", slow_open)
    seen: dict[str, Any] = {}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog) or (seen and not dialog.ok_button.isEnabled()):
            QTimer.singleShot(10, poll)
            return
        if not seen:  # shown before the data is open: typing works, «Đăng nhập» waits
            seen["while_opening"] = (dialog.ok_button.isEnabled(), dialog.opening.isVisible())
            type_text(dialog.username, ADMIN_USER)
            type_text(dialog.password, "sai-mat-khau")
            release.set()
            QTimer.singleShot(10, poll)
            return
        if "wrong" not in seen:
            seen["opened"] = (dialog.opening.isVisible(), dialog.intro.text(), dialog.username.text())
            dialog.ok_button.click()
            seen["wrong"] = (dialog.isVisible(), dialog.errors.text("password"))
            type_text(dialog.password, ADMIN_PASSWORD)
        dialog.ok_button.click()

    QTimer.singleShot(0, poll)
    assert app_module.run(str(target)) == 0
    assert seen["while_opening"] == (False, True)
    assert seen["opened"] == (False, "Phòng Lao động – Thương binh và Xã hội", ADMIN_USER)
    still_open, error = seen["wrong"]
    assert still_open and error  # a wrong password is still refused
    assert seen["actor"] == ADMIN_USER  # the main window was built for the administrator who signed in
