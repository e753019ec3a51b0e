"""Support-case dialogs: intake (with the duplicate warning), a service, a repayment, a follow-up, a consent
withdrawal; the forms they share with the case file (ui/dialogs/case_file_dialog.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cases import (
    CONSENT_WAYS,
    DATE_FIELDS,
    MONEY_FIELDS,
    SERVICE_FIELDS,
    SERVICE_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    STATUS_SUPPORTED,
    WITHDRAWAL_WAYS,
    CaseInput,
    IdentityInput,
    ServiceInput,
    ValidCase,
    WithdrawalInput,
)
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import Commune
from desktop_app.domain.text import format_vnd
from desktop_app.services.cases import CaseService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.commune_combo import commune_combo
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import (
    ERROR_STYLE,
    FieldErrors,
    date_edit,
    form_row,
    note_label,
    save_cancel,
)


def shown_value(name: str, value: object) -> str:
    if isinstance(value, date):
        return format_date(value)
    if name in MONEY_FIELDS and isinstance(value, int):
        return format_vnd(value)
    return str(value)


def choice_combo(parent: QWidget, items: dict[str, str], current: str = "") -> QComboBox:
    combo = QComboBox(parent)
    for code, label in items.items():
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class CaseForm(QWidget):
    """The pseudonymous part of a case."""

    def __init__(
        self, communes: Sequence[Commune], errors: FieldErrors, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.intake = date_edit(self)
        self.commune = commune_combo(self)
        self.commune.addItem(self.tr("— Chọn xã, phường —"), None)
        for commune in communes:
            self.commune.addItem(commune.name, commune.id)
        self.referral = QLineEdit(self)
        self.needs = QLineEdit(self)
        self.consent_on = date_edit(self)
        self.consent_way = choice_combo(self, {"": self.tr("— Chọn —"), **CONSENT_WAYS})
        self.worker = QLineEdit(self)
        self.status = choice_combo(self, STATUS_LABELS, STATUS_SUPPORTED)
        self.close_reason = QLineEdit(self)
        self.notes = QLineEdit(self)
        form = QFormLayout(self)
        form_row(form, errors, self.tr("Ngày tiếp nhận *"), "intake_date", self.intake)
        form_row(form, errors, self.tr("Xã, phường cư trú *"), "commune_id", self.commune)
        form.addRow(self.tr("Nguồn giới thiệu"), self.referral)
        form.addRow(self.tr("Nhu cầu được đánh giá"), self.needs)
        form_row(form, errors, self.tr("Ngày đồng ý *"), "consent_on", self.consent_on)
        form_row(form, errors, self.tr("Cách ghi nhận *"), "consent_way", self.consent_way)
        form.addRow(self.tr("Cán bộ phụ trách"), self.worker)
        form_row(form, errors, self.tr("Tình trạng"), "status", self.status)
        form_row(form, errors, self.tr("Lý do đóng"), "close_reason", self.close_reason)
        form.addRow(self.tr("Ghi chú"), self.notes)

    def value(self) -> CaseInput:
        return CaseInput(
            intake_date=self.intake.text(),
            commune_id=self.commune.currentData(),
            referral_source=self.referral.text(),
            needs=self.needs.text(),
            consent_on=self.consent_on.text(),
            consent_way=str(self.consent_way.currentData() or ""),
            assigned_worker=self.worker.text(),
            status=str(self.status.currentData()),
            close_reason=self.close_reason.text(),
            notes=self.notes.text(),
        )

    def load(self, case: ValidCase) -> None:
        self.intake.setText(format_date(case.intake_date))
        self.commune.setCurrentIndex(max(0, self.commune.findData(case.commune_id)))
        self.referral.setText(case.referral_source)
        self.needs.setText(case.needs)
        self.consent_on.setText(format_date(case.consent_on))
        self.consent_way.setCurrentIndex(max(0, self.consent_way.findData(case.consent_way)))
        self.worker.setText(case.assigned_worker)
        self.status.setCurrentIndex(max(0, self.status.findData(case.status)))
        self.close_reason.setText(case.close_reason)
        self.notes.setText(case.notes)


class IdentityForm(QWidget):
    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_name = QLineEdit(self)
        self.birth_date = date_edit(self)
        self.birth_year = QLineEdit(self)
        self.birth_year.setMaxLength(4)
        self.sex = choice_combo(self, SEX_LABELS, "nu")
        self.id_number = QLineEdit(self)
        self.address = QLineEdit(self)
        self.phone = QLineEdit(self)
        form = QFormLayout(self)
        form_row(form, errors, self.tr("Họ và tên *"), "full_name", self.full_name)
        form_row(form, errors, self.tr("Ngày sinh"), "birth_date", self.birth_date)
        form_row(form, errors, self.tr("hoặc năm sinh"), "birth_year", self.birth_year)
        form_row(form, errors, self.tr("Giới tính"), "sex", self.sex)
        form_row(form, errors, self.tr("Số CCCD/CMND"), "id_number", self.id_number)
        form.addRow(self.tr("Địa chỉ"), self.address)
        form_row(form, errors, self.tr("Điện thoại"), "phone", self.phone)

    def value(self) -> IdentityInput:
        return IdentityInput(
            full_name=self.full_name.text(),
            birth_date=self.birth_date.text(),
            birth_year=self.birth_year.text(),
            sex=str(self.sex.currentData()),
            id_number=self.id_number.text(),
            address=self.address.text(),
            phone=self.phone.text(),
        )


class NewCaseDialog(EntryDialog):
    """Intake. A possible duplicate is shown first: open that case instead, or save a new one anyway."""

    def __init__(
        self, cases: CaseService, communes: Sequence[Commune], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._cases = cases
        self.created: tuple[int, str] | None = None
        self.open_existing: int | None = None
        self._warned = False
        self.setWindowTitle(self.tr("Tiếp nhận hồ sơ hỗ trợ"))
        self.errors = FieldErrors()
        self.case_form = CaseForm(communes, self.errors, self)
        self.case_form.intake.setText(format_date(date.today()))
        self.identity_form = IdentityForm(self.errors, self)
        case_box, identity_box = (
            QGroupBox(self.tr("Hồ sơ"), self),
            QGroupBox(self.tr("Nhân thân (bảo mật)"), self),
        )
        QVBoxLayout(case_box).addWidget(self.case_form)
        QVBoxLayout(identity_box).addWidget(self.identity_form)
        columns = QHBoxLayout()
        columns.addWidget(case_box)
        columns.addWidget(identity_box)
        self.duplicates_label = QLabel(self)
        self.duplicates_label.setWordWrap(True)
        self.duplicates_label.setStyleSheet(ERROR_STYLE)
        self.duplicates_label.hide()
        self.open_button = QPushButton(self.tr("Mở hồ sơ đã có"), self)
        self.open_button.hide()
        self.open_button.clicked.connect(self._open_existing)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.open_button)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel(self, self.save))
        self._duplicates: list[int] = []
        label_buddies(self)
        self.entry_keys(self.save, lambda: (self.case_form.value(), self.identity_form.value()))

    @Slot()
    def save(self) -> None:
        identity = self.identity_form.value()
        case = self.case_form.value()
        try:
            if not self._warned and case.commune_id is not None:
                found = self._cases.possible_duplicates(identity, case.commune_id)
                if found:
                    self._warned = True
                    self._duplicates = [d.case_id for d in found]
                    lines = [f"{d.code}: {d.reason}" for d in found]
                    self.duplicates_label.setText(
                        self.tr("Có thể đã có hồ sơ của người này:")
                        + "\n"
                        + "\n".join(lines)
                        + "\n"
                        + self.tr("Bấm Lưu lần nữa để vẫn tạo hồ sơ mới.")
                    )
                    self.duplicates_label.show()
                    self.open_button.show()
                    return
            self.created = self._cases.create(case, identity)
        except DomainError as err:
            self.message.setText(self.errors.show(err))
            return
        self.accept()

    @Slot()
    def _open_existing(self) -> None:
        if self._duplicates:
            self.open_existing = self._duplicates[0]
            self.accept()


class ServiceDialog(EntryDialog):
    """One service given: the kind decides the fields."""

    def __init__(self, cases: CaseService, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self._cases = cases
        self._case_id = case_id
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Ghi hỗ trợ"))
        self.errors = FieldErrors()
        self.kind = choice_combo(self, SERVICE_LABELS)
        self.given_on = date_edit(self)
        self.given_on.setText(format_date(date.today()))
        self.provider = QLineEdit(self)
        self.notes = QLineEdit(self)
        top = QFormLayout()
        top.addRow(self.tr("Loại hỗ trợ"), self.kind)
        form_row(top, self.errors, self.tr("Ngày *"), "given_on", self.given_on)
        top.addRow(self.tr("Người / nơi hỗ trợ"), self.provider)
        top.addRow(self.tr("Ghi chú"), self.notes)
        self.details_box = QWidget(self)
        self.detail_edits: dict[str, QLineEdit] = {}
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)
        self._layout.addWidget(self.details_box)
        self._layout.addWidget(self.message)
        self._layout.addWidget(save_cancel(self, self.save))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.setMinimumWidth(480)
        label_buddies(self)
        self.entry_keys(self.save, self._service_input)

    @Slot()
    def _kind_changed(self) -> None:
        self._layout.removeWidget(self.details_box)
        self.details_box.deleteLater()
        self.details_box = QWidget(self)
        self.detail_edits = {}
        form = QFormLayout(self.details_box)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in SERVICE_FIELDS[str(self.kind.currentData())].items():
            edit = date_edit(self.details_box) if name in DATE_FIELDS else QLineEdit(self.details_box)
            edit.setObjectName(name)
            self.detail_edits[name] = edit
            form_row(form, self.errors, label, name, edit)
        self._layout.insertWidget(1, self.details_box)

    def _service_input(self) -> ServiceInput:
        return ServiceInput(
            self._case_id,
            str(self.kind.currentData()),
            self.given_on.text(),
            self.provider.text(),
            self.notes.text(),
            {name: edit.text() for name, edit in self.detail_edits.items()},
        )

    @Slot()
    def save(self) -> None:
        service = self._service_input()
        try:
            self.saved_id = self._cases.add_service(service)
        except DomainError as err:
            self.message.setText(self.errors.show(err))
            return
        self.accept()


class SmallFormDialog(EntryDialog):
    """A date (and an amount or a note) for a repayment or a follow-up."""

    def __init__(self, title: str, amount: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.day = date_edit(self)
        self.day.setText(format_date(date.today()))
        self.amount = QLineEdit(self)
        self.notes = QLineEdit(self)
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Ngày *"), "day", self.day)
        if amount:
            form_row(form, self.errors, self.tr("Số tiền (đồng) *"), "amount_vnd", self.amount)
        else:
            form.addRow(self.tr("Ghi chú"), self.notes)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.buttons = save_cancel(self, self.accept)
        layout.addWidget(self.buttons)
        label_buddies(self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)  # its owner may rewire it
        self.entry_keys(save.click, lambda: (self.day.text(), self.amount.text(), self.notes.text()))


class WithdrawalDialog(EntryDialog):
    """The person withdraws consent (Law 91/2025/QH15 Art. 4): the day, how, a note."""

    def __init__(self, cases: CaseService, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self._cases = cases
        self._case_id = case_id
        self.setWindowTitle(self.tr("Ghi rút lại sự đồng ý"))
        self.errors = FieldErrors()
        self.day = date_edit(self)
        self.day.setText(format_date(date.today()))
        self.way = choice_combo(self, {"": self.tr("— Chọn —"), **WITHDRAWAL_WAYS})
        self.note = QLineEdit(self)
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Ngày rút lại *"), "withdrawn_on", self.day)
        form_row(form, self.errors, self.tr("Cách rút lại *"), "way", self.way)
        form_row(form, self.errors, self.tr("Ghi chú"), "note", self.note)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Sau khi ghi, hồ sơ chỉ còn được đóng: không ghi thêm hỗ trợ, theo dõi hay nhân thân, "
                    "không có trong danh sách xuất Excel; hồ sơ vẫn được đếm trong số liệu (không có nhân "
                    "thân) và được lưu đến hết thời hạn. Không hủy được việc ghi này."
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel(self, self.save))
        label_buddies(self)
        self.entry_keys(self.save, self._input)

    def _input(self) -> WithdrawalInput:
        return WithdrawalInput(self.day.text(), str(self.way.currentData() or ""), self.note.text())

    @Slot()
    def save(self) -> None:
        try:
            self._cases.withdraw_consent(self._case_id, self._input())
        except DomainError as err:
            self.message.setText(self.errors.show(err))
            return
        self.accept()
