"""Where a command may write a file: never over the data, its key, its logs, the backups or the scans; never
over another existing file unless asked; and only with the extension of what is written."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app.domain.errors import DomainError
from desktop_app.services.backup import BACKUP_FOLDER_NAME
from desktop_app.storage import keys
from desktop_app.storage.attachments import ATTACHMENTS_FOLDER_NAME
from desktop_app.storage.db import database_url, sqlite_path

KIND_TEXT = {".xlsx": "tệp Excel", ".pdf": "tệp PDF", ".json": "gói số liệu", ".txt": "tệp văn bản"}
_DATA_FILE_ENDINGS = ("", "-wal", "-shm", "-journal")


class OutputPathError(DomainError):
    """A file a command would write is refused; the message says why and what to do."""


def _same(a: Path, b: Path) -> bool:
    if os.path.normcase(str(a)) == os.path.normcase(str(b)):
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    return any(_same(parent, folder) for parent in path.parents)


def _protected(path: Path, database: Path) -> str | None:
    """What `path` is to the app, when it must never be written over; None for an ordinary file."""
    for ending in _DATA_FILE_ENDINGS:
        if _same(path, database.with_name(database.name + ending)):
            return "tệp dữ liệu đang dùng" if not ending else "tệp nhật ký ghi của dữ liệu đang dùng"
    if _same(path, keys.key_file(database)):
        return "tệp khóa của dữ liệu (mất nó thì không mở được dữ liệu)"
    for folder, what in (
        (database.parent / BACKUP_FOLDER_NAME, "thư mục sao lưu"),
        (database.parent / ATTACHMENTS_FOLDER_NAME, "thư mục bản chụp"),
    ):
        if _inside(path, folder) or _same(path, folder):
            return f"một tệp trong {what} của dữ liệu"
    return None


def check_output(target: Path, extension: str, database: str | os.PathLike[str], force: bool = False) -> Path:
    """`target` as it will be written: a file of type `extension` (".xlsx", ".pdf", ".json") for the data
    at `database`. Raises OutputPathError (nothing written yet) for the data file, its key, its
    -wal/-shm/-journal, anything in its backup or scans folder, a folder, a wrong extension, or an existing
    file without `force`."""
    path = Path(os.path.abspath(target.expanduser()))
    resolved = path.resolve()
    live = sqlite_path(database_url(database))
    if live is not None:
        what = _protected(resolved, live.resolve()) or _protected(path, live)
        if what is not None:
            raise OutputPathError(f"Không ghi vào «{target}»: đó là {what}. Hãy chọn một tệp khác.")
    if path.is_dir():
        raise OutputPathError(f"«{target}» là một thư mục: hãy ghi cả tên tệp (đuôi {extension}).")
    if path.suffix.lower() != extension:
        raise OutputPathError(
            f"Tên tệp «{target.name}» phải có đuôi {extension}, vì đó là {KIND_TEXT[extension]}; hãy đặt tên "
            f"tệp kết thúc bằng {extension}."
        )
    if path.exists() and not force:
        raise OutputPathError(
            f"Tệp «{target}» đã có. Hãy chọn tên khác, hoặc thêm --force để ghi đè lên tệp đó."
        )
    return target
