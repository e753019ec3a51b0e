"""The register page and the business dialog, driven through real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.businesses import STATUS_SUSPENDED, BusinessRow, RegisterFilter
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from desktop_app.ui.dialogs.status_dialog import StatusDialog
from desktop_app.ui.models.business_table import BusinessTableModel
from desktop_app.ui.pages.business_page import BusinessPage
from tests.conftest import configure, sample_input
from tests.gui.conftest import type_text, when_modal


@pytest.fixture
def page(qtbot: QtBot, gui_services: Services) -> BusinessPage:
    configure(gui_services)
    for name, owner, reg in (
        ("Nhà nghỉ Hoàng Long", "Trần Văn An", "A1"),
        ("Karaoke Đức Hưng", "Nguyễn Thị Bình", "A2"),
        ("NHÀ NGHỈ SAO MAI", "Lê Văn Bình", "A3"),
        ("Ăn uống Ánh Dương", "Đỗ Đức Dũng", "A4"),
    ):
        gui_services.businesses.create(
            sample_input(gui_services, name=name, owner_name=owner, registration_number=reg)
        )
    widget = BusinessPage(gui_services)
    qtbot.addWidget(widget)
    widget.reload()
    widget.resize(1200, 600)
    widget.show()
    return widget


def names(page: BusinessPage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_search_ignores_case_and_diacritics(qtbot: QtBot, page: BusinessPage) -> None:
    assert page.count_label.text() == "4 cơ sở"
    qtbot.keyClicks(page.search_edit, "nha nghi")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert names(page) == ["Nhà nghỉ Hoàng Long", "NHÀ NGHỈ SAO MAI"]
    assert page.count_label.text() == "2 cơ sở (lọc từ 4)"
    page.search_edit.clear()
    type_text(page.search_edit, "Đ")
    qtbot.waitUntil(lambda: names(page) == ["Ăn uống Ánh Dương", "Karaoke Đức Hưng"])


def test_ctrl_f_focuses_search(qtbot: QtBot, page: BusinessPage) -> None:
    page.table.setFocus()
    page.search_action.trigger()
    assert page.search_edit.hasFocus()


def test_filters_by_status(qtbot: QtBot, page: BusinessPage, gui_services: Services) -> None:
    first = gui_services.businesses.rows()[0].id
    gui_services.businesses.change_status(first, STATUS_SUSPENDED, "01/02/2025")
    page.reload()
    page.status_filter.setCurrentIndex(page.status_filter.findData(STATUS_SUSPENDED))
    assert names(page) == ["Nhà nghỉ Hoàng Long"]


def test_sort_in_vietnamese_order_by_clicking_headers(qtbot: QtBot, page: BusinessPage) -> None:
    assert names(page) == ["Ăn uống Ánh Dương", "Karaoke Đức Hưng", "Nhà nghỉ Hoàng Long", "NHÀ NGHỈ SAO MAI"]
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(4) + 5, 5)
    )
    owners = [page.model.index(r, 4).data() for r in range(page.model.rowCount())]
    assert owners == ["Trần Văn An", "Nguyễn Thị Bình", "Lê Văn Bình", "Đỗ Đức Dũng"]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names(page)[0] == "NHÀ NGHỈ SAO MAI"


def test_new_business_with_errors_then_saved(qtbot: QtBot, page: BusinessPage) -> None:
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, BusinessDialog)
        dialog.save_button.click()  # nothing typed: required fields flagged, dialog stays open
        seen["name"] = dialog.errors.text("name")
        seen["type"] = dialog.errors.text("type_id")
        seen["commune"] = dialog.errors.text("commune_id")
        seen["visible"] = str(dialog.isVisible())
        type_text(dialog.name_edit, "Massage Thảo Nguyên")
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("Massage, xông hơi, xoa bóp"))
        dialog.commune_combo.setCurrentIndex(dialog.commune_combo.findText("Xã Cò Nòi"))
        qtbot.keyClicks(dialog.owner_id_edit, "12345")
        qtbot.keyClicks(dialog.phone_edit, "0912 345 678")
        qtbot.keyClicks(dialog.employees_edit, "4")
        qtbot.keyClicks(dialog.female_edit, "6")
        qtbot.keyClicks(dialog.reg_date_edit, "5/3/2021")
        dialog.save_button.click()
        seen["id"] = dialog.errors.text("owner_id_number")
        seen["female"] = dialog.errors.text("employees_female")
        dialog.owner_id_edit.setText("014085001234")
        dialog.female_edit.setText("3")
        dialog.activateWindow()  # shortcuts work in the active window
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog.female_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves

    when_modal(fill)
    page.new_action.trigger()
    assert seen["name"] == "Nhập tên cơ sở."
    assert "loại hình" in seen["type"] and "xã, phường" in seen["commune"]
    assert seen["visible"] == "True"
    assert "12 chữ số" in seen["id"]
    assert "không thể lớn hơn" in seen["female"]
    assert "Massage Thảo Nguyên" in names(page)
    assert page.count_label.text() == "5 cơ sở"
    assert page.selected_id() is not None


def test_edit_with_enter_and_change_status(qtbot: QtBot, page: BusinessPage, gui_services: Services) -> None:
    page.table.selectRow(0)  # Ăn uống Ánh Dương
    selected = page.selected_id()

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, BusinessDialog)
        assert dialog.name_edit.text() == "Ăn uống Ánh Dương"

        def suspend(status_dialog: QWidget) -> None:
            assert isinstance(status_dialog, StatusDialog)
            status_dialog.status_combo.setCurrentIndex(status_dialog.status_combo.findData(STATUS_SUSPENDED))
            status_dialog.date_edit.setText("31/02/2025")
            status_dialog.ok_button.click()
            assert "Ngày không hợp lệ" in status_dialog.errors.text("effective_on")
            status_dialog.date_edit.setText("01/03/2025")
            status_dialog.ok_button.click()

        when_modal(suspend)
        dialog.change_status_button.click()
        assert dialog.history_table.rowCount() == 2
        assert dialog.history_table.item(0, 1).text() == "Tạm ngừng"
        dialog.address_edit.setText("Tiểu khu 7")
        dialog.save_button.click()

    when_modal(edit)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert selected is not None
    detail = gui_services.businesses.detail(selected)
    assert detail.address == "Tiểu khu 7" and detail.status == STATUS_SUSPENDED
    row = page.model.visible_row_of(selected)
    assert row is not None and page.model.index(row, 7).data() == "Tạm ngừng"


def test_void_hides_and_restore(qtbot: QtBot, page: BusinessPage, monkeypatch: pytest.MonkeyPatch) -> None:
    page.table.selectRow(1)
    business_id = page.selected_id()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Nhập trùng", True))
    page.void_action.trigger()
    assert page.count_label.text() == "3 cơ sở"
    assert page.model.visible_row_of(business_id or 0) is None
    page.voided_check.setChecked(True)
    row = page.model.visible_row_of(business_id or 0)
    assert row is not None
    assert page.model.index(row, 7).data().endswith("(nhập nhầm)")
    page.table.selectRow(row)
    assert page.restore_action.isEnabled() and not page.void_action.isEnabled()
    page.restore_action.trigger()
    page.voided_check.setChecked(False)
    assert page.count_label.text() == "4 cơ sở"


def test_ctrl_n_opens_the_new_business_dialog(qtbot: QtBot, page: BusinessPage) -> None:
    opened: list[str] = []

    def cancel(dialog: QWidget) -> None:
        opened.append(dialog.windowTitle())
        assert isinstance(dialog, QDialog)
        dialog.reject()

    when_modal(cancel)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Thêm cơ sở kinh doanh"]


def test_table_model_passes_qt_model_tester(qtmodeltester: object, gui_services: Services) -> None:
    configure(gui_services)
    gui_services.businesses.create(sample_input(gui_services))
    model = BusinessTableModel()
    model.set_rows(gui_services.businesses.rows())
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def _selected_name(page: BusinessPage) -> str | None:
    rows = page.table.selectionModel().selectedRows()
    return rows[0].data() if rows else None


def test_typing_and_sorting_keep_the_selected_business_selected(qtbot: QtBot, page: BusinessPage) -> None:
    assert page._search_timer.interval() >= 100  # a word typed in one go is filtered once, not per letter
    page.select_business(page.model.rows()[2].id)  # NHÀ NGHỈ SAO MAI
    assert _selected_name(page) == "NHÀ NGHỈ SAO MAI"
    qtbot.keyClicks(page.search_edit, "nha")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert _selected_name(page) == "NHÀ NGHỈ SAO MAI"  # a new filter is a layout change, not a reset
    assert page.edit_action.isEnabled()
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names(page) == ["NHÀ NGHỈ SAO MAI", "Nhà nghỉ Hoàng Long"]
    assert page.table.currentIndex().row() == 0 and _selected_name(page) == "NHÀ NGHỈ SAO MAI"
    qtbot.keyClicks(page.search_edit, " hoang")  # the selected business is filtered out: nothing selected
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _selected_name(page) is None and not page.edit_action.isEnabled()


def test_commitment_column_filling_in_keeps_the_selection(qtbot: QtBot, page: BusinessPage) -> None:
    target = page.model.rows()[1].id
    page.select_business(target)
    page.model.set_commitment_states({row.id: "never" for row in page.model.rows()})
    assert page.selected_id() == target
    assert page.model.index(0, 8).data() != ""


def test_a_column_is_keyed_once_however_often_it_is_sorted_by(
    qtbot: QtBot, page: BusinessPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.models import business_table

    # Every column is ranked on the worker once the rows are in (one a job); after that, no sort keys again.
    qtbot.waitUntil(lambda: page.model.ranked_columns() == list(range(8)), timeout=20000)
    keyed: list[str] = []
    real = business_table.column_sort_keys

    def counting(rows: object, column: str) -> list[str]:
        keyed.append(column)
        return real(rows, column)  # type: ignore[arg-type]

    monkeypatch.setattr(business_table, "column_sort_keys", counting)
    for column in (4, 0, 4, 3, 4, 0, 3):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            page.table.sortByColumn(column, order)
    assert keyed == []
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    owners = [page.model.index(r, 4).data() for r in range(page.model.rowCount())]
    assert owners == ["Trần Văn An", "Nguyễn Thị Bình", "Lê Văn Bình", "Đỗ Đức Dũng"]


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_an_edited_or_added_row_takes_its_place_in_the_sort(
    qtbot: QtBot, page: BusinessPage, gui_services: Services, order: Qt.SortOrder
) -> None:
    from desktop_app.domain.businesses import column_sort_keys

    def by_name(rows: list[BusinessRow]) -> list[BusinessRow]:
        keys = column_sort_keys(rows, "name")
        return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]

    page.table.sortByColumn(0, order)
    first = page.model.rows()[0]
    for name in ("Zen Spa", "Ba Vì", "Nhà nghỉ Hoàng Long B", "Ăn uống Ánh Dương"):
        page.model.upsert_row(first._replace(name=name))
        expected = by_name(page.model.rows())
        if order == Qt.SortOrder.DescendingOrder:
            expected.reverse()
        assert names(page) == [r.name for r in expected], name
    created = gui_services.businesses.create(sample_input(gui_services, name="Cà phê Mộc", owner_name="Hà"))
    page.model.upsert_row(gui_services.businesses.row(created))
    assert "Cà phê Mộc" in names(page) and page.model.total_count() == 5
    expected = by_name(page.model.rows())
    assert names(page) == [r.name for r in (expected[::-1] if order.value else expected)]


def test_table_model_passes_qt_model_tester_while_filtered_sorted_and_edited(
    qtmodeltester: object, page: BusinessPage
) -> None:
    model = page.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_filter(model.current_filter.__class__(query="nha"))
    model.sort(4, Qt.SortOrder.DescendingOrder)
    model.set_commitment_states({row.id: "covered" for row in model.rows()})
    model.upsert_row(model.rows()[0]._replace(name="Nhà nghỉ Zen"))
    model.set_filter(model.current_filter.__class__(query="", show_voided=True))
    model.set_inspection_flags({})
    assert model.rowCount() == 4


def test_a_second_view_shares_the_rows_and_an_edit_in_either_leaves_the_other_as_it_was(
    qtbot: QtBot, page: BusinessPage
) -> None:
    """The Cam kết list shows the register's rows without copies of them, its index or ranks (about 20 MB
    at 100,000 businesses, #20); a row changed in one view is changed in that view only."""
    register = page.model
    for column in range(8):
        register.sort(column)  # every column ranked, as the background ranking leaves the register
    register.sort(0)
    second = BusinessTableModel()
    second.set_rows_of(register)
    assert second.rows() is register.rows()
    second.set_filter(RegisterFilter(query="nha nghi"))
    before_register, before_second = names(page), _model_names(second)
    assert before_second == ["Nhà nghỉ Hoàng Long", "NHÀ NGHỈ SAO MAI"]

    first = register.rows()[0]
    register.upsert_row(first._replace(name="Zen Spa", search_key="zen spa"))
    assert register.rows() is not second.rows()
    assert names(page) == [n for n in before_register if n != first.name] + ["Zen Spa"]
    assert _model_names(second) == before_second  # the second view still shows the row as it was
    second.sort(0, Qt.SortOrder.DescendingOrder)
    assert _model_names(second) == before_second[::-1]

    third = BusinessTableModel()
    third.set_rows_of(register)
    third.upsert_row(third.rows()[1]._replace(name="A Quán", search_key="a quan"))
    assert "A Quán" not in names(page) and _model_names(third)[0] == "A Quán"
    assert names(page) == [n for n in before_register if n != first.name] + ["Zen Spa"]


def _model_names(model: BusinessTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]
