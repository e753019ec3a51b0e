"""The window reads the register description: its navigation lists exactly the described pages a role may
see, a page added to the description appears and is built without touching the window, each register's
import dialog and export take their texts from it, and no widget reaches the storage behind the services."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.security import ROLE_STAFF, Actor
from desktop_app.services import registers
from desktop_app.services.app_services import Services
from desktop_app.ui import registers as register_views
from desktop_app.ui.dialogs.import_dialog import ImportDialog
from desktop_app.ui.registers import PageView, translated
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure
from tests.gui.conftest import show_main_window

ROOT = Path(__file__).resolve().parents[2]


class ExtraPage(QWidget):
    """A page built the usual way, as a new register's page would be."""

    def __init__(self, services: Services, runner: TaskRunner, ui_state: UiState, parent: QWidget) -> None:
        super().__init__(parent)
        self.services = services
        QLabel("Tụ điểm phức tạp", self)


def _nav(window: object) -> list[str]:
    nav = window.nav  # type: ignore[attr-defined]
    return [nav.item(row).text() for row in range(nav.count())]


def test_the_navigation_lists_the_described_pages(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)  # an administrator: every page
    assert _nav(window) == [translated(view.title) for view in register_views.PAGES]
    assert window._page_names == [view.name for view in register_views.PAGES]
    shown = set(window._page_names)
    assert {described.page for described in registers.REGISTERS} <= shown  # every register has its page


def test_a_page_needing_a_permission_is_left_out_for_a_role_without_it(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    from desktop_app.app import build_main_window

    configure(gui_services)
    staff = gui_services.db.actor = Actor(None, "canbo", ROLE_STAFF)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    expected = [v.name for v in register_views.PAGES if v.permission is None or staff.can(v.permission)]
    assert window._page_names == expected
    assert "case_page" not in expected and window.case_page is None


def test_a_page_added_to_the_description_is_shown_and_built_on_its_first_visit(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = PageView("hotspot_page", "Tụ điểm", "tu-diem", f"{__name__}:ExtraPage")
    monkeypatch.setattr(register_views, "PAGES", (*register_views.PAGES, extra))
    window = show_main_window(qtbot, gui_services, ui_state)
    assert _nav(window)[-1] == "Tụ điểm"
    window.go_to_page(window.nav.count() - 1)
    page = window.pages.currentWidget()
    assert isinstance(page, ExtraPage) and page.services is gui_services
    assert window.help_section() == "tu-diem"


def test_each_register_s_import_dialog_takes_its_texts_from_the_description(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = TaskRunner()
    for described in registers.REGISTERS:
        dialog = ImportDialog(gui_services.transfer_for(described.name), runner, ui_state)
        qtbot.addWidget(dialog)
        view = register_views.register_view(described.name)
        assert dialog.windowTitle() == translated(view.import_title)
        assert dialog._noun == translated(view.noun)
        assert dialog._template_name == described.template_file
    assert "tuyên truyền" in register_views.register_view("communication").import_title  # not «cơ sở»
    extra = replace(registers.register("training"), name="hotspots", noun="tụ điểm")
    monkeypatch.setattr(registers, "REGISTERS", (*registers.REGISTERS, extra))
    assert register_views.register_view("hotspots").import_title == "Nhập danh sách tụ điểm từ Excel"


def test_no_widget_reaches_the_storage_behind_the_services() -> None:
    reaching = re.compile(r"services\.db\b|\.db\.actor\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "desktop_app" / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if reaching.search(line)
    ]
    assert found == []
