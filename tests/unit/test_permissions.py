"""Every service method as every role: the permission is checked in the service, before anything runs."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterator

import pytest

from desktop_app.domain.security import (
    PERM_ADMIN,
    PERM_EDIT,
    PERM_READ,
    PERM_REPORT,
    ROLE_ADMIN,
    ROLE_LEADER,
    ROLE_PERMISSIONS,
    ROLE_STAFF,
    ROLE_SUPPORT,
    ROLES,
    Actor,
    NotSignedIn,
    PermissionDenied,
)
from desktop_app.services import registers
from desktop_app.services.access import OPEN_ATTRIBUTE, PERMISSION_ATTRIBUTE
from desktop_app.services.app_services import Services

# Methods that need no sign-in: they bootstrap signing in or read no office data.
OPEN = {
    "office.is_configured",
    "office.profile",
    "users.has_accounts",
    "users.create_first_admin",
    "users.sign_in",
    "users.sign_out",
    "users.current",
    "users.change_own_password",
    "users.idle_minutes",
}


def _services(services: Services) -> Iterator[tuple[str, object]]:
    """(name, service) of every service: the fields, those built on first use, and every described register's
    transfer (named by its shortcut property, e.g. `commitment_transfer`, else `<register>_transfer`)."""
    built_on_first_use = [
        name for name, value in vars(type(services)).items() if isinstance(value, functools.cached_property)
    ]
    for field in [*services.__dataclass_fields__, *built_on_first_use]:
        if field != "db" and not field.startswith("_"):
            yield field, getattr(services, field)
    shortcuts = {
        id(getattr(services, name)): name
        for name, value in vars(type(services)).items()
        if isinstance(value, property) and name.endswith("transfer")
    }
    for register in registers.names():
        transfer = services.transfer_for(register)
        yield shortcuts.get(id(transfer), f"{register}_transfer"), transfer


def service_methods(services: Services) -> Iterator[tuple[str, object, str]]:
    """(name, bound method, attribute name) of every public instance method of every service."""
    for field, service in _services(services):
        for name, static in inspect.getmembers(type(service)):
            if name.startswith("_") or isinstance(inspect.getattr_static(type(service), name), staticmethod):
                continue
            if isinstance(static, property) or not callable(static):
                continue
            yield f"{field}.{name}", getattr(service, name), name


def test_every_service_method_names_its_permission(services: Services) -> None:
    unmarked = []
    for full_name, method, _name in service_methods(services):
        permission = getattr(method, PERMISSION_ATTRIBUTE, None)
        is_open = getattr(method, OPEN_ATTRIBUTE, False) or full_name in OPEN
        if permission is None and not is_open:
            unmarked.append(full_name)
    assert unmarked == []


def test_what_each_role_may_do() -> None:
    assert ROLE_PERMISSIONS[ROLE_LEADER] == {PERM_READ, PERM_REPORT}
    assert PERM_EDIT in ROLE_PERMISSIONS[ROLE_STAFF] and PERM_ADMIN not in ROLE_PERMISSIONS[ROLE_STAFF]
    assert ROLE_PERMISSIONS[ROLE_STAFF] < ROLE_PERMISSIONS[ROLE_SUPPORT] < ROLE_PERMISSIONS[ROLE_ADMIN]


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # the dummy None ids
@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_against_each_service(services: Services, role: str | None) -> None:
    """Refused methods raise before touching their arguments; allowed ones get past the check (they may
    then reject the dummy arguments, which is not a permission matter)."""
    services.db.actor = None if role is None else Actor(None, "thu", role)
    checked = 0
    for full_name, method, _name in service_methods(services):
        permission = getattr(method, PERMISSION_ATTRIBUTE, None)
        if permission is None:
            continue
        required = [
            p
            for p in inspect.signature(method).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind is not p.VAR_POSITIONAL
        ]
        allowed = role is not None and permission in ROLE_PERMISSIONS[role]
        try:
            method(*([None] * len(required)))  # type: ignore[operator]
        except PermissionDenied as err:
            assert not allowed, f"{full_name} refused {role}: {err.message}"
            assert isinstance(err, NotSignedIn) == (role is None)
        except Exception:
            assert allowed, f"{full_name} let {role} through"
        else:
            assert allowed, f"{full_name} let {role} through"
        services.db.actor = None if role is None else Actor(None, "thu", role)  # e.g. restore closes nothing
        checked += 1
    assert checked >= 80


def test_a_refused_call_writes_nothing(office: Services) -> None:
    from tests.conftest import sample_input

    data = sample_input(office)
    office.db.actor = Actor(None, "lanhdao", ROLE_LEADER)
    with pytest.raises(PermissionDenied) as caught:
        office.businesses.create(data)
    assert "không có quyền thêm, sửa dữ liệu" in caught.value.message
    office.db.actor = Actor(None, "hệ thống", ROLE_ADMIN)
    assert office.businesses.rows() == []


def test_commune_activities_need_their_permissions(services: Services) -> None:
    """The activities service and its lists' files: reading needs PERM_READ, changes and imports PERM_EDIT,
    figures and exports PERM_REPORT."""
    expected = {
        "activities.communication_events": PERM_READ,
        "activities.trainings": PERM_READ,
        "activities.healthy_statuses": PERM_READ,
        "activities.create_communication": PERM_EDIT,
        "activities.update_communication": PERM_EDIT,
        "activities.void_communication": PERM_EDIT,
        "activities.create_training": PERM_EDIT,
        "activities.update_training": PERM_EDIT,
        "activities.void_training": PERM_EDIT,
        "activities.save_healthy_status": PERM_EDIT,
        "activities.void_healthy_status": PERM_EDIT,
        "activities.figures": PERM_REPORT,
        "communication_transfer.preview": PERM_EDIT,
        "communication_transfer.commit": PERM_EDIT,
        "communication_transfer.export": PERM_REPORT,
        "communication_transfer.export_list": PERM_REPORT,
        "training_transfer.preview": PERM_EDIT,
        "training_transfer.commit": PERM_EDIT,
        "training_transfer.export": PERM_REPORT,
        "training_transfer.export_list": PERM_REPORT,
    }
    found = {
        name: getattr(method, PERMISSION_ATTRIBUTE, None)
        for name, method, _ in service_methods(services)
        if name.split(".")[0] in ("activities", "communication_transfer", "training_transfer")
    }
    assert found == expected
