"""A new database prepared aside on the first start and moved into place only when setup finishes: until then
nothing of it (the file, its key, its change log's head) is where the app looks for the office's data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from desktop_app.domain.errors import StorageError
from desktop_app.storage import keys
from desktop_app.storage.audit_anchor import anchor_file

STAGING_SUFFIX = ".thiet-lap"  # the folder `pcmd.sqlite3.thiet-lap` beside `pcmd.sqlite3`


def is_new(target: Path) -> bool:
    """True when there is no database at `target` yet (no file, or an empty one)."""
    try:
        return target.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False  # let the usual checks say what is wrong with it


def stage(target: Path) -> Path:
    """Where to prepare the database for `target`: a fresh folder beside it (one a stopped earlier start left
    is emptied). A key file already beside `target` is used again, so that older backups keep opening.
    Raises StorageError."""
    folder = target.with_name(target.name + STAGING_SUFFIX)
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o700, parents=True)
    except OSError as err:
        raise StorageError(f"Không tạo được thư mục dữ liệu «{target.parent}».") from err
    staged = folder / target.name
    key = keys.stored_key(target)
    if key is not None:
        keys.save_key(staged, key)
    return staged


def put_in_place(staged: Path, target: Path) -> None:
    """Move the prepared database (closed), its key file and its head beside `target`; the database last, so
    that a stop in between leaves no database there and the next start prepares one again. Raises
    StorageError (a database appeared at `target` meanwhile, or the move failed)."""
    if not is_new(target):
        raise StorageError(
            f"Đã có dữ liệu ở «{target}» (do một cửa sổ PCMD Desk khác tạo): thiết lập này không được dùng."
        )
    moves = [(keys.key_file(staged), keys.key_file(target)), (anchor_file(staged), anchor_file(target))]
    for side in ("-wal", "-shm"):
        moves.append((staged.with_name(staged.name + side), target.with_name(target.name + side)))
    try:
        for source, destination in moves:
            if source.exists():
                os.replace(source, destination)
        os.replace(staged, target)
    except OSError as err:
        raise StorageError(
            f"Không chuyển được dữ liệu vừa thiết lập vào «{target.parent}» (không có quyền ghi hoặc ổ đĩa "
            "đầy). Hãy khởi động lại và thiết lập lại."
        ) from err
    shutil.rmtree(staged.parent, ignore_errors=True)


def abandon(staged: Path) -> None:
    """Setup was cancelled (or failed): the prepared folder goes; nothing else was written."""
    shutil.rmtree(staged.parent, ignore_errors=True)
