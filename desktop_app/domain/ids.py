"""Personal ID numbers (CCCD 12 digits, old CMND 9 digits) and business registration numbers."""

from __future__ import annotations

import re
import unicodedata

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import nfc

INVALID_ID = "Số CCCD phải gồm 12 chữ số (hoặc CMND cũ 9 chữ số)."
REGISTRATION_TOO_LONG = "Số đăng ký kinh doanh quá dài (tối đa 30 ký tự)."
REGISTRATION_MAX_LENGTH = 30
_SEPARATORS = re.compile(r"[\s.\-]+")


def normalise_person_id(
    raw: str | int | None, field: str = "owner_id_number", restore_leading_zero: bool = False
) -> str:
    """Digits only: 12 (CCCD, số định danh cá nhân) or 9 (old CMND). '' and None → ''.

    Spaces, dots and dashes are dropped. An int (an Excel cell) is accepted. With restore_leading_zero,
    11 or 8 digits get back the leading 0 that Excel dropped. Raises ValidationError(INVALID_ID, field).
    """
    if raw is None:
        return ""
    if isinstance(raw, bool) or (isinstance(raw, int) and raw < 0):
        raise ValidationError(INVALID_ID, field)
    # NFKC turns full-width digits into ASCII.
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw)))
    if not text:
        return ""
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(INVALID_ID, field)
    if restore_leading_zero and len(text) in (8, 11):
        text = "0" + text
    if len(text) not in (9, 12):
        raise ValidationError(INVALID_ID, field)
    return text


def normalise_registration_number(raw: str | None) -> str:
    """NFC, trimmed, white space folded, upper case ('24a8012345' → '24A8012345'); at most 30 characters.

    Raises ValidationError(REGISTRATION_TOO_LONG, "registration_number").
    """
    text = nfc(raw).upper()
    if len(text) > REGISTRATION_MAX_LENGTH:
        raise ValidationError(REGISTRATION_TOO_LONG, "registration_number")
    return text
