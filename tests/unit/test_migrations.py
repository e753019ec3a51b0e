"""Migrations: drift between models and migrations, upgrade of an old file, refusal of foreign files."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop_app.domain.errors import StorageError
from desktop_app.storage.db import create_engine_for, database_url
from desktop_app.storage.migrate import current_revision, head_revision, open_database, upgrade
from desktop_app.storage.models import Base
from tests.conftest import raw_connect


def test_models_and_migrations_do_not_drift(db_target: str) -> None:
    db = open_database(db_target)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.dispose()


def _file_at_first_revision(path: Path) -> None:
    engine = create_engine_for(database_url(path))
    upgrade(engine, "0001")
    now = datetime(2025, 1, 1, 8, 0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO business_type (id, code, name, synonyms, active, sort_order) "
                "VALUES (1, 'NN', 'Nhà nghỉ', '', 1, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO commune (id, name, code, search_key, active, sort_order) "
                "VALUES (1, 'Xã Mường Bon', '', 'muong bon', 1, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO business (id, name, type_id, commune_id, address, owner_name, owner_id_number, "
                "owner_phone, registration_number, sub_licences, status, complex_area, notes, search_key, "
                "voided, void_reason, created_at, updated_at) "
                "VALUES (1, 'Nhà nghỉ Cũ', 1, 1, '', '', '', '', '', '', 'active', 0, '', 'nha nghi cu', "
                "0, '', :now, :now)"
            ),
            {"now": now},
        )
    assert current_revision(engine) == "0001"
    engine.dispose()


def test_upgrade_of_a_file_made_by_the_first_migration(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _file_at_first_revision(path)
    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM business")).scalars().all()
            tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
        assert names == ["Nhà nghỉ Cũ"]
        assert {"review_round", "review_check", "change_log"} <= tables
    finally:
        db.dispose()
    copies = list(tmp_path.glob("pcmd.truoc-nang-cap-0001-*.sqlite3"))
    assert len(copies) == 1  # copied aside before the upgrade
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT name FROM business").fetchall() == [("Nhà nghỉ Cũ",)]


def test_no_backup_for_a_new_or_current_file(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_database(path).dispose()
    open_database(path).dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if "truoc" in p.name) == []


def test_newer_version_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    open_database(path).dispose()
    conn = raw_connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="phiên bản PCMD Desk mới hơn"):
        open_database(path)
    assert path.read_bytes() == before


def test_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Day khong phai co so du lieu\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StorageError, match="không phải là cơ sở dữ liệu"):
        open_database(path)
    assert path.read_bytes() == before


def test_someone_elses_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="không phải là cơ sở dữ liệu"):
        open_database(path)
    assert path.read_bytes() == before


def test_read_only_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pcmd.sqlite3"
    open_database(path).dispose()
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK and Path(p) == path else real_access(p, mode)
    )
    with pytest.raises(StorageError, match="chỉ cho phép đọc"):
        open_database(path)
    assert path.read_bytes() == before


def test_locked_database_gives_a_clear_message(tmp_path: Path) -> None:
    from desktop_app.domain.businesses import BusinessInput
    from desktop_app.domain.security import SYSTEM
    from desktop_app.services.app_services import open_services
    from tests.conftest import configure, raw_connect

    services = open_services(tmp_path / "pcmd.sqlite3", actor=SYSTEM)
    configure(services)
    commune = services.office.communes()[0].id
    kind = services.office.business_types()[0].id
    blocker = raw_connect(tmp_path / "pcmd.sqlite3")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        import desktop_app.storage.db as db_module

        services.db.engine.dispose()
        original = db_module.BUSY_TIMEOUT_MS
        db_module.BUSY_TIMEOUT_MS = 50
        try:
            with pytest.raises(StorageError, match="đang bị khóa"):
                services.businesses.create(BusinessInput("Karaoke A", kind, commune))
        finally:
            db_module.BUSY_TIMEOUT_MS = original
    finally:
        blocker.rollback()
        blocker.close()
    assert services.businesses.rows() == []
    services.close()


def test_revision_graph_read_from_files_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from desktop_app.storage.migrate import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == head_revision()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}
