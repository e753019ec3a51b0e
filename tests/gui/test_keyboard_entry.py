"""Data entry by keyboard: Enter moves on, Ctrl+S saves, typed data is never dropped without asking."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from desktop_app.ui.dialogs.case_dialogs import NewCaseDialog
from desktop_app.ui.dialogs.visit_dialog import VisitDialog
from desktop_app.ui.widgets.data_entry import EntryDialog
from tests.conftest import configure
from tests.gui.conftest import answer_unsaved, type_text

DISCARD = "Bỏ thay đổi"
KEEP = "Tiếp tục nhập"


@pytest.fixture
def dialog(qtbot: QtBot, gui_services: Services) -> Iterator[BusinessDialog]:
    configure(gui_services)
    office = gui_services.office
    widget = BusinessDialog(gui_services.businesses, office.business_types(), office.communes())
    show(qtbot, widget)
    yield widget


def show(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog, before_close_func=forget_changes)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def forget_changes(widget: QWidget) -> None:
    """What a test typed and left open is dropped when pytest-qt closes the dialog, without a question."""
    assert isinstance(widget, EntryDialog)
    widget.mark_clean()


def test_enter_moves_to_the_next_field_without_saving(qtbot: QtBot, dialog: BusinessDialog) -> None:
    type_text(dialog.name_edit, "Nhà nghỉ Bình An")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.type_combo.hasFocus()
    assert dialog.isVisible() and dialog.errors.text("type_id") == ""  # no red errors half-way
    qtbot.keyClick(dialog.type_combo, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert dialog.commune_combo.hasFocus()
    dialog.licences_edit.setFocus()
    qtbot.keyClick(dialog.licences_edit, Qt.Key.Key_Return)  # a multi-line box keeps its new line
    assert dialog.licences_edit.hasFocus() and dialog.licences_edit.toPlainText() == "\n"
    assert dialog.saved_id is None


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_ctrl_s_or_ctrl_enter_saves(
    qtbot: QtBot, dialog: BusinessDialog, gui_services: Services, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    type_text(dialog.name_edit, "Nhà nghỉ Bình An")
    dialog.type_combo.setCurrentIndex(1)
    dialog.commune_combo.setCurrentIndex(1)
    dialog.notes_edit.setFocus()
    qtbot.keyClick(dialog.notes_edit, key, modifier)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    assert gui_services.businesses.detail(dialog.saved_id).name == "Nhà nghỉ Bình An"


def test_tab_goes_down_the_left_column_then_the_right(qtbot: QtBot, dialog: BusinessDialog) -> None:
    dialog.name_edit.setFocus()
    seen: list[QWidget | None] = []
    for _ in range(16):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        dialog.type_combo,
        dialog.commune_combo,
        dialog.address_edit,
        dialog.reg_number_edit,
        dialog.reg_date_edit,
        dialog.licences_edit,
        dialog.owner_edit,
        dialog.owner_id_edit,
        dialog.phone_edit,
        dialog.birth_edit,
        dialog.residence_edit,
        dialog.rooms_edit,
        dialog.employees_edit,
        dialog.female_edit,
        dialog.complex_check,
        dialog.notes_edit,
    ]


def test_alt_letter_jumps_to_a_labelled_field(qtbot: QtBot, dialog: BusinessDialog) -> None:
    dialog.notes_edit.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # "C&hủ cơ sở"
    assert dialog.owner_edit.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # "&Xã, phường *"
    assert dialog.commune_combo.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "&Tên cơ sở *"
    assert dialog.name_edit.hasFocus()


def test_typing_a_commune_without_xa_and_accents_selects_it(qtbot: QtBot, dialog: BusinessDialog) -> None:
    dialog.commune_combo.setFocus()
    qtbot.keyClicks(dialog.commune_combo, "Chieng")
    assert dialog.commune_combo.currentText() == "Xã Chiềng Mung"


def test_unchanged_form_closes_without_asking(qtbot: QtBot, dialog: BusinessDialog) -> None:
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)  # an unexpected question would hang here
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_esc_asks_and_keeps_typing(qtbot: QtBot, dialog: BusinessDialog, gui_services: Services) -> None:
    type_text(dialog.address_edit, "Tiểu khu 5")
    asked: list[str] = []
    answer_unsaved(KEEP, asked)
    qtbot.keyClick(dialog.address_edit, Qt.Key.Key_Escape)
    assert asked == ["Bỏ các thay đổi?"]
    assert dialog.isVisible() and dialog.address_edit.text() == "Tiểu khu 5"
    answer_unsaved(KEEP, asked)
    dialog.close()  # the window's ×
    assert len(asked) == 2 and dialog.isVisible()
    answer_unsaved(DISCARD, asked)
    dialog.buttons.buttons()[1].click()  # Hủy
    assert len(asked) == 3 and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert gui_services.businesses.rows() == []


def test_editing_an_existing_business_asks_only_after_a_change(qtbot: QtBot, gui_services: Services) -> None:
    from tests.conftest import sample_input

    configure(gui_services)
    business_id = gui_services.businesses.create(sample_input(gui_services))
    office = gui_services.office
    dialog = BusinessDialog(gui_services.businesses, office.business_types(), office.communes(), business_id)
    show(qtbot, dialog)
    assert not dialog.has_changes()
    rooms = dialog.rooms_edit.text()
    dialog.rooms_edit.setText("99")
    assert dialog.has_changes()
    dialog.rooms_edit.setText(rooms)
    assert not dialog.has_changes()  # typed back to what it was: nothing to lose


def test_visit_form_asks_before_dropping_a_result(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    dialog = VisitDialog(gui_services.inspections, [], [])
    show(qtbot, dialog)
    dialog.minutes_edit.setFocus()
    qtbot.keyClick(dialog.minutes_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.errors.text("business_id") == ""
    type_text(dialog.notes_edit, "Chủ cơ sở vắng mặt")
    asked: list[str] = []
    answer_unsaved(KEEP, asked)
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    answer_unsaved(DISCARD, asked)
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()


def test_intake_form_asks_before_dropping_an_identity(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    dialog = NewCaseDialog(gui_services.cases, gui_services.office.communes())
    show(qtbot, dialog)
    type_text(dialog.identity_form.full_name, "Lò Thị Mai")
    qtbot.keyClick(dialog.identity_form.full_name, Qt.Key.Key_Return)
    assert dialog.identity_form.birth_date.hasFocus() and dialog.created is None
    asked: list[str] = []
    answer_unsaved(DISCARD, asked)
    dialog.close()
    assert asked == ["Bỏ các thay đổi?"] and not dialog.isVisible()
    assert dialog.created is None


def test_every_data_entry_form_asks_before_dropping_what_was_typed(
    qtbot: QtBot, gui_services: Services
) -> None:
    from PySide6.QtWidgets import QLineEdit

    from desktop_app.ui.dialogs.activity_dialogs import CommunicationDialog, TrainingDialog
    from desktop_app.ui.dialogs.hotspot_dialog import HotspotDialog
    from desktop_app.ui.dialogs.round_dialog import RoundDialog

    configure(gui_services)
    communes = gui_services.office.communes()
    activities = gui_services.activities
    for dialog in (
        CommunicationDialog(activities, communes),
        TrainingDialog(activities, communes),
        RoundDialog(gui_services.inspections, communes, []),
        HotspotDialog(gui_services.inspections, communes),
    ):
        show(qtbot, dialog)
        edit = next(e for e in dialog.findChildren(QLineEdit) if e.isVisible() and not e.text())
        type_text(edit, "Bản Mòng")
        asked: list[str] = []
        answer_unsaved(KEEP, asked)
        qtbot.keyClick(edit, Qt.Key.Key_Escape)
        assert asked == ["Bỏ các thay đổi?"] and dialog.isVisible(), type(dialog).__name__
        answer_unsaved(DISCARD, asked)
        dialog.close()
        assert not dialog.isVisible(), type(dialog).__name__


def test_the_case_file_asks_only_while_the_case_is_unsaved(qtbot: QtBot, gui_services: Services) -> None:
    from desktop_app.domain.cases import CaseInput, IdentityInput
    from desktop_app.domain.security import ROLE_ADMIN, Actor
    from desktop_app.ui.dialogs.case_file_dialog import CaseFileDialog

    configure(gui_services)
    gui_services.db.actor = Actor(None, "quantri", ROLE_ADMIN)
    commune = gui_services.office.communes()[0]
    case_id, _ = gui_services.cases.create(
        CaseInput("03/02/2024", commune.id, consent_on="03/02/2024", consent_way="van_ban"),
        IdentityInput("Lò Thị Hương", birth_year="1998"),
    )
    dialog = CaseFileDialog(gui_services.cases, case_id, gui_services.office.communes(), True)
    show(qtbot, dialog)
    type_text(dialog.case_form.needs, "Học nghề may")
    asked: list[str] = []
    answer_unsaved(KEEP, asked)
    dialog.close()
    assert asked and dialog.isVisible()
    dialog.activateWindow()  # offscreen, the closed question does not hand activation back
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.case_form.needs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.case_message.text() == "Đã lưu."
    dialog.close()  # saved: closes without a question
    assert len(asked) == 1 and not dialog.isVisible()
    assert gui_services.cases.detail(case_id).case.needs == "Học nghề may"
