"""Take docs/units-dialog.png: the move to the 2025 communes on a pre-2025 city office (Xvfb, 1366x768).

Usage:
    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/make_units_screenshot.py

Pictures last made: 2026-12-07 (when a run changes no picture, update this date and commit it).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.app import create_application
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from desktop_app.ui.dialogs.units_dialog import UnitsDialog
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.units_setup import add_business, legacy_district_office

DOCS = Path(__file__).resolve().parent
BUSINESSES = [
    ("Nhà hàng Kim Phú", "Xã Kim Phú", "Thôn 7"),
    ("Karaoke Sông Lô", "Phường Tân Quang", "Tổ 5"),
    ("Nhà nghỉ Bình Thuận", "Phường Phan Thiết", "Tổ 12"),
    ("Khách sạn Mỹ Lâm", "Phường Mỹ Lâm", "Tổ 3"),
    ("Nhà nghỉ An Tường", "Xã An Tường", "Thôn Cầu Trôi"),
    ("Cơ sở xoa bóp Hưng Thành", "Phường Hưng Thành", "Tổ 8"),
    ("Karaoke Tràng Đà", "Xã Tràng Đà", "Thôn Tân Thành"),
    ("Nhà hàng Lưỡng Vượng", "Xã Lưỡng Vượng", "Thôn Ao Sen"),
]


def main() -> int:
    app = create_application()
    folder = Path(tempfile.mkdtemp(prefix="pcmd-units-"))
    services = open_services(folder / "huyen.sqlite3", actor=SYSTEM)
    legacy_district_office(services, "Tuyên Quang", "Thành phố Tuyên Quang")
    known = {c.name for c in services.office.communes()}
    for name, commune, address in BUSINESSES:
        if commune in known:
            add_business(services, name, commune, address=address)
    state = UiState(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    dialog = UnitsDialog(services.units, TaskRunner(), state)
    dialog.show()

    def shoot() -> None:
        if dialog.preview is None:
            QTimer.singleShot(200, shoot)
            return
        QApplication.processEvents()
        dialog.grab().save(str(DOCS / "units-dialog.png"))
        print("saved", DOCS / "units-dialog.png")
        dialog.close()
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
