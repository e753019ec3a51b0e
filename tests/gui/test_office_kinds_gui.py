"""The office kind in the first-run wizard and in Settings: a preset fills the profile and the territory."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop_app.domain.office import REFORM_DATE
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from tests.gui.conftest import type_text


def test_wizard_sets_up_a_commune_office_of_today(qtbot: QtBot, gui_services: Services) -> None:
    wizard = SetupWizard(gui_services.office)
    qtbot.addWidget(wizard)
    wizard.show()
    picker = wizard.profile_page.kind_picker
    picker.set_kind("xa")
    picker.apply_button.click()  # no province yet: says so, fills nothing
    assert picker.error_label.text() == "Chọn tỉnh/thành phố."
    assert wizard.profile_page.form.unit_edit.text() == ""
    picker.province_combo.setCurrentIndex(picker.province_combo.findText("Tỉnh Sơn La"))
    picker.unit_combo.setCurrentIndex(picker.unit_combo.findText("Xã Mai Sơn"))
    picker.signer_combo.setCurrentIndex(1)  # a vice-chair signs
    picker.apply_button.click()
    form = wizard.profile_page.form
    assert form.unit_edit.text() == "Ủy ban nhân dân xã Mai Sơn" and form.parent_edit.text() == ""
    assert form.recipient_edit.text() == "Sở Y tế tỉnh Sơn La" and form.place_edit.text() == "Mai Sơn"
    assert form.authority_combo.currentData() == "KT." and form.position_edit.text() == "Phó Chủ tịch"
    type_text(form.signer_edit, "Lò Văn Dũng")
    form.authority_combo.setCurrentIndex(form.authority_combo.findData("TM."))
    form.parent_edit.setText("Ủy ban nhân dân xã Mai Sơn")
    form.unit_edit.setText("Phòng Văn hóa – Xã hội")
    wizard.next()  # TM. for a Phòng: stays, says why beside the field
    assert wizard.currentPage() is wizard.profile_page
    assert "«TM.» chỉ dùng khi ký thay mặt tập thể" in form.errors.text("signer_authority")
    form.parent_edit.clear()
    form.unit_edit.setText("Ủy ban nhân dân xã Mai Sơn")
    form.authority_combo.setCurrentIndex(form.authority_combo.findData("KT."))
    wizard.next()
    assert [c.name for c in wizard.jurisdiction_page.editor.communes()] == ["Xã Mai Sơn"]
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()

    profile = gui_services.office.profile()
    assert profile is not None
    assert (profile.office_kind, profile.unit_code, profile.unit_list) == ("xa", "04105", "2025")
    assert profile.signer_name == "Lò Văn Dũng"
    communes = gui_services.office.communes()
    assert [(c.name, c.code, c.unit_list, c.valid_from) for c in communes] == [
        ("Xã Mai Sơn", "04105", "2025", REFORM_DATE)
    ]


def test_settings_keep_the_office_kind_through_an_edit(qtbot: QtBot, gui_services: Services) -> None:
    preset = gui_services.office.office_preset_from_names("so-y-te", "Sơn La")
    gui_services.office.setup(preset.profile, list(preset.communes))
    dialog = SettingsDialog(gui_services.settings)
    qtbot.addWidget(dialog)
    assert dialog.kind_picker.kind() == "so-y-te"
    assert dialog.kind_picker.province_combo.currentText() == "Tỉnh Sơn La"
    type_text(dialog.profile_form.signer_edit, "Cầm Thị Hoa")
    dialog.save_button.click()
    assert dialog.result() == 1
    profile = gui_services.office.profile()
    assert profile is not None and profile.signer_name == "Cầm Thị Hoa"
    assert (profile.office_kind, profile.unit_code, profile.unit_list) == ("so-y-te", "14", "2025")
    assert all(c.unit_list == "2025" and c.valid_from == REFORM_DATE for c in gui_services.office.communes())


def test_settings_refuse_tm_for_a_department(qtbot: QtBot, gui_services: Services) -> None:
    preset = gui_services.office.office_preset_from_names("so-y-te", "Sơn La")
    gui_services.office.setup(preset.profile, list(preset.communes))
    dialog = SettingsDialog(gui_services.settings)
    qtbot.addWidget(dialog)
    form = dialog.profile_form
    form.authority_combo.setCurrentIndex(form.authority_combo.findData("TM."))
    dialog.save_button.click()
    assert dialog.result() == 0
    assert "TM." in form.errors.text("signer_authority")
    profile = gui_services.office.profile()
    assert profile is not None and profile.signer_authority == "KT."  # nothing written
