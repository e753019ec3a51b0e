"""A table's columns sized to their content, shown, hidden and reordered by the clerk, and remembered."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from desktop_app.ui.settings import ColumnState, UiState

CELL_PADDING = 14  # the delegate's margins and the focus frame, with a little air
HEADER_PADDING = 30  # the same, plus room for the sort arrow


@dataclass(frozen=True)
class ColumnSpec:
    """One column: a stable key (what is remembered) and the widest it is sized to on its own (None: as
    wide as its longest value, for short closed lists such as a status)."""

    key: str
    max_width: int | None = None


class TableColumns(QObject):
    """Sizes each column to its header and a sample of its values (never every row: a register holds up to
    100,000), lets the clerk hide columns and drag them into another order (header context menu), and keeps
    that, with the widths dragged by hand, in UiState under `table`."""

    def __init__(
        self,
        view: QTableView,
        specs: Sequence[ColumnSpec],
        samples: Callable[[int], Iterable[str]],
        ui_state: UiState | None = None,
        table: str = "",
        default_order: Sequence[str] | None = None,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._specs = list(specs)
        self._keys = [spec.key for spec in specs]
        self._samples = samples
        self._ui_state = ui_state if table else None
        self._table = table
        self._default_order = list(default_order or self._keys)
        self._widths: dict[str, int] = {}  # widths the clerk set by hand
        self._sizing = False
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)  # a stretched section would change width without the clerk
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # every cell carries its full text as tooltip
        saved = self._ui_state.table_columns(table) if self._ui_state is not None else None
        self._apply(saved or ColumnState(tuple(self._default_order)))
        header.sectionMoved.connect(self._moved)
        header.sectionResized.connect(self._resized)
        header.customContextMenuRequested.connect(self._show_menu)

    # ---- Public API
    def fit(self) -> None:
        """Size every column the clerk has not sized by hand to its header and a sample of its values."""
        view, header = self._view, self._view.horizontalHeader()
        model = view.model()
        cells, titles = view.fontMetrics(), header.fontMetrics()
        self._sizing = True
        try:
            for column, spec in enumerate(self._specs):
                if spec.key in self._widths:
                    view.setColumnWidth(column, self._widths[spec.key])
                    continue
                title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                widest = max(
                    (cells.horizontalAdvance(text) for text in set(self._samples(column))), default=0
                )
                width = widest + CELL_PADDING
                if spec.max_width is not None:
                    width = min(width, spec.max_width)
                view.setColumnWidth(column, max(width, titles.horizontalAdvance(title) + HEADER_PADDING))
        finally:
            self._sizing = False

    def state(self) -> ColumnState:
        header = self._view.horizontalHeader()
        order = tuple(self._keys[header.logicalIndex(visual)] for visual in range(len(self._keys)))
        hidden = frozenset(key for column, key in enumerate(self._keys) if header.isSectionHidden(column))
        return ColumnState(order, hidden, dict(self._widths))

    def menu(self) -> QMenu:
        """The header's context menu: one tick per column in the order shown, then a reset."""
        view, header = self._view, self._view.horizontalHeader()
        menu = QMenu(view)
        menu.setTitle(self.tr("Cột hiển thị"))
        for visual in range(len(self._keys)):
            column = header.logicalIndex(visual)
            action = QAction(str(view.model().headerData(column, Qt.Orientation.Horizontal) or ""), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != 0)  # the first column names the row: it always stays
            action.setData(column)
            action.toggled.connect(lambda shown, c=column: self.set_shown(c, shown))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction(self.tr("Đặt lại cột như ban đầu"))
        reset.setToolTip(self.tr("Hiện mọi cột theo thứ tự ban đầu, độ rộng theo nội dung"))
        reset.triggered.connect(self.reset)
        return menu

    def set_shown(self, column: int, shown: bool) -> None:
        self._sizing = True
        try:
            self._view.horizontalHeader().setSectionHidden(column, not shown)
        finally:
            self._sizing = False
        if shown and self._view.columnWidth(column) == 0:
            self.fit()
        self._save()

    @Slot()
    def reset(self) -> None:
        """Every column shown, in the first order, sized to content again."""
        self._widths.clear()
        self._apply(ColumnState(tuple(self._default_order)))
        self.fit()
        self._save()

    # ---- Internals
    def _apply(self, state: ColumnState) -> None:
        header = self._view.horizontalHeader()
        known = [key for key in state.order if key in self._keys]
        order = known + [key for key in self._default_order if key not in known]
        self._sizing = True  # neither a move nor a hide below is the clerk's: nothing is saved half-applied
        try:
            for visual, key in enumerate(order):
                header.moveSection(header.visualIndex(self._keys.index(key)), visual)
            for column, key in enumerate(self._keys):
                header.setSectionHidden(column, column != 0 and key in state.hidden)
        finally:
            self._sizing = False
        self._widths = {key: width for key, width in state.widths.items() if key in self._keys}

    @Slot(int, int, int)
    def _moved(self, _logical: int, _old: int, _new: int) -> None:
        if not self._sizing:
            self._save()

    @Slot(int, int, int)
    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._sizing or new <= 0 or self._view.horizontalHeader().isSectionHidden(column):
            return
        self._widths[self._keys[column]] = new
        self._save()

    @Slot(QPoint)
    def _show_menu(self, pos: QPoint) -> None:
        header = self._view.horizontalHeader()
        menu = self.menu()
        menu.exec(header.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _save(self) -> None:
        if self._ui_state is not None:
            self._ui_state.set_table_columns(self._table, self.state())
