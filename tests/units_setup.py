"""Offices set up before the 2025 reform, with businesses, for the tests of the move to the 2025 communes."""

from __future__ import annotations

from desktop_app.domain.businesses import BusinessInput
from desktop_app.domain.office import OfficeProfile
from desktop_app.services.app_services import Services


def legacy_district_office(services: Services, province: str = "Sơn La", district: str = "Mai Sơn") -> None:
    """A district office set up from the pre-2025 list, as `setup --province … --district …` does."""
    jurisdiction, communes = services.office.jurisdiction_from_names(province, district)
    profile = OfficeProfile(
        issuing_unit=f"Phòng Lao động – Thương binh và Xã hội {jurisdiction.district_name.lower()}",
        parent_unit=f"Ủy ban nhân dân {jurisdiction.district_name.lower()}",
        place_name=district,
        jurisdiction_kind=jurisdiction.jurisdiction_kind,
        province_code=jurisdiction.province_code,
        province_name=jurisdiction.province_name,
        district_code=jurisdiction.district_code,
        district_name=jurisdiction.district_name,
    )
    services.office.setup(profile, communes)


def add_business(
    services: Services, name: str, commune: str, registered: str = "05/03/2020", **overrides: object
) -> int:
    """A business in the commune named `commune` (of the office's list); returns its id."""
    types = {t.code: t.id for t in services.office.business_types()}
    communes = {c.name: c.id for c in services.office.communes(include_inactive=True)}
    values: dict[str, object] = {
        "name": name,
        "type_id": types["NN"],
        "commune_id": communes[commune],
        "address": "Tiểu khu 1",
        "owner_name": "Lò Văn Khánh",
        "registration_date": registered,
        "employees_total": "4",
        "employees_female": "2",
    }
    values.update(overrides)
    return services.businesses.create(BusinessInput(**values))  # type: ignore[arg-type]
