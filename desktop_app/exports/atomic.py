"""Exported files written atomically (desktop_app.files: beside the target as `.part`, flushed to the disk,
then renamed over it), with what went wrong said to the clerk."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.domain.errors import DomainError
from desktop_app.files import replaced_atomically


class ExportError(DomainError):
    """The file could not be written (folder missing, no permission, disk full, file open in Excel)."""


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it is flushed to the disk and replaces `target`, on any
    error it is removed. The file is created readable by its owner only (POSIX): exports carry personal
    data. Raises ExportError for what the disk refused."""
    try:
        with replaced_atomically(target) as part:
            yield part
    except PermissionError as err:
        raise ExportError(
            f"Không ghi được «{target.name}»: tệp đang mở trong Excel hoặc thư mục không cho phép ghi."
        ) from err
    except FileNotFoundError as err:
        raise ExportError(f"Thư mục «{target.parent}» không tồn tại.") from err
    except OSError as err:
        raise ExportError(f"Không ghi được «{target.name}» (ổ đĩa đầy hoặc lỗi thiết bị).") from err


CancelCheck = Callable[[], bool]
