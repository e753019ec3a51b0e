"""Backups of the office's database: automatic (daily and when the app closes), manual to a chosen folder (a
USB stick), the integrity check, and restore after a safety copy. Every backup folder also keeps the scanned
copies of signed commitments (`attachments`), one copy of each."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop_app.domain.errors import Cancelled, KeyMissingError, StorageError
from desktop_app.domain.security import PERM_ADMIN, PERM_EDIT, PERM_READ, Actor, PermissionDenied
from desktop_app.services.access import requires
from desktop_app.storage import attachments as attachment_files
from desktop_app.storage import audit_anchor, keys
from desktop_app.storage import backup as store
from desktop_app.storage.attachments import ATTACHMENTS_FOLDER_NAME
from desktop_app.storage.backup import BackupFile
from desktop_app.storage.db import DATABASE_ERRORS, Database, create_engine_for, database_url, sqlite_path
from desktop_app.storage.migrate import current_revision, head_revision, upgrade
from desktop_app.storage.repositories import audit as audit_repo

log = logging.getLogger(__name__)
BACKUP_FOLDER_NAME = "sao-luu"
SERVER_MESSAGE = (
    "Dữ liệu nằm trên máy chủ PostgreSQL: hãy sao lưu bằng công cụ của máy chủ (pg_dump) theo hướng dẫn "
    "của người quản trị máy chủ."
)
Progress = Callable[[int, int], None]


def _noop(_done: int, _total: int) -> None:
    return None


class BackupService:
    """Safe to call from a worker thread, except `restore`, which needs every connection closed."""

    def __init__(self, db: Database, folder: Path | None = None, now: Callable[[], datetime] = datetime.now):
        self._db = db
        self._live = sqlite_path(db.url)
        self._folder = folder
        self._now = now

    @property
    def available(self) -> bool:
        """Backups are the app's business for a SQLite file; a server has its own."""
        return self._live is not None

    @property
    def folder(self) -> Path:
        """The automatic backups' folder: `sao-luu` beside the database file, unless set otherwise."""
        return self._folder or (self._live_path().parent / BACKUP_FOLDER_NAME)

    def _live_path(self) -> Path:
        if self._live is None:
            raise StorageError(SERVER_MESSAGE)
        return self._live

    def _attachments(self) -> Path:
        """The scanned copies beside the database; every backup folder keeps them beside its copies."""
        return self._live_path().parent / ATTACHMENTS_FOLDER_NAME

    @requires(PERM_READ)
    def backups(self) -> list[BackupFile]:
        """The backups in the automatic folder, newest first."""
        return store.list_backups(self.folder) if self.available else []

    @requires(PERM_EDIT)
    def backup_now(
        self,
        target_dir: str | Path | None = None,
        progress: Progress = _noop,
        cancel: threading.Event | None = None,
    ) -> Path:
        """A verified copy in `target_dir` (default: the automatic folder). Raises StorageError, Cancelled."""
        folder = Path(target_dir) if target_dir is not None else self.folder
        cancelled = cancel.is_set if cancel else None
        made = store.make_backup(
            self._live_path(),
            folder,
            self._now(),
            progress=progress,
            cancelled=cancelled,
            key=self._db.key,
        )
        try:  # a copy of everything is an export: it is in the change log, or it is not kept
            with self._db.unit_of_work() as session:
                audit_repo.log_change(session, "export", 0, "backup", {"kind": "database"}, self._now())
        except StorageError:
            made.unlink(missing_ok=True)
            raise
        try:  # the scans follow the logged copy; the database copy stands whatever happens to them
            attachment_files.mirror(self._attachments(), folder / ATTACHMENTS_FOLDER_NAME, cancelled)
        except Cancelled as err:
            raise Cancelled(
                f"Đã hủy khi đang chép các bản chụp; bản sao dữ liệu đã ghi xong ở «{made}»."
            ) from err
        except StorageError as err:
            raise StorageError(
                f"Đã sao lưu dữ liệu vào «{made}» nhưng chưa chép đủ các bản chụp: {err.message}"
            ) from err
        return made

    @requires(PERM_READ)
    def automatic(self, closing: bool) -> Path | None:
        """When the app closes, or the first time in a day: a backup in the automatic folder, then the old
        ones pruned. Returns the new backup, or None when today's exists already. Raises StorageError."""
        if not self.available:
            return None
        now = self._now()
        if not closing and any(b.made_at.date() == now.date() for b in self.backups()):
            return None
        attachment_files.mirror(self._attachments(), self.folder / ATTACHMENTS_FOLDER_NAME)
        made = store.make_backup(self._live_path(), self.folder, now, key=self._db.key)
        store.prune(self.folder, now.date())
        return made

    @requires(PERM_ADMIN)
    def integrity_problems(self) -> list[str]:
        """For the administrator's check: why the database file in use fails SQLite's integrity check (or is
        not ours); empty when it passes, and on a server (which checks its own files)."""
        if not self.available:
            return []
        try:
            store.verify(self._live_path(), self._db.key)
        except StorageError as err:
            return [err.message]
        return []

    @requires(PERM_READ)
    def verify(self, backup: str | Path) -> str:
        """The backup's schema revision, once it passes its checks. Raises StorageError."""
        return store.verify(Path(backup), self._db.key)

    @requires(PERM_ADMIN)
    def prepare_restore(self, backup: str | Path) -> str:
        """Check that `backup` can replace the live data (the restore itself runs once the data is closed,
        see `restore_database`). Returns its schema revision. Raises StorageError."""
        self._live_path()
        return store.verify(Path(backup), self._db.key)

    @requires(PERM_ADMIN)
    def restore(self, backup: str | Path) -> Path:
        """Replace the live database with `backup` after a safety copy of it (returned); the restored data's
        change log records who restored which backup, and when. Closes this database: open the services
        again afterwards. Raises StorageError, the live file then untouched."""
        live = self._live_path()
        key = self._db.key
        actor = self._db.require(PERM_ADMIN)
        store.verify(Path(backup), key)  # refuse before closing anything
        self._db.dispose()
        now = self._now()
        record = _restore_record(Path(backup), key, actor, now, "", live)
        safety = store.restore(Path(backup), live, self.folder, now, verified=True, key=key, prepare=record)
        _after_restore(Path(backup), live, key)
        return safety


def _file_of(target: str | os.PathLike[str]) -> Path:
    path = sqlite_path(database_url(target))
    if path is None:
        raise StorageError(SERVER_MESSAGE)
    return path


def check_database(target: str | os.PathLike[str]) -> list[str]:
    """Problems of the database file at `target`, read without opening it for work (it may be damaged):
    empty when it passes the integrity check and is ours. Raises StorageError on a server or a missing
    file."""
    path = _file_of(target)
    if not path.exists():
        raise StorageError(f"Không có tệp dữ liệu «{path}».")
    try:
        store.verify(path, _office_key(path))
    except StorageError as err:
        return [err.message]
    return []


def _office_key(live: Path) -> bytes | None:
    """The key in the key file beside `live`, if there is one that opens here. Raises KeyMissingError when
    `live` is encrypted and the key file cannot be read."""
    if keys.is_encrypted_file(live):
        return keys.load_key(live)
    try:
        return keys.load_key(live) if keys.key_file(live).exists() else None
    except KeyMissingError:
        return None


def why_not_opened(target: str | os.PathLike[str]) -> str | None:
    """Why the current data at `target` cannot be opened for work, in Vietnamese (no file, damaged, not
    ours, no account yet): then a restore is the emergency that may run without signing in. None when it
    opens: an administrator must sign in to restore over it. Raises StorageError on a server,
    KeyMissingError when the file is encrypted and its key file cannot be read."""
    live = _file_of(target)
    if not live.exists():
        return f"không có tệp dữ liệu «{live.name}»"
    key = _office_key(live)
    try:
        store.verify(live, key)
        if not store.has_accounts(live, key):
            return "dữ liệu chưa có tài khoản nào"
    except StorageError as err:
        return err.message.rstrip(".")
    except keys.DRIVER_ERRORS:
        return "tệp dữ liệu bị hỏng"
    return None


RESTORE_NEEDS_ADMIN = (
    "Dữ liệu hiện tại vẫn mở được, nên chỉ tài khoản quản trị mới khôi phục được: hãy đăng nhập bằng tài "
    "khoản quản trị."
)


def restore_database(
    target: str | os.PathLike[str],
    backup: str | Path,
    now: Callable[[], datetime] = datetime.now,
    actor: Actor | None = None,
) -> Path:
    """Restore the database file at `target` (which may be damaged, and must not be open) from `backup`;
    returns the safety copy of the replaced file. When the current data opens (`why_not_opened` is None),
    `actor` must be a signed-in administrator; otherwise (the emergency) nobody needs to be. Either way the
    restored data's change log records the restore: who (or that nobody could sign in, and why), which
    backup, when. Raises PermissionDenied, StorageError, the file then untouched."""
    live = _file_of(target)
    key = _office_key(live)
    emergency = why_not_opened(live)
    if emergency is None:
        if actor is None:
            raise PermissionDenied(RESTORE_NEEDS_ADMIN)
        actor.require(PERM_ADMIN)
    at = now()
    record = _restore_record(
        Path(backup), key, actor if emergency is None else None, at, emergency or "", live
    )
    safety = store.restore(Path(backup), live, live.parent / BACKUP_FOLDER_NAME, at, key=key, prepare=record)
    _after_restore(Path(backup), live, key)
    return safety


def _backup_label(backup: Path) -> dict[str, str]:
    """Which backup, without personal data: the name of one the app made (it carries only a time), else
    only the file's time (a clerk may have renamed it after a person)."""
    if any(b.path.name == backup.name for b in store.list_backups(backup.parent)):
        return {"backup": backup.name}
    try:
        modified = datetime.fromtimestamp(backup.stat().st_mtime).isoformat(timespec="seconds")
    except OSError:
        modified = ""
    return {"backup": "(tệp đã đổi tên)", "backup_modified": modified}


def _restore_record(
    backup: Path, key: bytes | None, actor: Actor | None, at: datetime, emergency: str, live: Path
) -> Callable[[Path, Path], None]:
    """Writes the restore's change-log entry into the restored copy, before it is verified and swapped in:
    the restored data says who restored which backup, and when (a copy from an older version is first
    brought to this version, as opening it would)."""

    def record(copy: Path, safety: Path) -> None:
        kept = safety.name if safety != live else ""  # no copy when there was no data file to keep
        changes: dict[str, object] = {**_backup_label(backup), "safety_copy": kept}
        if emergency:
            changes["emergency"] = f"khôi phục không đăng nhập: {emergency}"
        url = database_url(copy)
        copy_key = key if keys.is_encrypted_file(copy) else None
        engine = create_engine_for(url, copy_key)
        try:
            if current_revision(engine) != head_revision():
                upgrade(engine)
            db = Database(url, engine, actor=actor, key=copy_key)
            with db.unit_of_work() as session:
                audit_repo.log_change(session, "backup", 0, "restore", changes, at)
            audit_anchor.anchor_file(copy).unlink(missing_ok=True)  # the live data's head is set after
            engine.dispose()
            conn = keys.connect(copy, copy_key)
            try:  # one self-contained file again, as the backup was: nothing left in a log beside it
                conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                conn.close()
        except DATABASE_ERRORS as err:
            raise StorageError(
                "Không ghi được việc khôi phục vào nhật ký của bản khôi phục; chưa khôi phục gì, dữ liệu "
                "đang dùng được giữ nguyên."
            ) from err
        finally:
            engine.dispose()

    return record


def _after_restore(backup: Path, live: Path, key: bytes | None) -> None:
    """The restore is done: the change log's head beside the data becomes the backup's, and the scans come
    back. Neither undoes it; a failure is logged (a head not written shows up in `check`)."""
    try:
        audit_anchor.anchor_restored(backup, live, key)
    except StorageError as err:
        log.warning("change log head not reset after a restore: %s", type(err).__name__)
    _bring_back_scans(backup, live)


def _bring_back_scans(backup: Path, live: Path) -> None:
    """After a restore: the scans kept beside the backup that the data folder lacks (lost with a disk,
    say) are copied back. The restore itself is done; a scan that cannot be copied is reported by `Mở bản
    chụp` later, so a failure here is logged, not raised."""
    try:
        attachment_files.mirror(
            backup.parent / ATTACHMENTS_FOLDER_NAME, live.parent / ATTACHMENTS_FOLDER_NAME
        )
    except StorageError as err:
        log.warning("scans not copied back after a restore: %s", type(err).__name__)
