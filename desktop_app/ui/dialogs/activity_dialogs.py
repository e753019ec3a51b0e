"""Record or change a commune activity: a communication event, a training class, a commune's yearly
«xã, phường lành mạnh» status. Each dialog builds an input, calls one service method and shows the errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.activities import (
    FORM_LABELS,
    CommunicationEvent,
    CommunicationInput,
    HealthyStatus,
    HealthyStatusInput,
    TrainingClass,
    TrainingInput,
)
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import Commune
from desktop_app.services.activities import ActivityService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.commune_combo import commune_combo
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import ERROR_STYLE, FieldErrors, date_edit, form_row


def _buttons(dialog: QDialog, layout: QVBoxLayout) -> tuple[QDialogButtonBox, QPushButton, QLabel]:
    """A line for messages tied to no field, then *Lưu* and *Hủy*; returns the box, *Lưu* and the line."""
    message = QLabel(dialog)
    message.setObjectName("error_message")
    message.setStyleSheet(ERROR_STYLE)
    message.setWordWrap(True)
    message.hide()
    layout.addWidget(message)
    buttons = QDialogButtonBox(dialog)
    save = buttons.addButton(dialog.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(dialog.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons, save, message


def _show(errors: FieldErrors, message: QLabel, err: DomainError) -> None:
    """Each message beside its field; one that belongs to no field (a refusal, a conflict) under the form."""
    leftover = errors.show(err)
    message.setText(leftover)
    message.setVisible(bool(leftover))


class _ActivityDialog(Protocol):
    errors: FieldErrors
    message: QLabel

    def accept(self) -> None: ...


def _save(dialog: _ActivityDialog, write: Callable[[], object]) -> None:
    """The activity dialogs' «Lưu»: one service call; its refusal shown beside the field, else close."""
    try:
        write()
    except DomainError as err:
        _show(dialog.errors, dialog.message, err)
        return
    dialog.accept()


def _commune_combo(
    parent: QWidget, communes: Sequence[Commune], current: int | None, first: str
) -> QComboBox:
    """Active communes (and the current one even if no longer active), after a first «none» entry."""
    combo = commune_combo(parent)
    combo.addItem(first, None)
    for commune in communes:
        if commune.active or commune.id == current:
            combo.addItem(commune.name, commune.id)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    return combo


def _notes_edit(parent: QWidget, text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setPlainText(text)
    edit.setFixedHeight(60)
    return edit


class CommunicationDialog(EntryDialog):
    """One communication event (buổi tuyên truyền)."""

    def __init__(
        self,
        service: ActivityService,
        communes: Sequence[Commune],
        existing: CommunicationEvent | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self.event_id = existing.id if existing else None
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(
            self.tr("Sửa buổi tuyên truyền") if existing else self.tr("Thêm buổi tuyên truyền")
        )
        self.setModal(True)
        self.setMinimumWidth(480)
        current = existing.commune_id if existing else None
        self.commune_combo = _commune_combo(self, communes, current, self.tr("— Chọn xã, phường —"))
        self.date_edit = date_edit(self)
        self.form_combo = QComboBox(self)
        for code, label in FORM_LABELS.items():
            self.form_combo.addItem(label, code)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("vd. Hội nghị tuyên truyền phòng, chống mại dâm"))
        self.participants_edit = QLineEdit(self)
        self.participants_edit.setPlaceholderText(self.tr("để trống nếu không đếm được (loa, pa-nô)"))
        self.notes_edit = _notes_edit(self, existing.notes if existing else "")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(form, self.errors, self.tr("Xã, phường *"), "commune_id", self.commune_combo)
        form_row(form, self.errors, self.tr("Ngày tổ chức *"), "held_on", self.date_edit)
        form_row(form, self.errors, self.tr("Hình thức *"), "form", self.form_combo)
        form_row(form, self.errors, self.tr("Nội dung *"), "title", self.title_edit)
        form_row(form, self.errors, self.tr("Số người tham gia"), "participants", self.participants_edit)
        form.addRow(self.tr("Ghi chú"), self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.save_button, self.message = _buttons(self, layout)
        buttons.accepted.connect(self.save)
        if existing is not None:
            self.date_edit.setText(format_date(existing.held_on))
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(existing.form), 0))
            self.title_edit.setText(existing.title)
            self.participants_edit.setText(str(existing.participants) if existing.participants else "")
        label_buddies(self)
        self.entry_keys(self.save, self.communication_input)

    def communication_input(self) -> CommunicationInput:
        return CommunicationInput(
            commune_id=self.commune_combo.currentData(),
            held_on=self.date_edit.text(),
            form=self.form_combo.currentData(),
            title=self.title_edit.text(),
            participants=self.participants_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    @Slot()
    def save(self) -> None:
        data, service, event_id = self.communication_input(), self._service, self.event_id

        def write() -> None:
            if event_id is None:
                self.saved_id = service.create_communication(data)
            else:
                service.update_communication(event_id, data)
                self.saved_id = event_id

        _save(self, write)


class TrainingDialog(EntryDialog):
    """One staff training class (lớp tập huấn); no commune for a class of the office itself."""

    def __init__(
        self,
        service: ActivityService,
        communes: Sequence[Commune],
        existing: TrainingClass | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self.training_id = existing.id if existing else None
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Sửa lớp tập huấn") if existing else self.tr("Thêm lớp tập huấn"))
        self.setModal(True)
        self.setMinimumWidth(480)
        self.date_edit = date_edit(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("vd. Tập huấn nghiệp vụ phòng, chống mại dâm"))
        self.organiser_edit = QLineEdit(self)
        self.participants_edit = QLineEdit(self)
        current = existing.commune_id if existing else None
        self.commune_combo = _commune_combo(self, communes, current, self.tr("— Cấp huyện, đơn vị —"))
        self.notes_edit = _notes_edit(self, existing.notes if existing else "")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(form, self.errors, self.tr("Ngày tập huấn *"), "held_on", self.date_edit)
        form_row(form, self.errors, self.tr("Tên lớp, nội dung *"), "title", self.title_edit)
        form_row(form, self.errors, self.tr("Đơn vị tổ chức"), "organiser", self.organiser_edit)
        form_row(form, self.errors, self.tr("Số người tham gia"), "participants", self.participants_edit)
        form_row(form, self.errors, self.tr("Xã, phường"), "commune_id", self.commune_combo)
        form.addRow(self.tr("Ghi chú"), self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.save_button, self.message = _buttons(self, layout)
        buttons.accepted.connect(self.save)
        if existing is not None:
            self.date_edit.setText(format_date(existing.held_on))
            self.title_edit.setText(existing.title)
            self.organiser_edit.setText(existing.organiser)
            self.participants_edit.setText(str(existing.participants) if existing.participants else "")
        label_buddies(self)
        self.entry_keys(self.save, self.training_input)

    def training_input(self) -> TrainingInput:
        return TrainingInput(
            held_on=self.date_edit.text(),
            title=self.title_edit.text(),
            organiser=self.organiser_edit.text(),
            participants=self.participants_edit.text(),
            commune_id=self.commune_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
        )

    @Slot()
    def save(self) -> None:
        data, service, training_id = self.training_input(), self._service, self.training_id

        def write() -> None:
            if training_id is None:
                self.saved_id = service.create_training(data)
            else:
                service.update_training(training_id, data)
                self.saved_id = training_id

        _save(self, write)


class HealthyStatusDialog(EntryDialog):
    """A commune's «xã, phường lành mạnh không có tệ nạn mại dâm» status for one year."""

    def __init__(
        self, service: ActivityService, status: HealthyStatus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self._status = status
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Xã, phường lành mạnh năm {year}").format(year=status.year))
        self.setModal(True)
        self.setMinimumWidth(440)
        self.registered_check = QCheckBox(self.tr("Đã đăng ký xây dựng xã, phường lành mạnh"), self)
        self.recognised_check = QCheckBox(self.tr("Đã được công nhận"), self)
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(self.tr("vd. 125/QĐ-UBND"))
        self.decision_date_edit = date_edit(self)
        self.notes_edit = _notes_edit(self, status.notes)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Xã, phường"), QLabel(status.commune_name, self))
        form_row(form, self.errors, "", "registered", self.registered_check)
        form_row(form, self.errors, "", "recognised", self.recognised_check)
        form_row(form, self.errors, self.tr("Số quyết định công nhận"), "decision_number", self.number_edit)
        form_row(form, self.errors, self.tr("Ngày quyết định"), "decision_date", self.decision_date_edit)
        form.addRow(self.tr("Ghi chú"), self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.save_button, self.message = _buttons(self, layout)
        buttons.accepted.connect(self.save)
        self.registered_check.setChecked(status.registered)
        self.recognised_check.setChecked(status.recognised)
        self.number_edit.setText(status.decision_number)
        self.decision_date_edit.setText(format_date(status.decision_date))
        self.recognised_check.toggled.connect(self._recognised_toggled)
        self._recognised_toggled(status.recognised)
        label_buddies(self)
        self.entry_keys(self.save, self.status_input)

    @Slot(bool)
    def _recognised_toggled(self, recognised: bool) -> None:
        if recognised:
            self.registered_check.setChecked(True)
        self.number_edit.setEnabled(recognised)
        self.decision_date_edit.setEnabled(recognised)
        if not recognised:
            self.number_edit.clear()
            self.decision_date_edit.clear()

    def status_input(self) -> HealthyStatusInput:
        return HealthyStatusInput(
            commune_id=self._status.commune_id,
            year=self._status.year,
            registered=self.registered_check.isChecked(),
            recognised=self.recognised_check.isChecked(),
            decision_number=self.number_edit.text(),
            decision_date=self.decision_date_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    @Slot()
    def save(self) -> None:
        status = self.status_input()
        _save(self, lambda: self._service.save_healthy_status(status))
