"""The PySide6 user interface; the only layer that imports Qt."""

from desktop_app.ui.import_check import lighter_import_check

lighter_import_check()
