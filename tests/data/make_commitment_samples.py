"""Write the committed commitment-list sample the import tests read (run again only to change it).

Usage: .venv/bin/python tests/data/make_commitment_samples.py

The businesses the rows name are created by tests/unit/test_commitment_import.py (REGISTER there).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


TITLE_ROWS: list[list[object]] = [
    ["ỦY BAN NHÂN DÂN HUYỆN MAI SƠN", None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["PHÒNG VĂN HÓA – XÃ HỘI", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [None],
    ["DANH SÁCH CƠ SỞ ĐÃ KÝ CAM KẾT KHÔNG ĐỂ XẢY RA HOẠT ĐỘNG MẠI DÂM NĂM 2025"],
    [None],
]
# Synonyms of the template's headers, as offices write them.
HEADER = [
    "TT",
    "Tên cơ sở kinh doanh",
    "Địa bàn",
    "Mã số doanh nghiệp",
    "Ngày ký cam kết",
    "Hiệu lực từ ngày",
    "Hiệu lực đến ngày",
    "Số văn bản",
    "Đại diện UBND xã",
    "Chức vụ",
    "Ghi chú",
]
# Excel rows 7.. (title rows 1-5, header row 6). Comments give the expected outcome.
ROWS: list[list[object]] = [
    # 7 ok: found by registration number (lower case), signed date as an Excel date, valid to by the rule
    [
        1,
        "Nhà nghỉ Hoàng Long",
        "Mường Bon",
        "24a8001001",
        datetime(2025, 3, 5),
        None,
        None,
        "12/CK-UBND",
        "Lò Văn Phong",
        "Chủ tịch UBND xã",
        None,
    ],
    # 8 ok: no number, name + "TT Hát Lót"; d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy; document number as a number
    [
        2,
        "Karaoke Đức Hưng",
        "TT Hát Lót",
        None,
        "5/3/2025",
        "05-03-2025",
        "31.12.2026",
        15,
        "Nguyễn Văn Tùng",
        "Phó Chủ tịch UBND thị trấn",
        "Ký tại cơ sở",
    ],
    # 9 blank row
    [None] * 11,
    # 10 ok: typed with combining marks (NFD), yyyy-mm-dd, valid until the owner changes
    [
        3,
        _nfd("Massage Thảo Nguyên"),
        _nfd("xã chiềng mung"),
        None,
        "2025-04-10",
        None,
        _nfd("Đến khi thay đổi chủ"),
        "07/CK",
        _nfd("Lò Thị Mai"),
        _nfd("Phó Chủ tịch UBND xã"),
        None,
    ],
    # 11 error: no such business in that commune
    [4, "Nhà nghỉ Bình An", "Xã Cò Nòi", None, "10/04/2025", None, None, None, None, None, None],
    # 12 error: two businesses of that name in that commune
    [5, "Cà phê Góc Phố", "Đông Hưng", None, "11/04/2025", None, None, None, None, None, None],
    # 13 error: signed date missing (number typed as a number)
    [6, "Khách sạn Sao Mai", "Xã Cò Nòi", 5500123456, None, None, None, "20/CK", None, None, None],
    # 14 error: impossible signed date
    [7, "Khách sạn Sao Mai", "Xã Cò Nòi", "5500123456", "31/02/2025", None, None, None, None, None, None],
    # 15 error: valid to before valid from
    [8, "Khách sạn Sao Mai", "Xã Cò Nòi", "5500123456", "01/06/2025", "01/06/2025", "01/01/2025"]
    + [None] * 4,
    # 16 warning: impossible valid-from date → empty (from the signed date), raw value kept in the notes
    [
        9,
        "Khách sạn Sao Mai",
        "Xã Cò Nòi",
        "5500123456",
        "15.07.2025",
        "32/07/2025",
        None,
        None,
        None,
        None,
        None,
    ],
    # 17 duplicate in the file: row 7's business (by name, in capitals) and signed date
    [10, "NHÀ NGHỈ HOÀNG LONG", "Xã Mường Bon", None, "05/03/2025", None, None, None, None, None, None],
    # 18 duplicate in the register: recorded by the test before the import
    [
        11,
        "Nhà nghỉ Ánh Dương",
        "Xã Đông Hưng",
        "24A8001008",
        "10/01/2025",
        None,
        None,
        None,
        None,
        None,
        None,
    ],
    # 19 ok: signed date as an Excel serial number (45717 = 01/03/2025)
    [12, "Nhà hàng Hương Sen", "Xã Mường Bon", None, 45717, None, None, None, None, None, None],
    # 20 error: commune outside the office's territory
    [13, "Nhà nghỉ Hoàng Long", "Xã Không Có", None, "05/03/2025", None, None, None, None, None, None],
    # 21 total row, 22 blank, 23-25 signature lines
    [None, "Tổng cộng: 13 cơ sở", None, None, None, None, None, None, None, None, None],
    [None],
    [None, None, None, None, None, None, None, None, "Mai Sơn, ngày 20 tháng 11 năm 2025"],
    [None, "Người lập biểu", None, None, None, None, None, None, "TRƯỞNG PHÒNG"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, None, "(Ký, ghi rõ họ tên, đóng dấu)"],
]


def write_xlsx(path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Cam ket 2025"
    for row in TITLE_ROWS:
        ws.append(row)
    ws.merge_cells("A1:D1")
    ws.merge_cells("G1:K1")
    ws.merge_cells("A4:K4")
    ws["A4"].font = Font(bold=True)
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws["E7"].number_format = "dd/mm/yyyy"
    workbook.save(path)


def main() -> None:
    write_xlsx(HERE / "commitments_messy.xlsx")
    print("written to", HERE)


if __name__ == "__main__":
    main()
