"""The business dialog's owner birth date and residence: saved, shown again, refused beside the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from tests.conftest import configure, sample_input
from tests.gui.conftest import type_text
from tests.gui.test_keyboard_entry import show


def _dialog(qtbot: QtBot, services: Services, business_id: int | None = None) -> BusinessDialog:
    office = services.office
    dialog = BusinessDialog(services.businesses, office.business_types(), office.communes(), business_id)
    show(qtbot, dialog)
    return dialog


def test_birth_date_and_residence_are_saved_and_shown_again(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    dialog = _dialog(qtbot, gui_services)
    type_text(dialog.name_edit, "Nhà nghỉ Bình An")
    dialog.type_combo.setCurrentIndex(1)
    dialog.commune_combo.setCurrentIndex(1)
    qtbot.keyClicks(dialog.birth_edit, "9/7/1986")
    type_text(dialog.residence_edit, "Bản Nà Sài, xã Mường Bon")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    detail = gui_services.businesses.detail(dialog.saved_id)
    assert (detail.owner_birth_date, detail.owner_residence) == (date(1986, 7, 9), "Bản Nà Sài, xã Mường Bon")
    again = _dialog(qtbot, gui_services, dialog.saved_id)
    assert again.birth_edit.text() == "09/07/1986"
    assert again.residence_edit.text() == "Bản Nà Sài, xã Mường Bon"


def test_an_under_age_owner_is_refused_beside_the_birth_date(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    business_id = gui_services.businesses.create(sample_input(gui_services))  # registered 05/03/2020
    dialog = _dialog(qtbot, gui_services, business_id)
    qtbot.keyClicks(dialog.birth_edit, "06/03/2002")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.saved_id is None
    assert (
        dialog.errors.text("owner_birth_date")
        == "Chủ cơ sở chưa đủ 18 tuổi vào ngày cấp ĐKKD: xem lại ngày sinh."
    )
    assert gui_services.businesses.detail(business_id).owner_birth_date is None  # nothing changed
    # the message shows without the dialog outgrowing a 1366×768 screen at 125 % (1093×574 work area)
    assert dialog.width() <= QRect(0, 0, 1093, 574).width() - 20
