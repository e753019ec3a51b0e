"""Plain data that pre-filled printed forms (commitment forms) are made from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class FormOffice:
    """The issuing side of a form, from the office profile."""

    issuing_unit: str
    parent_unit: str
    place_name: str
    signer_name: str = ""
    signer_position: str = ""
    signer_authority: str = ""  # "", "TM.", "KT.", "TL.", "TUQ."


@dataclass(frozen=True, slots=True)
class OwnerCommitmentForm:
    """One owner ↔ commune People's Committee commitment to print for signing."""

    commune_name: str  # "Xã Mường Bon": the People's Committee that countersigns
    business_name: str
    business_type: str
    address: str
    owner_name: str
    owner_id_number: str
    owner_phone: str
    registration_number: str
    registration_date: date | None
    valid_from: date | None
    valid_to: date | None  # None: until the owner changes
    document_number: str = ""
    representative_name: str = ""
    representative_position: str = ""


@dataclass(frozen=True, slots=True)
class EmployeeCommitmentForm:
    """One employee ↔ owner commitment to print for signing (blank employee lines when not known)."""

    business_name: str
    address: str
    commune_name: str
    owner_name: str
    employee_name: str = ""
    employee_birth_date: date | None = None
    employee_id_number: str = ""
    position: str = ""


@dataclass(frozen=True, slots=True)
class InspectionMinutesForm:
    """A pre-filled inspection minutes (biên bản kiểm tra) for a planned visit, completed by hand on site."""

    business_name: str
    business_type: str
    address: str
    commune_name: str
    owner_name: str
    owner_id_number: str
    owner_phone: str
    registration_number: str
    registration_date: date | None
    team_name: str  # "Đội kiểm tra liên ngành 178 xã Mường Bon"
    plan_number: str  # "12/KH-UBND", "" when the visit is outside a round
    plan_date: date | None
    visit_date: date | None
    visit_time: str  # "14:30", "" when not planned to the hour
    kind_label: str  # "Định kỳ", "Đột xuất", "Hậu kiểm"
    members: tuple[str, ...]  # one line per member: "Nguyễn Văn A – Công an xã"
    checklist: tuple[str, ...]  # the items to check, as printed labels
    minutes_number: str = ""
