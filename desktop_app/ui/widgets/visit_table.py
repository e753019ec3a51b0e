"""A read-only table of inspection visits (the latest first), with follow-ups due shown in colour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.domain.inspections import Visit
from desktop_app.ui.models.visit_table import VisitTableModel
from desktop_app.ui.widgets.tables import keyboard_list


class VisitTable(QTableView):
    """A view over VisitTableModel: tens of thousands of visits cost one list, not an item per cell."""

    selection_changed = Signal()  # the selected visits changed

    def __init__(self, parent: QWidget | None = None, show_business: bool = True) -> None:
        super().__init__(parent)
        self.visit_model = VisitTableModel(self)
        self.setModel(self.visit_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 220, 120, 80, 290, 95)):
            self.setColumnWidth(column, width)
        if not show_business:
            self.setColumnHidden(1, True)
            self.setColumnHidden(2, True)
        self.selectionModel().selectionChanged.connect(self.selection_changed)
        keyboard_list(self)

    @property
    def visits(self) -> list[Visit]:
        return self.visit_model.visits()

    def rowCount(self) -> int:
        return self.visit_model.rowCount()

    def text(self, row: int, column: int) -> str:
        """What a cell shows."""
        return str(self.visit_model.index(row, column).data() or "")

    def set_visits(self, visits: Sequence[Visit], today: date | None = None) -> None:
        """Show `visits`, keeping selected those still listed."""
        selected = set(self.selected_ids())
        self.visit_model.set_visits(visits, today)
        if selected:
            self._select([row for row, v in enumerate(self.visits) if v.id in selected])

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        visits = self.visits
        return [visits[r].id for r in rows if r < len(visits)]

    def selected_visits(self) -> list[Visit]:
        ids = set(self.selected_ids())
        return [v for v in self.visits if v.id in ids]

    def select_visit(self, visit_id: int) -> None:
        for row, visit in enumerate(self.visits):
            if visit.id == visit_id:
                self.selectRow(row)
                self.scrollTo(self.visit_model.index(row, 0))
                return

    def _select(self, rows: list[int]) -> None:
        """Select whole rows in one selection change (selectRow per row costs a repaint each)."""
        selection = QItemSelection()
        last = self.visit_model.columnCount() - 1
        for row in rows:
            selection.select(self.visit_model.index(row, 0), self.visit_model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().select(selection, flags)
        if rows:
            self.selectionModel().setCurrentIndex(
                self.visit_model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
