"""Users, roles and what each may do; password and lock-out rules.

Pure rules: password hashing (Argon2id) lives in services, the accounts in storage.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop_app.domain.text import nfc

# ---- Roles and permissions ------------------------------------------------------------------------------

ROLE_ADMIN = "quan_tri"
ROLE_STAFF = "can_bo"
ROLE_SUPPORT = "can_bo_ho_tro"
ROLE_LEADER = "lanh_dao"
ROLE_LABELS = {
    ROLE_ADMIN: "Quản trị",
    ROLE_STAFF: "Cán bộ",
    ROLE_SUPPORT: "Cán bộ hỗ trợ",
    ROLE_LEADER: "Lãnh đạo",
}
ROLES = tuple(ROLE_LABELS)

PERM_READ = "read"  # see the registers, commitments, inspections, activities
PERM_EDIT = "edit"  # change them, import, print forms
PERM_REPORT = "report"  # export lists and reports
PERM_CASES = "cases"  # support cases (pseudonymous part)
PERM_IDENTITY = "identity"  # a support case's identity, after an explicit, audited action
PERM_ADMIN = "admin"  # users, office settings, restore, audit trail
PERMISSIONS = (PERM_READ, PERM_EDIT, PERM_REPORT, PERM_CASES, PERM_IDENTITY, PERM_ADMIN)

ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = {
    ROLE_ADMIN: frozenset(PERMISSIONS),
    ROLE_STAFF: frozenset((PERM_READ, PERM_EDIT, PERM_REPORT)),
    ROLE_SUPPORT: frozenset((PERM_READ, PERM_EDIT, PERM_REPORT, PERM_CASES, PERM_IDENTITY)),
    ROLE_LEADER: frozenset((PERM_READ, PERM_REPORT)),
}

PERMISSION_TEXT = {
    PERM_READ: "xem dữ liệu",
    PERM_EDIT: "thêm, sửa dữ liệu",
    PERM_REPORT: "xuất danh sách và báo cáo",
    PERM_CASES: "làm việc với hồ sơ hỗ trợ",
    PERM_IDENTITY: "xem thông tin nhân thân trong hồ sơ hỗ trợ",
    PERM_ADMIN: "quản trị người dùng và cài đặt",
}


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow the action (or nobody is signed in)."""


class NotSignedIn(PermissionDenied):
    """No user is signed in (or the session was locked)."""

    def __init__(self) -> None:
        super().__init__("Chưa đăng nhập: hãy đăng nhập để tiếp tục.")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: the signed-in user. The system actor runs migrations, setup and background upkeep."""

    user_id: int | None
    username: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                f"Tài khoản «{self.username}» ({ROLE_LABELS.get(self.role, self.role)}) không có quyền "
                f"{PERMISSION_TEXT.get(permission, permission)}."
            )


# Upkeep the office did not ask for by hand (migrations, demo data in tests and benchmarks).
SYSTEM = Actor(None, "hệ thống", ROLE_ADMIN)


# ---- Accounts -------------------------------------------------------------------------------------------

MIN_PASSWORD_LENGTH = 8
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 5
DEFAULT_IDLE_MINUTES = 15
USERNAME_MAX = 40


def normalise_username(text: str) -> str:
    """Usernames compare without case and surrounding spaces: 'Hang.NT ' and 'hang.nt' are one account."""
    return unicodedata.normalize("NFC", text).strip().casefold()


def password_problem(password: str) -> str | None:
    """None when the password is acceptable, else the Vietnamese reason."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if password.strip() != password:
        return "Mật khẩu không được bắt đầu hoặc kết thúc bằng dấu cách."
    return None


@dataclass(frozen=True, slots=True)
class UserInput:
    username: str
    full_name: str
    role: str
    password: str

    def validated(self) -> UserInput:
        errors: dict[str, str] = {}
        username = normalise_username(self.username)
        if not username:
            errors["username"] = "Hãy nhập tên đăng nhập."
        elif len(username) > USERNAME_MAX or any(c.isspace() for c in username):
            errors["username"] = f"Tên đăng nhập viết liền, không dấu cách, tối đa {USERNAME_MAX} ký tự."
        full_name = nfc(self.full_name).strip()
        if not full_name:
            errors["full_name"] = "Hãy nhập họ và tên."
        if self.role not in ROLE_LABELS:
            errors["role"] = "Hãy chọn vai trò."
        problem = password_problem(self.password)
        if problem:
            errors["password"] = problem
        if errors:
            raise ValidationErrors(errors)
        return UserInput(username, full_name, self.role, self.password)


@dataclass(frozen=True, slots=True)
class UserAccount:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    failed_attempts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    must_change_password: bool

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.username, self.role)


@dataclass(frozen=True, slots=True)
class LockState:
    """The failed-attempt counter of an account after one more failure."""

    failed_attempts: int
    locked_until: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def after_failure(failed_attempts: int, now: datetime) -> LockState:
    """The fifth failure in a row locks the account for five minutes and starts the count again."""
    count = failed_attempts + 1
    if count >= MAX_FAILED_ATTEMPTS:
        return LockState(0, now + timedelta(minutes=LOCK_MINUTES))
    return LockState(count, None)


def lock_message(until: datetime, now: datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return f"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau {minutes} phút."


WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
DISABLED = "Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên."


IDLE_MINUTES_MIN = 1
IDLE_MINUTES_MAX = 240


def idle_minutes_problem(minutes: int) -> str | None:
    if not IDLE_MINUTES_MIN <= minutes <= IDLE_MINUTES_MAX:
        return f"Thời gian tự khóa phải từ {IDLE_MINUTES_MIN} đến {IDLE_MINUTES_MAX} phút."
    return None


MIN_FILE_PASSWORD = 8


def check_file_password(password: str) -> None:
    """Raises ValidationError when the password cannot protect an exported file of personal data."""
    if len(password) < MIN_FILE_PASSWORD:
        raise ValidationError(f"Mật khẩu mở tệp phải có ít nhất {MIN_FILE_PASSWORD} ký tự.", "file_password")
