"""The self-test's probes of the storage on this PC: a new encrypted database, an encrypted scan, an
upgrade from the first schema. Each works in a temporary folder, returns what it saw, raises
SelfCheckFailure."""

from __future__ import annotations

from pathlib import Path


class SelfCheckFailure(Exception):
    """One check found a problem; the message says what (Vietnamese first, then English)."""


def check_database(folder: Path) -> str:
    """A new encrypted database by the migration path; closed and opened again with its key file."""
    from desktop_app.storage.keys import key_file
    from desktop_app.storage.migrate import current_revision, head_revision, open_database

    target = folder / "moi" / "pcmd.sqlite3"
    target.parent.mkdir()
    open_database(target, encrypt_new=True).dispose()
    if not key_file(target).is_file() or target.read_bytes()[:16] == b"SQLite format 3\x00":
        raise SelfCheckFailure("Dữ liệu mới không được mã hóa / the new database is not encrypted")
    db = open_database(target)  # the key comes back from the key file (DPAPI on Windows)
    try:
        revision = current_revision(db.engine)
    finally:
        db.dispose()
    if revision != head_revision():
        raise SelfCheckFailure(f"Phiên bản dữ liệu / schema revision {revision} ≠ {head_revision()}")
    return f"SQLCipher, revision {revision}"


def check_scans(folder: Path) -> str:
    """A scan kept encrypted with a database key (AES-GCM from `cryptography`), read back and checked."""
    import hashlib

    from desktop_app.storage.attachments import MAGIC, AttachmentStore
    from desktop_app.storage.keys import new_key

    scan = b"%PDF-1.4 PCMD Desk self-test scan"
    name = hashlib.sha256(scan).hexdigest() + ".pdf"
    store = AttachmentStore(folder / "ban-chup", new_key())
    store.put(scan, name)
    kept = store.path(name)
    if not kept.read_bytes().startswith(MAGIC) or store.read(name) != scan:
        raise SelfCheckFailure("Bản chụp không được mã hóa đúng / scan not encrypted as expected")
    return f"AES-256-GCM, {kept.stat().st_size} bytes"


def check_upgrade(folder: Path) -> str:
    """A database left at the first revision is copied aside, then upgraded to the head on opening."""
    from desktop_app.storage.migrate import _revision_graph, head_revision, open_database, upgrade

    first = next(rev for rev, down in _revision_graph().items() if down is None)
    target = folder / "cu" / "pcmd.sqlite3"
    target.parent.mkdir()
    old = open_database(target, migrate=False, encrypt_new=True)
    try:
        upgrade(old.engine, first)
    finally:
        old.dispose()
    before = set(target.parent.iterdir())
    open_database(target).dispose()
    copies = [path for path in set(target.parent.rglob("*")) - before if path.is_file()]
    if not copies:
        raise SelfCheckFailure("Không có bản sao trước khi nâng cấp / no pre-migration copy")
    return f"{first} → {head_revision()}, bản sao / copy: {copies[0].name}"
