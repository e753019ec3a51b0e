"""Reading a sheet of cells from .xlsx, old .xls and .csv files, with the Excel row number of every row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop_app.domain.errors import DomainError

Cell = object  # str | int | float | bool | datetime | date | None


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


def _read_xlsx(file: Path, sheet: str | None) -> SheetData:
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        names = list(workbook.sheetnames)
        sheets = [workbook[name] for name in names]
        non_empty = [(ws.max_row or 0) > 0 and (ws.max_column or 0) > 0 for ws in sheets]
        index = _pick(names, sheet, non_empty, file)
        data = SheetData(file, names[index], names)
        for number, values in enumerate(sheets[index].iter_rows(values_only=True), start=1):
            data.rows.append((number, list(values)))
        return data
    finally:
        workbook.close()


def _read_xls(file: Path, sheet: str | None) -> SheetData:
    import xlrd

    book = xlrd.open_workbook(str(file), on_demand=True)
    try:
        names = book.sheet_names()
        non_empty = [book.sheet_by_index(i).nrows > 0 for i in range(len(names))]
        index = _pick(names, sheet, non_empty, file)
        ws = book.sheet_by_index(index)
        data = SheetData(file, names[index], names)
        for r in range(ws.nrows):
            values: list[Cell] = []
            for c in range(ws.ncols):
                cell = ws.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    values.append(bool(cell.value))
                else:
                    values.append(cell.value)
            data.rows.append((r + 1, values))
        return data
    finally:
        book.release_resources()


def decode_text_file(raw: bytes) -> str:
    """UTF-8 or UTF-16 (with or without BOM); Windows-1258 as the last resort for old Vietnamese files."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw[:200].count(b"\x00") > 10:
        even_nuls = raw[0:200:2].count(b"\x00")
        return raw.decode("utf-16-be" if even_nuls > 5 else "utf-16-le")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1258", errors="replace")


def _read_csv(file: Path) -> SheetData:
    text = decode_text_file(file.read_bytes())
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    data = SheetData(file, file.stem, [file.stem])
    for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        data.rows.append((number, [v if v != "" else None for v in values]))
    return data


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
