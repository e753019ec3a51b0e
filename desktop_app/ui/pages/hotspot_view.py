"""Prostitution hot-spots (tụ điểm): the list, adding, changing and voiding one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import Hotspot
from desktop_app.domain.office import Commune
from desktop_app.domain.text import format_int
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.dialogs.hotspot_dialog import HotspotDialog
from desktop_app.ui.i18n import error_text
from desktop_app.ui.widgets.tables import plain_table


class HotspotView(QWidget):
    """The hot-spots, the latest found first; emits `changed` after a save or a void."""

    changed = Signal()

    def __init__(
        self,
        service: InspectionService,
        communes: Callable[[], Sequence[Commune]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._communes = communes
        self.hotspots: list[Hotspot] = []
        self.hotspot_table = plain_table(
            self,
            [
                self.tr("Địa điểm"),
                self.tr("Xã, phường"),
                self.tr("Phát hiện"),
                self.tr("Xóa bỏ"),
                self.tr("Ghi chú"),
            ],
        )
        for column, width in enumerate((280, 150, 100, 100)):
            self.hotspot_table.setColumnWidth(column, width)
        self.hotspot_label = QLabel(self)
        self.new_hotspot_button = QPushButton(self.tr("Thêm tụ điểm…"), self)
        self.edit_hotspot_button = QPushButton(self.tr("Sửa…"), self)
        self.void_hotspot_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), self)
        row = QHBoxLayout()
        row.addWidget(self.hotspot_label, 1)
        for button in (self.new_hotspot_button, self.edit_hotspot_button, self.void_hotspot_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.hotspot_table, 1)
        self.new_hotspot_button.clicked.connect(self.new_hotspot)
        self.edit_hotspot_button.clicked.connect(self.edit_hotspot)
        self.hotspot_table.doubleClicked.connect(self.edit_hotspot)
        self.void_hotspot_button.clicked.connect(self.void_hotspot)
        self.reload()

    def reload(self) -> None:
        self.hotspots = self._service.hotspots()
        self.hotspot_table.setRowCount(len(self.hotspots))
        for row, spot in enumerate(self.hotspots):
            values = (
                spot.place,
                spot.commune_name,
                format_date(spot.found_on),
                format_date(spot.eliminated_on),
                spot.notes,
            )
            for column, value in enumerate(values):
                self.hotspot_table.setItem(row, column, QTableWidgetItem(value))
        active = sum(1 for s in self.hotspots if s.eliminated_on is None)
        self.hotspot_label.setText(
            self.tr("{n} tụ điểm, {active} chưa xóa bỏ").format(
                n=format_int(len(self.hotspots)), active=active
            )
        )

    def _selected_hotspot(self) -> Hotspot | None:
        row = self.hotspot_table.currentRow()
        return self.hotspots[row] if 0 <= row < len(self.hotspots) else None

    @Slot()
    def new_hotspot(self) -> None:
        dialog = HotspotDialog(self._service, self._communes(), None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
        self.reload()

    @Slot()
    def edit_hotspot(self) -> None:
        spot = self._selected_hotspot()
        if spot is None:
            return
        dialog = HotspotDialog(self._service, self._communes(), spot, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
        self.reload()

    @Slot()
    def void_hotspot(self) -> None:
        spot = self._selected_hotspot()
        if spot is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Đánh dấu nhập nhầm"),
            self.tr("Đánh dấu tụ điểm «{place}» là nhập nhầm?").format(place=spot.place),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._service.void_hotspot(spot.id)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa hủy được"), error_text(err))
            return
        self.changed.emit()
        self.reload()
