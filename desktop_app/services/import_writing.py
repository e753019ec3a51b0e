"""What every register's import does once the clerk says «Nhập»: write the checked rows in chunks inside one
transaction (progress, Cancel, nothing half-written), and save the rows it left out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop_app.domain.errors import Cancelled
from desktop_app.exports.businesses_xlsx import write_rejected_rows
from desktop_app.imports.outcomes import DUPLICATE, ERROR, ImportPreview
from desktop_app.storage.db import Database

CHUNK = 500
Item = TypeVar("Item")


def write_in_chunks(
    db: Database,
    items: Sequence[Item],
    write_chunk: Callable[[Session, Sequence[Item]], None],
    progress: Callable[[int, int], None],
    cancel: threading.Event | None,
) -> int:
    """Write `items` CHUNK at a time in one transaction; a cancel or a failure leaves the data as it was.

    Raises Cancelled. Returns how many were written.
    """
    total = len(items)
    done = 0
    progress(0, total)
    with db.unit_of_work() as session:
        for start in range(0, total, CHUNK):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            chunk = items[start : start + CHUNK]
            write_chunk(session, chunk)
            done += len(chunk)
            progress(done, total)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
    return done


def save_rejected(preview: ImportPreview, target: str | Path) -> int:
    """Write the rows that were not imported, with a reason column, to re-import once fixed."""
    rejected = [r for r in preview.rows if r.outcome in (ERROR, DUPLICATE)]
    write_rejected_rows(Path(target), preview.header.headers, rejected)
    return len(rejected)
