"""First-run wizard → office profile, Settings, the review page and the main window."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from desktop_app.app import GUI_SWITCH_INTERVAL_S, build_main_window, create_application
from desktop_app.domain.commitments import ValidityRule
from desktop_app.domain.office import JURISDICTION_CUSTOM, JURISDICTION_LEGACY_DISTRICT, CommuneInput
from desktop_app.domain.reviews import OUTCOME_UNCHANGED
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.settings import UiState
from desktop_app.ui.widgets.office_forms import ID_ROLE
from tests.conftest import configure, sample_input
from tests.gui.conftest import type_text, when_modal


def test_wizard_writes_the_profile_from_the_legacy_list(qtbot: QtBot, gui_services: Services) -> None:
    wizard = SetupWizard(gui_services.office)
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()  # empty unit: stays on page 1 with the message beside the field
    assert wizard.currentPage() is wizard.profile_page
    assert wizard.profile_page.form.errors.text("issuing_unit") == "Nhập tên đơn vị ban hành văn bản."
    form = wizard.profile_page.form
    type_text(form.unit_edit, "Phòng Lao động – Thương binh và Xã hội")
    type_text(form.parent_edit, "Ủy ban nhân dân huyện Mai Sơn")
    type_text(form.place_edit, "Mai Sơn")
    type_text(form.signer_edit, "Nguyễn Văn Minh")
    form.authority_combo.setCurrentIndex(form.authority_combo.findData("KT."))
    next_button.click()
    assert wizard.currentPage() is wizard.jurisdiction_page

    page = wizard.jurisdiction_page
    next_button.click()  # no commune yet
    assert wizard.currentPage() is page and "ít nhất một" in page.editor.error_label.text()
    page.picker.legacy_radio.setChecked(True)
    page.picker.legacy_province.setCurrentIndex(page.picker.legacy_province.findText("Tỉnh Sơn La"))
    page.picker.legacy_district.setCurrentIndex(page.picker.legacy_district.findText("Huyện Mai Sơn"))
    names = [c.name for c in page.editor.communes()]
    assert "Thị trấn Hát Lót" in names
    next_button.click()
    assert wizard.currentPage() is wizard.types_page
    assert wizard.types_page.editor.table.rowCount() == 10
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert gui_services.office.is_configured()
    profile = gui_services.office.profile()
    assert profile is not None
    assert profile.issuing_unit == "Phòng Lao động – Thương binh và Xã hội"
    assert profile.signer_authority == "KT."
    assert profile.jurisdiction_kind == JURISDICTION_LEGACY_DISTRICT
    assert profile.district_name == "Huyện Mai Sơn"
    assert len(gui_services.office.communes()) == len(names)
    assert len(gui_services.office.business_types()) == 10


def test_wizard_with_2025_communes_picked(qtbot: QtBot, gui_services: Services) -> None:
    wizard = SetupWizard(gui_services.office)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(wizard.profile_page.form.unit_edit, "Phòng Văn hóa – Xã hội")
    wizard.next()
    picker = wizard.jurisdiction_page.picker
    picker.new_radio.setChecked(True)
    picker.new_province.setCurrentIndex(picker.new_province.findText("Tỉnh Sơn La"))
    assert picker.new_list.count() > 50
    first, second = picker.new_list.item(0), picker.new_list.item(1)
    picker.check_new_commune(str(first.data(ID_ROLE)))
    picker.check_new_commune(str(second.data(ID_ROLE)))
    picker.apply_new_button.click()
    assert [c.name for c in wizard.jurisdiction_page.editor.communes()] == [first.text(), second.text()]
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert [c.name for c in gui_services.office.communes()] == [first.text(), second.text()]


def test_settings_edits_communes_and_profile(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    dialog = SettingsDialog(gui_services.settings)
    qtbot.addWidget(dialog)
    assert dialog.profile_form.unit_edit.text() == "Phòng Lao động – Thương binh và Xã hội"
    assert dialog.rule_kind.currentData() == "year_end" and not dialog.rule_months.isEnabled()
    dialog.rule_kind.setCurrentIndex(dialog.rule_kind.findData("months"))
    assert dialog.rule_months.isEnabled()
    dialog.rule_months.setValue(6)
    dialog.profile_form.unit_edit.clear()
    dialog.save_button.click()
    assert dialog.isVisible() is False or dialog.result() == 0
    assert dialog.profile_form.errors.text("issuing_unit") == "Nhập tên đơn vị ban hành văn bản."
    type_text(dialog.profile_form.unit_edit, "Ủy ban nhân dân xã Mai Sơn")
    dialog.profile_form.parent_edit.clear()  # a People's Committee has no parent line
    communes = dialog.communes.communes()
    dialog.communes.merge_communes([*communes, CommuneInput("Xã Mới Lập")])
    dialog.save_button.click()
    assert dialog.result() == 1
    profile = gui_services.office.profile()
    assert profile is not None and profile.issuing_unit == "Ủy ban nhân dân xã Mai Sơn"
    assert profile.jurisdiction_kind == JURISDICTION_CUSTOM
    assert "Xã Mới Lập" in [c.name for c in gui_services.office.communes()]
    assert gui_services.commitments.validity_rule() == ValidityRule("months", 6)


def test_main_window_fits_a_small_screen_and_reviews(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    sys.setswitchinterval(0.005)  # Python's own
    ids = [
        gui_services.businesses.create(
            sample_input(gui_services, name=f"Nhà nghỉ {i}", registration_number=str(i))
        )
        for i in range(3)
    ]
    window = build_main_window(gui_services, ui_state)
    assert sys.getswitchinterval() == pytest.approx(GUI_SWITCH_INTERVAL_S)  # paints while work runs
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    assert window.business_page.count_label.text() == "3 cơ sở"
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 728

    review = window.review_page
    window.nav.setCurrentRow(window.pages.indexOf(review))
    assert window.pages.currentWidget() is review

    def start(dialog: QWidget) -> None:
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("h1"))  # type: ignore[attr-defined]
        dialog.year_spin.setValue(2026)  # type: ignore[attr-defined]
        assert dialog.title_label.text() == "Rà soát 6 tháng đầu năm 2026"  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    when_modal(start)
    review.start_button.click()
    assert review.round_combo.currentText() == "Rà soát 6 tháng đầu năm 2026"
    assert review.model.rowCount() == 3
    assert review.progress_bar.value() == 0 and review.progress_bar.maximum() == 3
    review.table.selectRow(0)
    review.outcome_buttons[OUTCOME_UNCHANGED].click()
    assert review.progress_bar.value() == 1
    assert review.model.rowCount() == 2
    assert "Đã rà soát 1 / 3" in review.summary_label.text()
    assert set(ids) >= {review.model.row_at(0).id}  # type: ignore[union-attr]
    window.close()


def test_bundled_fonts_and_vietnamese_standard_buttons(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = create_application()
    assert app.font().family() == "Be Vietnam Pro"
    assert "Liberation Serif" in QFontDatabase.families()
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == ["&Có", "Hủy"]
    assert QApplication.translate("QWizard", "&Finish") == "&Hoàn tất"


def test_commitments_page_follows_the_register(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    gui_services.businesses.create(
        sample_input(gui_services, name="Karaoke Hoa Ban", registration_number="A1")
    )
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    window.show_commitments("never")
    commitments = window.commitment_page
    assert commitments.list_label.text() == "Đang tính tình hình cam kết…"  # off the GUI thread
    qtbot.waitUntil(lambda: commitments.coverage is not None)
    assert commitments.model.visible_count() == 1
    assert commitments.list_label.text().startswith("Chưa ký — toàn địa bàn: 1 cơ sở")

    # A business added in the register appears in the commitments lists without a restart.
    window.nav.setCurrentRow(window.pages.indexOf(window.business_page))
    added = gui_services.businesses.create(
        sample_input(gui_services, name="Nhà nghỉ Bình An", registration_number="A2")
    )
    window.business_page._after_save(added)
    window.show_commitments("never")
    qtbot.waitUntil(lambda: commitments.model.visible_count() == 2)
    assert commitments.coverage is not None and commitments.coverage.total.active == 2
    window.close()
