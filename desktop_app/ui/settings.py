"""UI state (window geometry, column widths) in QSettings behind a small typed wrapper."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QSettings, QSize


@dataclass(frozen=True)
class ColumnState:
    """A table's columns as the clerk arranged them, by column key: the order shown, the hidden ones and
    the widths set by hand (the others are sized to their content)."""

    order: tuple[str, ...] = ()
    hidden: frozenset[str] = frozenset()
    widths: dict[str, int] = field(default_factory=dict)


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

    def table_columns(self, table: str) -> ColumnState | None:
        """The columns of `table` as last arranged, or None (never arranged, or unreadable)."""
        raw = self._settings.value(f"columns/{table}")
        try:
            value = json.loads(str(raw)) if raw else None
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        order, hidden, widths = value.get("order"), value.get("hidden"), value.get("widths")
        if not isinstance(order, list) or not isinstance(hidden, list) or not isinstance(widths, dict):
            return None
        return ColumnState(
            tuple(str(key) for key in order),
            frozenset(str(key) for key in hidden),
            {str(k): int(v) for k, v in widths.items() if isinstance(v, int) and v > 0},
        )

    def set_table_columns(self, table: str, state: ColumnState) -> None:
        value = {"order": list(state.order), "hidden": sorted(state.hidden), "widths": state.widths}
        self._settings.setValue(f"columns/{table}", json.dumps(value, ensure_ascii=False))

    def import_mapping(self, register: str) -> dict[str, str]:
        """Header text key → field, as the clerk mapped columns before."""
        raw = self._settings.value(f"import/{register}/mapping")
        try:
            value = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def set_import_mapping(self, register: str, mapping: dict[str, str]) -> None:
        self._settings.setValue(f"import/{register}/mapping", json.dumps(mapping, ensure_ascii=False))

    @property
    def last_folder(self) -> str:
        return str(self._settings.value("files/last_folder") or "")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._settings.setValue("files/last_folder", value)

    def window_size(self, key: str) -> QSize | None:
        """The size the clerk last gave the dialog `key`, if any."""
        value = self._settings.value(f"windows/{key}/size")
        return value if isinstance(value, QSize) and value.isValid() else None

    def set_window_size(self, key: str, size: QSize) -> None:
        self._settings.setValue(f"windows/{key}/size", size)

    def sync(self) -> None:
        self._settings.sync()
