"""Issuing a report: the number and date to issue it with, and the list of issued reports to re-open."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.issued_reports import NUMBER_MAX, IssuedReportSummary
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.tables import keyboard_list, plain_table


class IssueDialog(QDialog):
    """Ask for the number and the date of the report to issue (a replacement says which one it replaces)."""

    def __init__(
        self,
        period_label: str,
        proposed_number: str,
        today: date,
        replaces: IssuedReportSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ban hành báo cáo thay thế") if replaces else self.tr("Ban hành báo cáo"))
        self.number = QLineEdit(proposed_number, self)
        self.number.setMaxLength(NUMBER_MAX)
        self.number.setObjectName("issue_number")
        self.issued_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.issued_on.setDisplayFormat("dd/MM/yyyy")
        self.issued_on.setCalendarPopup(True)
        what = self.tr("Ban hành báo cáo {period}.").format(period=period_label)
        if replaces is not None:
            what += " " + self.tr("Báo cáo này thay thế báo cáo số {number} ngày {day} (mã {id}).").format(
                number=replaces.number, day=format_date(replaces.issued_on), id=replaces.id
            )
        intro = QLabel(
            what
            + "\n"
            + self.tr(
                "Sau khi ban hành, số liệu và các tệp Excel, PDF, gói số liệu của báo cáo được lưu cố định: "
                "sửa dữ liệu về sau không làm thay đổi báo cáo đã ban hành. Nếu cần sửa số liệu, hãy ban "
                "hành báo cáo thay thế."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Số văn bản:"), self.number)
        form.addRow(self.tr("Ngày ban hành:"), self.issued_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Ban hành"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_window(self, QSize(520, 240))

    def values(self) -> tuple[str, date]:
        day = self.issued_on.date()
        return self.number.text().strip(), date(day.year(), day.month(), day.day())

    @Slot()
    def _accept(self) -> None:
        if not self.number.text().strip():
            self.error.setText(self.tr("Hãy nhập số văn bản của báo cáo (ví dụ 12/BC-UBND)."))
            self.error.show()
            self.number.setFocus()
            return
        self.accept()


class IssuedReportsDialog(QDialog):
    """The issued reports, the newest first; «Mở» re-opens the one chosen as it was sent."""

    def __init__(self, issued: list[IssuedReportSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Báo cáo đã ban hành"))
        self._issued = issued
        self.chosen: IssuedReportSummary | None = None
        self.table = plain_table(
            self,
            [
                self.tr("Số"),
                self.tr("Ngày ban hành"),
                self.tr("Kỳ báo cáo"),
                self.tr("Người ban hành"),
                self.tr("Ghi chú"),
            ],
        )
        keyboard_list(self.table)
        self.table.setRowCount(len(issued))
        for row, item in enumerate(issued):
            notes = []
            if item.replaces_number:
                notes.append(self.tr("Thay thế báo cáo số {n}").format(n=item.replaces_number))
            if item.replaced_by_number:
                notes.append(self.tr("Đã được thay thế bằng số {n}").format(n=item.replaced_by_number))
            day = format_date(item.issued_on)
            cells = [item.number, day, item.period_label, item.issued_by, "; ".join(notes)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for column, width in enumerate((120, 100, 170, 110)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        if issued:
            self.table.selectRow(0)
        empty = QLabel(self.tr("Chưa có báo cáo nào được ban hành."), self)
        empty.setVisible(not issued)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton(self.tr("&Mở"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setEnabled(bool(issued))
        buttons.accepted.connect(self._open)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_window(self, QSize(760, 400))

    @Slot()
    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self._issued[rows[0].row()]
        self.accept()
