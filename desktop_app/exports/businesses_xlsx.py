"""The business register as an Excel workbook a clerk prints or sends, and the import template."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList

from desktop_app.domain.businesses import STATUS_LABELS, BusinessExportRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import Cancelled
from desktop_app.exports.atomic import CancelCheck, atomic_target

FONT_NAME = "Times New Roman"
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
    "Địa bàn phức tạp",
    "Ghi chú",
)
WIDTHS = (6, 32, 22, 18, 30, 24, 15, 13, 14, 12, 30, 8, 9, 9, 14, 9, 30)
TITLE = "DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ CÓ ĐIỀU KIỆN DỄ BỊ LỢI DỤNG ĐỂ HOẠT ĐỘNG MẠI DÂM"
HEADER_ROW = 5
DATE_COLUMN = 10  # 1-based: "Ngày cấp ĐKKD"
PROGRESS_EVERY = 2000


def _workbook() -> Workbook:
    """A write-only workbook whose default font is Times New Roman: plain cells need no style of their own."""
    workbook = Workbook(write_only=True)
    workbook._fonts = IndexedList([Font(name=FONT_NAME, sz=12, family=1)])
    return workbook


def _styled(ws: Any, value: object, font: Font | None = None, **options: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    for name, option in options.items():
        setattr(cell, name, option)
    return cell


def _prepare_sheet(workbook: Workbook, unit: str, today: date | None, title: str = TITLE) -> Any:
    ws = workbook.create_sheet("Danh sách cơ sở")
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    last = get_column_letter(len(HEADERS))
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    bold = Font(name=FONT_NAME, sz=12, bold=True)
    ws.append([_styled(ws, unit.upper() if unit else "", bold)])
    ws.append([_styled(ws, title, Font(name=FONT_NAME, sz=14, bold=True))])
    ws.append(
        [
            _styled(
                ws,
                f"(Ngày xuất: {format_date(today)})" if today else "",
                Font(name=FONT_NAME, sz=12, italic=True),
            )
        ]
    )
    ws.append([])
    thin = Side(style="thin")
    header_font = Font(name=FONT_NAME, sz=12, bold=True)
    wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append(
        [
            _styled(
                ws,
                header,
                header_font,
                alignment=wrap,
                border=Border(left=thin, right=thin, top=thin, bottom=thin),
            )
            for header in HEADERS
        ]
    )
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW}"
    return ws


def write_businesses(
    target: Path,
    rows: Sequence[BusinessExportRow],
    unit: str,
    today: date | None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write the workbook atomically. Raises Cancelled (nothing written), ExportError."""
    workbook = _workbook()
    ws = _prepare_sheet(workbook, unit, today)
    total = len(rows)
    with atomic_target(target) as part, _closing(ws):
        for number, row in enumerate(rows, start=1):
            date_cell = WriteOnlyCell(ws, value=row.registration_date)
            date_cell.number_format = "dd/mm/yyyy"
            ws.append(
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
                    "x" if row.complex_area else None,
                    row.notes,
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


@contextmanager
def _closing(ws: Any) -> Iterator[None]:
    """Close a write-only sheet's stream when writing stops early, so no temporary file stays open."""
    try:
        yield
    except BaseException:
        with suppress(Exception):
            ws.close()
        raise


def write_rejected_rows(target: Path, headers: Sequence[str], rows: Sequence[Any]) -> None:
    """The rows an import left out, as they were in the file, with the Excel row number and the reason."""
    workbook = _workbook()
    ws = workbook.create_sheet("Dòng chưa nhập")
    bold = Font(name=FONT_NAME, sz=12, bold=True)
    ws.append([_styled(ws, h, bold) for h in [*headers, "Dòng trong tệp gốc", "Lý do chưa nhập"]])
    width = len(headers)
    for row in rows:
        cells = list(row.original[:width]) + [None] * (width - len(row.original[:width]))
        ws.append([*cells, row.row, row.reason])
    with atomic_target(target) as part:
        workbook.save(part)
