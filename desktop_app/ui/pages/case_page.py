"""Support cases: the list by code (never a name), what needs doing, intake and the case file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cases import SERVICE_LABELS, STATUS_LABELS, CaseRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.office import Commune
from desktop_app.domain.periods import Period
from desktop_app.domain.security import check_file_password
from desktop_app.domain.text import format_int, format_vnd
from desktop_app.services.cases import CaseService
from desktop_app.ui.dialogs.case_dialogs import NewCaseDialog
from desktop_app.ui.dialogs.case_file_dialog import CaseFileDialog
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP
from desktop_app.ui.list_actions import export_list, import_list
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.forms import FieldErrors, form_row, note_label, password_edit, save_cancel
from desktop_app.ui.widgets.tables import fill_rows, plain_table

if TYPE_CHECKING:  # built on the first import or export (openpyxl and the readers: some 15 MB)
    from desktop_app.services.case_transfer import CaseTransferService

COLUMNS = (
    QT_TRANSLATE_NOOP("CasePage", "Mã hồ sơ"),
    QT_TRANSLATE_NOOP("CasePage", "Xã, phường"),
    QT_TRANSLATE_NOOP("CasePage", "Tình trạng"),
    QT_TRANSLATE_NOOP("CasePage", "Cán bộ phụ trách"),
    QT_TRANSLATE_NOOP("CasePage", "Tiếp nhận"),
    QT_TRANSLATE_NOOP("CasePage", "Liên lạc gần nhất"),
    QT_TRANSLATE_NOOP("CasePage", "Cần chú ý"),
    QT_TRANSLATE_NOOP("CasePage", "Đồng ý xử lý dữ liệu"),
)


class CasePage(QWidget):
    """Loads when first shown; every case is listed by its code."""

    def __init__(
        self,
        cases: CaseService,
        communes: Callable[[], Sequence[Commune]],
        can_see_identity: bool,
        parent: QWidget | None = None,
        can_erase: bool = False,
        transfer: Callable[[], CaseTransferService] | None = None,
        runner: TaskRunner | None = None,
        ui_state: UiState | None = None,
    ) -> None:
        super().__init__(parent)
        self._cases = cases
        self._can_erase = can_erase
        self._transfer = transfer
        self._runner = runner
        self._ui_state = ui_state
        self._communes = communes
        self._can_see_identity = can_see_identity
        self.rows: list[CaseRow] = []
        self.shown: list[CaseRow] = []
        self.loaded = False
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Mọi tình trạng"), None)
        for code, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, code)
        self.attention_filter = QComboBox(self)
        self.attention_filter.addItem(self.tr("Mọi hồ sơ"), "")
        self.attention_filter.addItem(self.tr("Đến hạn theo dõi"), "due")
        self.attention_filter.addItem(self.tr("Lâu không liên lạc"), "quiet")
        self.new_button = QPushButton(self.tr("Tiếp nhận hồ sơ…"), self)
        self.open_button = QPushButton(self.tr("Mở hồ sơ…"), self)
        self.new_button.setEnabled(can_see_identity)  # intake records an identity
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"), self)
        self.export_button = QPushButton(self.tr("Xuất Excel có mật khẩu…"), self)
        can_transfer = can_see_identity and transfer is not None and runner is not None
        self.import_button.setVisible(can_transfer)
        self.export_button.setVisible(can_transfer)
        self.last_export: str | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tình trạng:"), self))
        top.addWidget(self.status_filter)
        top.addWidget(self.attention_filter)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.figures_label = QLabel(self)
        self.figures_label.setWordWrap(True)
        figures_box = QGroupBox(self.tr("Số liệu trong năm (đếm người, không có nhân thân)"), self)
        figures_row = QHBoxLayout(figures_box)
        figures_row.addWidget(self.year)
        figures_row.addWidget(self.figures_label, 1)
        self.table = plain_table(self, [self.tr(c) for c in COLUMNS])
        for column, width in enumerate((110, 170, 130, 160, 90, 120, 160)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(figures_box)
        layout.addWidget(self.table, 1)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.year.valueChanged.connect(self.show_figures)
        self.attention_filter.currentIndexChanged.connect(self.apply_filter)
        self.new_button.clicked.connect(self.new_case)
        self.open_button.clicked.connect(self.open_case)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.table.doubleClicked.connect(self.open_case)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.rows = self._cases.rows()
        self._due = {f.case_id for f in self._cases.due_follow_ups()}
        self._quiet = {r.id for r in self._cases.without_contact()}
        counts = {label: 0 for label in STATUS_LABELS.values()}
        for row in self.rows:
            counts[row.status_label] += 1
        self.summary.setText(
            "; ".join(f"{label}: {format_int(n)}" for label, n in counts.items())
            + self.tr(" — {due} hồ sơ đến hạn theo dõi, {quiet} hồ sơ lâu không liên lạc.").format(
                due=len(self._due), quiet=len(self._quiet)
            )
        )
        self.apply_filter()
        self.show_figures()

    @Slot()
    def show_figures(self) -> None:
        figures = self._cases.figures(Period.year(self.year.value()))
        kinds = ", ".join(
            f"{SERVICE_LABELS.get(kind, kind).lower()} {format_int(n)}"
            for kind, n in figures.services_by_kind.items()
        )
        communes = ", ".join(f"{name} {format_int(n)}" for name, n in figures.by_commune.items())
        self.figures_label.setText(
            self.tr(
                "Hồ sơ mới: {new}. Người được hỗ trợ: {supported} (lượt hỗ trợ: {kinds}). "
                "Học nghề: {trained} người; có việc làm: {employed} người; vay vốn: {loans} người, "
                "{amount}.\nHồ sơ chưa đóng theo xã, phường: {communes}."
            ).format(
                new=format_int(figures.new_cases),
                supported=format_int(figures.people_supported),
                kinds=kinds or "—",
                trained=format_int(figures.people_trained),
                employed=format_int(figures.people_employed),
                loans=format_int(figures.people_with_loans),
                amount=format_vnd(figures.loans_amount_vnd),
                communes=communes or "—",
            )
        )

    @Slot()
    def apply_filter(self) -> None:
        status = self.status_filter.currentData()
        attention = self.attention_filter.currentData()
        self.shown = [
            r
            for r in self.rows
            if (status is None or r.status == status)
            and (attention != "due" or r.id in self._due)
            and (attention != "quiet" or r.id in self._quiet)
        ]

        def flags(row: CaseRow) -> str:
            marks = []
            if row.id in self._due:
                marks.append(self.tr("đến hạn theo dõi"))
            if row.id in self._quiet:
                marks.append(self.tr("lâu không liên lạc"))
            return ", ".join(marks)

        fill_rows(
            self.table,
            [
                (
                    r.code,
                    r.commune_name,
                    r.status_label + (self.tr(" (đã xóa nhân thân)") if r.deidentified else ""),
                    r.assigned_worker,
                    format_date(r.intake_date),
                    format_date(r.last_contact),
                    flags(r),
                    self.tr("Đã rút lại {day}").format(day=format_date(r.consent_withdrawn_on))
                    if r.consent_withdrawn_on is not None
                    else self.tr("Còn hiệu lực"),
                )
                for r in self.shown
            ],
        )

    def selected(self) -> CaseRow | None:
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    @Slot()
    def new_case(self) -> None:
        dialog = NewCaseDialog(self._cases, [c for c in self._communes() if c.active], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.reload()
        target = dialog.created[0] if dialog.created else dialog.open_existing
        if target is not None:
            self.open_file(target)

    @Slot()
    def open_case(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_file(row.id)

    def open_file(self, case_id: int) -> None:
        CaseFileDialog(
            self._cases, case_id, self._communes(), self._can_see_identity, self, can_erase=self._can_erase
        ).exec()
        self.reload()

    @Slot()
    def import_file(self) -> None:
        if self._transfer is None or self._runner is None or self._ui_state is None:
            return
        if import_list(self, self._transfer(), self._runner, self._ui_state):
            self.reload()

    @Slot()
    def export_file(self) -> None:
        """Ask for the file's password first (twice), then where to save; the list goes out encrypted."""
        transfer_of = self._transfer
        if transfer_of is None or self._runner is None:
            return
        ask = FilePasswordDialog(self)
        if ask.exec() != QDialog.DialogCode.Accepted:
            return
        export_list(
            self,
            "cases",
            transfer_of(),
            self._runner,
            self._ui_state,
            password=ask.password.text(),
            on_done=self._remember_export,
        )

    def _remember_export(self, path: str) -> None:
        self.last_export = path


class FilePasswordDialog(QDialog):
    """The password that will open an exported list of personal data, typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self.setWindowTitle(self.tr("Mật khẩu mở tệp"))
        self.errors = FieldErrors()
        self.password = password_edit(self)
        self.repeat = password_edit(self)
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Mật khẩu mở tệp"), "file_password", self.password)
        form_row(form, self.errors, self.tr("Nhập lại"), "repeat", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Danh sách có thông tin nhân thân nên chỉ được xuất kèm mật khẩu (ít nhất 8 ký tự). "
                    "Hãy gửi mật khẩu cho người nhận bằng đường khác, không gửi kèm tệp."
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(save_cancel(self, self.check))

    @Slot()
    def check(self) -> None:
        try:
            check_file_password(self.password.text())
            if self.password.text() != self.repeat.text():
                raise ValidationErrors({"repeat": "Hai lần nhập mật khẩu không giống nhau."})
        except DomainError as err:
            self.errors.show(err)
            return
        self.accept()
