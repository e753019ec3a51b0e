"""A combo box of communes that finds a commune by typing its name without 'Xã' and without accents."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.domain.text import search_key, strip_unit_prefix


class _NameSearchModel(QStandardItemModel):
    """Qt's type-to-find in a combo box asks the model for a row starting with the typed text; this model
    compares search keys (no accents, đ = d, any case) of the name with and without its unit prefix."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def match(
        self,
        start: QModelIndex | QPersistentModelIndex,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
    ) -> list[QModelIndex]:
        if role != Qt.ItemDataRole.DisplayRole or not isinstance(value, str):
            return super().match(start, role, value, hits, flags)
        typed = search_key(value)
        rows = self.rowCount()
        if not typed or rows == 0:
            return []
        first = start.row() if start.isValid() else 0
        order = list(range(first, rows))
        if flags & Qt.MatchFlag.MatchWrap:
            order += list(range(0, first))
        found: list[QModelIndex] = []
        for row in order:
            name = str(self.index(row, 0).data(Qt.ItemDataRole.DisplayRole) or "")
            keys = (search_key(name), search_key(strip_unit_prefix(name)))
            if any(key.startswith(typed) for key in keys):
                found.append(self.index(row, 0))
                if hits != -1 and len(found) >= hits:
                    break
        return found


def commune_combo(parent: QWidget) -> QComboBox:
    """An empty combo box for communes, filled with addItem(name, id): typing 'Chieng' finds 'Xã Chiềng …'."""
    combo = QComboBox(parent)
    combo.setModel(_NameSearchModel(combo))
    return combo
