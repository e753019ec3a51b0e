"""The shared shape of every list the app writes to Excel: a write-only workbook in Times New Roman, a sheet
with the unit, title and export date above a bordered header row, frozen panes, a filter, and A4 landscape."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import Cancelled

FONT_NAME = "Times New Roman"
HEADER_ROW = 5  # unit, title, export date, a blank row, then the headers


def new_workbook() -> Workbook:
    """A write-only workbook whose default font is Times New Roman: plain cells need no style of their own."""
    workbook = Workbook(write_only=True)
    workbook._fonts = IndexedList([Font(name=FONT_NAME, sz=12, family=1)])
    return workbook


def styled(ws: Any, value: object, font: Font | None = None, **options: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    for name, option in options.items():
        setattr(cell, name, option)
    return cell


def list_sheet(
    workbook: Workbook,
    name: str,
    headers: Sequence[str],
    widths: Sequence[float],
    unit: str,
    title: str,
    today: date | None,
) -> Any:
    """A new sheet with the heading lines and the header row written; data rows follow with ws.append."""
    ws = workbook.create_sheet(name)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    bold = Font(name=FONT_NAME, sz=12, bold=True)
    ws.append([styled(ws, unit.upper() if unit else "", bold)])
    ws.append([styled(ws, title, Font(name=FONT_NAME, sz=14, bold=True))])
    exported = f"(Ngày xuất: {format_date(today)})" if today else ""
    ws.append([styled(ws, exported, Font(name=FONT_NAME, sz=12, italic=True))])
    ws.append([])
    thin = Side(style="thin")
    wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([styled(ws, header, bold, alignment=wrap, border=border) for header in headers])
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{HEADER_ROW}"
    return ws


@contextmanager
def closing(ws: Any) -> Iterator[None]:
    """Close a write-only sheet's stream when writing stops early, so no temporary file stays open."""
    try:
        yield
    except BaseException:
        with suppress(Exception):
            ws.close()
        raise


PROGRESS_EVERY = 2000


def append_rows(
    ws: Any,
    rows: Iterable[Sequence[object]],
    total: int,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Append every row, reporting progress and honouring a cancel every PROGRESS_EVERY rows and at the end.
    Raises Cancelled."""
    for number, values in enumerate(rows, start=1):
        ws.append(values)
        if number % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(number, total)
    if cancelled is not None and cancelled():
        raise Cancelled()
