"""Atomic file writing: write beside the target as `.part`, then rename it over the target."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop_app.domain.errors import DomainError


class ExportError(DomainError):
    """The file could not be written (folder missing, no permission, disk full, file open in Excel)."""


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on any error it is removed. The file
    is created readable by its owner only (POSIX): exports carry personal data."""
    part = target.with_name(target.name + ".part")
    with suppress(OSError):  # the writer meets the same problem, reported below with its resources closed
        _create_private(part)
    try:
        yield part
        os.replace(part, target)
    except PermissionError as err:
        raise ExportError(
            f"Không ghi được «{target.name}»: tệp đang mở trong Excel hoặc thư mục không cho phép ghi."
        ) from err
    except FileNotFoundError as err:
        raise ExportError(f"Thư mục «{target.parent}» không tồn tại.") from err
    except OSError as err:
        raise ExportError(f"Không ghi được «{target.name}» (ổ đĩa đầy hoặc lỗi thiết bị).") from err
    finally:
        if part.exists():
            part.unlink()


def _create_private(path: Path) -> None:
    """An empty file with mode 0600 for the writer to fill (a stale one is narrowed to that mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600))
    except FileExistsError:
        if os.name != "nt":
            os.chmod(path, 0o600)


CancelCheck = Callable[[], bool]
