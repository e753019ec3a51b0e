"""Opening the data sets up the ORM mappers: the first query after «Đăng nhập» does not pay for it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_open_database_configures_the_mappers(tmp_path: Path) -> None:
    # A process of its own: in the test process some earlier test has long configured them.
    code = textwrap.dedent(
        f"""
        from sqlalchemy import inspect
        from desktop_app.storage.migrate import open_database
        from desktop_app.storage.models import BusinessRecord
        assert not inspect(BusinessRecord).configured
        db = open_database({str(tmp_path / "data.sqlite3")!r}, encrypt_new=False)
        print(inspect(BusinessRecord).configured)
        db.engine.dispose()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"
