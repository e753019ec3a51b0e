"""The periodic report as an Excel workbook: one sheet per table in the official look, and the data package
in a hidden sheet so that one e-mailed workbook carries both."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from copy import copy
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.collection import held_collection
from desktop_app.domain.forms import document_header, report_office, signature_block
from desktop_app.domain.indicators import UNIT_PCT
from desktop_app.domain.report_templates import (
    GridRow,
    ReportTable,
    ReportTemplate,
    summary_rows,
    table_rows,
)
from desktop_app.domain.reports import DEMO_MARK, Report, closing_line, package_text
from desktop_app.exports.atomic import atomic_target
from desktop_app.exports.xlsx_sheets import put_value, workbook_bytes

DATA_SHEET = "pcmd_data"
UNITS_SHEET = "Đơn vị"
DATA_MARK = "PCMD Desk data package"
CHUNK = 30000  # under Excel's 32,767 characters per cell
FONT_NAME = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


DEMO_FONT = Font(name=FONT_NAME, size=12, bold=True, color="C00000")


def _put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write `value` into a cell the safe way (text stays text, see put_value)."""
    cell = ws.cell(row=row, column=column)
    put_value(cell, value)
    return cell


STYLE_PREFIX = "PCMD "  # the named styles of the table bodies, one per kind of cell


def _body_styles(workbook: Workbook) -> dict[str, StyleArray]:
    """Named styles for the body cells of every table, added to the workbook; returned by name as the style
    array a cell takes (a consolidated report has tens of thousands of cells: a Font, Border and Alignment
    set on each cell made writing it take seconds, and openpyxl looks a style's name up in a list)."""
    kinds = {
        "stt": (CENTER, "General"),
        "label": (LEFT, "General"),
        "int": (Alignment(horizontal="right", vertical="center"), "#,##0"),
        "pct": (Alignment(horizontal="right", vertical="center"), "0.0"),
    }
    styles: dict[str, StyleArray] = {}
    for kind, (alignment, number_format) in kinds.items():
        for bold in (False, True):
            name = f"{STYLE_PREFIX}{kind}{'b' if bold else ''}"
            style = NamedStyle(name=name, font=_font(12, bold=bold), border=BOX, alignment=alignment)
            style.number_format = number_format
            workbook.add_named_style(style)
            styles[name] = style.as_tuple()
    return styles


def _font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def write_report_xlsx(target: Path, report: Report, template: ReportTemplate, day: date) -> int:
    """Write the workbook atomically; returns the number of tables."""
    with held_collection():
        content = _workbook_content(report, template, day)
    with atomic_target(target) as part:
        part.write_bytes(content)
    return len(template.tables)


def _workbook_content(report: Report, template: ReportTemplate, day: date) -> bytes:
    """The workbook's file, built in memory."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    used: set[str] = set()
    styles = _body_styles(workbook)
    for table in template.tables:
        _table_sheet(workbook.create_sheet(_sheet_name(table, used)), table, report, day, styles)
    if report.consolidated or report.missing or report.rejected:
        _units_sheet(workbook.create_sheet(UNITS_SHEET), report)
    data = workbook.create_sheet(DATA_SHEET)
    data.sheet_state = "hidden"
    data["A1"] = DATA_MARK
    text = package_text(report, compact=True)
    for row, start in enumerate(range(0, len(text), CHUNK), start=2):
        _put(data, row, 1, text[start : start + CHUNK])
    return workbook_bytes(workbook)


def read_package_from_xlsx(path: Path) -> str | None:
    """The data package's JSON text from a report workbook, or None when it carries none."""
    workbook = load_workbook(path, read_only=True)
    try:
        if DATA_SHEET not in workbook.sheetnames:
            return None
        sheet = workbook[DATA_SHEET]
        cells = [row[0] for row in sheet.iter_rows(min_col=1, max_col=1, values_only=True)]
        if not cells or cells[0] != DATA_MARK:
            return None
        return "".join(str(c) for c in cells[1:] if c)
    finally:
        workbook.close()


def _sheet_name(table: ReportTable, used: set[str]) -> str:
    """The table's short name ("Biểu 1"); a second table of the same short name gets its id after it."""
    base = "".join(ch for ch in (table.title.split(".")[0].strip() or table.id) if ch not in "[]:*?/\\")[:31]
    name = base
    if name.lower() in used or name == UNITS_SHEET:
        name = f"{base[:20]} ({table.id})"[:31]
    suffix = 2
    while name.lower() in used:
        name, suffix = f"{base[:26]} ({suffix})", suffix + 1
    used.add(name.lower())
    return name


def _units_sheet(ws: Worksheet, report: Report) -> None:
    """Who a consolidated report adds up, who is missing and which files were left out, and why."""
    _put(ws, 1, 1, "DANH SÁCH ĐƠN VỊ TỔNG HỢP").font = _font(14, bold=True)
    _put(ws, 2, 1, f"Kỳ báo cáo: {report.period.label}").font = _font(12, italic=True)
    if report.demo:
        _put(ws, 3, 1, DEMO_MARK).font = DEMO_FONT
    row = 4
    for title, lines in (
        ("Đơn vị đã tổng hợp", [u.label for u in report.units]),
        ("Đơn vị chưa gửi báo cáo", list(report.missing)),
        ("Tệp không dùng được", [f"{name}: {reason}" for name, reason in report.rejected]),
    ):
        _put(ws, row, 1, f"{title}: {len(lines)}").font = _font(12, bold=True)
        row += 1
        for n, line in enumerate(lines, start=1):
            _put(ws, row, 1, n).font = _font(12)
            _put(ws, row, 2, line).font = _font(12)
            row += 1
        row += 1
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 100
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    _page_footer(ws)


# Width (in Excel's character units) a header block needs for «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» in bold
# 12 pt on one line, and what a capital letter of that font takes (for the lines an agency's name needs).
BLOCK_MIN_WIDTH = 56
CAPS_WIDTH = 1.5
LINE_HEIGHT = 16.5
TEXT_WIDTH = 1.1  # what a character of 12 pt text takes, in the same units


def _column_widths(table: ReportTable, width: int, extra: int) -> list[float]:
    """The sheet's column widths: STT, the labels (over 1 + `extra` columns), then the values; the value
    columns widen when the right-hand header block would not hold the Quốc hiệu on one line."""
    if extra:  # the right block: the labels' second column and the value
        return [6, 38, 38, *[20] * (width - 3)]
    value = 13 if table.by is not None else 18
    widths: list[float] = [6, 34 if table.by is not None else 52, *[value] * (width - 2)]
    short = BLOCK_MIN_WIDTH - value * (width - 2)
    if short > 0:
        widths[2:] = [value + short / (width - 2)] * (width - 2)
    return widths


def _left_block_columns(widths: list[float]) -> int:
    """How many columns the left header block (agency, «NGƯỜI LẬP BIỂU») spans: the rest, from the
    rightmost column that gives the right block (Quốc hiệu, signer) its width, go to the right block."""
    right = 0.0
    for index in range(len(widths) - 1, 1, -1):
        right += widths[index]
        if right >= BLOCK_MIN_WIDTH:
            return index
    return 2


def _block_row(ws: Worksheet, row: int, widths: list[float], half: int) -> None:
    """Centre the left block's line over its columns and give the row the lines its longer text needs."""
    left = get_column_letter(half)
    ws.merge_cells(f"A{row}:{left}{row}")
    ws.cell(row=row, column=1).alignment = CENTER
    lines = 1
    for column, span in ((1, sum(widths[:half])), (half + 1, sum(widths[half:]))):
        text = str(ws.cell(row=row, column=column).value or "")
        lines = max(lines, math.ceil(len(text) * CAPS_WIDTH / span))
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines


def _page_footer(ws: Worksheet) -> None:
    """«Trang 1/2» at the foot of every printed page."""
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"
    ws.oddFooter.center.size = 10


def _column_headings(
    ws: Worksheet, headers: list[str], groups: list[tuple[str, int, int]], header_top: int, extra: int
) -> None:
    """The table's heading row(s): grouped columns under their group's label, the others over both rows."""
    for index, label in enumerate(headers, start=1):
        column_index = index - 3  # the value columns start at the third
        group = next((g for g in groups if g[1] <= column_index <= g[2]), None)
        row = header_top + 1 if group else header_top
        column = index + extra if index > 2 else index
        end_column = column + extra if index == 2 else column  # the labels may take two columns
        if (group is None and groups) or end_column > column:
            ws.merge_cells(
                start_row=row,
                start_column=column,
                end_row=header_top + 1 if group is None and groups else row,
                end_column=end_column,
            )
        cell = _put(ws, row, column, label)
        cell.font, cell.alignment, cell.border = _font(11, bold=True), CENTER, BOX
    for label, first_col, last_col in groups:
        first, last = first_col + 3 + extra, last_col + 3 + extra
        ws.merge_cells(start_row=header_top, start_column=first, end_row=header_top, end_column=last)
        cell = _put(ws, header_top, first, label)
        cell.font, cell.alignment = _font(11, bold=True), CENTER


def _body(
    ws: Worksheet, grids: Iterable[GridRow], row: int, extra: int, styles: Mapping[str, StyleArray]
) -> int:
    """The table's rows from `row` on, each cell by its named style; returns the row after the last."""

    def put(column: int, value: object, style: str) -> None:
        cell = _put(ws, row, column, value)
        cell._style = copy(styles[style])  # what `cell.style = name` sets, without its lookup by name

    for grid in grids:
        bold = "b" if grid.total else ""
        put(1, grid.number or None, f"{STYLE_PREFIX}stt{bold}")
        put(2, grid.label, f"{STYLE_PREFIX}label{bold}")
        for col in range(3, 3 + extra):
            put(col, None, f"{STYLE_PREFIX}label{bold}")
        for offset, (value, unit) in enumerate(zip(grid.cells, grid.units, strict=True)):
            style = f"{STYLE_PREFIX}{'pct' if unit == UNIT_PCT else 'int'}{bold}"
            put(3 + extra + offset, value if value is not None else "—", style)
        if extra:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=2 + extra)
        row += 1
    return row


def _table_sheet(
    ws: Worksheet, table: ReportTable, report: Report, day: date, styles: Mapping[str, StyleArray]
) -> None:
    values = report.values
    if table.by is None:
        headers = ["STT", table.row_header, table.value_label]
        groups: list[tuple[str, int, int]] = []
    else:
        headers = ["STT", table.row_header, *[c.label for c in table.columns]]
        groups = table.header_groups
    # A table of one value column (Biểu 3, 3b) is too narrow for the two header blocks side by side: its
    # labels take two sheet columns (merged on every row), so the right block has a column of its own.
    extra = 1 if len(headers) <= 3 else 0
    width = len(headers) + extra
    last = get_column_letter(width)
    widths = _column_widths(table, width, extra)
    half = _left_block_columns(widths)

    def merged_line(row: int, text: str, font: Font, align: Alignment = CENTER) -> None:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = _put(ws, row, 1, text)
        cell.font, cell.alignment = font, align

    header = document_header(report_office(report))
    if header.parent:
        _put(ws, 1, 1, header.parent).font = _font(12)
    _put(ws, 2 if header.parent else 1, 1, header.issuing).font = _font(12, bold=True)
    right = get_column_letter(half + 1)
    _put(ws, 1, half + 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = _font(12, bold=True)
    _put(ws, 2, half + 1, "Độc lập - Tự do - Hạnh phúc").font = _font(12, bold=True)  # NĐ 30: hyphens
    for row in (1, 2):
        ws.merge_cells(f"{right}{row}:{last}{row}")
        ws.cell(row=row, column=half + 1).alignment = CENTER
        _block_row(ws, row, widths, half)
    if report.demo:
        merged_line(3, DEMO_MARK, DEMO_FONT)
    title = table.title.upper()
    period_line = f"Kỳ báo cáo: {report.period.label}. {closing_line(report.period)}"
    merged_line(4, title, _font(14, bold=True))
    merged_line(5, period_line, _font(12, italic=True))
    # a long title or the closing rule takes more lines: the row grows so the next one is not overlapped
    for row, needed in (
        (4, math.ceil(len(title) * CAPS_WIDTH * 14 / 12 / sum(widths))),
        (5, math.ceil(len(period_line) * TEXT_WIDTH / sum(widths))),
    ):
        if needed > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * (14 / 12 if row == 4 else 1) * needed
    if report.consolidated:
        merged_line(6, f"Tổng hợp từ {len(report.units)} đơn vị", _font(12, italic=True))
    if report.issue is not None:  # an issued report's tables say which issue they belong to
        issued = f"Kèm theo {report.issue.label}"
        if report.replaces is not None:
            issued += f" (thay thế {report.replaces.label})"
        merged_line(7, issued, _font(12, italic=True))

    header_top = 8
    body_start = header_top + (2 if groups else 1)
    _column_headings(ws, headers, groups, header_top, extra)
    for row in range(header_top, body_start):
        for col in range(1, width + 1):
            ws.cell(row=row, column=col).border = BOX

    row = _body(ws, table_rows(table, values), body_start, extra, styles)

    row += 1
    for label, value, unit in summary_rows(table, values):
        _put(ws, row, 2, label).font = _font(12)
        cell = _put(ws, row, 3 + extra, value if value is not None else "—")
        cell.font, cell.number_format = _font(12, bold=True), "0.0" if unit == UNIT_PCT else "#,##0"
        row += 1
    for note in table.notes:
        merged_line(row, f"Ghi chú: {note}", _font(11, italic=True), LEFT)
        ws.row_dimensions[row].height = 30
        row += 1

    row += 1
    place = report.place_name or ""
    signed = f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}".lstrip(", ")
    _put(ws, row, half + 1, signed).font = _font(12, italic=True)
    ws.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
    ws.cell(row=row, column=half + 1).alignment = CENTER
    row += 1
    _put(ws, row, 1, "NGƯỜI LẬP BIỂU").font = _font(12, bold=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(2, half))
    ws.cell(row=row, column=1).alignment = CENTER
    block = signature_block(report_office(report))
    lines = [(text, _font(12, bold=True)) for text in block.headings] or [("", _font(12, bold=True))]
    lines.append(("(Ký, ghi rõ họ tên, đóng dấu)", _font(11, italic=True)))
    for offset, (text, font) in enumerate(lines):
        _put(ws, row + offset, half + 1, text).font = font
        ws.merge_cells(start_row=row + offset, start_column=half + 1, end_row=row + offset, end_column=width)
        ws.cell(row=row + offset, column=half + 1).alignment = CENTER
    if block.name:
        name_row = row + len(lines) + 4
        _put(ws, name_row, half + 1, block.name).font = _font(12, bold=True)
        ws.merge_cells(start_row=name_row, start_column=half + 1, end_row=name_row, end_column=width)
        ws.cell(row=name_row, column=half + 1).alignment = CENTER
    bottom = ws.max_row

    for col, col_width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = col_width
    ws.row_dimensions[header_top + (1 if groups else 0)].height = 45
    ws.print_area = f"A1:{last}{bottom}"
    _page_footer(ws)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if width > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_top}:{body_start - 1}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.freeze_panes = f"{get_column_letter(3 + extra)}{body_start}"
