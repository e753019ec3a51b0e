"""The change log's head (how many entries, the last hash) kept outside the database as well: beside its key
file (`pcmd.sqlite3.chain`) and beside every backup (`pcmd-….sqlite3.chain`). The head inside the file goes
with the file; this one notices a log deleted or cut off together with it."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.audit import ChainHead
from desktop_app.domain.errors import StorageError
from desktop_app.storage import keys
from desktop_app.storage.files import write_atomically

ANCHOR_SUFFIX = ".chain"
HEAD_SETTING = "audit.chain_head"  # where the database keeps its own head (app_setting)
_READ_ERRORS: tuple[type[Exception], ...] = (ValueError, KeyError, TypeError, *keys.DRIVER_OR_OS_ERRORS)
_ANY_ERROR: tuple[type[Exception], ...] = (StorageError, *_READ_ERRORS)
UNREADABLE = (
    "Tệp «{name}» ghi điểm cuối của nhật ký bị hỏng nên không đối chiếu được: nhật ký có thể đã bị sửa. "
    "Hãy báo cho quản trị viên."
)


def anchor_file(database: Path) -> Path:
    """`pcmd.sqlite3.chain` beside `pcmd.sqlite3` (and its key file)."""
    return database.with_name(database.name + ANCHOR_SUFFIX)


def _parse(text: str) -> ChainHead:
    data = json.loads(text)
    count, last_hash = data["count"], data["last_hash"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0 or not isinstance(last_hash, str):
        raise ValueError("not a chain head")
    return ChainHead(count, last_hash)


def read_anchor(database: Path) -> ChainHead | None:
    """The head kept beside `database`; None when there is none. Raises StorageError when it is damaged."""
    path = anchor_file(database)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StorageError(UNREADABLE.format(name=path.name)) from err
    try:
        return _parse(text)
    except (ValueError, KeyError, TypeError) as err:
        raise StorageError(UNREADABLE.format(name=path.name)) from err


def save_anchor(database: Path, head: ChainHead) -> None:
    """Keep `head` beside `database` (whole or not at all; owner-only). Raises StorageError."""
    path = anchor_file(database)
    payload = json.dumps({"version": 1, "count": head.count, "last_hash": head.last_hash})
    write_atomically(path, payload.encode("utf-8"), f"Không ghi được tệp «{path.name}».", sync_folder=False)


def head_in_file(path: Path, key: bytes | None) -> ChainHead:
    """The head a database file (the data or a backup) keeps inside itself. Raises a driver error."""
    conn = keys.connect(path, key if keys.is_encrypted_file(path) else None, readonly=True)
    try:
        row = conn.execute("SELECT value FROM app_setting WHERE key = ?", (HEAD_SETTING,)).fetchone()
    finally:
        conn.close()
    return ChainHead() if row is None else _parse(str(row[0]))


def anchor_backup(backup: Path, key: bytes | None) -> None:
    """Keep the head of a just-made backup beside it. Best effort: a backup without one is restored with the
    head it carries inside."""
    try:
        save_anchor(backup, head_in_file(backup, key))
    except _ANY_ERROR:
        return


def anchor_restored(backup: Path, live: Path, key: bytes | None) -> None:
    """After a restore, the data's head is the backup's: the one kept beside the backup when it was made (so a
    backup whose log was cut later is still caught), else the one inside it. Raises StorageError."""
    try:
        head = read_anchor(backup)
    except StorageError:
        head = None
    if head is None:
        try:
            head = head_in_file(live, key)
        except _READ_ERRORS as err:
            raise StorageError(f"Không đọc được điểm cuối nhật ký của «{backup.name}».") from err
    save_anchor(live, head)
