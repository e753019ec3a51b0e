"""Table model of the business register: all rows in memory, filtered and sorted by domain rules."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass

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
    RANK_STEP,
    SORT_COLUMNS,
    STATUS_ACTIVE,
    STATUS_CLOSED,
    STATUS_LABELS,
    BusinessRow,
    RegisterFilter,
    RegisterIndex,
    column_sort_keys,
    dense_ranks,
    row_positions,
    sorted_positions,
)
from desktop_app.domain.commitments import (
    STATE_COVERED,
    STATE_EXPIRED,
    STATE_EXPIRING,
    STATE_LABELS,
    STATE_NEVER,
)
from desktop_app.domain.phones import format_phone
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP
from desktop_app.ui.widgets.table_columns import ColumnSpec

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    QT_TRANSLATE_NOOP("BusinessTableModel", "Tên cơ sở"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Loại hình"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Xã, phường"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Địa chỉ"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Chủ cơ sở"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Điện thoại"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Số ĐKKD"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Trạng thái"),
    QT_TRANSLATE_NOOP("BusinessTableModel", "Cam kết"),
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


@dataclass(frozen=True, eq=False)
class PreparedRows:
    """Every register row with what filtering and sorting them needs, computed off the GUI thread
    (`prepare_rows`), so that the GUI thread only swaps them in."""

    rows: list[BusinessRow]
    index: RegisterIndex
    column: int
    descending: bool
    ranks: array[int]
    order: list[int]
    position: dict[int, int]
    filter: RegisterFilter
    visible: list[int]
    states: dict[int, str]
    flags: dict[int, frozenset[str]]


def prepare_rows(
    rows: list[BusinessRow],
    column: int,
    descending: bool,
    flt: RegisterFilter,
    known: tuple[dict[int, str], dict[int, frozenset[str]]],
) -> PreparedRows:
    """The rows indexed, ranked by `column`, ordered and filtered by `flt`: plain Python, no Qt object, so
    it runs on the background worker (`known`: the commitment states and inspection flags, only read)."""
    states, flags = known
    none = frozenset[str]()
    index = RegisterIndex(rows, [states.get(r.id, "") for r in rows], [flags.get(r.id, none) for r in rows])
    if column == COMMITMENT_COLUMN:
        keys = [_STATE_ORDER.get(states.get(r.id, ""), "9") for r in rows]
    else:
        keys = column_sort_keys(rows, SORT_COLUMNS[column])
    ranks = dense_ranks(keys, background=True)
    del keys
    order = sorted_positions(len(rows), ranks.__getitem__, reverse=descending)
    return PreparedRows(
        rows=rows,
        index=index,
        column=column,
        descending=descending,
        ranks=ranks,
        order=order,
        position=dict(zip([r.id for r in rows], row_positions(len(rows)), strict=True)),
        filter=flt,
        visible=index.filter(flt, order),
        states=states,
        flags=flags,
    )


class BusinessTableModel(QAbstractTableModel):
    """Adapts BusinessRow read models. Filtering and sorting work on an index list, never on Qt's proxy,
    so a keystroke over 100,000 rows costs one pass in Python instead of 100,000 calls across Qt.

    A new filter or sort is a layout change, not a reset: the view keeps its selection, current row and
    scroll position on the businesses still shown. Each column's sort ranks are computed on its first sort
    and kept (integers, not the collation keys), so sorting by it again only orders integers."""

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
        self._ranks: dict[int, array[int]] = {}  # sort ranks by column, once sorted by it
        self._version = 0  # changes whenever a row does: ranks computed meanwhile are not taken
        self._order: list[int] = []  # every row position, sorted by the current column and order
        self._position: dict[int, int] = {}
        # rows, positions and ranks are another view's too (set_rows_of): copied before a row is changed here
        self._shared = False

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

        def change() -> None:
            self._sort_column, self._sort_order = column, order
            self._apply_sort()

        self._change_layout(change)

    # ---- Public API
    def set_rows(self, rows: Sequence[BusinessRow], states: dict[int, str] | None = None) -> None:
        """All rows, and optionally each business's commitment state (see set_commitment_states)."""
        self.beginResetModel()
        self._rows = list(rows)
        if states is not None:
            self._states = states
        self._index = self._make_index()
        self._ranks = {}
        self._version += 1
        self._position = dict(zip([r.id for r in self._rows], row_positions(len(self._rows)), strict=True))
        self._shared = False
        self._order = row_positions(len(self._rows))
        self._apply_sort()
        self.endResetModel()

    def set_rows_of(self, other: BusinessTableModel) -> None:
        """The rows `other` holds (the register's), with the sort ranks it has computed: a second view of the
        register does not compute the collation keys of 100,000 rows again. Own states, filter and sort.

        The rows, their search index, positions and ranks are shared, not copied (about 20 MB at 100,000
        businesses): whichever view changes a row first (upsert_row) takes its own copies."""
        self.beginResetModel()
        self._rows = other._rows
        states, flags, none = self._states, self._inspections, frozenset[str]()
        self._index = other._index.over_same_rows(
            [states.get(r.id, "") for r in self._rows], [flags.get(r.id, none) for r in self._rows]
        )
        self._ranks = {c: r for c, r in other._ranks.items() if c != COMMITMENT_COLUMN}
        self._version += 1
        self._position = other._position
        self._shared = other._shared = True
        self._order = row_positions(len(self._rows))
        self._apply_sort()
        self.endResetModel()

    def rank_columns(self, limit: int | None = None) -> Callable[[], Callable[[], None]]:
        """A Qt-free job for the background worker: the sort ranks of the columns not ranked yet (at most
        `limit` of them); what it returns, called on the GUI thread, keeps them unless a row changed
        meanwhile. The first click on a column header then only orders integers (8 bytes a row a column)."""
        rows, version = self._rows, self._version
        missing = [c for c in range(len(SORT_COLUMNS)) if c not in self._ranks][:limit]

        def job() -> Callable[[], None]:
            ranks = {
                c: dense_ranks(column_sort_keys(rows, SORT_COLUMNS[c]), background=True) for c in missing
            }

            def keep() -> None:
                if version == self._version:
                    for column, ranked in ranks.items():
                        self._ranks.setdefault(column, ranked)

            return keep

        return job

    def ranked_columns(self) -> list[int]:
        """The columns whose sort ranks are kept."""
        return sorted(self._ranks)

    def prepare(self, rows: list[BusinessRow]) -> Callable[[], PreparedRows]:
        """What `set_prepared` takes, as a Qt-free job for the background worker: `rows` indexed and put in
        the current sort order and filter."""
        column, flt = self._sort_column, self._filter
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        states, flags = self._states, self._inspections
        return lambda: prepare_rows(rows, column, descending, flt, (states, flags))

    def set_prepared(self, prepared: PreparedRows) -> None:
        """Every row, as `prepare` computed them; a sort, filter or state that changed meanwhile is applied
        again here."""
        self.beginResetModel()
        self._rows = prepared.rows
        self._index = prepared.index
        self._position = prepared.position
        self._shared = False
        self._ranks = {prepared.column: prepared.ranks}
        self._version += 1
        self._order = prepared.order
        self._visible = prepared.visible
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        stale_states = self._states is not prepared.states or self._inspections is not prepared.flags
        if stale_states:  # arrived while the rows were being prepared
            none = frozenset[str]()
            self._index.set_commitment_states([self._states.get(r.id, "") for r in self._rows])
            self._index.set_inspection_flags([self._inspections.get(r.id, none) for r in self._rows])
        if (
            prepared.column != self._sort_column
            or prepared.descending != descending
            or (stale_states and self._sort_column == COMMITMENT_COLUMN)
        ):
            self._ranks.pop(COMMITMENT_COLUMN, None)
            self._apply_sort()
        elif prepared.filter != self._filter or stale_states:
            self._apply_filter()
        self.endResetModel()

    def set_commitment_states(self, states: dict[int, str]) -> None:
        """Commitment state by business id (businesses not active on the day have none). The search index
        is kept; the shown rows change only when sorted or filtered by commitment."""
        self._states = states
        self._index.set_commitment_states([states.get(r.id, "") for r in self._rows])
        self._ranks.pop(COMMITMENT_COLUMN, None)
        if self._sort_column == COMMITMENT_COLUMN:
            self._change_layout(self._apply_sort)
        elif self._filter.commitment is not None:
            self._change_layout(self._apply_filter)
        if self._visible:
            self.dataChanged.emit(
                self.index(0, COMMITMENT_COLUMN), self.index(len(self._visible) - 1, COMMITMENT_COLUMN)
            )

    def set_inspection_flags(self, flags: dict[int, frozenset[str]]) -> None:
        """Inspection flags by business id, for the register's inspection filter."""
        self._inspections = flags
        none = frozenset[str]()
        self._index.set_inspection_flags([flags.get(r.id, none) for r in self._rows])
        if self._filter.inspection is not None:
            self._change_layout(self._apply_filter)

    def commitment_state(self, business_id: int) -> str:
        return self._states.get(business_id, "")

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

        def change() -> None:
            self._filter = flt
            self._apply_filter()

        self._change_layout(change)

    @property
    def current_filter(self) -> RegisterFilter:
        return self._filter

    def upsert_row(self, row: BusinessRow) -> None:
        """Replace or add one row after an edit, keeping the filter and sort (and the selection)."""

        def change() -> None:
            ranks = self._ranks.get(self._sort_column)
            if self._shared:  # another view holds these: change copies of them
                self._rows, self._position, self._shared = list(self._rows), dict(self._position), False
                ranks = array("q", ranks) if ranks is not None else None
            position = self._position.get(row.id)
            if position is None:
                position = len(self._rows)
                self._position[row.id] = position
                self._rows.append(row)
            else:
                self._rows[position] = row
            state, flags = self._states.get(row.id, ""), self._inspections.get(row.id, frozenset[str]())
            self._index.put(position, row, state, flags)
            self._ranks = {}  # other columns are ranked again when sorted by
            self._version += 1
            if ranks is not None and self._rerank(ranks, position):
                self._ranks[self._sort_column] = ranks
            self._order = [p for p in self._order if p != position]
            self._apply_sort()

        self._change_layout(change)

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

    def _apply_sort(self) -> None:
        """Order every row by the current column (stable: ties keep the previous order), then filter."""
        column = self._sort_column
        ranks = self._ranks.get(column)
        if ranks is None:
            ranks = self._ranks[column] = dense_ranks(self._column_keys(self._rows, column))
        order = self._order
        if len(order) != len(self._rows):
            held = set(order)
            order = order + [p for p in range(len(self._rows)) if p not in held]
        self._order = sorted(
            order, key=ranks.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder
        )
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._visible = self._index.filter(self._filter, self._order)

    def _rerank(self, ranks: array[int], position: int) -> bool:
        """Rank the changed row at `position` in the current column between its neighbours, keying only
        the few rows a binary search looks at; False when no rank is free there."""
        column, rows = self._sort_column, self._rows

        def key_of(p: int) -> str:
            return self._column_keys([rows[p]], column)[0]

        ascending = [p for p in self._order if p != position]
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            ascending.reverse()
        key = key_of(position)
        at = bisect_right(ascending, key, key=key_of)
        if at > 0 and key_of(ascending[at - 1]) == key:
            rank = ranks[ascending[at - 1]]
        else:
            low = ranks[ascending[at - 1]] if at > 0 else 0
            high = ranks[ascending[at]] if at < len(ascending) else low + 2 * RANK_STEP
            if high - low < 2:
                return False
            rank = (low + high) // 2
        if position < len(ranks):
            ranks[position] = rank
        else:
            ranks.append(rank)
        return True

    def _change_layout(self, change: Callable[[], None]) -> None:
        """Apply `change` to the shown rows as a layout change: selection and current row follow their
        business (or go, when it is no longer shown)."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        visible = self._visible
        positions = [visible[i.row()] if 0 <= i.row() < len(visible) else -1 for i in persistent]
        change()
        if persistent:
            new_rows = self._visible_rows({p for p in positions if p >= 0})
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(new_rows[p], i.column()) if p in new_rows else QModelIndex()
                    for i, p in zip(persistent, positions, strict=True)
                ],
            )
        self.layoutChanged.emit()

    def _visible_rows(self, positions: set[int]) -> dict[int, int]:
        """Visible row of each of `positions` that is shown."""
        visible = self._visible
        if len(positions) > 8:
            return {p: row for row, p in enumerate(visible) if p in positions}
        found: dict[int, int] = {}
        for p in positions:
            with suppress(ValueError):
                found[p] = visible.index(p)
        return found
