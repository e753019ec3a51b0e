"""Pick one business of the register by typing part of its name, owner, address or number."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.domain.businesses import BusinessRow
from desktop_app.domain.text import search_key

MAX_MATCHES = 40


class BusinessPicker(QWidget):
    """A search box over the register rows (case and accents ignored) with the first matches below it."""

    chosen = Signal(int)

    def __init__(self, rows: Sequence[BusinessRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = [r for r in rows if not r.voided]
        self._allowed: Callable[[BusinessRow], bool] = lambda _row: True
        self._chosen: BusinessRow | None = None
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Gõ tên, chủ cơ sở, địa chỉ hoặc số ĐKKD để tìm"))
        self.search_edit.setClearButtonEnabled(True)
        self.matches = QListWidget(self)
        self.matches.setMaximumHeight(110)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen_label)
        self.chosen_label.hide()  # no empty box before a business is chosen
        self.setFocusProxy(self.search_edit)  # focus, and an error's red frame, go to the search box
        self.search_edit.textChanged.connect(self._search)
        self.search_edit.returnPressed.connect(self._take_first)
        self.matches.itemActivated.connect(self._take)
        self.matches.itemClicked.connect(self._take)
        self._search()

    def restrict(self, communes: Collection[int] = (), businesses: Collection[int] = ()) -> None:
        """Offer only businesses of these communes or these businesses (both empty: every business)."""
        if communes:
            self._allowed = lambda row: row.commune_id in communes
        elif businesses:
            self._allowed = lambda row: row.id in businesses
        else:
            self._allowed = lambda _row: True
        self._search()

    def business_id(self) -> int | None:
        return self._chosen.id if self._chosen is not None else None

    def set_business(self, business_id: int | None, locked: bool = False) -> None:
        row = next((r for r in self._rows if r.id == business_id), None)
        self._chosen = row
        self.chosen_label.setText(self._describe(row) if row else "")
        self.chosen_label.setVisible(row is not None)
        self.search_edit.setVisible(not locked)
        self.matches.setVisible(not locked)

    @staticmethod
    def _describe(row: BusinessRow) -> str:
        number = f" – {row.registration_number}" if row.registration_number else ""
        return f"<b>{row.name}</b> ({row.type_name}, {row.commune_name}{number})"

    @Slot()
    def _search(self) -> None:
        words = search_key(self.search_edit.text()).split()
        self.matches.clear()
        if not words:
            return
        found = 0
        for row in self._rows:
            if all(word in row.search_key for word in words) and self._allowed(row):
                item = QListWidgetItem(f"{row.name} — {row.commune_name} — {row.address}", self.matches)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                found += 1
                if found >= MAX_MATCHES:
                    break
        if found:
            self.matches.setCurrentRow(0)

    @Slot()
    def _take_first(self) -> None:
        item = self.matches.currentItem() or self.matches.item(0)
        if item is not None:
            self._take(item)

    @Slot(QListWidgetItem)
    def _take(self, item: QListWidgetItem) -> None:
        business_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.set_business(business_id)
        self.chosen.emit(business_id)
