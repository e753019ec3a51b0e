"""The Qt binding must not leak references to None: on CPython 3.11 that aborts the app ("Fatal Python
error: none_dealloc") after some 65,000 Qt calls. PySide6 6.12.0 does; these tests fail on it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window, self_test_qt
from desktop_app.services.app_services import Services
from desktop_app.ui.refcount_probe import IMMORTAL_REFCOUNT, MAX_LOSS, none_refcount_probe
from desktop_app.ui.settings import UiState

ROOT = Path(__file__).resolve().parents[2]
SOAK_BUSINESSES = 3000
SOAK_KEYSTROKES = 5000
SOAK_TIMEOUT_S = 800
REGISTER_KEYSTROKES = 400


def test_probe_finds_no_lost_reference_over_thousands_of_qt_calls(qtbot: QtBot) -> None:
    result = none_refcount_probe(rounds=400)
    assert result.immortal or result.calls == 4000
    assert result.ok, result.describe()


def test_self_test_runs_the_probe(qtbot: QtBot) -> None:
    detail = self_test_qt()
    assert "PySide6" in detail
    assert ("lệnh Qt / Qt calls" in detail) or ("immortal None" in detail)


def test_typing_in_the_register_and_switching_pages_loses_no_reference_to_none(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    gui_services.demo.fill(200, seed=3)
    window = build_main_window(gui_services, ui_state)
    qtbot.addWidget(window)
    window.resize(1093, 574)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        window.runner.wait(30_000)
        QApplication.processEvents()
    window.nav.setCurrentRow(1)
    page = window.business_page
    gc.collect()
    start = sys.getrefcount(None)
    lowest = start
    typed = 0
    for typed, char in enumerate("karaoke nha nghi 0912 " * 20, start=1):
        if typed > REGISTER_KEYSTROKES:
            break
        QTest.keyClick(page.search_edit, char)
        page.apply_filter()
        if typed % 7 == 0:
            QTest.keyClick(page.search_edit, Qt.Key.Key_Backspace)
        page.table.selectRow(0)
        page.table.viewport().repaint()
        lowest = min(lowest, sys.getrefcount(None))
        if start - lowest > MAX_LOSS:  # stop long before None could be freed
            break
    gc.collect()
    assert start - lowest <= MAX_LOSS, f"None lost {start - lowest} references in {typed} keystrokes"


@pytest.mark.timeout(SOAK_TIMEOUT_S + 60)
def test_soak_five_thousand_keystrokes_and_every_page_on_a_large_office(tmp_path: Path) -> None:
    """The real window in its own process: a crash there fails this test instead of the whole run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests/gui/soak_app.py"),
            str(tmp_path),
            str(SOAK_BUSINESSES),
            str(SOAK_KEYSTROKES),
        ],
        capture_output=True,
        text=True,
        timeout=SOAK_TIMEOUT_S,
        env=env,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr[-3000:]}"
    line = next(line for line in done.stdout.splitlines() if line.startswith("refcount-none"))
    start, end = (int(value) for value in line.split()[1:3])
    assert end >= start - MAX_LOSS or start >= IMMORTAL_REFCOUNT, line
