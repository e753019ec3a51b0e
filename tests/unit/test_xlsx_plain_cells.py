"""The sheet writer that writes rows of plain cells as XML text (xlsx_sheets.PlainCellsWriter) writes, byte
for byte, what openpyxl's own writer writes: numbers, texts that need escaping or keep their spaces, text
that looks like a formula, styled empty cells, merged cells, and rows it leaves to openpyxl (dates, booleans,
formulas, links, comments, rows with a height), and the same in the lists' write-only sheets, whose rows
come as a generator reusing one cell: openpyxl writes a row's cells from its first other cell on."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet._writer import WorksheetWriter

from desktop_app.exports import xlsx_sheets
from desktop_app.exports.xlsx_sheets import list_sheet, new_workbook, put_value, safe_row, workbook_bytes

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


def test_only_the_other_cells_are_left_to_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    left: list[str] = []
    openpyxl_cell = xlsx_sheets.write_cell

    def spy(xf: object, ws: object, cell: Any, styled: bool) -> None:
        left.append(cell.coordinate)
        openpyxl_cell(xf, ws, cell, styled)

    monkeypatch.setattr(xlsx_sheets, "write_cell", spy)
    monkeypatch.setattr(WorksheetWriter, "write_row", _no_whole_row(WorksheetWriter.write_row, left))
    workbook_bytes(_workbook())
    # a boolean, a formula, a link, a comment; the row with a height whole; the days are written as text
    assert left == ["A14", "A15", "A16", "A17", "row 18"]


def _no_whole_row(openpyxl_row: Any, left: list[str]) -> Any:
    def spy(self: WorksheetWriter, xf: object, row: object, row_idx: int) -> None:
        left.append(f"row {row_idx}")
        openpyxl_row(self, xf, row, row_idx)

    return spy


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


def _list(in_memory: bool, target: Path) -> bytes:
    """A list as the exports write it: heading, header, then rows of every kind a list has, and some it
    has not (a boolean, a time of day, a comment) in the middle of a row."""
    workbook = new_workbook(in_memory=in_memory)
    ws = list_sheet(
        workbook, "Danh sách", ["STT", "Tên", "Ngày", "Số"], [6, 30, 12, 10], "Xã A", "TIÊU ĐỀ", None
    )
    for number in range(1, 40):
        day = xlsx_sheets.WriteOnlyCell(ws, value=date(2020, 1, 1 + number % 28) if number % 5 else None)
        day.number_format = "dd/mm/yyyy"
        values: list[object] = [number, TEXTS[number % len(TEXTS)], day, NUMBERS[number % len(NUMBERS)]]
        if number % 7 == 0:
            values.insert(2, number % 2 == 0)
        if number % 11 == 0:
            values.insert(1, time(8, number))
        if number == 13:
            noted = xlsx_sheets.WriteOnlyCell(ws, value="ghi chú")
            noted.comment = Comment("một ghi chú", "PCMD")
            values.append(noted)
        if number == 17:
            values.append(datetime(2026, 1, 5, 8, 30))
        ws.append(safe_row(ws, values))
    if in_memory:
        return workbook_bytes(workbook)
    workbook.save(target)
    return target.read_bytes()


@pytest.mark.parametrize("in_memory", [True, False])
def test_a_lists_write_only_sheet_is_written_exactly_as_openpyxl_writes_it(
    in_memory: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _sheets(_list(in_memory, tmp_path / "fast.xlsx"))
    monkeypatch.setattr(xlsx_sheets.PlainCellsWriter, "write_row", WorksheetWriter.write_row)
    plain = _sheets(_list(in_memory, tmp_path / "plain.xlsx"))
    assert fast.keys() == plain.keys()
    for name in fast:
        assert fast[name] == plain[name], name
    sheet = load_workbook(io.BytesIO(_list(in_memory, tmp_path / "again.xlsx"))).active
    assert sheet is not None
    assert sheet["C6"].value == datetime(2020, 1, 2) and sheet["C6"].number_format == "dd/mm/yyyy"
    assert sheet["B8"].value == TEXTS[3] and sheet["A7"].value == 2
