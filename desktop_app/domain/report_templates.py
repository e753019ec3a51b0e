"""Report templates: the tables of a periodic report as data (rows × columns of indicator ids).

A template is a JSON object::

    {"format": 1, "id": "...", "name": "...", "tables": [
        {"id": "bieu1", "title": "...", "rows": {"by": "type", "total_label": "Tổng cộng"},
         "columns": [{"label": "...", "indicator": "businesses_active_start", "group": "Số cơ sở"}, ...],
         "summary": [{"label": "...", "indicator": "..."}], "notes": ["..."]},
        {"id": "bieu3", "title": "...", "rows": [{"label": "...", "indicator": "cases_new"}, ...],
         "value_label": "Số liệu", "notes": []}]}

A table either breaks indicators down (`rows.by`: type, type_group, commune or service; one column per
indicator, a total row first) or lists indicators one per row. Consecutive columns with the same `group`
share a merged header cell. Templates come with the app (`resources/report_templates/`) or from the province
as a file.

A province's template may add:

- ``"type_groups": [{"label": "Cơ sở lưu trú", "types": ["KS", "NN", "Nhà trọ, căn hộ…"]}, …,
  {"label": "Khác", "rest": true}]``: the ministry's groups of business types, each listing the office's own
  types by code or name; the types no group lists go to the one marked ``rest`` (there must be one). A table
  with ``rows.by: "type_group"`` has one row per group, its values the sums of its types (shares recomputed).
- ``"entered": [{"id": "gmd_uoc_tinh", "label": "…", "unit": "count" | "vnd", "by": "commune" (optional),
  "min": 0, "max": 1000}]``: indicators the office types in per period (see services/reports.py); a table
  uses their ids like any other indicator's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.domain.errors import DomainError
from desktop_app.domain.indicators import (
    BY_COMMUNE,
    BY_TYPE,
    DIMENSION_LABELS,
    ENTERED_ID,
    ENTERED_UNITS,
    INDICATORS,
    MAX_ENTERED,
    MAX_VALUE,
    UNIT_PCT,
    Indicator,
    IndicatorValues,
    entered_indicator,
    percentage,
)
from desktop_app.domain.text import format_int, nfc, search_key

TEMPLATE_FORMAT = 1
BY_TYPE_GROUP = "type_group"
ROW_HEADERS = {
    "type": "Loại hình cơ sở",
    BY_TYPE_GROUP: "Nhóm loại hình cơ sở",
    "commune": "Xã, phường",
    "service": "Loại hỗ trợ",
}


class TemplateError(DomainError):
    """A template file that cannot be used, with what is wrong in Vietnamese."""


@dataclass(frozen=True, slots=True)
class TypeGroup:
    """One of the ministry's groups of business types: the office's types it takes (codes or names, as
    search keys); `rest`: it takes every type no other group lists."""

    label: str
    types: frozenset[str] = frozenset()
    rest: bool = False


def group_of(groups: tuple[TypeGroup, ...], code: str, name: str) -> int:
    """The index of the group a business type (its code and name) falls in: the first listing it, else
    the rest."""
    keys = {search_key(code), search_key(name)}
    for index, group in enumerate(groups):
        if group.types & keys:
            return index
    return next(i for i, g in enumerate(groups) if g.rest)


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
    type_groups: tuple[TypeGroup, ...] = ()  # the rows of a table by type group

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
class EnteredIndicator:
    """An indicator the office types in per period: whole numbers (a count or đồng) within bounds."""

    id: str
    label: str
    unit: str
    by_commune: bool = False
    minimum: int = 0
    maximum: int = MAX_VALUE - 1

    @property
    def indicator(self) -> Indicator:
        return entered_indicator(self.id, self.label, self.unit, self.by_commune)

    def problem(self, value: int) -> str:
        """Why `value` cannot be kept, in Vietnamese; "" when it can."""
        if not self.minimum <= value <= self.maximum:
            return (
                f"«{self.label}»: phải từ {format_int(self.minimum)} đến {format_int(self.maximum)}; "
                f"đã nhập {format_int(value)}."
            )
        return ""


@dataclass(frozen=True, slots=True)
class ReportTemplate:
    id: str
    name: str
    tables: tuple[ReportTable, ...]
    type_groups: tuple[TypeGroup, ...] = ()
    entered: tuple[EnteredIndicator, ...] = ()

    def indicators(self) -> set[str]:
        used: set[str] = set()
        for table in self.tables:
            used.update(c.indicator for c in table.columns)
            used.update(line.indicator for line in (*table.lines, *table.summary))
        return used

    def entered_indicator(self, indicator_id: str) -> EnteredIndicator | None:
        return next((e for e in self.entered if e.id == indicator_id), None)


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
    entered = _entered_list(data.get("entered") or [])
    known = {**INDICATORS, **{e.id: e.indicator for e in entered}}
    type_groups = _type_groups(data.get("type_groups") or [])
    tables = tuple(_table(raw, number, known) for number, raw in enumerate(raw_tables, start=1))
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise TemplateError("Hai biểu trong tệp mẫu trùng mã (“id”).")
    if any(t.by == BY_TYPE_GROUP for t in tables) and not type_groups:
        raise TemplateError(
            "Tệp mẫu có biểu chia theo nhóm loại hình nhưng chưa khai báo nhóm (“type_groups”)."
        )
    tables = tuple(replace(t, type_groups=type_groups) if t.by == BY_TYPE_GROUP else t for t in tables)
    return ReportTemplate(str(data.get("id") or "template"), name, tables, type_groups, entered)


def _entered_list(raw: object) -> tuple[EnteredIndicator, ...]:
    """The template's entered indicators, each checked: an id of its own, a label, a unit, bounds."""
    if not isinstance(raw, list) or len(raw) > MAX_ENTERED:
        raise TemplateError(
            f"Phần chỉ tiêu nhập (“entered”) phải là danh sách, tối đa {MAX_ENTERED} chỉ tiêu."
        )
    result: list[EnteredIndicator] = []
    for number, item in enumerate(raw, start=1):
        where = f"Chỉ tiêu nhập thứ {number}"
        if not isinstance(item, Mapping):
            raise TemplateError(f"{where} không đúng định dạng.")
        indicator_id = item.get("id")
        if not isinstance(indicator_id, str) or not ENTERED_ID.fullmatch(indicator_id):
            raise TemplateError(
                f"{where}: mã (“id”) phải gồm chữ thường không dấu, chữ số và dấu gạch dưới, "
                "bắt đầu bằng chữ."
            )
        if indicator_id in INDICATORS or any(e.id == indicator_id for e in result):
            raise TemplateError(f"{where}: mã “{indicator_id}” đã dùng cho chỉ tiêu khác.")
        label = _text(item.get("label"), f"{where} (“{indicator_id}”) thiếu tên (“label”).")
        unit = item.get("unit", "count")
        if unit not in ENTERED_UNITS:
            raise TemplateError(
                f"{where} (“{indicator_id}”): đơn vị tính (“unit”) chỉ là “count” hoặc “vnd”."
            )
        by = item.get("by")
        if by not in (None, BY_COMMUNE):
            raise TemplateError(
                f"{where} (“{indicator_id}”): chỉ chia theo xã, phường được (“by”: “commune”)."
            )
        bounds = [item.get("min", 0), item.get("max", MAX_VALUE - 1)]
        if not all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b < MAX_VALUE for b in bounds) or (
            bounds[0] > bounds[1]
        ):
            raise TemplateError(
                f"{where} (“{indicator_id}”): giới hạn (“min”, “max”) phải là số nguyên không âm."
            )
        result.append(
            EnteredIndicator(indicator_id, label, str(unit), by == BY_COMMUNE, bounds[0], bounds[1])
        )
    return tuple(result)


def _type_groups(raw: object) -> tuple[TypeGroup, ...]:
    """The template's groups of business types: one marked as the rest, no type in two groups."""
    if not isinstance(raw, list):
        raise TemplateError("Phần nhóm loại hình (“type_groups”) phải là danh sách.")
    groups: list[TypeGroup] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            raise TemplateError(f"Nhóm loại hình thứ {number} không đúng định dạng.")
        label = _text(item.get("label"), f"Nhóm loại hình thứ {number} thiếu tên (“label”).")
        types = item.get("types") or []
        if not isinstance(types, list) or not all(isinstance(t, str) and t.strip() for t in types):
            raise TemplateError(f"Nhóm “{label}”: “types” phải là danh sách mã hoặc tên loại hình.")
        keys = frozenset(search_key(t) for t in types)
        twice = keys & seen
        if twice:
            raise TemplateError(f"Nhóm “{label}”: loại hình “{sorted(twice)[0]}” đã thuộc nhóm khác.")
        seen |= keys
        groups.append(TypeGroup(label, keys, item.get("rest") is True))
    if groups and sum(g.rest for g in groups) != 1:
        raise TemplateError(
            "Phần nhóm loại hình cần đúng một nhóm đánh dấu “rest”: true để nhận các loại hình chưa xếp nhóm."
        )
    return tuple(groups)


def _text(value: object, message: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(message)
    return nfc(value.strip())


def _table(raw: object, number: int, known: Mapping[str, Indicator]) -> ReportTable:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"Biểu thứ {number} không đúng định dạng.")
    title = _text(raw.get("title"), f"Biểu thứ {number} thiếu tên (“title”).")
    where = f"“{title}”"
    rows = raw.get("rows")
    notes = raw.get("notes") or []
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise TemplateError(f"Biểu {where}: ghi chú (“notes”) phải là danh sách chữ.")
    summary = tuple(_line(item, where, "dòng tóm tắt", known) for item in raw.get("summary") or [])
    common: dict[str, Any] = {
        "id": str(raw.get("id") or f"bieu{number}"),
        "title": title,
        "summary": summary,
        "notes": tuple(nfc(n) for n in notes),
    }
    if isinstance(rows, Mapping):
        by = rows.get("by")
        if not isinstance(by, str) or by not in ROW_HEADERS:
            raise TemplateError(f"Biểu {where}: không chia theo “{by}” được (chỉ: {', '.join(ROW_HEADERS)}).")
        columns = raw.get("columns")
        if not isinstance(columns, list) or not columns:
            raise TemplateError(f"Biểu {where} không có cột nào (“columns”).")
        parsed = tuple(_column(c, where, i, str(by), known) for i, c in enumerate(columns, start=1))
        return ReportTable(
            by=str(by),
            columns=parsed,
            total_label=nfc(str(rows.get("total_label") or "Tổng cộng")),
            **common,
        )
    if isinstance(rows, list) and rows:
        lines = tuple(_line(item, where, "dòng", known) for item in rows)
        return ReportTable(
            by=None, lines=lines, value_label=nfc(str(raw.get("value_label") or "Số liệu")), **common
        )
    raise TemplateError(f"Biểu {where} không có dòng nào (“rows”).")


def _known(indicator: object, where: str, known: Mapping[str, Indicator]) -> str:
    if not isinstance(indicator, str) or indicator not in known:
        raise TemplateError(
            f"{where}: không có chỉ tiêu “{indicator}” "
            "(chỉ tiêu do đơn vị nhập phải khai báo trong “entered”)."
        )
    return indicator


def _line(raw: object, table: str, kind: str, known: Mapping[str, Indicator]) -> TemplateLine:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"Biểu {table}: {kind} không đúng định dạng.")
    indicator = _known(raw.get("indicator"), f"Biểu {table}, {kind} “{raw.get('label', '')}”", known)
    return TemplateLine(nfc(str(raw.get("label") or known[indicator].label)), indicator)


def _column(raw: object, table: str, number: int, by: str, known: Mapping[str, Indicator]) -> TemplateColumn:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"Biểu {table}: cột thứ {number} không đúng định dạng.")
    where = f"Biểu {table}, cột thứ {number}"
    indicator = _known(raw.get("indicator"), where, known)
    dimension = BY_TYPE if by == BY_TYPE_GROUP else by
    if dimension not in known[indicator].dimensions:
        raise TemplateError(
            f"{where}: chỉ tiêu “{indicator}” không chia theo {DIMENSION_LABELS[dimension].lower()} được."
        )
    return TemplateColumn(
        nfc(str(raw.get("label") or known[indicator].label)), indicator, nfc(str(raw.get("group") or ""))
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
    breakdown (every type, commune or kind the values know of; or each of the template's type groups);
    or one row per listed indicator."""
    if table.by is None:
        return [
            GridRow(
                str(n), line.label, (values.value(line.indicator),), (values.indicator(line.indicator).unit,)
            )
            for n, line in enumerate(table.lines, start=1)
        ]
    units = tuple(values.indicator(c.indicator).unit for c in table.columns)
    rows = [
        GridRow("", table.total_label, tuple(values.value(c.indicator) for c in table.columns), units, True)
    ]
    if table.by == BY_TYPE_GROUP:
        groups = table.type_groups
        members: list[list[str]] = [[] for _group in groups]
        for code, name in values.members.get(BY_TYPE, {}).items():
            members[group_of(groups, code, name)].append(code)
        for n, (group, codes) in enumerate(zip(groups, members, strict=True), start=1):
            cells = tuple(_group_value(values, c.indicator, codes) for c in table.columns)
            rows.append(GridRow(str(n), group.label, cells, units))
        return rows
    for n, (code, label) in enumerate(values.members.get(table.by, {}).items(), start=1):
        cells = tuple(values.value(c.indicator, table.by, code) for c in table.columns)
        rows.append(GridRow(str(n), label, cells, units))
    return rows


def _group_value(values: IndicatorValues, indicator_id: str, codes: list[str]) -> int | float | None:
    """An indicator summed over a group's business types; a share recomputed from its summed parts."""
    indicator = values.indicator(indicator_id)
    if indicator.ratio is not None:
        top, bottom = (_group_value(values, part, codes) for part in indicator.ratio)
        return percentage(int(top or 0), int(bottom or 0))
    return sum(int(values.value(indicator_id, BY_TYPE, code) or 0) for code in codes)


def summary_rows(table: ReportTable, values: IndicatorValues) -> list[tuple[str, int | float | None, str]]:
    return [
        (line.label, values.value(line.indicator), values.indicator(line.indicator).unit)
        for line in table.summary
    ]


def format_value(value: int | float | None, unit: str) -> str:
    """A value as printed: 1.234 (counts), 1.234.567 (VND), 12,5 (percent, one decimal), — for none."""
    if value is None:
        return "—"
    if unit == UNIT_PCT:
        return f"{value:.1f}".replace(".", ",")
    return format_int(int(value))


def add_entered(
    values: IndicatorValues,
    declared: tuple[EnteredIndicator, ...],
    typed: Mapping[tuple[str, str | None], int],
) -> None:
    """Make the template's entered indicators ordinary values of a report: their declarations, and the
    figures typed in ((indicator id, commune key or None) → value; a by-commune one's total is the sum of
    its communes). A figure of an indicator the template no longer declares is left out."""
    by_id = {e.id: e for e in declared}
    for entered in declared:
        values.entered.setdefault(entered.id, entered.indicator)
    for (indicator_id, commune), value in typed.items():
        found = by_id.get(indicator_id)
        if found is None or found.by_commune != (commune is not None):
            continue
        values.totals[indicator_id] = values.totals.get(indicator_id, 0) + value
        if commune is not None:
            values.by.setdefault(BY_COMMUNE, {}).setdefault(indicator_id, {})[commune] = value


def entered_problems(
    declared: tuple[EnteredIndicator, ...],
    values: Mapping[tuple[str, int | None], int | None],
    communes: set[int],
) -> dict[str, str]:
    """What is wrong with figures about to be typed in, keyed "<indicator id>" or "<indicator id>:<commune
    id>" as the form's fields are; empty when they can all be kept."""
    by_id = {e.id: e for e in declared}
    problems: dict[str, str] = {}
    for (indicator_id, commune), value in values.items():
        key = f"{indicator_id}:{commune}" if commune is not None else indicator_id
        found = by_id.get(indicator_id)
        if found is None:
            problems[key] = f"Mẫu báo cáo đang dùng không có chỉ tiêu nhập “{indicator_id}”."
        elif found.by_commune and commune is None:
            problems[key] = f"«{found.label}» nhập theo từng xã, phường: hãy chọn xã, phường."
        elif not found.by_commune and commune is not None:
            problems[key] = f"«{found.label}» nhập cho cả đơn vị, không theo xã, phường."
        elif commune is not None and commune not in communes:
            problems[key] = f"«{found.label}»: không tìm thấy xã, phường này."
        elif value is not None and (problem := found.problem(value)):
            problems[key] = problem
    return problems
