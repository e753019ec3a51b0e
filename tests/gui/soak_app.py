"""Soak run of the real main window, in its own process: a demo office, every page opened, then thousands
of keystrokes typed into the register search. A Qt binding that leaks references to None makes this process
abort ("Fatal Python error: none_dealloc"), which the calling test reports.

    python tests/gui/soak_app.py FOLDER BUSINESSES KEYSTROKES

Prints one line `refcount-none START END` on success."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.app import build_main_window, create_application
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner

# What a clerk types: words, digits, corrections and clearing the box.
TYPING = "nha nghi\b\b\b\b\b\b\b\bkaraoke 12\b\b\b\b\b\b\b\b\b\bmai son 0912\b\b\b\b\b\b\b\b\b\b\b\b"
PAGE_WAIT_S = 60.0
MIN_SETTLE_S = 0.5


def _settle(app: QApplication, runner: TaskRunner) -> None:
    """Process events until the page's delayed loads have started and the background work is done."""
    started = time.monotonic()
    while time.monotonic() - started < PAGE_WAIT_S:
        app.processEvents()
        if time.monotonic() - started > MIN_SETTLE_S and not runner.busy():
            app.processEvents()
            return
        time.sleep(0.01)


def main(folder: Path, businesses: int, keystrokes: int) -> int:
    services = open_services(folder / "soak.sqlite3", actor=SYSTEM, encrypt_new=False)
    try:
        services.demo.fill(businesses, seed=7)
        app = create_application()
        window = build_main_window(
            services, UiState(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
        )
        window.resize(1093, 574)
        window.show()
        start = sys.getrefcount(None)
        for row in range(window.nav.count()):  # every page, Kiểm tra included, loaded in full
            window.nav.setCurrentRow(row)
            _settle(app, window.runner)
        window.nav.setCurrentRow(1)
        page = window.business_page
        page.search_edit.setFocus()
        for n in range(keystrokes):
            char = TYPING[n % len(TYPING)]
            if char == "\b":
                QTest.keyClick(page.search_edit, Qt.Key.Key_Backspace)
            else:
                QTest.keyClick(page.search_edit, char)
            page.apply_filter()  # as the search timer does after each pause in typing
            app.processEvents()
        print(f"refcount-none {start} {sys.getrefcount(None)} rows {page.model.rowCount()}")
        window.close()
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
