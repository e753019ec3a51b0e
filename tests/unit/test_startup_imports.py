"""Start-up loads only what the first screen needs: the sign-in window comes before the readers and writers
(openpyxl, numpy, reportlab), the imports and exports, the demo generator and the administrative-unit
tables are imported, and importing the accounts service computes no Argon2 hash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop_app.domain.security import ROLE_ADMIN, SYSTEM, UserInput
from desktop_app.services.app_services import open_services
from tests.conftest import configure

ROOT = Path(__file__).resolve().parents[2]

# Runs the real entry point (`python -m desktop_app --db PATH`); the sign-in window, once shown, writes which
# of the heavy modules were loaded by then and is cancelled, so that the app ends.
TO_SIGN_IN = r"""
import json, runpy, sys
from desktop_app.ui.dialogs import account_dialogs

SEEN, DB = sys.argv[1], sys.argv[2]

HEAVY_ROOTS = ("openpyxl", "numpy", "reportlab", "vietnam_provinces", "xlrd", "msoffcrypto")
HEAVY_PACKAGES = (
    "desktop_app.exports", "desktop_app.imports", "desktop_app.services.demo", "desktop_app.demo",
    "desktop_app.cli",
)

def shown(self):
    loaded = sorted(
        name for name in sys.modules
        if name.split(".")[0] in HEAVY_ROOTS or name.startswith(HEAVY_PACKAGES)
    )
    with open(SEEN, "w", encoding="utf-8") as out:
        json.dump({"title": self.windowTitle(), "loaded": loaded}, out)
    return 0  # Rejected: the clerk closes the sign-in window

account_dialogs.LoginDialog.exec = shown
sys.argv = ["desktop_app", "--db", DB]
runpy.run_module("desktop_app", run_name="__main__", alter_sys=True)
"""


def test_the_sign_in_window_comes_before_exports_imports_and_the_demo(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite3"
    services = open_services(db, actor=SYSTEM)
    try:
        configure(services)
        admin = UserInput("quantri", "Nguyễn Thị Hằng", ROLE_ADMIN, "Mat-khau-1234")
        services.users.create_first_admin(admin)
    finally:
        services.close()
    seen = tmp_path / "seen.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PCMD_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-c", TO_SIGN_IN, str(seen), str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert seen.exists(), "the sign-in window was not shown: " + result.stderr
    report = json.loads(seen.read_text(encoding="utf-8"))
    assert report["loaded"] == []


def test_importing_the_accounts_service_computes_no_password_hash() -> None:
    code = (
        "import argon2\n"
        "def refuse(*_args, **_kwargs):\n"
        "    raise SystemExit('an Argon2 hash was computed at import')\n"
        "argon2.PasswordHasher.hash = refuse\n"
        "import desktop_app.services.users\n"
        "import desktop_app.services.app_services\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
