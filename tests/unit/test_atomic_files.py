"""One atomic file writer (desktop_app.files) for data files and exports alike: the written file is flushed to
the disk before it replaces the target, and the folder after the rename; a failure leaves the target as it
was and no `.part` behind."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop_app.domain.errors import StorageError
from desktop_app.exports.atomic import ExportError, atomic_target
from desktop_app.exports.businesses_xlsx import write_businesses
from desktop_app.exports.protection import write_protected_xlsx
from desktop_app.storage.files import write_atomically


def _plain_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


WRITERS: dict[str, Callable[[Path], None]] = {
    "data file": lambda path: write_atomically(path, b"du lieu", "Không ghi được."),
    "exported register": lambda path: write_businesses(path, [], "Phòng Văn hóa – Xã hội", None),
    "protected workbook": lambda path: write_protected_xlsx(_plain_workbook(), path, "mat-khau-tep-1"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_writer_flushes_the_file_then_the_folder(
    writer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[int, bool]] = []  # (inode, is a folder), in order
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        synced.append((info.st_ino, stat.S_ISDIR(info.st_mode)))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "tep.xlsx"
    target.write_bytes(b"ban cu")
    WRITERS[writer](target)
    assert target.read_bytes() != b"ban cu" and not list(tmp_path.glob("*.part"))
    file_sync = (target.stat().st_ino, False)  # the rename keeps the written file's inode
    assert file_sync in synced
    if os.name != "nt":
        assert synced.index((tmp_path.stat().st_ino, True)) > synced.index(file_sync)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 or os.name == "nt"


def test_a_failed_write_leaves_the_target_and_no_part(tmp_path: Path) -> None:
    target = tmp_path / "tep.xlsx"
    target.write_bytes(b"ban cu")
    with pytest.raises(ExportError, match="ổ đĩa đầy"), atomic_target(target) as part:
        part.write_bytes(b"nua chung")
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"ban cu" and not list(tmp_path.glob("*.part"))
    with pytest.raises(StorageError, match="Không ghi được"):
        write_atomically(tmp_path / "khong-co" / "tep.bin", b"x", "Không ghi được.")
    with pytest.raises(ExportError, match="không tồn tại"):
        write_businesses(tmp_path / "khong-co" / "tep.xlsx", [], "", None)
