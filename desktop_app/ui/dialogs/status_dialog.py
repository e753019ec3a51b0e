"""Record a dated status change of a business (tạm ngừng, đã ngừng, hoạt động lại)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import STATUS_EVENT_LABELS, allowed_status_changes
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.services.businesses import BusinessService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import FieldErrors, date_edit


class StatusDialog(EntryDialog):
    """Asks for the new status, the date it took effect and a note, then calls the service."""

    def __init__(
        self, service: BusinessService, business_id: int, current: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self._business_id = business_id
        self.setWindowTitle(self.tr("Đổi trạng thái hoạt động"))
        self.errors = FieldErrors()
        self.status_combo = QComboBox(self)
        for status in allowed_status_changes(current):
            self.status_combo.addItem(STATUS_EVENT_LABELS[status], status)
        self.date_edit = date_edit(self)
        self.date_edit.setText(format_date(date.today()))
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("vd. theo đơn xin tạm ngừng ngày…"))
        form = QFormLayout()
        for label, field, widget in (
            (self.tr("Trạng thái mới"), "status", self.status_combo),
            (self.tr("Từ ngày"), "effective_on", self.date_edit),
            (self.tr("Ghi chú"), "note", self.note_edit),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field, widget, self))
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #b71c1c;")
        self.general_error.hide()
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Ghi nhận"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        label_buddies(self)
        self.entry_keys(
            self._on_ok,
            lambda: (self.status_combo.currentIndex(), self.date_edit.text(), self.note_edit.text()),
        )

    @Slot()
    def _on_ok(self) -> None:
        try:
            self._service.change_status(
                self._business_id,
                self.status_combo.currentData(),
                self.date_edit.text(),
                self.note_edit.text(),
            )
        except DomainError as err:
            leftover = self.errors.show(err)
            if leftover:
                self.general_error.setText(leftover)
                self.general_error.show()
            return
        self.accept()
