"""Editors shared by the first-run wizard and Settings: office profile, jurisdiction, communes, types."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import (
    AUTHORITY_PREFIXES,
    JURISDICTION_CUSTOM,
    JURISDICTION_LEGACY_DISTRICT,
    JURISDICTION_PROVINCE_2025,
    LEGACY_LAST_DAY,
    OFFICE_KIND_COMMUNE,
    OFFICE_KIND_HEALTH_DEPT,
    OFFICE_KIND_LEGACY_DISTRICT,
    REFORM_DATE,
    UNIT_LIST_2025,
    UNIT_LIST_LEGACY,
    BusinessType,
    BusinessTypeInput,
    Commune,
    CommuneInput,
    OfficeProfile,
)
from desktop_app.domain.office_kinds import (
    ISSUER_COMMITTEE,
    ISSUER_DEPARTMENT,
    OfficePreset,
)
from desktop_app.domain.text import search_key
from desktop_app.services.office import OfficeService
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP
from desktop_app.ui.widgets.forms import FieldErrors

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LIFE_ROLE = Qt.ItemDataRole.UserRole + 2  # (list, valid from, valid to) of a commune from an official list

_Life = tuple[str, date | None, date | None]


def _life(commune: Commune | CommuneInput) -> _Life:
    return (commune.unit_list, commune.valid_from, commune.valid_to)


class ProfileForm(QWidget):
    """The office profile fields; jurisdiction fields are carried through unchanged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self._jurisdiction = OfficeProfile(issuing_unit="")
        self._own_unit = ("", "", "")  # office kind, its own unit's code and list: kept through an edit
        self.unit_edit = QLineEdit(self)
        self.unit_edit.setPlaceholderText(
            self.tr("vd. Ủy ban nhân dân xã Mai Sơn, Phòng Văn hóa – Xã hội, Sở Y tế")
        )
        self.parent_edit = QLineEdit(self)
        self.parent_edit.setPlaceholderText(
            self.tr("vd. Ủy ban nhân dân xã Mai Sơn (để trống khi UBND ban hành)")
        )
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText(self.tr("vd. Mai Sơn (ghi ở «Mai Sơn, ngày … tháng … năm …»)"))
        self.recipient_edit = QLineEdit(self)
        self.recipient_edit.setPlaceholderText(self.tr("vd. Sở Y tế tỉnh Sơn La"))
        self.signer_edit = QLineEdit(self)
        self.position_edit = QLineEdit(self)
        self.position_edit.setPlaceholderText(self.tr("vd. Chủ tịch, Phó Chủ tịch, Trưởng phòng"))
        self.authority_combo = QComboBox(self)
        for prefix in AUTHORITY_PREFIXES:
            self.authority_combo.addItem(prefix or self.tr("(không)"), prefix)
        self.symbol_edit = QLineEdit(self)
        self.symbol_edit.setPlaceholderText(self.tr("vd. VHXH (số văn bản: 05/BC-VHXH)"))
        form = QFormLayout(self)
        for label, field, widget in (
            (self.tr("Đơn vị ban hành *"), "issuing_unit", self.unit_edit),
            (self.tr("Cơ quan chủ quản"), "parent_unit", self.parent_edit),
            (self.tr("Địa danh"), "place_name", self.place_edit),
            (self.tr("Nơi nhận báo cáo"), "upward_recipient", self.recipient_edit),
            (self.tr("Người ký"), "signer_name", self.signer_edit),
            (self.tr("Chức vụ người ký"), "signer_position", self.position_edit),
            (self.tr("Thẩm quyền ký"), "signer_authority", self.authority_combo),
            (self.tr("Ký hiệu văn bản"), "document_symbol", self.symbol_edit),
        ):
            form.addRow(label, widget)
            error = self.errors.add(field, widget, self)
            form.addRow("", error)

    def set_profile(self, profile: OfficeProfile) -> None:
        self._jurisdiction = profile
        self._own_unit = (profile.office_kind, profile.unit_code, profile.unit_list)
        self.unit_edit.setText(profile.issuing_unit)
        self.parent_edit.setText(profile.parent_unit)
        self.place_edit.setText(profile.place_name)
        self.recipient_edit.setText(profile.upward_recipient)
        self.signer_edit.setText(profile.signer_name)
        self.position_edit.setText(profile.signer_position)
        self.authority_combo.setCurrentIndex(max(self.authority_combo.findData(profile.signer_authority), 0))
        self.symbol_edit.setText(profile.document_symbol)

    def apply_preset(self, preset: OfficePreset) -> None:
        """Fill the fields from an office kind's preset; the signer's name already typed stays."""
        name = self.signer_edit.text()
        self.set_profile(preset.profile)
        if name.strip() and not preset.profile.signer_name:
            self.signer_edit.setText(name)

    def profile(self, jurisdiction: OfficeProfile | None = None) -> OfficeProfile:
        where = jurisdiction or self._jurisdiction
        return OfficeProfile(
            issuing_unit=self.unit_edit.text(),
            parent_unit=self.parent_edit.text(),
            place_name=self.place_edit.text(),
            upward_recipient=self.recipient_edit.text(),
            signer_name=self.signer_edit.text(),
            signer_position=self.position_edit.text(),
            signer_authority=self.authority_combo.currentData() or "",
            document_symbol=self.symbol_edit.text(),
            jurisdiction_kind=where.jurisdiction_kind,
            province_code=where.province_code,
            province_name=where.province_name,
            district_code=where.district_code,
            district_name=where.district_name,
            office_kind=self._own_unit[0],
            unit_code=self._own_unit[1],
            unit_list=self._own_unit[2],
        )


# domain.office_kinds.OFFICE_KIND_LABELS, marked for translation here: the core has no Qt (a test keeps the
# two equal)
KIND_TEXTS = {
    OFFICE_KIND_COMMUNE: QT_TRANSLATE_NOOP("OfficeKindPicker", "Xã, phường, đặc khu (từ 1/7/2025)"),
    OFFICE_KIND_HEALTH_DEPT: QT_TRANSLATE_NOOP("OfficeKindPicker", "Sở Y tế tỉnh, thành phố (từ 1/7/2025)"),
    OFFICE_KIND_LEGACY_DISTRICT: QT_TRANSLATE_NOOP(
        "OfficeKindPicker", "Huyện trước 1/7/2025 (giữ và chuyển lịch sử)"
    ),
}


class OfficeKindPicker(QWidget):
    """Pick the kind of office (commune, Sở Y tế, pre-reform district) and its unit from the bundled lists;
    "Điền theo loại cơ quan" emits the preset (profile and communes) for the forms to take."""

    preset_chosen = Signal(object)  # OfficePreset

    def __init__(self, office: OfficeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("— Tự điền hồ sơ —"), "")
        for kind, label in KIND_TEXTS.items():
            self.kind_combo.addItem(self.tr(label), kind)
        self.province_combo = QComboBox(self)
        self.unit_combo = QComboBox(self)
        self.issuer_combo = QComboBox(self)
        self.issuer_combo.addItem(self.tr("Ủy ban nhân dân xã ban hành"), ISSUER_COMMITTEE)
        self.issuer_combo.addItem(self.tr("Phòng Văn hóa – Xã hội ban hành"), ISSUER_DEPARTMENT)
        self.signer_combo = QComboBox(self)
        self.signer_combo.addItem(self.tr("Cấp trưởng ký"), False)
        self.signer_combo.addItem(self.tr("Cấp phó ký thay (KT.)"), True)
        self.apply_button = QPushButton(self.tr("Điền theo loại cơ quan"), self)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.unit_label = QLabel(self)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Loại cơ quan"), self.kind_combo)
        form.addRow(self.tr("Tỉnh/thành phố"), self.province_combo)
        form.addRow(self.unit_label, self.unit_combo)
        form.addRow(self.tr("Ban hành văn bản"), self.issuer_combo)
        form.addRow(self.tr("Người ký"), self.signer_combo)
        form.addRow("", self.apply_button)
        form.addRow("", self.error_label)
        self._form = form
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.province_combo.currentIndexChanged.connect(self._load_units)
        self.apply_button.clicked.connect(self._apply)
        self._kind_changed()

    def kind(self) -> str:
        return str(self.kind_combo.currentData() or "")

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))

    def _show(self, widget: QWidget, visible: bool) -> None:
        self._form.setRowVisible(widget, visible)

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.kind()
        self.province_combo.blockSignals(True)
        self.province_combo.clear()
        self.province_combo.addItem(self.tr("— Chọn tỉnh/thành phố —"), None)
        provinces = (
            self._office.provinces_legacy()
            if kind == OFFICE_KIND_LEGACY_DISTRICT
            else self._office.provinces_2025()
        )
        for unit in provinces:
            self.province_combo.addItem(unit.name, unit.code)
        self.province_combo.blockSignals(False)
        self.unit_label.setText(
            self.tr("Huyện (trước 1/7/2025)")
            if kind == OFFICE_KIND_LEGACY_DISTRICT
            else self.tr("Xã, phường, đặc khu")
        )
        for widget, visible in (
            (self.province_combo, bool(kind)),
            (self.unit_combo, kind in (OFFICE_KIND_COMMUNE, OFFICE_KIND_LEGACY_DISTRICT)),
            (self.issuer_combo, kind == OFFICE_KIND_COMMUNE),
            (self.signer_combo, bool(kind)),
            (self.apply_button, bool(kind)),
        ):
            self._show(widget, visible)
        self.signer_combo.setCurrentIndex(1 if kind == OFFICE_KIND_HEALTH_DEPT else 0)
        self._load_units()

    @Slot()
    def _load_units(self) -> None:
        kind, province = self.kind(), self.province_combo.currentData()
        self.unit_combo.clear()
        self.unit_combo.addItem(self.tr("— Chọn —"), None)
        if not province:
            return
        if kind == OFFICE_KIND_COMMUNE:
            units = self._office.communes_2025(province)
        elif kind == OFFICE_KIND_LEGACY_DISTRICT:
            units = self._office.districts_legacy(province)
        else:
            return
        for unit in units:
            self.unit_combo.addItem(unit.name, unit.code)

    def select(self, province_code: str, unit_code: str = "") -> None:
        """Choose the province and unit by code (as the office's saved profile names them)."""
        self.province_combo.setCurrentIndex(max(self.province_combo.findData(province_code), 0))
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(unit_code), 0))

    @Slot()
    def _apply(self) -> None:
        from desktop_app.ui.i18n import error_text

        kind = self.kind()
        if not kind:
            return
        if not self.province_combo.currentData():
            self._error(self.tr("Chọn tỉnh/thành phố."))
            return
        if kind != OFFICE_KIND_HEALTH_DEPT and not self.unit_combo.currentData():
            self._error(self.tr("Chọn {what} của cơ quan.").format(what=self.unit_label.text().lower()))
            return
        try:
            preset = self._office.office_preset(
                kind,
                str(self.province_combo.currentData()),
                str(self.unit_combo.currentData() or ""),
                str(self.issuer_combo.currentData()),
                bool(self.signer_combo.currentData()),
            )
        except DomainError as err:
            self._error(error_text(err))
            return
        self.error_label.hide()
        self.preset_chosen.emit(preset)

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


class CommuneEditor(QWidget):
    """Editable list of communes (name, official code, managed); rows of saved communes keep their id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tên xã, phường"), self.tr("Mã"), self.tr("Đang quản lý")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button = QPushButton(self.tr("Thêm dòng"), self)
        self.remove_button = QPushButton(self.tr("Bỏ dòng mới"), self)
        self.remove_button.setToolTip(self.tr("Xã, phường đã lưu không xóa được: bỏ dấu «Đang quản lý»"))
        self.count_label = QLabel(self)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._add_row)
        self.remove_button.clicked.connect(self._remove_row)
        self.table.itemChanged.connect(self._update_count)

    def set_communes(self, communes: list[Commune] | list[CommuneInput]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for commune in communes:
            self._append(commune.name, commune.code, commune.active, commune.id, _life(commune))
        self.table.blockSignals(False)
        self._update_count()

    def merge_communes(self, communes: list[CommuneInput]) -> None:
        """Replace the list by `communes`, keeping the ids of rows with the same name."""
        existing = {search_key(c.name): c.id for c in self.communes() if c.id is not None}
        merged = [replace(c, active=True, id=existing.get(search_key(c.name))) for c in communes]
        self.set_communes(merged)

    def _append(
        self, name: str, code: str, active: bool, commune_id: int | None, life: _Life = ("", None, None)
    ) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(ID_ROLE, commune_id)
        name_item.setData(LIFE_ROLE, life)
        self.table.setItem(row, 0, name_item)
        self.table.setItem(row, 1, QTableWidgetItem(code))
        active_item = QTableWidgetItem()
        active_item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        active_item.setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
        self.table.setItem(row, 2, active_item)

    @Slot()
    def _add_row(self) -> None:
        self._append("", "", True, None)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        item = self.table.item(self.table.rowCount() - 1, 0)
        if item is not None:
            self.table.editItem(item)
        self._update_count()

    @Slot()
    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        item = self.table.item(row, 0)
        if item is not None and item.data(ID_ROLE) is not None:
            active = self.table.item(row, 2)
            if active is not None:
                active.setCheckState(Qt.CheckState.Unchecked)
            return
        self.table.removeRow(row)
        self._update_count()

    @Slot()
    def _update_count(self) -> None:
        active = sum(1 for c in self.communes() if c.active)
        self.count_label.setText(self.tr("{n} xã, phường đang quản lý").format(n=active))

    def communes(self) -> list[CommuneInput]:
        result: list[CommuneInput] = []
        for row in range(self.table.rowCount()):
            name_item, code_item, active_item = (self.table.item(row, c) for c in range(3))
            name = name_item.text() if name_item else ""
            commune_id = name_item.data(ID_ROLE) if name_item else None
            if not name.strip() and commune_id is None:
                continue
            code = code_item.text() if code_item else ""
            unit_list, valid_from, valid_to = (name_item.data(LIFE_ROLE) if name_item else None) or (
                "",
                None,
                None,
            )
            if not code.strip():  # a typed commune without a code belongs to no list
                unit_list, valid_from, valid_to = "", None, None
            result.append(
                CommuneInput(
                    name=name,
                    code=code,
                    active=active_item is not None and active_item.checkState() == Qt.CheckState.Checked,
                    id=commune_id,
                    unit_list=unit_list,
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
            )
        return result

    def show_error(self, err: DomainError | None) -> None:
        if err is None:
            self.error_label.hide()
            return
        from desktop_app.ui.i18n import error_text

        self.error_label.setText(error_text(err))
        self.error_label.show()


class JurisdictionPicker(QWidget):
    """Pick the territory from the bundled lists (pre-2025 districts, 2025 communes) or type it."""

    communes_picked = Signal(list)

    def __init__(self, office: OfficeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.legacy_radio = QRadioButton(self.tr("Tỉnh và huyện (danh mục trước 1/7/2025)"), self)
        self.new_radio = QRadioButton(self.tr("Tỉnh và xã, phường, đặc khu (danh mục từ 1/7/2025)"), self)
        self.custom_radio = QRadioButton(self.tr("Tự nhập danh sách xã, phường"), self)
        self.group = QButtonGroup(self)
        for button in (self.legacy_radio, self.new_radio, self.custom_radio):
            self.group.addButton(button)
        self.legacy_province = QComboBox(self)
        self.legacy_district = QComboBox(self)
        self.new_province = QComboBox(self)
        self.new_filter = QLineEdit(self)
        self.new_filter.setPlaceholderText(self.tr("Lọc tên xã, phường, đặc khu…"))
        self.new_filter.setClearButtonEnabled(True)
        self.new_list = QListWidget(self)
        self.new_list.setMaximumHeight(130)
        self.apply_new_button = QPushButton(self.tr("Dùng các xã, phường, đặc khu đã đánh dấu"), self)

        legacy_row = QHBoxLayout()
        legacy_row.addWidget(self.legacy_province, 1)
        legacy_row.addWidget(self.legacy_district, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_province, 1)
        new_row.addWidget(self.new_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legacy_radio)
        layout.addLayout(legacy_row)
        layout.addWidget(self.new_radio)
        layout.addLayout(new_row)
        layout.addWidget(self.new_list)
        layout.addWidget(self.apply_new_button)
        layout.addWidget(self.custom_radio)

        self.legacy_province.addItem(self.tr("— Chọn tỉnh —"), None)
        for unit in office.provinces_legacy():
            self.legacy_province.addItem(unit.name, unit.code)
        self.new_province.addItem(self.tr("— Chọn tỉnh/thành phố —"), None)
        for unit in office.provinces_2025():
            self.new_province.addItem(unit.name, unit.code)

        self.group.buttonToggled.connect(self._update_enabled)
        self.legacy_province.currentIndexChanged.connect(self._load_districts)
        self.legacy_district.currentIndexChanged.connect(self._pick_district)
        self.new_province.currentIndexChanged.connect(self._load_new_communes)
        self.new_filter.textChanged.connect(self._filter_new_communes)
        self.apply_new_button.clicked.connect(self._pick_new_communes)
        self.custom_radio.setChecked(True)
        self._update_enabled()

    def jurisdiction(self) -> OfficeProfile:
        """Only the jurisdiction fields are meaningful in the returned profile."""
        if self.legacy_radio.isChecked() and self.legacy_district.currentData():
            return OfficeProfile(
                issuing_unit="",
                jurisdiction_kind=JURISDICTION_LEGACY_DISTRICT,
                province_code=self.legacy_province.currentData(),
                province_name=self.legacy_province.currentText(),
                district_code=self.legacy_district.currentData(),
                district_name=self.legacy_district.currentText(),
            )
        if self.new_radio.isChecked() and self.new_province.currentData():
            return OfficeProfile(
                issuing_unit="",
                jurisdiction_kind=JURISDICTION_PROVINCE_2025,
                province_code=self.new_province.currentData(),
                province_name=self.new_province.currentText(),
            )
        return OfficeProfile(issuing_unit="", jurisdiction_kind=JURISDICTION_CUSTOM)

    def set_jurisdiction(self, profile: OfficeProfile) -> None:
        if profile.jurisdiction_kind == JURISDICTION_LEGACY_DISTRICT:
            self.legacy_radio.setChecked(True)
            self.legacy_province.setCurrentIndex(max(self.legacy_province.findData(profile.province_code), 0))
            self.legacy_district.blockSignals(True)
            self.legacy_district.setCurrentIndex(max(self.legacy_district.findData(profile.district_code), 0))
            self.legacy_district.blockSignals(False)
        elif profile.jurisdiction_kind == JURISDICTION_PROVINCE_2025:
            self.new_radio.setChecked(True)
            self.new_province.setCurrentIndex(max(self.new_province.findData(profile.province_code), 0))
        else:
            self.custom_radio.setChecked(True)

    @Slot()
    def _update_enabled(self) -> None:
        # Only the chosen way's controls are shown, so the commune list below keeps its room.
        legacy, new = self.legacy_radio.isChecked(), self.new_radio.isChecked()
        for combo in (self.legacy_province, self.legacy_district):
            combo.setVisible(legacy)
        for widget in (self.new_province, self.new_filter, self.new_list, self.apply_new_button):
            widget.setVisible(new)

    @Slot()
    def _load_districts(self) -> None:
        self.legacy_district.blockSignals(True)
        self.legacy_district.clear()
        self.legacy_district.addItem(self.tr("— Chọn huyện —"), None)
        code = self.legacy_province.currentData()
        if code:
            for unit in self._office.districts_legacy(code):
                self.legacy_district.addItem(unit.name, unit.code)
        self.legacy_district.blockSignals(False)

    @Slot()
    def _pick_district(self) -> None:
        province, district = self.legacy_province.currentData(), self.legacy_district.currentData()
        if province and district:
            units = self._office.communes_legacy(province, district)
            self.communes_picked.emit(
                [
                    CommuneInput(u.name, u.code, unit_list=UNIT_LIST_LEGACY, valid_to=LEGACY_LAST_DAY)
                    for u in units
                ]
            )

    @Slot()
    def _load_new_communes(self) -> None:
        self.new_list.clear()
        code = self.new_province.currentData()
        if not code:
            return
        for unit in self._office.communes_2025(code):
            item = QListWidgetItem(unit.name, self.new_list)
            item.setData(ID_ROLE, unit.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self._filter_new_communes()

    @Slot()
    def _filter_new_communes(self) -> None:
        words = search_key(self.new_filter.text()).split()
        for row in range(self.new_list.count()):
            item = self.new_list.item(row)
            key = search_key(item.text())
            item.setHidden(not all(w in key for w in words))

    def check_new_commune(self, code: str) -> None:
        for row in range(self.new_list.count()):
            item = self.new_list.item(row)
            if item.data(ID_ROLE) == code:
                item.setCheckState(Qt.CheckState.Checked)

    @Slot()
    def _pick_new_communes(self) -> None:
        picked = []
        for row in range(self.new_list.count()):
            item = self.new_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                code = str(item.data(ID_ROLE))
                picked.append(
                    CommuneInput(item.text(), code, unit_list=UNIT_LIST_2025, valid_from=REFORM_DATE)
                )
        if picked:
            self.communes_picked.emit(picked)


class TypeCatalogEditor(QWidget):
    """Editable catalog of business types: code, name, synonyms (for imports), in use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Mã"),
                self.tr("Tên loại hình"),
                self.tr("Tên gọi khác (cách nhau bởi ;)"),
                self.tr("Đang dùng"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.add_button = QPushButton(self.tr("Thêm loại hình"), self)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self._append("", "", "", True, None))

    def set_types(self, types: list[BusinessType] | list[BusinessTypeInput]) -> None:
        self.table.setRowCount(0)
        for t in types:
            self._append(t.code, t.name, "; ".join(t.synonyms), t.active, t.id)

    def _append(self, code: str, name: str, synonyms: str, active: bool, type_id: int | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        code_item = QTableWidgetItem(code)
        code_item.setData(ID_ROLE, type_id)
        self.table.setItem(row, 0, code_item)
        self.table.setItem(row, 1, QTableWidgetItem(name))
        self.table.setItem(row, 2, QTableWidgetItem(synonyms))
        active_item = QTableWidgetItem()
        active_item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        active_item.setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
        self.table.setItem(row, 3, active_item)

    def types(self) -> list[BusinessTypeInput]:
        result: list[BusinessTypeInput] = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, c) for c in range(4)]
            code = items[0].text() if items[0] else ""
            name = items[1].text() if items[1] else ""
            type_id = items[0].data(ID_ROLE) if items[0] else None
            if not code.strip() and not name.strip() and type_id is None:
                continue
            synonyms = tuple(s.strip() for s in (items[2].text() if items[2] else "").split(";") if s.strip())
            active = items[3] is not None and items[3].checkState() == Qt.CheckState.Checked
            result.append(BusinessTypeInput(code, name, synonyms, active, type_id))
        return result

    def show_error(self, err: DomainError | None) -> None:
        if err is None:
            self.error_label.hide()
            return
        from desktop_app.ui.i18n import error_text

        self.error_label.setText(error_text(err))
        self.error_label.show()
