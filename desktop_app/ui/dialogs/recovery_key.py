"""The recovery key: shown once at setup (to print or copy), typed in on a new machine to open the data."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.services.encryption import install_recovery_key
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.forms import FieldErrors, form_row

EXPLANATION = (
    "Dữ liệu của đơn vị được mã hóa trên đĩa. Máy này tự mở được, nhưng nếu máy hỏng hoặc dữ liệu được "
    "chuyển sang máy khác thì chỉ khóa khôi phục dưới đây mở được dữ liệu và các bản sao lưu. Khóa chỉ hiện "
    "một lần: hãy in ra hoặc chép lại và cất nơi an toàn, tách khỏi máy tính."
)


def key_document(key: str, unit: str) -> QTextDocument:
    """A printable page with the recovery key."""
    document = QTextDocument()
    document.setHtml(
        "<h2>PCMD Desk — Khóa khôi phục dữ liệu</h2>"
        f"<p>{unit}</p>"
        f"<p style='font-family: monospace; font-size: 16pt'><b>{key}</b></p>"
        f"<p>{EXPLANATION}</p>"
        "<p>Ngày in: ......../......../............ &nbsp; Người giữ: ..............................</p>"
    )
    return document


class RecoveryKeyPanel(QWidget):
    """The key, large and selectable, with Print and Copy, and the box the administrator ticks."""

    def __init__(self, key: str, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.unit = unit
        explanation = QLabel(EXPLANATION, self)
        explanation.setWordWrap(True)
        self.key_label = QLabel(key, self)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(14)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton(self.tr("&In khóa…"), self)
        self.copy_button = QPushButton(self.tr("&Chép"), self)
        self.saved_box = QCheckBox(
            self.tr("Tôi đã in hoặc chép lại khóa khôi phục và cất nơi an toàn."), self
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addSpacing(12)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.saved_box)
        self.print_button.clicked.connect(self.print_key)
        self.copy_button.clicked.connect(self.copy_key)

    @Slot()
    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        key_document(self.key, self.unit).print_(printer)

    @Slot()
    def copy_key(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.key)


class RecoveryKeyEntryDialog(QDialog):
    """On a machine without the key file: the administrator types the recovery key once."""

    def __init__(self, target: str | os.PathLike[str], message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self._target = target
        self.setWindowTitle(self.tr("PCMD Desk — Dữ liệu được mã hóa"))
        intro = QLabel(message, self)
        intro.setWordWrap(True)
        self.key_edit = QLineEdit(self)
        self.key_edit.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.key_edit.setMinimumWidth(460)
        self.errors = FieldErrors()
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Khóa khôi phục:"), "key", self.key_edit)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Mở dữ liệu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.install)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @Slot()
    def install(self) -> None:
        try:
            install_recovery_key(self._target, self.key_edit.text())
        except DomainError as err:
            self.errors.show(err)
            return
        self.accept()
