"""Helpers of the dated registers' list tests: a messy office workbook, an exported list's rows, the
unprotected copy of a protected export, and a second, empty office."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import msoffcrypto
from openpyxl import Workbook, load_workbook

from desktop_app.domain.security import SYSTEM
from desktop_app.exports.xlsx_sheets import HEADER_ROW
from desktop_app.services.app_services import Services, open_services
from tests.conftest import configure

PASSWORD = "mat-khau-tep-hs"


def workbook(path: Path, header: Sequence[object], rows: Sequence[Sequence[object]], title: str) -> Path:
    """An office's list: a title, a blank line, then the header on row 3, the rows and a signature line."""
    book = Workbook()
    ws = book.active
    ws.append([title])
    ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    ws.append([])
    ws.append(["", "", "Người lập biểu"])
    book.save(path)
    return path


def plain_copy(path: Path, target: Path, password: str = PASSWORD) -> Path:
    """The decrypted workbook of a password-protected export."""
    with path.open("rb") as fh:
        office_file = msoffcrypto.OfficeFile(fh)
        office_file.load_key(password=password)
        plain = io.BytesIO()
        office_file.decrypt(plain)
    target.write_bytes(plain.getvalue())
    return target


def listed(path: Path) -> tuple[list[object], list[list[object]]]:
    """The header row and the data rows of an exported list."""
    ws = load_workbook(path).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW)]
    return rows[0], [r for r in rows[1:] if any(v not in (None, "") for v in r)]


@contextmanager
def other_office(tmp_path: Path) -> Iterator[Services]:
    """A second office, configured with the same communes and nothing else."""
    other = open_services(tmp_path / "khac.sqlite3", actor=SYSTEM)
    try:
        configure(other)
        yield other
    finally:
        other.close()
