"""UI state (window geometry, column widths) in QSettings behind a small typed wrapper."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


class UiState:
    """Typed access to QSettings; tests pass a QSettings on a temporary ini file."""

    VERSION = 1

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()
        if self._settings.value("version") not in (None, self.VERSION, str(self.VERSION)):
            self._settings.clear()
        self._settings.setValue("version", self.VERSION)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) else None

    @property
    def main_geometry(self) -> QByteArray | None:
        return self._bytes("main/geometry")

    @main_geometry.setter
    def main_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("main/geometry", value)

    @property
    def register_header(self) -> QByteArray | None:
        return self._bytes("register/header")

    @register_header.setter
    def register_header(self, value: QByteArray) -> None:
        self._settings.setValue("register/header", value)

    def sync(self) -> None:
        self._settings.sync()
