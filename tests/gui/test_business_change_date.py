"""The business form asks when a change of commune, type, employees or owner took effect, and only then."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from desktop_app.domain.dates import format_date
from desktop_app.services.app_services import Services
from desktop_app.storage.repositories.business_versions import versions_of
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from tests.conftest import configure, sample_input
from tests.gui.conftest import answer_unsaved, type_text


def _dialog(qtbot: QtBot, services: Services, business_id: int | None) -> BusinessDialog:
    office = services.office
    dialog = BusinessDialog(services.businesses, office.business_types(), office.communes(), business_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.name_edit.isVisible)  # content put in a scroll area on a small screen shows late
    return dialog


def test_the_change_date_is_asked_only_for_a_dated_change_and_checked(
    qtbot: QtBot, gui_services: Services
) -> None:
    configure(gui_services)
    business_id = gui_services.businesses.create(sample_input(gui_services))  # registered 05/03/2020
    communes = {c.name: c.id for c in gui_services.office.communes()}

    new = _dialog(qtbot, gui_services, None)  # a new business has nothing to date
    new.commune_combo.setCurrentIndex(new.commune_combo.findText("Xã Cò Nòi"))
    assert not new.effective_edit.isVisible()
    answer_unsaved("Bỏ thay đổi")
    new.close()

    dialog = _dialog(qtbot, gui_services, business_id)
    assert not dialog.effective_edit.isVisible()
    type_text(dialog.address_edit, " số 5")  # not a field kept by date
    assert not dialog.effective_edit.isVisible()
    dialog.commune_combo.setCurrentIndex(dialog.commune_combo.findText("Xã Cò Nòi"))
    assert dialog.effective_edit.isVisible() and dialog.effective_edit.isEnabled()
    assert dialog.effective_edit.text() == format_date(date.today())
    dialog.commune_combo.setCurrentIndex(dialog.commune_combo.findText("Xã Mường Bon"))  # back as it was
    assert not dialog.effective_edit.isVisible()
    dialog.employees_edit.setText("9")
    assert dialog.effective_edit.isVisible()

    dialog.effective_edit.setText("01/01/2019")  # before the registration: refused, nothing saved
    dialog.save_button.click()
    assert "trước ngày cấp ĐKKD" in dialog.errors.text("effective_on")
    assert dialog.isVisible()
    assert gui_services.businesses.detail(business_id).employees_total == 5

    dialog.effective_edit.setText("01/07/2025")
    dialog.save_button.click()
    assert not dialog.isVisible()
    detail = gui_services.businesses.detail(business_id)
    assert (detail.employees_total, detail.commune_id) == (9, communes["Xã Mường Bon"])
    with gui_services.db.read() as session:
        days = [(v.effective_on, v.employees_total) for v in versions_of(session, business_id)]
    assert days == [(date(2020, 3, 5), 5), (date(2025, 7, 1), 9)]
