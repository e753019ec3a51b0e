"""The settings dialog's save is one transaction: every part is written, or none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain.commitments import ValidityRule
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import BusinessTypeInput, CommuneInput
from desktop_app.services.app_services import Services


def _lists(office: Services) -> tuple[list[CommuneInput], list[BusinessTypeInput]]:
    communes = [
        CommuneInput(c.name, c.code, c.active, c.id) for c in office.office.communes(include_inactive=True)
    ]
    types = [
        BusinessTypeInput(t.code, t.name, t.synonyms, t.active, t.id)
        for t in office.office.business_types(include_inactive=True)
    ]
    return [*communes, CommuneInput("Xã Mới Lập")], types


def _current(office: Services) -> tuple[str, list[str], ValidityRule, int]:
    profile = office.office.profile()
    assert profile is not None
    names = [c.name for c in office.office.communes()]
    return profile.issuing_unit, names, office.commitments.validity_rule(), office.cases.retention_years()


def test_everything_is_saved_together(office: Services) -> None:
    profile = replace(office.office.profile(), issuing_unit="UBND xã Mường Bon")  # type: ignore[type-var]
    communes, types = _lists(office)
    office.settings.save(profile, communes, types, ValidityRule("months", 6), (10, 60))
    unit, names, rule, years = _current(office)
    assert (unit, names[-1], rule, years) == (
        "UBND xã Mường Bon",
        "Xã Mới Lập",
        ValidityRule("months", 6),
        10,
    )
    assert office.cases.no_contact_days() == 60


@pytest.mark.parametrize(
    ("rule", "policy"),
    [(ValidityRule("months", 6), (0, 60)), (ValidityRule("months", 0), (10, 60))],
)
def test_a_refused_part_leaves_everything_as_it_was(
    office: Services, rule: ValidityRule, policy: tuple[int, int]
) -> None:
    before = _current(office)
    profile = replace(office.office.profile(), issuing_unit="UBND xã Mường Bon")  # type: ignore[type-var]
    communes, types = _lists(office)
    with pytest.raises(DomainError):
        office.settings.save(profile, communes, types, rule, policy)
    assert _current(office) == before


def test_a_unit_of_work_inside_another_joins_it(office: Services) -> None:
    profile = office.office.profile()
    assert profile is not None
    with pytest.raises(RuntimeError), office.db.unit_of_work():
        office.office.save_profile(replace(profile, issuing_unit="Tên tạm"))  # its own unit of work joins
        raise RuntimeError("the enclosing use case fails after it")
    after = office.office.profile()
    assert after is not None and after.issuing_unit == profile.issuing_unit
