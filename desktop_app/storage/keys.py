"""Encryption at rest: the random key of a SQLCipher database, kept in a key file beside it, and the
recovery key an administrator prints at setup.

On Windows the key file holds the key protected with DPAPI for the machine (CryptProtectData with
CRYPTPROTECT_LOCAL_MACHINE), so clerks never type a database password and a copied file is useless on another
PC. Elsewhere the file holds the key itself, readable only by its owner. The recovery key is the same 32 bytes
written as 13 groups of base32 letters and digits: it opens the database and its backups anywhere.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import sqlite3
import sys
from pathlib import Path
from typing import Any

import sqlcipher3

from desktop_app.domain.errors import KeyMissingError, StorageError, ValidationError
from desktop_app.storage.files import DATA_PARTS, create_private, remove_leftovers, write_atomically

KEY_BYTES = 32
CONVERT_PART = DATA_PARTS[0]
KEY_SUFFIX = ".key"
SQLITE_HEADER = b"SQLite format 3\x00"
GROUP = 4
MISSING_KEY = (
    "Tệp «{name}» không phải dữ liệu SQLite thông thường: đó là dữ liệu đã mã hóa mà tệp khóa «{key}» thiếu, "
    "hỏng hoặc được tạo trên máy khác, hoặc không phải dữ liệu của PCMD Desk. Nếu là dữ liệu mã hóa của đơn "
    "vị, người quản trị hãy nhập khóa khôi phục đã in khi thiết lập."
)
WRONG_RECOVERY_KEY = "Khóa khôi phục không mở được dữ liệu này: hãy kiểm tra lại từng nhóm ký tự."


def key_file(database: Path) -> Path:
    """Where the key of `database` lives: `pcmd.sqlite3.key` beside `pcmd.sqlite3`."""
    return database.with_name(database.name + KEY_SUFFIX)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def recovery_text(key: bytes) -> str:
    """The key as a printable recovery key: `ABCD-EFGH-…` (base32, 13 groups of 4)."""
    letters = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(letters[i : i + GROUP] for i in range(0, len(letters), GROUP))


def parse_recovery_text(text: str) -> bytes:
    """The key back from a typed recovery key (spaces, dashes and case do not matter; 0/1/8 read as O/I/B)."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters = letters.translate(str.maketrans("018", "OIB"))
    padding = "=" * (-len(letters) % 8)
    try:
        key = base64.b32decode(letters + padding)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ValidationError(
            "Khóa khôi phục gồm 13 nhóm 4 ký tự (chữ và số), cách nhau bằng dấu gạch.", "key"
        )
    return key


def is_encrypted_file(path: Path) -> bool:
    """True for an existing, non-empty file that is not plain SQLite (encrypted, or not a database at all)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and header != SQLITE_HEADER


# ---- Protecting the key on this machine


def _protect(key: bytes) -> dict[str, str]:
    if sys.platform == "win32":  # pragma: no cover - exercised on the Windows runner
        return {"protection": "dpapi-machine", "key": base64.b64encode(_dpapi(key, protect=True)).decode()}
    return {"protection": "file", "key": key.hex()}


def _unprotect(data: dict[str, Any]) -> bytes:
    protection = data.get("protection")
    if protection == "dpapi-machine":
        if sys.platform != "win32":
            raise ValueError("a DPAPI key opens only on Windows")
        return _dpapi(base64.b64decode(str(data["key"])), protect=False)  # pragma: no cover
    if protection == "file":
        return bytes.fromhex(str(data["key"]))
    raise ValueError("unknown key protection")


def _dpapi(data: bytes, protect: bool) -> bytes:  # pragma: no cover - Windows only
    """CryptProtectData / CryptUnprotectData through ctypes, bound to the machine."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    local_machine, ui_forbidden = 0x4, 0x1
    buffer = ctypes.create_string_buffer(data, len(data))
    source = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    result = Blob()
    crypt32 = ctypes.windll.crypt32  # type: ignore[attr-defined]
    call = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
    flags = ui_forbidden | (local_machine if protect else 0)
    if not call(ctypes.byref(source), None, None, None, None, flags, ctypes.byref(result)):
        raise OSError("DPAPI refused the key")
    try:
        return ctypes.string_at(result.pbData, result.cbData)
    finally:
        ctypes.windll.kernel32.LocalFree(result.pbData)  # type: ignore[attr-defined]


def save_key(database: Path, key: bytes) -> Path:
    """Write the key file beside `database` atomically, readable only by its owner. Raises StorageError."""
    target = key_file(database)
    try:
        payload = json.dumps({"version": 1, **_protect(key)})
    except OSError as err:  # DPAPI refused
        raise StorageError(f"Không bảo vệ được khóa «{target.name}» trên máy này.") from err
    failed = f"Không ghi được tệp khóa «{target.name}» (không có quyền ghi hoặc ổ đĩa đầy)."
    write_atomically(target, payload.encode("utf-8"), failed, private=True)
    return target


def load_key(database: Path) -> bytes:
    """The key of `database` from its key file. Raises KeyMissingError when it cannot be read here."""
    path = key_file(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        key = _unprotect(data)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise KeyMissingError(MISSING_KEY.format(name=database.name, key=path.name)) from err
    if len(key) != KEY_BYTES:
        raise KeyMissingError(MISSING_KEY.format(name=database.name, key=path.name))
    return key


def stored_key(database: Path) -> bytes | None:
    """The key in the key file beside `database` whether or not the file is encrypted now; None when there is
    no key file readable here."""
    try:
        return load_key(database)
    except KeyMissingError:
        return None


def key_for(database: Path) -> bytes | None:
    """None for a plain (or missing) file; else the key from the key file. Raises StorageError."""
    return load_key(database) if is_encrypted_file(database) else None


# ---- Connections at the driver level (backups, checks, conversions)


def connect(path: Path, key: bytes | None, readonly: bool = False) -> Any:
    """A DB-API connection to the file: sqlcipher3 with the key first when there is one, else sqlite3."""
    target = path.resolve().as_uri() + ("?mode=ro" if readonly else "")
    if key is None:
        return sqlite3.connect(target, uri=True)
    conn = sqlcipher3.connect(target, uri=True)
    conn.execute(QUIET)
    conn.execute(key_pragma(key))
    return conn


# SQLCipher logs a failed page check to stderr; the app reports it in Vietnamese instead.
QUIET = "PRAGMA cipher_log_level = NONE"


def key_pragma(key: bytes) -> str:
    """`PRAGMA key` with the raw key (no password derivation: opening stays fast on old PCs)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


# The database errors of both drivers (and with OSError), for `except` clauses.
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
DRIVER_OR_OS_ERRORS: tuple[type[Exception], ...] = (*DRIVER_ERRORS, OSError)


def opens_with(path: Path, key: bytes) -> bool:
    """True when `key` reads the database at `path`."""
    try:
        conn = connect(path, key, readonly=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except DRIVER_ERRORS:
        return False
    return True


# ---- Converting a whole file between plain and encrypted

LOCK_WAIT_S = 2.0
IN_USE = (
    "Dữ liệu đang được mở trong PCMD Desk (trên máy này hoặc máy khác qua mạng): hãy đóng chương trình ở mọi "
    "nơi rồi thử lại. Dữ liệu giữ nguyên."
)


def hold_alone(conn: Any) -> None:
    """Take the file for this connection alone (kept until it closes) and fold the write-ahead log into it.
    Raises StorageError(IN_USE) when another connection has it open: replacing the file under that
    connection would lose what it writes next."""
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except DRIVER_ERRORS as err:
        if "locked" in str(err).lower() or "busy" in str(err).lower():
            raise StorageError(IN_USE) from err
        raise
    if busy is not None and busy[0]:
        raise StorageError(IN_USE)


def check_alone(path: Path, key: bytes | None) -> None:
    """Raises StorageError(IN_USE) when another connection has the file open: checked before work that must
    not start unless the file can be converted afterwards."""
    conn = connect(path, key)
    try:
        hold_alone(conn)
    except DRIVER_ERRORS as err:
        raise StorageError("Không mở được tệp dữ liệu để chuyển đổi; dữ liệu giữ nguyên.") from err
    finally:
        conn.close()


def convert(path: Path, from_key: bytes | None, to_key: bytes | None) -> None:
    """Rewrite the database at `path` (closed by everyone) plain → encrypted, encrypted → plain, or to
    another key, with `sqlcipher_export`. The new file is written beside it, checked, and swapped in with one
    atomic rename: a failure at any point leaves the old file as it was. Raises StorageError."""
    part = path.with_name(path.name + CONVERT_PART)
    remove_leftovers([part])  # a killed run's copy (and its journal)
    target_key = f"x'{to_key.hex()}'" if to_key is not None else ""
    try:
        create_private(part)  # a plain copy (decrypt) is readable by its owner only, even for a moment
        conn = sqlcipher3.connect(path.resolve().as_uri(), uri=True, timeout=LOCK_WAIT_S)
        try:
            conn.execute(QUIET)
            if from_key is not None:
                conn.execute(key_pragma(from_key))
            hold_alone(conn)
            conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(part), target_key))
            conn.execute("SELECT sqlcipher_export('converted')")
            conn.execute("DETACH DATABASE converted")
        finally:
            conn.close()
        check = connect(part, to_key, readonly=True)
        try:
            result = [row[0] for row in check.execute("PRAGMA integrity_check")]
        finally:
            check.close()
        if result != ["ok"]:
            raise StorageError("Bản chuyển đổi không qua được bước kiểm tra toàn vẹn; dữ liệu giữ nguyên.")
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        for extra in ("-wal", "-shm"):
            path.with_name(path.name + extra).unlink(missing_ok=True)
        os.replace(part, path)
    except DRIVER_OR_OS_ERRORS as err:
        remove_leftovers([part])
        raise StorageError(
            "Không chuyển đổi được tệp dữ liệu (đang được mở ở nơi khác, ổ đĩa đầy hoặc không có quyền ghi). "
            "Dữ liệu giữ nguyên."
        ) from err
    except BaseException:  # a refused check, Ctrl+C: no copy (perhaps plain) stays behind
        remove_leftovers([part])
        raise
