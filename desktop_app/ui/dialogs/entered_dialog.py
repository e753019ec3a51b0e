"""The figures a province's template asks the office to type in for a period (its entered indicators)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.indicators import UNIT_VND
from desktop_app.domain.periods import Period
from desktop_app.domain.text import format_int
from desktop_app.services.reports import ReportService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import error_text

COL_LABEL, COL_COMMUNE, COL_UNIT, COL_VALUE, COL_ERROR = range(5)
ERROR_BRUSH = QBrush(QColor("#F8D7DA"))


class EnteredDialog(QDialog):
    """One row per figure (a by-commune indicator: one per commune); the value is typed in its cell, and
    what is wrong with it is shown beside it. Saving keeps them all in one go, or none."""

    def __init__(self, reports: ReportService, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reports = reports
        self._period = period
        self.setWindowTitle(self.tr("Số liệu nhập tay"))
        template = reports.template()
        stored = reports.entered_values(period)
        communes = reports.entered_communes()
        self.keys: list[tuple[str, int | None]] = []
        self.intro = QLabel(
            self.tr(
                "Số liệu mẫu «{template}» yêu cầu đơn vị nhập cho kỳ {period}. Để trống: chưa có số liệu "
                "(báo cáo in «—»). Số tiền ghi bằng đồng."
            ).format(template=template.name, period=period.label),
            self,
        )
        self.intro.setWordWrap(True)
        lock = reports.entered_lock(period)
        self.correction: QCheckBox | None = None
        if lock is not None:  # issued: the figures change only for a replacement, and the clerk says so
            self.correction = QCheckBox(
                self.tr("Sửa số liệu để lập báo cáo thay thế báo cáo số {number} ngày {day}").format(
                    number=lock.number, day=format_date(lock.issued_on)
                ),
                self,
            )
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Chỉ tiêu"),
                self.tr("Xã, phường"),
                self.tr("Đơn vị tính"),
                self.tr("Số liệu"),
                self.tr("Cần sửa"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        for entered in template.entered:
            for commune_id, commune_name in communes if entered.by_commune else [(None, "")]:
                row = self.table.rowCount()
                self.table.insertRow(row)
                self.keys.append((entered.id, commune_id))
                value = stored.get((entered.id, commune_id))
                unit = self.tr("đồng") if entered.unit == UNIT_VND else self.tr("số lượng")
                for column, text in enumerate(
                    (entered.label, commune_name, unit, "" if value is None else format_int(value), "")
                ):
                    item = QTableWidgetItem(text)
                    if column == COL_LABEL:
                        item.setToolTip(text)
                    if column != COL_VALUE:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    else:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_COMMUNE, 140)
        self.table.setColumnWidth(COL_UNIT, 80)
        self.table.setColumnWidth(COL_VALUE, 120)
        self.table.setColumnWidth(COL_ERROR, 250)
        self.table.setWordWrap(True)  # a long label or message takes a second line rather than being cut
        self.table.resizeRowsToContents()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #A00000")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Lưu"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        if self.correction is not None:
            layout.addWidget(self.correction)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_window(self, QSize(980, 520))

    def showEvent(self, event: QShowEvent) -> None:
        """Rows sized once the table has its width (sized before, every label wrapped as if narrow)."""
        super().showEvent(event)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.table.resizeRowsToContents()

    def _row_of(self, key: str) -> int:
        for row, (indicator_id, commune) in enumerate(self.keys):
            if key == (f"{indicator_id}:{commune}" if commune is not None else indicator_id):
                return row
        return -1

    def _mark(self, row: int, message: str) -> None:
        error = self.table.item(row, COL_ERROR)
        value = self.table.item(row, COL_VALUE)
        if error is not None and value is not None:
            error.setText(message)
            error.setToolTip(message)
            value.setBackground(ERROR_BRUSH if message else QBrush())

    @Slot()
    def save(self) -> None:
        values: dict[tuple[str, int | None], int | None] = {}
        problems: dict[int, str] = {}
        for row, key in enumerate(self.keys):
            self._mark(row, "")
            item = self.table.item(row, COL_VALUE)
            text = (item.text() if item is not None else "").strip().replace(".", "").replace(" ", "")
            if not text:
                values[key] = None
            elif text.isdigit():
                values[key] = int(text)
            else:
                problems[row] = self.tr("Chỉ ghi số nguyên không âm (ví dụ 1.250), hoặc để trống.")
        if not problems:
            try:
                correcting = self.correction is not None and self.correction.isChecked()
                self._reports.save_entered(self._period, values, for_replacement=correcting)
            except ValidationErrors as err:
                problems = {self._row_of(key): message for key, message in err.errors.items()}
            except DomainError as err:
                self.message.setText(error_text(err))
                return
            else:
                self.accept()
                return
        for row, message in problems.items():
            if row >= 0:  # beside the field its label need not be said again
                label = self.table.item(row, COL_LABEL)
                prefix = f"«{label.text()}»: " if label is not None else ""
                self._mark(row, message.removeprefix(prefix))
        self.table.resizeRowsToContents()
        first = min(r for r in problems if r >= 0) if any(r >= 0 for r in problems) else -1
        if first >= 0:
            self.table.setCurrentCell(first, COL_VALUE)  # scrolls to it
        self.message.setText(
            self.tr("Chưa lưu: {n} số liệu cần sửa (ghi ở cột bên phải ô số liệu).").format(n=len(problems))
        )
