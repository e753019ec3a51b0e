"""Opening a database safely: checks, a copy aside before any upgrade, then Alembic migrations to head."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, column, inspect, select, table
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import configure_mappers

from desktop_app.domain.errors import KeyMissingError, StorageError
from desktop_app.storage import keys
from desktop_app.storage.db import (
    SQLITE_HEADER,
    Database,
    create_engine_for,
    database_url,
    sqlite_path,
    storage_error_from,
)
from desktop_app.storage.files import create_private, remove_data_parts

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

NOT_OUR_DATABASE = "Tệp «{name}» không phải là cơ sở dữ liệu của PCMD Desk. Tệp được giữ nguyên."
NEWER_VERSION = (
    "Cơ sở dữ liệu được tạo bởi một phiên bản PCMD Desk mới hơn phiên bản đang chạy. "
    "Hãy cài phiên bản mới; dữ liệu được giữ nguyên."
)
READ_ONLY = "Tệp dữ liệu «{name}» chỉ cho phép đọc nên không thể mở để làm việc. Tệp được giữ nguyên."


if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_LINE = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_LINE = re.compile(r"^down_revision\s*=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the migrations shipped inside the package."""
    from alembic.config import Config  # Alembic loads only when a migration has to run (start-up time)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _revision_graph() -> dict[str, str | None]:
    """revision → down_revision, read from the shipped scripts without importing Alembic."""
    graph: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION_LINE.search(text), _DOWN_LINE.search(text)
        if revision and down:
            graph[revision.group(1)] = down.group(1)
    return graph


def known_revisions() -> set[str]:
    return set(_revision_graph())


def head_revision() -> str:
    graph = _revision_graph()
    parents = {down for down in graph.values() if down}
    heads = [rev for rev in graph if rev not in parents]
    assert len(heads) == 1, heads
    return heads[0]


_VERSION_TABLE = table("alembic_version", column("version_num"))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(select(_VERSION_TABLE.c.version_num)).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to `revision` in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def _check_sqlite_file(path: Path, encrypt_new: bool) -> bytes | None:
    """Refuse a file that is not SQLite, is read-only, or is not ours, before anything writes to it.

    Returns the key of an encrypted file (None for a plain one); a new file with `encrypt_new` gets a new
    key, kept in the key file beside it. Raises StorageError, KeyMissingError.
    """
    name = path.name
    if path.is_dir():
        raise StorageError(NOT_OUR_DATABASE.format(name=name))
    if not path.exists() or path.stat().st_size == 0:
        directory = path.parent
        if not directory.exists():
            try:
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # the owner's only
            except OSError as err:
                raise StorageError(f"Không tạo được thư mục dữ liệu «{directory}».") from err
        if not os.access(directory, os.W_OK):
            raise StorageError(f"Không có quyền ghi vào thư mục dữ liệu «{directory}».")
        try:
            create_private(path)  # readable by its owner only (its -wal and -shm take the same mode)
        except OSError as err:
            raise StorageError(f"Không tạo được tệp dữ liệu trong thư mục «{directory}».") from err
        if not encrypt_new:
            return None
        try:
            key = keys.load_key(path)  # a key file left from before: its backups keep opening
        except KeyMissingError:
            key = keys.new_key()
            keys.save_key(path, key)
        return key
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as err:
        raise StorageError(f"Không đọc được tệp dữ liệu «{name}».") from err
    if header != SQLITE_HEADER and path.stat().st_size % 512:  # SQLCipher files are whole pages
        raise StorageError(NOT_OUR_DATABASE.format(name=name))
    existing = None if header == SQLITE_HEADER else keys.load_key(path)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StorageError(READ_ONLY.format(name=name))
    # Read the schema in read-only mode so a foreign file is never touched.
    try:
        conn = keys.connect(path, existing, readonly=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except keys.DRIVER_ERRORS as err:
        if existing is not None:  # the key file beside it is not this file's key
            raise KeyMissingError(keys.MISSING_KEY.format(name=name, key=keys.key_file(path).name)) from err
        raise StorageError(NOT_OUR_DATABASE.format(name=name)) from err
    if tables and "alembic_version" not in tables:
        raise StorageError(NOT_OUR_DATABASE.format(name=name))
    return existing


def backup_before_upgrade(path: Path, from_revision: str, key: bytes | None = None) -> Path:
    """Copy the file aside (with its WAL content checkpointed, encrypted like it) before migrating it;
    returns the copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.truoc-nang-cap-{from_revision}-{stamp}{path.suffix}")
    try:
        create_private(target)
        source = keys.connect(path, key)
        try:
            dest = keys.connect(target, key)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except keys.DRIVER_OR_OS_ERRORS as err:
        raise StorageError(
            "Không sao lưu được dữ liệu trước khi nâng cấp (ổ đĩa đầy hoặc không có quyền ghi). "
            "Dữ liệu được giữ nguyên."
        ) from err
    if not target.exists():  # pragma: no cover - sqlite3 always creates it
        shutil.copy2(path, target)
    return target


def open_database(
    target: str | os.PathLike[str] | URL, *, migrate: bool = True, encrypt_new: bool = True
) -> Database:
    """Open (creating if needed) and upgrade the database at `target`. A new SQLite file is encrypted with a
    new key unless `encrypt_new` is False. Raises StorageError, KeyMissingError."""
    url = target if isinstance(target, URL) else database_url(target)
    path = sqlite_path(url)
    key = _check_sqlite_file(path, encrypt_new) if path is not None else None
    if path is not None:
        remove_data_parts(path)  # what a killed decrypt (a plain copy) or restore left beside it
    engine = create_engine_for(url, key)
    try:
        revision = current_revision(engine)
        if revision is None and path is None:
            with engine.connect() as conn:
                if inspect(conn).get_table_names():
                    raise StorageError(NOT_OUR_DATABASE.format(name=url.database or ""))
        if revision is not None and revision not in known_revisions():
            raise StorageError(NEWER_VERSION)
        if migrate and revision != head_revision():
            if revision is not None and path is not None:
                backup_before_upgrade(path, revision, key)
            upgrade(engine)
    except StorageError:
        engine.dispose()
        raise
    except SQLAlchemyError as err:
        engine.dispose()
        raise storage_error_from(err) from err
    # The mappers are set up here (about 0.1 s), on the thread that opens the data while the clerk types,
    # rather than by the first query after «Đăng nhập».
    configure_mappers()
    return Database(url, engine, key=key)
