"""Add / edit one business of the register, with its status history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import STATUS_LABELS, BusinessDetail, BusinessInput
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import BusinessType, Commune
from desktop_app.domain.text import vn_sort_key
from desktop_app.services.businesses import BusinessService
from desktop_app.ui.dialogs.status_dialog import StatusDialog
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.commune_combo import commune_combo
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies, tab_chain
from desktop_app.ui.widgets.forms import FieldErrors, date_edit


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


class BusinessDialog(EntryDialog):
    """Builds a BusinessInput from the widgets and hands it to the service; errors appear beside fields."""

    def __init__(
        self,
        service: BusinessService,
        types: list[BusinessType],
        communes: list[Commune],
        business_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self.business_id = business_id
        self.saved_id: int | None = None
        self.status_changed = False
        self.errors = FieldErrors(reserve=True)  # the form keeps its place when messages appear
        self.setWindowTitle(self.tr("Thêm cơ sở kinh doanh") if business_id is None else self.tr("Sửa cơ sở"))
        self.setModal(True)

        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)
        self.type_combo = QComboBox(self)
        self.type_combo.addItem(self.tr("— Chọn loại hình —"), None)
        for t in types:
            self.type_combo.addItem(t.name, t.id)
        self.commune_combo = commune_combo(self)
        self.commune_combo.addItem(self.tr("— Chọn xã, phường —"), None)
        for c in sorted(communes, key=lambda c: vn_sort_key(c.name)):
            self.commune_combo.addItem(c.name, c.id)
        self.address_edit = QLineEdit(self)
        self.owner_edit = QLineEdit(self)
        self.owner_id_edit = QLineEdit(self)
        self.owner_id_edit.setPlaceholderText(self.tr("12 số CCCD hoặc 9 số CMND"))
        self.owner_id_edit.setMaxLength(20)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(self.tr("vd. 0912 345 678"))
        self.birth_edit = date_edit(self)
        self.birth_edit.setMaximumWidth(130)
        self.residence_edit = QLineEdit(self)
        self.residence_edit.setMaxLength(300)
        self.residence_edit.setPlaceholderText(self.tr("Nơi thường trú hoặc tạm trú của chủ cơ sở"))
        self.reg_number_edit = QLineEdit(self)
        self.reg_date_edit = date_edit(self)
        self.rooms_edit = QLineEdit(self)
        self.employees_edit = QLineEdit(self)
        self.female_edit = QLineEdit(self)
        for edit in (self.rooms_edit, self.employees_edit, self.female_edit):
            edit.setMaxLength(7)
            edit.setMaximumWidth(90)
        self.complex_check = QCheckBox(self.tr("Địa bàn phức tạp"), self)
        self.licences_edit = QPlainTextEdit(self)
        self.licences_edit.setTabChangesFocus(True)
        self.licences_edit.setPlaceholderText(
            self.tr("Giấy chứng nhận đủ điều kiện ANTT, giấy phép karaoke…")
        )
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        # The day a change of commune, type, employees or owner took effect: asked only when one changed.
        self.effective_edit = date_edit(self)
        self.effective_edit.setText(format_date(date.today()))
        self.effective_edit.setMaximumWidth(130)
        self.effective_edit.setToolTip(
            self.tr(
                "Ngày xã, phường, loại hình, số lao động hoặc chủ cơ sở mới bắt đầu có hiệu lực. Báo cáo các "
                "kỳ trước ngày này vẫn tính cơ sở như trước khi thay đổi."
            )
        )
        self._loaded: tuple[object, ...] | None = None
        for box in (self.licences_edit, self.notes_edit):
            box.setFixedHeight(52)

        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setHorizontalSpacing(12)  # labels clear of their boxes
            form.setVerticalSpacing(2)  # each field already has its (reserved) error line below it

        def row(form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
            form.addRow(label, widget)  # the label level with its box; the error line, reserved, under it
            form.addRow("", self.errors.add(field, widget, self))

        row(left, self.tr("Tên cơ sở *"), "name", self.name_edit)
        row(left, self.tr("Loại hình *"), "type_id", self.type_combo)
        row(left, self.tr("Xã, phường *"), "commune_id", self.commune_combo)
        row(left, self.tr("Địa chỉ"), "address", self.address_edit)
        row(left, self.tr("Số ĐKKD"), "registration_number", self.reg_number_edit)
        row(left, self.tr("Ngày cấp ĐKKD"), "registration_date", self.reg_date_edit)
        row(left, self.tr("Giấy phép con"), "sub_licences", self.licences_edit)
        row(right, self.tr("Chủ cơ sở"), "owner_name", self.owner_edit)
        row(right, self.tr("Số CCCD/CMND"), "owner_id_number", self.owner_id_edit)

        # Two short fields share a row (the phone and the birth date; the employees, the women among them
        # and the complex-area mark), so the owner's birth date and residence fit without a taller dialog.
        def pair_row(
            form: QFormLayout,
            label: str,
            fields: tuple[tuple[str, QLineEdit], ...],
            inner: str,
            extra: QWidget,
        ) -> None:
            holder, errors = QWidget(self), QWidget(self)
            line, error_line = QHBoxLayout(holder), QHBoxLayout(errors)
            for box in (line, error_line):
                box.setContentsMargins(0, 0, 0, 0)
            (first_field, first), (second_field, second) = fields
            second_label = QLabel(inner, holder)
            second_label.setBuddy(second)
            for widget in (first, second_label, second, extra):
                line.addWidget(widget)
            line.addStretch(1)
            form.addRow(label, holder)
            error_line.addWidget(self.errors.add(first_field, first, errors))
            error_line.addWidget(self.errors.add(second_field, second, errors), 1)
            form.addRow("", errors)

        self.phone_edit.setMaximumWidth(130)
        pair_row(
            right,
            self.tr("Điện thoại"),
            (("owner_phone", self.phone_edit), ("owner_birth_date", self.birth_edit)),
            self.tr("Ngày &sinh"),
            QWidget(self),
        )
        row(right, self.tr("Nơi cư trú"), "owner_residence", self.residence_edit)
        row(right, self.tr("Số phòng"), "rooms", self.rooms_edit)
        pair_row(
            right,
            self.tr("Số lao động"),
            (("employees_total", self.employees_edit), ("employees_female", self.female_edit)),
            self.tr("Lao động &nữ"),
            self.complex_check,
        )
        row(right, self.tr("Ghi chú"), "notes", self.notes_edit)

        self.change_form = QFormLayout()
        self.change_form.setHorizontalSpacing(12)
        self.change_form.setVerticalSpacing(2)
        row(self.change_form, self.tr("Ngày thay đổi có hiệu lực"), "effective_on", self.effective_edit)

        columns = QGridLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        columns.setHorizontalSpacing(18)

        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #b71c1c;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(self.change_form)
        self.status_box: QGroupBox | None = None
        if business_id is not None:
            layout.addWidget(self._build_status_box())
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        if business_id is not None:
            self._load(service.detail(business_id))
        for combo in (self.type_combo, self.commune_combo):
            combo.currentIndexChanged.connect(self._show_effective_date)
        for edit in self._dated_edits():
            edit.textChanged.connect(self._show_effective_date)
        self._show_effective_date()
        self.setMinimumWidth(860)
        self._column_tab_order()
        label_buddies(self)
        self.entry_keys(self._on_save, self.command)
        self.name_edit.setFocus()

    def _column_tab_order(self) -> None:
        """Tab goes down the left column, then down the right one, then to the status and the buttons."""
        chain: list[QWidget] = [
            self.name_edit,
            self.type_combo,
            self.commune_combo,
            self.address_edit,
            self.reg_number_edit,
            self.reg_date_edit,
            self.licences_edit,
            self.owner_edit,
            self.owner_id_edit,
            self.phone_edit,
            self.birth_edit,
            self.residence_edit,
            self.rooms_edit,
            self.employees_edit,
            self.female_edit,
            self.complex_check,
            self.notes_edit,
            self.effective_edit,
        ]
        if self.status_box is not None:
            chain += [self.change_status_button, self.history_table]
        tab_chain([*chain, *self.buttons.buttons()])

    # ---- Status history (existing businesses)
    def _build_status_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Trạng thái hoạt động"), self)
        self.status_box = box
        self.status_label = QLabel(box)
        self.history_table = QTableWidget(0, 3, box)
        self.history_table.setHorizontalHeaderLabels(
            [self.tr("Ngày"), self.tr("Thay đổi"), self.tr("Ghi chú")]
        )
        self.history_table.verticalHeader().hide()
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history_table.setFixedHeight(96)
        self.change_status_button = QPushButton(self.tr("Đổi trạng thái…"), box)
        self.change_status_button.clicked.connect(self._on_change_status)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.change_status_button)
        inner = QVBoxLayout(box)
        inner.addLayout(top)
        inner.addWidget(self.history_table)
        return box

    def _show_status(self, detail: BusinessDetail) -> None:
        since = f" từ {format_date(detail.status_since)}" if detail.status_since else ""
        label = STATUS_LABELS.get(detail.status, detail.status)
        text = self.tr("Hiện tại: <b>{label}</b>{since}").format(label=label, since=since)
        if detail.voided:
            text += self.tr(" — <b>đã đánh dấu nhập nhầm</b> ({reason})").format(reason=detail.void_reason)
        self.status_label.setText(text)
        self.history_table.setRowCount(len(detail.history))
        for i, event in enumerate(reversed(detail.history)):
            self.history_table.setItem(i, 0, QTableWidgetItem(format_date(event.effective_on)))
            self.history_table.setItem(i, 1, QTableWidgetItem(event.label))
            self.history_table.setItem(i, 2, QTableWidgetItem(event.note))
        self.history_table.resizeColumnsToContents()
        self.change_status_button.setEnabled(not detail.voided)

    def _load(self, detail: BusinessDetail) -> None:
        self.name_edit.setText(detail.name)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(detail.type_id), 0))
        index = self.commune_combo.findData(detail.commune_id)
        if index < 0:  # a commune no longer active still shows for its businesses
            self.commune_combo.addItem(detail.commune_name, detail.commune_id)
            index = self.commune_combo.count() - 1
        self.commune_combo.setCurrentIndex(index)
        self.address_edit.setText(detail.address)
        self.owner_edit.setText(detail.owner_name)
        self.owner_id_edit.setText(detail.owner_id_number)
        self.phone_edit.setText(detail.owner_phone)
        self.birth_edit.setText(format_date(detail.owner_birth_date))
        self.residence_edit.setText(detail.owner_residence)
        self.reg_number_edit.setText(detail.registration_number)
        self.reg_date_edit.setText(format_date(detail.registration_date))
        self.licences_edit.setPlainText(detail.sub_licences)
        self.rooms_edit.setText(_int_text(detail.rooms))
        self.employees_edit.setText(_int_text(detail.employees_total))
        self.female_edit.setText(_int_text(detail.employees_female))
        self.complex_check.setChecked(detail.complex_area)
        self.notes_edit.setPlainText(detail.notes)
        self._loaded = self._dated_values()
        self._show_status(detail)
        if detail.voided:
            self.save_button.setEnabled(False)

    # ---- The date a change took effect
    def _dated_values(self) -> tuple[object, ...]:
        """What the form holds of the fields kept by date (commune, type, employees, owner)."""
        return (
            self.type_combo.currentData(),
            self.commune_combo.currentData(),
            *(edit.text().strip() for edit in self._dated_edits()),
        )

    def _dated_edits(self) -> tuple[QLineEdit, ...]:
        return (self.owner_edit, self.owner_id_edit, self.phone_edit, self.employees_edit, self.female_edit)

    def dated_change(self) -> bool:
        """Whether an existing business's commune, type, employees or owner was changed in the form."""
        return self._loaded is not None and self._dated_values() != self._loaded

    @Slot()
    def _show_effective_date(self) -> None:
        changed = self.dated_change()
        self.change_form.setRowVisible(0, changed)
        self.change_form.setRowVisible(1, changed)
        self.effective_edit.setEnabled(changed)

    # ---- Saving
    def command(self) -> BusinessInput:
        """The input as typed; normalisation and checks are the domain's job."""
        return BusinessInput(
            name=self.name_edit.text(),
            type_id=self.type_combo.currentData(),
            commune_id=self.commune_combo.currentData(),
            address=self.address_edit.text(),
            owner_name=self.owner_edit.text(),
            owner_id_number=self.owner_id_edit.text(),
            owner_phone=self.phone_edit.text(),
            owner_birth_date=self.birth_edit.text(),
            owner_residence=self.residence_edit.text(),
            registration_number=self.reg_number_edit.text(),
            registration_date=self.reg_date_edit.text(),
            sub_licences=self.licences_edit.toPlainText(),
            rooms=self.rooms_edit.text(),
            employees_total=self.employees_edit.text(),
            employees_female=self.female_edit.text(),
            complex_area=self.complex_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
        )

    @Slot()
    def _on_save(self) -> None:
        self.general_error.hide()
        try:
            if self.business_id is None:
                self.saved_id = self._service.create(self.command())
            else:
                effective_on = self.effective_edit.text() if self.dated_change() else None
                self._service.update(self.business_id, self.command(), effective_on)
                self.saved_id = self.business_id
        except DomainError as err:
            leftover = self.errors.show(err)
            if leftover:
                self.general_error.setText(leftover)
                self.general_error.show()
            return
        self.accept()

    @Slot()
    def _on_change_status(self) -> None:
        assert self.business_id is not None
        detail = self._service.detail(self.business_id)
        dialog = StatusDialog(self._service, self.business_id, detail.status, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_changed = True
            try:
                self._show_status(self._service.detail(self.business_id))
            except DomainError as err:
                QMessageBox.warning(self, self.tr("Không tải lại được"), err.message)
