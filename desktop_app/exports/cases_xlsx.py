"""The support-case list as a password-protected workbook (identities included), and the import template.

The workbook is built in memory (no sheet passes through a temporary file) and written to disk only
encrypted: no plain byte of it ever lands on the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from openpyxl.cell import WriteOnlyCell

from desktop_app.domain.cases import LIST_HEADERS, SEX_LABELS, CaseRow, Identity
from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.protection import write_protected_xlsx
from desktop_app.exports.xlsx_sheets import append_rows, closing, list_sheet, new_workbook, workbook_bytes

TEMPLATE_HEADERS = ("STT", *LIST_HEADERS.values())
HEADERS = ("Mã hồ sơ", *LIST_HEADERS.values())
WIDTHS = (14, 26, 12, 9, 15, 30, 20, 13, 12, 20, 24, 12, 20, 16, 24)
TITLE = "DANH SÁCH HỒ SƠ HỖ TRỢ NGƯỜI BÁN DÂM HOÀN LƯƠNG (MẬT)"


def write_cases(
    target: Path,
    rows: Sequence[tuple[CaseRow, Identity, str, str, date, str]],
    unit: str,
    today: date | None,
    password: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """rows: (case, identity, referral source, needs, consent date, notes). Raises Cancelled, ExportError,
    ValidationError (a weak password)."""
    workbook = new_workbook(in_memory=True)
    ws = list_sheet(workbook, "Hồ sơ", HEADERS, WIDTHS, unit, TITLE, today)

    def day(value: date | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell

    def lines() -> list[tuple[object, ...]]:
        return [
            (
                case.code,
                person.full_name,
                day(person.birth_date) or person.birth_year,
                SEX_LABELS.get(person.sex, ""),
                person.id_number,
                person.address,
                case.commune_name,
                person.phone,
                day(case.intake_date),
                referral,
                needs,
                day(consent),
                case.assigned_worker,
                case.status_label,
                notes,
            )
            for case, person, referral, needs, consent, notes in rows
        ]

    with closing(ws):
        append_rows(ws, lines(), len(rows), progress, cancelled)
        plain = workbook_bytes(workbook)
    write_protected_xlsx(plain, target, password)


def write_case_template(target: Path) -> None:
    """A blank workbook with the import columns (nothing personal, so no password)."""
    workbook = new_workbook()
    ws = list_sheet(workbook, "Hồ sơ", TEMPLATE_HEADERS, WIDTHS, "", TITLE, None)
    with atomic_target(target) as part, closing(ws):
        workbook.save(part)
