"""Data files on disk: a small file written whole or not at all (beside the target, flushed, then one rename),
files created readable by their owner only, and the leftovers of a killed conversion or copy removed."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from desktop_app.domain.errors import StorageError

PART_SUFFIX = ".part"


PRIVATE_MODE = 0o600
# What a killed `encrypt`/`decrypt` or restore leaves beside the database: the converted or restored copy (a
# plain one after `decrypt`) and SQLite's side files of it.
DATA_PARTS = (".chuyen-doi.part", ".khoi-phuc.part")
SIDE_FILES = ("", "-journal", "-wal", "-shm")
# A copy in a shared backup folder untouched for this long is a leftover, not another PC's copy in progress.
STALE_AFTER_S = 600.0


def create_private(path: Path) -> None:
    """Create `path` empty and readable by its owner only (POSIX; on Windows the folder's ACL decides), for
    SQLite or a writer to fill; an existing file is left as it is, its mode narrowed. Raises OSError."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_MODE)
    except FileExistsError:
        if os.name != "nt":
            os.chmod(path, PRIVATE_MODE)
        return
    os.close(fd)


def remove_leftovers(paths: Iterable[Path], older_than_s: float | None = None) -> list[Path]:
    """Delete each of `paths` with its SQLite side files (`-journal`, `-wal`, `-shm`) that exists (and, with
    `older_than_s`, was last written longer ago than that). Returns what was deleted; a file that cannot be
    deleted (held open on Windows) stays for the next time."""
    removed: list[Path] = []
    now = time.time()
    for path in paths:
        for side in SIDE_FILES:
            candidate = path.with_name(path.name + side)
            try:
                if older_than_s is not None and now - candidate.stat().st_mtime < older_than_s:
                    continue
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)
    return removed


def remove_data_parts(database: Path) -> list[Path]:
    """At start: the converted or restored copy a killed `decrypt`/`encrypt`/restore left beside `database`
    (with its journal). A conversion still running holds the database alone, so it is not opened meanwhile;
    one that is between its check and its rename fails and says the data is unchanged."""
    return remove_leftovers(database.with_name(database.name + part) for part in DATA_PARTS)


def write_atomically(
    target: Path, data: bytes, failed: str, private: bool = True, sync_folder: bool = True
) -> None:
    """Write `data` to `target` whole or not at all; `private` (the default: data files) makes it readable by
    its owner only; without `sync_folder` a power cut may bring back the previous file (never half a file).
    Raises StorageError(`failed`), the target then as it was."""
    part = target.with_name(target.name + PART_SUFFIX)
    try:
        part.unlink(missing_ok=True)  # a stale one would keep its permissions
        fd = os.open(
            part,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
            PRIVATE_MODE if private else 0o666,
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, target)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise StorageError(failed) from err
    if sync_folder:
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
