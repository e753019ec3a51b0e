"""The office profile, its communes and the business-type catalog: value types, defaults and rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.text import nfc, search_key, strip_unit_prefix

AUTHORITY_PREFIXES: tuple[str, ...] = ("", "TM.", "KT.", "TL.", "TUQ.")

JURISDICTION_LEGACY_DISTRICT = "legacy_district"
JURISDICTION_PROVINCE_2025 = "province_2025"
JURISDICTION_CUSTOM = "custom"

# The official lists of administrative units. A code means something only together with its list.
UNIT_LIST_LEGACY = "legacy"  # the three-tier list in force until 30/6/2025
UNIT_LIST_2025 = "2025"  # the two-tier list from 1/7/2025 (34 provinces, 3,321 communes)
UNIT_LISTS: tuple[str, ...] = (UNIT_LIST_LEGACY, UNIT_LIST_2025)
REFORM_DATE = date(2025, 7, 1)  # the district tier ended; the new communes began
LEGACY_LAST_DAY = date(2025, 6, 30)

# The kinds of office the app serves ("" = not chosen: an office set up before kinds existed).
OFFICE_KIND_COMMUNE = "xa"  # UBND xã/phường/đặc khu or its Phòng Văn hóa – Xã hội (from 1/7/2025)
OFFICE_KIND_HEALTH_DEPT = "so-y-te"  # Sở Y tế of a province (from 1/7/2025)
OFFICE_KIND_LEGACY_DISTRICT = "huyen-cu"  # a district office before the reform (history, conversion)
OFFICE_KINDS: tuple[str, ...] = (OFFICE_KIND_COMMUNE, OFFICE_KIND_HEALTH_DEPT, OFFICE_KIND_LEGACY_DISTRICT)


@dataclass(frozen=True, slots=True)
class OfficeProfile:
    """Who issues documents, to whom they go, who signs them, and which territory the office covers."""

    issuing_unit: str
    parent_unit: str = ""
    place_name: str = ""
    upward_recipient: str = ""
    signer_name: str = ""
    signer_position: str = ""
    signer_authority: str = ""
    document_symbol: str = ""
    jurisdiction_kind: str = JURISDICTION_CUSTOM
    province_code: str = ""
    province_name: str = ""
    district_code: str = ""
    district_name: str = ""
    office_kind: str = ""  # one of OFFICE_KINDS, or "" when not chosen
    unit_code: str = ""  # the office's own unit: commune (xa), province (so-y-te) or district (huyen-cu)
    unit_list: str = ""  # the list unit_code belongs to (UNIT_LISTS), "" when there is no code

    def normalised(self) -> OfficeProfile:
        """Return a copy with every text NFC-normalised and trimmed."""
        return OfficeProfile(
            issuing_unit=nfc(self.issuing_unit),
            parent_unit=nfc(self.parent_unit),
            place_name=nfc(self.place_name),
            upward_recipient=nfc(self.upward_recipient),
            signer_name=nfc(self.signer_name),
            signer_position=nfc(self.signer_position),
            signer_authority=nfc(self.signer_authority),
            document_symbol=nfc(self.document_symbol),
            jurisdiction_kind=self.jurisdiction_kind,
            province_code=nfc(self.province_code),
            province_name=nfc(self.province_name),
            district_code=nfc(self.district_code),
            district_name=nfc(self.district_name),
            office_kind=self.office_kind,
            unit_code=nfc(self.unit_code),
            unit_list=self.unit_list,
        )

    def validate(self) -> None:
        """Raise ValidationErrors naming each invalid field."""
        errors: dict[str, str] = {}
        if not nfc(self.issuing_unit):
            errors["issuing_unit"] = "Nhập tên đơn vị ban hành văn bản."
        elif len(self.issuing_unit) > 300:
            errors["issuing_unit"] = "Tên đơn vị quá dài (tối đa 300 ký tự)."
        if self.signer_authority not in AUTHORITY_PREFIXES:
            errors["signer_authority"] = "Thẩm quyền ký chỉ là TM., KT., TL., TUQ. hoặc để trống."
        if len(self.document_symbol) > 50:
            errors["document_symbol"] = "Ký hiệu văn bản quá dài (tối đa 50 ký tự)."
        if self.jurisdiction_kind not in (
            JURISDICTION_LEGACY_DISTRICT,
            JURISDICTION_PROVINCE_2025,
            JURISDICTION_CUSTOM,
        ):
            errors["jurisdiction_kind"] = "Cách chọn địa bàn không hợp lệ."
        if self.office_kind not in ("", *OFFICE_KINDS):
            errors["office_kind"] = "Loại cơ quan không hợp lệ."
        if self.unit_list not in ("", *UNIT_LISTS) or (self.unit_code and not self.unit_list):
            errors["unit_code"] = "Mã đơn vị cần kèm danh mục (trước 2025 hoặc 2025)."
        if errors:
            raise ValidationErrors(errors)


@dataclass(frozen=True, slots=True)
class CommuneInput:
    """A commune as typed or picked: `id` is None for a new one."""

    name: str
    code: str = ""
    active: bool = True
    id: int | None = None
    unit_list: str = ""  # UNIT_LISTS, or "" for a commune typed by hand
    valid_from: date | None = None
    valid_to: date | None = None  # the last day the unit existed


@dataclass(frozen=True, slots=True)
class Commune:
    id: int
    name: str
    code: str
    active: bool
    unit_list: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    successor_ids: tuple[int, ...] = ()

    @property
    def identity(self) -> str:
        """Who the unit is across databases and packages: list and code ("2025:04105"); "" without a code."""
        return f"{self.unit_list or UNIT_LIST_LEGACY}:{self.code}" if self.code else ""

    def exists_on(self, day: date) -> bool:
        """True when the unit existed on `day` (open-ended where a bound is unknown)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class BusinessTypeInput:
    code: str
    name: str
    synonyms: tuple[str, ...] = ()
    active: bool = True
    id: int | None = None


@dataclass(frozen=True, slots=True)
class BusinessType:
    id: int
    code: str
    name: str
    synonyms: tuple[str, ...] = field(default_factory=tuple)
    active: bool = True


DEFAULT_BUSINESS_TYPES: tuple[BusinessTypeInput, ...] = (
    BusinessTypeInput("KS", "Khách sạn", ("khach san", "hotel")),
    BusinessTypeInput("NN", "Nhà nghỉ, nhà khách", ("nha nghi", "nha khach", "motel")),
    BusinessTypeInput(
        "NT", "Nhà trọ, căn hộ cho thuê lưu trú", ("nha tro", "can ho", "homestay", "cho thue luu tru")
    ),
    BusinessTypeInput("KAR", "Karaoke", ("karaoke", "hat karaoke")),
    BusinessTypeInput("BAR", "Vũ trường, quán bar", ("vu truong", "quan bar", "bar", "pub", "club")),
    BusinessTypeInput("MSG", "Massage, xông hơi, xoa bóp", ("massage", "xong hoi", "xoa bop", "spa")),
    BusinessTypeInput("CF", "Cà phê, giải khát", ("ca phe", "cafe", "giai khat", "ca phe den mo")),
    BusinessTypeInput("CTG", "Cắt tóc gội đầu thư giãn", ("cat toc", "goi dau", "thu gian")),
    BusinessTypeInput("NH", "Nhà hàng ăn uống", ("nha hang", "an uong", "quan an")),
    BusinessTypeInput("KHAC", "Khác", ("khac",)),
)


def commune_counts_at(active: bool, valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """Whether a commune counts in the office's territory on `day` (the «communes» figure of a report).

    A unit counts while it existed: a pre-2025 commune ended by the move to the 2025 list (inactive, with its
    last day) still counts in the periods before its end, and a 2025 commune not before it began. An ended
    commune still in use (the office has not moved to the new units yet) keeps counting, as a commune taken
    out of the list by hand (inactive, no end date) never does.
    """
    if not active and valid_to is None:
        return False
    existed = (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)
    return existed or (active and valid_to is not None and day > valid_to)


def commune_listed_in(
    active: bool, valid_from: date | None, valid_to: date | None, start: date, end: date
) -> bool:
    """Whether a commune has a row in the breakdowns of a report of [start, end]: it existed on some day of
    the period (a 2025 commune has no row in a 2024 report), or it has ended but is still in use."""
    overlaps = (valid_from is None or valid_from <= end) and (valid_to is None or start <= valid_to)
    return overlaps or (active and valid_to is not None and end > valid_to)


def commune_key(name: str) -> str:
    """Matching key of a commune name: no prefix (Xã, Phường, TT…), no case, no diacritics."""
    return search_key(strip_unit_prefix(nfc(name)))


def validate_communes(communes: list[CommuneInput]) -> None:
    """Raise ValidationErrors when a commune list has an empty name, a bad code or a duplicate."""
    errors: dict[str, str] = {}
    seen: dict[str, str] = {}
    seen_ids: dict[str, int | None] = {}
    for i, commune in enumerate(communes):
        name = nfc(commune.name)
        where = f"communes[{i}]"
        if not name:
            errors[where] = f"Dòng {i + 1}: tên xã, phường đang trống."
            continue
        if len(name) > 100:
            errors[where] = f"Dòng {i + 1}: tên xã, phường quá dài."
            continue
        code = nfc(commune.code)
        if code and not (code.isdigit() and len(code) <= 5):
            errors[where] = f"Dòng {i + 1}: mã đơn vị hành chính chỉ gồm tối đa 5 chữ số."
            continue
        key = search_key(name)  # "Xã Hát Lót" and "Thị trấn Hát Lót" are two different units
        # Two stored communes may share a name when they come from different lists: Xã Chiềng Sung before
        # 1/7/2025 and Xã Chiềng Sung of the 2025 list, both kept after the move to the new communes.
        if key in seen and (commune.id is None or seen_ids[key] is None):
            errors[where] = f"Dòng {i + 1}: «{name}» trùng với «{seen[key]}»."
            continue
        seen[key] = name
        seen_ids[key] = commune.id
    if errors:
        raise ValidationErrors(errors)


def validate_business_types(types: list[BusinessTypeInput]) -> None:
    """Raise ValidationErrors for empty or duplicated codes or names."""
    errors: dict[str, str] = {}
    codes: set[str] = set()
    names: set[str] = set()
    for i, item in enumerate(types):
        where = f"types[{i}]"
        code = nfc(item.code).upper()
        name = nfc(item.name)
        if not code or not name:
            errors[where] = f"Dòng {i + 1}: cần cả mã và tên loại hình."
        elif len(code) > 10 or not code.replace("_", "").isalnum():
            errors[where] = f"Dòng {i + 1}: mã loại hình gồm chữ và số, tối đa 10 ký tự."
        elif code in codes:
            errors[where] = f"Dòng {i + 1}: mã «{code}» bị trùng."
        elif search_key(name) in names:
            errors[where] = f"Dòng {i + 1}: tên «{name}» bị trùng."
        codes.add(code)
        names.add(search_key(name))
    if errors:
        raise ValidationErrors(errors)
