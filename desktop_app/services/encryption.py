"""Encryption at rest, as the administrator deals with it: the recovery key, installing it on a new machine,
and converting an existing database (with its scanned copies) between plain and encrypted. These work on the
file itself, with every connection to it closed (the data may not open without them)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import ConflictError, KeyMissingError, StorageError, ValidationError
from desktop_app.services.backup import BACKUP_FOLDER_NAME
from desktop_app.storage import keys
from desktop_app.storage.attachments import ATTACHMENTS_FOLDER_NAME, AttachmentStore
from desktop_app.storage.backup import list_backups
from desktop_app.storage.db import database_url, sqlite_path

NOT_A_FILE = "Dữ liệu trên máy chủ PostgreSQL được bảo vệ bằng cơ chế của máy chủ (mã hóa ổ đĩa, TLS)."


def recovery_text(key: bytes) -> str:
    return keys.recovery_text(key)


def _file(target: str | os.PathLike[str]) -> Path:
    path = sqlite_path(database_url(target))
    if path is None:
        raise StorageError(NOT_A_FILE)
    if not path.exists():
        raise StorageError(f"Không có tệp dữ liệu «{path}».")
    return path


def is_encrypted(target: str | os.PathLike[str]) -> bool:
    return keys.is_encrypted_file(_file(target))


def install_recovery_key(target: str | os.PathLike[str], text: str) -> None:
    """On a new machine (or after the key file was lost): check that the recovery key opens the database,
    then write a key file for this machine. Raises ValidationError (wrong key), StorageError."""
    path = _file(target)
    key = keys.parse_recovery_text(text)
    if not keys.opens_with(path, key):
        raise ValidationError(keys.WRONG_RECOVERY_KEY, "key")
    keys.save_key(path, key)


@dataclass(frozen=True)
class Encrypted:
    """What `encrypt` did: the recovery key to print, how many copies of the database are still plain, and
    the scans that could not be encrypted (damaged, or held by another program; they stay readable)."""

    recovery_key: str
    plain_copies: int
    scans_left: list[str]


def encrypt_database(target: str | os.PathLike[str]) -> Encrypted:
    """Encrypt a plain database in place, with its scans and the scans kept in its backup folder. A key file
    already beside it is kept (older encrypted backups keep opening). The scans go first: a stop in between
    leaves them readable with the key file and the database still plain, and running it again finishes.
    Raises ConflictError (already encrypted), StorageError."""
    path = _file(target)
    if keys.is_encrypted_file(path):
        raise ConflictError("Dữ liệu đã được mã hóa.")
    try:
        key = keys.load_key(path)
    except KeyMissingError:
        key = keys.new_key()
        keys.save_key(path, key)
    keys.check_alone(path, None)  # the scans are not touched while the data is open in the app
    scans_left = _encrypt_scans(path, key)
    keys.convert(path, None, key)
    copies = [b.path for b in list_backups(path.parent / BACKUP_FOLDER_NAME)]
    copies += path.parent.glob(f"{path.stem}.truoc-nang-cap-*{path.suffix}")  # taken before upgrades
    plain = [copy for copy in copies if not keys.is_encrypted_file(copy)]
    return Encrypted(keys.recovery_text(key), len(plain), scans_left)


def encrypt_remaining_scans(target: str | os.PathLike[str]) -> tuple[int, list[str]]:
    """For an encrypted database: encrypt the scans still plain (left by an earlier `encrypt` because they
    were held by another program). Returns how many were encrypted and which still could not be."""
    path = _file(target)
    key = keys.load_key(path)
    before = sum(1 for scan in _scan_folders(path) for _ in scan.plain())
    left = _encrypt_scans(path, key)
    return before - len(left), left


def _encrypt_scans(database: Path, key: bytes) -> list[str]:
    left: list[str] = []
    for scans in _scan_folders(database):
        left += scans.convert(key)[1]
    return left


def _scan_folders(database: Path) -> list[AttachmentStore]:
    """The scans beside the database and the copies of them in its backup folder."""

    def fallback() -> bytes | None:
        return keys.stored_key(database)

    return [
        AttachmentStore(database.parent / ATTACHMENTS_FOLDER_NAME, None, fallback),
        AttachmentStore(database.parent / BACKUP_FOLDER_NAME / ATTACHMENTS_FOLDER_NAME, None, fallback),
    ]


def decrypt_database(target: str | os.PathLike[str]) -> list[str]:
    """Turn an encrypted database back into a plain SQLite file (for a technician, or before moving to a
    server), with the scans beside it; returns the scans that could not be decrypted (they still open with
    the key file). The key file stays: encrypted backups (and their scans) still need it. Raises
    ConflictError, StorageError."""
    path = _file(target)
    if not keys.is_encrypted_file(path):
        raise ConflictError("Dữ liệu chưa được mã hóa.")
    key = keys.load_key(path)
    keys.check_alone(path, key)  # the scans are not touched while the data is open in the app
    _, left = _scan_folders(path)[0].convert(None)
    keys.convert(path, key, None)
    return left
