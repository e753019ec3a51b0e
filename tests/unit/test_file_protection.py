"""Password-protected files for personal data: an encrypted workbook opens only with its password."""

from __future__ import annotations

import io
from pathlib import Path

import msoffcrypto
import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.errors import ValidationError
from desktop_app.exports.protection import write_protected_xlsx


def test_a_protected_workbook_opens_only_with_its_password(tmp_path: Path) -> None:
    path = tmp_path / "danh-sach.xlsx"
    workbook = Workbook()
    workbook.active["A1"] = "HS-2026-0007"
    plain = io.BytesIO()
    workbook.save(plain)
    with pytest.raises(ValidationError, match="ít nhất 8"):
        write_protected_xlsx(plain.getvalue(), path, "ngan")
    assert not path.exists()
    write_protected_xlsx(plain.getvalue(), path, "mat-khau-tep-1")
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(Exception):  # noqa: B017 - openpyxl cannot read an encrypted file at all
        load_workbook(path)
    with path.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        assert office.is_encrypted()
        office.load_key(password="mat-khau-sai")
        with pytest.raises(Exception):  # noqa: B017 - msoffcrypto's own error type
            office.decrypt(io.BytesIO())
    with path.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        office.load_key(password="mat-khau-tep-1")
        plain = io.BytesIO()
        office.decrypt(plain)
    assert load_workbook(plain).active["A1"].value == "HS-2026-0007"
