"""Commune activities in the window: an event recorded through the real dialog (a mistake shown beside its
field first), a training class, a commune recognised as healthy, a void; read-only roles see no edit controls;
the page fits a small screen."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window, create_application
from desktop_app.domain.activities import FORM_LEAFLET
from desktop_app.domain.dates import format_date
from desktop_app.domain.security import ROLE_LEADER, ROLE_STAFF, Actor
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.activity_dialogs import CommunicationDialog, HealthyStatusDialog, TrainingDialog
from desktop_app.ui.settings import UiState
from tests.conftest import configure
from tests.gui.conftest import type_text, when_modal

TODAY = date.today()


def test_activities_through_the_dialogs(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "canbo", ROLE_STAFF)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    page = window.activity_page
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Hoạt động xã, phường" in titles
    window.nav.setCurrentRow(window.pages.indexOf(page))
    assert page.loaded and page.event_table.rowCount() == 0
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Tuyên truyền",
        "Tập huấn",
        "Xã, phường lành mạnh",
    ]
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 728
    seen: list[str] = []

    def fill_event(dialog: QWidget) -> None:
        assert isinstance(dialog, CommunicationDialog)
        dialog.commune_combo.setCurrentIndex(dialog.commune_combo.findText("Xã Cò Nòi"))
        qtbot.keyClicks(dialog.date_edit, format_date(TODAY))
        dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(FORM_LEAFLET))
        qtbot.keyClicks(dialog.participants_edit, "-3")
        dialog.save_button.click()  # no content, negative count: shown beside the fields, nothing saved
        seen.append(dialog.errors.text("title"))
        seen.append(dialog.errors.text("participants"))
        assert dialog.isVisible()
        type_text(dialog.title_edit, "Phát tờ rơi tại chợ phiên")
        dialog.participants_edit.clear()
        qtbot.keyClicks(dialog.participants_edit, "1.500")
        dialog.save_button.click()

    when_modal(fill_event)
    page.new_event_button.click()
    assert seen == ["Nhập nội dung, chủ đề tuyên truyền.", "Số người tham gia không thể âm."]
    [event] = gui_services.activities.communication_events()
    assert (event.commune_name, event.form_label, event.participants) == ("Xã Cò Nòi", "Tờ rơi", 1500)
    assert page.event_table.rowCount() == 1
    assert page.event_table.item(0, 3).text() == "Phát tờ rơi tại chợ phiên"
    assert page.event_label.text() == "1 buổi tuyên truyền, 1.500 lượt người tham gia"
    assert page.figures_label.text().startswith("1/5 xã, phường có tuyên truyền (20,0 %)")

    page.tabs.setCurrentIndex(1)

    def fill_training(dialog: QWidget) -> None:
        assert isinstance(dialog, TrainingDialog)
        qtbot.keyClicks(dialog.date_edit, format_date(TODAY))
        type_text(dialog.title_edit, "Tập huấn nghiệp vụ phòng, chống mại dâm")
        qtbot.keyClicks(dialog.participants_edit, "40")
        dialog.save_button.click()

    when_modal(fill_training)
    page.new_training_button.click()
    assert page.training_table.rowCount() == 1
    assert page.training_table.item(0, 4).text() == "(cấp huyện, đơn vị)"

    page.tabs.setCurrentIndex(2)
    assert page.status_table.rowCount() == 5
    page.status_table.selectRow([s.commune_name for s in page.statuses].index("Xã Cò Nòi"))

    def recognise(dialog: QWidget) -> None:
        assert isinstance(dialog, HealthyStatusDialog)
        assert not dialog.number_edit.isEnabled()
        dialog.recognised_check.setChecked(True)  # recognised: registered too
        assert dialog.registered_check.isChecked() and dialog.number_edit.isEnabled()
        type_text(dialog.number_edit, "125/QĐ-UBND")
        dialog.save_button.click()

    when_modal(recognise)
    page.edit_status_button.click()
    row = [s.commune_name for s in page.statuses].index("Xã Cò Nòi")
    assert page.status_table.item(row, 2).text() == "✓"
    assert page.status_table.item(row, 3).text() == "125/QĐ-UBND"
    assert gui_services.activities.figures(page.period).communes_healthy_recognised == 1

    page.tabs.setCurrentIndex(0)
    page.event_table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.void_event_button.click()
    assert page.event_table.rowCount() == 0
    assert gui_services.activities.communication_events() == []
    window.close()


def test_a_leader_sees_the_activities_but_changes_nothing(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "lanhdao", ROLE_LEADER)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    page = window.activity_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    assert page.loaded and page.figures_label.text().startswith("0/5 xã, phường có tuyên truyền")
    for control in page.edit_controls():
        assert control.isHidden()
    assert not page.export_button.isHidden()
    page.tabs.setCurrentIndex(2)
    page.status_table.selectRow(0)
    page.edit_status()  # a double-click opens nothing for a read-only role (a dialog would wait here)
    window.close()


def test_import_and_export_follow_the_tab(qtbot: QtBot, gui_services: Services, ui_state: UiState) -> None:
    from desktop_app.ui.dialogs.import_dialog import ImportDialog

    create_application()
    configure(gui_services)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    page = window.activity_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    specs: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportDialog)
        specs.append(dialog._spec.name)
        dialog.reject()

    for tab in (0, 1):
        page.tabs.setCurrentIndex(tab)
        assert page.import_button.isEnabled() and page.export_button.isEnabled()
        when_modal(look)
        page.import_button.click()
    assert specs == ["communication", "training"]
    page.tabs.setCurrentIndex(2)
    assert not page.import_button.isEnabled() and not page.export_button.isEnabled()
    window.close()
