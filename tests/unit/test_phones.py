"""Vietnamese phone numbers: national form, validation with phonenumbers, display format."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.phones import INVALID_PHONE, format_phone, normalise_phone

MESSAGE = "Số điện thoại không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định), bắt đầu bằng 0."


@pytest.mark.parametrize(
    ("raw", "national"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(0912) 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("(+84) 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84 912 345 678", "0912345678"),
        ("0084 912 345 678", "0912345678"),
        ("912345678", "0912345678"),  # Excel ate the leading 0
        ("  0389 123 456 ", "0389123456"),
        ("0701234567", "0701234567"),
        ("0812345678", "0812345678"),
        ("0587654321", "0587654321"),
        ("024 3825 1234", "02438251234"),  # Hà Nội landline
        ("(028) 3825-1234", "02838251234"),
        ("0203 3825 123", "02033825123"),  # Quảng Ninh: four-digit area code
        ("+84 24 3825 1234", "02438251234"),
        ("2438251234", "02438251234"),  # a landline stored as a number
        ("０９１２３４５６７８", "0912345678"),  # full-width digits
    ],
)
def test_normalise_phone(raw: str, national: str) -> None:
    assert normalise_phone(raw) == national


@pytest.mark.parametrize("empty", [None, "", "   ", " - "])
def test_normalise_phone_of_nothing_is_empty(empty: str | None) -> None:
    assert normalise_phone(empty) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 67",  # too short
        "09123456789",  # too long for a mobile
        "091234567890",
        "12345",
        "0123456789",  # no such prefix
        "0521234567",  # right length, not a Vietnamese number
        "01234567890",  # old 11-digit mobile numbering, retired in 2018
        "09l2345678",  # a letter
        "phone",
        "+1 202 555 0123",  # not Vietnamese
        "1900 1234",  # no leading 0
        "0912345678 / 0987654321",  # two numbers
    ],
)
def test_normalise_phone_rejects(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw)
    assert caught.value.message == MESSAGE
    assert str(caught.value) == MESSAGE
    assert caught.value.field == "phone"


def test_normalise_phone_error_names_the_callers_field() -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_phone("0912", field="owner_phone")
    assert caught.value.field == "owner_phone"
    assert caught.value.message == INVALID_PHONE == MESSAGE


@pytest.mark.parametrize(
    ("national", "shown"),
    [
        ("0912345678", "0912 345 678"),
        ("0389123456", "0389 123 456"),
        ("02438251234", "024 3825 1234"),
        ("02838251234", "028 3825 1234"),
        ("02033825123", "0203 3825 123"),
    ],
)
def test_format_phone(national: str, shown: str) -> None:
    assert format_phone(national) == shown


@pytest.mark.parametrize("text", ["", "0912", "không có", "+84 912 345 678", "0912.345.678", "09123456789"])
def test_format_phone_leaves_other_text_unchanged(text: str) -> None:
    assert format_phone(text) == text


def test_format_phone_of_normalised_numbers() -> None:
    assert format_phone(normalise_phone("+84 912.345.678")) == "0912 345 678"
    assert format_phone(normalise_phone("024 3825 1234")) == "024 3825 1234"
