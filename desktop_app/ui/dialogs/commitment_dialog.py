"""Record a commitment signing (with scanned copies), and a business's commitments and employees."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commitments import (
    SIGNING_INVALIDATED,
    STATE_COVERED,
    STATE_EXPIRING,
    STATE_NEVER,
    Commitment,
    CommitmentInput,
    EmployeeInput,
)
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.text import format_int
from desktop_app.services.commitments import CommitmentService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import error_text
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import SaveOptions, TaskRunner, save_with_progress
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import FieldErrors, date_edit, form_row

REPRESENTATIVE_POSITIONS = ("Chủ tịch UBND", "Phó Chủ tịch UBND")
SCAN_FILTER = "Bản chụp (*.pdf *.jpg *.jpeg *.png)"


class RecordCommitmentDialog(EntryDialog):
    """One signing: dates (validity defaults from the office's rule), document, signer, scans, notes."""

    def __init__(
        self,
        service: CommitmentService,
        business_id: int,
        business_name: str,
        ui_state: UiState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self._ui_state = ui_state
        self.business_id = business_id
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Ghi nhận ký cam kết"))
        self.setModal(True)
        self.setMinimumWidth(520)

        self.business_label = QLabel(f"<b>{business_name}</b>", self)
        self.signed_edit = date_edit(self)
        self.signed_edit.setText(format_date(date.today()))
        self.from_edit = date_edit(self)
        self.to_edit = date_edit(self)
        self.number_edit = QLineEdit(self)
        self.number_edit.setMaxLength(50)
        self.number_edit.setPlaceholderText(self.tr("vd. 15/CK-UBND"))
        self.representative_edit = QLineEdit(self)
        self.position_combo = QComboBox(self)
        self.position_combo.setEditable(True)
        self.position_combo.addItems(REPRESENTATIVE_POSITIONS)
        self.notes_edit = QLineEdit(self)
        self.attachment_list = QListWidget(self)
        self.attachment_list.setFixedHeight(70)
        self.add_scan_button = QPushButton(self.tr("Thêm bản chụp…"), self)
        self.remove_scan_button = QPushButton(self.tr("Bỏ"), self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Cơ sở"), self.business_label)
        form_row(form, self.errors, self.tr("Ngày ký *"), "signed_on", self.signed_edit)
        form_row(form, self.errors, self.tr("Hiệu lực từ"), "valid_from", self.from_edit)
        form_row(form, self.errors, self.tr("Hiệu lực đến"), "valid_to", self.to_edit)
        form_row(form, self.errors, self.tr("Số văn bản"), "document_number", self.number_edit)
        form.addRow(self.tr("Người ký (UBND xã)"), self.representative_edit)
        form.addRow(self.tr("Chức vụ"), self.position_combo)
        scans = QWidget(self)
        scans_layout = QVBoxLayout(scans)
        scans_layout.setContentsMargins(0, 0, 0, 0)
        scans_layout.addWidget(self.attachment_list)
        scan_buttons = QHBoxLayout()
        scan_buttons.addWidget(self.add_scan_button)
        scan_buttons.addWidget(self.remove_scan_button)
        scan_buttons.addStretch(1)
        scans_layout.addLayout(scan_buttons)
        scans_layout.addWidget(self.errors.add("attachments", self.attachment_list, scans))
        form.addRow(self.tr("Bản chụp (PDF, ảnh)"), scans)
        form.addRow(self.tr("Ghi chú"), self.notes_edit)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #b71c1c;")
        self.general_error.hide()

        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        self.signed_edit.textChanged.connect(self._show_defaults)
        self.add_scan_button.clicked.connect(self.choose_scans)
        self.remove_scan_button.clicked.connect(self._remove_scan)
        self._show_defaults()
        label_buddies(self)
        self.entry_keys(self.save, lambda: (self.current_input(), self.attachment_list.count()))

    @Slot()
    def _show_defaults(self) -> None:
        """The validity the office's rule gives, as placeholders (left empty, the rule applies)."""
        try:
            valid = CommitmentInput(self.business_id, self.signed_edit.text()).validated(
                self._service.validity_rule(), date.max
            )
        except DomainError:
            self.from_edit.setPlaceholderText(self.tr("như ngày ký"))
            self.to_edit.setPlaceholderText(self.tr("theo quy định thời hạn"))
            return
        self.from_edit.setPlaceholderText(format_date(valid.valid_from))
        self.to_edit.setPlaceholderText(
            format_date(valid.valid_to) if valid.valid_to else self.tr("đến khi thay đổi chủ cơ sở")
        )

    def add_scans(self, paths: list[str]) -> None:
        for path in paths:
            item = QListWidgetItem(Path(path).name, self.attachment_list)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)

    def scans(self) -> list[str]:
        return [
            str(self.attachment_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.attachment_list.count())
        ]

    @Slot()
    def choose_scans(self) -> None:
        folder = self._ui_state.last_folder if self._ui_state else ""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn bản chụp"), folder, SCAN_FILTER)
        if paths and self._ui_state is not None:
            self._ui_state.last_folder = str(Path(paths[0]).parent)
        self.add_scans(paths)

    @Slot()
    def _remove_scan(self) -> None:
        for item in self.attachment_list.selectedItems():
            self.attachment_list.takeItem(self.attachment_list.row(item))

    def current_input(self) -> CommitmentInput:
        return CommitmentInput(
            business_id=self.business_id,
            signed_on=self.signed_edit.text(),
            valid_from=self.from_edit.text(),
            valid_to=self.to_edit.text(),
            document_number=self.number_edit.text(),
            representative_name=self.representative_edit.text(),
            representative_position=self.position_combo.currentText(),
            notes=self.notes_edit.text(),
        )

    @Slot()
    def save(self) -> None:
        self.general_error.hide()
        try:
            self.saved_id = self._service.record(self.current_input(), self.scans())
        except DomainError as err:
            leftover = self.errors.show(err)
            if leftover:
                self.general_error.setText(leftover)
                self.general_error.show()
            self.adjustSize()  # grow to show each message in full beside its field
            return
        self.accept()


def _size_text(size: int) -> str:
    """A file's size as a clerk reads it: `850 KB`, `2,4 MB`."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


class BusinessCommitmentsDialog(QDialog):
    """A business's signings with their scans, and its employees' commitments."""

    def __init__(
        self,
        service: CommitmentService,
        runner: TaskRunner,
        business_id: int,
        business_name: str,
        ui_state: UiState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._ui_state = ui_state
        self.business_id = business_id
        self.business_name = business_name
        self.changed = False
        self.last_print: str | None = None
        self._commitments: list[Commitment] = []
        self.setWindowTitle(self.tr("Cam kết — {name}").format(name=business_name))
        fit_window(self, QSize(900, 520), ui_state=ui_state, key="business_commitments")

        # ---- Owner ↔ commune tab
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Ngày ký"),
                self.tr("Hiệu lực"),
                self.tr("Số văn bản"),
                self.tr("Người ký (UBND xã)"),
                self.tr("Tình trạng"),
                self.tr("Bản chụp"),
            ]
        )
        self._setup_table(self.table)
        self.record_button = QPushButton(self.tr("Ghi nhận ký cam kết…"), self)
        self.attach_button = QPushButton(self.tr("Thêm bản chụp…"), self)
        self.open_button = QPushButton(self.tr("Mở bản chụp"), self)
        self.void_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), self)
        self.no_commitments_label = QLabel(
            self.tr(
                "Cơ sở này chưa ký cam kết lần nào. Khi chủ cơ sở đã ký với UBND xã, bấm "
                "<b>Ghi nhận ký cam kết…</b> để ghi lần ký và đính kèm bản chụp."
            ),
            self,
        )
        self.no_commitments_label.setWordWrap(True)
        self.no_commitments_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        owner_tab = QWidget(self)
        owner_layout = QVBoxLayout(owner_tab)
        owner_layout.addWidget(self.no_commitments_label, 1)
        owner_layout.addWidget(self.table, 1)
        owner_buttons = QHBoxLayout()
        for button in (self.record_button, self.attach_button, self.open_button, self.void_button):
            owner_buttons.addWidget(button)
        owner_buttons.addStretch(1)
        owner_layout.addLayout(owner_buttons)

        # ---- Employees tab
        self.employee_table = QTableWidget(0, 6, self)
        self.employee_table.setHorizontalHeaderLabels(
            [
                self.tr("Họ tên"),
                self.tr("Ngày sinh"),
                self.tr("Số CCCD"),
                self.tr("Vị trí"),
                self.tr("Ngày vào làm"),
                self.tr("Ngày ký cam kết"),
            ]
        )
        self._setup_table(self.employee_table)
        self.employee_errors = FieldErrors()
        self.emp_name_edit = QLineEdit(self)
        self.emp_birth_edit = date_edit(self)
        self.emp_id_edit = QLineEdit(self)
        self.emp_id_edit.setMaxLength(20)
        self.emp_position_edit = QLineEdit(self)
        self.emp_start_edit = date_edit(self)
        self.emp_signed_edit = date_edit(self)
        self.add_employee_button = QPushButton(self.tr("Thêm người lao động"), self)
        add_form = QFormLayout()
        form_row(add_form, self.employee_errors, self.tr("Họ tên *"), "full_name", self.emp_name_edit)
        form_row(add_form, self.employee_errors, self.tr("Ngày sinh"), "birth_date", self.emp_birth_edit)
        form_row(add_form, self.employee_errors, self.tr("Số CCCD"), "id_number", self.emp_id_edit)
        add_form2 = QFormLayout()
        add_form2.addRow(self.tr("Vị trí"), self.emp_position_edit)
        form_row(add_form2, self.employee_errors, self.tr("Ngày vào làm"), "started_on", self.emp_start_edit)
        form_row(add_form2, self.employee_errors, self.tr("Ngày ký"), "signed_on", self.emp_signed_edit)
        add_row = QHBoxLayout()
        add_row.addLayout(add_form, 1)
        add_row.addLayout(add_form2, 1)
        self.count_employees = QSpinBox(self)
        self.count_signed = QSpinBox(self)
        for spin in (self.count_employees, self.count_signed):
            spin.setRange(0, 100000)
        self.save_counts_button = QPushButton(self.tr("Lưu số liệu"), self)
        self.counts_error = QLabel(self)
        self.counts_error.setStyleSheet("color: #b71c1c;")
        self.minor_label = QLabel(self)
        self.minor_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.print_employees_button = QPushButton(self.tr("In bản cam kết của người lao động…"), self)
        counts_row = QHBoxLayout()
        counts_row.addWidget(QLabel(self.tr("Nếu chỉ theo dõi số lượng — số lao động:"), self))
        counts_row.addWidget(self.count_employees)
        counts_row.addWidget(QLabel(self.tr("đã ký:"), self))
        counts_row.addWidget(self.count_signed)
        counts_row.addWidget(self.save_counts_button)
        counts_row.addWidget(self.counts_error, 1)
        employees_tab = QWidget(self)
        employees_layout = QVBoxLayout(employees_tab)
        employees_layout.addWidget(self.minor_label)
        employees_layout.addWidget(self.employee_table, 1)
        employees_layout.addLayout(add_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_employee_button)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.print_employees_button)
        employees_layout.addLayout(buttons_row)
        employees_layout.addLayout(counts_row)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(owner_tab, self.tr("Chủ cơ sở ký với UBND xã"))
        self.tabs.addTab(employees_tab, self.tr("Người lao động ký với chủ cơ sở"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)

        self.record_button.clicked.connect(self.record)
        self.attach_button.clicked.connect(self.attach)
        self.open_button.clicked.connect(self.open_scan)
        self.void_button.clicked.connect(self.void_selected)
        self.add_employee_button.clicked.connect(self.add_employee)
        self.save_counts_button.clicked.connect(self.save_counts)
        self.print_employees_button.clicked.connect(self.print_employee_forms)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    @staticmethod
    def _setup_table(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    # ---- Loading
    def refresh(self) -> None:
        today = date.today()
        self._commitments = self._service.for_business(self.business_id)
        self.table.setRowCount(len(self._commitments))
        for row, c in enumerate(self._commitments):
            code = c.state_on(today)
            if code == SIGNING_INVALIDATED:
                state = self.tr("Phải ký lại từ {day} ({reason})").format(
                    day=format_date(c.invalidated_on), reason=c.invalidated_reason
                )
            elif code in (STATE_COVERED, STATE_EXPIRING):
                state = self.tr("Còn hiệu lực")
            elif code == STATE_NEVER:
                state = self.tr("Chưa đến ngày hiệu lực")
            else:
                state = self.tr("Đã hết hạn")
            values = (
                format_date(c.signed_on),
                c.validity_text,
                c.document_number,
                ", ".join(x for x in (c.representative_name, c.representative_position) if x),
                state,
                ", ".join(a.file_name for a in c.attachments),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 4 and not c.covers(today):
                    item.setForeground(QColor("#b71c1c"))
                self.table.setItem(row, column, item)
        if self._commitments:
            self.table.selectRow(0)
        self.table.setVisible(bool(self._commitments))  # a sentence, not an empty grid, before the first
        self.no_commitments_label.setVisible(not self._commitments)
        self._update_buttons()

        employees = self._service.employees(self.business_id)
        self.employee_table.setRowCount(len(employees))
        minors = 0
        barred = self._service.bars_minors(self.business_id)  # only where the Labour Code bars minors
        for row, e in enumerate(employees):
            minor = barred and e.is_minor(today)
            minors += minor
            values = (
                e.full_name,
                format_date(e.birth_date) if e.birth_date else "",
                e.id_number,
                e.position,
                format_date(e.started_on) if e.started_on else "",
                format_date(e.signed_on) if e.signed_on else self.tr("chưa ký"),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if minor:
                    item.setForeground(QColor("#b71c1c"))
                    item.setToolTip(self.tr("Dưới 18 tuổi: không được làm việc tại cơ sở này"))
                self.employee_table.setItem(row, column, item)
        self.minor_label.setText(
            self.tr(
                "⚠ {n} người lao động dưới 18 tuổi: loại hình này không được sử dụng người dưới 18 tuổi "
                "(Điều 147 Bộ luật Lao động 2019)"
            ).format(n=minors)
            if minors
            else ""
        )
        self.minor_label.setVisible(bool(minors))
        counts = self._service.employee_counts(self.business_id)
        if counts is not None:
            self.count_employees.setValue(counts.employees)
            self.count_signed.setValue(counts.signed)

    def selected_commitment(self) -> Commitment | None:
        rows = self.table.selectionModel().selectedRows()
        return self._commitments[rows[0].row()] if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.selected_commitment()
        for button in (self.attach_button, self.void_button):
            button.setEnabled(selected is not None)
        scans = selected.attachments if selected is not None else ()
        self.open_button.setEnabled(bool(scans))
        # One scan opens at a click; several are listed in a menu under the button, newest last.
        previous = self.open_button.menu()
        if previous is not None:
            self.open_button.setMenu(None)  # type: ignore[arg-type]  # None takes the menu off (Qt: nullptr)
            previous.deleteLater()
        if len(scans) > 1:
            menu = QMenu(self.open_button)
            for scan in scans:
                action = menu.addAction(f"{scan.file_name} ({_size_text(scan.size)})")
                action.triggered.connect(functools.partial(self._open_attachment, scan.id))
            self.open_button.setMenu(menu)

    # ---- Owner signings
    @Slot()
    def record(self) -> None:
        dialog = RecordCommitmentDialog(
            self._service, self.business_id, self.business_name, self._ui_state, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.refresh()

    @Slot()
    def attach(self) -> None:
        selected = self.selected_commitment()
        if selected is None:
            return
        folder = self._ui_state.last_folder if self._ui_state else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn bản chụp"), folder, SCAN_FILTER)
        if not path:
            return
        try:
            self._service.attach(selected.id, path)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa thêm được bản chụp"), error_text(err))
            return
        self.refresh()

    @Slot()
    def open_scan(self) -> None:
        selected = self.selected_commitment()
        if selected is None or not selected.attachments:
            return
        self._open_attachment(selected.attachments[-1].id)

    def _open_attachment(self, attachment_id: int) -> None:
        try:
            path = self._service.viewing_copy(attachment_id)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Không mở được"), err.message)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @Slot()
    def void_selected(self) -> None:
        selected = self.selected_commitment()
        if selected is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Đánh dấu nhập nhầm"),
            self.tr("Lần ký ngày {day} sẽ không còn được tính. Tiếp tục?").format(
                day=format_date(selected.signed_on)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._service.void(selected.id)
        self.changed = True
        self.refresh()

    # ---- Employees
    @Slot()
    def add_employee(self) -> None:
        data = EmployeeInput(
            business_id=self.business_id,
            full_name=self.emp_name_edit.text(),
            birth_date=self.emp_birth_edit.text(),
            id_number=self.emp_id_edit.text(),
            position=self.emp_position_edit.text(),
            started_on=self.emp_start_edit.text(),
            signed_on=self.emp_signed_edit.text(),
        )
        try:
            self._service.add_employee(data)
        except DomainError as err:
            self.employee_errors.show(err)
            return
        self.employee_errors.clear()
        for edit in (
            self.emp_name_edit,
            self.emp_birth_edit,
            self.emp_id_edit,
            self.emp_position_edit,
            self.emp_start_edit,
            self.emp_signed_edit,
        ):
            edit.clear()
        self.emp_name_edit.setFocus()
        self.changed = True
        self.refresh()

    @Slot()
    def save_counts(self) -> None:
        try:
            self._service.set_employee_counts(
                self.business_id, self.count_employees.value(), self.count_signed.value()
            )
        except DomainError as err:
            self.counts_error.setText(error_text(err))
            return
        self.counts_error.setText(self.tr("Đã lưu."))
        self.changed = True

    @Slot()
    def print_employee_forms(self) -> None:
        blanks = 0 if self.employee_table.rowCount() else max(self.count_employees.value(), 1)
        service, business_id = self._service, self.business_id

        def remember(path: str) -> None:
            self.last_print = path

        def job(path: str, progress: Any, cancel: Any) -> int:
            return service.print_employee_forms(path, business_id, blanks, None, progress, cancel)

        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Lưu bản cam kết"),
                default_name="cam-ket-nguoi-lao-dong.pdf",
                file_filter="PDF (*.pdf)",
                label=self.tr("Đang tạo bản cam kết…"),
                done_text=lambda n, name: self.tr("Đã tạo {n} bản cam kết trong «{file}».").format(
                    n=format_int(n), file=name
                ),
                failure_text=self.tr("Không tạo được tệp PDF."),
            ),
            job,
            on_done=remember,
        )
