"""The Qt part of `--self-test`: bundled font, Vietnamese buttons, every UI module importable."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.app import self_test_qt


def test_qt_self_test_reports_font_and_translation(qtbot: QtBot) -> None:
    detail = self_test_qt()
    assert "Be Vietnam Pro" in detail
    assert "Cancel → Hủy" in detail
