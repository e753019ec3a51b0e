"""Password protection of files that carry personal data: an .xlsx encrypted with the Office standard
(ECMA-376 agile encryption, AES-256, through `msoffcrypto-tool`, opened by Excel and LibreOffice after the
password). Upward report files carry counts only and are never protected."""

from __future__ import annotations

import io
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile

from desktop_app.domain.security import check_file_password
from desktop_app.exports.atomic import atomic_target


def write_protected_xlsx(plain: bytes, target: Path, password: str) -> None:
    """Write the workbook `plain` (built in memory) to `target` encrypted, atomically: the plain workbook
    never lands on disk. Raises ValidationError, ExportError."""
    check_file_password(password)
    with atomic_target(target) as part, part.open("wb") as out:
        OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
