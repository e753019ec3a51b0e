"""Signing in, the first administrator in the wizard, the idle lock, the accounts dialog, a leader's menus."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop_app import app as app_module
from desktop_app.app import build_main_window, create_application, sign_in
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import CommuneInput
from desktop_app.domain.security import ROLE_ADMIN, ROLE_LEADER, ROLE_STAFF, Actor, UserInput
from desktop_app.services.app_services import Services
from desktop_app.storage.attachments import viewing_folder
from desktop_app.ui import tasks
from desktop_app.ui.dialogs.account_dialogs import LoginDialog
from desktop_app.ui.dialogs.audit_dialog import AuditDialog
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.dialogs.users_dialog import NewUserDialog, UsersDialog
from desktop_app.ui.settings import UiState
from tests.conftest import add_account, configure, sample_input
from tests.gui.conftest import type_text, when_modal

PASSWORD = "mat-khau-quan-tri"


def _shown(control: QWidget | QAction) -> bool:
    """Whether the role lets the control show (a widget's window need not be on screen)."""
    return control.isVisible() if isinstance(control, QAction) else not control.isHidden()


def _with_admin(services: Services) -> None:
    services.db.actor = None
    services.users.create_first_admin(UserInput("quantri", "Nguyễn Thị Hằng", ROLE_ADMIN, PASSWORD))


def test_wizard_creates_the_administrator_and_signs_in(qtbot: QtBot, gui_services: Services) -> None:
    gui_services.db.actor = None
    wizard = SetupWizard(gui_services.office, gui_services.users)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.account_page
    assert wizard.account_page is not None
    form = wizard.account_page.form
    type_text(form.username, "QuanTri")
    type_text(form.full_name, "Nguyễn Thị Hằng")
    type_text(form.password, "ngan")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.account_page
    assert form.errors.text("password") == "Mật khẩu phải có ít nhất 8 ký tự."
    form.password.setText(PASSWORD)
    form.repeat.setText(PASSWORD + "x")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert form.errors.text("repeat") == "Hai lần nhập mật khẩu không giống nhau."
    form.repeat.setText(PASSWORD)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.profile_page
    assert not gui_services.users.has_accounts()  # nothing is written before Finish
    type_text(wizard.profile_page.form.unit_edit, "UBND xã Mường Bon")
    wizard.next()
    wizard.jurisdiction_page.editor.merge_communes([CommuneInput("Xã Mường Bon")])
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert gui_services.office.is_configured()
    actor = gui_services.db.actor
    assert actor is not None and actor.username == "quantri" and actor.role == ROLE_ADMIN


def test_login_dialog_messages_and_success(qtbot: QtBot, gui_services: Services) -> None:
    _with_admin(gui_services)
    dialog = LoginDialog(gui_services.users, "UBND xã Mường Bon")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.username, "quantri")
    type_text(dialog.password, "sai-mat-khau")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors.text("password") == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert dialog.password.text() == "" and dialog.password.echoMode() == QLineEdit.EchoMode.Password
    for _ in range(4):
        type_text(dialog.password, "sai-mat-khau")
        dialog.ok_button.click()
    assert "tạm khóa" in dialog.errors.text("password")
    assert gui_services.db.actor is None


def test_start_asks_to_sign_in_then_to_change_a_reset_password(qtbot: QtBot, gui_services: Services) -> None:
    create_application()
    configure(gui_services)
    add_account(gui_services, "lan", "Phạm Thị Lan", ROLE_STAFF, first_password_only=True)
    seen: list[str] = []

    def change(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        type_text(dialog.old, "mat-khau-ban-dau")  # type: ignore[attr-defined]
        type_text(dialog.new, "mat-khau-cua-lan")  # type: ignore[attr-defined]
        type_text(dialog.repeat, "mat-khau-cua-lan")  # type: ignore[attr-defined]
        dialog.save()  # type: ignore[attr-defined]

    def login(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        type_text(dialog.username, "lan")  # type: ignore[attr-defined]
        type_text(dialog.password, "mat-khau-ban-dau")  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]
        when_modal(change)

    when_modal(login)
    assert sign_in(gui_services)
    assert seen == ["PCMD Desk — Đăng nhập", "Đổi mật khẩu"]
    account = gui_services.users.current()
    assert account is not None and account.username == "lan" and not account.must_change_password


def test_the_main_window_code_loads_while_the_clerk_types(
    qtbot: QtBot, gui_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Đăng nhập» then only builds the window: its modules are imported while the sign-in window waits."""
    create_application()
    configure(gui_services)
    password = add_account(gui_services, "lan", "Phạm Thị Lan", ROLE_STAFF)
    imported: list[bool] = []
    monkeypatch.setattr(app_module, "_import_main_window", lambda: imported.append(True))
    before_typing: list[bool] = []

    def login(dialog: QWidget) -> None:
        qtbot.wait(20)  # the clerk has not typed yet
        before_typing.append(bool(imported))
        type_text(dialog.username, "lan")  # type: ignore[attr-defined]
        type_text(dialog.password, password)  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    when_modal(login)
    assert sign_in(gui_services)
    assert before_typing == [True] and imported == [True]


def test_idle_lock_covers_the_windows_and_keeps_typed_input(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    opened_scan = viewing_folder() / "ban-chup-1.pdf"  # a scan the clerk opened before walking away
    opened_scan.write_bytes(b"%PDF-1.4 scan")
    create_application()
    configure(gui_services)
    _with_admin(gui_services)
    gui_services.users.sign_in("quantri", PASSWORD)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    now = [1000.0]
    watcher = window.idle_watcher
    watcher.clock = lambda: now[0]
    watcher.last_input = now[0]
    type_text(window.business_page.search_edit, "nhà nghỉ")
    watcher.last_input = now[0]
    now[0] += 14 * 60
    watcher.check()
    assert not window.locked
    now[0] += 60
    states: list[tuple[bool, str]] = []

    def unlock(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog) and dialog.locked
        curtain = window.findChild(QWidget, "lock_curtain")
        states.append((curtain is not None and curtain.isVisible(), dialog.username.text()))
        assert not opened_scan.exists()  # locked: no readable scan left in the temporary folder
        type_text(dialog.password, "sai-mat-khau")
        dialog.ok_button.click()
        states.append((dialog.isVisible(), dialog.errors.text("password")))
        type_text(dialog.password, PASSWORD)
        dialog.ok_button.click()

    when_modal(unlock)
    watcher.check()  # 15 minutes without input: locks (the modal runs until unlocked)
    assert states == [(True, "quantri"), (True, "Tên đăng nhập hoặc mật khẩu không đúng.")]
    assert not window.locked
    qtbot.waitUntil(lambda: window.findChild(QWidget, "lock_curtain") is None)
    assert window.business_page.search_edit.text() == "nhà nghỉ"
    window.close()


def test_accounts_dialog_shows_a_lock_only_while_it_lasts(qtbot: QtBot, gui_services: Services) -> None:
    _with_admin(gui_services)
    for _ in range(5):  # the fifth failure in a row locks the account for five minutes
        with pytest.raises(DomainError):
            gui_services.users.sign_in("quantri", "sai-mat-khau")
    gui_services.db.actor = Actor(None, "quantri", ROLE_ADMIN)
    (account,) = gui_services.users.accounts()
    assert account.locked_until is not None
    for now, state in (
        (account.locked_until - timedelta(minutes=1), "Tạm khóa (nhập sai mật khẩu)"),
        (account.locked_until + timedelta(seconds=1), "Đang hoạt động"),  # the lock has run out
    ):
        dialog = UsersDialog(gui_services.users, now=lambda now=now: now)
        qtbot.addWidget(dialog)
        assert dialog.table.item(0, 3).text() == state


def test_accounts_dialog_adds_resets_and_disables(qtbot: QtBot, gui_services: Services) -> None:
    _with_admin(gui_services)
    gui_services.users.sign_in("quantri", PASSWORD)
    dialog = UsersDialog(gui_services.users)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1

    def add(new: QWidget) -> None:
        assert isinstance(new, NewUserDialog)
        type_text(new.username, "binh.lv")
        type_text(new.full_name, "Lê Văn Bình")
        new.role.setCurrentIndex(new.role.findData(ROLE_LEADER))
        type_text(new.password, "ngan")
        new.save()
        assert new.errors.text("password") == "Mật khẩu phải có ít nhất 8 ký tự."
        new.password.setText("mat-khau-ban-dau")
        new.save()

    when_modal(add)
    dialog.add_button.click()
    assert dialog.table.rowCount() == 2
    row = [a.username for a in dialog.accounts].index("binh.lv")
    assert dialog.table.item(row, 2).text() == "Lãnh đạo"
    assert dialog.table.item(row, 3).text() == "Chờ đổi mật khẩu"
    dialog.table.selectRow(row)

    def confirm(box: QWidget) -> None:

        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(confirm)
    dialog.active_button.click()
    assert dialog.table.item(row, 3).text() == "Đã vô hiệu hóa"
    assert dialog.active_button.text() == "&Kích hoạt lại"
    own = [a.username for a in dialog.accounts].index("quantri")
    dialog.table.selectRow(own)
    when_modal(confirm)
    dialog.active_button.click()
    assert dialog.message.text() == "Không thể tự vô hiệu hóa tài khoản đang đăng nhập."
    dialog.idle.setValue(5)
    dialog.idle_button.click()
    assert gui_services.users.idle_minutes() == 5


def test_a_leader_sees_no_change_or_admin_actions(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    password = add_account(gui_services, "lanhdao", "Trần Văn Minh", ROLE_LEADER)
    gui_services.users.sign_in("lanhdao", password)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    for action in (window.users_action, window.audit_action, window.settings_action, window.restore_action):
        assert not action.isEnabled()
    assert not window.backup_action.isEnabled()
    hidden = [
        window.business_page.new_action,
        window.business_page.import_action,
        window.inspection_page.new_visit_button,
        window.inspection_page.hotspot_view.new_hotspot_button,
        window.review_page.start_button,
        window.commitment_page.record_button,
        window.inspection_page.coverage_view.targets_button,
    ]
    assert not any(_shown(control) for control in hidden)
    assert window.business_page.export_action.isVisible()  # reading and exporting stay
    assert any(w.text() == "Người dùng: lanhdao (Lãnh đạo)" for w in window.statusBar().findChildren(QLabel))
    window.close()


def test_audit_page_filters_shows_tampering_and_exports(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_application()
    configure(gui_services)
    _with_admin(gui_services)
    gui_services.users.sign_in("quantri", PASSWORD)
    business_id = gui_services.businesses.create(sample_input(gui_services))
    gui_services.businesses.change_status(business_id, "suspended", "05/01/2026")
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    dialog = AuditDialog(gui_services.audit, window.runner, ui_state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chain_label.text() == "Nhật ký nguyên vẹn: không mục nào bị sửa hay xóa."
    assert dialog.table.rowCount() == len(dialog.rows) >= 3
    dialog.entity.setCurrentIndex(dialog.entity.findData("business"))
    dialog.filter_button.click()
    assert [dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount())] == [
        "Đổi trạng thái",
        "Thêm",
    ]
    assert dialog.table.item(0, 2).text() == "quantri"
    # in the clerk's words: the status by its label, the date as dd/mm/yyyy
    assert (
        dialog.table.item(0, 6).text() == "Ngày hiệu lực: 05/01/2026; Trạng thái: Đang hoạt động → Tạm ngừng"
    )
    type_text(dialog.date_from, "31/02/2026")
    dialog.filter_button.click()
    assert dialog.errors.text("date_from") != ""
    dialog.date_from.clear()
    dialog.filter_button.click()
    assert dialog.errors.text("date_from") == ""

    target = tmp_path / "nhat-ky"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown == ["Đã xuất 2 mục nhật ký ra «nhat-ky.xlsx»."]
    assert (tmp_path / "nhat-ky.xlsx").exists()

    with gui_services.db.unit_of_work() as session:  # someone edits the file behind the app's back
        session.execute(text("UPDATE change_log SET actor = 'người khác' WHERE entity = 'business'"))
    dialog.check_chain()
    assert dialog.chain_label.text().startswith("Nhật ký đã bị can thiệp ngoài chương trình:")
    assert "không khớp" in dialog.chain_label.text()
    window.close()


def test_wizard_shows_the_recovery_key_once_and_waits_for_it_to_be_kept(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.services.app_services import open_services
    from desktop_app.ui.dialogs.recovery_key import key_document

    services = open_services(tmp_path / "moi.sqlite3")
    try:
        key = services.recovery_key
        assert key is not None
        wizard = SetupWizard(services.office, services.users, recovery_key=key)
        qtbot.addWidget(wizard)
        wizard.show()
        form = wizard.account_page.form  # type: ignore[union-attr]
        form.username.setText("quantri")
        form.full_name.setText("Nguyễn Thị Hằng")
        form.password.setText(PASSWORD)
        form.repeat.setText(PASSWORD)
        wizard.next()
        page = wizard.recovery_page
        assert page is not None and wizard.currentPage() is page
        assert page.panel.key_label.text() == key
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        assert not next_button.isEnabled()  # not before the key is kept
        page.panel.saved_box.setChecked(True)
        assert next_button.isEnabled()
        pdf = tmp_path / "khoa.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        page.panel.print_to(printer)
        assert pdf.read_bytes().startswith(b"%PDF")
        assert key in key_document(key, "").toPlainText()
        page.panel.copy_key()
        assert QApplication.clipboard().text() == key
    finally:
        services.close()


def test_a_new_machine_asks_for_the_recovery_key(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.services.app_services import open_services
    from desktop_app.ui.dialogs.recovery_key import RecoveryKeyEntryDialog

    path = tmp_path / "pcmd.sqlite3"
    services = open_services(path)
    key = services.recovery_key
    services.close()
    assert key is not None
    (tmp_path / "pcmd.sqlite3.key").unlink()
    dialog = RecoveryKeyEntryDialog(path, "Dữ liệu được mã hóa.")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.key_edit, "AAAA-BBBB")
    dialog.ok_button.click()
    assert "13 nhóm" in dialog.errors.text("key") and dialog.result() != QDialog.DialogCode.Accepted
    dialog.key_edit.setText(key.lower())
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    open_services(path).close()  # opens again with the new key file


def test_a_clerk_edits_but_does_not_change_settings(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "lan", ROLE_STAFF)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    assert _shown(window.business_page.new_action) and window.backup_action.isEnabled()
    assert _shown(window.inspection_page.new_visit_button) and _shown(window.review_page.start_button)
    assert not _shown(window.inspection_page.coverage_view.targets_button)
    assert not _shown(window.commitment_page.rule_button)
    assert not window.settings_action.isEnabled()
    window.close()


def test_the_lock_holds_when_a_progress_dialog_closes_under_it(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desktop_app.ui.tasks import run_with_progress

    create_application()
    configure(gui_services)
    password = add_account(gui_services, "lan", "Phạm Thị Lan", ROLE_STAFF)
    gui_services.users.sign_in("lan", password)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    done: list[object] = []

    def job(progress: Callable[[int, int], None], _cancel: object) -> int:
        for step in range(20):
            progress(step, 20)
            time.sleep(0.05)
        return 1

    run_with_progress(window.runner, window, "Đang xuất…", job, done.append, done.append)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QProgressDialog), timeout=3000)
    seen: list[bool] = []

    def unlock() -> None:
        dialog = window.lock_dialog
        if dialog is None:
            QTimer.singleShot(10, unlock)
            return
        qtbot.waitUntil(lambda: bool(done), timeout=5000)  # the job ends, its dialog closes, still locked
        seen.append(dialog.isVisible() and window.findChild(QWidget, "lock_curtain") is not None)
        type_text(dialog.password, password)
        dialog.ok_button.click()

    QTimer.singleShot(0, unlock)
    window.lock()
    assert seen == [True] and done == [1]
    assert not window.locked and not window.idle_watcher.paused
    qtbot.waitUntil(lambda: window.findChild(QWidget, "lock_curtain") is None)
    window.close()


def test_the_lock_screen_says_idle_only_after_idle_time(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    password = add_account(gui_services, "lan", "Phạm Thị Lan", ROLE_STAFF)
    gui_services.users.sign_in("lan", password)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    said: list[str] = []

    def unlock(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog)
        said.append(dialog.intro.text())
        type_text(dialog.password, password)
        dialog.ok_button.click()

    when_modal(unlock)
    window.lock_action.trigger()  # Ctrl+L: the clerk locked it on purpose
    when_modal(unlock)
    window.idle_watcher.idle.emit()  # minutes without input
    assert said == [
        "Màn hình đã khóa. Nhập mật khẩu để làm việc tiếp; dữ liệu đang nhập vẫn còn.",
        "Màn hình đã khóa vì lâu không dùng. Nhập mật khẩu để làm việc tiếp; dữ liệu đang nhập vẫn còn.",
    ]
    assert not window.locked
    window.close()
