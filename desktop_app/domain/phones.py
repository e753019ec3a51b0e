"""Vietnamese phone numbers: normalise to the national form (0 + 9–10 digits), validated with phonenumbers."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from desktop_app.domain.errors import ValidationError

INVALID_PHONE = (
    "Số điện thoại không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định), bắt đầu bằng 0."
)
_SEPARATORS = re.compile(r"[\s.\-()]+")
_COUNTRY_PREFIXES = ("+84", "0084")
_MOBILE = re.compile(r"0[35789]\d{8}")


def _national_digits(text: str) -> str:
    """Country code replaced by the trunk 0, and the 0 that Excel drops from numbers put back."""
    for prefix in _COUNTRY_PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            return rest if rest.startswith("0") else "0" + rest  # "+84 (0) 912…" has its 0 already
    if text.startswith("84") and len(text) in (11, 12):  # 84 912 345 678, 84 24 3825 1234
        return "0" + text[2:]
    if len(text) == 9 and not text.startswith("0"):  # 912 345 678: a mobile stored as a number
        return "0" + text
    if len(text) == 10 and text.startswith("2"):  # 24 3825 1234: a landline stored as a number
        return "0" + text
    return text


def normalise_phone(raw: str | None, field: str = "phone") -> str:
    """'+84 912.345.678' → '0912345678'; a number missing its leading 0 gets it back. '' and None → ''.

    Raises ValidationError(INVALID_PHONE, field) unless the result is a valid Vietnamese number of 10
    (mobile) or 11 (landline) digits starting with 0.
    """
    if raw is None:
        return ""
    # NFKC turns full-width digits and the like into ASCII.
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw)))
    if not text:
        return ""
    text = _national_digits(text)
    if not (text.isascii() and text.isdigit()) or len(text) not in (10, 11) or not text.startswith("0"):
        raise ValidationError(INVALID_PHONE, field)
    try:
        parsed = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as err:
        raise ValidationError(INVALID_PHONE, field) from err
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(INVALID_PHONE, field)
    return text


def format_phone(national: str) -> str:
    """'0912345678' → '0912 345 678'; '02438251234' → '024 3825 1234'; anything else unchanged."""
    if _MOBILE.fullmatch(national):
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    if not (national.isascii() and national.isdigit() and national.startswith("0")):
        return national
    try:
        parsed = phonenumbers.parse(national, "VN")
    except phonenumbers.NumberParseException:
        return national
    if not phonenumbers.is_valid_number(parsed):
        return national
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
