"""Database location, engine set-up (SQLite PRAGMAs or PostgreSQL) and units of work."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.domain.audit import ChainHead
from desktop_app.domain.errors import StorageError
from desktop_app.domain.security import Actor, NotSignedIn, PermissionDenied
from desktop_app.storage import keys
from desktop_app.storage.audit_anchor import save_anchor

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

# A unit of work as the layers above name it: services receive one from `Database.unit_of_work()` and pass
# it on to repositories without querying it, so only storage imports SQLAlchemy.
Transaction: TypeAlias = Session
# Every error reading or writing a database can raise: the SQLite/SQLCipher drivers' own and SQLAlchemy's.
DATABASE_ERRORS: tuple[type[Exception], ...] = (*keys.DRIVER_ERRORS, SQLAlchemyError)


def database_url(target: str | os.PathLike[str]) -> URL:
    """A SQLAlchemy URL from a file path or a URL string (`postgresql+psycopg://…`, `sqlite:///…`)."""
    text = os.fspath(target)
    if "://" in text:
        try:
            return make_url(text)
        except Exception as err:
            raise StorageError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {text}") from err
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _sqlite_pragmas(key: bytes | None) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if key is not None:
            cursor.execute(keys.QUIET)
            cursor.execute(keys.key_pragma(key))  # before anything reads the encrypted file
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def create_engine_for(url: URL, key: bytes | None = None) -> Engine:
    """An engine with foreign keys, WAL and a busy timeout on SQLite (through SQLCipher when the file has a
    key); pre-ping on servers."""
    if url.get_backend_name() == "sqlite":
        options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
        if key is not None:
            import sqlcipher3

            options["module"] = sqlcipher3.dbapi2
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas(key))
        return engine
    if url.get_backend_name() == "postgresql":
        # The register's queries are short; PostgreSQL's JIT spends more compiling them than it saves.
        return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"})
    return create_engine(url, pool_pre_ping=True)


def storage_error_from(err: BaseException) -> StorageError:
    """Turn a driver error into a message a clerk understands."""
    text = str(getattr(err, "orig", err)).lower()
    if "locked" in text or "busy" in text:
        message = "Cơ sở dữ liệu đang bị khóa bởi người dùng hoặc chương trình khác. Hãy thử lại sau ít phút."
    elif "readonly" in text or "read-only" in text or "read only" in text:
        message = "Tệp dữ liệu chỉ cho phép đọc nên không thể ghi. Hãy kiểm tra quyền ghi của thư mục."
    elif "disk is full" in text or "database or disk is full" in text or "no space" in text:
        message = "Ổ đĩa đã đầy: không ghi được dữ liệu. Hãy giải phóng dung lượng rồi thử lại."
    elif "not a database" in text or "malformed" in text or "encrypted" in text:
        message = "Tệp dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu của PCMD Desk."
    elif "could not connect" in text or "connection refused" in text or "connection" in text:
        message = "Không kết nối được máy chủ cơ sở dữ liệu. Hãy kiểm tra mạng và địa chỉ máy chủ."
    else:
        message = "Lỗi cơ sở dữ liệu: không thực hiện được thao tác. Dữ liệu chưa bị thay đổi."
    return StorageError(message)


@dataclass
class Database:
    """An opened database: the engine, a factory of units of work, and who is signed in to work on it.

    `actor` is set by signing in (services/users.py) and cleared by signing out; the change log records it.
    """

    url: URL
    engine: Engine
    actor: Actor | None = field(default=None, compare=False)
    # The SQLCipher key of an encrypted file (None: plain SQLite or a server).
    key: bytes | None = field(default=None, compare=False, repr=False)
    # Transactions committed through this object: tells a caller whether a failed action wrote anything.
    commits: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._open = threading.local()  # the unit of work this thread is inside, if any

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error; driver errors become StorageError.

        Inside another unit of work on the same thread it joins that one (same session, committed or rolled
        back with it), so a use case made of several service calls is still one transaction.
        """
        enclosing: Session | None = getattr(self._open, "session", None)
        if enclosing is not None:
            yield enclosing
            return
        session = self._sessions()
        self._open.session = session
        from desktop_app.storage.repositories.audit import SEALED_HEAD, seal  # models import this Base

        try:
            yield session
            seal(session, self.actor.username if self.actor else "")
            session.commit()
            self.commits += 1
            sealed = session.info.pop(SEALED_HEAD, None)
        except (OperationalError, DBAPIError) as err:
            session.rollback()
            raise storage_error_from(err) from err
        except SQLAlchemyError as err:
            session.rollback()
            raise storage_error_from(err) from err
        except BaseException:
            session.rollback()
            raise
        finally:
            self._open.session = None
            session.close()
        if sealed is not None:
            self._anchor(sealed)

    def _anchor(self, head: ChainHead) -> None:
        """Keep the chain's new head beside the file too (after the commit: the change stands either way; a
        head not written leaves the previous one, which the log still extends)."""
        path = sqlite_path(self.url)
        if path is None:
            return
        try:
            save_anchor(path, head)
        except StorageError:
            log.warning("the change log's head was not written beside the database")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (rolled back at the end)."""
        session = self._sessions()
        try:
            yield session
        except (OperationalError, DBAPIError) as err:
            raise storage_error_from(err) from err
        finally:
            session.rollback()
            session.close()

    def require(self, permission: str) -> Actor:
        """The signed-in actor, if its role allows `permission`; else PermissionDenied / NotSignedIn.

        An account's role, whether it is still active and whether it must change its password are read
        again on every check: a change an administrator makes (here or on another PC) holds at once.
        """
        actor = self.actor
        if actor is None:
            raise NotSignedIn()
        if actor.user_id is not None:
            actor = self._refreshed(actor)
        actor.require(permission)
        return actor

    def _refreshed(self, actor: Actor) -> Actor:
        with self.read() as session:
            row = session.execute(
                text("SELECT role, active, must_change_password FROM app_user WHERE id = :id"),
                {"id": actor.user_id},
            ).first()
        if row is None or not row[1]:
            self.actor = None
            raise PermissionDenied("Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.")
        if row[2]:
            raise PermissionDenied("Tài khoản phải đổi mật khẩu trước khi làm việc.")
        if row[0] != actor.role:
            actor = Actor(actor.user_id, actor.username, str(row[0]))
            self.actor = actor
        return actor

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def location(self) -> str:
        """Where the data lives, without a password, for display."""
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()
