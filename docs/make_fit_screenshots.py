r"""Screenshots of windows fitted to a 1366x768 screen at 100 % and 125 % (offscreen, synthetic screen); at
125 % also the typed-in figures dialog of the province example template (report-entered-125.png).

Usage (from the checkout):
    for f in 1 1.25; do QT_SCALE_FACTOR=$f QT_QPA_PLATFORM="offscreen:configfile=docs/fit_screen.json" \
        .venv/bin/python docs/make_fit_screenshots.py docs; done

Pictures last made: 2026-12-07 (when a run changes no picture, update this date and commit it).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QScreen

scale = os.environ.get("QT_SCALE_FACTOR", "1")
AREA = QRect(0, 0, 1093, 582) if scale == "1.25" else QRect(0, 0, 1366, 728)  # the taskbar taken
QScreen.availableGeometry = lambda self: QRect(AREA)  # type: ignore[method-assign]
tag = "125" if scale == "1.25" else "100"

from desktop_app.app import build_main_window, create_application  # noqa: E402
from desktop_app.domain.periods import parse_period  # noqa: E402
from desktop_app.domain.security import ROLE_ADMIN, SYSTEM, UserInput  # noqa: E402
from desktop_app.services.app_services import open_services  # noqa: E402
from desktop_app.ui.dialogs.entered_dialog import COL_VALUE, EnteredDialog  # noqa: E402
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog  # noqa: E402
from desktop_app.ui.dialogs.setup_wizard import SetupWizard  # noqa: E402
from desktop_app.ui.settings import UiState  # noqa: E402

app = create_application()
folder = Path(tempfile.mkdtemp(prefix="pcmd-fit-"))
out = Path(sys.argv[1])
services = open_services(folder / "demo.sqlite3")
services.users.create_first_admin(UserInput("hang.nt", "Nguyễn Thị Hằng", ROLE_ADMIN, "mat-khau-minh-hoa"))
services.users.sign_in("hang.nt", "mat-khau-minh-hoa")
services.demo.fill(300, seed=5)
empty = open_services(folder / "empty.sqlite3", actor=SYSTEM)


def settle() -> None:
    for _ in range(30):
        app.processEvents()


window = build_main_window(services, UiState(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)))
window.show()
window.runner.wait()
settle()
window.runner.wait()
settle()
window.grab().save(str(out / f"fit-{tag}-start.png"))
print("main", window.size())
window.nav.setCurrentRow(window.pages.indexOf(window.business_page))
window.business_page.refresh_commitments()  # normally a moment after the page opens
window.runner.wait()
settle()
window.grab().save(str(out / f"fit-{tag}-register.png"))
wizard = SetupWizard(empty.office)
wizard.show()
settle()
wizard.grab().save(str(out / f"fit-{tag}-wizard.png"))
print("wizard", wizard.size())
wizard.close()
settings = SettingsDialog(services.settings, window, with_cases=True)
settings.show()
settle()
settings.grab().save(str(out / f"fit-{tag}-settings.png"))
print("settings", settings.size())
settings.close()
if tag == "125":  # the typed-in figures of a province's template (resources/report_templates/vi-du-tinh.json)
    province = Path(__file__).resolve().parents[1] / "resources" / "report_templates" / "vi-du-tinh.json"
    services.reports.import_template(province)
    entered = EnteredDialog(services.reports, parse_period("2026S1"), window)
    entered.show()
    settle()
    for key, typed in (("nbd_uoc_tinh_nam_duoi18", "100001"), ("nbd_uoc_tinh_nu_18_30", "23")):
        entered.table.item(entered.keys.index((key, None)), COL_VALUE).setText(typed)
    entered.save()  # refused: what is wrong shown beside the figure, nothing saved
    settle()
    entered.grab().save(str(out / f"report-entered-{tag}.png"))
    print("entered", entered.size())
    entered.close()
window.close()
