"""Accounts and signing in: the first administrator, sign-in with lock-out, passwords, the idle-lock setting.

Passwords are hashed with Argon2id (argon2-cffi). Every sign-in, failed sign-in and lock goes into the change
log in the same transaction as the counter it changes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop_app.domain.errors import ConflictError, DomainError, ValidationErrors
from desktop_app.domain.security import (
    DEFAULT_IDLE_MINUTES,
    DISABLED,
    PERM_ADMIN,
    ROLE_ADMIN,
    ROLE_LABELS,
    WRONG_LOGIN,
    UserAccount,
    UserInput,
    after_failure,
    idle_minutes_problem,
    lock_message,
    normalise_username,
    password_problem,
)
from desktop_app.services.access import requires
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import users as repo

IDLE_KEY = "security.idle_minutes"
_HASHER = PasswordHasher()  # Argon2id, RFC 9106 low-memory profile


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the username does not exist, so that a wrong name takes as long as a wrong
    password; computed on the first such sign-in, not at import (an Argon2 hash is tens of milliseconds)."""
    return _HASHER.hash("pcmd-desk-no-such-account")


class SignInError(DomainError):
    """Sign-in refused: wrong name or password, account locked or disabled. The message says which."""


class UserService:
    """Accounts of this database. Signing in sets the actor every other service checks."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Before anyone is signed in
    def has_accounts(self) -> bool:
        with self._db.read() as session:
            return repo.count(session) > 0

    def create_first_admin(self, data: UserInput) -> UserAccount:
        """The setup's administrator; only while the database has no account at all. Does not sign in."""
        valid = UserInput(data.username, data.full_name, ROLE_ADMIN, data.password).validated()
        with self._db.unit_of_work() as session:
            if repo.count(session) > 0:
                raise ConflictError("Đã có tài khoản quản trị: hãy đăng nhập bằng tài khoản đó.")
            user_id = repo.add(session, valid, _HASHER.hash(valid.password), self._now(), must_change=False)
            audit_repo.log_change(
                session,
                "user",
                user_id,
                "create",
                {"username": valid.username, "role": ROLE_ADMIN},
                self._now(),
            )
            return repo.account(repo.record(session, user_id))

    def sign_in(self, username: str, password: str) -> UserAccount:
        """Check the password; on success the account becomes the actor. Raises SignInError.

        Five failures in a row lock the account for five minutes; the fifth failure, like every failure and
        every success, is written to the change log.
        """
        name = normalise_username(username)
        now = self._now()
        outcome: UserAccount | str
        with self._db.unit_of_work() as session:
            record = repo.by_username(session, name, for_update=True)
            if record is None:
                _verify(_dummy_hash(), password)
                audit_repo.log_change(session, "user", 0, "login_failed", {"reason": "unknown"}, now)
                outcome = WRONG_LOGIN
            elif not record.active:
                audit_repo.log_change(session, "user", record.id, "login_failed", {"reason": "disabled"}, now)
                outcome = DISABLED
            elif record.locked_until is not None and now < record.locked_until:
                audit_repo.log_change(session, "user", record.id, "login_failed", {"reason": "locked"}, now)
                outcome = lock_message(record.locked_until, now)
            elif not _verify(record.password_hash, password):
                state = after_failure(record.failed_attempts, now)
                record.failed_attempts = state.failed_attempts
                record.locked_until = state.locked_until
                audit_repo.log_change(session, "user", record.id, "login_failed", {"reason": "password"}, now)
                if state.locked_until is not None:
                    audit_repo.log_change(
                        session, "user", record.id, "locked", {"until": state.locked_until}, now
                    )
                    outcome = lock_message(state.locked_until, now)
                else:
                    outcome = WRONG_LOGIN
            else:
                record.failed_attempts = 0
                record.locked_until = None
                record.last_login_at = now
                if _HASHER.check_needs_rehash(record.password_hash):
                    record.password_hash = _HASHER.hash(password)
                audit_repo.log_change(session, "user", record.id, "login", {}, now)
                outcome = repo.account(record)
            # The failure is recorded under the name that was tried only when that account exists.
            actor = record.username if record is not None else ""
            audit_repo.seal(session, actor)
        if isinstance(outcome, str):
            raise SignInError(outcome, "password")
        self._db.actor = outcome.actor
        return outcome

    def sign_out(self) -> None:
        actor = self._db.actor
        if actor is None or actor.user_id is None:
            self._db.actor = None
            return
        with self._db.unit_of_work() as session:
            audit_repo.log_change(session, "user", actor.user_id, "logout", {}, self._now())
        self._db.actor = None

    def current(self) -> UserAccount | None:
        actor = self._db.actor
        if actor is None or actor.user_id is None:
            return None
        with self._db.read() as session:
            return repo.account(repo.record(session, actor.user_id))

    def change_own_password(self, old_password: str, new_password: str) -> None:
        """Raises ValidationErrors (wrong old password, weak new one)."""
        actor = self._db.actor
        if actor is None or actor.user_id is None:
            raise ConflictError("Chưa đăng nhập: hãy đăng nhập để đổi mật khẩu.")
        problem = password_problem(new_password)
        if problem:
            raise ValidationErrors({"new_password": problem})
        if new_password == old_password:
            raise ValidationErrors({"new_password": "Mật khẩu mới phải khác mật khẩu cũ."})
        with self._db.unit_of_work() as session:
            record = repo.record(session, actor.user_id, for_update=True)
            if not _verify(record.password_hash, old_password):
                raise ValidationErrors({"old_password": "Mật khẩu hiện tại không đúng."})
            record.password_hash = _HASHER.hash(new_password)
            record.must_change_password = False
            audit_repo.log_change(session, "user", record.id, "password", {"by": "self"}, self._now())

    # ---- Administration
    @requires(PERM_ADMIN)
    def accounts(self) -> list[UserAccount]:
        with self._db.read() as session:
            return repo.all_accounts(session)

    @requires(PERM_ADMIN)
    def add(self, data: UserInput) -> int:
        """A new account; its holder chooses their own password at first sign-in. Raises ValidationErrors."""
        valid = data.validated()
        with self._db.unit_of_work() as session:
            if repo.by_username(session, valid.username) is not None:
                raise ValidationErrors({"username": f"Tên đăng nhập «{valid.username}» đã có."})
            user_id = repo.add(session, valid, _HASHER.hash(valid.password), self._now(), must_change=True)
            audit_repo.log_change(
                session,
                "user",
                user_id,
                "create",
                {"username": valid.username, "role": valid.role},
                self._now(),
            )
            return user_id

    @requires(PERM_ADMIN)
    def reset_password(self, user_id: int, new_password: str) -> None:
        """A new password set by the administrator, to be changed at the next sign-in; also unlocks."""
        problem = password_problem(new_password)
        if problem:
            raise ValidationErrors({"password": problem})
        with self._db.unit_of_work() as session:
            record = repo.record(session, user_id, for_update=True)
            record.password_hash = _HASHER.hash(new_password)
            record.must_change_password = True
            record.failed_attempts = 0
            record.locked_until = None
            audit_repo.log_change(session, "user", user_id, "password", {"by": "admin"}, self._now())

    @requires(PERM_ADMIN)
    def set_active(self, user_id: int, active: bool) -> None:
        """Disable (or enable again) an account; accounts are never deleted."""
        actor = self._db.actor
        if not active and actor is not None and actor.user_id == user_id:
            raise ConflictError("Không thể tự vô hiệu hóa tài khoản đang đăng nhập.")
        with self._db.unit_of_work() as session:
            record = repo.record(session, user_id, for_update=True)
            if not active and record.role == ROLE_ADMIN:
                self._keep_an_admin(session, user_id)
            if record.active != active:
                record.active = active
                audit_repo.log_change(
                    session, "user", user_id, "enable" if active else "disable", {}, self._now()
                )

    @requires(PERM_ADMIN)
    def set_role(self, user_id: int, role: str) -> None:
        if role not in ROLE_LABELS:
            raise ValidationErrors({"role": "Hãy chọn vai trò."})
        with self._db.unit_of_work() as session:
            record = repo.record(session, user_id, for_update=True)
            if record.role == ROLE_ADMIN and role != ROLE_ADMIN:
                self._keep_an_admin(session, user_id)
            if record.role != role:
                audit_repo.log_change(
                    session,
                    "user",
                    user_id,
                    "update",
                    {"role": {"old": record.role, "new": role}},
                    self._now(),
                )
                record.role = role

    @staticmethod
    def _keep_an_admin(session: Transaction, user_id: int) -> None:
        if repo.other_active_admins(session, user_id) == 0:
            raise ConflictError("Phải còn ít nhất một tài khoản quản trị đang hoạt động.")

    # ---- The idle lock
    def idle_minutes(self) -> int:
        with self._db.read() as session:
            value = repo.get_setting(session, IDLE_KEY)
        return int(json.loads(value)) if value is not None else DEFAULT_IDLE_MINUTES

    @requires(PERM_ADMIN)
    def set_idle_minutes(self, minutes: int) -> None:
        problem = idle_minutes_problem(minutes)
        if problem:
            raise ValidationErrors({"idle_minutes": problem})
        with self._db.unit_of_work() as session:
            repo.set_setting(session, IDLE_KEY, json.dumps(minutes))
            audit_repo.log_change(session, "setting", 0, "update", {"idle_minutes": minutes}, self._now())


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
