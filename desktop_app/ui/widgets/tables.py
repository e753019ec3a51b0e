"""Small helpers for read-only list tables."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QWidget


class _SelectOnTab(QObject):
    """Tabbing into a list selects a row (the current one, else the first), so *Sửa* and the like work."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
            and isinstance(watched, QTableView)
        ):
            model = watched.model()
            selection = watched.selectionModel()
            empty = model is None or model.rowCount() == 0
            if not empty and selection is not None and not selection.hasSelection():
                current = watched.currentIndex()
                watched.selectRow(current.row() if current.isValid() else 0)
        return False


def keyboard_list(view: QTableView) -> None:
    """A read-only list the keyboard goes through as one stop: Tab leaves it (arrows move inside it), and
    tabbing into it selects a row."""
    view.setTabKeyNavigation(False)
    view.installEventFilter(_SelectOnTab(view))


def plain_table(parent: QWidget, columns: Sequence[str]) -> QTableWidget:
    """A read-only table selecting whole rows, one at a time."""
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setStretchLastSection(True)
    keyboard_list(table)
    return table


def two_lines(title: str, longest: int = 12) -> str:
    """A column title longer than `longest` characters on two lines, broken at the space nearest its middle,
    so that a column of short numbers is not as wide as its title."""
    if len(title) <= longest or " " not in title:
        return title
    spaces = [i for i, char in enumerate(title) if char == " "]
    cut = min(spaces, key=lambda i: abs(len(title) - 2 * i))
    return f"{title[:cut]}\n{title[cut + 1 :]}"


def fit_columns(table: QTableWidget) -> None:
    """Every column as wide as its longest value and its (possibly two-line) title; for short tables such as
    the coverage per commune, where measuring every row is cheap. Nothing stretches, so no name is elided."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the table's rows with these texts."""
    from PySide6.QtWidgets import QTableWidgetItem

    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
