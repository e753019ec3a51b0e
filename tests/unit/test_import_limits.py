"""Reading is bounded whatever a file declares or holds: crafted workbooks, huge shared strings, endless rows,
a .csv without line breaks. Each is read within limits or refused with a message saying what to do."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop_app.domain.security import SYSTEM
from desktop_app.imports import readers
from desktop_app.imports.readers import ImportFileError, read_sheet
from desktop_app.services.app_services import Services, open_services
from tests.conftest import configure

ROOT = Path(__file__).resolve().parents[2]
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(path: Path, dimension: str, rows: Iterable[str], strings: Iterable[str] | None = None) -> Path:
    """An .xlsx written by hand, as an attacker would: the declared `dimension`, the sheet's <row> XML and
    optionally the shared strings' <si> XML, both streamed into the package."""
    has_strings = strings is not None
    string_type = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPES}.sharedStrings+xml"/>'
    string_rel = f'<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPES}.worksheet+xml"/>'
            f"{string_type * has_strings}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{_RELS}"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{string_rel * has_strings}</Relationships>",
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
        if strings is not None:
            with archive.open("xl/sharedStrings.xml", "w") as part:
                part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for piece in strings:
                    part.write(piece.encode())
                part.write(b"</sst>")
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _business(r: int, name: str) -> str:
    cells = _cell(f"A{r}", name) + _cell(f"B{r}", "Karaoke") + _cell(f"C{r}", "Xã Cò Nòi")
    return f'<row r="{r}">{cells}</row>'


HEADER = f'<row r="1">{_cell("A1", "Tên cơ sở")}{_cell("B1", "Loại hình")}{_cell("C1", "Xã/phường")}</row>'


def test_the_declared_size_is_ignored_and_far_columns_are_not_read(tmp_path: Path) -> None:
    rows = [HEADER, _business(2, "Karaoke Bình An"), _business(3, "Nhà nghỉ Sao Mai")[:-6]]
    rows[2] += '<c r="ZZ3"><v>1</v></c></row><row r="3000"><c r="ZZ3000"><v>1</v></c></row>'
    data = read_sheet(raw_xlsx(tmp_path / "rong.xlsx", "A1:ZZ3000", rows))
    assert [(number, values) for number, values in data.rows] == [
        (1, ["Tên cơ sở", "Loại hình", "Xã/phường"]),
        (2, ["Karaoke Bình An", "Karaoke", "Xã Cò Nòi"]),
        (3, ["Nhà nghỉ Sao Mai", "Karaoke", "Xã Cò Nòi"]),  # ZZ is past the 200 columns read
    ]  # and row 3000 comes after a thousand blank rows: the list has ended


def test_reading_stops_after_a_thousand_blank_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Tên cơ sở", "Loại hình", "Xã/phường"])
    ws.append(["Karaoke Bình An", "Karaoke", "Xã Cò Nòi"])
    ws.cell(row=500, column=1, value="Nhà nghỉ Sao Mai")  # 497 blank rows above: still the list
    ws.cell(row=1501, column=1, value="Ghi chú cũ")  # 1,000 blank rows above: past the end
    workbook.save(tmp_path / "ds.xlsx")
    data = read_sheet(tmp_path / "ds.xlsx")
    assert [number for number, values in data.rows if values] == [1, 2, 500]
    assert len(data.rows) == 500  # the blank rows inside the list keep their numbers


def test_a_sheet_with_data_past_the_row_limit_is_refused(
    office: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_ROWS", 50, raising=False)
    rows = [HEADER, *(_business(r, f"Cơ sở {r}") for r in range(2, 52))]
    path = raw_xlsx(tmp_path / "dai.xlsx", "A1:C51", rows)
    with pytest.raises(ImportFileError, match=r"quá 50 dòng .*chia danh sách thành nhiều tệp"):
        office.transfer.preview(path)
    csv_file = tmp_path / "dai.csv"
    csv_file.write_text("Tên cơ sở;Loại hình;Xã/phường\n" + "Cơ sở;Karaoke;Xã Cò Nòi\n" * 50, "utf-8")
    with pytest.raises(ImportFileError, match="quá 50 dòng"):
        office.transfer.preview(csv_file)
    csv_file.write_text("Tên cơ sở;Loại hình;Xã/phường\n" + "Cơ sở;Karaoke;Xã Cò Nòi\n" * 49, "utf-8")
    assert office.transfer.preview(csv_file).rows_read == 49


def test_a_workbook_that_unpacks_to_far_more_than_a_list_is_refused_before_reading(
    office: Services, tmp_path: Path
) -> None:
    piece = "<si><t>" + "x" * 100_000 + "</t></si>"  # 21 MB of shared strings packed into some 20 KB
    path = raw_xlsx(tmp_path / "bom.xlsx", "A1:C2", [HEADER, _business(2, "Cơ sở")], [piece] * 210)
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportFileError) as caught:
        office.transfer.preview(path)
    message = caught.value.message
    assert "«xl/sharedStrings.xml» giải nén ra 20 MB" in message and "Không nhập tệp này" in message
    sheet = "".join(_business(r, "Cơ sở " + "y" * 4000) for r in range(2, 3002))  # 12 MB, packed tight
    path = raw_xlsx(tmp_path / "nen.xlsx", "A1:C3001", [HEADER, sheet])
    with pytest.raises(ImportFileError, match=r"«xl/worksheets/sheet1\.xml» giải nén ra 12 MB"):
        office.transfer.preview(path)


def test_the_limits_on_the_whole_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_UNPACKED", 1024 * 1024, raising=False)
    rows = [HEADER, *(_business(r, f"Cơ sở {r} " + "z" * 200) for r in range(2, 5000))]
    with pytest.raises(ImportFileError, match=r"quá lớn: giải nén ra \d MB, quá mức 1,0 MB"):
        read_sheet(raw_xlsx(tmp_path / "lon.xlsx", "A1:C5000", rows))


def test_csv_and_old_xls_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = tmp_path / "mot-dong.csv"
    line.write_text("Tên cơ sở;Loại hình;Xã/phường\n" + "x;" * 600_000, "utf-8")
    with pytest.raises(ImportFileError, match=r"Dòng 2 của tệp «mot-dong\.csv» dài hơn 1\.000\.000 ký tự"):
        read_sheet(line)
    cell = tmp_path / "o-dai.csv"
    cell.write_text('Tên cơ sở;Loại hình;Xã/phường\n"Karaoke;Karaoke;Xã Cò Nòi\n' + "x\n" * 70_000, "utf-8")
    with pytest.raises(ImportFileError, match=r"hỏng ở dòng .*thiếu dấu ngoặc kép \(\"\) đóng"):
        read_sheet(cell)
    monkeypatch.setattr(readers, "MAX_XLS_BYTES", 1024, raising=False)
    with pytest.raises(ImportFileError, match=r"Tệp Excel cũ «businesses_old\.xls» lớn .*lưu thành \.xlsx"):
        read_sheet(ROOT / "tests" / "data" / "businesses_old.xls")


def test_a_csv_in_the_old_code_page_is_still_read(tmp_path: Path) -> None:
    text = "Ten co so;Loai hinh;Xa/phuong\n" + "Karaoke An;Karaoke;Xa Co Noi\n" * 2000
    text += "Karaoke Đăng Dương;Karaoke;Xa Co Noi\n" * 1000
    path = tmp_path / "cu.csv"
    path.write_bytes(text.encode("cp1258"))  # not UTF-8 (the first bad byte far into the file)
    data = read_sheet(path)
    assert len(data.rows) == 3001 and data.rows[-1][1][0] == "Karaoke Đăng Dương"


CHILD = r"""
import json, sys
try:
    import resource
except ImportError:  # Windows: no address-space limit, no peak figure
    resource = None
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
if resource is not None:
    limit = 2 * 1024**3  # a reader without bounds fails here (it took 5.8 GB), not on the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
services = open_services(sys.argv[1], actor=SYSTEM)
preview = services.transfer.preview(sys.argv[2])
def peak_mb():
    # VmHWM is this program's own peak; ru_maxrss would also count the parent's size when it forked (a
    # long pytest run is 400 MB and more), since Linux carries that high-water mark across exec.
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if resource is not None else 0
peak = peak_mb()
print(json.dumps({"rows": [r.row for r in preview.importable], "peak_mb": peak}))
"""


def test_the_far_cell_workbook_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """1.5 KB declaring A1:XFD1048576 with a cell at XFD1048576: 5.8 GB before reading was bounded."""
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    rows = [HEADER, _business(2, "Karaoke Bình An"), _business(3, "Nhà nghỉ Sao Mai"), far]
    path = raw_xlsx(tmp_path / "xa.xlsx", "A1:XFD1048576", rows)
    assert path.stat().st_size < 2048
    services = open_services(tmp_path / "d.sqlite3", actor=SYSTEM)
    configure(services)
    services.close()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "d.sqlite3"), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["rows"] == [2, 3] and result["peak_mb"] < 400
