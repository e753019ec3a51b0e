"""PySide6 looks at every module imported after it for the text "PySide6"; its own check kept each module's
whole source in `linecache` (about 30 MB once the services and their libraries are loaded)."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import desktop_app.ui  # noqa: F401
from desktop_app.ui.import_check import lighter_import_check, uses_pyside


@pytest.fixture
def module_folder(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def test_an_imported_module_leaves_no_source_behind(module_folder: Path) -> None:
    feature = sys.modules["shibokensupport.feature"]
    (module_folder / "pcmd_plain_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    (module_folder / "pcmd_qt_module.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    plain = __import__("pcmd_plain_module")  # an import statement, as PySide6's hook sees it
    qt = __import__("pcmd_qt_module")
    assert str(module_folder / "pcmd_plain_module.py") not in linecache.cache
    assert str(module_folder / "pcmd_qt_module.py") not in linecache.cache
    # PySide6's feature switching sees the two modules as its own check saw them
    assert feature.pyside_feature_dict["pcmd_plain_module"] == -1
    assert feature.pyside_feature_dict["pcmd_qt_module"] == 0
    assert (uses_pyside(plain), uses_pyside(qt)) == (False, True)


def test_modules_without_a_source_file_do_not_use_pyside() -> None:
    assert not uses_pyside(sys)  # built in
    assert lighter_import_check()  # this PySide6 has the check it replaces
