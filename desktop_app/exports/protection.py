"""Password protection of files that carry personal data: an .xlsx encrypted with the Office standard
(ECMA-376 agile encryption, AES-256, through `msoffcrypto-tool`, opened by Excel and LibreOffice after the
password), and the reportlab encryption settings for a PDF. Upward report files carry counts only and are
never protected."""

from __future__ import annotations

import io
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile
from reportlab.lib.pdfencrypt import StandardEncryption

from desktop_app.domain.errors import ValidationError
from desktop_app.exports.atomic import ExportError, atomic_target

MIN_FILE_PASSWORD = 8


def check_file_password(password: str) -> None:
    """Raises ValidationError when the password cannot protect a file of personal data."""
    if len(password) < MIN_FILE_PASSWORD:
        raise ValidationError(f"Mật khẩu mở tệp phải có ít nhất {MIN_FILE_PASSWORD} ký tự.", "file_password")


def protect_xlsx(path: Path, password: str) -> None:
    """Encrypt the workbook at `path` in place, atomically: the plain workbook never stays on disk under the
    final name. Raises ValidationError, ExportError."""
    check_file_password(password)
    try:
        plain = io.BytesIO(path.read_bytes())
    except OSError as err:
        raise ExportError(f"Không đọc lại được «{path.name}» để đặt mật khẩu.") from err
    with atomic_target(path) as part, part.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)


def pdf_encryption(password: str) -> StandardEncryption:
    """reportlab's encryption for a PDF opened with `password` (128-bit; printing allowed, copying not)."""
    check_file_password(password)
    return StandardEncryption(password, canPrint=1, canModify=0, canCopy=0, canAnnotate=0, strength=128)
