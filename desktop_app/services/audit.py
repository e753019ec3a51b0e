"""The change log's integrity: is every entry as it was written, and none missing."""

from __future__ import annotations

from desktop_app.domain.security import PERM_READ
from desktop_app.services.access import requires
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import audit as audit_repo


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    @requires(PERM_READ)
    def problems(self) -> list[str]:
        """Why the change log is not intact (Vietnamese, one line each); empty when it is."""
        with self._db.read() as session:
            return audit_repo.problems(session)
