"""Writing a small file so that it is whole or not there: beside the target, flushed, then one rename."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app.domain.errors import StorageError

PART_SUFFIX = ".part"


def write_atomically(target: Path, data: bytes, failed: str, private: bool = False) -> None:
    """Write `data` to `target` whole or not at all; `private` makes it readable by its owner only. Raises
    StorageError(`failed`), the target then as it was."""
    part = target.with_name(target.name + PART_SUFFIX)
    try:
        part.unlink(missing_ok=True)  # a stale one would keep its permissions
        fd = os.open(
            part,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
            0o600 if private else 0o666,
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, target)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise StorageError(failed) from err
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX; NTFS journals it already). Best effort."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
