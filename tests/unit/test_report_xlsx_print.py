"""Every sheet of the report workbook prints on A4 as laid out: the header blocks (Quốc hiệu, Tiêu ngữ,
agency) and the signature side by side over the table's width, a page number at the foot, and, where
LibreOffice is installed, the workbook converted to PDF and read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.exports.report_xlsx import DATA_SHEET
from desktop_app.services.app_services import Services
from tests.unit.test_reports import S1, _configure, build

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _span(ws: Worksheet, text: str) -> tuple[int, int, int]:
    """(row, first column, last column) of the merged range holding `text`."""
    cell = next(c for row in ws.iter_rows() for c in row if c.value == text)
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            return cell.row, merged.min_col, merged.max_col
    return cell.row, cell.column, cell.column


def _width(ws: Worksheet, first: int, last: int) -> float:
    return sum(float(ws.column_dimensions[get_column_letter(c)].width or 0) for c in range(first, last + 1))


def test_every_sheet_lays_out_its_header_and_signature_over_the_table(
    services: Services, tmp_path: Path
) -> None:
    _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(services)
    report = services.reports.report(S1)
    workbook = load_workbook(services.reports.write_xlsx(report, tmp_path / "bao-cao.xlsx"))
    sheets = [ws for ws in workbook.worksheets if ws.title != DATA_SHEET]
    assert [ws.title for ws in sheets] == ["Biểu 1", "Biểu 2", "Biểu 2b", "Biểu 3", "Biểu 3b", "Biểu 4"]
    for ws in sheets:
        last = ws.max_column
        row, first, end = _span(ws, QUOC_HIEU)
        assert row == 1 and end == last, ws.title
        assert _width(ws, first, end) >= 56, ws.title  # «CỘNG HÒA …» on one line, not in a narrow column
        assert _span(ws, MOTTO)[1:] == (first, end), ws.title
        assert _span(ws, "PHÒNG VĂN HÓA – XÃ HỘI HUYỆN MAI SƠN") == (2, 1, first - 1), ws.title
        assert _span(ws, "ỦY BAN NHÂN DÂN HUYỆN MAI SƠN") == (1, 1, first - 1), ws.title
        assert _width(ws, 1, first - 1) >= 40, ws.title
        for text in ("TRƯỞNG PHÒNG", "(Ký, ghi rõ họ tên, đóng dấu)", "Nguyễn Văn Minh"):
            assert _span(ws, text)[1:] == (first, last), (ws.title, text)
        assert _span(ws, "NGƯỜI LẬP BIỂU")[1:] == (1, first - 1), ws.title
        assert ws.oddFooter.center.text == "Trang &P/&N"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        area = ws.print_area
        assert area is not None and area.endswith(f"${get_column_letter(last)}${ws.max_row}"), area
        assert ws.page_setup.orientation == ("landscape" if last > 6 else "portrait")
    # the one-value tables: the labels over two columns, the value in the last
    bieu3 = workbook["Biểu 3"]
    label = next(c for row in bieu3.iter_rows() for c in row if c.value == "Hồ sơ hỗ trợ mới tiếp nhận")
    assert f"B{label.row}:C{label.row}" in {str(r) for r in bieu3.merged_cells.ranges}
    assert bieu3.cell(row=label.row, column=column_index_from_string("D")).value == 2
    if shutil.which("soffice"):  # read the printed pages back: one page per sheet, header lines whole
        pdf = _printed(tmp_path / "bao-cao.xlsx")
        pages = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        printed = [p for p in pages.split("\f") if p.strip()]
        assert len(printed) == len(sheets)
        for page in printed:
            first_line = next(line for line in page.splitlines() if line.strip())
            assert "ỦY BAN NHÂN DÂN HUYỆN MAI SƠN" in first_line and QUOC_HIEU in first_line
            assert MOTTO in page and "Trang " in page


def _printed(xlsx: Path) -> Path:
    out = xlsx.parent / "in"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{xlsx.parent}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    return out / f"{xlsx.stem}.pdf"
