"""The dated registers' lists (status changes, employees, support services, follow-ups, hot-spots,
healthy-commune statuses) as Excel workbooks in the shape of every list, with the import columns as
headers so that an exported list imports back; a list about support cases only password-protected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell

from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.protection import write_protected_xlsx
from desktop_app.exports.xlsx_sheets import append_rows, closing, list_sheet, new_workbook, workbook_bytes

Progress = Callable[[int, int], None]


def _cell(ws: Any, value: object) -> object:
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    return value


def write_list(
    target: Path,
    sheet: str,
    title: str,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[object]],
    unit: str = "",
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    password: str | None = None,
) -> None:
    """`rows` (numbered from 1 in the first column) below the heading of a list sheet. With `password`
    the workbook is built in memory and only its encrypted file is written. An empty `rows` with no unit
    is the import template. Raises Cancelled, ExportError, ValidationError (a weak password)."""
    workbook = new_workbook(in_memory=password is not None)
    ws = list_sheet(workbook, sheet, headers, widths, unit, title, today)
    lines = [(n, *(_cell(ws, v) for v in row)) for n, row in enumerate(rows, start=1)]
    if password is None:
        with atomic_target(target) as part, closing(ws):
            append_rows(ws, lines, len(lines), progress, cancelled)
            workbook.save(part)
        return
    with closing(ws):
        append_rows(ws, lines, len(lines), progress, cancelled)
        plain = workbook_bytes(workbook)
    write_protected_xlsx(plain, target, password)
