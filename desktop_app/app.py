"""Composition root: the Qt application, fonts, translators, the database, the wizard and the main window."""

from __future__ import annotations

import functools
import gc
import importlib
import logging
import os
import pkgutil
import platform
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import PySide6
from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from desktop_app import __version__, ui
from desktop_app.domain.errors import DomainError, KeyMissingError
from desktop_app.domain.security import PERM_ADMIN, Actor
from desktop_app.paths import APP_NAME, data_dir, default_database, log_file, resource
from desktop_app.ui.dialogs.account_dialogs import ChangePasswordDialog, LoginDialog
from desktop_app.ui.gc_guard import collect_on_gui_thread
from desktop_app.ui.i18n import UI_FONT_FAMILY, install_translators, load_fonts, loggable_error
from desktop_app.ui.refcount_probe import none_refcount_probe
from desktop_app.ui.settings import UiState

# The services (SQLAlchemy, the storage models), the main window and the setup wizard are imported when
# first needed: the sign-in window is on screen before them, and the data opens while the clerk types.
if TYPE_CHECKING:
    from desktop_app.services.app_services import Services
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger("desktop_app")


GUI_SWITCH_INTERVAL_S = 0.001


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, icon, bundled fonts and Vietnamese translators."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    icon = resource("icons", "app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_fonts(app)
    install_translators(app)
    collect_on_gui_thread(app)  # never destroy widgets from the background worker's thread
    return app


def _configure_logging() -> None:
    """Log to a file in the data folder; never personal values (services log ids, not names)."""
    try:
        folder = data_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the data folder: its owner's only
        logging.basicConfig(
            filename=str(log_file()),
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    except OSError:
        logging.basicConfig(level=logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors: logged with the traceback, shown to the clerk as one calm sentence."""
    log.error("Unexpected error: %s", loggable_error(kind, tb))
    text = (
        value.message
        if isinstance(value, DomainError)
        else (
            "Đã xảy ra lỗi không mong đợi; thao tác vừa rồi chưa được lưu. Chi tiết đã được ghi vào nhật ký."
        )
    )
    QMessageBox.critical(None, "PCMD Desk", text)


def self_test_qt() -> str:
    """The Qt part of `--self-test` (offscreen unless a platform is set): the application with its bundled
    font and Vietnamese buttons, every UI module importable (no Qt module left out of a slimmed build), and
    Vietnamese text rendered. Raises RuntimeError with what is wrong."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_application()
    for module in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        importlib.import_module(module.name)
    if app.font().family() != UI_FONT_FAMILY:
        raise RuntimeError(f"Phông giao diện / UI font: {app.font().family()} ≠ {UI_FONT_FAMILY}")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel != "Hủy":
        raise RuntimeError(f"Bản dịch nút bấm / button translation: Cancel → {cancel}")
    label = QLabel("Cộng hòa xã hội chủ nghĩa Việt Nam")
    label.adjustSize()
    if label.grab().isNull():
        raise RuntimeError("Không vẽ được cửa sổ / nothing rendered")
    probe = none_refcount_probe()
    if not probe.ok:
        raise RuntimeError(
            f"PySide6 {PySide6.__version__} trên Python {platform.python_version()} làm rơi tham chiếu None "
            f"({probe.describe()}): chương trình sẽ dừng đột ngột sau vài nghìn thao tác. Cài lại bản đã "
            "kiểm định. / leaks references to None and would abort with none_dealloc"
        )
    return (
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}, {app.platformName()}, {app.font().family()}, "
        f"Cancel → {cancel}, {probe.describe()}"
    )


def build_main_window(services: Services, ui_state: UiState | None = None) -> MainWindow:
    from desktop_app.ui.main_window import MainWindow

    # Painting the register calls into Python for every cell shown, taking the interpreter each time; while
    # the worker loads the rest, each call waited up to the switch interval (Python's 5 ms) for it. 1 ms
    # keeps the window painting (set here, not before: the data's opening while the clerk signs in runs
    # faster with the longer interval).
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    window = MainWindow(services, ui_state or UiState())
    window.load()
    return window


def run(db: str | None) -> int:
    """Start the GUI on `db` (default: the per-user database). Returns the exit code."""
    _configure_logging()
    app = create_application()
    sys.excepthook = _excepthook
    target = db or default_database()
    while True:
        opened = _open_while_signing_in(target)
        if opened is None:
            continue  # the key file is back: open again
        if isinstance(opened, int):
            return opened
        login, staged, services = opened
        from desktop_app.services.app_services import abandon_first_start, finish_first_start
        from desktop_app.services.commitments import clear_viewing_copies

        restore: str | None = None
        restorer: Actor | None = None
        signed_out = False
        try:
            if login is not None and login.result() == QDialog.DialogCode.Rejected and not login.isVisible():
                return 0  # «Thoát chương trình» while the data was opening
            if not sign_in(services, login):
                return 0
            if staged is not None:  # Hoàn tất: only now does the data go where it lives
                try:
                    services = finish_first_start(services, staged, target)
                except DomainError as err:
                    QMessageBox.critical(None, "PCMD Desk", err.message)
                    return 1
                staged = None
            window = build_main_window(services, UiState(QSettings()))
            window.show()
            QTimer.singleShot(DAILY_BACKUP_DELAY_MS, functools.partial(_daily_backup, window, services))
            code = app.exec()
            restore = window.restore_requested
            restorer = services.actor  # the administrator who asked, recorded in the restored data
            signed_out = window.sign_out_requested
            if restore is None:
                _backup_quietly(services, closing=True)
            _sign_out_quietly(services)
        finally:
            services.close()
            if staged is not None:
                abandon_first_start(staged)
            clear_viewing_copies()
        if restore is not None:
            _restore(target, restore, restorer)
        elif not signed_out:
            return code


def _open_while_signing_in(
    target: str | os.PathLike[str],
) -> tuple[LoginDialog | None, Path | None, Services] | int | None:
    """The data opened, with the sign-in window shown meanwhile (when the file exists) and the staged folder
    of a first start; an exit code when it cannot be opened; None when the recovery key was put back."""
    login = LoginDialog(None) if _existing_file(target) else None
    try:
        if login is not None:  # the clerk types while the data opens
            login.show()
        staged, services = _in_background(_open, target)
    except KeyMissingError as err:
        if login is not None:
            login.close()
        from desktop_app.ui.dialogs.recovery_key import RecoveryKeyEntryDialog

        if RecoveryKeyEntryDialog(target, err.message).exec() != QDialog.DialogCode.Accepted:
            return 1
        return None
    except DomainError as err:
        if login is not None:
            login.close()
        QMessageBox.critical(None, "PCMD Desk", err.message)
        return 1
    return login, staged, services


def _existing_file(target: str | os.PathLike[str]) -> bool:
    """A database file already there (not a server's URL, not a first start): its sign-in comes first."""
    text = os.fspath(target)
    return "://" not in text and Path(text).is_file()


def _open(target: str | os.PathLike[str]) -> tuple[Path | None, Services]:
    """Import the services and open the data (a first start prepares it aside): Qt-free, any thread."""
    from desktop_app.services.app_services import abandon_first_start, first_start, open_services
    from desktop_app.services.commitments import clear_viewing_copies

    clear_viewing_copies()  # scans a viewer held open when the app last closed
    staged = first_start(target)
    try:
        opened = staged, open_services(staged or target)
    except BaseException:
        if staged is not None:
            abandon_first_start(staged)
        raise
    # What the imports built (the services, SQLAlchemy, the models: hundreds of thousands of objects) lives
    # as long as the app: frozen now, no collection on the GUI thread walks it again (a first collection
    # after the window appeared took 50–60 ms). Freezing collects nothing, so it is safe on this thread.
    gc.freeze()
    return opened


def _in_background(job: Callable[[str | os.PathLike[str]], Any], target: str | os.PathLike[str]) -> Any:
    """`job(target)` on a thread of its own while the GUI thread keeps answering (the sign-in window is
    typed into); its result, or its exception raised here. Only plain Python runs on that thread."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = job(target)
        except BaseException as err:  # handed to the GUI thread, raised there
            outcome["error"] = err

    thread = threading.Thread(target=work, name="open-database", daemon=False)
    thread.start()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    timer.start()
    loop.exec()
    timer.stop()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def sign_in(services: Services, login: LoginDialog | None = None) -> bool:
    """Whoever starts the app signs in; a database without an account (or an office) gets the setup wizard
    first, which creates the administrator and signs in with it. False when the clerk gives up. `login`:
    the sign-in window already shown while the data opened."""
    from desktop_app.ui.dialogs.setup_wizard import SetupWizard

    users = services.users
    if not users.has_accounts():
        if login is not None:
            login.close()
        wizard = SetupWizard(services.office, users, recovery_key=services.recovery_key)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return False
    else:
        profile = services.office.profile()
        unit = profile.issuing_unit if profile else ""
        if login is None:
            login = LoginDialog(users, unit)
        else:
            login.set_users(users, unit)
        # While the clerk types: the main window's code, so that «Đăng nhập» only builds it.
        QTimer.singleShot(0, _import_main_window)
        if login.exec() != QDialog.DialogCode.Accepted:
            return False
        forced = login.account is not None and login.account.must_change_password
        if forced and ChangePasswordDialog(users, forced=True).exec() != QDialog.DialogCode.Accepted:
            _sign_out_quietly(services)
            return False
        if not services.office.is_configured():
            actor = services.actor
            if actor is None or not actor.can(PERM_ADMIN):
                QMessageBox.warning(
                    None,
                    "PCMD Desk",
                    "Đơn vị chưa được thiết lập: hãy nhờ người có tài khoản quản trị đăng nhập để thiết lập.",
                )
                _sign_out_quietly(services)
                return False
            if SetupWizard(services.office).exec() != QDialog.DialogCode.Accepted:
                _sign_out_quietly(services)
                return False
    return True


def _import_main_window() -> None:
    importlib.import_module("desktop_app.ui.main_window")


def _sign_out_quietly(services: Services) -> None:
    try:
        services.users.sign_out()
    except DomainError as err:
        log.warning("sign-out not recorded: %s", loggable_error(type(err), err.__traceback__))


DAILY_BACKUP_DELAY_MS = 5000


def _daily_backup(window: MainWindow, services: Services) -> None:
    """The day's first backup, off the GUI thread once the window is up; a failure is logged only."""
    window.runner.start(
        lambda _progress, _cancel: services.backup.automatic(closing=False),
        lambda _path: None,
        lambda err: log.warning("automatic backup failed: %s", loggable_error(type(err), err.__traceback__)),
    )


def _backup_quietly(services: Services, closing: bool) -> None:
    try:
        services.backup.automatic(closing=closing)
    except DomainError as err:
        log.warning("automatic backup failed: %s", loggable_error(type(err), err.__traceback__))


def _restore(target: str | os.PathLike[str], backup: str, actor: Actor | None) -> None:
    """Restore with every connection closed, tell the clerk the outcome; the caller opens the data again."""
    from desktop_app.services.backup import restore_database

    try:
        safety = restore_database(target, backup, actor=actor)
    except DomainError as err:
        QMessageBox.warning(None, "PCMD Desk", err.message)
        return
    QMessageBox.information(
        None,
        "PCMD Desk",
        f"Đã khôi phục dữ liệu từ «{Path(backup).name}». Dữ liệu trước khi khôi phục được giữ ở «{safety}».",
    )
