"""The data opened while the clerk types: what the imports built is frozen on that thread, so that no
collection on the GUI thread walks it after the window appears (#20)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from desktop_app import app as app_module
from desktop_app.services.app_services import open_services


def test_opening_the_data_freezes_what_the_imports_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "data.sqlite3"
    open_services(target).close()  # an existing file, as on every start after the first
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    staged, services = app_module._open(target)
    try:
        assert staged is None and services.users is not None
        assert frozen == [True]
    finally:
        services.close()
