"""Support cases for rehabilitated former sex workers: the pseudonymous case, the identity kept apart, the
services given (loans with their repayments), follow-ups, duplicate detection and de-identification rules.

The case code (HS-2026-0007) is the only identifier on lists and figures. The identity (name, birth date or
year, sex, CCCD, address, phone) lives in its own record and is shown only to roles allowed to see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.dates import parse_date, parse_record_date
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.ids import normalise_person_id
from desktop_app.domain.phones import normalise_phone
from desktop_app.domain.text import check_length, nfc, search_key

# ---- Case status

STATUS_SUPPORTED = "dang_ho_tro"
STATUS_SETTLED = "on_dinh"
STATUS_PAUSED = "tam_dung"
STATUS_CLOSED = "dong"
STATUS_LABELS = {
    STATUS_SUPPORTED: "Đang hỗ trợ",
    STATUS_SETTLED: "Ổn định – hòa nhập",
    STATUS_PAUSED: "Tạm dừng",
    STATUS_CLOSED: "Đóng",
}

SEX_LABELS = {"nu": "Nữ", "nam": "Nam", "khac": "Khác"}

CONSENT_WAYS = {
    "van_ban": "Đồng ý bằng văn bản",
    "ghi_am": "Đồng ý qua cuộc gọi có ghi âm",
    "dien_tu": "Đồng ý qua tin nhắn, thư điện tử",
    "loi_noi": "Đồng ý bằng lời (có người làm chứng)",
    "quy_dinh": "Căn cứ quy định của pháp luật",
}

# How a person withdraws consent (Law 91/2025/QH15 Art. 4(1)(b)): kept in a form that can be shown later.
WITHDRAWAL_WAYS = {
    "van_ban": "Đơn hoặc văn bản của người được hỗ trợ",
    "truc_tiep": "Nói trực tiếp với cán bộ (có biên bản)",
    "ghi_am": "Cuộc gọi có ghi âm",
    "dien_tu": "Tin nhắn, thư điện tử",
}

# What a withdrawal stops in the app (README "Support cases"): everything but closing the case. The case,
# its identity and its history are kept for the retention time the law requires; counts still include it.
WITHDRAWN_ONLY_CLOSE = (
    "Người được hỗ trợ đã rút lại sự đồng ý ngày {day}: hồ sơ không được ghi thêm hay sửa, chỉ còn đóng "
    "hồ sơ (ghi lý do đóng)."
)


def withdrawn_message(day: date) -> str:
    """Why a withdrawn case refuses an action (Vietnamese)."""
    return WITHDRAWN_ONLY_CLOSE.format(day=f"{day:%d/%m/%Y}")


@dataclass(frozen=True, slots=True)
class ConsentWithdrawal:
    """A recorded withdrawal of consent: the day, how it was made, the worker's note."""

    withdrawn_on: date
    way: str
    note: str

    @property
    def way_label(self) -> str:
        return WITHDRAWAL_WAYS.get(self.way, self.way)


@dataclass(frozen=True, slots=True)
class WithdrawalInput:
    """A withdrawal of consent as typed."""

    withdrawn_on: str | date | None
    way: str
    note: str = ""

    def validated(self, today: date, consent_on: date) -> ConsentWithdrawal:
        """Raises ValidationErrors: no date, a date after today or before the consent, no way chosen."""
        errors: dict[str, str] = {}
        day: date | None = None
        try:
            day = parse_record_date(self.withdrawn_on, "withdrawn_on")
        except ValidationError as err:
            errors["withdrawn_on"] = err.message
        if day is None and "withdrawn_on" not in errors:
            errors["withdrawn_on"] = "Hãy nhập ngày người được hỗ trợ rút lại sự đồng ý."
        elif day is not None and day > today:
            errors["withdrawn_on"] = "Ngày rút lại sự đồng ý không được sau hôm nay."
        elif day is not None and day < consent_on:
            errors["withdrawn_on"] = (
                f"Ngày rút lại sự đồng ý không được trước ngày đồng ý ({consent_on:%d/%m/%Y})."
            )
        if self.way not in WITHDRAWAL_WAYS:
            errors["way"] = "Hãy chọn cách người được hỗ trợ rút lại sự đồng ý."
        check_length(errors, "note", self.note)
        if errors:
            raise ValidationErrors(errors)
        assert day is not None
        return ConsentWithdrawal(day, self.way, nfc(self.note).strip())


CODE_PREFIX = "HS"


def case_code(year: int, number: int) -> str:
    """HS-2026-0007: the intake year and the case's number within it."""
    return f"{CODE_PREFIX}-{year}-{number:04d}"


@dataclass(frozen=True, slots=True)
class CaseInput:
    """The pseudonymous part of a case, as typed. `commune_id` is where the person lives (for figures by
    commune; the address itself belongs to the identity)."""

    intake_date: str | date | None
    commune_id: int | None
    referral_source: str = ""
    needs: str = ""
    consent_on: str | date | None = None
    consent_way: str = ""
    assigned_worker: str = ""
    status: str = STATUS_SUPPORTED
    close_reason: str = ""
    notes: str = ""

    def validated(self, today: date) -> ValidCase:
        errors: dict[str, str] = {}

        def day(raw: str | date | None, name: str) -> date | None:
            try:
                return parse_record_date(raw, name)
            except ValidationError as err:
                errors[name] = err.message
                return None

        intake = day(self.intake_date, "intake_date")
        consent = day(self.consent_on, "consent_on")
        if intake is None and "intake_date" not in errors:
            errors["intake_date"] = "Hãy nhập ngày tiếp nhận."
        elif intake is not None and intake > today:
            errors["intake_date"] = "Ngày tiếp nhận không được sau hôm nay."
        if self.commune_id is None:
            errors["commune_id"] = "Hãy chọn xã, phường nơi cư trú."
        if consent is None and "consent_on" not in errors:
            errors["consent_on"] = "Hãy ghi ngày người được hỗ trợ đồng ý (hoặc ngày áp dụng căn cứ pháp lý)."
        if self.consent_way not in CONSENT_WAYS:
            errors["consent_way"] = "Hãy chọn cách ghi nhận sự đồng ý hoặc căn cứ pháp lý."
        if self.status not in STATUS_LABELS:
            errors["status"] = "Hãy chọn tình trạng hồ sơ."
        reason = nfc(self.close_reason).strip()
        if self.status == STATUS_CLOSED and not reason:
            errors["close_reason"] = "Đóng hồ sơ cần ghi lý do."
        check_length(errors, "notes", self.notes)
        check_length(errors, "needs", self.needs, "Nhu cầu")
        check_length(errors, "referral_source", self.referral_source, "Nguồn giới thiệu", 200)
        if errors:
            raise ValidationErrors(errors)
        assert intake is not None and consent is not None and self.commune_id is not None
        return ValidCase(
            intake_date=intake,
            commune_id=self.commune_id,
            referral_source=nfc(self.referral_source).strip(),
            needs=nfc(self.needs).strip(),
            consent_on=consent,
            consent_way=self.consent_way,
            assigned_worker=nfc(self.assigned_worker).strip(),
            status=self.status,
            close_reason=reason if self.status == STATUS_CLOSED else "",
            notes=nfc(self.notes).strip(),
        )


@dataclass(frozen=True, slots=True)
class ValidCase:
    intake_date: date
    commune_id: int
    referral_source: str
    needs: str
    consent_on: date
    consent_way: str
    assigned_worker: str
    status: str
    close_reason: str
    notes: str


@dataclass(frozen=True, slots=True)
class IdentityInput:
    """Who the person is. Either a birth date or a birth year."""

    full_name: str
    birth_date: str | date | None = None
    birth_year: str | int | None = None
    sex: str = "nu"
    id_number: str | None = None
    address: str = ""
    phone: str | None = None

    def validated(self, today: date) -> ValidIdentity:
        errors: dict[str, str] = {}
        name = " ".join(nfc(self.full_name).split())
        if not name:
            errors["full_name"] = "Hãy nhập họ và tên."
        born: date | None = None
        try:
            born = parse_date(self.birth_date, "birth_date")
        except ValidationError as err:
            errors["birth_date"] = err.message
        year: int | None = None
        if born is not None:
            year = born.year
            if born > today:
                errors["birth_date"] = "Ngày sinh không được sau hôm nay."
        elif self.birth_year not in (None, ""):
            try:
                year = int(str(self.birth_year).strip())
            except ValueError:
                errors["birth_year"] = "Năm sinh là một số có 4 chữ số."
            else:
                if not 1920 <= year <= today.year:
                    errors["birth_year"] = f"Năm sinh phải từ 1920 đến {today.year}."
        if self.sex not in SEX_LABELS:
            errors["sex"] = "Hãy chọn giới tính."
        id_number = ""
        try:
            id_number = normalise_person_id(self.id_number, "id_number")
        except ValidationError as err:
            errors["id_number"] = err.message
        phone = ""
        try:
            phone = normalise_phone(self.phone, "phone")
        except ValidationError as err:
            errors["phone"] = err.message
        if errors:
            raise ValidationErrors(errors)
        return ValidIdentity(name, born, year, self.sex, id_number, nfc(self.address).strip(), phone)


@dataclass(frozen=True, slots=True)
class ValidIdentity:
    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str
    id_number: str
    address: str
    phone: str

    @property
    def name_key(self) -> str:
        return identity_name_key(self.full_name)


def identity_name_key(full_name: str) -> str:
    """The name as duplicates are looked for: no case, no diacritics, đ = d, single spaces."""
    return search_key(full_name)


@dataclass(frozen=True, slots=True)
class Identity:
    """An identity as shown to a role allowed to see it (after an audited request)."""

    case_id: int
    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str
    id_number: str
    address: str
    phone: str
    erased: bool = False


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case on lists and dashboards: the code, never a name."""

    id: int
    code: str
    intake_date: date
    commune_id: int
    commune_name: str
    status: str
    assigned_worker: str
    last_contact: date | None
    closed_on: date | None
    deidentified: bool
    consent_withdrawn_on: date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    code: str
    case: ValidCase
    commune_name: str
    closed_on: date | None
    deidentified: bool
    withdrawal: ConsentWithdrawal | None = None


# ---- Duplicates


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    case_id: int
    code: str
    reason: str  # Vietnamese: why it looks like the same person


def duplicate_reason(
    new: ValidIdentity,
    new_commune: int,
    other_id_number: str,
    other_name_key: str,
    other_year: int | None,
    other_commune: int,
) -> str | None:
    """Why an existing identity looks like the new one: the same CCCD, or the same name (without diacritics),
    birth year and commune. None when it does not."""
    if new.id_number and other_id_number and new.id_number == other_id_number:
        return "Trùng số CCCD/CMND"
    if (
        new.name_key
        and new.name_key == other_name_key
        and new.birth_year is not None
        and new.birth_year == other_year
        and new_commune == other_commune
    ):
        return "Trùng họ tên, năm sinh và xã, phường"
    return None


class IdentityIndex:
    """Identities kept or read so far, by the keys `duplicate_reason` compares: looking a new identity up
    costs the same however many are indexed (an import checks each row once, not against every row)."""

    def __init__(self) -> None:
        self._by_number: dict[str, tuple[str, str, str, int | None, int]] = {}
        self._by_name: dict[tuple[str, int, int], tuple[str, str, str, int | None, int]] = {}

    def add(self, label: str, id_number: str, name_key: str, birth_year: int | None, commune: int) -> None:
        """Index one identity under `label` (what a duplicate message names); the first label stays."""
        entry = (label, id_number, name_key, birth_year, commune)
        if id_number:
            self._by_number.setdefault(id_number, entry)
        if name_key and birth_year is not None:
            self._by_name.setdefault((name_key, birth_year, commune), entry)

    def match(self, new: ValidIdentity, commune: int) -> tuple[str, str] | None:
        """(label, reason) of an indexed identity that looks like `new`, the same CCCD first; or None."""
        name_key = new.name_key
        candidates = (
            self._by_number.get(new.id_number) if new.id_number else None,
            self._by_name.get((name_key, new.birth_year, commune)) if new.birth_year is not None else None,
        )
        for entry in candidates:
            if entry is None:
                continue
            label, number, key, year, other_commune = entry
            reason = duplicate_reason(new, commune, number, key, year, other_commune)
            if reason:
                return label, reason
        return None


# ---- Services given

KIND_COUNSELLING = "tu_van"
KIND_LEGAL = "phap_ly"
KIND_HEALTH = "y_te"
KIND_TRAINING = "hoc_nghe"
KIND_JOB = "viec_lam"
KIND_LOAN = "vay_von"
KIND_ALLOWANCE = "tro_cap"
SERVICE_LABELS = {
    KIND_COUNSELLING: "Tư vấn",
    KIND_LEGAL: "Trợ giúp pháp lý",
    KIND_HEALTH: "Chăm sóc y tế (giới thiệu)",
    KIND_TRAINING: "Học nghề",
    KIND_JOB: "Giới thiệu việc làm",
    KIND_LOAN: "Vay vốn",
    KIND_ALLOWANCE: "Trợ cấp khác",
}
# The fields each kind records besides date, provider and notes (labels for forms and exports).
SERVICE_FIELDS: dict[str, dict[str, str]] = {
    KIND_COUNSELLING: {},
    KIND_LEGAL: {},
    KIND_HEALTH: {"referred_to": "Nơi giới thiệu đến"},  # only the referral: never a diagnosis
    KIND_TRAINING: {
        "trade": "Nghề học",
        "institution": "Cơ sở đào tạo",
        "start_on": "Ngày bắt đầu",
        "end_on": "Ngày kết thúc",
        "result": "Kết quả",
        "certificate": "Chứng chỉ",
        "cost_vnd": "Kinh phí hỗ trợ (đồng)",
    },
    KIND_JOB: {
        "employer": "Nơi làm việc",
        "job": "Công việc",
        "start_on": "Ngày bắt đầu",
        "monthly_income_vnd": "Thu nhập hằng tháng (đồng)",
    },
    KIND_LOAN: {
        "bank": "Ngân hàng",
        "programme": "Chương trình vay",
        "amount_vnd": "Số tiền vay (đồng)",
        "disbursed_on": "Ngày giải ngân",
        "term_months": "Thời hạn (tháng)",
    },
    KIND_ALLOWANCE: {"allowance_kind": "Loại trợ cấp", "amount_vnd": "Số tiền (đồng)"},
}
DATE_FIELDS = frozenset({"start_on", "end_on", "disbursed_on"})
MONEY_FIELDS = frozenset({"cost_vnd", "monthly_income_vnd", "amount_vnd"})
COUNT_FIELDS = frozenset({"term_months"})
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    KIND_HEALTH: ("referred_to",),
    KIND_TRAINING: ("trade", "start_on"),
    KIND_JOB: ("employer", "start_on"),
    KIND_LOAN: ("bank", "amount_vnd", "disbursed_on", "term_months"),
    KIND_ALLOWANCE: ("allowance_kind", "amount_vnd"),
}


def _money(raw: object, name: str, errors: dict[str, str]) -> int | None:
    text = str(raw).strip().replace(".", "").replace(",", "").replace(" ", "") if raw is not None else ""
    if text.endswith("đ"):
        text = text[:-1]
    if not text:
        return None
    if not text.isdigit():
        errors[name] = "Số tiền là số nguyên không âm, tính bằng đồng."
        return None
    return int(text)


@dataclass(frozen=True, slots=True)
class ServiceInput:
    case_id: int
    kind: str
    given_on: str | date | None
    provider: str = ""
    notes: str = ""
    details: dict[str, object] = field(default_factory=dict)

    def validated(self, today: date, intake: date) -> ValidService:
        errors: dict[str, str] = {}
        if self.kind not in SERVICE_LABELS:
            raise ValidationErrors({"kind": "Hãy chọn loại hỗ trợ."})
        given: date | None = None
        try:
            given = parse_date(self.given_on, "given_on")
        except ValidationError as err:
            errors["given_on"] = err.message
        if given is None and "given_on" not in errors:
            errors["given_on"] = "Hãy nhập ngày hỗ trợ."
        elif given is not None and given > today:
            errors["given_on"] = "Ngày hỗ trợ không được sau hôm nay."
        elif given is not None and given < intake:
            errors["given_on"] = "Ngày hỗ trợ không được trước ngày tiếp nhận hồ sơ."
        clean: dict[str, object] = {}
        for name in SERVICE_FIELDS[self.kind]:
            raw = self.details.get(name)
            if name in DATE_FIELDS:
                try:
                    clean[name] = parse_date(
                        raw if isinstance(raw, str | date) or raw is None else str(raw), name
                    )
                except ValidationError as err:
                    errors[name] = err.message
            elif name in MONEY_FIELDS:
                clean[name] = _money(raw, name, errors)
            elif name in COUNT_FIELDS:
                text = str(raw).strip() if raw is not None else ""
                if text and (not text.isdigit() or int(text) == 0):
                    errors[name] = "Thời hạn là số tháng, lớn hơn 0."
                clean[name] = int(text) if text.isdigit() else None
            else:
                clean[name] = nfc(str(raw)).strip() if raw is not None else ""
        for name in REQUIRED_FIELDS.get(self.kind, ()):
            if clean.get(name) in (None, "") and name not in errors:
                errors[name] = f"Hãy nhập {SERVICE_FIELDS[self.kind][name].lower()}."
        start, end = clean.get("start_on"), clean.get("end_on")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            errors["end_on"] = "Ngày kết thúc không được trước ngày bắt đầu."
        check_length(errors, "notes", self.notes)
        check_length(errors, "provider", self.provider, "Nơi/người hỗ trợ", 200)
        if errors:
            raise ValidationErrors(errors)
        assert given is not None
        return ValidService(
            self.case_id, self.kind, given, nfc(self.provider).strip(), nfc(self.notes).strip(), clean
        )


@dataclass(frozen=True, slots=True)
class ValidService:
    case_id: int
    kind: str
    given_on: date
    provider: str
    notes: str
    details: dict[str, object]


@dataclass(frozen=True, slots=True)
class Repayment:
    paid_on: date
    amount_vnd: int


LOAN_REPAYING = "dang_tra"
LOAN_PAID = "da_tra_het"
LOAN_OVERDUE = "qua_han"
LOAN_LABELS = {LOAN_REPAYING: "Đang trả nợ", LOAN_PAID: "Đã trả hết", LOAN_OVERDUE: "Quá hạn"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class LoanState:
    amount_vnd: int
    repaid_vnd: int
    balance_vnd: int
    due_on: date
    status: str

    @property
    def status_label(self) -> str:
        return LOAN_LABELS[self.status]


def loan_state(
    amount_vnd: int, disbursed_on: date, term_months: int, repayments: list[Repayment], today: date
) -> LoanState:
    """Balance and status from the repayments: paid off when nothing is left; overdue when the term has ended
    with a balance; else repaying. Repayments after `today` do not count yet."""
    repaid = sum(r.amount_vnd for r in repayments if r.paid_on <= today)
    balance = max(0, amount_vnd - repaid)
    due = add_months(disbursed_on, term_months)
    if balance == 0:
        status = LOAN_PAID
    elif today > due:
        status = LOAN_OVERDUE
    else:
        status = LOAN_REPAYING
    return LoanState(amount_vnd, repaid, balance, due, status)


def check_repayment(
    amount_vnd: object, paid_on: object, disbursed_on: date, balance_vnd: int, today: date
) -> Repayment:
    """A repayment as typed. Raises ValidationErrors: a date before disbursement or after today, an amount
    that is not a positive integer or is more than what is left."""
    errors: dict[str, str] = {}
    amount = _money(amount_vnd, "amount_vnd", errors)
    if amount is None and "amount_vnd" not in errors:
        errors["amount_vnd"] = "Hãy nhập số tiền trả."
    elif amount is not None and amount == 0:
        errors["amount_vnd"] = "Số tiền trả phải lớn hơn 0."
    elif amount is not None and amount > balance_vnd:
        errors["amount_vnd"] = f"Số tiền trả lớn hơn dư nợ còn lại ({balance_vnd:,} đồng).".replace(",", ".")
    day: date | None = None
    try:
        day = parse_date(
            paid_on if isinstance(paid_on, str | date) or paid_on is None else str(paid_on), "paid_on"
        )
    except ValidationError as err:
        errors["paid_on"] = err.message
    if day is None and "paid_on" not in errors:
        errors["paid_on"] = "Hãy nhập ngày trả."
    elif day is not None and (day < disbursed_on or day > today):
        errors["paid_on"] = "Ngày trả phải từ ngày giải ngân đến hôm nay."
    if errors:
        raise ValidationErrors(errors)
    assert amount is not None and day is not None
    return Repayment(day, amount)


@dataclass(frozen=True, slots=True)
class ServiceView:
    id: int
    case_id: int
    kind: str
    given_on: date
    provider: str
    notes: str
    details: dict[str, object]
    loan: LoanState | None = None

    @property
    def kind_label(self) -> str:
        return SERVICE_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: int
    case_id: int
    code: str
    planned_on: date
    done_on: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class CasePeriodCounts:
    """What the cases did in a period, counted once for the case page and the reports' indicators."""

    new_cases: int  # intake in the period
    people_supported: int  # people given at least one service in the period
    services_by_kind: dict[str, int]  # services given in the period, kinds with none left out
    people_trained: int  # a training service in the period
    people_employed: int  # a job placement in the period
    people_with_loans: int  # a loan recorded (given) in the period
    loans_count: int  # those loans
    loans_amount_vnd: int  # their amounts


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """Counts only, with the definitions the reports use: a person is counted once per figure."""

    by_status: dict[str, int]
    by_commune: dict[str, int]  # commune name → open cases (not closed)
    new_cases: int  # intake in the period
    people_supported: int  # people given at least one service in the period
    services_by_kind: dict[str, int]  # services given in the period
    people_trained: int  # a training service in the period
    people_employed: int  # a job placement in the period
    people_with_loans: int  # a loan recorded (given) in the period
    loans_amount_vnd: int  # the amounts of those loans


DEFAULT_RETENTION_YEARS = 5
DEFAULT_NO_CONTACT_DAYS = 90


def may_deidentify(status: str, closed_on: date | None, today: date, years: int) -> str | None:
    """None when a case may be de-identified today, else why not (Vietnamese)."""
    if status != STATUS_CLOSED or closed_on is None:
        return "Chỉ xóa nhân thân của hồ sơ đã đóng."
    if add_months(closed_on, 12 * years) > today:
        return f"Hồ sơ mới đóng ngày {closed_on:%d/%m/%Y}: chỉ xóa nhân thân sau {years} năm."
    return None


# The columns of a case list, in the order of the import template and the export (after the code).
LIST_HEADERS: dict[str, str] = {
    "full_name": "Họ và tên",
    "birth": "Ngày/năm sinh",
    "sex": "Giới tính",
    "id_number": "Số CCCD/CMND",
    "address": "Địa chỉ",
    "commune": "Xã/phường",
    "phone": "Điện thoại",
    "intake_date": "Ngày tiếp nhận",
    "referral_source": "Nguồn giới thiệu",
    "needs": "Nhu cầu",
    "consent_on": "Ngày đồng ý",
    "assigned_worker": "Cán bộ phụ trách",
    "status": "Tình trạng",
    "notes": "Ghi chú",
}
