"""Accounts: read models out, records in. Password hashes never leave this module except for checking."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.security import ROLE_ADMIN, UserAccount, UserInput
from desktop_app.storage.models import AppSettingRecord, UserRecord


def _account(record: UserRecord) -> UserAccount:
    return UserAccount(
        id=record.id,
        username=record.username,
        full_name=record.full_name,
        role=record.role,
        active=record.active,
        failed_attempts=record.failed_attempts,
        locked_until=record.locked_until,
        last_login_at=record.last_login_at,
        must_change_password=record.must_change_password,
    )


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(UserRecord)) or 0)


def all_accounts(session: Session) -> list[UserAccount]:
    records = session.scalars(select(UserRecord).order_by(UserRecord.username))
    return [_account(r) for r in records]


def record(session: Session, user_id: int, for_update: bool = False) -> UserRecord:
    query = select(UserRecord).where(UserRecord.id == user_id)
    if for_update:
        query = query.with_for_update()
    found = session.scalars(query).first()
    if found is None:
        raise NotFoundError("Không tìm thấy tài khoản.")
    return found


def by_username(session: Session, username: str, for_update: bool = False) -> UserRecord | None:
    query = select(UserRecord).where(UserRecord.username == username)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def account(record: UserRecord) -> UserAccount:
    return _account(record)


def add(session: Session, data: UserInput, password_hash: str, now: datetime, must_change: bool) -> int:
    new = UserRecord(
        username=data.username,
        full_name=data.full_name,
        role=data.role,
        password_hash=password_hash,
        active=True,
        failed_attempts=0,
        locked_until=None,
        must_change_password=must_change,
        last_login_at=None,
        created_at=now,
    )
    session.add(new)
    session.flush()
    return new.id


def other_active_admins(session: Session, user_id: int) -> int:
    """Active administrators other than `user_id`."""
    query = select(func.count()).where(
        UserRecord.role == ROLE_ADMIN, UserRecord.active.is_(True), UserRecord.id != user_id
    )
    return int(session.scalar(query) or 0)


def get_setting(session: Session, key: str) -> str | None:
    record = session.get(AppSettingRecord, key)
    return record.value if record is not None else None


def set_setting(session: Session, key: str, value: str) -> None:
    record = session.get(AppSettingRecord, key)
    if record is None:
        record = AppSettingRecord(key=key)
        session.add(record)
    record.value = value
