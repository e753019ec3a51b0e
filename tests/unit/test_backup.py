"""Backups and restore: verified copies, retention, refusing bad or newer backups, restoring a damaged
database to identical data, the command line, and processes killed in the middle of writing."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.errors import StorageError
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.backup import SERVER_MESSAGE, BackupService, check_database, restore_database
from desktop_app.services.data_check import ALL_GOOD
from desktop_app.storage import backup as store
from desktop_app.storage.keys import load_key
from tests.conftest import FixedClock, configure, kill_when, raw_connect, run_cli, sample_input

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 9, 30, 0)


def _dump(path: Path) -> list[str]:
    """Every table's schema and rows, as SQL text."""
    conn = raw_connect(path)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        lines = [repr(tuple(entry)) for entry in schema]
        for kind, name, _sql in schema:
            if kind == "table":
                rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
                lines += [f"{name}: {row!r}" for row in rows]
        return lines
    finally:
        conn.close()


def _data(path: Path) -> list[str]:
    """`_dump` without what a restore adds to the restored data: its change-log entry and the chain's head."""
    return [
        line
        for line in _dump(path)
        if not line.startswith("app_setting: ('audit.chain_head'")
        and not (line.startswith("change_log: ") and ", 'backup', 0, 'restore', " in line)
    ]


def _office(path: Path, businesses: int = 3) -> None:
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        for i in range(businesses):
            services.businesses.create(
                sample_input(services, name=f"Nhà nghỉ {i}", registration_number=f"N{i}")
            )
    finally:
        services.close()


def _grow(path: Path, businesses: int) -> None:
    """More businesses, so that copying takes a few hundred pages."""
    services = open_services(path, actor=SYSTEM)
    try:
        for i in range(businesses):
            services.businesses.create(
                sample_input(services, name=f"Karaoke {i}", registration_number=f"K{i}", notes="x" * 2000)
            )
    finally:
        services.close()


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xff" * 8192)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "du-lieu" / "pcmd.sqlite3"
    _office(path)
    return path


def test_a_backup_is_a_verified_copy_named_by_its_time_only(live: Path, tmp_path: Path) -> None:
    services = open_services(live, actor=SYSTEM)
    before = _dump(live)
    try:
        backup = BackupService(services.db, now=FixedClock(NOW))
        made = backup.backup_now()
        assert made == live.parent / "sao-luu" / "pcmd-20261125-093000.sqlite3"
        assert backup.verify(made) and [b.path for b in backup.backups()] == [made]
        usb = tmp_path / "usb"
        second = backup.backup_now(usb)
        assert second == usb / "pcmd-20261125-093000.sqlite3"
        assert backup.backup_now(usb).name == "pcmd-20261125-093000-2.sqlite3"  # same second: a new name
        assert not list(usb.glob("*.part"))
        with services.db.read() as session:
            query = text("SELECT action, changes FROM change_log WHERE entity = 'export'")
            actions = session.execute(query).all()
        assert [tuple(a) for a in actions] == [("backup", '{"kind": "database"}')] * 3  # each copy is logged
    finally:
        services.close()
    assert _dump(made) == before  # the copy holds the data as it was, the log entry comes after


def test_automatic_backup_once_a_day_and_on_closing(live: Path) -> None:
    services = open_services(live, actor=SYSTEM)
    clock = FixedClock(NOW)
    try:
        backup = BackupService(services.db, now=clock)
        assert backup.automatic(closing=False) is not None
        clock.now = NOW + timedelta(hours=2)
        assert backup.automatic(closing=False) is None  # today's exists
        assert backup.automatic(closing=True) is not None
        clock.now = NOW + timedelta(days=1)
        assert backup.automatic(closing=False) is not None
        assert len(backup.backups()) == 3
    finally:
        services.close()


def test_retention_keeps_thirty_and_one_a_month_for_a_year(tmp_path: Path) -> None:
    folder = tmp_path / "sao-luu"
    folder.mkdir()
    today = date(2026, 11, 25)
    days = [today - timedelta(days=n) for n in range(0, 400)]
    for day in days:
        (folder / f"pcmd-{day:%Y%m%d}-170000.sqlite3").write_bytes(b"x")
    (folder / "pcmd-20240101-080000-truoc-khoi-phuc.sqlite3").write_bytes(b"x")
    (folder / "ghi-chu.txt").write_text("không phải bản sao lưu")
    store.prune(folder, today)
    kept = sorted(p.name for p in folder.iterdir())
    recent = {f"pcmd-{d:%Y%m%d}-170000.sqlite3" for d in days[:30]}
    assert recent <= set(kept)
    monthly = set(kept) - recent - {"pcmd-20240101-080000-truoc-khoi-phuc.sqlite3", "ghi-chu.txt"}
    # the newest of each month from December 2025 back to the months the thirty recent ones do not cover
    assert monthly == {
        "pcmd-20260930-170000.sqlite3",
        "pcmd-20260831-170000.sqlite3",
        "pcmd-20260731-170000.sqlite3",
        "pcmd-20260630-170000.sqlite3",
        "pcmd-20260531-170000.sqlite3",
        "pcmd-20260430-170000.sqlite3",
        "pcmd-20260331-170000.sqlite3",
        "pcmd-20260228-170000.sqlite3",
        "pcmd-20260131-170000.sqlite3",
        "pcmd-20251231-170000.sqlite3",
    }
    assert "pcmd-20240101-080000-truoc-khoi-phuc.sqlite3" in kept and "ghi-chu.txt" in kept


def test_backup_then_damage_then_restore_gives_identical_data(live: Path) -> None:
    services = open_services(live, actor=SYSTEM)
    try:
        made = BackupService(services.db, now=FixedClock(NOW)).backup_now()
        services.businesses.create(
            sample_input(services, name="Karaoke sau sao lưu", registration_number="K9")
        )
    finally:
        services.close()
    before = _data(made)
    _damage(live)
    problems = check_database(live)
    assert problems and "bị hỏng" in problems[0]

    safety = restore_database(live, made, now=FixedClock(NOW + timedelta(minutes=5)))
    assert safety.name == "pcmd-20261125-093500-truoc-khoi-phuc.sqlite3" and safety.exists()
    assert check_database(live) == []
    assert _data(live) == before and _dump(live) != _dump(made)  # plus the restore's entry
    services = open_services(live, actor=SYSTEM)
    try:
        names = {r.name for r in services.businesses.rows()}
        assert "Karaoke sau sao lưu" not in names and "Nhà nghỉ 0" in names
    finally:
        services.close()


def test_backups_keep_the_scans_and_a_restore_brings_lost_ones_back(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where a scan is opened for viewing
    scan = tmp_path / "Cam kết Nhà nghỉ 0.pdf"
    scan.write_bytes(b"%PDF-1.4 the signed form of Nha nghi 0")
    services = open_services(live, actor=SYSTEM)
    try:
        (business, *_) = [r.id for r in services.businesses.rows()]
        services.commitments.record(CommitmentInput(business, "05/03/2026"), [scan])
        (signing,) = services.commitments.for_business(business)
        attachment_id = signing.attachments[0].id
        backup = BackupService(services.db, now=FixedClock(NOW))
        made = backup.backup_now()
        usb = tmp_path / "usb"
        backup.backup_now(usb)
        backup.backup_now(usb)
    finally:
        services.close()
    (kept,) = (live.parent / "attachments").iterdir()
    for folder in (made.parent, usb):  # one copy of each scan however many backups, still encrypted
        assert [p.name for p in (folder / "attachments").iterdir()] == [kept.name]
        assert (folder / "attachments" / kept.name).read_bytes() == kept.read_bytes()
    assert b"Nha nghi" not in kept.read_bytes()

    shutil.rmtree(live.parent / "attachments")  # the data folder's scans are lost
    code, out, _ = run_cli(capsys, "--db", str(live), "check")
    assert code == 1 and f"Lỗi: Bản chụp số {attachment_id}: Không tìm thấy" in out and "sao-luu" in out
    _damage(live)
    restore_database(live, usb / made.name, now=FixedClock(NOW + timedelta(minutes=5)))
    assert run_cli(capsys, "--db", str(live), "check")[0] == 0
    services = open_services(live, actor=SYSTEM)
    try:
        assert services.commitments.viewing_copy(attachment_id).read_bytes() == scan.read_bytes()
    finally:
        services.close()


def test_restore_of_a_sound_database_keeps_a_safety_copy_with_the_newer_data(live: Path) -> None:
    services = open_services(live, actor=SYSTEM)
    try:
        backup = BackupService(services.db, now=FixedClock(NOW))
        made = backup.backup_now()
        services.businesses.create(sample_input(services, name="Karaoke mới", registration_number="K1"))
        safety = backup.restore(made)  # the services' database is closed by the restore
    finally:
        services.close()
    assert store.verify(safety, load_key(live))
    conn = raw_connect(safety)
    try:
        assert conn.execute("SELECT count(*) FROM business WHERE name = 'Karaoke mới'").fetchone() == (1,)
    finally:
        conn.close()
    assert _data(live) == _data(made)


def test_a_damaged_or_newer_backup_is_refused_and_the_data_stays(live: Path, tmp_path: Path) -> None:
    services = open_services(live, actor=SYSTEM)
    try:
        made = BackupService(services.db, now=FixedClock(NOW)).backup_now(tmp_path / "usb")
    finally:
        services.close()
    before = _dump(live)

    newer = tmp_path / "moi-hon.sqlite3"
    newer.write_bytes(made.read_bytes())
    conn = raw_connect(newer, key_of=live)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="phiên bản PCMD Desk mới hơn"):
        restore_database(live, newer)

    broken = tmp_path / "hong.sqlite3"
    broken.write_bytes(made.read_bytes())
    _damage(broken)
    with pytest.raises(StorageError, match="bị hỏng"):
        restore_database(live, broken)

    text = tmp_path / "khong-phai.sqlite3"
    text.write_text("xin chào")
    with pytest.raises(StorageError, match="không phải là bản sao lưu"):
        restore_database(live, text)
    assert _dump(live) == before
    assert not (live.parent / "sao-luu").exists()  # refused before any safety copy


def test_a_server_database_is_backed_up_by_the_server(services: Services) -> None:
    backup = services.backup
    if services.db.is_sqlite:
        assert backup.available and check_database(services.location) == []
    else:
        assert not backup.available and backup.backups() == [] and backup.automatic(closing=True) is None
        with pytest.raises(StorageError) as caught:
            backup.backup_now()
        assert caught.value.message == SERVER_MESSAGE


def test_command_line_backup_check_restore(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    code, out, err = run_cli(capsys, "--db", str(live), "backup", "--to", str(usb))
    assert (code, err) == (0, "")
    (made,) = usb.glob("pcmd-*.sqlite3")
    assert out.strip() == f"Đã sao lưu vào «{made}» (bản sao đã được kiểm tra)."
    assert run_cli(capsys, "--db", str(live), "check")[:2] == (
        0,
        ALL_GOOD + "\n",
    )

    _damage(live)
    code, out, _err = run_cli(capsys, "--db", str(live), "check")
    assert code == 1 and "bị hỏng" in out and "restore" in out
    code, out, err = run_cli(capsys, "--db", str(live), "restore", str(made))
    assert (code, err) == (0, "")
    assert out.startswith("Dữ liệu hiện tại không mở được (Tệp «pcmd.sqlite3» bị hỏng")  # the emergency
    assert f"\nĐã khôi phục từ «{made}». Dữ liệu trước khi khôi phục được giữ ở «" in out
    assert run_cli(capsys, "--db", str(live), "check")[0] == 0

    code, _out, err = run_cli(capsys, "--db", str(live), "restore", str(tmp_path / "khong-co.sqlite3"))
    assert code == 1 and err.startswith("Lỗi: Không đọc được tệp «khong-co.sqlite3»")


# ---- Killed in the middle
_SLOW = """
import sys, time
from pathlib import Path
from desktop_app.storage import backup as store
store.PAGES_PER_STEP = 4
original = store._copy
def slow_copy(source, target, key, progress=None, cancelled=None):
    def step(done, total):
        print("copying", flush=True)
        time.sleep(0.005)
    return original(source, target, key, step, cancelled)
store._copy = slow_copy
"""


def test_killing_a_backup_leaves_the_database_sound_and_no_false_backup(live: Path) -> None:
    _grow(live, 150)
    before = _dump(live)
    script = _SLOW + textwrap.dedent(f"""
        from datetime import datetime
        from desktop_app.storage import keys
        live = Path({str(live)!r})
        # the office's key, as BackupService passes it: without it the encrypted file cannot be read
        store.make_backup(live, live.parent / "sao-luu", datetime.now(), key=keys.load_key(live))
    """)
    kill_when(script, "copying", after=0.05)
    assert check_database(live) == [] and _dump(live) == before
    assert store.list_backups(live.parent / "sao-luu") == []  # only an unfinished .part, never listed


@pytest.mark.parametrize("after", [0.0, 0.2, 0.6])
def test_killing_a_restore_leaves_the_old_or_the_restored_database(live: Path, after: float) -> None:
    _grow(live, 150)
    services = open_services(live, actor=SYSTEM)
    try:
        made = BackupService(services.db).backup_now()
        services.businesses.create(sample_input(services, name="Karaoke mới", registration_number="M1"))
    finally:
        services.close()
    old, restored = _data(live), _data(made)
    script = _SLOW + textwrap.dedent(f"""
        from desktop_app.services.backup import restore_database
        restore_database({str(live)!r}, {str(made)!r})
        print("done", flush=True)
        time.sleep(60)
    """)
    kill_when(script, "copying", after=after)
    assert check_database(live) == []
    assert _data(live) in (old, restored)


def test_killing_an_import_loses_nothing_committed(tmp_path: Path) -> None:
    source_db = tmp_path / "nguon.sqlite3"
    target_db = tmp_path / "dich.sqlite3"
    services = open_services(source_db, actor=SYSTEM)
    try:
        services.demo.fill(400, seed=2)
        workbook = tmp_path / "co-so.xlsx"
        services.transfer.export(workbook)
    finally:
        services.close()
    services = open_services(target_db, actor=SYSTEM)
    try:
        services.demo.fill(0, seed=2)  # the same demo office, no businesses
        services.businesses.create(sample_input(services, name="Đã có từ trước", registration_number="T1"))
    finally:
        services.close()
    before = _dump(target_db)
    script = textwrap.dedent(f"""
        import time
        from desktop_app.domain.security import SYSTEM
        from desktop_app.services import import_writing
        from desktop_app.services.app_services import open_services
        import_writing.CHUNK = 20
        services = open_services({str(target_db)!r}, actor=SYSTEM)
        preview = services.transfer.preview({str(workbook)!r})
        def progress(done, total):
            if done:
                print("writing", flush=True)
                time.sleep(0.05)
        services.transfer.commit(preview, progress)
    """)
    kill_when(script, "writing", after=0.2)
    assert check_database(target_db) == []
    assert _dump(target_db) == before
    services = open_services(target_db, actor=SYSTEM)
    try:
        assert [r.name for r in services.businesses.rows()] == ["Đã có từ trước"]
    finally:
        services.close()
