"""The round dialog's decision that set up the team: typed, saved, shown again, refused beside its field."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app.domain.inspections import LEVEL_COMMUNE, RoundInput
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.round_dialog import RoundDialog
from tests.conftest import configure
from tests.gui.conftest import type_text
from tests.gui.test_keyboard_entry import show


def _dialog(qtbot: QtBot, services: Services, round_id: int | None = None) -> RoundDialog:
    existing = services.inspections.round(round_id) if round_id is not None else None
    dialog = RoundDialog(services.inspections, services.office.communes(), [], existing)
    show(qtbot, dialog)
    return dialog


def test_the_team_decision_is_saved_and_shown_again(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    dialog = _dialog(qtbot, gui_services)
    type_text(dialog.plan_edit, "12/KH-UBND")
    type_text(dialog.team_edit, "Đội kiểm tra liên ngành 178 xã Mường Bon")
    qtbot.keyClicks(dialog.starts_edit, "05/03/2026")
    qtbot.keyClicks(dialog.ends_edit, "20/03/2026")
    type_text(dialog.decision_edit, "12/QĐ-UBND")
    qtbot.keyClicks(dialog.decision_date_edit, "03/03/2026")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    saved = gui_services.inspections.round(dialog.saved_id)
    assert (saved.decision_number, saved.decision_date) == ("12/QĐ-UBND", date(2026, 3, 3))
    again = _dialog(qtbot, gui_services, dialog.saved_id)
    assert (again.decision_edit.text(), again.decision_date_edit.text()) == ("12/QĐ-UBND", "03/03/2026")


def test_a_decision_after_the_round_starts_is_refused(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    round_id = gui_services.inspections.create_round(
        RoundInput("12/KH-UBND", None, "Đội 178", LEVEL_COMMUNE, "05/03/2026", "20/03/2026")
    )
    dialog = _dialog(qtbot, gui_services, round_id)
    qtbot.keyClicks(dialog.decision_date_edit, "06/03/2026")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.saved_id is None
    assert "trước hoặc trùng ngày bắt đầu" in dialog.errors.text("decision_date")
    assert gui_services.inspections.round(round_id).decision_date is None  # nothing changed
