"""The report page: pick a period, preview the template's tables, write Excel, consolidate units' files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.domain.office import OFFICE_KIND_HEALTH_DEPT, UNIT_LIST_2025, OfficeProfile
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.reports import Report
from desktop_app.domain.security import Actor
from desktop_app.services.app_services import Services
from desktop_app.storage.repositories.users import get_setting
from desktop_app.ui import gc_guard, tasks
from desktop_app.ui.pages import start_page
from desktop_app.ui.pages.report_page import KIND_S1, ReportPage, TemplateDialog
from desktop_app.ui.pages.start_page import StartPage
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import sample_input
from tests.gui.conftest import when_modal
from tests.unit.test_reports import ADMIN, _configure, build


@pytest.fixture
def page(qtbot: QtBot, gui_services: Services, ui_state: UiState) -> ReportPage:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(gui_services)
    widget = ReportPage(gui_services.reports, TaskRunner(), ui_state, can_admin=True)
    qtbot.addWidget(widget)
    widget.resize(1300, 650)
    widget.show()
    return widget


def test_preview_then_excel(
    qtbot: QtBot, page: ReportPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.kind.setCurrentIndex(KIND_S1)
    page.year.setValue(2026)
    assert page.period() == parse_period("2026S1") and not page.xlsx_button.isEnabled()
    page.make_button.click()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
    assert page.tabs.count() == 6 and page.tabs.tabText(0) == "Biểu 1"
    assert "6 tháng đầu năm 2026" in page.title.text()
    table = page.tabs.widget(0).findChild(QTableWidget)
    assert table.item(0, 1).text() == "Tổng cộng"
    assert [table.item(0, c).text() for c in range(2, 11)] == [
        "2",
        "2",
        "1",
        "3",
        "13",
        "6",
        "5",
        "1",
        "33,3",
    ]
    assert table.horizontalHeaderItem(2).text() == "Số cơ sở\nĐầu kỳ"
    assert table.horizontalHeaderItem(2).toolTip() == "Cơ sở đang hoạt động vào ngày trước ngày đầu kỳ."

    target = tmp_path / "bao-cao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    page.xlsx_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown == ["Đã ghi «bao-cao.xlsx»."]
    assert load_workbook(tmp_path / "bao-cao.xlsx").sheetnames[0] == "Biểu 1"


def test_consolidation_from_the_page(
    qtbot: QtBot, page: ReportPage, gui_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = parse_period("2026S1")
    package = gui_services.reports.write_package(
        gui_services.reports.report(period), tmp_path / "don-vi.json"
    )
    broken = tmp_path / "hong.json"
    broken.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package), str(broken)], ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    page.kind.setCurrentIndex(KIND_S1)
    page.year.setValue(2026)

    def accept(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        expected = dialog.findChild(QPlainTextEdit, "expected_units")
        assert expected is not None and not expected.isReadOnly()
        expected.setPlainText("Phòng Văn hóa – Xã hội huyện Mai Sơn\nPhòng Văn hóa – Xã hội huyện Yên Châu\n")
        dialog.accept()

    when_modal(accept)
    page.consolidate_button.click()
    qtbot.waitUntil(lambda: page.consolidation is not None, timeout=20000)
    assert page.consolidation is not None and len(page.consolidation.included) == 1
    assert "Tổng hợp 1 đơn vị" in page.title.text() and "loại 1 tệp" in page.title.text()
    assert "chưa có: Phòng Văn hóa – Xã hội huyện Yên Châu" in page.title.text()
    assert gui_services.reports.expected_units()[1] == "Phòng Văn hóa – Xã hội huyện Yên Châu"
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "hong.json" in shown[0] and "Yên Châu" in shown[0]


def test_template_dialog_loads_the_province_file_and_goes_back(
    qtbot: QtBot, gui_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    dialog = TemplateDialog(gui_services.reports)
    qtbot.addWidget(dialog)
    assert "mẫu mặc định" in dialog.current.text() and not dialog.default_button.isEnabled()
    bad = tmp_path / "sai.json"
    bad.write_text(
        '{"format": 1, "name": "Sai", "tables": [{"title": "B", "rows": [{"indicator": "khong"}]}]}'
    )
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    dialog.load_button.click()
    assert shown and "không có chỉ tiêu “khong”" in shown[0]
    good = tmp_path / "tinh.json"
    good.write_text(
        '{"format": 1, "name": "Mẫu tỉnh", "tables": [{"title": "B", "rows": [{"indicator": "cases_new"}]}]}',
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    dialog.load_button.click()
    assert "«Mẫu tỉnh» (1 biểu, nhập từ tệp)" in dialog.current.text()
    dialog.default_button.click()
    assert gui_services.reports.template_is_default() and not dialog.default_button.isEnabled()


def _spy_on_reports(
    monkeypatch: pytest.MonkeyPatch, services: Services, seen: Callable[[Period, bool], object]
) -> None:
    """Every year so far computed goes through `seen` (its period and whether with the larger cache) first."""
    report = services.reports.report

    def spy(period: Period, larger_cache: bool = True) -> Report:
        seen(period, larger_cache)
        return report(period, larger_cache)

    monkeypatch.setattr(services.reports, "report", spy)


def test_start_page_dashboard_against_the_targets(
    qtbot: QtBot, gui_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(gui_services)
    asked: list[bool] = []
    _spy_on_reports(monkeypatch, gui_services, lambda _period, larger_cache: asked.append(larger_cache))
    runner = TaskRunner()
    started: list[str] = []
    start_job = runner.start

    def counted(job: Any, on_success: Any, *args: Any, **kwargs: Any) -> Any:
        started.append(getattr(on_success, "__name__", ""))
        return start_job(job, on_success, *args, **kwargs)

    monkeypatch.setattr(runner, "start", counted)
    start = StartPage(gui_services, runner=runner, today=lambda: date(2026, 12, 4))
    qtbot.addWidget(start)
    start.resize(1180, 690)
    start.show()
    start.reload()
    start.reload()  # shown again while it computes: no second computation (of the figures or the reminders)
    qtbot.waitUntil(lambda: "_show_dashboard" in started)  # queued once the event loop turns
    qtbot.wait(50)
    assert sorted(started) == ["_show_counts", "_show_dashboard"]
    qtbot.waitUntil(lambda: start.report is not None, timeout=20000)
    # the year so far (the data are all in 2026): A, C, D and F active; F covered; A and C inspected
    labels = {key: label.text() for key, label in start.target_labels.items()}
    assert "<b>25,0 %</b> (chỉ tiêu 100 %) ⚠" in labels["commitments_coverage_pct"]
    # the year so far (338 of 365 days) is judged against that share of the yearly 20 %
    assert "<b>50,0 %</b> (chỉ tiêu ≥ 18,5 %)" in labels["businesses_inspected_pct"]
    assert "⚠" not in labels["businesses_inspected_pct"]
    assert "<b>40,0 %</b>" in labels["communes_communication_pct"]
    assert len(start.chart.series()) == 1 and start.chart.series()[0].count() == 2
    assert "01/01/2026 – 04/12/2026" in start.dashboard_title.text()
    assert asked == [False]  # a background figure: without the report's larger page cache (#20)


def test_no_garbage_collection_walks_the_year_so_far_while_it_is_computed(
    qtbot: QtBot, gui_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(gui_services)
    collector = gc_guard.gui_collector(QApplication.instance())
    assert collector is not None
    held_during: list[int] = []
    frozen: list[bool] = []
    monkeypatch.setattr(gc_guard.gc, "freeze", lambda: frozen.append(True))
    _spy_on_reports(monkeypatch, gui_services, lambda _period, _larger: held_during.append(collector.held))
    start = StartPage(gui_services, runner=TaskRunner(), today=lambda: date(2026, 12, 4))
    qtbot.addWidget(start)
    start.reload()
    qtbot.waitUntil(lambda: start.report is not None, timeout=20000)
    assert held_during == [1] and collector.held == 0
    assert not frozen  # the year's rows are gone once computed: nothing to freeze


def test_the_year_so_far_is_kept_while_nothing_changed(
    qtbot: QtBot, gui_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shown again with nothing written since, on the same day and within DASHBOARD_FRESH_S, the year so
    far is kept (a second of background work at 100,000 businesses); a write, the next day or a stale
    figure (others writing to a shared server) has it computed again."""
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(gui_services)
    computed: list[Period] = []
    _spy_on_reports(monkeypatch, gui_services, lambda period, _larger: computed.append(period))
    today = [date(2026, 12, 4)]
    start = StartPage(gui_services, runner=TaskRunner(), today=lambda: today[0])
    qtbot.addWidget(start)

    def shown_again() -> None:
        shown = len(computed)
        start.reload()
        qtbot.wait(100)
        qtbot.waitUntil(lambda: not start._dashboard_running, timeout=20000)
        assert len(computed) in (shown, shown + 1)

    shown_again()
    shown_again()
    assert len(computed) == 1  # nothing changed
    gui_services.businesses.create(sample_input(gui_services, name="Nhà nghỉ Mới", registration_number="N9"))
    shown_again()
    assert len(computed) == 2
    today[0] = date(2026, 12, 5)
    shown_again()
    assert len(computed) == 3 and computed[-1].end == date(2026, 12, 5)
    monkeypatch.setattr(start_page, "DASHBOARD_FRESH_S", 0.0)
    shown_again()
    assert len(computed) == 4


def test_no_dashboard_for_a_role_without_reports(qtbot: QtBot, gui_services: Services) -> None:
    _configure(gui_services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    gui_services.db.actor = Actor(None, "ai-do", "khong-co-vai-tro")
    start = StartPage(gui_services, runner=TaskRunner())
    qtbot.addWidget(start)
    assert not start.dashboard.isVisibleTo(start)


def test_preview_headings_fit_their_columns(qtbot: QtBot, page: ReportPage) -> None:
    """A long heading is broken into lines that fit ("Có cam kết còn hiệu lực"), never cut at both ends."""
    page.kind.setCurrentIndex(KIND_S1)
    page.year.setValue(2026)
    page.make_button.click()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
    checked = 0
    for index in range(page.tabs.count()):
        table = page.tabs.widget(index).findChild(QTableWidget)
        header = table.horizontalHeader()
        for c in range(2, table.columnCount()):
            text = table.horizontalHeaderItem(c).text()
            for line in text.split("\n"):
                assert header.fontMetrics().horizontalAdvance(line) <= header.sectionSize(c) - 8, line
            checked += 1
    assert checked > 20
    first = page.tabs.widget(0).findChild(QTableWidget)
    words = {w for c in range(2, first.columnCount()) for w in first.horizontalHeaderItem(c).text().split()}
    assert {"cam", "kết", "hiệu", "lực"} <= words  # nothing of a heading is lost


def test_a_health_department_sees_its_province_communes_as_expected_units(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui_services.db.actor = ADMIN
    _jurisdiction, communes = gui_services.office.jurisdiction_from_names("Sơn La", None)
    profile = OfficeProfile(
        "Sở Y tế tỉnh Sơn La",
        "Ủy ban nhân dân tỉnh Sơn La",
        province_code="14",
        office_kind=OFFICE_KIND_HEALTH_DEPT,
        unit_code="14",
        unit_list=UNIT_LIST_2025,
    )
    gui_services.office.setup(profile, communes)
    widget = ReportPage(gui_services.reports, TaskRunner(), ui_state, can_admin=True)
    qtbot.addWidget(widget)
    period = parse_period("2026S1")
    package = gui_services.reports.write_package(gui_services.reports.report(period), tmp_path / "so.json")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    widget.kind.setCurrentIndex(KIND_S1)
    widget.year.setValue(2026)
    lines: list[str] = []

    def accept(dialog: QWidget) -> None:
        expected = dialog.findChild(QPlainTextEdit, "expected_units")
        assert isinstance(dialog, QDialog) and expected is not None
        lines.extend(expected.toPlainText().splitlines())
        dialog.accept()  # unchanged: nothing is stored, the list follows the province

    when_modal(accept)
    widget.consolidate_button.click()
    qtbot.waitUntil(lambda: widget.consolidation is not None, timeout=20000)
    assert len(lines) == 75 and "Xã Mai Sơn [2025:04105]" in lines
    assert "chưa có 75 đơn vị" in widget.title.text() and "Xã Mai Sơn" not in widget.title.text()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith("• Chưa có báo cáo của 75 đơn vị: ") and "Xã Mai Sơn (mã 04105)" in shown[0]
    with gui_services.db.read() as session:
        assert get_setting(session, "report_expected_units") in (None, "")
