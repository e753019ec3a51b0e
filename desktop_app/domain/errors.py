"""Domain errors: every message is Vietnamese text a clerk can read, tied to a field when there is one."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a clerk may see. `message` is Vietnamese; `field` names the offending input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """One input value is invalid."""


class ValidationErrors(DomainError):
    """Several inputs are invalid at once; `errors` maps field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()), "Dữ liệu không hợp lệ.")
        super().__init__(first, next(iter(errors), None))
        self.errors = dict(errors)


class NotFoundError(DomainError):
    """The record asked for does not exist (or no longer exists)."""


class ConflictError(DomainError):
    """The action conflicts with the current state (a duplicate, a closed round, ...)."""


class StorageError(DomainError):
    """The database cannot be opened or written: locked, read-only, corrupt, full disk, newer version."""


class Cancelled(DomainError):
    """The clerk cancelled a long action; nothing was written."""

    def __init__(self, message: str = "Đã hủy theo yêu cầu; dữ liệu giữ nguyên như trước.") -> None:
        super().__init__(message)


class KeyMissingError(StorageError):
    """An encrypted database whose key file is missing or cannot be opened on this machine: the
    administrator's recovery key opens it."""
