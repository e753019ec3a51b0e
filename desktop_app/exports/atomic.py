"""Atomic file writing: write beside the target as `.part`, then rename it over the target."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.domain.errors import DomainError


class ExportError(DomainError):
    """The file could not be written (folder missing, no permission, disk full, file open in Excel)."""


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on any error it is removed."""
    part = target.with_name(target.name + ".part")
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


CancelCheck = Callable[[], bool]
