"""The shared shape of every list the app writes to Excel: a write-only workbook in Times New Roman, a sheet
with the unit, title and export date above a bordered header row, frozen panes, a filter, and A4 landscape.

Every value the app writes into a cell passes through `put_value` / `safe_row`: text from user data is
always a text cell (never a formula or an error code, whatever it starts with) and loses the control
characters a worksheet cannot hold. A workbook that carries identities is built with `in_memory=True`
and saved with `workbook_bytes`: openpyxl otherwise streams each sheet through a temporary file."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from itertools import chain
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import Cancelled

FONT_NAME = "Times New Roman"
HEADER_ROW = 5  # unit, title, export date, a blank row, then the headers


# OWASP's CSV-injection rule: text starting with one of these is what a spreadsheet may take for a formula.
FORMULA_START = frozenset("=+-@\t\r")
_ERROR_CODES = frozenset(ERROR_CODES)


CELL_MAX_LENGTH = 32767  # Excel's limit; openpyxl would cut a longer text without a word
CUT_MARK = " … [đã cắt bớt: một ô Excel chứa tối đa 32.767 ký tự]"


def cell_text(value: str) -> str:
    """`value` without the control characters a worksheet cannot hold (tab and new line stay); a text longer
    than a cell holds (only stored before the input limits) is cut visibly, with CUT_MARK at its end."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > CELL_MAX_LENGTH:
        value = value[: CELL_MAX_LENGTH - len(CUT_MARK)] + CUT_MARK
    return value


def _risky(text: str) -> bool:
    return text[:1] in FORMULA_START or text in _ERROR_CODES


def put_value(cell: Any, value: object) -> None:
    """Set `cell` (a worksheet or write-only cell) to `value`; text is stored as text, shown as it is, and
    marked with Excel's quote prefix when it starts like a formula, so that editing the cell keeps it text."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = cell_text(value)
    cell.value = text
    if _risky(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_row(ws: Any, values: Iterable[object]) -> list[object]:
    """A row for `ws.append` of a write-only sheet, every text value made safe as `put_value` does."""
    row: list[object] = []
    for value in values:
        if not isinstance(value, str):
            row.append(value)
            continue
        text = cell_text(value)
        if _risky(text):
            cell = WriteOnlyCell(ws)
            put_value(cell, text)
            row.append(cell)
        else:
            row.append(text)
    return row


class _MemoryWorkbook(Workbook):  # type: ignore[misc]
    """A write-only workbook whose sheets are streamed into memory, never into a temporary file."""


def new_workbook(in_memory: bool = False) -> Workbook:
    """A write-only workbook whose default font is Times New Roman: plain cells need no style of their own.
    `in_memory`: nothing of it touches the disk until `workbook_bytes` (for files with identities)."""
    workbook = _MemoryWorkbook(write_only=True) if in_memory else Workbook(write_only=True)
    workbook._fonts = IndexedList([Font(name=FONT_NAME, sz=12, family=1)])
    return workbook


def _escape_text(text: str) -> str:
    """Text content escaped as ElementTree (and so openpyxl) writes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _day_number(cell: Any, value: object) -> object:
    """A day (and time) as openpyxl writes it: the serial number from the workbook's epoch; `value` itself
    (not plain: left to openpyxl) for a time of day, an ISO-dated workbook or a time zone."""
    workbook = cell.parent.parent
    if type(value) not in (date, _dt.datetime) or workbook.iso_dates or getattr(value, "tzinfo", None):
        return value
    return to_excel(value, workbook.epoch)


def _plain_cell_xml(cell: Any) -> str | None:
    """The XML openpyxl writes for `cell` when it is plain (a number, a text, a day or a day and time, or
    empty, styled or not; no comment, link, formula, boolean or time of day), "" for a cell openpyxl leaves
    out; None for any other cell."""
    if cell.comment is not None or cell.hyperlink is not None:
        return None
    value, kind = cell._value, cell.data_type
    style = cell._style
    styled = style is not None and any(style)
    if value is None and not styled:
        return ""
    if kind == "d":
        value, kind = _day_number(cell, value), "n"
    if kind == "n":
        if value is not None and type(value) not in (int, float):
            return None
        kind_attr = "n"
    elif kind == "s":
        if value is not None and type(value) is not str:
            return None
        kind_attr = "inlineStr"
    else:
        return None
    start = (
        f'<c r="{cell.coordinate}" s="{cell.style_id}" t="{kind_attr}"'
        if styled
        else (f'<c r="{cell.coordinate}" t="{kind_attr}"')
    )
    if value is None or value == "":
        return start + " />"
    if kind == "n":
        number = safe_string(value)  # "" for NaN and infinity
        return f"{start}><v>{number}</v></c>" if number else f"{start}><v /></c>"
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    return f"{start}><is><t{space}>{_escape_text(value)}</t></is></c>"


class PlainCellsWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer, with each plain cell written as its XML text: openpyxl builds an element for
    every cell and serialises it (most of the time a report of 60,000 cells or a list of 100,000 businesses
    takes to save). The text is what openpyxl writes for such a cell; from the first other cell of a row on,
    openpyxl writes the rest of the row itself. Writes the sheets of a normal workbook (`workbook_bytes`)
    and of the lists' write-only ones (`list_sheet`), whose rows come as a generator that reuses one cell."""

    def write_row(self, xf: Any, row: Iterable[Any], row_idx: int) -> None:
        raw = getattr(xf, "_file", None)  # et_xmlfile's output; lxml's writer (if installed) has none
        if raw is None or row_idx in self.ws.row_dimensions:
            super().write_row(xf, row, row_idx)
            return
        parts = [f'<row r="{row_idx}">']
        cells = iter(row)
        for cell in cells:
            text = _plain_cell_xml(cell)
            if text is None:  # what the row has so far, then this cell and the rest as openpyxl writes them
                raw("".join(parts))
                self._write_cells(xf, chain((cell,), cells))
                raw("</row>")
                return
            parts.append(text)
        parts.append("</row>")
        raw("".join(parts))

    def _write_cells(self, xf: Any, cells: Iterable[Any]) -> None:
        """The cells of a row as WorksheetWriter.write_row writes them inside its row element."""
        for cell in cells:
            if cell._comment is not None:
                self.ws._comments.append(CommentRecord.from_cell(cell))
            if cell._value is None and not cell.has_style and not cell._comment:
                continue
            write_cell(xf, self.ws, cell, cell.has_style)


class _MemoryExcelWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer with each sheet's XML taken from memory (it otherwise goes through a temp file);
    the sheets of a normal (not write-only) workbook are written by PlainCellsWriter."""

    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if self.workbook.write_only:
            if not isinstance(getattr(ws._writer, "out", None), io.BytesIO):
                raise RuntimeError("a sheet of an in-memory workbook was not started in memory")
            if not ws.closed:
                ws.close()
            writer = ws._writer
        else:
            writer = PlainCellsWriter(ws, out=io.BytesIO())
            writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of `workbook` (from `new_workbook(in_memory=True)` or a normal workbook) as bytes,
    built without any temporary file."""
    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = _dt.datetime.now(tz=_dt.UTC).replace(tzinfo=None)
    _MemoryExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _start_writer(ws: Any, in_memory: bool) -> None:
    """Open a write-only sheet's stream with PlainCellsWriter, on memory or (as openpyxl's first append
    would) on a temporary file."""
    ws._writer = PlainCellsWriter(ws, out=io.BytesIO()) if in_memory else PlainCellsWriter(ws)
    ws._writer.write_top()


def styled(ws: Any, value: object, font: Font | None = None, **options: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    put_value(cell, value)
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
    _start_writer(ws, isinstance(workbook, _MemoryWorkbook))
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
        ws.append(safe_row(ws, values))
        if number % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(number, total)
    if cancelled is not None and cancelled():
        raise Cancelled()
