"""The sheet writer that writes rows of plain cells as XML text (xlsx_sheets.PlainCellsWriter) writes, byte
for byte, what openpyxl's own writer writes: numbers, texts that need escaping or keep their spaces, text
that looks like a formula, styled empty cells, merged cells, and rows it leaves to openpyxl (dates, booleans,
formulas, links, comments, rows with a height)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet._writer import WorksheetWriter

from desktop_app.exports import xlsx_sheets
from desktop_app.exports.xlsx_sheets import put_value, workbook_bytes

TEXTS = [
    "Xã Mường Bon",
    "A & B <c> 'd' \"e\"",
    "  leading and trailing  ",
    "   ",
    "",
    "=SUM(A1:A2)",
    "-5 là chữ",
    "dòng một\ndòng hai",
    "tab\tở giữa",
]
NUMBERS: list[object] = [0, -7, 1234567, 10**15, 12.5, 0.1 + 0.2, 1e-12, float("nan"), None]


def _workbook() -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    box = Border(left=Side(style="thin"), right=Side(style="thin"))
    bold = Font(name="Times New Roman", size=12, bold=True)
    for row, text in enumerate(TEXTS, start=1):
        put_value(ws.cell(row=row, column=1), text)
        ws.cell(row=row, column=2).border = box  # styled, empty
        cell = ws.cell(row=row, column=3)
        put_value(cell, NUMBERS[row % len(NUMBERS)])
        cell.font, cell.number_format = bold, "#,##0"
        ws.cell(row=row, column=4, value=row * 1.5)
    ws.merge_cells("E2:G3")
    ws["E2"] = "gộp"
    ws["E2"].alignment = Alignment(horizontal="center", wrap_text=True)
    ws["E2"].border = box
    ws.cell(row=12, column=1, value=date(2026, 1, 5))
    ws.cell(row=13, column=1, value=datetime(2026, 1, 5, 8, 30))
    ws.cell(row=14, column=1, value=True)
    ws.cell(row=15, column=1, value="=1+1")
    ws.cell(row=16, column=1, value="liên kết").hyperlink = "https://example.org/?a=1&b=2"
    ws.cell(row=17, column=1, value="ghi chú").comment = Comment("một ghi chú", "PCMD")
    ws.cell(row=18, column=1, value="cao")
    ws.row_dimensions[18].height = 30
    ws.cell(row=20, column=30, value="xa")
    return workbook


def _sheets(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")}


def test_rows_of_plain_cells_are_written_exactly_as_openpyxl_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workbook = _workbook()
    workbook_bytes(workbook)  # a first write settles what writing sets on the sheet (its outline level)
    fast = _sheets(workbook_bytes(workbook))
    monkeypatch.setattr(xlsx_sheets.PlainCellsWriter, "write_row", WorksheetWriter.write_row)
    plain = _sheets(workbook_bytes(workbook))
    assert fast.keys() == plain.keys()
    for name in fast:
        assert fast[name] == plain[name], name


def test_only_rows_with_other_cells_are_left_to_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    left: list[int] = []
    openpyxl_row = WorksheetWriter.write_row

    def spy(self: WorksheetWriter, xf: object, row: object, row_idx: int) -> None:
        left.append(row_idx)
        openpyxl_row(self, xf, row, row_idx)

    monkeypatch.setattr(WorksheetWriter, "write_row", spy)
    workbook_bytes(_workbook())
    assert left == [
        12,
        13,
        14,
        15,
        16,
        17,
        18,
    ]  # a date, a time, a boolean, a formula, a link, a comment, a height


def test_what_the_plain_rows_hold_reads_back() -> None:
    sheet = load_workbook(io.BytesIO(workbook_bytes(_workbook()))).active
    assert sheet is not None
    assert [sheet.cell(row=row, column=1).value for row in range(1, len(TEXTS) + 1)] == [
        text or None for text in TEXTS
    ]
    assert sheet["A6"].quotePrefix and sheet["A6"].data_type == "s"  # a formula-like text stays text
    assert sheet["C2"].value == 1234567 and sheet["C2"].font.b and sheet["C2"].number_format == "#,##0"
    assert sheet["B1"].border.left.style == "thin" and sheet["B1"].value is None
    assert "E2:G3" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A14"].value is True and sheet["A15"].value == "=1+1"
    assert sheet["A16"].hyperlink.target == "https://example.org/?a=1&b=2"
    assert sheet.row_dimensions[18].height == 30 and sheet["AD20"].value == "xa"
