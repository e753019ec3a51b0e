"""The generic part of every import: columns a register describes, header detection, column mapping,
and which rows are data (not blank, not a total, not a signature line)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_app.domain.text import search_key
from desktop_app.imports.readers import Cell, cell_text

HEADER_SEARCH_ROWS = 20
IGNORE = "_ignore"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column of a register: the template header, the other names offices give it, whether it is needed."""

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def header_keys(self) -> set[str]:
        return {header_key(self.header), *(header_key(s) for s in self.synonyms)}


@dataclass(frozen=True, slots=True)
class RegisterSpec:
    name: str
    columns: tuple[ColumnSpec, ...]

    def column(self, field: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.field == field), None)

    @property
    def required_fields(self) -> list[str]:
        return [c.field for c in self.columns if c.required]


def header_key(text: str) -> str:
    """'Tên cơ sở (*)' → 'ten co so'; 'Số CCCD/CMND' → 'so cccd cmnd'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", search_key(text)).split())


def match_header(spec: RegisterSpec, text: str, learned: Mapping[str, str] | None = None) -> str | None:
    """The field a header cell names, from what the clerk mapped before, then the register's synonyms."""
    key = header_key(text)
    if not key:
        return None
    if learned and key in learned:
        return learned[key]
    for column in spec.columns:
        if key in column.header_keys():
            return column.field
    for column in spec.columns:  # "Tên cơ sở kinh doanh dịch vụ" still names the name column
        if any(key.startswith(k + " ") for k in column.header_keys() if len(k) > 3):
            return column.field
    return None


@dataclass
class HeaderMatch:
    row_index: int  # index into SheetData.rows
    excel_row: int
    headers: list[str]  # text of each header cell
    mapping: dict[int, str]  # column index → field (or IGNORE)


def find_header(
    spec: RegisterSpec, rows: Sequence[tuple[int, list[Cell]]], learned: Mapping[str, str] | None = None
) -> HeaderMatch | None:
    """The row among the first 20 that names the most known columns (at least two), with its mapping."""
    best: HeaderMatch | None = None
    best_score = 1
    for index, (excel_row, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = [cell_text(v) for v in values]
        mapping: dict[int, str] = {}
        used: set[str] = set()
        for column, text in enumerate(headers):
            found = match_header(spec, text, learned)
            if found and (found == IGNORE or found not in used):
                mapping[column] = found
                used.add(found)
        score = len([f for f in mapping.values() if f != IGNORE])
        if score > best_score:
            best, best_score = HeaderMatch(index, excel_row, headers, mapping), score
    return best


_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)(\s*[:.]?\s*$|\s*[:\d]|\s+co\s)")
_SIGNATURE = re.compile(
    r"(nguoi lap( bieu)?|thu truong|xac nhan|ky,? ghi ro ho ten|ky ten|dong dau|chu tich|truong phong|"
    r"giam doc|can bo lap|nguoi ky|ngay \d* ?thang \d* ?nam)"
)


def row_kind(values: Sequence[Cell], mapping: Mapping[int, str]) -> str:
    """'data', 'blank', 'total' or 'signature' for one row below the header."""
    texts = [cell_text(values[i]) for i in mapping if i < len(values) and mapping[i] != IGNORE]
    filled = [t for t in texts if t]
    every = [cell_text(v) for v in values if cell_text(v)]
    if not filled:
        return "blank"
    keys = [search_key(t) for t in every]
    if any(_TOTAL.match(k) for k in keys):
        return "total"
    if any(_SIGNATURE.search(k) for k in keys) and len(filled) <= 3:
        return "signature"
    return "data"
