"""Migration 0014: the support cases of an office made before it keep their consent and have no withdrawal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url, text

from desktop_app.storage.db import create_engine_for, database_url
from desktop_app.storage.migrate import upgrade


def test_existing_cases_get_no_withdrawal(db_target: str) -> None:
    url = make_url(db_target) if "://" in db_target else database_url(Path(db_target))
    engine = create_engine_for(url)
    try:
        upgrade(engine, "0013")
        now = datetime(2026, 3, 1, 8, 0)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO commune (id, name, code, search_key, active, sort_order, unit_list) VALUES "
                    "(1, 'Xã Mường Bon', '', 'xa muong bon', TRUE, 0, '')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO support_case (id, code, year, number, intake_date, commune_id, "
                    "referral_source, needs, consent_on, consent_way, assigned_worker, status, close_reason, "
                    "notes, deidentified, created_at, updated_at) VALUES (1, 'HS-2026-0001', 2026, 1, "
                    "'2026-02-03', 1, '', '', '2026-02-03', 'van_ban', '', 'dang_ho_tro', '', '', FALSE, "
                    ":now, :now)"
                ),
                {"now": now},
            )
        upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT consent_way, consent_withdrawn_on, consent_withdrawn_way, consent_withdrawn_note "
                    "FROM support_case"
                )
            ).one()
        assert tuple(row) == ("van_ban", None, "", "")
    finally:
        engine.dispose()
