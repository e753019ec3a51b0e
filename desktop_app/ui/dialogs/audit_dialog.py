"""The administrator's audit page: the change log filtered by user, date and kind of record, the state of
its hash chain, and an export to Excel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.audit import ENTITY_LABELS, AuditFilter, AuditRow
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.text import format_int
from desktop_app.services.audit import AuditService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP
from desktop_app.ui.tasks import SaveOptions, TaskRunner, save_with_progress
from desktop_app.ui.widgets.forms import ERROR_STYLE, FieldErrors, date_edit, form_row

COLUMNS = (
    QT_TRANSLATE_NOOP("AuditDialog", "Số"),
    QT_TRANSLATE_NOOP("AuditDialog", "Thời điểm"),
    QT_TRANSLATE_NOOP("AuditDialog", "Người thực hiện"),
    QT_TRANSLATE_NOOP("AuditDialog", "Đối tượng"),
    QT_TRANSLATE_NOOP("AuditDialog", "Mã"),
    QT_TRANSLATE_NOOP("AuditDialog", "Thao tác"),
    QT_TRANSLATE_NOOP("AuditDialog", "Nội dung"),
)
NOBODY = "(chưa đăng nhập)"


class AuditDialog(QDialog):
    def __init__(
        self, audit: AuditService, runner: TaskRunner, ui_state: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._runner = runner
        self._ui_state = ui_state
        self.rows: list[AuditRow] = []
        self.setWindowTitle(self.tr("Nhật ký hệ thống"))
        self.actor = QComboBox(self)
        self.actor.addItem(self.tr("Mọi người"), None)
        for name in audit.actors():
            self.actor.addItem(name or NOBODY, name)
        self.entity = QComboBox(self)
        self.entity.addItem(self.tr("Mọi đối tượng"), None)
        for code, label in ENTITY_LABELS.items():
            self.entity.addItem(label, code)
        self.date_from = date_edit(self)
        self.date_to = date_edit(self)
        self.errors = FieldErrors()
        filters = QFormLayout()
        filters.addRow(self.tr("Người thực hiện:"), self.actor)
        filters.addRow(self.tr("Đối tượng:"), self.entity)
        form_row(filters, self.errors, self.tr("Từ ngày:"), "date_from", self.date_from)
        form_row(filters, self.errors, self.tr("Đến ngày:"), "date_to", self.date_to)
        self.filter_button = QPushButton(self.tr("&Lọc"), self)
        self.export_button = QPushButton(self.tr("&Xuất Excel…"), self)
        self.chain_label = QLabel(self)
        self.chain_label.setWordWrap(True)
        self.count_label = QLabel(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addLayout(filters)
        buttons = QVBoxLayout()
        buttons.addWidget(self.filter_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        top.addWidget(self.chain_label, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.filter_button.clicked.connect(self.apply_filter)
        self.export_button.clicked.connect(self.export_file)
        self.filter_button.setDefault(True)
        fit_window(self, QSize(1200, 640), ui_state=ui_state, key="audit")
        self.check_chain()
        self.apply_filter()

    def current_filter(self) -> AuditFilter:
        """Raises ValidationError(s) for a badly typed date."""
        return AuditFilter(
            actor=self.actor.currentData(),
            entity=self.entity.currentData(),
            date_from=parse_date(self.date_from.text(), "date_from"),
            date_to=parse_date(self.date_to.text(), "date_to"),
        )

    @Slot()
    def check_chain(self) -> None:
        problems = self._audit.problems()
        if problems:
            self.chain_label.setStyleSheet(ERROR_STYLE)
            self.chain_label.setText(
                self.tr("Nhật ký đã bị can thiệp ngoài chương trình:") + "\n" + "\n".join(problems)
            )
        else:
            self.chain_label.setStyleSheet("color: #1b5e20;")
            self.chain_label.setText(self.tr("Nhật ký nguyên vẹn: không mục nào bị sửa hay xóa."))

    @Slot()
    def apply_filter(self) -> None:
        try:
            flt = self.current_filter()
            page = self._audit.entries(flt)
        except DomainError as err:
            self.errors.show(err)
            return
        self.errors.clear()
        self.rows = page.rows
        self.table.setRowCount(len(page.rows))
        for r, row in enumerate(page.rows):
            values = (
                str(row.id),
                row.at.strftime("%d/%m/%Y %H:%M:%S"),
                row.actor or NOBODY,
                row.entity_label,
                str(row.entity_id) if row.entity_id else "",
                row.action_label,
                row.detail,
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if page.total > len(page.rows):
            text = self.tr("{shown} mục mới nhất trong {total} mục khớp điều kiện (xuất Excel để có tất cả).")
        else:
            text = self.tr("{total} mục khớp điều kiện.")
        self.count_label.setText(text.format(shown=format_int(len(page.rows)), total=format_int(page.total)))

    @Slot()
    def export_file(self) -> None:
        try:
            flt = self.current_filter()
        except DomainError as err:
            self.errors.show(err)
            return
        audit = self._audit
        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Xuất nhật ký"),
                default_name="nhat-ky.xlsx",
                file_filter="Excel (*.xlsx)",
                label=self.tr("Đang xuất nhật ký…"),
                done_text=lambda n, name: self.tr("Đã xuất {n} mục nhật ký ra «{file}».").format(
                    n=format_int(n), file=name
                ),
                failure_text=self.tr("Không xuất được tệp."),
            ),
            lambda path, progress, cancel: audit.export(path, flt, progress, cancel),
        )
