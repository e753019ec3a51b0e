"""Vietnamese phone numbers: normalise to the national form (0 + 9–10 digits), validated with phonenumbers."""

from __future__ import annotations

import re

import phonenumbers

from desktop_app.domain.errors import ValidationError

INVALID_PHONE = (
    "Số điện thoại không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định), bắt đầu bằng 0."
)
_SEPARATORS = re.compile(r"[\s.\-()/]+")


def normalise_phone(raw: str | None, field: str = "phone") -> str:
    """'+84 912.345.678' → '0912345678'; a 9-digit number gets its lost leading 0 back. '' stays ''."""
    if raw is None:
        return ""
    text = _SEPARATORS.sub("", str(raw).strip())
    if not text:
        return ""
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if not text.isdigit():
        raise ValidationError(INVALID_PHONE, field)
    if len(text) == 9 and not text.startswith("0"):
        text = "0" + text
    if len(text) not in (10, 11) or not text.startswith("0"):
        raise ValidationError(INVALID_PHONE, field)
    try:
        parsed = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as err:
        raise ValidationError(INVALID_PHONE, field) from err
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(INVALID_PHONE, field)
    return text


def format_phone(national: str) -> str:
    """'0912345678' → '0912 345 678'; landlines grouped by their area code; other text unchanged."""
    if not national or not national.isdigit():
        return national
    try:
        parsed = phonenumbers.parse(national, "VN")
    except phonenumbers.NumberParseException:
        return national
    if not phonenumbers.is_valid_number(parsed):
        return national
    if len(national) == 10 and national[1] in "35789":
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
