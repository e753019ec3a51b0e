"""Scanned copies at rest: encrypted with the database's key, checked on every read, converted by `encrypt`
and `decrypt`, opened on a new machine with the recovery key, and viewed through a copy that goes away."""

from __future__ import annotations

import hashlib
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.errors import StorageError
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.encryption import decrypt_database, encrypt_database, install_recovery_key
from desktop_app.storage import attachments, keys
from desktop_app.storage.attachments import MAGIC, AttachmentStore, ServerAttachmentStore
from tests.conftest import configure, ensure_admin, run_cli, sample_input

SCAN = b"%PDF-1.4 ban cam ket ky ngay 05/03/2026 - Nguyen Thi Hoa"


def _name(data: bytes, suffix: str = ".pdf") -> str:
    return hashlib.sha256(data).hexdigest() + suffix


@pytest.fixture(autouse=True)
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Scans opened for viewing go to this test's own temporary folder."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def test_an_encrypted_store_keeps_no_readable_copy(tmp_path: Path) -> None:
    key = keys.new_key()
    store = AttachmentStore(tmp_path / "attachments", key)
    kept = store.put(SCAN, _name(SCAN))
    blob = kept.read_bytes()
    assert blob.startswith(MAGIC) and b"Nguyen Thi Hoa" not in blob and b"%PDF" not in blob
    assert store.read(kept.name) == SCAN
    assert store.put(SCAN, _name(SCAN)) == kept and kept.read_bytes() == blob  # the same scan is kept once
    assert [p.name for p in kept.parent.iterdir()] == [kept.name]  # no .part left behind


def test_a_wrong_key_a_swapped_name_or_a_changed_byte_is_reported(tmp_path: Path) -> None:
    key = keys.new_key()
    store = AttachmentStore(tmp_path / "attachments", key)
    kept = store.put(SCAN, _name(SCAN))
    with pytest.raises(StorageError, match="khóa khác"):
        AttachmentStore(store.folder, keys.new_key()).read(kept.name)
    other = b"%PDF-1.4 another scan"
    other_kept = store.put(other, _name(other))
    kept.rename(tmp_path / "moved")
    other_kept.rename(kept)  # another scan under this one's name
    with pytest.raises(StorageError, match="bị thay thế"):
        store.read(kept.name)
    (tmp_path / "moved").replace(kept)
    damaged = bytearray(kept.read_bytes())
    damaged[-1] ^= 1
    kept.write_bytes(bytes(damaged))
    with pytest.raises(StorageError, match="bị hỏng"):
        store.read(kept.name)
    plain = AttachmentStore(tmp_path / "plain", None)
    wrong = plain.folder / _name(SCAN)
    plain.folder.mkdir()
    wrong.write_bytes(b"not the scan")  # a plain copy that does not match its checksum
    with pytest.raises(StorageError, match="bị hỏng"):
        plain.read(wrong.name)
    with pytest.raises(StorageError, match="Không tìm thấy"):
        plain.read(_name(b"never kept"))


def test_a_copy_encrypted_earlier_needs_the_key_file(tmp_path: Path) -> None:
    key = keys.new_key()
    kept = AttachmentStore(tmp_path / "attachments", key).put(SCAN, _name(SCAN))
    with pytest.raises(StorageError, match="khóa khôi phục"):
        AttachmentStore(kept.parent, None).read(kept.name)
    assert AttachmentStore(kept.parent, None, lambda: key).read(kept.name) == SCAN


def test_convert_both_ways_and_again(tmp_path: Path) -> None:
    folder = tmp_path / "attachments"
    plain = AttachmentStore(folder, None)
    scans = [SCAN, b"\x89PNG scan two", b"\xff\xd8 scan three"]
    suffixes = [".pdf", ".png", ".jpg"]
    names = [plain.put(data, _name(data, suffix)).name for data, suffix in zip(scans, suffixes, strict=True)]
    (folder / (names[0] + ".part")).write_bytes(b"left over")  # an interrupted copy is not a scan
    (folder / "desktop.ini").write_bytes(b"[.ShellClassInfo]")  # nor is what Windows puts in a folder
    damaged = folder / _name(b"a scan damaged since")
    damaged.write_bytes(b"not what its name says")
    key = keys.new_key()
    assert plain.convert(key) == (3, [damaged.name])  # the others are done; the damaged one is named
    assert all((folder / n).read_bytes().startswith(MAGIC) for n in names)
    assert (folder / "desktop.ini").read_bytes() == b"[.ShellClassInfo]"
    assert damaged.read_bytes() == b"not what its name says"
    assert plain.convert(key) == (0, [damaged.name])  # already encrypted: nothing to do
    assert [p.name for p in plain.plain()] == [damaged.name]
    encrypted = AttachmentStore(folder, key)
    assert [encrypted.read(n) for n in names] == scans
    assert AttachmentStore(folder, None, lambda: key).convert(None) == (3, [])  # the damaged one is plain
    assert [(folder / n).read_bytes() for n in names] == scans


def test_a_damaged_copy_under_a_scans_name_is_replaced_when_the_scan_comes_again(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "attachments", keys.new_key())
    store.folder.mkdir()
    (store.folder / _name(SCAN)).write_bytes(MAGIC + b"half a file")
    kept = store.put(SCAN, _name(SCAN))
    assert kept is not None and store.read(kept.name) == SCAN


def test_viewing_copies_are_private_reused_and_cleared(
    tmp_path: Path, own_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AttachmentStore(tmp_path / "attachments", keys.new_key())
    kept = store.put(SCAN, _name(SCAN))
    copy = store.viewing_copy(kept.name, "ban-chup-7")
    assert copy.name == "ban-chup-7.pdf" and copy.read_bytes() == SCAN
    assert copy.parent.parent == own_temp
    if sys.platform != "win32":
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert store.viewing_copy(kept.name, "ban-chup-7") == copy  # opened again: the same copy
    copy.write_bytes(b"changed in the viewer")
    real_write = attachments.write_atomically

    def locked(target: Path, data: bytes, failed: str, private: bool = False) -> None:
        if target == copy:  # a Windows viewer holds it open: it cannot be replaced
            raise StorageError(failed)
        real_write(target, data, failed, private)

    monkeypatch.setattr(attachments, "write_atomically", locked)
    again = store.viewing_copy(kept.name, "ban-chup-7")
    assert again.name == "ban-chup-7-2.pdf" and again.read_bytes() == SCAN
    assert copy.read_bytes() == b"changed in the viewer"
    attachments.clear_viewing_copies()
    assert not copy.exists() and list(own_temp.iterdir()) == []


def _office_with_scan(path: Path, tmp_path: Path, encrypt_new: bool = True) -> tuple[int, str | None]:
    """A new office with one signing and its scan; returns the attachment's id and the recovery key."""
    source = tmp_path / "Bản cam kết Nguyễn Thị Hoa.pdf"
    source.write_bytes(SCAN)
    services = open_services(path, actor=SYSTEM, encrypt_new=encrypt_new)
    try:
        configure(services)
        business = services.businesses.create(sample_input(services, name="Nhà nghỉ Hoàng Long"))
        services.commitments.record(CommitmentInput(business, "05/03/2026"), [source])
        (signing,) = services.commitments.for_business(business)
        return signing.attachments[0].id, services.recovery_key
    finally:
        services.close()


def _viewed(path: Path, attachment_id: int) -> bytes:
    services = open_services(path, actor=SYSTEM)
    try:
        return services.commitments.viewing_copy(attachment_id).read_bytes()
    finally:
        services.close()


def test_a_new_machine_opens_the_scans_with_the_recovery_key(tmp_path: Path) -> None:
    office = tmp_path / "van-phong" / "pcmd.sqlite3"
    office.parent.mkdir()
    attachment_id, recovery = _office_with_scan(office, tmp_path)
    assert recovery is not None
    (kept,) = (office.parent / "attachments").iterdir()
    assert kept.name == _name(SCAN) and kept.read_bytes().startswith(MAGIC)

    new_pc = tmp_path / "may-moi"
    new_pc.mkdir()
    moved = new_pc / "pcmd.sqlite3"
    shutil.copy2(office, moved)
    shutil.copytree(office.parent / "attachments", new_pc / "attachments")
    install_recovery_key(moved, recovery)  # a fresh key file for this machine
    assert _viewed(moved, attachment_id) == SCAN


def test_encrypt_and_decrypt_convert_the_scans_too(tmp_path: Path) -> None:
    path = tmp_path / "cu.sqlite3"
    attachment_id, _ = _office_with_scan(path, tmp_path, encrypt_new=False)  # an older, plain office
    kept = tmp_path / "attachments" / _name(SCAN)
    assert kept.read_bytes() == SCAN
    encrypt_database(path)
    assert kept.read_bytes().startswith(MAGIC) and _viewed(path, attachment_id) == SCAN
    decrypt_database(path)
    assert kept.read_bytes() == SCAN and _viewed(path, attachment_id) == SCAN


def test_an_encryption_stopped_half_way_is_finished_by_running_it_again(tmp_path: Path) -> None:
    path = tmp_path / "cu.sqlite3"
    attachment_id, _ = _office_with_scan(path, tmp_path, encrypt_new=False)
    kept = tmp_path / "attachments" / _name(SCAN)
    key = keys.new_key()
    keys.save_key(path, key)
    AttachmentStore(kept.parent, None).convert(key)  # the scans were encrypted, then the process stopped
    assert not keys.is_encrypted_file(path)
    assert _viewed(path, attachment_id) == SCAN  # readable meanwhile, through the key file
    result = encrypt_database(path)
    assert keys.is_encrypted_file(path) and keys.parse_recovery_text(result.recovery_key) == key
    assert kept.read_bytes().startswith(MAGIC) and _viewed(path, attachment_id) == SCAN


def test_a_scan_that_cannot_be_encrypted_does_not_cost_the_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cu.sqlite3"
    attachment_id, _ = _office_with_scan(path, tmp_path, encrypt_new=False)
    ensure_admin(path)
    backup_scans = tmp_path / "sao-luu" / "attachments"
    backup_scans.mkdir(parents=True)
    shutil.copy2(tmp_path / "attachments" / _name(SCAN), backup_scans / _name(SCAN))  # a plain backup copy
    (tmp_path / "attachments" / "desktop.ini").write_bytes(b"[.ShellClassInfo]")
    damaged = tmp_path / "attachments" / _name(b"another scan")
    damaged.write_bytes(b"damaged")
    code, out, err = run_cli(capsys, "--db", str(path), "encrypt")
    assert code == 0, err
    assert "KHÓA KHÔI PHỤC" in out and "Chưa mã hóa được 1 bản chụp" in out and damaged.name in out
    assert keys.is_encrypted_file(path) and _viewed(path, attachment_id) == SCAN
    assert (backup_scans / _name(SCAN)).read_bytes().startswith(MAGIC)  # the backup's copy too

    damaged.write_bytes(b"another scan")  # put right (say, the program holding it was closed)
    code, out, err = run_cli(capsys, "--db", str(path), "encrypt")
    assert code == 0 and "đã mã hóa thêm 1 bản chụp" in out, out + err
    assert damaged.read_bytes().startswith(MAGIC)
    code, _, err = run_cli(capsys, "--db", str(path), "encrypt")
    assert code == 1 and "đã được mã hóa" in err


def test_no_scan_is_touched_while_the_data_is_open(tmp_path: Path) -> None:
    path = tmp_path / "cu.sqlite3"
    _office_with_scan(path, tmp_path, encrypt_new=False)
    kept = tmp_path / "attachments" / _name(SCAN)
    services = open_services(path, actor=SYSTEM)  # the app, still open on this data
    try:
        services.businesses.rows()
        with pytest.raises(StorageError, match="đang được mở"):
            encrypt_database(path)
    finally:
        services.close()
    assert kept.read_bytes() == SCAN and not keys.is_encrypted_file(path)


def test_a_server_keeps_scans_in_the_database(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table is there on every database, so the server's store is tested on each backend."""
    legacy = tmp_path / "attachments"
    store = ServerAttachmentStore(services.db, legacy)
    with services.db.unit_of_work() as session:
        assert store.put(SCAN, _name(SCAN), session) is None
    assert store.exists(_name(SCAN)) and store.read(_name(SCAN)) == SCAN
    assert not legacy.exists()  # no file anywhere

    stored = ServerAttachmentStore._stored
    first_look = [True]

    def not_yet(session: Session, name: str) -> bool:  # another PC commits the same scan meanwhile
        if first_look.pop() if first_look else False:
            return False
        return stored(session, name)

    monkeypatch.setattr(ServerAttachmentStore, "_stored", staticmethod(not_yet))
    with services.db.unit_of_work() as session:
        store.put(SCAN, _name(SCAN), session)  # the duplicate key is no error: the scan is there
        session.execute(text("SELECT 1"))  # and the transaction goes on
    monkeypatch.undo()
    with services.db.read() as session:
        assert session.execute(text("SELECT count(*) FROM scan_file")).scalar_one() == 1

    older = b"%PDF-1.4 kept on this PC before scans moved to the server"
    legacy.mkdir()
    (legacy / _name(older)).write_bytes(older)
    assert store.read(_name(older)) == older
    with pytest.raises(StorageError, match="máy chủ"):
        store.read(_name(b"never kept"))
