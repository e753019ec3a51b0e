"""Data files on disk: created readable by their owner only, and what a killed conversion or backup leaves
behind (a plain copy of the data, a half-written copy on a USB stick) removed at the next start or backup."""

from __future__ import annotations

import os
import stat
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from desktop_app.services.backup import check_database
from desktop_app.services.encryption import decrypt_database
from desktop_app.storage import backup as store
from desktop_app.storage import keys
from desktop_app.storage.files import STALE_AFTER_S
from tests.conftest import configure, kill_when, sample_input

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX; Windows uses the folder's ACL")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual umask (022), under which a file created with default permissions is world-readable."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _office(path: Path, businesses: int = 3, notes: str = "") -> None:
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        for i in range(businesses):
            services.businesses.create(
                sample_input(services, name=f"Nhà nghỉ {i}", registration_number=f"N{i}", notes=notes)
            )
    finally:
        services.close()


@posix_only
def test_data_files_are_readable_by_their_owner_only(tmp_path: Path, loose_umask: None) -> None:
    live = tmp_path / "du-lieu" / "pcmd.sqlite3"
    services = open_services(live, actor=SYSTEM)
    try:
        configure(services)
        services.businesses.create(sample_input(services, name="Nhà nghỉ Bình An", registration_number="B1"))
        side_files = [live.with_name(live.name + side) for side in ("-wal", "-shm")]
        assert all(f.exists() for f in side_files)  # open: SQLite's log and index beside the data
        backup = services.backup.backup_now()
        export = tmp_path / "co-so.xlsx"
        services.transfer.export(export)
        files = [live, keys.key_file(live), *side_files, backup, export]
        assert {f.name: oct(_mode(f)) for f in files} == {f.name: "0o600" for f in files}
        assert _mode(live.parent) == _mode(backup.parent) == 0o700  # nobody else even lists the names
    finally:
        services.close()
    decrypt_database(live)  # the plain file a technician asked for is no more readable than the encrypted one
    assert not keys.is_encrypted_file(live) and _mode(live) == 0o600


@posix_only
def test_a_killed_decrypt_leaves_no_plain_copy_past_the_next_start(tmp_path: Path, loose_umask: None) -> None:
    live = tmp_path / "pcmd.sqlite3"
    _office(live, notes="Nội dung riêng của đơn vị")
    part = live.with_name(live.name + ".chuyen-doi.part")
    # killed once the plain copy is written whole, just before it would be checked and swapped in
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from desktop_app.storage import keys
        os.umask(0o022)
        original = keys.connect
        def slow_connect(path, key, readonly=False):
            if path.name.endswith(".part"):
                print("exported", flush=True)
                time.sleep(60)
            return original(path, key, readonly)
        keys.connect = slow_connect
        from desktop_app.services.encryption import decrypt_database
        decrypt_database({str(live)!r})
    """)
    kill_when(script, "exported")
    assert part.exists() and not keys.is_encrypted_file(part)  # the plain copy a kill leaves …
    assert "Nội dung riêng".encode() in part.read_bytes()
    assert _mode(part) == 0o600  # … is for its owner's eyes only
    assert keys.is_encrypted_file(live) and check_database(live) == []
    open_services(live, actor=SYSTEM).close()  # the next start (app or any command) removes it
    assert not list(tmp_path.glob("*.part*"))


def test_a_killed_restore_leaves_nothing_past_the_next_start(tmp_path: Path) -> None:
    live = tmp_path / "pcmd.sqlite3"
    _office(live)
    left = [live.with_name(f"pcmd.sqlite3.khoi-phuc.part{side}") for side in ("", "-journal")]
    for leftover in left:
        leftover.write_bytes(b"\0" * 4096)
    open_services(live, actor=SYSTEM).close()
    assert not any(leftover.exists() for leftover in left)


def test_a_conversion_stopped_any_other_way_removes_its_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "pcmd.sqlite3"
    _office(live)
    original = keys.connect

    def interrupted(path: Path, key: bytes | None, readonly: bool = False) -> object:
        if path.name.endswith(".part"):
            raise KeyboardInterrupt  # Ctrl+C in the command line, after the plain copy was written
        return original(path, key, readonly)

    monkeypatch.setattr(keys, "connect", interrupted)
    with pytest.raises(KeyboardInterrupt):
        decrypt_database(live)
    assert not list(tmp_path.glob("*.part*"))
    assert keys.is_encrypted_file(live)


def test_a_killed_backup_leaves_leftovers_the_next_backup_removes(tmp_path: Path) -> None:
    live = tmp_path / "du-lieu" / "pcmd.sqlite3"
    _office(live, businesses=150, notes="x" * 2000)
    usb = tmp_path / "usb"
    script = textwrap.dedent(f"""
        import time
        from datetime import datetime
        from pathlib import Path
        from desktop_app.storage import backup as store, keys
        store.PAGES_PER_STEP = 4
        def step(done, total):
            print("copying", flush=True)
            time.sleep(0.05)
        live = Path({str(live)!r})
        when = datetime(2026, 11, 25, 9, 30)
        store.make_backup(live, Path({str(usb)!r}), when, progress=step, key=keys.load_key(live))
    """)
    kill_when(script, "copying")
    left = sorted(usb.glob("*.part*"))
    assert usb / "pcmd-20261125-093000.sqlite3.part" in left and store.list_backups(usb) == []
    long_ago = time.time() - STALE_AFTER_S - 60
    for leftover in left:
        os.utime(leftover, (long_ago, long_ago))
    # another PC's backup to the same shared folder, still being written: not touched
    running = usb / "pcmd-20991231-235959.sqlite3.part"
    running.write_bytes(b"\0" * 4096)
    services = open_services(live, actor=SYSTEM)
    try:
        made = services.backup.backup_now(usb)
    finally:
        services.close()
    assert sorted(usb.glob("*.part*")) == [running]
    assert [b.path for b in store.list_backups(usb)] == [made]


def test_a_first_start_keeps_the_key_left_beside_the_data(tmp_path: Path) -> None:
    """Data deleted but its key file kept (the encrypted backups need it): the new office's data is
    prepared with that same key, so those backups keep opening."""
    from desktop_app.services.app_services import abandon_first_start, finish_first_start, first_start

    target = tmp_path / "pcmd.sqlite3"
    old_key = keys.new_key()
    keys.save_key(target, old_key)
    staged = first_start(target)
    assert staged is not None and not target.exists()
    abandon_first_start(staged)  # cancelled: the key file stays as it was
    assert keys.load_key(target) == old_key and sorted(p.name for p in tmp_path.iterdir()) == [
        "pcmd.sqlite3.key"
    ]
    staged = first_start(target)
    assert staged is not None
    services = finish_first_start(open_services(staged, actor=SYSTEM), staged, target)
    try:
        configure(services)
    finally:
        services.close()
    assert keys.load_key(target) == old_key and keys.is_encrypted_file(target)
    assert first_start(target) is None  # from now on the data is there
