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
from desktop_app.domain.commitments import (
    STATE_COVERED,
    STATE_EXPIRED,
    STATE_EXPIRING,
    STATE_LABELS,
    STATE_NEVER,
)
from desktop_app.domain.phones import format_phone
from desktop_app.ui.widgets.table_columns import ColumnSpec

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    "Tên cơ sở",
    "Loại hình",
    "Xã, phường",
    "Địa chỉ",
    "Chủ cơ sở",
    "Điện thoại",
    "Số ĐKKD",
    "Trạng thái",
    "Cam kết",
)
# Stable names of the columns above, under which the clerk's choice of columns is remembered.
COLUMN_KEYS = (
    "name",
    "type",
    "commune",
    "address",
    "owner",
    "phone",
    "registration",
    "status",
    "commitment",
)
# The widest each column is sized to on its own; longer values are elided in the middle, in full as tooltip.
REGISTER_COLUMNS = tuple(
    ColumnSpec(key, width)
    for key, width in zip(COLUMN_KEYS, (280, 190, 160, 280, 180, None, 140, None, None), strict=True)
)
# Status and commitment next to what identifies the business, so that they are in view on a small screen.
DEFAULT_ORDER = (
    "name",
    "type",
    "commune",
    "status",
    "commitment",
    "owner",
    "phone",
    "address",
    "registration",
)
STATUS_COLUMN = 7
COMMITMENT_COLUMN = 8
SAMPLE_ROWS = 500
_STATE_ORDER = {STATE_NEVER: "0", STATE_EXPIRED: "1", STATE_EXPIRING: "2", STATE_COVERED: "3"}
_STATE_COLOURS = {STATE_NEVER: "#b71c1c", STATE_EXPIRED: "#b71c1c", STATE_EXPIRING: "#e65100"}

Index = QModelIndex | QPersistentModelIndex


class BusinessTableModel(QAbstractTableModel):
    """Adapts BusinessRow read models. Filtering and sorting work on an index list, never on Qt's proxy,
    so a keystroke over 100,000 rows costs one pass in Python instead of 100,000 calls across Qt."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BusinessRow] = []
        self._states: dict[int, str] = {}  # commitment state on the day shown, for active businesses
        self._inspections: dict[int, frozenset[str]] = {}  # inspection flags (FLAG_*) by business id
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
            if column == STATUS_COLUMN and row.status != STATUS_ACTIVE:
                return QColor("#b71c1c") if row.status == STATUS_CLOSED else QColor("#e65100")
            if column == COMMITMENT_COLUMN and (colour := _STATE_COLOURS.get(self._states.get(row.id, ""))):
                return QColor(colour)
            return None
        if role == Qt.ItemDataRole.FontRole and row.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(_HEADERS):
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
    def set_rows(self, rows: Sequence[BusinessRow], states: dict[int, str] | None = None) -> None:
        """All rows, and optionally each business's commitment state (see set_commitment_states)."""
        self.beginResetModel()
        self._rows = list(rows)
        if states is not None:
            self._states = states
        self._index = self._make_index()
        self._sort_keys.clear()
        self._position = {row.id: i for i, row in enumerate(self._rows)}
        self._refresh()
        self.endResetModel()

    def set_commitment_states(self, states: dict[int, str]) -> None:
        """Commitment state by business id (businesses not active on the day have none)."""
        self.beginResetModel()
        self._states = states
        self._index = self._make_index()
        self._sort_keys.pop(COMMITMENT_COLUMN, None)
        self._apply_sort()
        self.endResetModel()

    def commitment_state(self, business_id: int) -> str:
        return self._states.get(business_id, "")

    def set_inspection_flags(self, flags: dict[int, frozenset[str]]) -> None:
        """Inspection flags by business id, for the register's inspection filter."""
        self.beginResetModel()
        self._inspections = flags
        self._index = self._make_index()
        self._visible = self._index.filter(self._filter, self._order)
        self.endResetModel()

    def _make_index(self) -> RegisterIndex:
        states, flags, none = self._states, self._inspections, frozenset[str]()
        return RegisterIndex(
            self._rows,
            [states.get(r.id, "") for r in self._rows],
            [flags.get(r.id, none) for r in self._rows],
        )

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
        self._index = self._make_index()
        for column, keys in self._sort_keys.items():  # re-key only the changed row
            key = self._column_keys([row], column)[0]
            if position is None:
                keys.append(key)
            else:
                keys[position] = key
        self._apply_sort()
        self.endResetModel()

    def rows(self) -> list[BusinessRow]:
        """Every row held (shared with other views of the register; do not modify)."""
        return self._rows

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

    def column_samples(self, column: int, limit: int = SAMPLE_ROWS) -> list[str]:
        """Texts a column's width is measured on: every label of a closed list (status, commitment), else
        the values of at most `limit` rows spread evenly over all held rows (sizing never reads them all)."""
        if column == STATUS_COLUMN:
            return list(STATUS_LABELS.values())
        if column == COMMITMENT_COLUMN:
            return list(STATE_LABELS.values())
        rows = self._rows
        step = max(1, -(-len(rows) // limit))
        return [self._display(row, column) for row in rows[::step]]

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
            case 8:
                return STATE_LABELS.get(self._states.get(row.id, ""), "")
        return ""

    def _column_keys(self, rows: Sequence[BusinessRow], column: int) -> list[str]:
        if column == COMMITMENT_COLUMN:
            states = self._states
            return [_STATE_ORDER.get(states.get(r.id, ""), "9") for r in rows]
        return column_sort_keys(rows, SORT_COLUMNS[column])

    def _refresh(self) -> None:
        """Sort everything once, then filter in that order: a keystroke never re-sorts."""
        self._order = list(range(len(self._rows)))
        self._apply_sort()

    def _apply_sort(self) -> None:
        keys = self._sort_keys.get(self._sort_column)
        if keys is None:
            keys = self._column_keys(self._rows, self._sort_column)
            self._sort_keys = {self._sort_column: keys}  # keep one column's keys: memory over speed
        if len(self._order) != len(self._rows):
            self._order = list(range(len(self._rows)))
        self._order.sort(key=keys.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._visible = self._index.filter(self._filter, self._order)
