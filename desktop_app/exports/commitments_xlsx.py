"""The list of signed commitments as an Excel workbook a clerk prints or sends, and its import template."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.xlsx_sheets import append_rows, closing, list_sheet, new_workbook

# The import template's columns (desktop_app.imports.commitments.TEMPLATE_HEADERS; a test keeps them equal),
# the export adds the state before the notes. Unknown columns are left out on import.
TEMPLATE_HEADERS: tuple[str, ...] = (
    "STT",
    "Tên cơ sở",
    "Xã/phường",
    "Số ĐKKD",
    "Ngày ký",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Số văn bản",
    "Người ký (UBND xã)",
    "Chức vụ",
    "Ghi chú",
)
STATE_HEADER = "Trạng thái"
EXPORT_HEADERS: tuple[str, ...] = (*TEMPLATE_HEADERS[:-1], STATE_HEADER, TEMPLATE_HEADERS[-1])
_WIDTHS = {
    "STT": 6,
    "Tên cơ sở": 32,
    "Xã/phường": 18,
    "Số ĐKKD": 14,
    "Ngày ký": 12,
    "Hiệu lực từ": 12,
    "Hiệu lực đến": 14,
    "Số văn bản": 14,
    "Người ký (UBND xã)": 24,
    "Chức vụ": 20,
    STATE_HEADER: 22,
    "Ghi chú": 30,
}
TITLE = "DANH SÁCH CƠ SỞ KINH DOANH ĐÃ KÝ CAM KẾT KHÔNG ĐỂ XẢY RA HOẠT ĐỘNG MẠI DÂM"
TEMPLATE_TITLE = "DANH SÁCH CAM KẾT ĐÃ KÝ (MẪU NHẬP)"
SHEET_NAME = "Danh sách cam kết"
OPEN_ENDED_TEXT = "Đến khi thay đổi chủ"

STATE_VALID = "Còn hiệu lực"
STATE_EXPIRED = "Đã hết hạn"
STATE_NOT_STARTED = "Chưa đến ngày hiệu lực"
STATE_RESIGN = "Phải ký lại"


class CommitmentListRow(Protocol):
    """What the workbook needs of a signing (storage's CommitmentExportRow has these fields)."""

    @property
    def business_name(self) -> str: ...
    @property
    def commune_name(self) -> str: ...
    @property
    def registration_number(self) -> str: ...
    @property
    def signed_on(self) -> date: ...
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def document_number(self) -> str: ...
    @property
    def representative_name(self) -> str: ...
    @property
    def representative_position(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def invalidated_on(self) -> date | None: ...
    @property
    def invalidated_reason(self) -> str: ...


def state_label(row: CommitmentListRow, today: date) -> str:
    """'Còn hiệu lực', 'Đã hết hạn', 'Chưa đến ngày hiệu lực' or 'Phải ký lại (<reason>)' on `today`."""
    if row.invalidated_on is not None and row.invalidated_on <= today:
        return f"{STATE_RESIGN} ({row.invalidated_reason})" if row.invalidated_reason else STATE_RESIGN
    if row.valid_to is not None and row.valid_to < today:
        return STATE_EXPIRED
    if row.valid_from > today:
        return STATE_NOT_STARTED
    return STATE_VALID


def _prepare_sheet(
    workbook: Workbook, headers: Sequence[str], unit: str, title: str, today: date | None
) -> Any:
    widths = [_WIDTHS.get(header, 14) for header in headers]
    return list_sheet(workbook, SHEET_NAME, headers, widths, unit, title, today)


def _date_cell(ws: Any, value: date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "dd/mm/yyyy"
    return cell


def _row(ws: Any, number: int, row: CommitmentListRow, today: date) -> tuple[object, ...]:
    return (
        number,
        row.business_name,
        row.commune_name,
        row.registration_number,  # a string stays text: leading zeros survive
        _date_cell(ws, row.signed_on),
        _date_cell(ws, row.valid_from),
        _date_cell(ws, row.valid_to) if row.valid_to is not None else OPEN_ENDED_TEXT,
        row.document_number,
        row.representative_name,
        row.representative_position,
        state_label(row, today),
        row.notes,
    )


def write_commitments(
    target: Path,
    rows: Sequence[CommitmentListRow],
    unit: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write the list with each signing's state on `today`, atomically. Raises Cancelled (nothing written),
    ExportError."""
    workbook = new_workbook()
    ws = _prepare_sheet(workbook, EXPORT_HEADERS, unit, TITLE, today)
    total = len(rows)
    with atomic_target(target) as part, closing(ws):
        values = (_row(ws, number, row, today) for number, row in enumerate(rows, start=1))
        append_rows(ws, values, total, progress, cancelled)
        workbook.save(part)
    if progress is not None:
        progress(total, total)


def write_commitment_template(target: Path) -> None:
    """A blank workbook with the import columns. Raises ExportError."""
    workbook = new_workbook()
    ws = _prepare_sheet(workbook, TEMPLATE_HEADERS, "", TEMPLATE_TITLE, None)
    with atomic_target(target) as part, closing(ws):
        workbook.save(part)
