"""Support cases in the window: intake, the identity on request, training, a loan with repayments, closure;
the page only for roles that work with cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop_app.app import build_main_window, create_application
from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.security import ROLE_ADMIN, ROLE_LEADER, ROLE_STAFF, ROLE_SUPPORT, Actor
from desktop_app.services.app_services import Services
from desktop_app.ui import tasks
from desktop_app.ui.dialogs.case_dialogs import NewCaseDialog, ServiceDialog, SmallFormDialog
from desktop_app.ui.dialogs.case_file_dialog import CaseFileDialog
from desktop_app.ui.settings import UiState
from tests.conftest import configure
from tests.gui.conftest import type_text, when_modal


def test_a_case_from_intake_through_training_and_a_loan_to_closure(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "mai.vt", ROLE_SUPPORT)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    page = window.case_page
    assert page is not None
    window.nav.setCurrentRow(window.pages.indexOf(page))
    steps: list[str] = []

    def training(dialog: QWidget) -> None:
        assert isinstance(dialog, ServiceDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("hoc_nghe"))
        dialog.given_on.setText("01/03/2026")
        dialog.save()
        assert dialog.errors.text("trade") == "Hãy nhập nghề học."
        type_text(dialog.detail_edits["trade"], "May công nghiệp")
        dialog.detail_edits["start_on"].setText("01/03/2026")
        type_text(dialog.detail_edits["institution"], "Trung tâm GDNN huyện")
        dialog.save()
        steps.append("training")

    def loan(dialog: QWidget) -> None:
        assert isinstance(dialog, ServiceDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("vay_von"))
        dialog.given_on.setText("10/03/2026")
        type_text(dialog.detail_edits["bank"], "Ngân hàng Chính sách xã hội")
        dialog.detail_edits["amount_vnd"].setText("30.000.000")
        dialog.detail_edits["disbursed_on"].setText("10/03/2026")
        dialog.detail_edits["term_months"].setText("24")
        dialog.save()
        steps.append("loan")

    def repayment(amount: str, day: str) -> object:
        def pay(dialog: QWidget) -> None:
            assert isinstance(dialog, SmallFormDialog)
            dialog.amount.setText(amount)
            dialog.day.setText(day)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
            steps.append(f"repay {amount}")

        return pay

    def case_file(dialog: QWidget) -> None:
        assert isinstance(dialog, CaseFileDialog)
        assert dialog.windowTitle() == "Hồ sơ HS-2026-0001"
        assert dialog.identity_label.text() == ""  # hidden until asked for
        dialog.tabs.setCurrentIndex(1)
        dialog.show_identity_button.click()
        assert "Họ và tên: Lò Thị Hương" in dialog.identity_label.text()
        dialog.tabs.setCurrentIndex(2)
        when_modal(training)
        dialog.add_service_button.click()
        when_modal(loan)
        dialog.add_service_button.click()
        assert dialog.services_table.rowCount() == 2
        assert dialog.services_table.item(1, 3).text() == "Đang trả nợ, còn 30.000.000 đ"
        dialog.services_table.selectRow(1)
        when_modal(repayment("10.000.000", "10/09/2026"))
        dialog.repay_button.click()
        assert dialog.services_table.item(1, 3).text() == "Đang trả nợ, còn 20.000.000 đ"
        dialog.services_table.selectRow(1)
        when_modal(repayment("20.000.000", "20/11/2026"))
        dialog.repay_button.click()
        assert dialog.services_table.item(1, 3).text() == "Đã trả hết, còn 0 đ"
        dialog.tabs.setCurrentIndex(0)
        form = dialog.case_form
        form.status.setCurrentIndex(form.status.findData("dong"))
        dialog.save_case_button.click()
        assert dialog.errors.text("close_reason") == "Đóng hồ sơ cần ghi lý do."
        type_text(form.close_reason, "Đã có việc làm ổn định")
        dialog.save_case_button.click()
        assert dialog.case_message.text() == "Đã lưu."
        steps.append("closed")
        dialog.reject()

    def intake(dialog: QWidget) -> None:
        assert isinstance(dialog, NewCaseDialog)
        form = dialog.case_form
        form.intake.setText("03/02/2026")
        form.commune.setCurrentIndex(form.commune.findText("Xã Mường Bon"))
        form.consent_on.setText("03/02/2026")
        form.consent_way.setCurrentIndex(form.consent_way.findData("van_ban"))
        type_text(form.worker, "Vũ Thị Mai")
        person = dialog.identity_form
        type_text(person.full_name, "Lò Thị Hương")
        person.birth_year.setText("1998")
        person.id_number.setText("014198001234")
        when_modal(case_file)
        dialog.save()

    when_modal(intake)
    page.new_button.click()
    assert steps == ["training", "loan", "repay 10.000.000", "repay 20.000.000", "closed"]
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == "HS-2026-0001"
    assert page.table.item(0, 2).text() == "Đóng"
    page.year.setValue(2026)
    figures = page.figures_label.text()
    assert "Hồ sơ mới: 1. Người được hỗ trợ: 1 (lượt hỗ trợ: học nghề 1, vay vốn 1)" in figures
    assert "vay vốn: 1 người, 30.000.000 đ" in figures
    names = " ".join(page.table.item(0, c).text() for c in range(page.table.columnCount()))
    assert "Hương" not in names  # the list shows the code, never the name
    gui_services.db.actor = Actor(None, "quantri", ROLE_ADMIN)
    views = gui_services.audit.entries(AuditFilter(entity="case")).rows
    assert [r.action for r in views].count("view_identity") == 1
    window.close()


def test_intake_warns_of_a_possible_duplicate(qtbot: QtBot, gui_services: Services) -> None:
    from desktop_app.domain.cases import CaseInput, IdentityInput

    configure(gui_services)
    gui_services.db.actor = Actor(None, "mai.vt", ROLE_SUPPORT)
    commune = next(c for c in gui_services.office.communes() if c.name == "Xã Mường Bon")
    existing, code = gui_services.cases.create(
        CaseInput("03/02/2026", commune.id, consent_on="03/02/2026", consent_way="van_ban"),
        IdentityInput("Lò Thị Hương", birth_year="1998"),
    )
    dialog = NewCaseDialog(gui_services.cases, gui_services.office.communes())
    qtbot.addWidget(dialog)
    form = dialog.case_form
    form.commune.setCurrentIndex(form.commune.findData(commune.id))
    form.consent_on.setText("03/02/2026")
    form.consent_way.setCurrentIndex(form.consent_way.findData("van_ban"))
    type_text(dialog.identity_form.full_name, "LO THI HUONG")
    dialog.identity_form.birth_year.setText("1998")
    dialog.save()
    assert code in dialog.duplicates_label.text() and "Trùng họ tên" in dialog.duplicates_label.text()
    assert dialog.created is None and not dialog.open_button.isHidden()
    dialog.open_button.click()
    assert dialog.open_existing == existing


def test_no_case_page_for_a_clerk_or_a_leader(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    create_application()
    configure(gui_services)
    for role in (ROLE_STAFF, ROLE_LEADER):
        gui_services.db.actor = Actor(None, "khac", role)
        window = build_main_window(gui_services, ui_state)
        qtbot.addWidget(window)
        titles = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert window.case_page is None and "Hỗ trợ hoàn lương" not in titles
        window.close()


def test_an_administrator_erases_an_identity_after_the_retention_time(
    qtbot: QtBot, gui_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.domain.cases import CaseInput, IdentityInput

    configure(gui_services)
    gui_services.db.actor = Actor(None, "quantri", ROLE_ADMIN)
    commune = gui_services.office.communes()[0]
    case_id, _ = gui_services.cases.create(
        CaseInput("03/02/2020", commune.id, consent_on="03/02/2020", consent_way="van_ban"),
        IdentityInput("Lò Thị Hương", birth_year="1998"),
    )
    closed = CaseInput(
        "03/02/2020",
        commune.id,
        consent_on="03/02/2020",
        consent_way="van_ban",
        status="dong",
        close_reason="x",
    )
    gui_services.cases.update(case_id, closed)
    dialog = CaseFileDialog(gui_services.cases, case_id, gui_services.office.communes(), True, can_erase=True)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog.erase_button.click()  # closed today: not yet
    assert "sau 5 năm" in dialog.message.text()
    with gui_services.db.unit_of_work() as session:  # as if it had been closed six years ago
        session.execute(
            text("UPDATE support_case SET closed_on = '2020-06-01' WHERE id = :i"), {"i": case_id}
        )
    dialog.erase_button.click()
    assert dialog.message.text() == "Đã xóa nhân thân của hồ sơ."
    assert gui_services.cases.identity(case_id).full_name == ""


def test_settings_keep_the_case_policy(qtbot: QtBot, gui_services: Services) -> None:
    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

    configure(gui_services)
    dialog = SettingsDialog(gui_services.settings, with_cases=True)
    qtbot.addWidget(dialog)
    assert dialog.retention_years.value() == 5 and dialog.no_contact_days.value() == 90
    dialog.retention_years.setValue(10)
    dialog.no_contact_days.setValue(60)
    dialog.save_button.click()
    assert gui_services.cases.retention_years() == 10 and gui_services.cases.no_contact_days() == 60


def test_the_case_list_exports_only_with_a_password(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import msoffcrypto
    from PySide6.QtWidgets import QFileDialog

    from desktop_app.domain.cases import CaseInput, IdentityInput
    from desktop_app.ui.dialogs.import_dialog import ImportDialog
    from desktop_app.ui.pages.case_page import FilePasswordDialog

    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "mai.vt", ROLE_SUPPORT)
    commune = gui_services.office.communes()[0]
    gui_services.cases.create(
        CaseInput("03/02/2026", commune.id, consent_on="03/02/2026", consent_way="van_ban"),
        IdentityInput("Lò Thị Hương", birth_year="1998"),
    )
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    page = window.case_page
    assert page is not None and not page.export_button.isHidden()

    def password(dialog: QWidget) -> None:
        assert isinstance(dialog, FilePasswordDialog)
        type_text(dialog.password, "ngan")
        type_text(dialog.repeat, "ngan")
        dialog.check()
        assert dialog.errors.text("file_password") == "Mật khẩu mở tệp phải có ít nhất 8 ký tự."
        dialog.password.setText("mat-khau-tep-hs")
        dialog.repeat.setText("mat-khau-tep-hs")
        dialog.check()

    target = tmp_path / "ho-so"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    when_modal(password)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown[0].startswith("Đã xuất 1 hồ sơ ra «ho-so.xlsx»")
    with (tmp_path / "ho-so.xlsx").open("rb") as fh:
        assert msoffcrypto.OfficeFile(fh).is_encrypted()

    def importing(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportDialog)
        assert dialog.windowTitle() == "Nhập danh sách hồ sơ hỗ trợ từ Excel"
        assert dialog.rejected_button.isHidden()  # no unprotected file of rejected rows
        dialog.reject()

    when_modal(importing)
    page.import_button.click()
    window.close()


def test_consent_notice_then_withdrawal_in_the_case_file(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop_app.domain.cases import CaseInput, IdentityInput
    from desktop_app.ui.dialogs.case_dialogs import WithdrawalDialog

    create_application()
    configure(gui_services)
    gui_services.db.actor = Actor(None, "mai.vt", ROLE_SUPPORT)
    commune = next(c for c in gui_services.office.communes() if c.name == "Xã Mường Bon")
    case_id, code = gui_services.cases.create(
        CaseInput("03/02/2026", commune.id, consent_on="03/02/2026", consent_way="van_ban"),
        IdentityInput("Lò Thị Hương", birth_year="1998"),
    )
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.show()
    page = window.case_page
    assert page is not None
    window.nav.setCurrentRow(window.pages.indexOf(page))
    consent_column = page.table.columnCount() - 1
    assert page.table.item(0, consent_column).text() == "Còn hiệu lực"
    target = tmp_path / "thong-bao.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    steps: list[str] = []

    def withdraw(dialog: QWidget) -> None:
        assert isinstance(dialog, WithdrawalDialog)
        dialog.day.setText("20/11/2026")
        dialog.save()
        assert dialog.errors.text("way") == "Hãy chọn cách người được hỗ trợ rút lại sự đồng ý."
        dialog.way.setCurrentIndex(dialog.way.findData("van_ban"))
        type_text(dialog.note, "Đơn nộp tại trụ sở")
        dialog.save()
        steps.append("withdrawn")

    def case_file(dialog: QWidget) -> None:
        assert isinstance(dialog, CaseFileDialog)
        assert dialog.consent_banner.isHidden() and dialog.add_service_button.isEnabled()
        dialog.notice_button.click()
        assert target.is_file() and "Đã lưu thông báo" in dialog.message.text()
        when_modal(withdraw)
        dialog.withdraw_button.click()
        assert not dialog.consent_banner.isHidden()
        assert "đã rút lại sự đồng ý ngày 20/11/2026" in dialog.consent_banner.text()
        assert not dialog.add_service_button.isEnabled() and not dialog.plan_button.isEnabled()
        assert not dialog.withdraw_button.isEnabled() and not dialog.notice_button.isEnabled()
        type_text(dialog.case_form.needs, "Vay vốn")
        dialog.save_case_button.click()
        assert "chỉ còn đóng hồ sơ" in dialog.case_message.text()
        steps.append("refused")
        dialog.case_form.needs.clear()
        form = dialog.case_form
        form.status.setCurrentIndex(form.status.findData("dong"))
        type_text(form.close_reason, "Người được hỗ trợ rút lại sự đồng ý")
        dialog.save_case_button.click()
        assert dialog.case_message.text() == "Đã lưu."
        steps.append("closed")
        dialog.reject()

    when_modal(case_file)
    page.open_file(case_id)
    assert steps == ["withdrawn", "refused", "closed"]
    assert page.table.item(0, consent_column).text() == "Đã rút lại 20/11/2026"
    assert page.table.item(0, 2).text() == "Đóng"
    gui_services.db.actor = Actor(None, "quantri", ROLE_ADMIN)
    actions = [r.action for r in gui_services.audit.entries(AuditFilter(entity="case")).rows]
    assert "withdraw_consent" in actions and "consent" in actions
    assert code == "HS-2026-0001"
    window.close()
