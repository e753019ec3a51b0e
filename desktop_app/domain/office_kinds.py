"""The kinds of office of today (commune, Sở Y tế, pre-reform district) and what each presets: header,
signer, recipients, place name, its own unit and its communes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.office import (
    JURISDICTION_LEGACY_DISTRICT,
    JURISDICTION_PROVINCE_2025,
    LEGACY_LAST_DAY,
    OFFICE_KIND_COMMUNE,
    OFFICE_KIND_HEALTH_DEPT,
    OFFICE_KIND_LEGACY_DISTRICT,
    OFFICE_KINDS,
    REFORM_DATE,
    UNIT_LIST_2025,
    UNIT_LIST_LEGACY,
    CommuneInput,
    OfficeProfile,
)
from desktop_app.domain.text import nfc, search_key

ISSUER_COMMITTEE = "ubnd"  # a commune office issuing as its People's Committee
ISSUER_DEPARTMENT = "phong"  # … or as its Phòng Văn hóa – Xã hội
ISSUERS: tuple[str, ...] = (ISSUER_COMMITTEE, ISSUER_DEPARTMENT)

COMMUNE_DEPARTMENT = "Phòng Văn hóa – Xã hội"
HEALTH_DEPT = "Sở Y tế"
LEGACY_DEPARTMENT = "Phòng Lao động – Thương binh và Xã hội"
MINISTRY = "Bộ Y tế (Cục Bảo trợ xã hội)"

OFFICE_KIND_LABELS: dict[str, str] = {
    OFFICE_KIND_COMMUNE: "Xã, phường, đặc khu (từ 1/7/2025)",
    OFFICE_KIND_HEALTH_DEPT: "Sở Y tế tỉnh, thành phố (từ 1/7/2025)",
    OFFICE_KIND_LEGACY_DISTRICT: "Huyện trước 1/7/2025 (giữ và chuyển lịch sử)",
}

# Unit prefixes as they open a name ("Tỉnh Sơn La") → as written inside a sentence ("tỉnh Sơn La").
_PREFIXES: tuple[str, ...] = (
    "Thành phố",
    "Tỉnh",
    "Huyện",
    "Quận",
    "Thị xã",
    "Thị trấn",
    "Đặc khu",
    "Phường",
    "Xã",
)


class Unit(Protocol):
    """An official unit as the bundled lists give it."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


def split_prefix(name: str) -> tuple[str, str]:
    """'Tỉnh Sơn La' → ('Tỉnh', 'Sơn La'); a name without a known prefix → ('', name)."""
    text = " ".join(nfc(name).split())
    key = search_key(text)
    for prefix in _PREFIXES:
        start = search_key(prefix) + " "
        if key.startswith(start) and len(text) > len(prefix) + 1:
            return text[: len(prefix)], text[len(prefix) + 1 :]
    return "", text


def in_sentence(name: str) -> str:
    """'Tỉnh Sơn La' → 'tỉnh Sơn La', 'Xã Mai Sơn' → 'xã Mai Sơn' (as after "Ủy ban nhân dân")."""
    prefix, bare = split_prefix(name)
    return f"{prefix.lower()} {bare}" if prefix else bare


def short_name(name: str) -> str:
    """The place name of dates: 'Xã Mai Sơn' → 'Mai Sơn', 'Thành phố Hà Nội' → 'Hà Nội'."""
    return split_prefix(name)[1]


@dataclass(frozen=True, slots=True)
class OfficePreset:
    """A whole office set-up of one kind: the profile and its communes, ready for OfficeService.setup."""

    profile: OfficeProfile
    communes: tuple[CommuneInput, ...]


def _signer(issuer_is_committee: bool, head_title: str, deputy: bool) -> tuple[str, str]:
    """(authority, position) of the head or a deputy (NĐ 30/2020 Điều 13; see domain.forms)."""
    if issuer_is_committee:
        return ("KT.", "Phó Chủ tịch") if deputy else ("TM.", "Chủ tịch")
    return ("KT.", f"Phó {head_title.lower()}") if deputy else ("", head_title)


def commune_office(
    province: Unit, commune: Unit, issuer: str = ISSUER_COMMITTEE, deputy: bool = False, signer_name: str = ""
) -> OfficePreset:
    """A commune office of the 2025 list: its People's Committee or its Phòng Văn hóa – Xã hội issues;
    reports go to the province's Sở Y tế; its one commune is itself."""
    if issuer not in ISSUERS:
        raise ValidationError("Đơn vị ban hành chỉ là Ủy ban nhân dân hoặc Phòng Văn hóa – Xã hội.", "issuer")
    committee = f"Ủy ban nhân dân {in_sentence(commune.name)}"
    by_committee = issuer == ISSUER_COMMITTEE
    authority, position = _signer(by_committee, "Trưởng phòng", deputy)
    profile = OfficeProfile(
        issuing_unit=committee if by_committee else COMMUNE_DEPARTMENT,
        parent_unit="" if by_committee else committee,
        place_name=short_name(commune.name),
        upward_recipient=f"{HEALTH_DEPT} {in_sentence(province.name)}",
        signer_name=signer_name,
        signer_position=position,
        signer_authority=authority,
        document_symbol="UBND" if by_committee else "VHXH",
        jurisdiction_kind=JURISDICTION_PROVINCE_2025,
        province_code=province.code,
        province_name=province.name,
        office_kind=OFFICE_KIND_COMMUNE,
        unit_code=commune.code,
        unit_list=UNIT_LIST_2025,
    )
    own = CommuneInput(commune.name, commune.code, unit_list=UNIT_LIST_2025, valid_from=REFORM_DATE)
    return OfficePreset(profile, (own,))


def health_department(
    province: Unit, communes: Sequence[Unit], deputy: bool = True, signer_name: str = ""
) -> OfficePreset:
    """The Sở Y tế of a province (2025 list): reports go to the Provincial People's Committee and the
    Ministry of Health; its communes are the province's communes. A deputy director signs by default (the
    director assigns the field to a deputy): "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"."""
    authority, position = ("KT.", "Phó Giám đốc") if deputy else ("", "Giám đốc")
    committee = f"Ủy ban nhân dân {in_sentence(province.name)}"
    profile = OfficeProfile(
        issuing_unit=HEALTH_DEPT,
        parent_unit=committee,
        place_name=short_name(province.name),
        upward_recipient=f"{committee}; {MINISTRY}",
        signer_name=signer_name,
        signer_position=position,
        signer_authority=authority,
        document_symbol="SYT",
        jurisdiction_kind=JURISDICTION_PROVINCE_2025,
        province_code=province.code,
        province_name=province.name,
        office_kind=OFFICE_KIND_HEALTH_DEPT,
        unit_code=province.code,
        unit_list=UNIT_LIST_2025,
    )
    units = tuple(
        CommuneInput(u.name, u.code, unit_list=UNIT_LIST_2025, valid_from=REFORM_DATE) for u in communes
    )
    return OfficePreset(profile, units)


def legacy_district(
    province: Unit, district: Unit, communes: Sequence[Unit], deputy: bool = False, signer_name: str = ""
) -> OfficePreset:
    """A district office before 1/7/2025 (to keep and convert its history): its Phòng Lao động – Thương binh
    và Xã hội issued; its communes are the district's in the pre-2025 list, ended on 30/6/2025."""
    authority, position = _signer(False, "Trưởng phòng", deputy)
    committee = f"Ủy ban nhân dân {in_sentence(district.name)}"
    profile = OfficeProfile(
        issuing_unit=LEGACY_DEPARTMENT,
        parent_unit=committee,
        place_name=short_name(district.name),
        upward_recipient=f"{committee}; Sở Lao động – Thương binh và Xã hội {in_sentence(province.name)}",
        signer_name=signer_name,
        signer_position=position,
        signer_authority=authority,
        document_symbol="LĐTBXH",
        jurisdiction_kind=JURISDICTION_LEGACY_DISTRICT,
        province_code=province.code,
        province_name=province.name,
        district_code=district.code,
        district_name=district.name,
        office_kind=OFFICE_KIND_LEGACY_DISTRICT,
        unit_code=district.code,
        unit_list=UNIT_LIST_LEGACY,
    )
    units = tuple(
        CommuneInput(u.name, u.code, unit_list=UNIT_LIST_LEGACY, valid_to=LEGACY_LAST_DAY) for u in communes
    )
    return OfficePreset(profile, units)


def check_kind(kind: str) -> str:
    """The kind itself when known; raises ValidationError naming the three kinds otherwise."""
    if kind not in OFFICE_KINDS:
        raise ValidationError(
            "Loại cơ quan chỉ là xa (xã, phường, đặc khu), so-y-te (Sở Y tế) hoặc huyen-cu (huyện trước "
            "1/7/2025).",
            "office_kind",
        )
    return kind
