"""Permission checks on service methods: each public method names the permission it needs.

`@requires(PERM_EDIT)` checks the signed-in actor of the service's database before the method runs, so a
role's limits hold for every caller (GUI, CLI, tests), not only where the GUI hides a button.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from desktop_app.storage.db import Database

P = ParamSpec("P")
R = TypeVar("R")

# Set on each checked method, so tests can list every service method with the permission it needs.
PERMISSION_ATTRIBUTE = "required_permission"
# Methods anyone may call before signing in: static reference data and blank templates.
OPEN_ATTRIBUTE = "open_to_all"


class HasDatabase(Protocol):
    _db: Database


S = TypeVar("S", bound=HasDatabase)


def requires(
    permission: str,
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        @functools.wraps(method)
        def checked(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            self._db.require(permission)
            return method(self, *args, **kwargs)

        setattr(checked, PERMISSION_ATTRIBUTE, permission)
        return checked

    return decorate


F = TypeVar("F", bound=Callable[..., Any])


def open_to_all(function: F) -> F:
    """Mark a method that needs no sign-in (it reads no office data)."""
    setattr(function, OPEN_ATTRIBUTE, True)
    return function
