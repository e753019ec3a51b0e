"""Signing in, unlocking after idle time, changing one's own password, and the first administrator's form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.security import MIN_PASSWORD_LENGTH, ROLE_ADMIN, UserAccount, UserInput
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.forms import ERROR_STYLE, FieldErrors, form_row, password_edit, save_cancel

if TYPE_CHECKING:  # the sign-in window is shown before the services (and SQLAlchemy) are imported
    from desktop_app.services.users import UserService


class LoginDialog(QDialog):
    """The sign-in at start; with `locked_user`, the unlock of a locked screen (the name is fixed), which
    says why it locked: after idle time, or because the user locked it.

    At start the window may be shown before the data is open (`users` None): the clerk types meanwhile,
    and «Đăng nhập» is enabled once `set_users` hands over the opened data's accounts."""

    def __init__(
        self,
        users: UserService | None,
        unit: str = "",
        locked_user: str | None = None,
        parent: QWidget | None = None,
        idle: bool = False,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._users = users
        self.account: UserAccount | None = None
        self.locked = locked_user is not None
        self.setWindowTitle(
            self.tr("PCMD Desk — Đã khóa") if self.locked else self.tr("PCMD Desk — Đăng nhập")
        )
        self.setModal(True)
        self.intro = intro = QLabel(self)
        intro.setWordWrap(True)
        if self.locked:
            intro.setText(
                self.tr(
                    "Màn hình đã khóa vì lâu không dùng. Nhập mật khẩu để làm việc tiếp; "
                    "dữ liệu đang nhập vẫn còn."
                )
                if idle
                else self.tr("Màn hình đã khóa. Nhập mật khẩu để làm việc tiếp; dữ liệu đang nhập vẫn còn.")
            )
        else:
            intro.setText(unit or self.tr("Quản lý công tác phòng, chống mại dâm"))
        self.username = QLineEdit(self)
        self.username.setMaxLength(40)
        self.password = password_edit(self)
        if locked_user is not None:
            self.username.setText(locked_user)
            self.username.setReadOnly(True)
        self.errors = FieldErrors()
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Tên đăng nhập:"), "username", self.username)
        form_row(form, self.errors, self.tr("Mật khẩu:"), "password", self.password)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Mở khóa") if self.locked else self.tr("Đăng nhập"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.buttons.addButton(self.tr("Thoát chương trình"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        self.opening = QLabel(self.tr("Đang mở dữ liệu, xin chờ giây lát…"), self)
        self.opening.setVisible(users is None)
        self.ok_button.setEnabled(users is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.opening)
        layout.addWidget(self.buttons)
        (self.password if self.locked else self.username).setFocus()
        self.setMinimumWidth(420)

    def set_users(self, users: UserService, unit: str = "") -> None:
        """The data is open: sign-in is possible (the unit's name replaces the general title)."""
        self._users = users
        if unit and not self.locked:
            self.intro.setText(unit)
        self.opening.hide()
        self.ok_button.setEnabled(True)
        self.ok_button.setDefault(True)

    @Slot()
    def try_sign_in(self) -> None:
        if self._users is None:  # the data is still opening: the button is not enabled yet
            return
        try:
            self.account = self._users.sign_in(self.username.text(), self.password.text())
        except DomainError as err:
            self.password.clear()
            self.errors.show(err)
            self.password.setFocus()
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    """A user changes their own password; `forced` after an administrator's reset (no way round it)."""

    def __init__(self, users: UserService, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self._users = users
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self.old = password_edit(self)
        self.new = password_edit(self)
        self.repeat = password_edit(self)
        self.errors = FieldErrors()
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Mật khẩu hiện tại:"), "old_password", self.old)
        form_row(form, self.errors, self.tr("Mật khẩu mới:"), "new_password", self.new)
        form_row(form, self.errors, self.tr("Nhập lại mật khẩu mới:"), "repeat", self.repeat)
        note = QLabel(self.tr("Ít nhất {n} ký tự.").format(n=MIN_PASSWORD_LENGTH), self)
        layout = QVBoxLayout(self)
        if forced:
            reason = QLabel(
                self.tr("Mật khẩu của bạn vừa được đặt lại: hãy chọn mật khẩu mới để tiếp tục."), self
            )
            reason.setWordWrap(True)
            layout.addWidget(reason)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(save_cancel(self, self.save, self.tr("Thoát chương trình") if forced else ""))
        self.old.setFocus()

    @Slot()
    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            self.errors.show(ValidationErrors({"repeat": "Hai lần nhập mật khẩu mới không giống nhau."}))
            return
        try:
            self._users.change_own_password(self.old.text(), self.new.text())
        except DomainError as err:
            self.errors.show(err)
            return
        self.accept()


class AdminAccountForm(QWidget):
    """The first administrator: name, full name, password twice. Used by the setup wizard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit(self)
        self.username.setMaxLength(40)
        self.username.setPlaceholderText("vd. quantri")
        self.full_name = QLineEdit(self)
        self.full_name.setMaxLength(120)
        self.password = password_edit(self)
        self.repeat = password_edit(self)
        self.errors = FieldErrors()
        form = QFormLayout(self)
        form_row(form, self.errors, self.tr("Tên đăng nhập:"), "username", self.username)
        form_row(form, self.errors, self.tr("Họ và tên:"), "full_name", self.full_name)
        form_row(form, self.errors, self.tr("Mật khẩu:"), "password", self.password)
        form_row(form, self.errors, self.tr("Nhập lại mật khẩu:"), "repeat", self.repeat)
        note = QLabel(
            self.tr(
                "Tài khoản này quản lý người dùng và cài đặt. Mật khẩu ít nhất {n} ký tự; hãy ghi nhớ, "
                "chương trình không khôi phục được mật khẩu đã quên nếu không còn quản trị viên khác."
            ).format(n=MIN_PASSWORD_LENGTH),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        form.addRow(self.error_label)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def account(self) -> UserInput:
        """The validated input; raises ValidationErrors (shown beside the fields by the caller)."""
        data = UserInput(self.username.text(), self.full_name.text(), ROLE_ADMIN, self.password.text())
        try:
            valid = data.validated()
        except ValidationErrors as err:
            errors = dict(err.errors)
            if self.password.text() != self.repeat.text() and "password" not in errors:
                errors["repeat"] = "Hai lần nhập mật khẩu không giống nhau."
            raise ValidationErrors(errors) from None
        if self.password.text() != self.repeat.text():
            raise ValidationErrors({"repeat": "Hai lần nhập mật khẩu không giống nhau."})
        return valid
