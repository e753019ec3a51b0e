"""The one atomic file writer: a file is written beside its target as `.part`, flushed to the disk, then
renamed over the target (the rename synced too), so a crash or a power cut leaves the old file or the new one,
never half of one. Files are created readable by their owner only: they carry personal data.

It imports nothing of the app: storage (data files, keys, attachments) and exports (workbooks, PDFs), which
may not import each other, both use it and turn an OSError into their own error with a clerk's message."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PART_SUFFIX = ".part"
PRIVATE_MODE = 0o600
_BINARY = getattr(os, "O_BINARY", 0)


def create_private(path: Path) -> None:
    """Create `path` empty and readable by its owner only (POSIX; on Windows the folder's ACL decides), for
    SQLite or a writer to fill; an existing file is left as it is, its mode narrowed. Raises OSError."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_MODE)
    except FileExistsError:
        if os.name != "nt":
            os.chmod(path, PRIVATE_MODE)
        return
    os.close(fd)


@contextmanager
def replaced_atomically(target: Path, private: bool = True, sync_folder: bool = True) -> Iterator[Path]:
    """Yield the `.part` path beside `target` for the caller to write (created empty; owner-only when
    `private`). When the block ends without an error, the part is flushed to the disk and renamed over
    `target`; on any error it is removed and the error goes on, `target` as it was. Without `sync_folder` a
    power cut may bring back the previous file (never half a file). Raises OSError."""
    part = target.with_name(target.name + PART_SUFFIX)
    try:
        with suppress(OSError):  # the writer meets the same problem, raised with its own files closed
            part.unlink(missing_ok=True)  # a stale one would keep its mode
            os.close(os.open(part, os.O_WRONLY | os.O_CREAT | _BINARY, PRIVATE_MODE if private else 0o666))
        yield part
        _sync_file(part)
        os.replace(part, target)
    finally:
        with suppress(OSError):
            part.unlink(missing_ok=True)
    if sync_folder:
        _sync_folder(target.parent)


def _sync_file(path: Path) -> None:
    """Flush a written file's data to the disk (opened for writing: Windows flushes only such a handle)."""
    fd = os.open(path, os.O_RDWR | _BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
