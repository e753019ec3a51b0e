"""Scanned copies of signed commitments, kept in the attachments folder under their SHA-256 checksum (no
names in file names).

When the database is encrypted, every copy is encrypted too (AES-256-GCM with a key derived from the database
key by HKDF), so the folder is as unreadable off the machine as the database, and the recovery key opens
both. An encrypted copy starts with `MAGIC`; a file without it is a plain copy (made for a plain database, or
before the database was encrypted) and is read as it is. Every read checks the content against the checksum
in the file's name, so a damaged or swapped copy is reported instead of shown.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.errors import Cancelled, StorageError
from desktop_app.storage.db import Database
from desktop_app.storage.files import write_atomically
from desktop_app.storage.models import ScanFileRecord

ATTACHMENTS_FOLDER_NAME = "attachments"
MAGIC = b"PCMDENC1"
NONCE_BYTES = 12
VIEWING_FOLDER = "pcmd-desk-ban-chup"
VIEWING_ATTEMPTS = 20
SCAN_NAME = re.compile(r"[0-9a-f]{64}\.[a-z0-9]{1,5}")
UNREADABLE = (
    "Không đọc được bản chụp «{name}»: tệp bị hỏng, bị thay thế hoặc được mã hóa bằng khóa khác. Hãy lấy lại "
    "thư mục attachments từ bản sao lưu."
)
NO_KEY = (
    "Bản chụp «{name}» đã được mã hóa nhưng máy này không có khóa của dữ liệu: người quản trị hãy nhập khóa "
    "khôi phục."
)
WRITE_FAILED = "Không ghi được bản chụp vào thư mục dữ liệu (ổ đĩa đầy hoặc không có quyền ghi)."

KeySource = Callable[[], bytes | None]


def _file_key(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pcmd-desk attachments v1").derive(key)


def seal(data: bytes, key: bytes, name: str) -> bytes:
    """`data` encrypted for the file called `name` (the name is authenticated with it)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(_file_key(key)).encrypt(nonce, data, name.encode("utf-8"))


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def unseal(blob: bytes, key: bytes, name: str) -> bytes:
    """The content of a sealed file. Raises StorageError (wrong key, damaged or renamed file)."""
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(_file_key(key)).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], name.encode("utf-8"))
    except (InvalidTag, ValueError) as err:
        raise StorageError(UNREADABLE.format(name=name)) from err


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AttachmentStore:
    """The attachments folder of one database. `key` is the database key (None for a plain database);
    `fallback_key` finds the key of a copy encrypted earlier when the database is plain now (its key file
    stays after `decrypt`)."""

    def __init__(self, folder: Path, key: bytes | None, fallback_key: KeySource | None = None) -> None:
        self.folder = folder
        self._key = key
        self._fallback_key = fallback_key

    def path(self, stored_name: str) -> Path:
        return self.folder / stored_name

    def exists(self, stored_name: str) -> bool:
        return self.path(stored_name).exists()

    def put(self, data: bytes, stored_name: str, session: Session | None = None) -> Path | None:
        """Keep `data` under `stored_name` (encrypted when the database is), unless a copy is already there;
        returns the file. The copy is read back and checked before it counts. `session` (the transaction
        that records the scan) is not needed by files. Raises StorageError."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(stored_name)
        if target.exists():
            try:
                if self.read(stored_name) == data:
                    return target
            except StorageError:
                pass  # a damaged copy under this name: written again below
        blob = seal(data, self._key, stored_name) if self._key is not None else data
        write_atomically(target, blob, WRITE_FAILED)
        try:
            if self.read(stored_name) == data:
                return target
        except StorageError:
            pass
        target.unlink(missing_ok=True)
        raise StorageError(WRITE_FAILED)

    def read(self, stored_name: str) -> bytes:
        """The content of a kept copy, checked against the checksum in its name. Raises StorageError."""
        path = self.path(stored_name)
        try:
            blob = path.read_bytes()
        except OSError as err:
            raise StorageError(f"Không tìm thấy tệp bản chụp trong thư mục dữ liệu ({self.folder}).") from err
        data = self._open(blob, stored_name)
        if sha256(data) != Path(stored_name).stem:
            raise StorageError(UNREADABLE.format(name=stored_name))
        return data

    def _open(self, blob: bytes, stored_name: str) -> bytes:
        if not is_sealed(blob):
            return blob
        key = self._key if self._key is not None else (self._fallback_key() if self._fallback_key else None)
        if key is None:
            raise StorageError(NO_KEY.format(name=stored_name))
        return unseal(blob, key, stored_name)

    def convert(self, key: bytes | None) -> tuple[int, list[str]]:
        """Rewrite every kept scan encrypted with `key`, or plain when `key` is None; scans already in that
        form and files that are not scans (`desktop.ini`, say) are left alone. Each file is swapped in whole,
        so a stop half way leaves every scan readable. Returns how many were rewritten and the names of the
        scans that could not be (damaged, or held by another program): those stay as they were."""
        rewritten, failed = 0, []
        for path in _scans_in(self.folder):
            try:
                if is_sealed(path.read_bytes()) == (key is not None):
                    continue
                data = self.read(path.name)
                write_atomically(path, seal(data, key, path.name) if key is not None else data, WRITE_FAILED)
            except (OSError, StorageError):
                failed.append(path.name)
                continue
            rewritten += 1
        return rewritten, failed

    def plain(self) -> list[Path]:
        """The kept scans not encrypted."""
        unsealed = []
        for path in _scans_in(self.folder):
            try:
                with path.open("rb") as fh:
                    if not is_sealed(fh.read(len(MAGIC))):
                        unsealed.append(path)
            except OSError:
                unsealed.append(path)
        return unsealed

    def viewing_copy(self, stored_name: str, label: str) -> Path:
        """A plain copy in a folder of this user's temporary files, for the system's viewer, named `label`
        plus the file's extension (never the scanned file's original name). Raises StorageError."""
        folder = viewing_folder()
        data = self.read(stored_name)
        suffix = Path(stored_name).suffix
        for attempt in range(1, VIEWING_ATTEMPTS + 1):
            target = folder / (label + (f"-{attempt}" if attempt > 1 else "") + suffix)
            try:
                if target.exists() and target.read_bytes() == data:
                    return target  # opened before and still there (a viewer may hold it open)
                write_atomically(target, data, WRITE_FAILED, private=True)
                return target
            except (OSError, StorageError):
                continue  # held open and locked by a viewer (Windows): the next name
        raise StorageError(WRITE_FAILED)


class ServerAttachmentStore(AttachmentStore):
    """The scans of an office on a database server, kept in the database itself (`scan_file`), so that every
    PC sees them and the server's own backups hold them. The server protects them like the rest.

    `legacy_folder`: where this PC kept the scans of a server office before they moved into the database;
    a scan not found in the database is looked for there.
    """

    def __init__(self, db: Database, legacy_folder: Path | None = None) -> None:
        super().__init__(legacy_folder or Path(), None)
        self._db = db
        self._legacy = legacy_folder

    def put(self, data: bytes, stored_name: str, session: Session | None = None) -> Path | None:
        """Add the scan in the transaction that records it (so it goes if that is rolled back); returns
        None: there is no file. Another PC adding the same scan at the same moment is no conflict."""
        if session is None:
            raise ValueError("a scan goes to the server inside the transaction that records it")
        if not self._stored(session, stored_name):
            try:
                with session.begin_nested():
                    session.add(ScanFileRecord(stored_name=stored_name, data=data, added_at=datetime.now()))
            except IntegrityError:
                if not self._stored(session, stored_name):
                    raise
        return None

    @staticmethod
    def _stored(session: Session, stored_name: str) -> bool:
        query = select(ScanFileRecord.stored_name).where(ScanFileRecord.stored_name == stored_name)
        return session.execute(query).first() is not None

    def exists(self, stored_name: str) -> bool:
        with self._db.read() as session:
            return self._stored(session, stored_name)

    def read(self, stored_name: str) -> bytes:
        with self._db.read() as session:
            found = session.execute(
                select(ScanFileRecord.data).where(ScanFileRecord.stored_name == stored_name)
            ).scalar_one_or_none()
        if found is None:
            if self._legacy is not None and (self._legacy / stored_name).exists():
                return super().read(stored_name)
            raise StorageError("Không tìm thấy bản chụp này trên máy chủ dữ liệu.")
        data = bytes(found)
        if sha256(data) != Path(stored_name).stem:
            raise StorageError(UNREADABLE.format(name=stored_name))
        return data

    def convert(self, key: bytes | None) -> tuple[int, list[str]]:
        return 0, []  # nothing to convert: the server's own protection applies

    def plain(self) -> list[Path]:
        return []


def mirror(source: Path, target: Path, cancelled: Callable[[], bool] | None = None) -> int:
    """Copy into `target` every kept scan of `source` it does not have yet, as it is (an encrypted copy stays
    encrypted). Scans are named by their checksum and never change, so a backup folder keeps one copy of
    each however many backups refer to it. Returns how many were copied. Raises StorageError, Cancelled."""
    failed = (
        f"Không chép được các bản chụp vào «{target}» (ổ đĩa đầy, bị tháo ra hoặc không có quyền ghi). "
        "Dữ liệu đang dùng không bị ảnh hưởng."
    )
    copied = 0
    try:
        scans = [path for path in _scans_in(source) if not (target / path.name).exists()]
        for path in scans:
            if cancelled is not None and cancelled():
                raise Cancelled()
            target.mkdir(parents=True, exist_ok=True)
            write_atomically(target / path.name, path.read_bytes(), failed)
            copied += 1
    except OSError as err:
        raise StorageError(failed) from err
    return copied


def _scans_in(folder: Path) -> list[Path]:
    """The kept scans of a folder (named by their checksum), leaving out anything else found there."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if SCAN_NAME.fullmatch(p.name) and p.is_file())


def viewing_folder() -> Path:
    """This user's folder of copies opened for viewing, readable only by them."""
    folder = Path(tempfile.gettempdir()) / f"{VIEWING_FOLDER}-{_user_tag()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name != "nt" and stat.S_IMODE(folder.stat().st_mode) != 0o700:
            folder.chmod(0o700)
    except OSError as err:
        raise StorageError(WRITE_FAILED) from err
    return folder


def _user_tag() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "nguoi-dung"


def clear_viewing_copies() -> None:
    """Delete the copies opened for viewing (when the app closes and when it starts). A copy a viewer still
    holds open on Windows stays until the next time."""
    folder = Path(tempfile.gettempdir()) / f"{VIEWING_FOLDER}-{_user_tag()}"
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
