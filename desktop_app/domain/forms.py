"""Plain data that pre-filled printed forms (commitment forms) are made from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import Commune
from desktop_app.domain.text import nfc, search_key


@dataclass(frozen=True, slots=True)
class FormOffice:
    """The issuing side of a form, from the office profile."""

    issuing_unit: str
    parent_unit: str
    place_name: str
    signer_name: str = ""
    signer_position: str = ""
    signer_authority: str = ""  # "", "TM.", "KT.", "TL.", "TUQ."
    document_symbol: str = ""  # the office's symbol on its documents: "UBND", "SYT", "VHXH"
    province_name: str = ""  # "Tỉnh Sơn La": completes a business's address on forms


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
    minors_barred: bool = False  # the type is a workplace Labour Code 2019 Art. 147(2) bars under-18s from
    owner_birth_date: date | None = None  # None: a dotted line to fill in by hand
    owner_residence: str = ""


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
    team_level: str = ""  # "province", "district", "commune" (domain.inspections LEVEL_*)
    decision_number: str = ""  # the decision that set up the team: "12/QĐ-UBND", "" when not recorded
    decision_date: date | None = None


@dataclass(frozen=True, slots=True)
class ViolationRecordForm:
    """A record of an administrative violation (biên bản vi phạm hành chính) found on a visit, pre-filled
    from the register and completed and signed on site."""

    business_name: str
    business_type: str
    address: str
    commune_name: str
    owner_name: str
    owner_id_number: str
    owner_phone: str
    registration_number: str
    registration_date: date | None
    offender_kind: str  # "organisation" or "individual" (domain.legal)
    visit_date: date
    visit_time: str  # "14:30", "" when not recorded
    team_name: str
    team_level: str
    members: tuple[str, ...]
    acts: tuple[str, ...]  # one per act: "Điểm a khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP: <the act>"
    findings: str
    record_number: str = ""


# ---- Header and signature block (Nghị định 30/2020/NĐ-CP) --------------------------------------------------
#
# Điều 13 and Phụ lục I, Mục II, khoản 7 of NĐ 30/2020 on the signer's authority:
# - on behalf of a collective body (chế độ tập thể): "TM." + the body's name ("TM. ỦY BAN NHÂN DÂN"), then
#   the signer's position ("CHỦ TỊCH", or "PHÓ CHỦ TỊCH" for a deputy signing on the body's behalf);
# - a deputy signing for the head (ký thay): "KT." + the head's title ("KT. CHỦ TỊCH"), then the deputy's
#   own title ("PHÓ CHỦ TỊCH");
# - by order (thừa lệnh) and by authorisation (thừa ủy quyền) of the head: "TL."/"TUQ." + the head's title,
#   then the signer's own title ("TL. CHỦ TỊCH" / "TRƯỞNG PHÒNG VĂN HÓA – XÃ HỘI"); the head meant is that
#   of the agency whose document it is: the parent body when a unit under it signs;
# - the head signing in their own right: the position alone ("GIÁM ĐỐC", "TRƯỞNG PHÒNG"); a deputy never
#   signs in their own right, even one put in charge ("cấp phó được giao phụ trách… ký như cấp phó ký thay"):
#   a deputy's position without a prefix is read as KT.


class OfficeLike(Protocol):
    """What a document needs of the office: the office profile and FormOffice both fit."""

    @property
    def issuing_unit(self) -> str: ...
    @property
    def parent_unit(self) -> str: ...
    @property
    def signer_name(self) -> str: ...
    @property
    def signer_position(self) -> str: ...
    @property
    def signer_authority(self) -> str: ...


class _UnitLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def parent(self) -> str: ...


class ReportLike(Protocol):
    """What a report carries of its issuing side."""

    @property
    def unit(self) -> _UnitLike: ...
    @property
    def place_name(self) -> str: ...
    @property
    def signer_name(self) -> str: ...
    @property
    def signer_position(self) -> str: ...
    @property
    def signer_authority(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """The agency block at the top left: parent agency (may be empty) over the issuing agency, in capitals."""

    parent: str
    issuing: str


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """The signer's block: authority line ("KT. CHỦ TỊCH", "" for none), position line, name."""

    authority: str
    position: str
    name: str

    @property
    def headings(self) -> tuple[str, ...]:
        """The capitalised lines above the signature, the authority line first when there is one."""
        return tuple(x for x in (self.authority, self.position) if x)


_COLLECTIVE = "ỦY BAN NHÂN DÂN"
# (search key of how the agency's name starts, its head's title); the longest matching start wins
_HEADS: tuple[tuple[str, str], ...] = (
    ("uy ban nhan dan", "CHỦ TỊCH"),
    ("ubnd", "CHỦ TỊCH"),
    ("so ", "GIÁM ĐỐC"),
    ("phong ", "TRƯỞNG PHÒNG"),
    ("chi cuc ", "CHI CỤC TRƯỞNG"),
    ("cuc ", "CỤC TRƯỞNG"),
    ("bo ", "BỘ TRƯỞNG"),
    ("trung tam ", "GIÁM ĐỐC"),
)


def _upper(text: str) -> str:
    return " ".join(nfc(text).split()).upper()


def is_collective(unit: str) -> bool:
    """True for a body working collectively (a People's Committee): the only one "TM." may name."""
    key = search_key(unit)
    return key.startswith(("uy ban nhan dan", "ubnd"))


def head_title(unit: str) -> str:
    """The title of an agency's head from its name ("Sở Y tế" → "GIÁM ĐỐC"); "" when not known."""
    key = search_key(unit) + " "
    return next((title for start, title in _HEADS if key.startswith(start)), "")


def document_header(office: OfficeLike) -> DocumentHeader:
    """The header of every document the office issues: parent agency line (empty for a People's Committee,
    which has none) and issuing agency line, in capitals."""
    issuing = _upper(office.issuing_unit)
    parent = "" if is_collective(office.issuing_unit) else _upper(office.parent_unit)
    return DocumentHeader(parent, issuing)


def is_deputy(position: str) -> bool:
    """True for a deputy's title ("Phó Chủ tịch", "Phó Giám đốc", "Phó Trưởng phòng")."""
    return search_key(position).startswith("pho ")


def signature_block(office: OfficeLike) -> SignatureBlock:
    """The signature block of every document the office signs, by the rules of NĐ 30/2020 (above)."""
    authority = office.signer_authority.strip()
    position = _upper(office.signer_position)
    if not authority and is_deputy(position):
        authority = "KT."
    head = head_title(office.issuing_unit)
    if authority == "TM.":
        body = _COLLECTIVE if is_collective(office.issuing_unit) else _upper(office.issuing_unit)
        return SignatureBlock(f"TM. {body}", position or head, nfc(office.signer_name))
    if authority == "KT.":
        head = head or position.removeprefix("PHÓ ").strip()
        deputy = position or (f"PHÓ {head}" if head else "")
        return SignatureBlock(f"KT. {head}".strip(), deputy, nfc(office.signer_name))
    if authority in ("TL.", "TUQ."):
        over = head_title(office.parent_unit) or head
        return SignatureBlock(f"{authority} {over}".strip(), position, nfc(office.signer_name))
    return SignatureBlock("", position or head, nfc(office.signer_name))


def report_office(report: ReportLike) -> FormOffice:
    """The issuing side of a report (its unit and signer), for document_header and signature_block."""
    return FormOffice(
        report.unit.name,
        report.unit.parent,
        report.place_name,
        report.signer_name,
        report.signer_position,
        report.signer_authority,
    )


def authority_problem(office: OfficeLike) -> str | None:
    """Why the signer's authority does not fit the issuing unit (NĐ 30/2020 Điều 13), or None."""
    authority = office.signer_authority.strip()
    if authority == "TM." and not is_collective(office.issuing_unit):
        return (
            "«TM.» chỉ dùng khi ký thay mặt tập thể (Ủy ban nhân dân); với đơn vị này hãy để trống "
            "(người đứng đầu ký) hoặc chọn KT. (cấp phó ký thay)."
        )
    if not authority and is_deputy(office.signer_position):
        return (
            "Cấp phó ký thay người đứng đầu: chọn thẩm quyền «KT.» (hoặc «TM.» khi thay mặt Ủy ban nhân dân)."
        )
    if authority in ("TL.", "TUQ.") and not (
        head_title(office.parent_unit) or head_title(office.issuing_unit)
    ):
        return f"Với «{authority}» cần ghi tên cơ quan chủ quản để biết người đứng đầu mà người ký thừa lệnh."
    return None


# ---- The commune a document may name on its date ---------------------------------------------------------

CONVERT_ACTION = "Tệp → Sắp xếp địa bàn theo đơn vị hành chính mới…"


class UnitEndedError(DomainError):
    """A document would name a commune that no longer existed on its date and no successor is known."""


def commune_on(
    communes: Mapping[int, Commune], commune_id: int, day: date, chosen: int | None = None, what: str = ""
) -> Commune:
    """The commune a document dated `day` names for `commune_id`: itself while it exists, else its successor
    (followed as far as needed); of several successors the one `chosen` for the business, if any.

    Raises UnitEndedError saying which commune ended when and what to do; KeyError for an unknown id.
    """
    commune = communes[commune_id]
    seen = {commune.id}
    while commune.valid_to is not None and commune.valid_to < day:
        successors = [communes[i] for i in commune.successor_ids if i in communes]
        ended = format_date(commune.valid_to + timedelta(days=1))
        subject = f" (cơ sở «{what}»)" if what else ""
        if chosen is not None and any(s.id == chosen for s in successors):
            successors = [communes[chosen]]
        if not successors:
            raise UnitEndedError(
                f"{commune.name}{subject} không còn từ ngày {ended} và chưa ghi đơn vị hành chính mới thay "
                f"thế, nên không thể ghi tên đơn vị này trên văn bản ngày {format_date(day)}. Hãy dùng "
                f"{CONVERT_ACTION} để chuyển sang xã, phường mới rồi in lại."
            )
        if len(successors) > 1:
            names = ", ".join(s.name for s in successors)
            raise UnitEndedError(
                f"{commune.name}{subject} không còn từ ngày {ended}, được chia cho {names}; chưa chọn cơ sở "
                f"thuộc đơn vị nào. Hãy dùng {CONVERT_ACTION} để chọn xã, phường mới cho cơ sở rồi in lại."
            )
        commune = successors[0]
        if commune.id in seen:  # a loop in the data: stop rather than go round
            break
        seen.add(commune.id)
    return commune


# ---- Minors (Bộ luật Lao động 2019, Điều 147 khoản 2 điểm d) ---------------------------------------------
#
# "Cấm sử dụng người lao động từ đủ 15 tuổi đến chưa đủ 18 tuổi làm việc ở các nơi sau đây: … d) Sòng bạc,
# quán bar, vũ trường, phòng hát karaoke, khách sạn, nhà nghỉ, cơ sở tắm hơi, cơ sở xoa bóp; điểm kinh
# doanh xổ số, dịch vụ trò chơi điện tử" (Bộ luật Lao động số 45/2019/QH14; text read on
# thuvienphapluat.vn and sites.google.com/view/luatlaodong2019, Điều 147). Under 15 even less is allowed
# (Điều 143–146), so the ban covers every minor. Of the catalogue's business types these are the places it
# names; a café, a restaurant, a room to rent (nhà trọ) or a hairdresser is not among them.
MINORS_BARRED_TYPES = frozenset({"KS", "NN", "KAR", "BAR", "MSG"})
MINORS_BAN_SOURCE = "điểm d khoản 2 Điều 147 Bộ luật Lao động năm 2019"


def bars_minors(type_code: str) -> bool:
    """True when no one under 18 may work at a business of this type (catalogue code: KS, NN, KAR…)."""
    return type_code.strip().upper() in MINORS_BARRED_TYPES


# ---- Inspection minutes ------------------------------------------------------------------------------------

TEAM_WORD = "Đội"  # one word for the inter-agency team everywhere: "Đội kiểm tra liên ngành", "Đội trưởng"
TEAM_DEFAULT = "Đội kiểm tra liên ngành"
# Papers the team checks on every visit besides the recorded checklist (printed on the minutes only).
MINUTES_CHECKS_BEFORE = (
    "Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh; giấy phép đủ điều kiện kinh doanh dịch vụ "
    "karaoke, vũ trường (nếu có)",
    "Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
)
MINUTES_CHECKS_AFTER = (
    "Sổ theo dõi khách lưu trú; thông báo lưu trú",
    "Danh sách người lao động; thẻ (biển tên) nhân viên",
)


def minutes_checklist(recorded: tuple[str, ...]) -> tuple[str, ...]:
    """The checklist printed on the minutes: the licences first, the recorded items, then the registers."""
    return (*MINUTES_CHECKS_BEFORE, *recorded, *MINUTES_CHECKS_AFTER)


def team_leader(members: tuple[str, ...]) -> str:
    """The name of the member recorded as the team leader ("Lò Văn Hùng – Phó Chủ tịch UBND xã, Đội
    trưởng"), or "" when no member line says so."""
    for member in members:
        name, found, role = nfc(member).strip().partition(" – ")
        if not found:
            name, found, role = nfc(member).strip().partition(" - ")
        titles = [search_key(x) for x in role.split(",")]
        if found and any(t == "doi truong" or t.startswith("doi truong ") for t in titles):
            return name.strip()
    return ""


def minutes_number(number: str, symbol: str) -> str:
    """'07/BB-ĐKT' as recorded, else blanks before the office's symbol: '……/BB-UBND' ('……/BB-……')."""
    recorded = nfc(number).strip()
    if recorded:
        return recorded
    return f"……/BB-{nfc(symbol).strip() or '……'}"


def full_address(address: str, commune_name: str, province_name: str) -> str:
    """The address completed with the commune and the province unless it names them with their level word:
    'Bản Nà Sài' → 'Bản Nà Sài, xã Mường Bon, tỉnh Sơn La'; no street address leaves dots to fill in
    before them; nothing known at all gives ""."""
    text = nfc(address).strip().rstrip(",")
    key = search_key(text)
    parts = [text or ADDRESS_BLANK]
    for name in (commune_name, province_name):
        unit = nfc(name).strip()
        # named with its level word ("xã Mường Bon"), so a hamlet of the same name ("Bản Mường Bon") is not
        if unit and search_key(unit) not in key:
            parts.append(_lower_level(unit))
    return "" if parts == [ADDRESS_BLANK] else ", ".join(parts)


ADDRESS_BLANK = "…" * 12


_LEVEL_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ", "Tỉnh ", "Thành phố ")


def _lower_level(unit: str) -> str:
    for prefix in _LEVEL_PREFIXES:
        if search_key(unit).startswith(search_key(prefix)):
            return prefix.lower() + unit[len(prefix) :]
    return unit
