"""The settings dialog's one use case: the office profile, communes, business types, the commitment validity
rule and the support-case policy written together, all or nothing."""

from __future__ import annotations

from desktop_app.domain.commitments import ValidityRule
from desktop_app.domain.office import BusinessTypeInput, CommuneInput, OfficeProfile
from desktop_app.domain.security import PERM_ADMIN
from desktop_app.services.access import requires
from desktop_app.services.cases import CaseService
from desktop_app.services.commitments import CommitmentService
from desktop_app.services.office import OfficeService
from desktop_app.storage.db import Database


class SettingsService:
    """Reads go to the three services it is made of; `save` is one transaction over them."""

    def __init__(
        self, db: Database, office: OfficeService, commitments: CommitmentService, cases: CaseService
    ) -> None:
        self._db = db
        self.office = office
        self.commitments = commitments
        self.cases = cases

    @requires(PERM_ADMIN)
    def save(
        self,
        profile: OfficeProfile,
        communes: list[CommuneInput],
        business_types: list[BusinessTypeInput],
        rule: ValidityRule | None = None,
        case_policy: tuple[int, int] | None = None,
    ) -> None:
        """Write everything at once; nothing is written when any part is refused (ValidationErrors)."""
        if rule is not None:
            rule.validate()  # refused before any write, as the others are inside their own checks
        with self._db.unit_of_work():  # the calls below join this transaction
            self.office.setup(profile, communes, business_types)
            if rule is not None:
                self.commitments.set_validity_rule(rule)
            if case_policy is not None:
                self.cases.set_policy(*case_policy)
