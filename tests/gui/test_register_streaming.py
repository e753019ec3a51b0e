"""A large register shows its first businesses at once and the rest once read off the GUI thread (#20)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop_app.app import build_main_window
from desktop_app.domain.businesses import BusinessRow
from desktop_app.domain.errors import StorageError
from desktop_app.domain.text import vn_sort_key
from desktop_app.services.app_services import Services
from desktop_app.ui import gc_guard, tasks
from desktop_app.ui.models import business_table
from desktop_app.ui.pages import business_page
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.settings import UiState
from tests.conftest import configure, sample_input

NAMES = ("Nhà nghỉ Hoàng Long", "Karaoke Đức Hưng", "Ăn uống Ánh Dương", "Bida Sao Mai", "Đức Thịnh")


@pytest.fixture
def services(gui_services: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    configure(gui_services)
    for i, name in enumerate(NAMES):
        gui_services.businesses.create(sample_input(gui_services, name=name, registration_number=f"S{i}"))
    monkeypatch.setattr(business_page, "FIRST_ROWS", 2)  # five businesses count as a large register here
    return gui_services


def names(page: BusinessPage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_first_businesses_at_once_then_every_one(qtbot: QtBot, services: Services) -> None:
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    assert page.model.total_count() == 2  # the first two entered, before the rest are read
    assert not page.rows_loaded
    assert names(page) == ["Karaoke Đức Hưng", "Nhà nghỉ Hoàng Long"]  # already in the register's order
    assert page.count_label.text().startswith("Đang tải danh sách…")
    qtbot.waitUntil(lambda: page.rows_loaded)
    assert names(page) == sorted(NAMES, key=vn_sort_key)  # every business, still in the register's order
    assert names(page)[0] == "Ăn uống Ánh Dương"
    assert page.count_label.text() == "5 cơ sở"
    qtbot.waitUntil(lambda: page.commitments_loaded and page.inspections_loaded)
    assert page.model.commitment_state(page.model.row_at(0).id) != ""  # type: ignore[union-attr]


def test_search_typed_while_loading_applies_to_every_business(qtbot: QtBot, services: Services) -> None:
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    page.search_edit.setText("duc")
    page.apply_filter()
    qtbot.waitUntil(lambda: page.rows_loaded)
    assert names(page) == ["Đức Thịnh", "Karaoke Đức Hưng"]
    assert page.count_label.text() == "2 cơ sở (lọc từ 5)"


def test_business_saved_while_loading_is_not_lost(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background read finished before the save: the page reads again rather than show it stale."""
    read, saved = threading.Event(), threading.Event()
    original = services.businesses.rows

    def slow_rows(limit: int | None = None) -> list[BusinessRow]:
        rows = original(limit)
        if limit is None and not read.is_set():
            read.set()
            saved.wait(10)
        return rows

    monkeypatch.setattr(services.businesses, "rows", slow_rows)
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(read.is_set)
    new_id = services.businesses.create(sample_input(services, name="Quán mới", registration_number="S9"))
    page._after_save(new_id)  # what the business dialog's «Lưu» leads to
    saved.set()
    qtbot.waitUntil(lambda: page.rows_loaded)
    assert page.model.total_count() == 6
    assert "Quán mới" in names(page)


def test_garbage_collection_waits_for_the_rows_then_freezes_them(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    collector = gc_guard.gui_collector(QApplication.instance())
    assert collector is not None
    frozen: list[Any] = []
    monkeypatch.setattr(gc_guard.gc, "freeze", lambda: frozen.append(True))
    held_while_read: list[int] = []
    rows = services.businesses.rows

    def read(limit: int | None = None) -> list[BusinessRow]:
        if limit is None:
            held_while_read.append(collector.held)
        return rows(limit)

    monkeypatch.setattr(services.businesses, "rows", read)
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.rows_loaded)
    assert held_while_read == [1]  # no collection walks the rows while the worker builds them
    assert collector.held == 0
    assert frozen


def test_a_register_closed_while_its_rows_load_leaves_collection_on(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window went (signed out) before the rows came: the next window's garbage is still collected."""
    collector = gc_guard.gui_collector(QApplication.instance())
    assert collector is not None
    reading, go_on = threading.Event(), threading.Event()
    rows = services.businesses.rows

    def slow(limit: int | None = None) -> list[BusinessRow]:
        if limit is None:
            reading.set()
            go_on.wait(10)
        return rows(limit)

    monkeypatch.setattr(services.businesses, "rows", slow)
    page = BusinessPage(services)
    runner = page._runner
    page.reload()
    qtbot.waitUntil(reading.is_set)
    assert collector.held == 1
    page.deleteLater()
    qtbot.waitUntil(lambda: not isValid(page))
    go_on.set()
    qtbot.waitUntil(lambda: collector.held == 0)
    del runner


def test_the_register_rows_are_read_before_the_year_so_far(
    qtbot: QtBot, services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start page is shown first, but its year-so-far figures (the longest background job) wait for the
    register's rows and its commitment and inspection columns on the one worker."""
    queued: list[str] = []
    start = tasks.TaskRunner.start

    def spy(runner: tasks.TaskRunner, job: Any, on_success: Any, *args: Any, **kwargs: Any) -> Any:
        queued.append(getattr(on_success, "__name__", ""))
        return start(runner, job, on_success, *args, **kwargs)

    monkeypatch.setattr(tasks.TaskRunner, "start", spy)
    window = build_main_window(services, ui_state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.start_page.report is not None, timeout=20000)
    assert window.business_page.rows_loaded
    dashboard = queued.index("_show_dashboard")
    assert queued.index("arrived") < dashboard
    assert queued.index("_show_commitment_states") < dashboard
    assert queued.index("_show_inspection_flags") < dashboard


def test_the_year_so_far_still_comes_when_a_column_cannot_be_read(
    qtbot: QtBot, services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_day: Any) -> dict[int, str]:
        raise StorageError("Không đọc được dữ liệu.")

    warned: list[str] = []
    monkeypatch.setattr(services.commitments, "states", broken)
    monkeypatch.setattr(
        business_page.QMessageBox, "warning", lambda _parent, title, _text: warned.append(title)
    )
    window = build_main_window(services, ui_state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.start_page.report is not None, timeout=20000)
    assert warned == ["Không tải được cột cam kết"]


def test_commitment_page_takes_the_register_rows_and_their_sort_ranks(
    qtbot: QtBot, services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = build_main_window(services, ui_state)
    qtbot.addWidget(window)
    window.show()
    model = window.business_page.model
    qtbot.waitUntil(lambda: model.ranked_columns() == list(range(8)), timeout=20000)  # ranked in the back
    keyed: list[object] = []
    column_sort_keys = business_table.column_sort_keys

    def counted(rows: Any, column: Any) -> list[str]:
        if rows:  # an empty model sorted when its view is set up costs nothing
            keyed.append(column)
        return column_sort_keys(rows, column)

    monkeypatch.setattr(business_table, "column_sort_keys", counted)
    window.show_commitments("never")
    page = window.commitment_page
    qtbot.waitUntil(lambda: page.coverage is not None)
    assert keyed == []  # the names' collation keys were not computed a second time
    page.show_group(None, "any")
    page.model.set_filter(business_table.RegisterFilter())
    assert [page.model.index(r, 0).data() for r in range(5)] == sorted(NAMES, key=vn_sort_key)


def test_every_column_is_ranked_in_the_background(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.model.ranked_columns() == list(range(8)), timeout=20000)  # not commitment
    keyed: list[object] = []
    monkeypatch.setattr(business_table, "column_sort_keys", lambda rows, column: keyed.append(column) or [])
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # Địa chỉ: a click on its header
    assert keyed == []
    assert page.model.row_at(0) is not None


def test_ranks_computed_before_a_change_are_not_taken(qtbot: QtBot, services: Services) -> None:
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.rows_loaded)
    job = page.model.rank_columns()
    keep = job()
    row = page.model.row_at(0)
    assert row is not None
    page.model.upsert_row(row._replace(address="Bản Mới"))  # an edit while the ranks were computed
    keep()
    assert 3 not in page.model.ranked_columns()


def test_no_column_is_ranked_while_the_clerk_types(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = BusinessPage(services)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.rows_loaded and not page._runner.busy(), timeout=20000)
    monkeypatch.setattr(business_page, "RANK_AFTER_TYPING_S", 3600)
    row = page.model.row_at(0)
    assert row is not None
    page.model.upsert_row(row._replace(address="Bản Mới"))  # an edit: the other columns to rank again
    ranked = page.model.ranked_columns()
    assert ranked == [0]
    page.search_edit.setText("duc")  # typed just now
    page._rank_columns()
    assert not page._runner.busy()  # no ranking job started behind the keystroke
    assert page.model.ranked_columns() == ranked
