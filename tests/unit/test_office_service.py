"""Office profile, communes and the type catalog."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.office import (
    JURISDICTION_LEGACY_DISTRICT,
    JURISDICTION_PROVINCE_2025,
    BusinessTypeInput,
    CommuneInput,
    OfficeProfile,
)
from desktop_app.services.app_services import Services
from desktop_app.services.office import read_communes_file
from tests.conftest import configure, sample_input


def test_unconfigured_then_configured(services: Services) -> None:
    assert not services.office.is_configured()
    configure(services)
    assert services.office.is_configured()
    profile = services.office.profile()
    assert profile is not None and profile.place_name == "Mai Sơn"
    assert [t.code for t in services.office.business_types()] == [
        "KS",
        "NN",
        "NT",
        "KAR",
        "BAR",
        "MSG",
        "CF",
        "CTG",
        "NH",
        "KHAC",
    ]


def test_profile_validation(services: Services) -> None:
    with pytest.raises(ValidationErrors) as caught:
        services.office.setup(OfficeProfile(issuing_unit=" ", signer_authority="XX"), [CommuneInput("Xã A")])
    assert set(caught.value.errors) == {"issuing_unit", "signer_authority"}
    with pytest.raises(ValidationErrors) as caught:
        services.office.setup(OfficeProfile(issuing_unit="Phòng"), [])
    assert "communes" in caught.value.errors
    assert not services.office.is_configured()


def test_duplicate_communes_ignore_case_and_accents(services: Services) -> None:
    with pytest.raises(ValidationErrors, match="trùng"):
        services.office.setup(
            OfficeProfile(issuing_unit="Phòng"), [CommuneInput("Xã Mường Bon"), CommuneInput("xa muong bon")]
        )


def test_communes_are_deactivated_never_deleted(office: Services) -> None:
    business_id = office.businesses.create(sample_input(office))
    communes = office.office.communes()
    kept = [CommuneInput(c.name, c.code, c.name != "Xã Mường Bon", c.id) for c in communes]
    office.office.save_communes([*kept, CommuneInput("Xã Mới", "12345")])
    active = [c.name for c in office.office.communes()]
    assert "Xã Mường Bon" not in active and "Xã Mới" in active
    everything = {c.name: c for c in office.office.communes(include_inactive=True)}
    assert not everything["Xã Mường Bon"].active
    assert office.businesses.detail(business_id).commune_name == "Xã Mường Bon"


def test_bad_commune_code(office: Services) -> None:
    with pytest.raises(ValidationErrors, match="5 chữ số"):
        office.office.save_communes([CommuneInput("Xã A", "12a")])


def test_type_catalog_is_editable(office: Services) -> None:
    types = [
        BusinessTypeInput(t.code, t.name, t.synonyms, t.code != "KHAC", t.id)
        for t in office.office.business_types()
    ]
    types.append(BusinessTypeInput("SPA", "Spa, chăm sóc sắc đẹp", ("spa",)))
    office.office.save_business_types(types)
    codes = [t.code for t in office.office.business_types()]
    assert "SPA" in codes and "KHAC" not in codes
    with pytest.raises(ValidationErrors, match="trùng"):
        office.office.save_business_types([*types, BusinessTypeInput("spa", "Khác nữa")])


def test_jurisdiction_from_legacy_district() -> None:
    from desktop_app.services.office import OfficeService

    profile, communes = OfficeService.jurisdiction_from_names("Sơn La", "Mai Sơn")
    assert profile.jurisdiction_kind == JURISDICTION_LEGACY_DISTRICT
    assert profile.district_name == "Huyện Mai Sơn"
    names = [c.name for c in communes]
    assert "Thị trấn Hát Lót" in names
    assert all(c.code.isdigit() and len(c.code) == 5 for c in communes)


def test_jurisdiction_from_2025_province() -> None:
    from desktop_app.services.office import OfficeService

    profile, communes = OfficeService.jurisdiction_from_names("son la", None)
    assert profile.jurisdiction_kind == JURISDICTION_PROVINCE_2025
    assert profile.district_code == ""
    assert len(communes) > 50


def test_read_communes_file() -> None:
    text = "\ufeffXã Mường Bon\n\n# ghi chú\n  Phường Tô Hiệu ;04018\nXa\u0303 Cò Nòi\n"
    communes = read_communes_file(text)
    assert [(c.name, c.code) for c in communes] == [
        ("Xã Mường Bon", ""),
        ("Phường Tô Hiệu", "04018"),
        ("Xã Cò Nòi", ""),
    ]
