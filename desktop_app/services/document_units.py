"""Which commune a document names for a business on the document's date (shared by forms and minutes)."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.forms import commune_on
from desktop_app.domain.office import Commune
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import business_versions as version_repo
from desktop_app.storage.repositories import office as office_repo


def communes_by_id(session: Transaction) -> dict[int, Commune]:
    """Every commune of the office, ended ones included (a document may need a successor)."""
    return {c.id: c for c in office_repo.list_communes(session, include_inactive=True)}


def commune_for_document(
    session: Transaction,
    communes: dict[int, Commune],
    business_id: int,
    current_commune_id: int,
    business_name: str,
    day: date,
) -> Commune:
    """The commune a document dated `day` names for the business: where the business was on that day (its
    version then, else its current commune), or that commune's successor once it has ended — of several, the
    one the business was moved to afterwards. Raises UnitEndedError."""
    versions = version_repo.versions_of(session, business_id)
    dated = [v for v in versions if v.effective_on <= day]
    commune_id = (
        dated[-1].commune_id if dated else (versions[0].commune_id if versions else current_commune_id)
    )
    later = [v.commune_id for v in versions if v.effective_on > day] + [current_commune_id]
    moved_to = next((c for c in later if c != commune_id), None)  # a recorded move picks the successor
    return commune_on(communes, commune_id, day, moved_to, business_name)
