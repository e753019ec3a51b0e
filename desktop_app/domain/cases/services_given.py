"""Services given to a person (counselling, legal aid, health, training, jobs, loans, allowances) and the
repayments of a loan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.text import check_length, nfc

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
