"""Office set-up and settings: profile, jurisdiction (communes) and the business-type catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime

from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.forms import authority_problem
from desktop_app.domain.office import (
    DEFAULT_BUSINESS_TYPES,
    JURISDICTION_CUSTOM,
    JURISDICTION_LEGACY_DISTRICT,
    JURISDICTION_PROVINCE_2025,
    LEGACY_LAST_DAY,
    OFFICE_KIND_HEALTH_DEPT,
    OFFICE_KIND_LEGACY_DISTRICT,
    REFORM_DATE,
    UNIT_LIST_2025,
    UNIT_LIST_LEGACY,
    BusinessType,
    BusinessTypeInput,
    Commune,
    CommuneInput,
    OfficeProfile,
    commune_key,
    validate_business_types,
    validate_communes,
)
from desktop_app.domain.office_kinds import (
    ISSUER_COMMITTEE,
    OfficePreset,
    check_kind,
    commune_office,
    health_department,
    legacy_district,
)
from desktop_app.domain.security import PERM_ADMIN, PERM_READ
from desktop_app.domain.text import nfc, search_key
from desktop_app.services.access import open_to_all, requires
from desktop_app.storage import admin_units
from desktop_app.storage.admin_units import AdminUnit
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as repo


class OfficeService:
    """Reads and writes the office configuration. Every method runs on the calling thread."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Reading
    @open_to_all
    def is_configured(self) -> bool:
        """True once a profile and at least one commune exist."""
        with self._db.read() as session:
            return repo.get_profile(session) is not None and bool(repo.list_communes(session))

    @open_to_all
    def profile(self) -> OfficeProfile | None:
        with self._db.read() as session:
            return repo.get_profile(session)

    @requires(PERM_READ)
    def communes(self, include_inactive: bool = False) -> list[Commune]:
        with self._db.read() as session:
            return repo.list_communes(session, include_inactive)

    @requires(PERM_READ)
    def business_types(self, include_inactive: bool = False) -> list[BusinessType]:
        with self._db.read() as session:
            return repo.list_business_types(session, include_inactive)

    # ---- Bundled official lists
    @staticmethod
    def provinces_2025() -> list[AdminUnit]:
        return admin_units.provinces_2025()

    @staticmethod
    def communes_2025(province_code: str) -> list[AdminUnit]:
        return admin_units.communes_2025(province_code)

    @staticmethod
    def provinces_legacy() -> list[AdminUnit]:
        return admin_units.provinces_legacy()

    @staticmethod
    def districts_legacy(province_code: str) -> list[AdminUnit]:
        return admin_units.districts_legacy(province_code)

    @staticmethod
    def communes_legacy(province_code: str, district_code: str) -> list[AdminUnit]:
        return admin_units.communes_legacy(province_code, district_code)

    @staticmethod
    def jurisdiction_from_names(
        province: str, district: str | None
    ) -> tuple[OfficeProfile, list[CommuneInput]]:
        """Resolve typed province/district names against the bundled lists (district → pre-2025 list).

        Returns a profile carrying only the jurisdiction fields, and the communes. Raises ValidationError.
        """
        if district:
            prov = admin_units.find_province_legacy(province)
            if prov is None:
                raise ValidationError(
                    f"Không tìm thấy tỉnh «{province}» trong danh mục trước 2025.", "province"
                )
            dist = admin_units.find_district_legacy(prov.code, district)
            if dist is None:
                raise ValidationError(f"Không tìm thấy huyện «{district}» thuộc {prov.name}.", "district")
            units = admin_units.communes_legacy(prov.code, dist.code)
            profile = OfficeProfile(
                issuing_unit="",
                jurisdiction_kind=JURISDICTION_LEGACY_DISTRICT,
                province_code=prov.code,
                province_name=prov.name,
                district_code=dist.code,
                district_name=dist.name,
            )
        else:
            prov = admin_units.find_province_2025(province)
            if prov is None:
                raise ValidationError(
                    f"Không tìm thấy tỉnh/thành phố «{province}» (danh mục 2025).", "province"
                )
            units = admin_units.communes_2025(prov.code)
            profile = OfficeProfile(
                issuing_unit="",
                jurisdiction_kind=JURISDICTION_PROVINCE_2025,
                province_code=prov.code,
                province_name=prov.name,
            )
        if district:
            return profile, [
                CommuneInput(u.name, u.code, unit_list=UNIT_LIST_LEGACY, valid_to=LEGACY_LAST_DAY)
                for u in units
            ]
        return profile, [
            CommuneInput(u.name, u.code, unit_list=UNIT_LIST_2025, valid_from=REFORM_DATE) for u in units
        ]

    @staticmethod
    def office_preset(
        kind: str,
        province_code: str,
        unit_code: str = "",
        issuer: str = ISSUER_COMMITTEE,
        deputy: bool | None = None,
        signer_name: str = "",
    ) -> OfficePreset:
        """The set-up of an office of `kind` from the bundled lists: `unit_code` is the commune (xa, 2025
        list) or the district (huyen-cu, pre-2025 list); not used for so-y-te. `deputy` None: the kind's
        usual signer (a deputy director at a Sở Y tế, the head elsewhere). Raises ValidationError."""
        check_kind(kind)
        if deputy is None:
            deputy = kind == OFFICE_KIND_HEALTH_DEPT
        if kind == OFFICE_KIND_LEGACY_DISTRICT:
            province = _by_code(admin_units.provinces_legacy(), province_code, "tỉnh (danh mục trước 2025)")
            district = _by_code(admin_units.districts_legacy(province.code), unit_code, "huyện")
            units = admin_units.communes_legacy(province.code, district.code)
            return legacy_district(province, district, units, deputy, signer_name)
        province = _by_code(admin_units.provinces_2025(), province_code, "tỉnh/thành phố (danh mục 2025)")
        if kind == OFFICE_KIND_HEALTH_DEPT:
            return health_department(province, admin_units.communes_2025(province.code), deputy, signer_name)
        commune = _by_code(admin_units.communes_2025(province.code), unit_code, "xã, phường, đặc khu")
        return commune_office(province, commune, issuer, deputy, signer_name)

    @staticmethod
    def office_preset_from_names(
        kind: str,
        province: str,
        unit: str = "",
        issuer: str = ISSUER_COMMITTEE,
        deputy: bool | None = None,
        signer_name: str = "",
    ) -> OfficePreset:
        """As office_preset, with typed names (or codes): province, then the commune (xa) or district
        (huyen-cu). Raises ValidationError naming what was not found."""
        check_kind(kind)
        if kind == OFFICE_KIND_LEGACY_DISTRICT:
            prov = admin_units.find_province_legacy(province) or _code_in(
                admin_units.provinces_legacy(), province
            )
            if prov is None:
                raise ValidationError(
                    f"Không tìm thấy tỉnh «{province}» trong danh mục trước 2025.", "province"
                )
            if not unit:
                raise ValidationError(
                    "Loại huyen-cu cần --district (huyện theo danh mục trước 2025).", "unit"
                )
            dist = admin_units.find_district_legacy(prov.code, unit) or _code_in(
                admin_units.districts_legacy(prov.code), unit
            )
            if dist is None:
                raise ValidationError(f"Không tìm thấy huyện «{unit}» thuộc {prov.name}.", "unit")
            return OfficeService.office_preset(kind, prov.code, dist.code, issuer, deputy, signer_name)
        found = admin_units.find_province_2025(province) or _code_in(admin_units.provinces_2025(), province)
        if found is None:
            raise ValidationError(f"Không tìm thấy tỉnh/thành phố «{province}» (danh mục 2025).", "province")
        if kind == OFFICE_KIND_HEALTH_DEPT:
            return OfficeService.office_preset(kind, found.code, "", issuer, deputy, signer_name)
        if not unit:
            raise ValidationError("Loại xa cần --commune (xã, phường, đặc khu theo danh mục 2025).", "unit")
        communes = admin_units.communes_2025(found.code)
        wanted = commune_key(unit)
        matches = [c for c in communes if c.code == unit.strip() or commune_key(c.name) == wanted]
        exact = [c for c in matches if search_key(c.name) == search_key(unit)]
        if len(matches) > 1 and len(exact) == 1:
            matches = exact
        if not matches:
            raise ValidationError(
                f"Không tìm thấy xã, phường «{unit}» thuộc {found.name} (danh mục 2025).", "unit"
            )
        if len(matches) > 1:
            names = ", ".join(f"{c.name} (mã {c.code})" for c in matches)
            raise ValidationError(f"«{unit}» khớp nhiều đơn vị: {names}; hãy ghi rõ tên hoặc mã.", "unit")
        return OfficeService.office_preset(kind, found.code, matches[0].code, issuer, deputy, signer_name)

    # ---- Writing
    @requires(PERM_ADMIN)
    def setup(
        self,
        profile: OfficeProfile,
        communes: list[CommuneInput],
        business_types: list[BusinessTypeInput] | None = None,
    ) -> None:
        """Write the whole office configuration in one transaction (first run, or `setup` again).

        The business-type catalog gets the defaults when it is empty and none is given.
        Raises ValidationErrors.
        """
        profile = _checked(profile)
        if not communes:
            raise ValidationErrors({"communes": "Cần ít nhất một xã, phường trong địa bàn quản lý."})
        validate_communes(communes)
        if business_types is not None:
            validate_business_types(business_types)
        with self._db.unit_of_work() as session:
            self._save_profile(session, profile)
            repo.replace_communes(session, communes)
            self._log_list(session, "communes", [c.active for c in communes])
            if business_types is not None:
                repo.replace_business_types(session, business_types)
                self._log_list(session, "business_types", [t.active for t in business_types])
            elif not repo.list_business_types(session, include_inactive=True):
                repo.replace_business_types(session, list(DEFAULT_BUSINESS_TYPES))

    @requires(PERM_ADMIN)
    def save_profile(self, profile: OfficeProfile) -> None:
        """Update the profile only. Raises ValidationErrors."""
        profile = _checked(profile)
        with self._db.unit_of_work() as session:
            self._save_profile(session, profile)

    @requires(PERM_ADMIN)
    def save_communes(self, communes: list[CommuneInput]) -> None:
        """Replace the commune list; those left out are deactivated, not deleted. Raises ValidationErrors."""
        active = [c for c in communes if c.active]
        if not active:
            raise ValidationErrors({"communes": "Cần ít nhất một xã, phường đang quản lý."})
        validate_communes(communes)
        with self._db.unit_of_work() as session:
            repo.replace_communes(session, communes)
            self._log_list(session, "communes", [c.active for c in communes])

    @requires(PERM_ADMIN)
    def save_business_types(self, types: list[BusinessTypeInput]) -> None:
        """Replace the catalog; types left out are deactivated, not deleted. Raises ValidationErrors."""
        if not [t for t in types if t.active]:
            raise ValidationErrors({"types": "Cần ít nhất một loại hình kinh doanh."})
        validate_business_types(types)
        with self._db.unit_of_work() as session:
            repo.replace_business_types(session, types)
            self._log_list(session, "business_types", [t.active for t in types])

    def _save_profile(self, session: Transaction, profile: OfficeProfile) -> None:
        """Save and log the profile's changed fields, old and new."""
        old = repo.get_profile(session)
        repo.save_profile(session, profile, self._now())
        changed = {
            f.name: {"old": getattr(old, f.name) if old else None, "new": getattr(profile, f.name)}
            for f in fields(profile)
            if old is None or getattr(old, f.name) != getattr(profile, f.name)
        }
        if changed:
            audit_repo.log_change(session, "office", 0, "update", changed, self._now())

    def _log_list(self, session: Transaction, name: str, active: list[bool]) -> None:
        audit_repo.log_change(
            session, "office", 0, name, {"in_use": sum(active), "listed": len(active)}, self._now()
        )


def _checked(profile: OfficeProfile) -> OfficeProfile:
    """The profile normalised and validated, the signer's authority against the issuing unit included."""
    profile = profile.normalised()
    profile.validate()
    problem = authority_problem(profile)
    if problem:
        raise ValidationErrors({"signer_authority": problem})
    return profile


def _by_code(units: list[AdminUnit], code: str, what: str) -> AdminUnit:
    found = _code_in(units, code)
    if found is None:
        raise ValidationError(f"Chọn {what} trong danh mục.", "unit")
    return found


def _code_in(units: list[AdminUnit], code: str) -> AdminUnit | None:
    code = code.strip()
    return next((u for u in units if code and u.code == code), None)


def read_communes_file(text: str) -> list[CommuneInput]:
    """One commune per line (blank lines and lines starting with # ignored); 'name;code' is accepted."""
    communes: list[CommuneInput] = []
    for raw in text.splitlines():
        line = nfc(raw.lstrip("\ufeff"))
        if not line or line.startswith("#"):
            continue
        name, _, code = line.partition(";")
        communes.append(CommuneInput(nfc(name), nfc(code)))
    return communes


__all__ = ["JURISDICTION_CUSTOM", "OfficeService", "read_communes_file"]
