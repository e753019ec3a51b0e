"""Accounts: the first administrator, sign-in and lock-out, passwords, disabling, roles; who is logged."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.domain.errors import ConflictError, ValidationErrors
from desktop_app.domain.security import (
    ROLE_ADMIN,
    ROLE_LEADER,
    ROLE_STAFF,
    NotSignedIn,
    PermissionDenied,
    UserInput,
    normalise_username,
)
from desktop_app.services.app_services import Services
from desktop_app.services.users import SignInError, UserService
from desktop_app.storage.models import ChangeLogRecord, UserRecord
from tests.conftest import FixedClock, sample_input

NOW = datetime(2026, 11, 25, 8, 0)
PASSWORD = "Mường-Bon-2026"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def users(services: Services, clock: FixedClock) -> UserService:
    services.db.actor = None
    return UserService(services.db, now=clock)


def _admin(users: UserService) -> None:
    users.create_first_admin(UserInput("QuanTri ", "Nguyễn Thị Hằng", ROLE_ADMIN, PASSWORD))


def _log(services: Services) -> list[tuple[str, int, str, str, str]]:
    with services.db.read() as session:
        c = ChangeLogRecord
        rows = session.execute(select(c.entity, c.entity_id, c.action, c.changes, c.actor).order_by(c.id))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_the_first_administrator_is_created_once_and_signs_in(users: UserService, services: Services) -> None:
    assert not users.has_accounts()
    _admin(users)
    assert users.has_accounts()
    with pytest.raises(ConflictError):
        _admin(users)
    assert services.db.actor is None  # creating the account does not sign in
    account = users.sign_in("quantri", PASSWORD)
    assert account.username == "quantri" and account.role == ROLE_ADMIN and not account.must_change_password
    assert services.db.actor is not None and services.db.actor.username == "quantri"
    assert users.current() is not None and users.current().last_login_at == NOW  # type: ignore[union-attr]
    with services.db.read() as session:
        stored = session.scalars(select(UserRecord.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_usernames_ignore_case_and_spaces() -> None:
    assert normalise_username("  Hang.NT ") == "hang.nt"


@pytest.mark.parametrize(
    ("username", "full_name", "password", "field"),
    [
        ("", "Nguyễn An", PASSWORD, "username"),
        ("an nguyen", "Nguyễn An", PASSWORD, "username"),
        ("an", "", PASSWORD, "full_name"),
        ("an", "Nguyễn An", "ngắn", "password"),
        ("an", "Nguyễn An", " dấu cách ở đầu", "password"),
    ],
)
def test_account_input_is_checked(
    users: UserService, username: str, full_name: str, password: str, field: str
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        users.create_first_admin(UserInput(username, full_name, ROLE_ADMIN, password))
    assert field in caught.value.errors
    assert not users.has_accounts()


def test_wrong_password_or_name_is_refused_with_one_message(users: UserService, services: Services) -> None:
    _admin(users)
    for name, password in (("quantri", "sai-mat-khau"), ("khong-co", PASSWORD)):
        with pytest.raises(SignInError) as caught:
            users.sign_in(name, password)
        assert caught.value.message == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert services.db.actor is None
    failed = [(e, i, a, c, who) for e, i, a, c, who in _log(services) if a == "login_failed"]
    assert [json.loads(c)["reason"] for *_x, c, _w in failed] == ["password", "unknown"]
    assert failed[0][4] == "quantri" and failed[1][4] == ""  # an unknown name is not written down


def test_five_failures_lock_the_account_for_five_minutes(
    users: UserService, services: Services, clock: FixedClock
) -> None:
    _admin(users)
    for attempt in range(4):
        with pytest.raises(SignInError) as caught:
            users.sign_in("quantri", f"sai-{attempt}-xxxx")
        assert "không đúng" in caught.value.message
    with pytest.raises(SignInError) as caught:
        users.sign_in("quantri", "sai-lan-thu-5")
    assert "tạm khóa" in caught.value.message and "5 phút" in caught.value.message
    clock.now = NOW + timedelta(minutes=4)
    with pytest.raises(SignInError) as caught:
        users.sign_in("quantri", PASSWORD)  # even the right password waits
    assert "tạm khóa" in caught.value.message and "1 phút" in caught.value.message
    clock.now = NOW + timedelta(minutes=5, seconds=1)
    assert users.sign_in("quantri", PASSWORD).failed_attempts == 0
    actions = [a for _e, _i, a, _c, _w in _log(services)]
    assert actions.count("login_failed") == 6 and actions.count("locked") == 1 and actions[-1] == "login"


def test_a_success_resets_the_failure_count(users: UserService) -> None:
    _admin(users)
    for _ in range(4):
        with pytest.raises(SignInError):
            users.sign_in("quantri", "sai-mat-khau")
    users.sign_in("quantri", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInError) as caught:
            users.sign_in("quantri", "sai-mat-khau")
        assert "tạm khóa" not in caught.value.message


def test_administrator_manages_accounts_and_never_deletes(users: UserService, services: Services) -> None:
    _admin(users)
    users.sign_in("quantri", PASSWORD)
    staff_id = users.add(UserInput("Lan.PT", "Phạm Thị Lan", ROLE_STAFF, "mat-khau-ban-dau"))
    with pytest.raises(ValidationErrors) as caught:
        users.add(UserInput("lan.pt", "Người khác", ROLE_STAFF, "mat-khau-ban-dau"))
    assert "đã có" in caught.value.errors["username"]
    account = next(a for a in users.accounts() if a.id == staff_id)
    assert account.must_change_password and account.active
    users.set_active(staff_id, False)
    users.sign_out()
    with pytest.raises(SignInError) as caught:
        users.sign_in("lan.pt", "mat-khau-ban-dau")
    assert "vô hiệu hóa" in caught.value.message
    users.sign_in("quantri", PASSWORD)
    users.set_active(staff_id, True)
    users.reset_password(staff_id, "mat-khau-moi-1")
    users.sign_out()
    lan = users.sign_in("lan.pt", "mat-khau-moi-1")
    assert lan.must_change_password
    with pytest.raises(ValidationErrors) as caught:
        users.change_own_password("sai-mat-khau", "mat-khau-cua-lan")
    assert "old_password" in caught.value.errors
    with pytest.raises(ValidationErrors):
        users.change_own_password("mat-khau-moi-1", "ngan")
    users.change_own_password("mat-khau-moi-1", "mat-khau-cua-lan")
    assert users.current() is not None and not users.current().must_change_password  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        users.accounts()  # a clerk does not manage accounts
    with services.db.read() as session:
        assert len(session.scalars(select(UserRecord)).all()) == 2


def test_the_last_administrator_stays(users: UserService) -> None:
    _admin(users)
    admin = users.sign_in("quantri", PASSWORD)
    with pytest.raises(ConflictError):
        users.set_active(admin.id, False)
    with pytest.raises(ConflictError):
        users.set_role(admin.id, ROLE_LEADER)
    second = users.add(UserInput("pho.phong", "Lê Văn Bình", ROLE_ADMIN, "mat-khau-ban-dau"))
    users.set_role(admin.id, ROLE_LEADER)  # another administrator remains
    users.sign_out()
    users.sign_in("quantri", PASSWORD)
    with pytest.raises(PermissionDenied):
        users.set_role(second, ROLE_STAFF)


def test_idle_minutes_default_and_range(users: UserService) -> None:
    _admin(users)
    assert users.idle_minutes() == 15
    with pytest.raises(NotSignedIn):
        users.set_idle_minutes(30)
    users.sign_in("quantri", PASSWORD)
    with pytest.raises(ValidationErrors):
        users.set_idle_minutes(0)
    users.set_idle_minutes(30)
    assert users.idle_minutes() == 30


def test_changes_carry_the_signed_in_name(office: Services) -> None:
    office.db.actor = None
    office.users.create_first_admin(UserInput("quantri", "Nguyễn Thị Hằng", ROLE_ADMIN, PASSWORD))
    office.users.sign_in("quantri", PASSWORD)
    office.users.add(UserInput("lan", "Phạm Thị Lan", ROLE_STAFF, "mat-khau-ban-dau"))
    office.users.sign_out()
    office.users.sign_in("lan", "mat-khau-ban-dau")
    with pytest.raises(PermissionDenied, match="phải đổi mật khẩu"):
        office.businesses.create(sample_input(office))  # not before choosing her own password
    office.users.change_own_password("mat-khau-ban-dau", "mat-khau-cua-lan")
    business_id = office.businesses.create(sample_input(office))
    entries = _log(office)
    created = next(e for e in entries if e[0] == "business" and e[1] == business_id)
    assert created[4] == "lan"
    assert [(e[2], e[4]) for e in entries if e[0] == "user"][-3:] == [
        ("logout", "quantri"),
        ("login", "lan"),
        ("password", "lan"),
    ]
    assert office.audit.problems() == []


def test_a_role_change_or_disabling_holds_at_once(users: UserService, services: Services) -> None:
    _admin(users)
    users.sign_in("quantri", PASSWORD)
    other = users.add(UserInput("pho", "Lê Văn Bình", ROLE_ADMIN, "mat-khau-ban-dau"))
    users.sign_out()
    users.sign_in("pho", "mat-khau-ban-dau")
    users.change_own_password("mat-khau-ban-dau", "mat-khau-cua-pho")
    me = users.current()
    assert me is not None
    users.set_role(me.id, ROLE_LEADER)  # demotes himself: no administrator rights from now on
    with pytest.raises(PermissionDenied):
        users.accounts()
    assert services.db.actor is not None and services.db.actor.role == ROLE_LEADER
    users.sign_out()
    users.sign_in("quantri", PASSWORD)
    users.set_active(other, False)  # meanwhile, on another PC, he is still signed in
    services.db.actor = type(services.db.actor)(other, "pho", ROLE_LEADER)  # type: ignore[misc]
    with pytest.raises(PermissionDenied, match="vô hiệu hóa"):
        services.businesses.rows()
    assert services.db.actor is None
