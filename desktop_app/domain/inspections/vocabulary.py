"""The inspections' vocabulary (team levels, round scopes, visit kinds and results, the checklist) and the
parsers of a visit's time and fine."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from desktop_app.domain.dates import parse_record_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.text import nfc

# ---- Vocabulary
LEVEL_PROVINCE = "province"
LEVEL_DISTRICT = "district"
LEVEL_COMMUNE = "commune"
LEVEL_LABELS = {
    LEVEL_PROVINCE: "Cấp tỉnh",
    LEVEL_DISTRICT: "Cấp huyện",
    LEVEL_COMMUNE: "Cấp xã",
}

SCOPE_ALL = "all"
SCOPE_COMMUNES = "communes"
SCOPE_BUSINESSES = "businesses"
SCOPE_LABELS = {
    SCOPE_ALL: "Toàn địa bàn",
    SCOPE_COMMUNES: "Một số xã, phường",
    SCOPE_BUSINESSES: "Danh sách cơ sở",
}

KIND_PERIODIC = "periodic"
KIND_SURPRISE = "surprise"
KIND_FOLLOW_UP = "follow_up"
KIND_LABELS = {
    KIND_PERIODIC: "Định kỳ",
    KIND_SURPRISE: "Đột xuất",
    KIND_FOLLOW_UP: "Hậu kiểm",
}

RESULT_PLANNED = "planned"  # not inspected yet: a planned visit has no result and counts nowhere
RESULT_NONE = "none"
RESULT_REMINDER = "reminder"
RESULT_PENALTY = "penalty"
RESULT_REFERRAL = "referral"
RESULT_LABELS = {
    RESULT_PLANNED: "Chưa kiểm tra (dự kiến)",
    RESULT_NONE: "Không vi phạm",
    RESULT_REMINDER: "Nhắc nhở (biên bản nhắc nhở)",
    RESULT_PENALTY: "Xử phạt vi phạm hành chính",
    RESULT_REFERRAL: "Chuyển cơ quan công an",
}
VIOLATION_RESULTS = frozenset({RESULT_REMINDER, RESULT_PENALTY, RESULT_REFERRAL})

# What the team checks on a visit, in the order printed on the minutes.
CHECKLIST = {
    "owner_commitment": "Bản cam kết của chủ cơ sở",
    "employee_commitments": "Bản cam kết của người lao động",
    "labour_contracts": "Hợp đồng lao động",
    "employee_registration": "Đăng ký lao động, tạm trú của người lao động",
    "minors": "Sử dụng người dưới 18 tuổi",
    "health_checks": "Khám sức khỏe định kỳ cho người lao động",
    "prostitution_signs": "Dấu hiệu hoạt động mại dâm",
    "security_fire": "Điều kiện an ninh, trật tự và phòng cháy, chữa cháy",
}
CHECK_OK = "ok"
CHECK_PROBLEM = "problem"
CHECK_LABELS = {CHECK_OK: "Đạt", CHECK_PROBLEM: "Không đạt"}

MAX_FINE_VND = 10**12  # a guard against a typo of many zeros, not a legal range
DEFAULT_ANNUAL_TARGET_PCT = 20
DEFAULT_PROGRAMME_START = date(2026, 1, 1)


def read_date(errors: dict[str, str], name: str, raw: date | str | None) -> date | None:
    """The date of field `name`, or None with the reason put in `errors` (the form shows them all at once)."""
    try:
        return parse_record_date(raw, name)
    except DomainError as err:
        errors[name] = err.message
        return None


def text_lines(text: str | Iterable[str]) -> tuple[str, ...]:
    """The non-blank lines of a text (or of a list of lines), trimmed, in NFC."""
    items = text.splitlines() if isinstance(text, str) else list(text)
    return tuple(line for line in (nfc(item).strip() for item in items) if line)


def parse_time(raw: time | str | None, field_name: str = "visit_time") -> time | None:
    """'14:30', '14h30', '14 giờ 30', '9h' → time; '' → None. Raises ValidationErrors."""
    if raw is None or isinstance(raw, time):
        return raw
    text = nfc(raw).strip().lower().replace("giờ", ":").replace("h", ":").replace(" ", "")
    if not text:
        return None
    hours, _, minutes = text.partition(":")
    try:
        value = time(int(hours), int(minutes or "0"))
    except ValueError as err:
        raise ValidationErrors(
            {field_name: "Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 14:30."}
        ) from err
    return value


def parse_fine(raw: int | str | None) -> int | None:
    """'1.500.000', '1,500,000 đ', 1500000 → 1500000; '' → None. Raises ValidationErrors."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValidationErrors({"fine_vnd": "Số tiền phạt phải là số nguyên đồng."})
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationErrors({"fine_vnd": "Số tiền phạt phải là số nguyên đồng."})
        value = int(raw)
    else:
        text = nfc(raw).strip().lower()
        for token in ("vnđ", "vnd", "đồng", "đ", " ", "\u00a0"):
            text = text.replace(token, "")
        text = text.replace(".", "").replace(",", "")
        if text.startswith("-") and text[1:].isdigit():
            value = -int(text[1:])
        elif text.isdigit():
            value = int(text)
        else:
            raise ValidationErrors({"fine_vnd": "Số tiền phạt phải là số nguyên đồng, ví dụ 1.500.000."})
    if value < 0:
        raise ValidationErrors({"fine_vnd": "Số tiền phạt không thể âm."})
    if value > MAX_FINE_VND:
        raise ValidationErrors({"fine_vnd": "Số tiền phạt quá lớn; kiểm tra lại số chữ số."})
    return value
