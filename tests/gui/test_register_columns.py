"""The register on a small screen: the filters' layout, columns sized to content, chosen, reordered and
remembered; the coverage tables' commune names in full."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMenu,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.domain.businesses import STATUS_ACTIVE, BusinessRow
from desktop_app.services.app_services import Services
from desktop_app.ui.models.business_table import COLUMN_KEYS, STATUS_COLUMN, BusinessTableModel
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.pages.commitment_page import CommitmentPage
from desktop_app.ui.pages.inspection_coverage import InspectionCoverageView
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.tables import two_lines
from tests.conftest import configure, sample_input

# What is left for a page beside the page list in a 1093-pixel wide window (1366×768 at 125 %).
PAGE_WIDTH, PAGE_HEIGHT = 900, 520
LONG_COMMUNES = ["Thị trấn Hát Lót", "Xã Chiềng Khoong", "Xã Chiềng Khương", "Xã Chiềng Chăn", "Xã Mường Bon"]


def shows_in_full(view: QTableView, index: QModelIndex) -> bool:
    """The cell is inside the viewport and wide enough for its whole text (nothing elided)."""
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    rect = view.visualRect(index)
    text_width = view.fontMetrics().horizontalAdvance(str(index.data()))
    inside = rect.left() >= 0 and rect.right() <= view.viewport().width()
    return inside and rect.width() - margin >= text_width


def combo_shows_in_full(combo: QComboBox) -> bool:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width() >= combo.fontMetrics().horizontalAdvance(combo.currentText())


def make_page(qtbot: QtBot, services: Services, ui_state: UiState) -> BusinessPage:
    page = BusinessPage(services, TaskRunner(), ui_state)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, PAGE_HEIGHT)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: page.commitments_loaded and page.inspections_loaded)
    return page


@pytest.fixture
def office(gui_services: Services) -> Services:
    configure(gui_services, LONG_COMMUNES)
    communes = {c.name: c.id for c in gui_services.office.communes()}
    for i, (name, commune) in enumerate(
        (
            ("Cơ sở kinh doanh dịch vụ xoa bóp Thảo Nguyên", "Xã Chiềng Khoong"),
            ("Karaoke Hoa Ban", "Xã Chiềng Khương"),
            ("Nhà nghỉ Bình An", "Thị trấn Hát Lót"),
        )
    ):
        gui_services.businesses.create(
            sample_input(gui_services, name=name, commune_id=communes[commune], registration_number=f"R{i}")
        )
    return gui_services


def test_on_a_small_screen_the_search_box_filters_and_status_are_readable(
    qtbot: QtBot, office: Services, ui_state: UiState
) -> None:
    page = make_page(qtbot, office, ui_state)
    assert page.search_edit.width() >= 250
    assert page.commune_filter.currentText() == "Mọi xã, phường"
    assert page.type_filter.currentText() == "Mọi loại hình"
    for combo in (
        page.commune_filter,
        page.type_filter,
        page.status_filter,
        page.commitment_filter,
        page.inspection_filter,
    ):
        assert combo_shows_in_full(combo), combo.currentText()
        assert combo.geometry().right() <= page.width()
    row = 0
    status = page.model.index(row, STATUS_COLUMN)
    assert status.data() == "Đang hoạt động"
    assert shows_in_full(page.table, status)
    assert page.model.index(row, 8).data() == "Chưa ký"
    assert shows_in_full(page.table, page.model.index(row, 8))
    # The long name is cut in the middle at most, and the whole of it is in the tooltip.
    name = page.model.index(row, 0)
    assert page.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert name.data(Qt.ItemDataRole.ToolTipRole) == name.data()
    assert shows_in_full(page.table, page.model.index(row, 2))  # the commune


def test_hidden_reordered_and_resized_columns_are_remembered(
    qtbot: QtBot, office: Services, ui_state: UiState
) -> None:
    page = make_page(qtbot, office, ui_state)
    header = page.table.horizontalHeader()
    address, owner = COLUMN_KEYS.index("address"), COLUMN_KEYS.index("owner")
    menu = page.columns.menu()
    titles = [action.text() for action in menu.actions() if action.isCheckable()]
    assert titles[:5] == ["Tên cơ sở", "Loại hình", "Xã, phường", "Trạng thái", "Cam kết"]
    by_title = {action.text(): action for action in menu.actions()}
    assert not by_title["Tên cơ sở"].isEnabled()  # the name always stays
    by_title["Địa chỉ"].setChecked(False)
    assert header.isSectionHidden(address)
    header.moveSection(header.visualIndex(owner), 1)  # what a drag of the header does
    header.resizeSection(0, 333)  # what a drag of the divider does

    again = make_page(qtbot, office, ui_state)
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(address)
    assert header.visualIndex(owner) == 1
    assert header.sectionSize(0) == 333
    assert header.sectionsMovable()

    again.columns.reset()
    assert not header.isSectionHidden(address)
    assert header.visualIndex(owner) == 5
    assert header.sectionSize(0) != 333
    third = make_page(qtbot, office, ui_state)
    assert not third.table.horizontalHeader().isSectionHidden(address)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup menu, offscreen
def test_right_click_on_the_header_offers_the_columns(
    qtbot: QtBot, office: Services, ui_state: UiState
) -> None:
    page = make_page(qtbot, office, ui_state)
    header = page.table.horizontalHeader()
    seen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, choose)
            return
        seen.extend(action.text() for action in menu.actions())
        next(action for action in menu.actions() if action.text() == "Số ĐKKD").trigger()
        menu.close()

    QTimer.singleShot(0, choose)
    header.customContextMenuRequested.emit(QPoint(10, 5))  # what a right click on the header sends
    assert seen[-1] == "Đặt lại cột như ban đầu"
    assert header.isSectionHidden(COLUMN_KEYS.index("registration"))
    assert ui_state.table_columns("register") is not None
    assert "registration" in ui_state.table_columns("register").hidden  # type: ignore[union-attr]


def test_an_unreadable_saved_layout_falls_back_to_the_default(
    qtbot: QtBot, office: Services, ui_state: UiState
) -> None:
    ui_state._settings.setValue("columns/register", "{not json")
    page = make_page(qtbot, office, ui_state)
    header = page.table.horizontalHeader()
    assert [header.logicalIndex(v) for v in range(3)] == [0, 1, 2]
    assert not any(header.isSectionHidden(c) for c in range(len(COLUMN_KEYS)))


def test_columns_are_measured_on_a_sample_not_on_every_row() -> None:
    rows = [
        BusinessRow(i, f"Cơ sở {i}", 1, "Karaoke", 1, "Xã Cò Nòi", "", "", "", "", STATUS_ACTIVE, False, "")
        for i in range(20_000)
    ]
    model = BusinessTableModel()
    model.set_rows(rows)
    sample = model.column_samples(0, limit=200)
    assert 100 <= len(sample) <= 200
    assert sample[0] == "Cơ sở 0"
    assert set(model.column_samples(STATUS_COLUMN)) >= {"Đang hoạt động", "Tạm ngừng", "Đã ngừng"}


def test_long_column_titles_go_on_two_lines() -> None:
    assert two_lines("Đã kiểm tra từ đầu chương trình") == "Đã kiểm tra từ\nđầu chương trình"
    assert two_lines("Vi phạm") == "Vi phạm"


def _communes_in_full(table: QTableWidget) -> None:
    names = [table.item(row, 0).text() for row in range(1, table.rowCount())]
    assert "Xã Chiềng Khoong" in names
    for row in range(1, table.rowCount()):
        assert shows_in_full(table, table.model().index(row, 0)), table.item(row, 0).text()


def test_coverage_tables_show_commune_names_in_full(
    qtbot: QtBot, office: Services, ui_state: UiState
) -> None:
    inspections = InspectionCoverageView(office.inspections)
    qtbot.addWidget(inspections)
    inspections.resize(PAGE_WIDTH, PAGE_HEIGHT)
    inspections.show()
    inspections.active = True
    inspections.year_spin.setValue(date.today().year)
    inspections.refresh()
    _communes_in_full(inspections.coverage_table)

    commitments = CommitmentPage(office, TaskRunner(), ui_state)
    qtbot.addWidget(commitments)
    commitments.resize(PAGE_WIDTH, PAGE_HEIGHT)
    commitments.show()
    commitments.reload()
    _communes_in_full(commitments.coverage_table)
    list_header = commitments.list_view.horizontalHeader()
    assert list_header.visualIndex(STATUS_COLUMN) == 3  # the business list under it is laid out the same
