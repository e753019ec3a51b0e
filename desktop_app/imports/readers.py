"""Reading a sheet of cells from .xlsx, old .xls and .csv files, with the Excel row number of every row.

Reading is bounded whatever the file declares: a crafted workbook must not take the clerk's PC memory.
The parts of an .xlsx are checked (sizes once unpacked) before anything is parsed, the declared size of a
sheet is ignored, only the first MAX_COLUMNS columns are kept, reading stops after MAX_BLANK_ROWS blank rows
in a row, and a sheet with data beyond row MAX_ROWS is refused.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO
from xml.etree import ElementTree

from desktop_app.domain.errors import DomainError

Cell = object  # str | int | float | bool | datetime | date | None

MAX_COLUMNS = 200  # columns past this are not read
MAX_BLANK_ROWS = 1_000  # this many blank rows in a row end the list
MAX_ROWS = 50_000  # data below this Excel row: the file is refused (a full import of that stays < 400 MB)
MB = 1024 * 1024
MAX_UNPACKED = 300 * MB  # every part of an .xlsx together, once unpacked
MAX_WHOLE_PART = 20 * MB  # a part read whole into memory (shared strings, styles, the workbook)
MAX_SHEET_PART = 250 * MB  # a worksheet, read row by row
MAX_RATIO = 100  # unpacked ÷ packed for a part over RATIO_FROM: far beyond what a real list compresses to
RATIO_FROM = 10 * MB
MAX_XLS_BYTES = 20 * MB  # an old .xls is read whole
MAX_CSV_LINE = 1_000_000  # characters in one line of a .csv
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SPLIT_ADVICE = "hãy chép danh sách sang một tệp mới (chỉ các cột và dòng cần nhập) rồi nhập tệp đó"


class ImportFileError(DomainError):
    """The file cannot be read at all (missing, not a spreadsheet, damaged, wrong sheet)."""


@dataclass
class SheetData:
    """One sheet: `rows` pairs each Excel row number (1-based) with its cell values."""

    path: Path
    sheet: str
    sheets: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def read_sheet(path: str | Path, sheet: str | None = None) -> SheetData:
    """Read `sheet` (default: the first sheet with data) of an .xlsx, .xls or .csv file.

    Raises ImportFileError with a Vietnamese message.
    """
    file = Path(path)
    if not file.exists():
        raise ImportFileError(f"Không tìm thấy tệp «{file}».")
    suffix = file.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            _check_xlsx_parts(file)
            return _read_xlsx(file, sheet)
        if suffix == ".xls":
            return _read_xls(file, sheet)
        if suffix in (".csv", ".txt"):
            return _read_csv(file)
    except ImportFileError:
        raise
    except Exception as err:  # any library error means the file is unreadable as such
        raise ImportFileError(
            f"Không đọc được tệp «{file.name}»: tệp bị hỏng hoặc không đúng định dạng "
            f"{suffix or 'bảng tính'}."
        ) from err
    raise ImportFileError(f"Tệp «{file.name}» không phải bảng tính .xlsx, .xls hoặc .csv.")


def _pick(names: list[str], wanted: str | None, non_empty: list[bool], file: Path) -> int:
    if wanted is not None:
        for i, name in enumerate(names):
            if name.strip().casefold() == wanted.strip().casefold():
                return i
        raise ImportFileError(
            f"Tệp «{file.name}» không có trang «{wanted}». Các trang có: {', '.join(names)}."
        )
    return next((i for i, has_data in enumerate(non_empty) if has_data), 0)


def _megabytes(size: int) -> str:
    """1.5 MB and over as '2 MB', below as '0,3 MB' (Vietnamese separators)."""
    if size < 1.5 * MB:
        return f"{size / MB:.1f} MB".replace(".", ",")
    return f"{size / MB:,.0f} MB".replace(",", ".")


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _check_xlsx_parts(file: Path) -> None:
    """Refuse an .xlsx whose parts, once unpacked, are too big to read safely (before openpyxl parses any)."""
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
        total = sum(part.file_size for part in parts)
        if total > MAX_UNPACKED:
            raise ImportFileError(
                f"Tệp «{file.name}» quá lớn: giải nén ra {_megabytes(total)}, quá mức "
                f"{_megabytes(MAX_UNPACKED)} mà một danh sách cần. Có thể tệp chứa nhiều trang hoặc dữ "
                f"liệu thừa; {SPLIT_ADVICE}."
            )
        sheets = _worksheet_parts(archive)
        for part in parts:
            limit = MAX_SHEET_PART if part.filename in sheets else MAX_WHOLE_PART
            packed_too_tight = part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * part.compress_size
            if part.file_size > limit or packed_too_tight:
                raise ImportFileError(
                    f"Tệp «{file.name}» có phần «{part.filename}» giải nén ra {_megabytes(part.file_size)} "
                    f"(từ {_megabytes(part.compress_size)}): bất thường với một danh sách, có thể là tệp "
                    f"bị làm hỏng hoặc cố ý làm treo máy. Không nhập tệp này; {SPLIT_ADVICE}."
                )


def _worksheet_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts the package declares as worksheets (read row by row; every other part is read whole)."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return set()  # not a workbook: openpyxl says so
    if info.file_size > MAX_WHOLE_PART:
        return set()  # checked as a part read whole, and refused there
    root = ElementTree.fromstring(archive.read(info))
    return {
        element.get("PartName", "").lstrip("/")
        for element in root
        if element.tag.endswith("Override") and element.get("ContentType") == _WORKSHEET_TYPE
    }


def _bounded_rows(rows: Iterable[Sequence[Cell]], file: Path, sheet: str) -> list[tuple[int, list[Cell]]]:
    """The rows (numbered from 1) up to the first run of MAX_BLANK_ROWS blank ones, each cut to
    MAX_COLUMNS cells without its trailing blanks. Raises ImportFileError past MAX_ROWS rows of data."""
    result: list[tuple[int, list[Cell]]] = []
    blank = 0
    for number, values in enumerate(rows, start=1):
        cells = list(values[:MAX_COLUMNS])
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if not cells:
            blank += 1
            if blank >= MAX_BLANK_ROWS:
                break
            continue
        if number > MAX_ROWS:
            raise ImportFileError(
                f"Trang «{sheet}» của tệp «{file.name}» có dữ liệu quá {_count(MAX_ROWS)} dòng (nhập được "
                f"tối đa {_count(MAX_ROWS)} dòng một lần). Hãy chia danh sách thành nhiều tệp rồi nhập lần "
                "lượt; nếu bên dưới danh sách còn dữ liệu thừa, hãy xóa các dòng đó."
            )
        result.extend((n, []) for n in range(number - blank, number))
        blank = 0
        result.append((number, cells))
    return result


def _read_xlsx(file: Path, sheet: str | None) -> SheetData:
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        names = list(workbook.sheetnames)
        sheets = [workbook[name] for name in names]
        non_empty = [(ws.max_row or 0) > 0 and (ws.max_column or 0) > 0 for ws in sheets]  # as declared
        index = _pick(names, sheet, non_empty, file)
        chosen = sheets[index]
        chosen.reset_dimensions()  # read what is there, not what is declared
        data = SheetData(file, names[index], names)
        data.rows = _bounded_rows(chosen.iter_rows(values_only=True), file, names[index])
        return data
    finally:
        workbook.close()


def _read_xls(file: Path, sheet: str | None) -> SheetData:
    import xlrd

    size = file.stat().st_size
    if size > MAX_XLS_BYTES:
        raise ImportFileError(
            f"Tệp Excel cũ «{file.name}» lớn {_megabytes(size)}, quá mức {_megabytes(MAX_XLS_BYTES)} đọc "
            f"được. Hãy mở tệp bằng Excel và lưu thành .xlsx, hoặc {SPLIT_ADVICE}."
        )
    book = xlrd.open_workbook(str(file), on_demand=True, ragged_rows=True)
    try:
        names = book.sheet_names()
        non_empty = []
        for i in range(len(names)):
            non_empty.append(book.sheet_by_index(i).nrows > 0)
            book.unload_sheet(i)
        index = _pick(names, sheet, non_empty, file)
        ws = book.sheet_by_index(index)

        def rows() -> Iterator[list[Cell]]:
            for r in range(ws.nrows):
                values: list[Cell] = []
                for c in range(min(ws.row_len(r), MAX_COLUMNS)):
                    cell = ws.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        values.append(None)
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        values.append(bool(cell.value))
                    else:
                        values.append(cell.value)
                yield values

        data = SheetData(file, names[index], names)
        data.rows = _bounded_rows(rows(), file, names[index])
        return data
    finally:
        book.release_resources()


def _text_encoding(head: bytes) -> str:
    """The encoding `decode_text_file` would choose, from the start of a file (without the cp1258 retry)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head[:200].count(b"\x00") > 10:
        even_nuls = head[0:200:2].count(b"\x00")
        return "utf-16-be" if even_nuls > 5 else "utf-16-le"
    return "utf-8"


def decode_text_file(raw: bytes) -> str:
    """UTF-8 or UTF-16 (with or without BOM); Windows-1258 as the last resort for old Vietnamese files."""
    encoding = _text_encoding(raw)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise
        return raw.decode("cp1258", errors="replace")


def _read_csv(file: Path) -> SheetData:
    with file.open("rb") as stream:
        encoding = _text_encoding(stream.read(200))
    try:
        return _read_csv_as(file, encoding, "strict")
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise
        return _read_csv_as(file, "cp1258", "replace")


def _read_csv_as(file: Path, encoding: str, errors: str) -> SheetData:
    """Read the file as a stream, one bounded line at a time (a file without line breaks is refused)."""
    with file.open(encoding=encoding, errors=errors, newline="") as stream:
        sample = stream.read(4096)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        stream.seek(0)
        reader = csv.reader(_bounded_lines(stream, file), dialect)
        data = SheetData(file, file.stem, [file.stem])
        try:
            cells = ([v if v != "" else None for v in values] for values in reader)
            data.rows = _bounded_rows(cells, file, file.stem)
        except csv.Error as err:
            raise ImportFileError(
                f"Tệp «{file.name}» hỏng ở dòng {reader.line_num}: một ô dài quá mức hoặc thiếu dấu ngoặc "
                'kép (") đóng. Hãy mở tệp bằng Excel, kiểm tra dòng đó rồi lưu lại thành .csv hoặc .xlsx.'
            ) from err
        return data


def _bounded_lines(stream: TextIO, file: Path) -> Iterator[str]:
    number = 0
    while line := stream.readline(MAX_CSV_LINE + 1):
        number += 1
        if len(line) > MAX_CSV_LINE:
            raise ImportFileError(
                f"Dòng {number} của tệp «{file.name}» dài hơn {_count(MAX_CSV_LINE)} ký tự: đây không phải "
                "một danh sách bình thường (có thể tệp không có dấu xuống dòng). Hãy mở tệp bằng Excel, "
                "kiểm tra rồi lưu lại."
            )
        yield line


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without '.0', dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
