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
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP

VISIT_COLUMNS = (
    QT_TRANSLATE_NOOP("VisitTable", "Ngày"),
    QT_TRANSLATE_NOOP("VisitTable", "Cơ sở"),
    QT_TRANSLATE_NOOP("VisitTable", "Xã, phường"),
    QT_TRANSLATE_NOOP("VisitTable", "Hình thức"),
    QT_TRANSLATE_NOOP("VisitTable", "Kết quả"),
    QT_TRANSLATE_NOOP("VisitTable", "Số biên bản"),
    QT_TRANSLATE_NOOP("VisitTable", "Hậu kiểm"),
)
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE = "#b71c1c"
VIOLATION = "#e65100"
RESULT_COLUMN = 4
FOLLOW_UP_COLUMN = 6

Index = QModelIndex | QPersistentModelIndex


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
            return QCoreApplication.translate("VisitTable", VISIT_COLUMNS[section])
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
            return QCoreApplication.translate("VisitTable", "Quá hạn hậu kiểm")
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
                    return QCoreApplication.translate("VisitTable", "đã hậu kiểm")
                return QCoreApplication.translate("VisitTable", "hạn {day}").format(
                    day=format_date(visit.follow_up_due)
                )
        return ""

    def _overdue(self, visit: Visit) -> bool:
        due = visit.follow_up_due
        return visit.follow_up_open and due is not None and due < self._today
