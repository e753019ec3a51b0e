"""The administrator's accounts dialog: add, change role, reset a password, disable or enable again; the
idle-lock time. Accounts are never deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import (
    IDLE_MINUTES_MAX,
    IDLE_MINUTES_MIN,
    MIN_PASSWORD_LENGTH,
    ROLE_LABELS,
    ROLE_STAFF,
    UserAccount,
    UserInput,
)
from desktop_app.services.users import UserService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP, error_text
from desktop_app.ui.widgets.forms import FieldErrors, form_row, note_label, password_edit, save_cancel

COLUMNS = (
    QT_TRANSLATE_NOOP("UsersDialog", "Tên đăng nhập"),
    QT_TRANSLATE_NOOP("UsersDialog", "Họ và tên"),
    QT_TRANSLATE_NOOP("UsersDialog", "Vai trò"),
    QT_TRANSLATE_NOOP("UsersDialog", "Tình trạng"),
    QT_TRANSLATE_NOOP("UsersDialog", "Đăng nhập lần cuối"),
)


def _role_combo(parent: QWidget, current: str = ROLE_STAFF) -> QComboBox:
    combo = QComboBox(parent)
    for code, label in ROLE_LABELS.items():
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _state(account: UserAccount, now: datetime) -> str:
    if not account.active:
        return "Đã vô hiệu hóa"
    if account.is_locked(now):  # a lock that has run out is over: the next sign-in is tried as usual
        return "Tạm khóa (nhập sai mật khẩu)"
    if account.must_change_password:
        return "Chờ đổi mật khẩu"
    return "Đang hoạt động"


class NewUserDialog(QDialog):
    """A new account: the administrator gives a first password, which its holder changes at first sign-in."""

    def __init__(self, users: UserService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self._users = users
        self.setWindowTitle(self.tr("Thêm tài khoản"))
        self.username = QLineEdit(self)
        self.username.setMaxLength(40)
        self.full_name = QLineEdit(self)
        self.full_name.setMaxLength(120)
        self.role = _role_combo(self)
        self.password = password_edit(self)
        self.errors = FieldErrors()
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Tên đăng nhập:"), "username", self.username)
        form_row(form, self.errors, self.tr("Họ và tên:"), "full_name", self.full_name)
        form_row(form, self.errors, self.tr("Vai trò:"), "role", self.role)
        form_row(form, self.errors, self.tr("Mật khẩu ban đầu:"), "password", self.password)
        note = self.tr("Ít nhất {n} ký tự; người dùng phải đổi mật khẩu này khi đăng nhập lần đầu.")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note_label(note.format(n=MIN_PASSWORD_LENGTH), self))
        layout.addWidget(save_cancel(self, self.save))

    @Slot()
    def save(self) -> None:
        data = UserInput(
            self.username.text(), self.full_name.text(), str(self.role.currentData()), self.password.text()
        )
        try:
            self._users.add(data)
        except DomainError as err:
            self.errors.show(err)
            return
        self.accept()


class PasswordResetDialog(QDialog):
    def __init__(self, users: UserService, account: UserAccount, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self._users = users
        self._account = account
        self.setWindowTitle(self.tr("Đặt lại mật khẩu"))
        self.password = password_edit(self)
        self.errors = FieldErrors()
        form = QFormLayout()
        form.addRow(self.tr("Tài khoản:"), QLabel(f"{account.username} — {account.full_name}", self))
        form_row(form, self.errors, self.tr("Mật khẩu mới:"), "password", self.password)
        note = self.tr("Người dùng phải đổi mật khẩu này khi đăng nhập; tài khoản được mở khóa.")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note_label(note, self))
        layout.addWidget(save_cancel(self, self.save))

    @Slot()
    def save(self) -> None:
        try:
            self._users.reset_password(self._account.id, self.password.text())
        except DomainError as err:
            self.errors.show(err)
            return
        self.accept()


class UsersDialog(QDialog):
    idle_minutes_changed = Signal(int)

    def __init__(
        self,
        users: UserService,
        parent: QWidget | None = None,
        ui_state: Any = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._users = users
        self._now = now
        self.accounts: list[UserAccount] = []
        self.setWindowTitle(self.tr("Người dùng"))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(self.tr("&Thêm…"), self)
        self.role_combo = _role_combo(self)
        self.role_button = QPushButton(self.tr("Đổi &vai trò"), self)
        self.reset_button = QPushButton(self.tr("Đặt lại &mật khẩu…"), self)
        self.active_button = QPushButton(self.tr("Vô &hiệu hóa"), self)
        row = QHBoxLayout()
        for widget in (
            self.add_button,
            self.role_combo,
            self.role_button,
            self.reset_button,
            self.active_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        self.idle = QSpinBox(self)
        self.idle.setRange(IDLE_MINUTES_MIN, IDLE_MINUTES_MAX)
        self.idle.setSuffix(self.tr(" phút"))
        self.idle.setValue(users.idle_minutes())
        self.idle_button = QPushButton(self.tr("Lưu"), self)
        idle_row = QHBoxLayout()
        idle_row.addWidget(QLabel(self.tr("Tự khóa màn hình sau khi không dùng:"), self))
        idle_row.addWidget(self.idle)
        idle_row.addWidget(self.idle_button)
        idle_row.addStretch(1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(idle_row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.idle_button.clicked.connect(self.save_idle)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        fit_window(self, QSize(860, 460), ui_state=ui_state, key="users")
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.accounts = self._users.accounts()
        now = self._now()
        self.table.setRowCount(len(self.accounts))
        for r, account in enumerate(self.accounts):
            last = account.last_login_at.strftime("%d/%m/%Y %H:%M") if account.last_login_at else ""
            values = (account.username, account.full_name, account.role_label, _state(account, now), last)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
            if account.id == select_id:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> UserAccount | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    @Slot()
    def _selection_changed(self) -> None:
        account = self.selected()
        for widget in (self.role_combo, self.role_button, self.reset_button, self.active_button):
            widget.setEnabled(account is not None)
        if account is not None:
            self.role_combo.setCurrentIndex(self.role_combo.findData(account.role))
            self.active_button.setText(
                self.tr("&Kích hoạt lại") if not account.active else self.tr("Vô &hiệu hóa")
            )

    def _run(self, action: str, work: Callable[[], None]) -> None:
        account = self.selected()
        try:
            work()
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        self.message.setText(action)
        self.reload(account.id if account else None)

    @Slot()
    def add_user(self) -> None:
        dialog = NewUserDialog(self._users, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.message.setText(self.tr("Đã thêm tài khoản."))
            self.reload()

    @Slot()
    def change_role(self) -> None:
        account = self.selected()
        if account is not None:
            role = str(self.role_combo.currentData())
            self._run(self.tr("Đã đổi vai trò."), lambda: self._users.set_role(account.id, role))

    @Slot()
    def reset_password(self) -> None:
        account = self.selected()
        if account is not None and PasswordResetDialog(self._users, account, self).exec():
            self.message.setText(self.tr("Đã đặt lại mật khẩu của «{name}».").format(name=account.username))
            self.reload(account.id)

    @Slot()
    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        if account.active:
            answer = QMessageBox.question(
                self,
                self.tr("Vô hiệu hóa tài khoản"),
                self.tr("Vô hiệu hóa tài khoản «{name}»? Người này sẽ không đăng nhập được nữa.").format(
                    name=account.username
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._run(
            self.tr("Đã cập nhật tình trạng tài khoản."),
            lambda: self._users.set_active(account.id, not account.active),
        )

    @Slot()
    def save_idle(self) -> None:
        try:
            self._users.set_idle_minutes(self.idle.value())
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        self.message.setText(
            self.tr("Đã lưu: màn hình tự khóa sau {n} phút không dùng.").format(n=self.idle.value())
        )
        self.idle_minutes_changed.emit(self.idle.value())
