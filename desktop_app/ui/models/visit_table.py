"""Table model of inspection visits: one row per visit, cells computed when painted (no item per cell)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop_app.domain.dates import format_date
from desktop_app.domain.inspections import KIND_LABELS, Visit

VISIT_COLUMNS = ("Ngày", "Cơ sở", "Xã, phường", "Hình thức", "Kết quả", "Số biên bản", "Hậu kiểm")
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE = "#b71c1c"
VIOLATION = "#e65100"
RESULT_COLUMN = 4
FOLLOW_UP_COLUMN = 6

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("VisitTable", text)


class VisitTableModel(QAbstractTableModel):
    """Adapts Visit read models; the visit id is under VISIT_ID_ROLE on every cell."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._visits: list[Visit] = []
        self._today = date.today()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(VISIT_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(VISIT_COLUMNS)
        ):
            return _tr(VISIT_COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._visits):
            return None
        visit, column = self._visits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(visit, column)
        if role == VISIT_ID_ROLE:
            return visit.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == RESULT_COLUMN and visit.is_violation:
                return QColor(VIOLATION)
            if column == FOLLOW_UP_COLUMN and self._overdue(visit):
                return QColor(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and column == FOLLOW_UP_COLUMN and self._overdue(visit):
            return _tr("Quá hạn hậu kiểm")
        return None

    def set_visits(self, visits: Sequence[Visit], today: date | None = None) -> None:
        self.beginResetModel()
        self._visits = list(visits)
        self._today = today or date.today()
        self.endResetModel()

    def visits(self) -> list[Visit]:
        """The visits shown, in the order shown (do not modify)."""
        return self._visits

    def text(self, visit: Visit, column: int) -> str:
        match column:
            case 0:
                return visit.when_text
            case 1:
                return visit.business_name
            case 2:
                return visit.commune_name
            case 3:
                return KIND_LABELS.get(visit.kind, visit.kind)
            case 4:
                return visit.result_text
            case 5:
                return visit.minutes_number
            case 6:
                if visit.follow_up_due is None:
                    return ""
                if not visit.follow_up_open:
                    return _tr("đã hậu kiểm")
                return _tr("hạn {day}").format(day=format_date(visit.follow_up_due))
        return ""

    def _overdue(self, visit: Visit) -> bool:
        due = visit.follow_up_due
        return visit.follow_up_open and due is not None and due < self._today
