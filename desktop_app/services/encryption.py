"""Encryption at rest, as the administrator deals with it: the recovery key, installing it on a new machine,
and converting an existing database (with its scanned copies) between plain and encrypted. These work on the
file itself, with every connection to it closed (the data may not open without them)."""

from __future__ import annotations

import os
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


def _attachments(database: Path) -> AttachmentStore:
    """The scanned copies beside the database file; its key file opens the ones already encrypted."""
    return AttachmentStore(database.parent / ATTACHMENTS_FOLDER_NAME, None, lambda: keys.stored_key(database))


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


def encrypt_database(target: str | os.PathLike[str]) -> tuple[str, int]:
    """Encrypt a plain database in place; returns the recovery key to print and how many copies of it are
    still plain (backups in the automatic folder, copies taken before upgrades). A key file already beside
    it is kept (older encrypted backups keep opening). Raises ConflictError (already encrypted),
    StorageError."""
    path = _file(target)
    if keys.is_encrypted_file(path):
        _attachments(path).convert(keys.load_key(path))  # finishes a conversion that stopped half way
        raise ConflictError("Dữ liệu đã được mã hóa.")
    try:
        key = keys.load_key(path)
    except KeyMissingError:
        key = keys.new_key()
        keys.save_key(path, key)
    keys.convert(path, None, key)
    _attachments(path).convert(key)
    copies = [b.path for b in list_backups(path.parent / BACKUP_FOLDER_NAME)]
    copies += path.parent.glob(f"{path.stem}.truoc-nang-cap-*{path.suffix}")  # taken before upgrades
    plain = [copy for copy in copies if not keys.is_encrypted_file(copy)]
    return keys.recovery_text(key), len(plain)


def decrypt_database(target: str | os.PathLike[str]) -> None:
    """Turn an encrypted database back into a plain SQLite file (for a technician, or before moving to a
    server). The key file stays: encrypted backups still need it. Raises ConflictError, StorageError."""
    path = _file(target)
    if not keys.is_encrypted_file(path):
        _attachments(path).convert(None)  # finishes a conversion that stopped half way
        raise ConflictError("Dữ liệu chưa được mã hóa.")
    key = keys.load_key(path)
    _attachments(path).convert(None)
    keys.convert(path, key, None)
