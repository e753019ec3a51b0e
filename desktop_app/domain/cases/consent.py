"""A case's status, and the person's consent to the processing of their data and its withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.dates import parse_record_date
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.text import check_length, nfc

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

# What a withdrawal stops in the app (docs/features.md, "Support cases"): everything but closing the case.
# The case, its identity and its history are kept for the retention time the law requires; counts still
# include it.
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
