"""Personal ID numbers (CCCD / CMND) and business registration numbers."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.ids import INVALID_ID, normalise_person_id, normalise_registration_number

ID_MESSAGE = "Số CCCD phải gồm 12 chữ số (hoặc CMND cũ 9 chữ số)."
TOO_LONG_MESSAGE = "Số đăng ký kinh doanh quá dài (tối đa 30 ký tự)."


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("001234567890", "001234567890"),
        ("001 234 567 890", "001234567890"),
        ("001.234.567.890", "001234567890"),
        ("001-234-567-890", "001234567890"),
        ("  036085001234 ", "036085001234"),
        ("123456789", "123456789"),  # old CMND
        ("012 345 678", "012345678"),
        (123456789012, "123456789012"),  # from an Excel number cell
        (123456789, "123456789"),
        ("０３６０８５００１２３４", "036085001234"),  # full-width digits
    ],
)
def test_normalise_person_id(raw: str | int, digits: str) -> None:
    assert normalise_person_id(raw) == digits


@pytest.mark.parametrize("empty", [None, "", "   ", " . "])
def test_normalise_person_id_of_nothing_is_empty(empty: str | None) -> None:
    assert normalise_person_id(empty) == ""


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("36085001234", "036085001234"),  # 11 digits: Excel dropped the 0 of a CCCD
        (36085001234, "036085001234"),
        ("12345678", "012345678"),  # 8 digits: a CMND
        (12345678, "012345678"),
        ("036085001234", "036085001234"),  # already right: unchanged
        ("123456789", "123456789"),
    ],
)
def test_normalise_person_id_restores_leading_zero_when_asked(raw: str | int, digits: str) -> None:
    assert normalise_person_id(raw, restore_leading_zero=True) == digits


@pytest.mark.parametrize("raw", ["36085001234", 36085001234, "12345678"])
def test_normalise_person_id_does_not_guess_leading_zero_by_default(raw: str | int) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_person_id(raw)
    assert caught.value.message == ID_MESSAGE


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "1234567890",  # 10 digits
        "1234567890123",  # 13 digits
        "03608500123A",  # a letter
        "CCCD 036085001234",
        "036085/001234",
        -123456789012,
        1234567,
    ],
)
def test_normalise_person_id_rejects(raw: str | int) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_person_id(raw, restore_leading_zero=True)
    assert caught.value.message == ID_MESSAGE
    assert str(caught.value) == ID_MESSAGE
    assert caught.value.field == "owner_id_number"


def test_normalise_person_id_error_names_the_callers_field() -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_person_id("123", field="witness_id")
    assert caught.value.field == "witness_id"
    assert caught.value.message == INVALID_ID == ID_MESSAGE


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("24A8012345", "24A8012345"),
        ("24a8012345", "24A8012345"),
        ("  0101234567 ", "0101234567"),
        ("24 a8\u00a0  012345", "24 A8 012345"),
        ("GP số 12/đkkd", "GP SỐ 12/ĐKKD"),
        ("So\u0302\u0301 12", "SỐ 12"),  # NFC
        ("x" * 30, "X" * 30),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_normalise_registration_number(raw: str | None, number: str) -> None:
    assert normalise_registration_number(raw) == number


def test_registration_number_too_long() -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_registration_number("1" * 31)
    assert caught.value.message == TOO_LONG_MESSAGE
    assert caught.value.field == "registration_number"
