"""What an import found, row by row: outcomes, problems with their Excel row numbers, and the counts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.legacy_text import LegacyTextError, to_unicode
from desktop_app.domain.text import has_hidden, nfc
from desktop_app.imports.columns import IGNORE, HeaderMatch, RegisterSpec, find_header, row_kind
from desktop_app.imports.readers import Cell, ImportFileError, SheetData, cell_text

OK = "ok"
WARNING = "warning"
ERROR = "error"
DUPLICATE = "duplicate"
IGNORED = "ignored"
UNREADABLE_TEXT = "Chữ không đọc được (bảng mã cũ không nhận ra): hãy chuyển sang Unicode rồi nhập lại."
HIDDEN_REMOVED = (
    "Cột «{column}» có ký tự ẩn (ký tự điều khiển hoặc ký tự đảo chiều chữ) — đã bỏ đi; "
    "hãy xem lại nội dung «{text}»."
)


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    severity: str  # "error" | "warning" | "duplicate"
    field: str | None
    value: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "severity": self.severity,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class SourceRow:
    """A data row below the header: its Excel row number, the cells by field, and the original cells."""

    row: int
    cells: dict[str, Cell]
    original: list[Cell]
    kind: str = "data"
    problems: list[Problem] = field(default_factory=list)
    converted_from: str | None = None


@dataclass
class ImportRow:
    """One row's outcome. `record` is the register's input object when the row is to be imported."""

    row: int
    outcome: str
    record: Any = None
    problems: list[Problem] = field(default_factory=list)
    original: list[Cell] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(p.message for p in self.problems)


@dataclass
class ImportPreview:
    """Everything the wizard shows before anything is written."""

    file: str
    sheet: str
    sheets: list[str]
    header: HeaderMatch
    rows: list[ImportRow]
    rows_read: int

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def importable(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome in (OK, WARNING)]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    def report(self, imported: int) -> dict[str, Any]:
        """The JSON report of the CLI (`imported` is 0 for a dry run)."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "imported": imported,
            "duplicates": self.count(DUPLICATE),
            "rejected": self.count(ERROR),
            "warnings": self.count(WARNING),
            "problems": [p.as_json() for p in self.problems],
        }


def _text(value: Cell) -> tuple[Cell, str | None, bool]:
    """NFC text, converted from TCVN3/VNI when it was typed with a legacy font (and which one), and whether
    invisible control characters were removed. Raises LegacyTextError."""
    if not isinstance(value, str):
        return value, None, False
    # A legacy-font cell may hold C1 characters that stand for its bytes: convert before cleaning.
    folded = " ".join(unicodedata.normalize("NFC", value).split())
    try:
        converted, encoding = to_unicode(folded)
    except LegacyTextError:
        if not has_hidden(folded):
            raise
        converted, encoding = to_unicode(nfc(folded))  # stray control characters, not a legacy font
        return converted, encoding, True
    return nfc(converted), encoding, has_hidden(converted)


def source_rows(
    spec: RegisterSpec,
    data: SheetData,
    learned: Mapping[str, str] | None = None,
    mapping: Mapping[int, str] | None = None,
) -> tuple[HeaderMatch, Iterator[SourceRow]]:
    """Find the header (or use `mapping`), then turn every row below it into a SourceRow as the parser
    asks for it (one row's cells at a time in memory, beside the sheet's values).

    Raises ImportFileError when no header with the register's columns is found.
    """
    header = find_header(spec, data.rows, learned)
    if header is None:
        known = ", ".join(c.header for c in spec.columns if c.required)
        raise ImportFileError(
            f"Không tìm thấy dòng tiêu đề trong 20 dòng đầu của trang «{data.sheet}». "
            f"Cần có các cột như: {known}."
        )
    if mapping is not None:
        header.mapping = dict(mapping)
    return header, _sources(data, header)


def _sources(data: SheetData, header: HeaderMatch) -> Iterator[SourceRow]:
    for excel_row, values in data.rows[header.row_index + 1 :]:
        kind = row_kind(values, header.mapping)
        source = SourceRow(excel_row, {}, values, kind)
        if kind == "data":
            for column, name in header.mapping.items():
                if name == IGNORE or column >= len(values):
                    continue
                raw = values[column]
                encoding: str | None = None
                try:
                    converted, encoding, hidden = _text(raw)
                    if hidden:  # no field: a problem on a field makes the register skip its value
                        column_name = header.headers[column] if column < len(header.headers) else name
                        message = HIDDEN_REMOVED.format(column=column_name, text=converted)
                        source.problems.append(Problem(excel_row, WARNING, None, str(converted), message))
                except LegacyTextError:
                    source.problems.append(
                        Problem(
                            excel_row,
                            ERROR,
                            name,
                            cell_text(raw),
                            UNREADABLE_TEXT,
                        )
                    )
                    converted = None
                if encoding is not None:
                    source.converted_from = encoding.upper()
                source.cells[name] = converted
        yield source
