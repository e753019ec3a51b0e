"""The command line writes UTF-8 whatever the code page, also when its output goes to a pipe or a file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = ("setup", "--unit", "UBND xã Mường Bon", "--province", "Sơn La")
RECOVERY_KEY = re.compile(r"^ {4}([A-Z0-9]{4}-){12}[A-Z0-9]{4}$", re.MULTILINE)


def test_setup_redirected_to_a_file_keeps_the_recovery_key(tmp_path: Path) -> None:
    """`setup … > setup.txt` on a Windows code page (cp1252 stands for it here): the natural way to keep the
    one-time recovery key must keep it, in UTF-8."""
    db = tmp_path / "pcmd.sqlite3"
    out = tmp_path / "setup.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PCMD_", "PYTHONUTF8"))}
    env.update(
        PCMD_USER="quantri",
        PCMD_PASSWORD="mat-khau-thu-nghiem",
        PCMD_DATA_DIR=str(tmp_path / "data"),
        PYTHONIOENCODING="cp1252",
    )
    with out.open("wb") as sink:
        result = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", str(db), *SETUP],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = out.read_bytes().decode("utf-8")  # strict: every byte is UTF-8
    assert "Đã tạo tài khoản quản trị «quantri»" in text
    assert "KHÓA KHÔI PHỤC" in text and RECOVERY_KEY.search(text), text
    assert "Đã lưu hồ sơ đơn vị «UBND xã Mường Bon»" in text
