"""Settings: the office profile, the commune list, the business-type catalog and the commitment validity."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commitments import RULE_LABELS, RULE_MONTHS, ValidityRule
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import OfficeProfile
from desktop_app.domain.office_kinds import OfficePreset
from desktop_app.services.settings import SettingsService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.office_forms import (
    CommuneEditor,
    JurisdictionPicker,
    OfficeKindPicker,
    ProfileForm,
    TypeCatalogEditor,
)


class SettingsDialog(QDialog):
    """Edits what the wizard set up; one Save writes all three in one transaction."""

    def __init__(
        self,
        settings: SettingsService,
        parent: QWidget | None = None,
        with_cases: bool = False,
        ui_state: Any = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        office = self._office = settings.office
        commitments = settings.commitments
        cases = settings.cases if with_cases else None
        self._with_cases = with_cases
        self.setWindowTitle(self.tr("Cài đặt"))
        self.tabs = QTabWidget(self)
        profile_tab = QWidget(self)
        self.kind_picker = OfficeKindPicker(office, profile_tab)
        self.profile_form = ProfileForm(profile_tab)
        profile_box = QVBoxLayout(profile_tab)
        profile_box.addWidget(self.kind_picker)
        profile_box.addWidget(self.profile_form, 1)
        jurisdiction_tab = QWidget(self)
        self.picker = JurisdictionPicker(office, jurisdiction_tab)
        self.communes = CommuneEditor(jurisdiction_tab)
        box = QVBoxLayout(jurisdiction_tab)
        box.addWidget(self.picker)
        box.addWidget(self.communes, 1)
        self.picker.communes_picked.connect(self.communes.merge_communes)
        self.types = TypeCatalogEditor(self)
        self.tabs.addTab(profile_tab, self.tr("Hồ sơ đơn vị"))
        self.tabs.addTab(jurisdiction_tab, self.tr("Địa bàn"))
        self.tabs.addTab(self.types, self.tr("Loại hình kinh doanh"))
        self.rule_kind = QComboBox(self)
        for kind, label in RULE_LABELS.items():
            self.rule_kind.addItem(label, kind)
        self.rule_months = QSpinBox(self)
        self.rule_months.setRange(1, 120)
        self.rule_months.setSuffix(self.tr(" tháng"))
        rule_tab = QWidget(self)
        rule_form = QFormLayout(rule_tab)
        rule_form.addRow(
            QLabel(
                self.tr("Thời hạn mặc định khi ghi nhận lần ký mà không nhập ngày hết hiệu lực:"),
                rule_tab,
            )
        )
        rule_form.addRow(self.tr("Hiệu lực"), self.rule_kind)
        rule_form.addRow(self.tr("Số tháng"), self.rule_months)
        self.tabs.addTab(rule_tab, self.tr("Cam kết"))
        rule = commitments.validity_rule()
        self.rule_kind.setCurrentIndex(max(self.rule_kind.findData(rule.kind), 0))
        self.rule_months.setValue(rule.months)
        self.retention_years = QSpinBox(self)
        self.retention_years.setRange(1, 50)
        self.retention_years.setSuffix(self.tr(" năm"))
        self.no_contact_days = QSpinBox(self)
        self.no_contact_days.setRange(7, 730)
        self.no_contact_days.setSuffix(self.tr(" ngày"))
        if cases is not None:
            cases_tab = QWidget(self)
            cases_form = QFormLayout(cases_tab)
            cases_form.addRow(self.tr("Được xóa nhân thân sau khi đóng hồ sơ"), self.retention_years)
            cases_form.addRow(self.tr("Báo hồ sơ lâu không liên lạc sau"), self.no_contact_days)
            self.tabs.addTab(cases_tab, self.tr("Hồ sơ hỗ trợ"))
            self.retention_years.setValue(cases.retention_years())
            self.no_contact_days.setValue(cases.no_contact_days())
        self.rule_kind.currentIndexChanged.connect(self._toggle_months)
        self._toggle_months()
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        fit_window(self, QSize(780, 600), ui_state=ui_state, key="settings")

        profile = office.profile() or OfficeProfile(issuing_unit="")
        self.profile_form.set_profile(profile)
        self.kind_picker.set_kind(profile.office_kind)
        self.kind_picker.select(profile.province_code, profile.unit_code)
        self.kind_picker.preset_chosen.connect(self._apply_preset)
        self.picker.set_jurisdiction(profile)
        self.communes.set_communes(office.communes(include_inactive=True))
        self.types.set_types(office.business_types(include_inactive=True))

    @Slot(object)
    def _apply_preset(self, preset: OfficePreset) -> None:
        """An office kind chosen: its profile fills the form; its communes join the list (saved communes keep
        their records, those no longer listed stay for history)."""
        self.profile_form.apply_preset(preset)
        self.picker.set_jurisdiction(preset.profile)
        self.communes.merge_communes(list(preset.communes))

    @Slot()
    def _toggle_months(self) -> None:
        self.rule_months.setEnabled(self.rule_kind.currentData() == RULE_MONTHS)

    def validity_rule(self) -> ValidityRule:
        return ValidityRule(str(self.rule_kind.currentData()), self.rule_months.value())

    @Slot()
    def _on_save(self) -> None:
        self.error_label.hide()
        self.profile_form.errors.clear()
        profile = self.profile_form.profile(self.picker.jurisdiction())
        try:
            policy = (
                (self.retention_years.value(), self.no_contact_days.value()) if self._with_cases else None
            )
            self._settings.save(
                profile, self.communes.communes(), self.types.types(), self.validity_rule(), policy
            )
        except DomainError as err:
            field = getattr(err, "errors", {err.field: err.message})
            if any(str(k).startswith("communes") for k in field):
                self.tabs.setCurrentIndex(1)
                self.communes.show_error(err)
            elif any(str(k).startswith("types") for k in field):
                self.tabs.setCurrentIndex(2)
                self.types.show_error(err)
            else:
                self.tabs.setCurrentIndex(0)
                leftover = self.profile_form.errors.show(err)
                if leftover:
                    self.error_label.setText(leftover)
                    self.error_label.show()
            return
        self.accept()
