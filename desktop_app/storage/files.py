"""Data files on disk: a small file written whole or not at all (beside the target, flushed, then one rename),
files created readable by their owner only, and the leftovers of a killed conversion or copy removed."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from desktop_app.domain.errors import StorageError
from desktop_app.files import create_private, replaced_atomically

__all__ = ["create_private", "remove_data_parts", "remove_leftovers", "write_atomically"]

# What a killed `encrypt`/`decrypt` or restore leaves beside the database: the converted or restored copy (a
# plain one after `decrypt`) and SQLite's side files of it.
DATA_PARTS = (".chuyen-doi.part", ".khoi-phuc.part")
SIDE_FILES = ("", "-journal", "-wal", "-shm")
# A copy in a shared backup folder untouched for this long is a leftover, not another PC's copy in progress.
STALE_AFTER_S = 600.0


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
    """Write `data` to `target` whole or not at all (desktop_app.files.replaced_atomically); `private` (the
    default: data files) makes it readable by its owner only; without `sync_folder` a power cut may bring
    back the previous file (never half a file). Raises StorageError(`failed`), the target then as it was."""
    try:
        with replaced_atomically(target, private, sync_folder) as part:
            part.write_bytes(data)
    except OSError as err:
        raise StorageError(failed) from err
