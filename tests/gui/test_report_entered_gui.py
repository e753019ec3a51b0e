"""The report page with a province's template: its figures typed in per period (checked beside the field,
saved in one go), its type groups previewed, and the office's closing days chosen in the template dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QTableWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import CLOSING_DAY_15, parse_period
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.entered_dialog import COL_ERROR, COL_VALUE, EnteredDialog
from desktop_app.ui.pages.report_page import KIND_S1, ReportPage, TemplateDialog
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.unit.test_report_province import PROVINCE
from tests.unit.test_reports import _configure, build

S1 = parse_period("2026S1")


@pytest.fixture
def province(gui_services: Services) -> Services:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(gui_services)
    gui_services.reports.import_template(PROVINCE)
    return gui_services


def _row(dialog: EnteredDialog, indicator: str, commune: int | None = None) -> int:
    return dialog.keys.index((indicator, commune))


def test_entered_figures_are_checked_beside_the_field_and_saved_together(
    qtbot: QtBot, province: Services
) -> None:
    dialog = EnteredDialog(province.reports, S1)
    qtbot.addWidget(dialog)
    dialog.show()
    # a 1366×768 screen at 125 %: a 1093×574 work area
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1093 and hint.height() <= 574
    # rows sized once the table has its width: a label that fits takes one line, a long one two at most
    line = dialog.table.fontMetrics().lineSpacing()
    tallest = max(dialog.table.rowHeight(row) for row in range(dialog.table.rowCount()))
    assert tallest <= 3 * line + 12, (tallest, line)
    assert dialog.width() <= 1093 and dialog.height() <= 574
    table = dialog.table
    budget, over = _row(dialog, "kinh_phi_vnd"), _row(dialog, "nbd_uoc_tinh_nu_18_30")
    table.item(budget, COL_VALUE).setText("150.000.000")
    table.item(over, COL_VALUE).setText("100001")
    typo = _row(dialog, "tin_bao_tiep_nhan")
    table.item(typo, COL_VALUE).setText("mười")
    dialog.save()
    assert table.item(typo, COL_ERROR).text().startswith("Chỉ ghi số nguyên")
    assert province.reports.entered_values(S1) == {}  # nothing saved while one is wrong
    table.item(typo, COL_VALUE).setText("12")
    dialog.save()
    assert table.item(over, COL_ERROR).text() == "phải từ 0 đến 100.000; đã nhập 100.001."
    assert table.item(typo, COL_ERROR).text() == ""
    assert "cần sửa" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted
    assert province.reports.entered_values(S1) == {}
    table.item(over, COL_VALUE).setText("1.000")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert province.reports.entered_values(S1) == {
        ("kinh_phi_vnd", None): 150_000_000,
        ("nbd_uoc_tinh_nu_18_30", None): 1000,
        ("tin_bao_tiep_nhan", None): 12,
    }
    again = EnteredDialog(province.reports, S1)  # shown as saved
    qtbot.addWidget(again)
    assert again.table.item(_row(again, "kinh_phi_vnd"), COL_VALUE).text() == "150.000.000"


def test_the_page_previews_type_groups_and_entered_figures(
    qtbot: QtBot, province: Services, ui_state: UiState
) -> None:
    province.reports.save_entered(S1, {("kinh_phi_vnd", None): 2_500_000})
    page = ReportPage(province.reports, TaskRunner(), ui_state, can_admin=True)
    qtbot.addWidget(page)
    page.resize(1300, 650)
    page.show()
    assert page.entered_button.isVisible()
    page.kind.setCurrentIndex(KIND_S1)
    page.year.setValue(2026)
    page.make_button.click()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
    groups = page.tabs.widget(0).findChild(QTableWidget)
    assert [groups.item(r, 1).text() for r in range(groups.rowCount())] == [
        "Tổng cộng",
        "Cơ sở lưu trú",
        "Karaoke, xoa bóp",
        "Vũ trường, quán bar",
        "Khác",
    ]
    money = page.tabs.widget(4).findChild(QTableWidget)
    texts = {money.item(r, 1).text(): money.item(r, 2).text() for r in range(money.rowCount())}
    assert texts["Kinh phí thực hiện (đồng)"] == "2.500.000"
    assert texts["Tin báo, tố giác tiếp nhận"] == "—"


def test_closing_days_are_chosen_in_the_template_dialog(qtbot: QtBot, province: Services) -> None:
    dialog = TemplateDialog(province.reports)
    qtbot.addWidget(dialog)
    assert "01/01" in dialog.closing_note.text()
    dialog.closing.setCurrentIndex(dialog.closing.findData(CLOSING_DAY_15))
    assert province.reports.closing_convention() == CLOSING_DAY_15
    assert "15/12" in dialog.closing_note.text() and "chưa đối chiếu" in dialog.closing_note.text()


def test_an_issued_period_keeps_its_figures_until_the_clerk_corrects_them_for_a_replacement(
    qtbot: QtBot, province: Services
) -> None:
    province.reports.save_entered(S1, {("tin_bao_tiep_nhan", None): 12})
    province.issued_reports.issue(province.reports.report(S1), "7/BC-UBND", None, None)
    dialog = EnteredDialog(province.reports, S1)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.correction is not None and not dialog.correction.isChecked()
    assert "7/BC-UBND" in dialog.correction.text()
    row = _row(dialog, "tin_bao_tiep_nhan")
    dialog.table.item(row, COL_VALUE).setText("15")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "đã khóa" in dialog.message.text()
    assert province.reports.entered_values(S1) == {("tin_bao_tiep_nhan", None): 12}  # as issued
    dialog.correction.setChecked(True)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert province.reports.entered_values(S1) == {("tin_bao_tiep_nhan", None): 15}
    fresh = EnteredDialog(province.reports, parse_period("2026S2"))  # a period not issued: no check box
    qtbot.addWidget(fresh)
    assert fresh.correction is None
