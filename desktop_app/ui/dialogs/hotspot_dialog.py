"""Record or change a prostitution hot-spot (tụ điểm): place, commune, found and eliminated dates."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import Hotspot, HotspotInput
from desktop_app.domain.office import Commune
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.commune_combo import commune_combo
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import FieldErrors, date_edit, form_row


class HotspotDialog(EntryDialog):
    """One hot-spot; an empty «xóa bỏ» date means it is still there."""

    def __init__(
        self,
        service: InspectionService,
        communes: Sequence[Commune],
        existing: Hotspot | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self.hotspot_id = existing.id if existing else None
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Sửa tụ điểm") if existing else self.tr("Thêm tụ điểm"))
        self.setModal(True)
        self.setMinimumWidth(460)
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText(self.tr("vd. Khu vực ngã ba Cò Nòi"))
        self.commune_combo = commune_combo(self)
        self.commune_combo.addItem(self.tr("— Chọn xã, phường —"), None)
        for commune in communes:
            if commune.active or (existing is not None and commune.id == existing.commune_id):
                self.commune_combo.addItem(commune.name, commune.id)
        self.found_edit = date_edit(self)
        self.eliminated_edit = date_edit(self)
        self.notes_edit = QLineEdit(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(form, self.errors, self.tr("Địa điểm *"), "place", self.place_edit)
        form_row(form, self.errors, self.tr("Xã, phường *"), "commune_id", self.commune_combo)
        form_row(form, self.errors, self.tr("Ngày phát hiện *"), "found_on", self.found_edit)
        form_row(form, self.errors, self.tr("Ngày xóa bỏ"), "eliminated_on", self.eliminated_edit)
        form.addRow(self.tr("Ghi chú"), self.notes_edit)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if existing is not None:
            self.place_edit.setText(existing.place)
            self.commune_combo.setCurrentIndex(max(self.commune_combo.findData(existing.commune_id), 0))
            self.found_edit.setText(format_date(existing.found_on))
            self.eliminated_edit.setText(format_date(existing.eliminated_on))
            self.notes_edit.setText(existing.notes)
        label_buddies(self)
        self.entry_keys(self.save, self.hotspot_input)

    def hotspot_input(self) -> HotspotInput:
        return HotspotInput(
            place=self.place_edit.text(),
            commune_id=self.commune_combo.currentData(),
            found_on=self.found_edit.text(),
            eliminated_on=self.eliminated_edit.text(),
            notes=self.notes_edit.text(),
        )

    @Slot()
    def save(self) -> None:
        try:
            self.saved_id = self._service.save_hotspot(self.hotspot_input(), self.hotspot_id)
        except DomainError as err:
            self.errors.show(err)
            return
        self.accept()
