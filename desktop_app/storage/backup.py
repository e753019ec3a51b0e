"""Backups of a SQLite database file: verified copies through SQLite's online backup API, kept by a retention
rule, and a restore that swaps the live file in one atomic rename after a safety copy.

File names carry only the time (`pcmd-20261125-093000.sqlite3`): nothing personal.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.errors import Cancelled, StorageError
from desktop_app.storage import keys
from desktop_app.storage.audit_anchor import anchor_backup, anchor_file
from desktop_app.storage.files import STALE_AFTER_S, create_private, remove_leftovers
from desktop_app.storage.migrate import NEWER_VERSION, known_revisions

PREFIX = "pcmd-"
SUFFIX = ".sqlite3"
PART = ".part"
SAFETY_LABEL = "truoc-khoi-phuc"  # the copy taken just before a restore
KEEP_RECENT = 30
KEEP_MONTHS = 12
PAGES_PER_STEP = 4096  # 16 MB with 4 KB pages: progress and cancel between steps
_NAME = re.compile(r"^pcmd-(\d{8}-\d{6})(?:-(\d+))?(?:-([a-z-]+))?\.sqlite3$")
_SQLITE_HEADER = b"SQLite format 3\x00"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    made_at: datetime
    size: int
    label: str  # "" or SAFETY_LABEL

    @property
    def is_safety_copy(self) -> bool:
        return self.label == SAFETY_LABEL


def _parse(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    try:
        made_at = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupFile(path, made_at, size, match.group(3) or "")


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in `folder`, newest first (unfinished `.part` files are not backups)."""
    if not folder.is_dir():
        return []
    found = [b for b in (_parse(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _key_of(path: Path, key: bytes | None) -> bytes | None:
    """The key to open `path` with: none for a plain file, else `key` (the office's)."""
    return key if keys.is_encrypted_file(path) else None


def verify(path: Path, key: bytes | None = None) -> str:
    """Check a backup (or any database file): SQLite (plain, or encrypted with `key`), passes
    `PRAGMA integrity_check`, ours, not from a newer version. Returns its schema revision. Raises StorageError
    with the reason."""
    name = path.name
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except OSError as err:
        raise StorageError(f"Không đọc được tệp «{name}».") from err
    if header != _SQLITE_HEADER and (not header or path.stat().st_size % 512):  # encrypted: whole pages
        raise StorageError(f"Tệp «{name}» không phải là bản sao lưu của PCMD Desk.")
    if header != _SQLITE_HEADER and key is None:
        raise StorageError(
            f"Tệp «{name}» được mã hóa (hoặc không phải bản sao lưu của PCMD Desk), mà dữ liệu đang dùng "
            "không có khóa để mở nó."
        )
    use = None if header == _SQLITE_HEADER else key
    try:
        conn = keys.connect(path, use, readonly=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except keys.DRIVER_ERRORS as err:
        if use is not None:
            raise StorageError(
                f"Tệp «{name}» bị hỏng, hoặc được mã hóa bằng khóa của một bộ dữ liệu khác: không dùng được."
            ) from err
        raise StorageError(f"Tệp «{name}» bị hỏng, không dùng được.") from err
    if result != ["ok"]:
        raise StorageError(f"Tệp «{name}» bị hỏng (không qua được bước kiểm tra toàn vẹn).")
    if revision is None:
        raise StorageError(f"Tệp «{name}» không phải là bản sao lưu của PCMD Desk.")
    if revision[0] not in known_revisions():
        raise StorageError(NEWER_VERSION.replace("Cơ sở dữ liệu", f"Bản sao lưu «{name}»", 1))
    return str(revision[0])


def _copy(
    source: Path,
    target: Path,
    key: bytes | None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """SQLite's online backup of `source` into a new file `target` (committed data only; a writer elsewhere
    does not disturb it). An encrypted source gives a copy encrypted with the same key. Raises Cancelled,
    a driver error, OSError."""

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)
        if cancelled is not None and cancelled():
            raise Cancelled()

    use = _key_of(source, key)
    create_private(target)
    src = keys.connect(source, use, readonly=True)
    try:
        dest = keys.connect(target, use)
        try:
            src.backup(dest, pages=PAGES_PER_STEP, progress=step)
            dest.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dest.close()
    finally:
        src.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())


def _free_name(folder: Path, now: datetime, label: str) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    tail = f"-{label}" if label else ""
    candidate = folder / f"{PREFIX}{stamp}{tail}{SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{PREFIX}{stamp}-{number}{tail}{SUFFIX}"
        number += 1
    return candidate


def make_backup(
    source: Path,
    folder: Path,
    now: datetime,
    label: str = "",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    key: bytes | None = None,
) -> Path:
    """Copy the database `source` into `folder`, verify the copy, and only then give it its final name.
    An encrypted database (`key`) gives an encrypted copy.

    Raises StorageError (disk full, no permission, a copy that fails its check: the live file is never
    touched), Cancelled.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as err:
        raise StorageError(f"Không tạo được thư mục sao lưu «{folder}».") from err
    sweep(folder)
    final = _free_name(folder, now, label)
    part = final.with_name(final.name + PART)
    try:
        _copy(source, part, key, progress, cancelled)
        verify(part, key)
        os.replace(part, final)
        anchor_backup(final, key)  # the change log's head at this copy, kept beside it
    except StorageError as err:
        remove_leftovers([part])
        raise StorageError(f"Bản sao lưu vừa tạo không đạt khi kiểm tra nên đã bị bỏ: {err.message}") from err
    except keys.DRIVER_OR_OS_ERRORS as err:
        remove_leftovers([part])
        raise StorageError(
            f"Không ghi được bản sao lưu vào «{folder}» (ổ đĩa đầy, bị tháo ra hoặc không có quyền ghi). "
            "Dữ liệu đang dùng không bị ảnh hưởng."
        ) from err
    except BaseException:  # cancelled, Ctrl+C
        remove_leftovers([part])
        raise
    return final


def sweep(folder: Path) -> list[Path]:
    """The unfinished copies (`….sqlite3.part` and its journal) a killed or unplugged backup left in
    `folder`, once nothing has written them for STALE_AFTER_S (a fresh one may be another PC's backup in
    progress in a shared folder). Returns what was deleted."""
    try:
        parts = [p for p in folder.glob(f"{PREFIX}*{SUFFIX}{PART}") if _NAME.match(p.name[: -len(PART)])]
        orphans = [
            p.with_name(p.name.removesuffix("-journal"))
            for p in folder.glob(f"{PREFIX}*{SUFFIX}{PART}-journal")
            if _NAME.match(p.name[: -len(PART + "-journal")])
        ]
    except OSError:
        return []
    return remove_leftovers(dict.fromkeys(parts + orphans), older_than_s=STALE_AFTER_S)


def prune(folder: Path, today: date) -> list[Path]:
    """Keep the newest KEEP_RECENT backups and the newest of each of the last KEEP_MONTHS months; delete the
    other automatic ones. Safety copies taken before a restore are never deleted. Returns what was deleted."""
    backups = [b for b in list_backups(folder) if not b.is_safety_copy]
    keep = {b.path for b in backups[:KEEP_RECENT]}
    months_seen: set[tuple[int, int]] = set()
    first_month = (today.year * 12 + today.month - 1) - (KEEP_MONTHS - 1)
    for backup in backups:  # newest first: the first of each month is its newest
        month = (backup.made_at.year, backup.made_at.month)
        if month not in months_seen and backup.made_at.year * 12 + backup.made_at.month - 1 >= first_month:
            months_seen.add(month)
            keep.add(backup.path)
    removed: list[Path] = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
                anchor_file(backup.path).unlink(missing_ok=True)
            except OSError:
                continue  # a locked or read-only copy stays; the next prune tries again
    return removed


def has_accounts(path: Path, key: bytes | None) -> bool:
    """Whether the database file at `path` (sound, see `verify`) holds at least one account."""
    conn = keys.connect(path, _key_of(path, key), readonly=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return "app_user" in tables and conn.execute("SELECT count(*) FROM app_user").fetchone()[0] > 0
    finally:
        conn.close()


def restore(
    backup: Path,
    live: Path,
    folder: Path,
    now: datetime,
    verified: bool = False,
    key: bytes | None = None,
    prepare: Callable[[Path, Path], None] | None = None,
) -> Path:
    """Put the backup in place of the live file; returns the safety copy of the live file taken first.

    Every connection to `live` must be closed. The live file is replaced by one atomic rename after the
    backup's copy is complete and verified: a crash at any point leaves either the old or the restored
    database, never a mix. Raises StorageError (the backup fails its check or is from a newer version; the
    live file is then untouched). `verified`: the caller has just checked the backup. `key`: the office's
    key, for an encrypted live file and encrypted backups. `prepare(copy, safety)` may write into the restored
    copy before it is verified and swapped in (the restore's change-log entry); it raises StorageError.
    """
    if not verified:
        verify(backup, key)
    safety = _safety_copy(live, folder, now, key) if live.exists() else live
    part = live.with_name(live.name + ".khoi-phuc.part")
    try:
        _remove_part(
            part
        )  # a killed restore's copy, and its log, which must not be replayed into the new one
        _copy(backup, part, key)
        if key is not None and not keys.is_encrypted_file(part):
            keys.convert(part, None, key)  # a plain backup does not take the encryption off the data
        if prepare is not None:
            prepare(part, safety)
        verify(part, key)
        _checkpoint(live, key)
        for extra in ("-wal", "-shm"):  # the old file's log must not be replayed into the restored one
            live.with_name(live.name + extra).unlink(missing_ok=True)
        os.replace(part, live)
    except StorageError:
        _remove_part(part)
        raise
    except keys.DRIVER_OR_OS_ERRORS as err:
        _remove_part(part)
        raise StorageError(
            "Không khôi phục được (ổ đĩa đầy hoặc không có quyền ghi). Dữ liệu đang dùng được giữ nguyên."
        ) from err
    return safety


def _remove_part(part: Path) -> None:
    for ending in ("", "-wal", "-shm", "-journal"):
        part.with_name(part.name + ending).unlink(missing_ok=True)


def _safety_copy(live: Path, folder: Path, now: datetime, key: bytes | None) -> Path:
    """A verified backup of the live file; a damaged file is copied byte for byte instead (with its log),
    for a technician. Raises StorageError when neither can be written."""
    try:
        return make_backup(live, folder, now, SAFETY_LABEL, key=key)
    except StorageError:
        target = _free_name(folder, now, SAFETY_LABEL)
        try:
            for side in ("", "-wal"):
                source, copy = live.with_name(live.name + side), target.with_name(target.name + side)
                if side == "" or source.exists():
                    create_private(copy)
                    shutil.copyfile(source, copy)
        except OSError as err:
            raise StorageError(
                f"Không sao lưu được dữ liệu hiện tại vào «{folder}» trước khi khôi phục; chưa khôi phục gì."
            ) from err
        return target


def _checkpoint(live: Path, key: bytes | None) -> None:
    """Fold the live file's write-ahead log into it, so removing the log loses nothing committed. A damaged
    file is left as it is (its safety copy keeps the log)."""
    if not live.exists():
        return
    try:
        conn = keys.connect(live, _key_of(live, key))
        try:
            keys.hold_alone(conn)  # refuses while another program has the data open
        finally:
            conn.close()
    except keys.DRIVER_ERRORS:
        return
