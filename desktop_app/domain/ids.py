"""Personal ID numbers (CCCD 12 digits, old CMND 9 digits) and business registration numbers."""

from __future__ import annotations

import re

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import nfc

INVALID_ID = "Số CCCD phải gồm 12 chữ số (hoặc CMND cũ 9 chữ số)."
_SEPARATORS = re.compile(r"[\s.\-]+")


def normalise_person_id(
    raw: str | int | None, field: str = "owner_id_number", restore_leading_zero: bool = False
) -> str:
    """Digits only; 12 (CCCD) or 9 (CMND). With restore_leading_zero, 11 or 8 digits get their lost 0 back."""
    if raw is None:
        return ""
    text = _SEPARATORS.sub("", str(raw).strip())
    if not text:
        return ""
    if not text.isdigit():
        raise ValidationError(INVALID_ID, field)
    if restore_leading_zero and len(text) in (8, 11):
        text = "0" + text
    if len(text) not in (9, 12):
        raise ValidationError(INVALID_ID, field)
    return text


def normalise_registration_number(raw: str | None) -> str:
    """NFC, trimmed, upper case ('24a8012345' → '24A8012345'); at most 30 characters."""
    text = nfc(raw).upper()
    if len(text) > 30:
        raise ValidationError("Số đăng ký kinh doanh quá dài (tối đa 30 ký tự).", "registration_number")
    return text
