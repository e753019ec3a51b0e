"""Empty states that say what to do: a new office's register, start page, review page, and a business
without commitments."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.security import ROLE_LEADER, Actor
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.commitment_dialog import BusinessCommitmentsDialog
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.pages.review_page import ReviewPage
from desktop_app.ui.pages.start_page import StartPage
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure, sample_input
from tests.gui.conftest import when_modal


def test_an_empty_register_points_to_the_import_and_to_a_first_business(
    qtbot: QtBot, gui_services: Services
) -> None:
    configure(gui_services)
    page = BusinessPage(gui_services)
    qtbot.addWidget(page)
    page.reload()
    page.resize(1000, 500)
    page.show()
    assert page.empty_panel.isVisible() and not page.table.isVisible()
    assert "Sổ chưa có cơ sở nào." in page.empty_label.text()
    assert "Nhập từ Excel…" in page.empty_label.text() and "Thêm cơ sở" in page.empty_label.text()
    assert page.empty_import_button.text() == "Nhập từ Excel…" and page.empty_import_button.isVisible()
    assert page.empty_new_button.text() == "Thêm cơ sở" and page.empty_new_button.isVisible()

    opened: list[str] = []

    def close(dialog: QWidget) -> None:
        opened.append(dialog.windowTitle())
        dialog.close()

    when_modal(close)
    page.empty_new_button.click()
    when_modal(close)
    page.empty_import_button.click()
    assert opened == ["Thêm cơ sở kinh doanh", "Nhập danh sách cơ sở từ Excel"]

    gui_services.businesses.create(sample_input(gui_services))
    page.reload()
    assert page.table.isVisible() and not page.empty_panel.isVisible()
    assert page.count_label.text() == "1 cơ sở"


def test_a_read_only_role_sees_no_buttons_it_cannot_use(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    page = BusinessPage(gui_services)
    qtbot.addWidget(page)
    for control in page.edit_controls():  # what the main window does for a lãnh đạo
        control.setVisible(False)
    page.reload()
    page.show()
    assert page.empty_panel.isVisible()
    assert not page.empty_import_button.isVisible() and not page.empty_new_button.isVisible()
    assert "Thêm cơ sở" not in page.empty_label.text()


def test_the_empty_start_page_shows_no_share_beside_a_warning(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    start = StartPage(gui_services, runner=TaskRunner(), today=lambda: date(2026, 6, 1))
    qtbot.addWidget(start)
    start.show()
    start.reload()
    qtbot.waitUntil(lambda: start.report is not None, timeout=20000)
    for indicator in ("commitments_coverage_pct", "businesses_inspected_pct"):
        text = start.target_labels[indicator].text()
        assert "Chưa có dữ liệu" in text, text
        assert "—" not in text and "⚠" not in text
    assert "(chỉ tiêu 100 %)" in start.target_labels["commitments_coverage_pct"].text()


def test_a_business_without_commitments_says_so(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    business_id = gui_services.businesses.create(sample_input(gui_services))
    dialog = BusinessCommitmentsDialog(gui_services.commitments, TaskRunner(), business_id, "Nhà nghỉ B")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.no_commitments_label.isVisible() and not dialog.table.isVisible()
    assert "chưa ký cam kết lần nào" in dialog.no_commitments_label.text()
    assert "Ghi nhận ký cam kết…" in dialog.no_commitments_label.text()
    gui_services.commitments.record(CommitmentInput(business_id, date.today(), valid_to=date.today()))
    dialog.refresh()
    assert dialog.table.isVisible() and dialog.table.rowCount() == 1
    assert not dialog.no_commitments_label.isVisible()


def test_the_review_page_without_a_round_says_so(qtbot: QtBot, gui_services: Services) -> None:
    configure(gui_services)
    gui_services.businesses.create(sample_input(gui_services))
    page = ReviewPage(gui_services)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    text = page.summary_label.text()
    assert text.startswith("Chưa có đợt rà soát nào.") and "Bắt đầu đợt rà soát…" in text
    assert not page.progress_bar.isVisible() and not page.table.isVisible()
    assert not page.marks_row.isVisible()
    gui_services.reviews.start_round("h1", 2026)
    page.reload()
    assert page.progress_bar.isVisible() and page.table.isVisible()
    assert page.progress_bar.text() == "0 / 1 cơ sở đã rà soát"

    gui_services.db.actor = Actor(None, "lanhdao", ROLE_LEADER)
    leader = ReviewPage(gui_services)
    qtbot.addWidget(leader)
    leader.start_button.setVisible(False)  # the main window hides it for a read-only role
    leader.round_combo.clear()
    leader.refresh()
    assert leader.summary_label.text() == "Chưa có đợt rà soát nào."
