"""Write the committed sample files the import tests read (run again only to change them).

Usage: .venv/bin/python tests/data/make_samples.py
"""

from __future__ import annotations

import csv
import unicodedata
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from desktop_app.domain.legacy_text import _TCVN3_HIGH, _VNI

HERE = Path(__file__).resolve().parent

TITLE_ROWS = [
    ["ỦY BAN NHÂN DÂN HUYỆN MAI SƠN", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["PHÒNG VĂN HÓA – XÃ HỘI", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [None],
    ["DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ CÓ ĐIỀU KIỆN NĂM 2025"],
    [None],
]
HEADER = [
    "TT",
    "Tên cơ sở kinh doanh",
    "Loại hình KD",
    "Địa bàn",
    "Địa chỉ",
    "Họ tên chủ cơ sở",
    "Số CMND/CCCD",
    "SĐT",
    "Mã số doanh nghiệp",
    "Ngày cấp",
    "Số lao động",
    "Trong đó nữ",
    "Ghi chú",
]
# Excel rows 7.. (title rows 1-5, header row 6). Comments give the expected outcome.
ROWS: list[list[object]] = [
    # 7 ok: commune without prefix, "nha nghi", Excel date, phone with dots and +84
    [
        1,
        "Nhà nghỉ Hoàng Long",
        "nha nghi",
        "Mường Bon",
        "Tiểu khu 3",
        "Trần Văn An",
        "014085001234",
        "+84 912.345.678",
        "24A8001001",
        datetime(2020, 3, 5),
        "5 người",
        3,
        None,
    ],
    # 8 ok: "Kinh doanh karaoke", "TT Hát Lót", d/m/yyyy, 9-digit phone number, 11-digit ID number
    [
        2,
        "Karaoke Đức Hưng",
        "Kinh doanh karaoke",
        "TT Hát Lót",
        "Số 12, đường Tô Hiệu",
        "Nguyễn Thị Bình",
        14085001235,
        912345679,
        "24A8001002",
        "5/3/2021",
        8,
        6,
        "Có 6 phòng hát",
    ],
    # 9 ok: "Dịch vụ massage", dd-mm-yyyy, phone with spaces
    [
        3,
        "Massage Thảo Nguyên",
        "Dịch vụ massage",
        "xã chiềng mung",
        "Bản Mé",
        "Lò Văn Dũng",
        "050123456",
        "0988 123 456",
        "24A8001003",
        "05-03-2022",
        "4",
        "2",
        None,
    ],
    # 10 blank row
    [None, None, None, None, None, None, None, None, None, None, None, None, None],
    # 11 ok: dd.mm.yyyy and yyyy-mm-dd shapes, "Khách sạn"
    [
        4,
        "Khách sạn Sao Mai",
        "Khách sạn",
        "Xã Cò Nòi",
        "Quốc lộ 6",
        "Phạm Văn Đông",
        None,
        "0212 3852 123",
        "5500123456",
        "2019-07-01",
        "12 lao động",
        "5",
        None,
    ],
    # 12 error: name missing
    [
        5,
        None,
        "Nhà nghỉ",
        "Xã Cò Nòi",
        "Bản Cọ",
        "Hoàng Văn Em",
        None,
        None,
        "24A8001005",
        "01.02.2020",
        2,
        1,
        None,
    ],
    # 13 error: unknown type
    [
        6,
        "Tiệm vàng Kim Ngân",
        "Kinh doanh vàng bạc",
        "Xã Cò Nòi",
        None,
        None,
        None,
        None,
        "24A8001006",
        None,
        1,
        0,
        None,
    ],
    # 14 error: unknown commune
    [
        7,
        "Nhà nghỉ Bình An",
        "Nhà nghỉ",
        "Xã Không Có",
        None,
        None,
        None,
        None,
        "24A8001007",
        None,
        1,
        0,
        None,
    ],
    # 15 warning: bad phone, impossible date, bad ID → imported with those fields empty
    [
        8,
        "Nhà nghỉ Ánh Dương",
        "Nhà nghỉ",
        "Xã Đông Hưng",
        "Bản Hụm",
        "Bùi Thị Giang",
        "123",
        "12345",
        "24A8001008",
        "31/02/2020",
        3,
        1,
        "Gần chợ",
    ],
    # 16 warning: more women than employees
    [
        9,
        "Cà phê Góc Phố",
        "Cà phê giải khát",
        "Xã Đông Hưng",
        None,
        None,
        None,
        None,
        "24A8001009",
        None,
        2,
        5,
        None,
    ],
    # 17 duplicate in the file: same registration number as row 7
    [
        10,
        "Nhà nghỉ Hoàng Long 2",
        "Nhà nghỉ",
        "Xã Mường Bon",
        None,
        None,
        None,
        None,
        "24a8001001",
        None,
        1,
        0,
        None,
    ],
    # 18 duplicate in the file: same name in the same commune as row 8
    [11, "KARAOKE ĐỨC HƯNG", "Karaoke", "Thị trấn Hát Lót", None, None, None, None, None, None, 3, 1, None],
    # 19 ok: Excel serial date as a number, name typed in NFD
    [
        12,
        unicodedata.normalize("NFD", "Nhà hàng Hương Sen"),
        "Nhà hàng",
        "Xã Mường Bon",
        None,
        unicodedata.normalize("NFD", "Đỗ Thị Hương"),
        None,
        None,
        "24A8001012",
        43895,
        6,
        4,
        None,
    ],
    # 20 total row, 21 blank, 22-24 signature lines
    [None, "Tổng cộng", None, None, None, None, None, None, None, None, 42, 21, None],
    [None],
    [None, None, None, None, None, None, None, None, "Mai Sơn, ngày 05 tháng 3 năm 2025"],
    [None, "Người lập biểu", None, None, None, None, None, None, "TRƯỞNG PHÒNG"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, None, "(Ký, ghi rõ họ tên, đóng dấu)"],
]


def _to_tcvn3(text: str) -> str:
    reverse = {
        ch: bytes([0x80 + i]).decode("cp1252", errors="ignore") or chr(0x80 + i)
        for i, ch in enumerate(_TCVN3_HIGH)
    }
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def _to_vni(text: str) -> str:
    reverse: dict[str, str] = {}
    for seq, ch in _VNI.items():
        if ch not in reverse or len(seq) < len(reverse[ch]):
            reverse[ch] = seq
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def write_xlsx(path: Path, rows: list[list[object]], transform=lambda v: v) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "DS co so"
    extra = workbook.create_sheet("Ghi chu")
    extra.append(["Trang này không có danh sách"])
    for row in TITLE_ROWS:
        ws.append(row)
    ws.merge_cells("A1:D1")
    ws.merge_cells("F1:J1")
    ws.merge_cells("A4:M4")
    ws["A4"].font = Font(bold=True)
    ws.append(HEADER)
    for row in rows:
        ws.append([transform(v) if isinstance(v, str) else v for v in row])
    workbook.save(path)


def write_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    ws.write(0, 0, "DANH SÁCH CƠ SỞ (tệp Excel 97-2003)")
    for c, h in enumerate(HEADER):
        ws.write(2, c, h)
    for r, row in enumerate(ROWS[:4], start=3):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, datetime):
                ws.write(r, c, v, date_style)
            else:
                ws.write(r, c, v)
    book.save(str(path))


def write_csv(path: Path, encoding: str, delimiter: str) -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(HEADER)
        for row in ROWS[:3]:
            writer.writerow(
                ["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in row]
            )


def main() -> None:
    write_xlsx(HERE / "businesses_messy.xlsx", ROWS)
    write_xlsx(HERE / "businesses_nfd.xlsx", ROWS[:3], lambda v: unicodedata.normalize("NFD", v))
    legacy = [list(r) for r in ROWS[:3]]
    tcvn3_rows = [[_to_tcvn3(v) if isinstance(v, str) else v for v in r] for r in legacy[:2]]
    vni_row = [_to_vni(v) if isinstance(v, str) else v for v in legacy[2]]
    write_xlsx(HERE / "businesses_tcvn3.xlsx", [*tcvn3_rows, vni_row])
    write_xls(HERE / "businesses_old.xls")
    write_csv(HERE / "businesses_utf8_bom.csv", "utf-8-sig", ";")
    write_csv(HERE / "businesses_utf16.csv", "utf-16", "\t")
    (HERE / "not_a_workbook.xlsx").write_bytes(b"PK\x03\x04 this zip is broken")
    print("written to", HERE)


if __name__ == "__main__":
    main()
