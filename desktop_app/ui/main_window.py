"""The main window: composes the register pages and the application menu; decides nothing itself."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from desktop_app import __version__
from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import (
    PERM_ADMIN,
    PERM_CASES,
    PERM_EDIT,
    PERM_IDENTITY,
    ROLE_LABELS,
    Actor,
)
from desktop_app.services import registers
from desktop_app.services.app_services import Services
from desktop_app.services.commitments import clear_viewing_copies
from desktop_app.services.data_check import DataCheck
from desktop_app.ui import registers as register_views
from desktop_app.ui.dialogs.account_dialogs import ChangePasswordDialog, LoginDialog
from desktop_app.ui.dialogs.audit_dialog import AuditDialog
from desktop_app.ui.dialogs.help_dialog import HelpDialog
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.dialogs.units_dialog import UnitsDialog
from desktop_app.ui.dialogs.users_dialog import UsersDialog
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import error_text
from desktop_app.ui.idle_lock import Curtain, IdleWatcher, cover_windows, remove_curtains
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.pages.start_page import StartPage
from desktop_app.ui.registers import menu_lists, page_view, register_view, translated
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner, run_with_progress

if TYPE_CHECKING:  # the other pages are built (and their modules imported) on their first visit
    from desktop_app.ui.pages.activity_page import ActivityPage
    from desktop_app.ui.pages.case_page import CasePage
    from desktop_app.ui.pages.commitment_page import CommitmentPage
    from desktop_app.ui.pages.inspection_page import InspectionPage
    from desktop_app.ui.pages.report_page import ReportPage
    from desktop_app.ui.pages.review_page import ReviewPage

CHECK_PROBLEMS_SHOWN = 15


class MainWindow(QMainWindow):
    """Left navigation, one page per register, a status bar with the database location.

    Only the start page and the register are built with the window; every other page is built on its first
    visit (or when code asks for it through its attribute, e.g. `window.inspection_page`), so that start-up
    neither imports nor queries what the clerk has not opened yet."""

    def __init__(self, services: Services, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._ui_state = ui_state
        title = self.tr("PCMD Desk — Quản lý công tác phòng, chống mại dâm")
        if services.demo.is_demo():  # a demo database never passes for the office's real data
            title += self.tr(" — DỮ LIỆU MẪU (không phải số liệu thật)")
        self.setWindowTitle(title)
        self.runner = TaskRunner(self)
        self.start_page = StartPage(services, self, runner=self.runner)
        self.business_page = BusinessPage(services, self.runner, ui_state, self)
        # The start page is shown first, but its year so far waits for the register's rows and columns.
        self.start_page.hold_dashboard()
        self.business_page.columns_loaded.connect(self.start_page.release_dashboard)
        actor = services.actor
        self._built: dict[str, QWidget] = {}
        self.pages = QStackedWidget(self)
        self.nav = QListWidget(self)
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(140)
        self._page_names: list[str] = []
        for view in register_views.PAGES:  # a page that needs a permission exists only for a role that has it
            if view.permission is not None and (actor is None or not actor.can(view.permission)):
                continue
            QListWidgetItem(translated(view.title), self.nav)
            self._page_names.append(view.name)
            self.pages.addWidget(QWidget(self.pages))  # a placeholder until the page is first needed
        for name, page in (("start_page", self.start_page), ("business_page", self.business_page)):
            self._put_page(name, page)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([170, 1100])
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._show_page)
        self.start_page.open_commitments.connect(self.show_commitments)
        self.start_page.open_inspections.connect(self.show_inspection_todo)
        self.business_page.commitments_changed.connect(self._commitments_changed)
        self.business_page.rows_changed.connect(self._register_changed)
        self.business_page.inspections_changed.connect(self._inspections_changed)

        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        self.settings_action = QAction(self.tr("&Cài đặt…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = QAction(self.tr("&Thoát"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.backup_action = QAction(self.tr("&Sao lưu ngay…"), self)
        self.restore_action = QAction(self.tr("&Khôi phục từ bản sao lưu…"), self)
        self.check_action = QAction(self.tr("&Kiểm tra dữ liệu…"), self)
        self.units_action = QAction(self.tr("Sắp xếp địa bàn theo đơn vị &hành chính mới…"), self)
        if not services.backup.available:
            for action in (self.backup_action, self.restore_action):
                action.setEnabled(False)
                action.setToolTip(self.tr("Dữ liệu trên máy chủ được sao lưu bằng công cụ của máy chủ."))
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.units_action)
        file_menu.addSeparator()
        self.lists_menu = file_menu.addMenu(self.tr("&Nhập danh sách khác từ Excel"))
        self.list_import_actions: dict[str, QAction] = {}
        for register in menu_lists():
            label = translated(register_view(register).menu_label)
            permission = registers.register(register).import_permission
            action = self.lists_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, name=register: self.import_list(name))
            if actor is None or not actor.can(permission):
                action.setEnabled(False)
                action.setToolTip(self.tr("Tài khoản này không được nhập danh sách này."))
            self.list_import_actions[register] = action
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.check_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.restore_requested: str | None = None
        self.last_backup: str | None = None
        account_menu = self.menuBar().addMenu(self.tr("Tài &khoản"))
        self.password_action = QAction(self.tr("Đổi &mật khẩu…"), self)
        self.lock_action = QAction(self.tr("&Khóa màn hình"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.users_action = QAction(self.tr("&Người dùng…"), self)
        self.audit_action = QAction(self.tr("Nhật &ký hệ thống…"), self)
        self.sign_out_action = QAction(self.tr("Đăng &xuất"), self)
        account_menu.addAction(self.password_action)
        account_menu.addAction(self.lock_action)
        account_menu.addSeparator()
        account_menu.addAction(self.users_action)
        account_menu.addAction(self.audit_action)
        account_menu.addSeparator()
        account_menu.addAction(self.sign_out_action)
        self.sign_out_requested = False
        self.password_action.triggered.connect(self.change_password)
        self.lock_action.triggered.connect(self.lock)
        self.users_action.triggered.connect(self.open_users)
        self.audit_action.triggered.connect(self.open_audit)
        self.sign_out_action.triggered.connect(self.sign_out)
        is_admin = actor is not None and actor.can(PERM_ADMIN)
        self.check_action.triggered.connect(self.check_data)
        self.units_action.triggered.connect(self.open_units)
        admin_actions = (
            self.users_action,
            self.audit_action,
            self.settings_action,
            self.restore_action,
            self.check_action,
            self.units_action,
        )
        for action in admin_actions:
            if not is_admin:
                action.setEnabled(False)
                action.setToolTip(self.tr("Chỉ tài khoản quản trị dùng được chức năng này."))
        self._apply_role(actor)
        self._curtains: list[Curtain] = []
        self.lock_dialog: LoginDialog | None = None
        self.idle_watcher = IdleWatcher(services.users.idle_minutes(), self)
        self.idle_watcher.idle.connect(self.lock_after_idle)

        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        self.guide_action = QAction(self.tr("&Hướng dẫn sử dụng"), self)
        self.guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.guide_action.triggered.connect(self.open_guide)
        self.help_dialog: HelpDialog | None = None
        help_menu.addAction(self.guide_action)
        self.addAction(self.guide_action)  # F1 works wherever the focus is in the window
        self.shortcuts_action = QAction(self.tr("&Phím tắt"), self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction(self.tr("&Giới thiệu"), self)
        help_menu.addAction(self.about_action)
        self._keyboard_shortcuts()
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self._about)
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action.triggered.connect(self.ask_restore)

        profile = services.office.profile()
        unit = profile.issuing_unit if profile else ""
        self.statusBar().addWidget(QLabel(unit, self))
        if actor is not None:
            self.statusBar().addPermanentWidget(
                QLabel(
                    self.tr("Người dùng: {name} ({role})").format(
                        name=actor.username, role=ROLE_LABELS.get(actor.role, actor.role)
                    ),
                    self,
                )
            )
        self.statusBar().addPermanentWidget(
            QLabel(self.tr("Dữ liệu: {path}").format(path=services.location), self)
        )

        geometry = ui_state.main_geometry
        restored = geometry is not None and self.restoreGeometry(geometry)
        fit_window(self, self.size() if restored else QSize(1280, 720))  # within the screen it opens on
        self.nav.setCurrentRow(0)  # the start page: the to-dos (expired commitments, overdue follow-ups)

    def load(self) -> None:
        """Load the register once the window exists; the other pages load when first shown."""
        self.business_page.reload()

    # ---- Pages, built on first use
    @property
    def commitment_page(self) -> CommitmentPage:
        return cast("CommitmentPage", self._page("commitment_page"))

    @property
    def inspection_page(self) -> InspectionPage:
        return cast("InspectionPage", self._page("inspection_page"))

    @property
    def review_page(self) -> ReviewPage:
        return cast("ReviewPage", self._page("review_page"))

    @property
    def activity_page(self) -> ActivityPage:
        return cast("ActivityPage", self._page("activity_page"))

    @property
    def case_page(self) -> CasePage | None:
        """None for a role that may not see support cases."""
        return cast("CasePage | None", self._page("case_page"))

    @property
    def report_page(self) -> ReportPage | None:
        """None for a role that may not make reports."""
        return cast("ReportPage | None", self._page("report_page"))

    def built_pages(self) -> list[str]:
        """The names of the pages built so far (the start page and the register from the start)."""
        return [name for name in self._page_names if name in self._built]

    def _page(self, name: str) -> QWidget | None:
        """The page called `name`, built now if need be; None if the role signed in has no such page."""
        page = self._built.get(name)
        if page is None and name in self._page_names:
            page = self._build_page(name)
            self._put_page(name, page)
            self._prepare_page(page)
        return page

    def _put_page(self, name: str, page: QWidget) -> None:
        """Put `page` in place of its placeholder in the stack."""
        row = self._page_names.index(name)
        placeholder = self.pages.widget(row)
        was_current = self.pages.currentIndex() == row
        self.pages.insertWidget(row, page)
        if placeholder is not None:
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
        if was_current:
            self.pages.setCurrentIndex(row)
        self._built[name] = page

    def _build_page(self, name: str) -> QWidget:
        services, ui_state, runner = self._services, self._ui_state, self.runner
        actor = services.actor
        if name == "commitment_page":
            from desktop_app.ui.pages.commitment_page import CommitmentPage

            commitments = CommitmentPage(services, runner, ui_state, self)
            commitments.commitments_changed.connect(self.business_page.refresh_commitments)
            return commitments
        if name == "inspection_page":
            from desktop_app.ui.pages.inspection_page import InspectionPage

            inspections = InspectionPage(services, runner, ui_state, self, rows=self.business_page.model.rows)
            inspections.inspections_changed.connect(self.business_page.refresh_inspections)
            return inspections
        if name == "review_page":
            from desktop_app.ui.pages.review_page import ReviewPage

            return ReviewPage(services, self)
        if name == "activity_page":
            from desktop_app.ui.pages.activity_page import ActivityPage

            return ActivityPage(
                services.activities,
                lambda: services.office.communes(include_inactive=True),
                lambda: services.communication_transfer,  # the transfers and openpyxl load on first use
                lambda: services.training_transfer,
                runner,
                ui_state,
                self,
                can_edit=actor is not None and actor.can(PERM_EDIT),
            )
        if name == "case_page":
            from desktop_app.ui.pages.case_page import CasePage

            assert actor is not None
            return CasePage(
                services.cases,
                lambda: services.office.communes(include_inactive=True),
                actor.can(PERM_IDENTITY),
                self,
                can_erase=actor.can(PERM_ADMIN),
                transfer=lambda: services.case_transfer,
                runner=runner,
                ui_state=ui_state,
            )
        if name == "report_page":
            from desktop_app.ui.pages.report_page import ReportPage

            can_admin = actor is not None and actor.can(PERM_ADMIN)
            return ReportPage(
                services.reports, runner, ui_state, self, can_admin=can_admin, issued=services.issued_reports
            )
        # a new page built the usual way: `Page(services, runner, ui_state, parent)`
        module, _, class_name = page_view(name).page_class.partition(":")
        page: QWidget = getattr(importlib.import_module(module), class_name)(services, runner, ui_state, self)
        return page

    def _prepare_page(self, page: QWidget) -> None:
        """What the window does to each page: hide what the role may not do, Ctrl+N on its add buttons (a
        button's shortcut works only while its page, or tab, is shown), Tab onto its toolbar buttons."""
        hidden: list[QWidget | QAction] = []
        if not self._can_edit and hasattr(page, "edit_controls"):
            hidden += page.edit_controls()
        if not self._can_admin and hasattr(page, "admin_controls"):
            hidden += page.admin_controls()
        for control in hidden:
            control.setVisible(False)
        adds = [
            getattr(page, name)
            for name in (
                "record_button",
                "new_visit_button",
                "new_event_button",
                "new_training_button",
                "new_button",
            )
            if hasattr(page, name)
        ]
        hotspot_view = getattr(page, "hotspot_view", None)
        if hotspot_view is not None:
            adds.append(hotspot_view.new_hotspot_button)
        for button in adds:
            button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
            button.setToolTip(f"{button.toolTip()} (Ctrl+N)".lstrip())
        for toolbar in page.findChildren(QToolBar):
            for tool_button in toolbar.findChildren(QToolButton):
                tool_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _keyboard_shortcuts(self) -> None:
        """Ctrl+1…Ctrl+9 open the pages in the list's order (building a page on its first visit); Ctrl+N and
        Tab on toolbars are given to each page as it is built (`_prepare_page`)."""
        for number in range(1, min(self.nav.count(), 9) + 1):
            keys = QKeySequence(f"Ctrl+{number}", QKeySequence.SequenceFormat.PortableText)
            QShortcut(keys, self).activated.connect(lambda row=number - 1: self.go_to_page(row))
        for page in self._built.values():
            self._prepare_page(page)

    @Slot(int)
    def go_to_page(self, row: int) -> None:
        """Show the page at `row` of the list and put the keyboard on its first field or button."""
        self.nav.setCurrentRow(row)
        page = self.pages.widget(row)
        widget = page.nextInFocusChain() if page is not None else None
        while widget is not None and widget is not page and page is not None and page.isAncestorOf(widget):
            if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    @Slot()
    def show_shortcuts(self) -> None:
        titles = [self.nav.item(row).text() for row in range(self.nav.count())]
        ShortcutsDialog(titles, self).exec()

    @Slot(int)
    def _show_page(self, row: int) -> None:
        name = self._page_names[row] if 0 <= row < len(self._page_names) else ""
        if name:
            self._page(name)  # built on its first visit, before it is shown
        self.pages.setCurrentIndex(row)
        if name == "review_page":
            self.review_page.reload()
        elif name == "commitment_page":
            self.commitment_page.ensure_loaded(self.business_page.model)
        elif name == "inspection_page":
            self.inspection_page.ensure_loaded()
        elif name == "start_page":
            self.start_page.reload()
        elif name == "activity_page":
            self.activity_page.ensure_loaded()
        elif name == "case_page" and self.case_page is not None:
            self.case_page.ensure_loaded()

    @Slot()
    def _register_changed(self) -> None:
        if "commitment_page" in self._built:  # a page not built yet loads fresh rows when first shown
            self.commitment_page.mark_stale()
            if self.pages.currentWidget() is self.commitment_page:
                self.commitment_page.ensure_loaded(self.business_page.model)
        if "inspection_page" in self._built:
            self.inspection_page.mark_stale()

    @Slot()
    def _inspections_changed(self) -> None:
        if "inspection_page" in self._built:
            self.inspection_page.mark_stale()

    def import_list(self, register: str) -> None:
        """The import wizard on one of the dated registers' lists; the pages it touches reload after."""
        from desktop_app.ui.dialogs.import_dialog import ImportDialog  # the readers load on first import

        transfer = self._services.transfer_for(register)
        dialog = ImportDialog(transfer, self.runner, self._ui_state, self)
        dialog.exec()
        if not dialog.imported:
            return
        self.business_page.reload()
        self._register_changed()
        for name in ("activity_page", "case_page", "inspection_page"):
            page = self._built.get(name)
            if page is not None and hasattr(page, "reload"):
                page.reload()
        self.start_page.reload()

    @Slot(str)
    def show_commitments(self, group: str) -> None:
        """Open the commitments page on the list of businesses in `group`, over the whole territory."""
        self.nav.setCurrentRow(self.pages.indexOf(self.commitment_page))
        self.commitment_page.show_group(None, group)

    @Slot()
    def show_inspection_todo(self) -> None:
        """Open the inspections page on its to-do list (follow-ups due, planned visits)."""
        self.nav.setCurrentRow(self.pages.indexOf(self.inspection_page))
        self.inspection_page.tabs.setCurrentIndex(1)

    @Slot()
    def _commitments_changed(self) -> None:
        if "commitment_page" in self._built:
            self.commitment_page.refresh()
        self.start_page.reload()

    @Slot()
    def open_settings(self) -> None:
        actor = self._services.actor
        dialog = SettingsDialog(
            self._services.settings,
            self,
            with_cases=actor is not None and actor.can(PERM_CASES),
            ui_state=self._ui_state,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.business_page.reload()
            if "commitment_page" in self._built:
                self.commitment_page.refresh()

    @Slot()
    def open_units(self) -> None:
        """Tệp → Sắp xếp địa bàn theo đơn vị hành chính mới…; the register shows the new communes after."""
        dialog = UnitsDialog(self._services.units, self.runner, self._ui_state, self)
        dialog.converted.connect(self.business_page.reload)
        dialog.exec()

    def help_section(self) -> str:
        """The guide's anchor for the page shown (its section in resources/help/huong-dan.md)."""
        row = self.pages.currentIndex()
        return page_view(self._page_names[row]).help_section if 0 <= row < len(self._page_names) else ""

    @Slot()
    def open_guide(self) -> None:
        """Trợ giúp → Hướng dẫn sử dụng (F1): the guide, offline, at the section of the page shown."""
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show_section(self.help_section())

    @Slot()
    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Giới thiệu PCMD Desk"),
            self.tr(
                "<b>PCMD Desk {version}</b><br>Quản lý cơ sở kinh doanh dịch vụ có điều kiện, cam kết, "
                "kiểm tra và báo cáo công tác phòng, chống mại dâm.<br>Dữ liệu: {path}"
            ).format(version=__version__, path=self._services.location),
        )

    def _apply_role(self, actor: Actor | None) -> None:
        """Hide what the role may not do: changes for a read-only role, settings for all but administrators.
        The services refuse these anyway; hiding them spares the clerk a refusal."""
        self._can_edit = actor is not None and actor.can(PERM_EDIT)
        self._can_admin = actor is not None and actor.can(PERM_ADMIN)
        if not self._can_edit:
            self.backup_action.setEnabled(False)
        # each page's controls are hidden as it is built (`_prepare_page`)

    # ---- Account
    @Slot()
    def change_password(self) -> None:
        ChangePasswordDialog(self._services.users, parent=self).exec()

    @Slot()
    def open_users(self) -> None:
        dialog = UsersDialog(self._services.users, self, ui_state=self._ui_state)
        dialog.idle_minutes_changed.connect(self.set_idle_minutes)
        dialog.exec()

    @Slot()
    def open_audit(self) -> None:
        AuditDialog(self._services.audit, self.runner, self._ui_state, self).exec()

    @Slot(int)
    def set_idle_minutes(self, minutes: int) -> None:
        self.idle_watcher.minutes = minutes

    @property
    def locked(self) -> bool:
        return bool(self._curtains)

    @Slot()
    def lock_after_idle(self) -> None:
        self.lock(idle=True)

    @Slot()
    def lock(self, idle: bool = False) -> None:
        """Cover every window, delete the scans opened for viewing, and ask for the password; open dialogs
        and typed input stay as they were.

        The password dialog belongs to the main window (a progress dialog that closes when its job ends
        must not take it along); anything but a successful unlock closes the app."""
        actor = self._services.actor
        if self.locked or actor is None:
            return
        self.idle_watcher.paused = True
        clear_viewing_copies()  # no readable scan stays in the temporary folder while nobody is there
        unlocked = False
        try:
            self._curtains = cover_windows()
            dialog = LoginDialog(self._services.users, locked_user=actor.username, parent=self, idle=idle)
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.lock_dialog = dialog
            unlocked = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            remove_curtains(self._curtains)
            self._curtains = []
            self.lock_dialog = None
            self.idle_watcher.last_input = self.idle_watcher.clock()
            self.idle_watcher.paused = False
        if not unlocked:
            QApplication.quit()  # leaves every event loop, open dialogs included

    @Slot()
    def sign_out(self) -> None:
        self.sign_out_requested = True
        self.close()

    # ---- Backup and restore
    @Slot()
    def backup_now(self) -> None:
        """A verified copy into a folder the clerk picks (a USB stick), the backup folder by default."""
        backup = self._services.backup
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Chọn thư mục nhận bản sao lưu"), str(backup.folder)
        )
        if not folder:
            return

        def done(path: Any) -> None:
            self.last_backup = str(path)
            QMessageBox.information(
                self,
                self.tr("Đã sao lưu"),
                self.tr("Đã sao lưu vào «{path}». Bản sao đã được kiểm tra.").format(path=path),
            )

        def failed(err: BaseException) -> None:
            text = (
                error_text(err)
                if isinstance(err, DomainError)
                else self.tr("Lỗi không mong đợi khi sao lưu; dữ liệu đang dùng không bị ảnh hưởng.")
            )
            QMessageBox.warning(self, self.tr("Chưa sao lưu được"), text)

        run_with_progress(
            self.runner,
            self,
            self.tr("Đang sao lưu dữ liệu…"),
            lambda progress, cancel: backup.backup_now(folder, progress, cancel),
            done,
            failed,
        )

    @Slot()
    def check_data(self) -> None:
        """The administrator's check: the file's integrity, the change log's chain, every scan read back."""
        services = self._services

        def check(_progress: object, _cancel: object) -> DataCheck:
            return services.check_data()

        def done(found: Any) -> None:
            assert isinstance(found, DataCheck)
            if found.ok:
                QMessageBox.information(self, self.tr("Kiểm tra dữ liệu"), "\n".join(found.advice))
                return
            problems = found.problems
            shown = [f"• {problem}" for problem in problems[:CHECK_PROBLEMS_SHOWN]]
            if len(problems) > CHECK_PROBLEMS_SHOWN:
                shown.append(self.tr("… và {n} vấn đề khác.").format(n=len(problems) - CHECK_PROBLEMS_SHOWN))
            shown.append("")
            shown += found.advice
            QMessageBox.warning(self, self.tr("Dữ liệu có vấn đề"), "\n".join(shown))

        def failed(err: BaseException) -> None:
            text = (
                error_text(err)
                if isinstance(err, DomainError)
                else self.tr("Lỗi không mong đợi khi kiểm tra.")
            )
            QMessageBox.warning(self, self.tr("Chưa kiểm tra được"), text)

        run_with_progress(self.runner, self, self.tr("Đang kiểm tra dữ liệu…"), check, done, failed)

    @Slot()
    def ask_restore(self) -> None:
        """Pick a backup, check it, confirm; the restore itself runs once the window has closed the data."""
        backup = self._services.backup
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn bản sao lưu để khôi phục"),
            str(backup.folder),
            self.tr("Bản sao lưu PCMD Desk (pcmd-*.sqlite3);;Mọi tệp (*)"),
        )
        if not path:
            return
        try:
            backup.prepare_restore(path)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Không khôi phục được"), error_text(err))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Khôi phục dữ liệu"),
            self.tr(
                "Thay toàn bộ dữ liệu đang dùng bằng bản sao lưu «{name}»?\n\nDữ liệu hiện tại được sao lưu "
                "trước vào thư mục «{folder}». Ứng dụng sẽ mở lại sau khi khôi phục."
            ).format(name=Path(path).name, folder=backup.folder),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested = path
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_watcher.stop()
        self.runner.wait()
        self._ui_state.main_geometry = self.saveGeometry()
        self._ui_state.sync()
        super().closeEvent(event)
