"""Commitments through real widgets: coverage and its lists, recording a signing with a scan, employees,
printing the forms, the register's commitment column and filter, and the start page's reminders."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.commitments import (
    STATE_COVERED,
    STATE_EXPIRED,
    STATE_EXPIRING,
    STATE_NEVER,
    CommitmentInput,
)
from desktop_app.domain.dates import format_date
from desktop_app.services.app_services import Services
from desktop_app.services.commitments import clear_viewing_copies
from desktop_app.ui import tasks
from desktop_app.ui.dialogs.commitment_dialog import BusinessCommitmentsDialog, RecordCommitmentDialog
from desktop_app.ui.dialogs.import_dialog import ImportDialog
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.pages.commitment_page import COVERAGE_COLUMNS, CommitmentPage, PrintFormsDialog
from desktop_app.ui.pages.start_page import StartPage
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure, sample_input
from tests.gui.conftest import type_text, when_modal

TODAY = date.today()


def _column(group: str) -> int:
    return next(i for i, (_, g) in enumerate(COVERAGE_COLUMNS) if g == group)


@pytest.fixture
def office(gui_services: Services) -> dict[str, int]:
    """Four active businesses: one covered, one expiring, one expired, one never signed."""
    configure(gui_services)
    ids = {
        name: gui_services.businesses.create(
            sample_input(gui_services, name=name, registration_number=f"R{i}", registration_date="01/01/2020")
        )
        for i, name in enumerate(
            ("Karaoke Hoa Ban", "Nhà nghỉ Bình An", "Massage Thảo Nguyên", "Karaoke Sao Mai")
        )
    }
    record = gui_services.commitments.record
    record(
        CommitmentInput(
            ids["Karaoke Hoa Ban"], TODAY - timedelta(days=10), valid_to=TODAY + timedelta(days=200)
        )
    )
    record(
        CommitmentInput(
            ids["Nhà nghỉ Bình An"], TODAY - timedelta(days=10), valid_to=TODAY + timedelta(days=5)
        )
    )
    record(
        CommitmentInput(
            ids["Massage Thảo Nguyên"], TODAY - timedelta(days=400), valid_to=TODAY - timedelta(days=40)
        )
    )
    return ids


@pytest.fixture
def page(qtbot: QtBot, gui_services: Services, ui_state: UiState, office: dict[str, int]) -> CommitmentPage:
    widget = CommitmentPage(gui_services, TaskRunner(), ui_state)
    qtbot.addWidget(widget)
    widget.resize(1180, 640)
    widget.show()
    widget.reload()
    return widget


def test_coverage_numbers_open_their_lists(page: CommitmentPage) -> None:
    total_row = 0
    cell = page.coverage_table.item
    assert cell(total_row, 0).text() == "Toàn địa bàn"
    assert cell(total_row, _column("any")).text() == "4"
    assert cell(total_row, _column("valid")).text() == "2 (50,0 %)"
    assert cell(total_row, _column(STATE_EXPIRING)).text() == "1"
    assert cell(total_row, _column("missing")).text() == "2"
    # both parts of the valid ones say what they count, and their sum is named as such
    headers = [
        page.coverage_table.horizontalHeaderItem(c).text().replace("\n", " ")
        for c in range(len(COVERAGE_COLUMNS))
    ]
    assert headers[2:4] == ["Còn hiệu lực trên 30 ngày", "Sắp hết hạn (≤ 30 ngày)"]
    assert headers[-1] == "Tổng còn hiệu lực (tỷ lệ)" and "Còn hiệu lực" not in headers
    assert cell(total_row, _column(STATE_COVERED)).text() == "1"
    page.coverage_table.cellClicked.emit(total_row, _column(STATE_COVERED))
    assert page.list_label.text().startswith("Còn hiệu lực trên 30 ngày — toàn địa bàn: 1 cơ sở")

    page.coverage_table.cellClicked.emit(total_row, _column(STATE_NEVER))
    assert page.model.visible_count() == 1
    assert page.model.index(0, 0).data() == "Karaoke Sao Mai"
    assert page.model.index(0, 8).data() == "Chưa ký"
    assert page.list_label.text().startswith("Chưa ký — toàn địa bàn: 1 cơ sở")

    page.coverage_table.cellClicked.emit(total_row, _column("missing"))
    assert {page.model.index(r, 0).data() for r in range(2)} == {"Massage Thảo Nguyên", "Karaoke Sao Mai"}

    # A date before the expired commitment ended: it still covered the business then.
    page.day_edit.setDate(page.day_edit.date().addDays(-60))
    assert cell(total_row, _column(STATE_EXPIRED)).text() == "0"


def test_record_a_signing_with_a_scan(
    qtbot: QtBot, page: CommitmentPage, gui_services: Services, office: dict[str, int], tmp_path: Path
) -> None:
    scan = tmp_path / "cam-ket-sao-mai.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    total_row = 0
    page.coverage_table.cellClicked.emit(total_row, _column(STATE_NEVER))
    page.list_view.selectRow(0)
    assert page.record_button.isEnabled()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, RecordCommitmentDialog)
        assert dialog.business_label.text() == "<b>Karaoke Sao Mai</b>"
        dialog.signed_edit.setText("")
        qtbot.keyClicks(dialog.signed_edit, "32/01/2026")
        dialog.save_button.click()  # a wrong date is shown beside the field, nothing is saved
        assert dialog.errors.text("signed_on") != ""
        assert dialog.isVisible()
        dialog.signed_edit.setText(format_date(TODAY))
        assert dialog.to_edit.placeholderText() == f"31/12/{TODAY.year}"
        type_text(dialog.number_edit, "15/CK-UBND")
        type_text(dialog.representative_edit, "Lò Văn Sơn")
        dialog.add_scans([str(scan)])
        dialog.save_button.click()

    when_modal(fill)
    page.record_selected()

    (recorded,) = gui_services.commitments.for_business(office["Karaoke Sao Mai"])
    assert (recorded.document_number, recorded.representative_name) == ("15/CK-UBND", "Lò Văn Sơn")
    assert [a.file_name for a in recorded.attachments] == ["cam-ket-sao-mai.pdf"]
    assert page.coverage_table.item(total_row, _column(STATE_NEVER)).text() == "0"


def test_business_dialog_lists_signings_and_flags_a_minor(
    qtbot: QtBot, gui_services: Services, office: dict[str, int], ui_state: UiState
) -> None:
    business = office["Massage Thảo Nguyên"]
    dialog = BusinessCommitmentsDialog(gui_services.commitments, TaskRunner(), business, "Massage", ui_state)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 4).text() == "Đã hết hạn"
    assert not dialog.open_button.isEnabled()  # no scan yet

    dialog.tabs.setCurrentIndex(1)
    type_text(dialog.emp_name_edit, "Lò Thị Hoa")
    born = TODAY.replace(year=TODAY.year - 17)
    qtbot.keyClicks(dialog.emp_birth_edit, format_date(born))
    dialog.add_employee_button.click()
    assert dialog.employee_table.rowCount() == 1
    assert dialog.minor_label.isVisible() and "dưới 18 tuổi" in dialog.minor_label.text()
    assert dialog.changed

    dialog.add_employee_button.click()  # empty name: the message sits beside the field
    assert dialog.employee_errors.text("full_name") == "Nhập họ tên người lao động."

    dialog.count_employees.setValue(3)
    dialog.count_signed.setValue(5)
    dialog.save_counts_button.click()
    assert "không thể lớn hơn" in dialog.counts_error.text()


def test_no_minor_warning_where_the_labour_code_does_not_bar_minors(
    qtbot: QtBot, gui_services: Services, office: dict[str, int], ui_state: UiState
) -> None:
    """Điều 147(2)(d) Bộ luật Lao động 2019 bars under-18s from bars, karaoke, hotels, guesthouses, saunas and
    massage parlours, not from a café: a 17-year-old waiter there is no warning."""
    types = {t.code: t.id for t in gui_services.office.business_types()}
    cafe = gui_services.businesses.create(
        sample_input(gui_services, name="Cà phê Gió", registration_number="CF1", type_id=types["CF"])
    )
    for business, warned in ((cafe, False), (office["Karaoke Sao Mai"], True)):
        dialog = BusinessCommitmentsDialog(gui_services.commitments, TaskRunner(), business, "x", ui_state)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.tabs.setCurrentIndex(1)
        type_text(dialog.emp_name_edit, "Lò Thị Hoa")
        qtbot.keyClicks(dialog.emp_birth_edit, format_date(TODAY.replace(year=TODAY.year - 17)))
        dialog.add_employee_button.click()
        assert dialog.employee_table.rowCount() == 1
        assert dialog.minor_label.isVisible() is warned
        assert ("Điều 147" in dialog.minor_label.text()) is warned
        dialog.close()


def test_attach_a_scan_and_open_it_through_a_temporary_copy(
    qtbot: QtBot,
    gui_services: Services,
    office: dict[str, int],
    ui_state: UiState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    scan = tmp_path / "Cam kết Thảo Nguyên.pdf"
    scan.write_bytes(b"%PDF-1.4 scan of the signed form")
    dialog = BusinessCommitmentsDialog(
        gui_services.commitments, TaskRunner(), office["Massage Thảo Nguyên"], "Massage", ui_state
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    dialog.attach_button.click()
    dialog.table.selectRow(0)
    assert dialog.open_button.isEnabled()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.open_button.click()
    (shown,) = (Path(p) for p in opened)
    assert shown.is_relative_to(temp) and shown.name.startswith("ban-chup-")  # no name in the file name
    assert shown.read_bytes() == scan.read_bytes()
    assert dialog.open_button.menu() is None  # one scan: the button opens it

    second = tmp_path / "Cam kết Thảo Nguyên trang 2.png"
    second.write_bytes(b"\x89PNG page two" * 100)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(second), ""))
    dialog.attach_button.click()
    dialog.table.selectRow(0)
    menu = dialog.open_button.menu()
    assert menu is not None  # several scans: the button lists them
    assert [a.text() for a in menu.actions()] == [
        "Cam kết Thảo Nguyên.pdf (1 KB)",
        "Cam kết Thảo Nguyên trang 2.png (1 KB)",
    ]
    menu.actions()[1].trigger()
    assert Path(opened[-1]).suffix == ".png" and Path(opened[-1]).read_bytes() == second.read_bytes()
    clear_viewing_copies()
    assert not shown.exists()


def test_print_forms_for_businesses_without_a_valid_commitment(
    qtbot: QtBot, page: CommitmentPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ban-cam-ket"

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, PrintFormsDialog)
        assert dialog.missing_radio.isEnabled() and not dialog.selected_radio.isEnabled()
        dialog.missing_radio.setChecked(True)
        dialog.accept()

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    when_modal(choose)
    page.print_forms()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown == ["Đã tạo 2 bản cam kết trong «ban-cam-ket.pdf»."]
    assert page.last_print == str(target) + ".pdf"
    assert (tmp_path / "ban-cam-ket.pdf").read_bytes().startswith(b"%PDF")


def test_register_shows_and_filters_commitment_state(
    qtbot: QtBot,
    gui_services: Services,
    ui_state: UiState,
    office: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register = BusinessPage(gui_services, TaskRunner(), ui_state)
    qtbot.addWidget(register)
    register.reload()
    register.show()
    qtbot.waitUntil(lambda: register.commitments_loaded, timeout=10000)
    states = {register.model.index(r, 0).data(): register.model.index(r, 8).data() for r in range(4)}
    assert states == {
        "Karaoke Hoa Ban": "Còn hiệu lực",
        "Nhà nghỉ Bình An": "Sắp hết hạn",
        "Massage Thảo Nguyên": "Đã hết hạn",
        "Karaoke Sao Mai": "Chưa ký",
    }
    register.commitment_filter.setCurrentIndex(register.commitment_filter.findData("missing"))
    assert register.model.visible_count() == 2
    assert register.count_label.text() == "2 cơ sở (lọc từ 4)"
    register.table.sortByColumn(8, register.table.horizontalHeader().sortIndicatorOrder())
    register.commitment_filter.setCurrentIndex(0)
    assert register.model.visible_count() == 4

    register.select_business(office["Karaoke Sao Mai"])
    assert register.commitments_action.isEnabled()

    def save_with_defaults(inner: RecordCommitmentDialog) -> int:
        inner.save_button.click()  # today's date is the default; no nested modal loop in this test
        return inner.result()

    monkeypatch.setattr(RecordCommitmentDialog, "exec", save_with_defaults)

    def record_from_business(dialog: QWidget) -> None:
        assert isinstance(dialog, BusinessCommitmentsDialog)
        dialog.record_button.click()
        assert dialog.changed and dialog.table.rowCount() == 1
        dialog.reject()

    when_modal(record_from_business)
    register.open_commitments()
    qtbot.waitUntil(lambda: register.commitments_loaded, timeout=10000)
    row = register.model.visible_row_of(office["Karaoke Sao Mai"])
    # signed today, valid to 31 December by default: in the year's last 30 days that is "expiring"
    year_end = date(date.today().year, 12, 31)
    expected = "Sắp hết hạn" if year_end <= date.today() + timedelta(days=30) else "Còn hiệu lực"
    assert row is not None and register.model.index(row, 8).data() == expected


def test_start_page_reminders_open_the_lists(
    qtbot: QtBot, gui_services: Services, office: dict[str, int]
) -> None:
    start = StartPage(gui_services)
    qtbot.addWidget(start)
    start.reload()
    assert (start.count(STATE_EXPIRING), start.count(STATE_EXPIRED), start.count(STATE_NEVER)) == (1, 1, 1)
    assert start.reminders[STATE_NEVER][0].text() == "<b>1</b> cơ sở đang hoạt động chưa từng ký cam kết"
    with qtbot.waitSignal(start.open_commitments) as signal:
        start.reminders[STATE_NEVER][1].click()
    assert signal.args == [STATE_NEVER]


def test_export_and_import_the_commitments_list(
    qtbot: QtBot,
    page: CommitmentPage,
    gui_services: Services,
    ui_state: UiState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "cam-ket.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == ["Đã xuất 3 lần ký cam kết ra «cam-ket.xlsx»."]

    wizard = ImportDialog(gui_services.commitment_transfer, TaskRunner(), ui_state)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.windowTitle() == "Nhập danh sách cam kết từ Excel"
    wizard.file_edit.setText(str(target))
    wizard.read_button.click()
    qtbot.waitUntil(lambda: wizard.preview is not None, timeout=10000)
    assert "0 sẽ nhập, 0 có cảnh báo, 0 lỗi, 3 trùng" in wizard.summary_label.text()
    assert wizard.import_button.text() == "Nhập 0 lần ký cam kết" and not wizard.import_button.isEnabled()


def test_listing_another_group_drops_a_selection_no_longer_listed(page: CommitmentPage) -> None:
    page.coverage_table.cellClicked.emit(0, _column(STATE_NEVER))
    page.list_view.selectRow(0)
    assert page.record_button.isEnabled()
    page.coverage_table.cellClicked.emit(0, _column(STATE_COVERED))  # Karaoke Sao Mai is not in this list
    assert page.selected_ids() == [] and not page.record_button.isEnabled()


def test_showing_the_page_reads_the_commitment_states_once(
    page: CommitmentPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.storage.repositories import commitments as repo

    reads: list[date] = []
    real = repo.active_state_groups

    def counting(session: object, day: date) -> object:
        reads.append(day)
        return real(session, day)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "active_state_groups", counting)
    page.reload()
    assert len(reads) == 1  # about 1 s at 100,000 businesses: the coverage and the list share one reading
    assert page.model.index(0, 8).data() != ""
