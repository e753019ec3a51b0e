"""The business register as an Excel workbook a clerk prints or sends, and the import template."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_LABELS, BusinessExportRow
from desktop_app.domain.errors import Cancelled
from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.xlsx_sheets import FONT_NAME, closing, list_sheet, new_workbook, safe_row, styled

HEADERS: tuple[str, ...] = (
    "STT",
    "Tên cơ sở",
    "Loại hình",
    "Xã/phường",
    "Địa chỉ",
    "Chủ cơ sở",
    "Số CCCD/CMND",
    "Điện thoại",
    "Số ĐKKD",
    "Ngày cấp ĐKKD",
    "Giấy phép con",
    "Số phòng",
    "Số lao động",
    "Lao động nữ",
    "Trạng thái",
    "Ngày đổi trạng thái",
    "Địa bàn phức tạp",
    "Ghi chú",
    "Ngày sinh chủ cơ sở",
    "Nơi cư trú",
)
WIDTHS = (6, 32, 22, 18, 30, 24, 15, 13, 14, 12, 30, 8, 9, 9, 14, 12, 9, 30, 12, 30)
TITLE = "DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ CÓ ĐIỀU KIỆN DỄ BỊ LỢI DỤNG ĐỂ HOẠT ĐỘNG MẠI DÂM"
DATE_COLUMN = 10  # 1-based: "Ngày cấp ĐKKD"
PROGRESS_EVERY = 2000


def write_businesses(
    target: Path,
    rows: Sequence[BusinessExportRow],
    unit: str,
    today: date | None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write the workbook atomically. Raises Cancelled (nothing written), ExportError."""
    workbook = new_workbook()
    ws = list_sheet(workbook, "Danh sách cơ sở", HEADERS, WIDTHS, unit, TITLE, today)
    total = len(rows)
    with atomic_target(target) as part, closing(ws):
        for number, row in enumerate(rows, start=1):
            date_cell = WriteOnlyCell(ws, value=row.registration_date)
            date_cell.number_format = "dd/mm/yyyy"
            stopped = row.status_since if row.status != STATUS_ACTIVE else None
            status_date_cell = WriteOnlyCell(ws, value=stopped)
            status_date_cell.number_format = "dd/mm/yyyy"
            birth_cell = WriteOnlyCell(ws, value=row.owner_birth_date)
            birth_cell.number_format = "dd/mm/yyyy"
            ws.append(
                safe_row(
                    ws,
                    (
                        number,
                        row.name,
                        row.type_name,
                        row.commune_name,
                        row.address,
                        row.owner_name,
                        row.owner_id_number,  # strings stay text: leading zeros survive
                        row.owner_phone,
                        row.registration_number,
                        date_cell,
                        row.sub_licences,
                        row.rooms,
                        row.employees_total,
                        row.employees_female,
                        STATUS_LABELS.get(row.status, row.status),
                        status_date_cell,
                        "x" if row.complex_area else None,
                        row.notes,
                        birth_cell,
                        row.owner_residence,
                    ),
                )
            )
            if number % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(number, total)
        if cancelled is not None and cancelled():
            raise Cancelled()
        workbook.save(part)
    if progress is not None:
        progress(total, total)


def write_rejected_rows(target: Path, headers: Sequence[str], rows: Sequence[Any]) -> None:
    """The rows an import left out, as they were in the file, with the Excel row number and the reason."""
    workbook = new_workbook()
    ws = workbook.create_sheet("Dòng chưa nhập")
    bold = Font(name=FONT_NAME, sz=12, bold=True)
    ws.append([styled(ws, h, bold) for h in [*headers, "Dòng trong tệp gốc", "Lý do chưa nhập"]])
    width = len(headers)
    for row in rows:
        cells = list(row.original[:width]) + [None] * (width - len(row.original[:width]))
        ws.append(safe_row(ws, [*cells, row.row, row.reason]))
    with atomic_target(target) as part:
        workbook.save(part)
