"""Table model of the business register: all rows in memory, filtered and sorted by domain rules."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop_app.domain.businesses import (
    SORT_COLUMNS,
    STATUS_ACTIVE,
    STATUS_CLOSED,
    STATUS_LABELS,
    BusinessRow,
    RegisterFilter,
    RegisterIndex,
    column_sort_keys,
)
from desktop_app.domain.phones import format_phone

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    "Tên cơ sở",
    "Loại hình",
    "Xã/phường",
    "Địa chỉ",
    "Chủ cơ sở",
    "Điện thoại",
    "Số ĐKKD",
    "Trạng thái",
)

Index = QModelIndex | QPersistentModelIndex


class BusinessTableModel(QAbstractTableModel):
    """Adapts BusinessRow read models. Filtering and sorting work on an index list, never on Qt's proxy,
    so a keystroke over 100,000 rows costs one pass in Python instead of 100,000 calls across Qt."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BusinessRow] = []
        self._index = RegisterIndex([])
        self._visible: list[int] = []
        self._filter = RegisterFilter()
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sort_keys: dict[int, list[str]] = {}
        self._order: list[int] = []  # every row position, sorted by the current column and order
        self._position: dict[int, int] = {}

    # ---- Qt overrides
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return QCoreApplication.translate("BusinessTableModel", _HEADERS[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, column)
        if role == ROW_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return QColor("#9e9e9e")
            if column == 7 and row.status != STATUS_ACTIVE:
                return QColor("#b71c1c") if row.status == STATUS_CLOSED else QColor("#e65100")
            return None
        if role == Qt.ItemDataRole.FontRole and row.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        positions = [self._visible[i.row()] if i.row() < len(self._visible) else -1 for i in persistent]
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        if persistent:
            new_row = {position: row for row, position in enumerate(self._visible)}
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(new_row[p], i.column()) if p in new_row else QModelIndex()
                    for i, p in zip(persistent, positions, strict=True)
                ],
            )
        self.layoutChanged.emit()

    # ---- Public API
    def set_rows(self, rows: Sequence[BusinessRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index = RegisterIndex(self._rows)
        self._sort_keys.clear()
        self._position = {row.id: i for i, row in enumerate(self._rows)}
        self._refresh()
        self.endResetModel()

    def set_filter(self, flt: RegisterFilter) -> None:
        if flt == self._filter:
            return
        self.beginResetModel()
        self._visible = self._index.filter(flt, self._order, (self._filter, self._visible))
        self._filter = flt
        self.endResetModel()

    @property
    def current_filter(self) -> RegisterFilter:
        return self._filter

    def upsert_row(self, row: BusinessRow) -> None:
        """Replace or add one row after an edit, keeping the filter and sort."""
        self.beginResetModel()
        position = self._position.get(row.id)
        if position is None:
            self._position[row.id] = len(self._rows)
            self._rows.append(row)
            self._order.append(len(self._rows) - 1)
        else:
            self._rows[position] = row
        self._index = RegisterIndex(self._rows)
        for column, keys in self._sort_keys.items():  # re-key only the changed row
            key = column_sort_keys([row], SORT_COLUMNS[column])[0]
            if position is None:
                keys.append(key)
            else:
                keys[position] = key
        self._apply_sort()
        self.endResetModel()

    def visible_ids(self) -> list[int]:
        """Ids of the shown rows, in the order shown."""
        rows = self._rows
        return [rows[i].id for i in self._visible]

    def visible_count(self) -> int:
        return len(self._visible)

    def total_count(self) -> int:
        return len(self._rows)

    def row_at(self, visible_row: int) -> BusinessRow | None:
        if 0 <= visible_row < len(self._visible):
            return self._rows[self._visible[visible_row]]
        return None

    def visible_row_of(self, business_id: int) -> int | None:
        position = self._position.get(business_id)
        if position is None:
            return None
        try:
            return self._visible.index(position)
        except ValueError:
            return None

    # ---- Internals
    def _display(self, row: BusinessRow, column: int) -> str:
        match column:
            case 0:
                return row.name
            case 1:
                return row.type_name
            case 2:
                return row.commune_name
            case 3:
                return row.address
            case 4:
                return row.owner_name
            case 5:
                return format_phone(row.owner_phone)
            case 6:
                return row.registration_number
            case 7:
                label = STATUS_LABELS.get(row.status, row.status)
                return f"{label} (nhập nhầm)" if row.voided else label
        return ""

    def _refresh(self) -> None:
        """Sort everything once, then filter in that order: a keystroke never re-sorts."""
        self._order = list(range(len(self._rows)))
        self._apply_sort()

    def _apply_sort(self) -> None:
        keys = self._sort_keys.get(self._sort_column)
        if keys is None:
            keys = column_sort_keys(self._rows, SORT_COLUMNS[self._sort_column])
            self._sort_keys = {self._sort_column: keys}  # keep one column's keys: memory over speed
        if len(self._order) != len(self._rows):
            self._order = list(range(len(self._rows)))
        self._order.sort(key=keys.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._visible = self._index.filter(self._filter, self._order)
