"""Probe for a Qt binding that leaks references to None, which on CPython 3.11 aborts the whole app.

PySide6 6.12.0 drops one reference to `None` on every call of a Qt method that returns nothing
(`QTableWidget.setItem`, `QTableWidgetItem.setData`, `setRowCount`, …). Before Python 3.12 `None` is an
ordinary object, so after some 65,000 such calls Python frees it and stops with "Fatal Python error:
none_dealloc". The probe calls the methods the app uses most and watches `sys.getrefcount(None)`; it stops
as soon as the count falls, long before `None` could reach zero, so the probe itself never aborts.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView, QTableWidget, QTableWidgetItem

# A leaking binding loses one reference per call; a sound one loses none. Stop well before the count could
# come near zero. A count that grows is harmless (None is never freed then): PySide6 6.11.3 keeps one
# reference too many after `setToolTip` or `setForeground` on an item placed in a table.
MAX_LOSS = 50
# From Python 3.12 immortal objects report this fixed, huge count (PEP 683).
IMMORTAL_REFCOUNT = 1 << 30
WARM_UP_ROUNDS = 5


@dataclass(frozen=True)
class ProbeResult:
    rounds: int
    calls: int
    drift: int
    immortal: bool

    @property
    def ok(self) -> bool:
        return self.immortal or self.drift >= -MAX_LOSS

    def describe(self) -> str:
        if self.immortal:
            return f"None bất tử / immortal None (Python {sys.version_info.major}.{sys.version_info.minor})"
        return f"None {self.drift:+d} sau / after {self.calls} lệnh Qt / Qt calls"


class _Model(QAbstractTableModel):
    """A small table model like the register's: text, tooltip, colour and alignment roles."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = [(f"Nhà nghỉ số {n}", "Xã Mường Bon", "Đang hoạt động") for n in range(40)]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return QColor("#b71c1c")
        return None

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows.reverse()
        self.endResetModel()


def none_refcount_probe(rounds: int = 500) -> ProbeResult:
    """Call the Qt methods the app uses most `rounds` times over (about ten calls a round) and report how
    None's reference count moved. Needs a QApplication. Stops early once the count has fallen by
    MAX_LOSS."""
    if sys.getrefcount(None) >= IMMORTAL_REFCOUNT:
        return ProbeResult(0, 0, 0, immortal=True)
    table = QTableWidget(10, 7)
    view = QTableView()
    model = _Model(view)
    view.setModel(model)
    view.resize(400, 300)
    red = QBrush(QColor("#b71c1c"))
    calls = 0
    done = 0
    start = 0
    try:
        for done in range(-WARM_UP_ROUNDS, rounds):
            if done == 0:  # the first calls fill caches; count from here, without garbage in the way
                gc.collect()
                start, calls = sys.getrefcount(None), 0
            item = QTableWidgetItem("Karaoke Hoa Hồng")
            item.setData(Qt.ItemDataRole.UserRole, done)
            item.setForeground(red)
            item.setToolTip("Karaoke Hoa Hồng")
            table.setItem(done % 10, done % 7, item)
            table.setRowCount(10 + done % 2)
            table.selectRow(done % 10)
            view.selectRow(done % 40)
            model.refresh()
            view.viewport().repaint()
            calls += 10
            if start - sys.getrefcount(None) > MAX_LOSS:
                break
    finally:
        view.deleteLater()
        table.deleteLater()
    gc.collect()
    return ProbeResult(max(done + 1, 0), calls, sys.getrefcount(None) - start, immortal=False)
