"""Report templates: the tables of a periodic report as data (rows × columns of indicator ids).

A template is a JSON object::

    {"format": 1, "id": "...", "name": "...", "tables": [
        {"id": "bieu1", "title": "...", "rows": {"by": "type", "total_label": "Tổng cộng"},
         "columns": [{"label": "...", "indicator": "businesses_active_start", "group": "Số cơ sở"}, ...],
         "summary": [{"label": "...", "indicator": "..."}], "notes": ["..."]},
        {"id": "bieu3", "title": "...", "rows": [{"label": "...", "indicator": "cases_new"}, ...],
         "value_label": "Số liệu", "notes": []}]}

A table either breaks indicators down (`rows.by`: type, commune or service; one column per indicator, a
total row first) or lists indicators one per row. Consecutive columns with the same `group` share a merged
header cell. Templates come with the app (`resources/report_templates/`) or from the province as a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.errors import DomainError
from desktop_app.domain.indicators import DIMENSION_LABELS, INDICATORS, UNIT_PCT, IndicatorValues
from desktop_app.domain.text import format_int, nfc

TEMPLATE_FORMAT = 1
ROW_HEADERS = {"type": "Loại hình cơ sở", "commune": "Xã, phường", "service": "Loại hỗ trợ"}


class TemplateError(DomainError):
    """A template file that cannot be used, with what is wrong in Vietnamese."""


@dataclass(frozen=True, slots=True)
class TemplateLine:
    label: str
    indicator: str


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    label: str
    indicator: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class ReportTable:
    id: str
    title: str
    by: str | None  # a breakdown table's dimension; None: one indicator per row
    columns: tuple[TemplateColumn, ...] = ()
    lines: tuple[TemplateLine, ...] = ()  # the rows of a list table
    total_label: str = "Tổng cộng"
    value_label: str = "Số liệu"
    summary: tuple[TemplateLine, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def row_header(self) -> str:
        """The heading of the rows' column: what the rows are (the indicators of a list table)."""
        return ROW_HEADERS.get(self.by, "") if self.by is not None else "Chỉ tiêu"

    @property
    def header_groups(self) -> list[tuple[str, int, int]]:
        """(group label, first column index, last column index) of each run of grouped columns."""
        runs: list[tuple[str, int, int]] = []
        for index, column in enumerate(self.columns):
            if column.group and runs and runs[-1][0] == column.group and runs[-1][2] == index - 1:
                runs[-1] = (column.group, runs[-1][1], index)
            elif column.group:
                runs.append((column.group, index, index))
        return runs


@dataclass(frozen=True, slots=True)
class ReportTemplate:
    id: str
    name: str
    tables: tuple[ReportTable, ...]

    def indicators(self) -> set[str]:
        used: set[str] = set()
        for table in self.tables:
            used.update(c.indicator for c in table.columns)
            used.update(line.indicator for line in (*table.lines, *table.summary))
        return used


def parse_template(data: Any) -> ReportTemplate:
    """A template from its JSON data. Raises TemplateError naming the table and column at fault."""
    if not isinstance(data, Mapping):
        raise TemplateError("Tệp mẫu báo cáo phải là một đối tượng JSON.")
    if data.get("format") != TEMPLATE_FORMAT:
        raise TemplateError(f"Tệp mẫu báo cáo không đúng định dạng (cần “format”: {TEMPLATE_FORMAT}).")
    name = _text(data.get("name"), "Tệp mẫu báo cáo thiếu tên (“name”).")
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, list) or not raw_tables:
        raise TemplateError("Tệp mẫu báo cáo không có biểu nào (“tables”).")
    tables = tuple(_table(raw, number) for number, raw in enumerate(raw_tables, start=1))
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise TemplateError("Hai biểu trong tệp mẫu trùng mã (“id”).")
    return ReportTemplate(str(data.get("id") or "template"), name, tables)


def _text(value: object, message: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(message)
    return nfc(value.strip())


def _table(raw: object, number: int) -> ReportTable:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"Biểu thứ {number} không đúng định dạng.")
    title = _text(raw.get("title"), f"Biểu thứ {number} thiếu tên (“title”).")
    where = f"“{title}”"
    rows = raw.get("rows")
    notes = raw.get("notes") or []
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise TemplateError(f"Biểu {where}: ghi chú (“notes”) phải là danh sách chữ.")
    summary = tuple(_line(item, where, "dòng tóm tắt") for item in raw.get("summary") or [])
    common: dict[str, Any] = {
        "id": str(raw.get("id") or f"bieu{number}"),
        "title": title,
        "summary": summary,
        "notes": tuple(nfc(n) for n in notes),
    }
    if isinstance(rows, Mapping):
        by = rows.get("by")
        if not isinstance(by, str) or by not in DIMENSION_LABELS:
            raise TemplateError(
                f"Biểu {where}: không chia theo “{by}” được (chỉ: {', '.join(DIMENSION_LABELS)})."
            )
        columns = raw.get("columns")
        if not isinstance(columns, list) or not columns:
            raise TemplateError(f"Biểu {where} không có cột nào (“columns”).")
        parsed = tuple(_column(c, where, i, str(by)) for i, c in enumerate(columns, start=1))
        return ReportTable(
            by=str(by),
            columns=parsed,
            total_label=nfc(str(rows.get("total_label") or "Tổng cộng")),
            **common,
        )
    if isinstance(rows, list) and rows:
        lines = tuple(_line(item, where, "dòng") for item in rows)
        return ReportTable(
            by=None, lines=lines, value_label=nfc(str(raw.get("value_label") or "Số liệu")), **common
        )
    raise TemplateError(f"Biểu {where} không có dòng nào (“rows”).")


def _known(indicator: object, where: str) -> str:
    if not isinstance(indicator, str) or indicator not in INDICATORS:
        raise TemplateError(f"{where}: không có chỉ tiêu “{indicator}”.")
    return indicator


def _line(raw: object, table: str, kind: str) -> TemplateLine:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"Biểu {table}: {kind} không đúng định dạng.")
    indicator = _known(raw.get("indicator"), f"Biểu {table}, {kind} “{raw.get('label', '')}”")
    return TemplateLine(nfc(str(raw.get("label") or INDICATORS[indicator].label)), indicator)


def _column(raw: object, table: str, number: int, by: str) -> TemplateColumn:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"Biểu {table}: cột thứ {number} không đúng định dạng.")
    where = f"Biểu {table}, cột thứ {number}"
    indicator = _known(raw.get("indicator"), where)
    if by not in INDICATORS[indicator].dimensions:
        raise TemplateError(
            f"{where}: chỉ tiêu “{indicator}” không chia theo {DIMENSION_LABELS[by].lower()} được."
        )
    return TemplateColumn(
        nfc(str(raw.get("label") or INDICATORS[indicator].label)), indicator, nfc(str(raw.get("group") or ""))
    )


@dataclass(frozen=True, slots=True)
class GridRow:
    """One printed row of a table: its number (STT), label, values and whether it is the total."""

    number: str
    label: str
    cells: tuple[int | float | None, ...]
    units: tuple[str, ...]
    total: bool = False


def table_rows(table: ReportTable, values: IndicatorValues) -> list[GridRow]:
    """The rows of a table filled from the values: the total first, then one row per member of the
    breakdown (every type, commune or kind the values know of); or one row per listed indicator."""
    if table.by is None:
        return [
            GridRow(str(n), line.label, (values.value(line.indicator),), (INDICATORS[line.indicator].unit,))
            for n, line in enumerate(table.lines, start=1)
        ]
    units = tuple(INDICATORS[c.indicator].unit for c in table.columns)
    rows = [
        GridRow("", table.total_label, tuple(values.value(c.indicator) for c in table.columns), units, True)
    ]
    for n, (code, label) in enumerate(values.members.get(table.by, {}).items(), start=1):
        cells = tuple(values.value(c.indicator, table.by, code) for c in table.columns)
        rows.append(GridRow(str(n), label, cells, units))
    return rows


def summary_rows(table: ReportTable, values: IndicatorValues) -> list[tuple[str, int | float | None, str]]:
    return [
        (line.label, values.value(line.indicator), INDICATORS[line.indicator].unit) for line in table.summary
    ]


def format_value(value: int | float | None, unit: str) -> str:
    """A value as printed: 1.234 (counts), 1.234.567 (VND), 12,5 (percent, one decimal), — for none."""
    if value is None:
        return "—"
    if unit == UNIT_PCT:
        return f"{value:.1f}".replace(".", ",")
    return format_int(int(value))
