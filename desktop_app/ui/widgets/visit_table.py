"""A read-only table of inspection visits (the latest first), with follow-ups due shown in colour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop_app.domain.dates import format_date
from desktop_app.domain.inspections import KIND_LABELS, Visit
from desktop_app.ui.widgets.tables import keyboard_list

COLUMNS = ("Ngày", "Cơ sở", "Xã, phường", "Hình thức", "Kết quả", "Số biên bản", "Hậu kiểm")
OVERDUE = "#b71c1c"
VIOLATION = "#e65100"


class VisitTable(QTableWidget):
    """Each row carries its visit id (Qt.UserRole on column 0)."""

    def __init__(self, parent: QWidget | None = None, show_business: bool = True) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.visits: list[Visit] = []
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 220, 120, 80, 290, 95)):
            self.setColumnWidth(column, width)
        if not show_business:
            self.setColumnHidden(1, True)
            self.setColumnHidden(2, True)
        keyboard_list(self)

    def set_visits(self, visits: Sequence[Visit], today: date | None = None) -> None:
        day = today or date.today()
        selected = set(self.selected_ids())
        self.visits = list(visits)
        self.setRowCount(len(self.visits))
        for row, visit in enumerate(self.visits):
            follow_up = ""
            if visit.follow_up_due is not None:
                follow_up = (
                    self.tr("đã hậu kiểm")
                    if not visit.follow_up_open
                    else self.tr("hạn {day}").format(day=format_date(visit.follow_up_due))
                )
            values = (
                visit.when_text,
                visit.business_name,
                visit.commune_name,
                KIND_LABELS.get(visit.kind, visit.kind),
                visit.result_text,
                visit.minutes_number,
                follow_up,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, visit.id)
                if column == 4 and visit.is_violation:
                    item.setForeground(QColor(VIOLATION))
                if column == 6 and visit.follow_up_open and visit.follow_up_due and visit.follow_up_due < day:
                    item.setForeground(QColor(OVERDUE))
                    item.setToolTip(self.tr("Quá hạn hậu kiểm"))
                self.setItem(row, column, item)
        for row, visit in enumerate(self.visits):
            if visit.id in selected:
                self.selectRow(row)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.visits[r].id for r in rows if r < len(self.visits)]

    def selected_visits(self) -> list[Visit]:
        ids = set(self.selected_ids())
        return [v for v in self.visits if v.id in ids]

    def select_visit(self, visit_id: int) -> None:
        for row, visit in enumerate(self.visits):
            if visit.id == visit_id:
                self.selectRow(row)
                return
