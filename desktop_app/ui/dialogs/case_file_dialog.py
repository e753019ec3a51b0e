"""The case file: the case, the identity on request, services with loan repayments, follow-ups, consent."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cases import (
    SERVICE_FIELDS,
    SEX_LABELS,
    CaseDetail,
    ServiceView,
)
from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.office import Commune
from desktop_app.domain.text import format_vnd
from desktop_app.services.cases import CaseService
from desktop_app.ui.dialogs.case_dialogs import (
    CaseForm,
    ServiceDialog,
    SmallFormDialog,
    WithdrawalDialog,
    shown_value,
)
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import error_text
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import (
    ERROR_STYLE,
    FieldErrors,
    note_label,
)
from desktop_app.ui.widgets.tables import fill_rows, plain_table


class CaseFileDialog(EntryDialog):
    """A case file: the case, the identity on request (audited), services and loans, follow-ups."""

    def __init__(
        self,
        cases: CaseService,
        case_id: int,
        communes: Sequence[Commune],
        can_see_identity: bool,
        parent: QWidget | None = None,
        can_erase: bool = False,
    ) -> None:
        super().__init__(parent)
        self._cases = cases
        self.case_id = case_id
        self._can_see_identity = can_see_identity
        detail = cases.detail(case_id)
        self.code = detail.code
        self.setWindowTitle(self.tr("Hồ sơ {code}").format(code=detail.code))
        self.errors = FieldErrors()
        self.consent_banner = QLabel(self)
        self.consent_banner.setWordWrap(True)
        self.consent_banner.setStyleSheet(
            "background: #fdecea; color: #8a1c1c; border: 1px solid #e0a8a8; padding: 6px;"
        )
        self.consent_banner.hide()
        self.tabs = QTabWidget(self)
        # Case
        case_tab = QWidget(self)
        self.case_form = CaseForm(communes, self.errors, case_tab)
        self.case_form.load(detail.case)
        self.save_case_button = QPushButton(self.tr("Lưu hồ sơ"), case_tab)
        self.case_message = QLabel(case_tab)
        self.notice_button = QPushButton(self.tr("In thông báo xử lý dữ liệu cá nhân…"), case_tab)
        self.withdraw_button = QPushButton(self.tr("Ghi rút lại sự đồng ý…"), case_tab)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.notice_button)
        consent_row.addWidget(self.withdraw_button)
        consent_row.addStretch(1)
        box = QVBoxLayout(case_tab)
        box.addWidget(self.case_form)
        box.addLayout(consent_row)
        box.addWidget(self.case_message)
        box.addWidget(self.save_case_button)
        self.tabs.addTab(case_tab, self.tr("Hồ sơ"))
        # Identity
        identity_tab = QWidget(self)
        self.show_identity_button = QPushButton(self.tr("Hiện nhân thân"), identity_tab)
        self.identity_label = QLabel(identity_tab)
        self.identity_label.setWordWrap(True)
        box = QVBoxLayout(identity_tab)
        box.addWidget(
            note_label(
                self.tr("Nhân thân chỉ hiện khi bấm nút; mỗi lần xem được ghi vào nhật ký."), identity_tab
            )
        )
        box.addWidget(self.show_identity_button)
        box.addWidget(self.identity_label, 1)
        self.erase_button = QPushButton(self.tr("Xóa nhân thân (hết thời hạn lưu giữ)…"), identity_tab)
        self.erase_button.setVisible(can_erase)
        box.addWidget(self.erase_button)
        self.show_identity_button.setEnabled(can_see_identity and not detail.deidentified)
        self.tabs.addTab(identity_tab, self.tr("Nhân thân"))
        # Services
        services_tab = QWidget(self)
        self.services_table = plain_table(
            services_tab,
            [
                self.tr("Ngày"),
                self.tr("Loại"),
                self.tr("Nơi hỗ trợ"),
                self.tr("Khoản vay"),
                self.tr("Chi tiết"),
            ],
        )
        for column, width in enumerate((90, 130, 160, 230)):
            self.services_table.setColumnWidth(column, width)
        self.add_service_button = QPushButton(self.tr("Ghi hỗ trợ…"), services_tab)
        self.repay_button = QPushButton(self.tr("Ghi trả nợ…"), services_tab)
        row = QHBoxLayout()
        row.addWidget(self.add_service_button)
        row.addWidget(self.repay_button)
        row.addStretch(1)
        box = QVBoxLayout(services_tab)
        box.addLayout(row)
        box.addWidget(self.services_table, 1)
        self.tabs.addTab(services_tab, self.tr("Hỗ trợ"))
        # Follow-ups
        follow_tab = QWidget(self)
        self.follow_table = plain_table(
            follow_tab, [self.tr("Dự kiến"), self.tr("Đã theo dõi"), self.tr("Ghi chú")]
        )
        self.plan_button = QPushButton(self.tr("Lên lịch theo dõi…"), follow_tab)
        self.done_button = QPushButton(self.tr("Ghi đã theo dõi…"), follow_tab)
        row = QHBoxLayout()
        row.addWidget(self.plan_button)
        row.addWidget(self.done_button)
        row.addStretch(1)
        box = QVBoxLayout(follow_tab)
        box.addLayout(row)
        box.addWidget(self.follow_table, 1)
        self.tabs.addTab(follow_tab, self.tr("Theo dõi"))
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.save_case_button.clicked.connect(self.save_case)
        self.notice_button.clicked.connect(self.print_notice)
        self.withdraw_button.clicked.connect(self.withdraw_consent)
        self.show_identity_button.clicked.connect(self.show_identity)
        self.erase_button.clicked.connect(self.erase_identity)
        self.add_service_button.clicked.connect(self.add_service)
        self.repay_button.clicked.connect(self.add_repayment)
        self.plan_button.clicked.connect(self.plan_follow_up)
        self.done_button.clicked.connect(self.record_follow_up)
        self.services: list[ServiceView] = []
        self.follow_up_ids: list[int] = []
        fit_window(self, QSize(860, 560))
        self.show_consent(detail)
        self.reload()
        label_buddies(self)
        self.entry_keys(self.save_case, self.case_form.value)  # Đóng asks while the case tab is unsaved

    def show_consent(self, detail: CaseDetail) -> None:
        """A withdrawn consent: the banner says so and only closing the case stays possible."""
        withdrawal = detail.withdrawal
        self.notice_button.setEnabled(self._can_see_identity and withdrawal is None)
        self.withdraw_button.setEnabled(self._can_see_identity and withdrawal is None)
        for button in (self.add_service_button, self.repay_button, self.plan_button, self.done_button):
            button.setEnabled(withdrawal is None)
        if withdrawal is None:
            self.consent_banner.hide()
            return
        self.consent_banner.setText(
            self.tr(
                "Người được hỗ trợ đã rút lại sự đồng ý ngày {day} ({way}). Hồ sơ chỉ còn được đóng: "
                "không ghi thêm hỗ trợ, theo dõi hay nhân thân, không có trong danh sách xuất Excel."
            ).format(day=format_date(withdrawal.withdrawn_on), way=withdrawal.way_label.lower())
        )
        self.consent_banner.show()

    @Slot()
    def withdraw_consent(self) -> None:
        if WithdrawalDialog(self._cases, self.case_id, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.show_consent(self._cases.detail(self.case_id))
        self.message.setText(self.tr("Đã ghi rút lại sự đồng ý."))

    @Slot()
    def print_notice(self) -> None:
        """Save the notice (the case code only: the person writes the name by hand) as a PDF."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Lưu thông báo xử lý dữ liệu cá nhân"),
            f"thong-bao-du-lieu-{self.code}.pdf",
            "PDF (*.pdf)",
        )
        if not path:
            return
        try:
            self._cases.print_consent_notice(path, self.case_id)
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        self.message.setText(
            self.tr("Đã lưu thông báo vào «{file}»: in ra để người được hỗ trợ đọc và ký.").format(file=path)
        )

    def reload(self) -> None:
        self.services = self._cases.services(self.case_id)
        fill_rows(
            self.services_table,
            [
                (
                    format_date(s.given_on),
                    s.kind_label,
                    s.provider,
                    f"{s.loan.status_label}, còn {format_vnd(s.loan.balance_vnd)}" if s.loan else "",
                    "; ".join(
                        f"{SERVICE_FIELDS[s.kind][k]}: {shown_value(k, v)}"
                        for k, v in s.details.items()
                        if v not in (None, "")
                    ),
                )
                for s in self.services
            ],
        )
        rows = self._cases.follow_ups(self.case_id)
        self.follow_up_ids = [f.id for f in rows]
        fill_rows(
            self.follow_table,
            [(format_date(f.planned_on), format_date(f.done_on), f.notes) for f in rows],
        )

    @Slot()
    def save_case(self) -> None:
        try:
            self._cases.update(self.case_id, self.case_form.value())
        except DomainError as err:
            self.case_message.setText(self.errors.show(err))
            return
        self.errors.clear()
        self.mark_clean()
        self.case_message.setText(self.tr("Đã lưu."))

    @Slot()
    def show_identity(self) -> None:
        try:
            person = self._cases.identity(self.case_id)
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        born = format_date(person.birth_date) if person.birth_date else str(person.birth_year or "")
        self.identity_label.setText(
            "\n".join(
                (
                    self.tr("Họ và tên: {v}").format(v=person.full_name),
                    self.tr("Ngày/năm sinh: {v}").format(v=born),
                    self.tr("Giới tính: {v}").format(v=SEX_LABELS.get(person.sex, "")),
                    self.tr("Số CCCD/CMND: {v}").format(v=person.id_number),
                    self.tr("Địa chỉ: {v}").format(v=person.address),
                    self.tr("Điện thoại: {v}").format(v=person.phone),
                )
            )
        )

    @Slot()
    def erase_identity(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Xóa nhân thân"),
            self.tr(
                "Xóa vĩnh viễn họ tên, ngày sinh, số CCCD, địa chỉ và điện thoại của hồ sơ này? Hồ sơ và "
                "các lần hỗ trợ vẫn được giữ cho thống kê."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._cases.deidentify(self.case_id)
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        self.identity_label.clear()
        self.show_identity_button.setEnabled(False)
        self.erase_button.setEnabled(False)
        self.message.setText(self.tr("Đã xóa nhân thân của hồ sơ."))

    @Slot()
    def add_service(self) -> None:
        if ServiceDialog(self._cases, self.case_id, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    @Slot()
    def add_repayment(self) -> None:
        row = self.services_table.currentRow()
        service = self.services[row] if 0 <= row < len(self.services) else None
        if service is None or service.loan is None:
            self.message.setText(self.tr("Chọn một khoản vay trong danh sách hỗ trợ."))
            return
        dialog = SmallFormDialog(self.tr("Ghi trả nợ"), amount=True, parent=self)
        dialog.buttons.accepted.disconnect()

        def save() -> None:
            try:
                self._cases.add_repayment(service.id, dialog.amount.text(), dialog.day.text())
            except DomainError as err:
                errors = err.errors if isinstance(err, ValidationErrors) else {"": err.message}
                renamed = {("day" if k == "paid_on" else k): v for k, v in errors.items()}
                dialog.message.setText(dialog.errors.show(ValidationErrors(renamed)))
                return
            dialog.accept()

        dialog.buttons.accepted.connect(save)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.message.clear()
            self.reload()

    @Slot()
    def plan_follow_up(self) -> None:
        dialog = SmallFormDialog(self.tr("Lên lịch theo dõi"), amount=False, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            day = parse_date(dialog.day.text(), "day")
            if day is None:
                raise ValidationErrors({"day": "Hãy nhập ngày."})
            self._cases.plan_follow_up(self.case_id, day, dialog.notes.text())
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        self.reload()

    @Slot()
    def record_follow_up(self) -> None:
        row = self.follow_table.currentRow()
        if not 0 <= row < len(self.follow_up_ids):
            self.message.setText(self.tr("Chọn một lần theo dõi trong danh sách."))
            return
        dialog = SmallFormDialog(self.tr("Ghi đã theo dõi"), amount=False, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            day = parse_date(dialog.day.text(), "day")
            if day is None:
                raise ValidationErrors({"day": "Hãy nhập ngày."})
            self._cases.record_follow_up(self.follow_up_ids[row], day, dialog.notes.text())
        except DomainError as err:
            self.message.setText(error_text(err))
            return
        self.reload()
