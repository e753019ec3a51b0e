"""The demo generator's output is pinned: the same seed on the same day writes the same rows, byte for byte,
whatever the generator's code and word lists are reorganised into."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from desktop_app.services.app_services import Services
from desktop_app.services.demo import DemoService
from tests.conftest import FixedClock, raw_connect

NOW = datetime(2026, 11, 23, 9, 0)
# Who changed what, accounts and settings carry salts or hashes of their own; business_latest_status is
# derived from business_status_event (the storage keeps it beside the events); every other table is data.
NOT_DATA = {"change_log", "app_user", "app_setting", "alembic_version", "business_latest_status"}
# Computed on the generator as it was in desktop_app/services/ before it moved to desktop_app/demo/.
FINGERPRINT = "b8b3c159168d449d6066db5a079a7b86f698b8c739e574f989704d6ac719ebdf"


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    conn = raw_connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name not in NOT_DATA and not name.startswith("sqlite_")
        ]
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()
            if not rows:  # a table the demo leaves empty (a later migration's) does not change the data
                continue
            digest.update(table.encode())
            for row in rows:
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


def test_the_same_seed_writes_the_same_data(sqlite_services: Services, tmp_path: Path) -> None:
    assert DemoService(sqlite_services.db, now=FixedClock(NOW)).fill(60, seed=11) == 60
    sqlite_services.close()
    assert fingerprint(tmp_path / "pcmd.sqlite3") == FINGERPRINT
