"""Importing a list of employees who signed their commitment with the owner (người lao động ↔ chủ cơ sở):
each row's business found as the other lists find it; an employee the business already has (same name with
the same birth date and CCCD) or an earlier row of the file is a duplicate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.commitments import EmployeeInput, ValidEmployee
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.text import search_key
from desktop_app.imports.business_lookup import BusinessFinder, KnownBusiness, id_text
from desktop_app.imports.columns import ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, ImportRow, Problem, SourceRow
from desktop_app.imports.register_cells import (
    BUSINESS_COLUMNS,
    ROW_NUMBER,
    date_input,
    outcome,
    read_date,
    text,
)

EMPLOYEE_SPEC = RegisterSpec(
    "employees",
    (
        ROW_NUMBER,
        *BUSINESS_COLUMNS,
        ColumnSpec(
            "full_name",
            "Họ và tên người lao động",
            ("ho ten nguoi lao dong", "nguoi lao dong", "ho ten nld", "ho va ten nld", "ten nguoi lao dong"),
            required=True,
        ),
        ColumnSpec("birth_date", "Ngày sinh", ("ngay thang nam sinh", "sinh ngay", "nam sinh")),
        ColumnSpec("id_number", "Số CCCD", ("cccd", "cmnd", "so cmnd", "so cccd cmnd", "so dinh danh")),
        ColumnSpec("position", "Công việc", ("vi tri", "chuc vu", "vi tri viec lam", "cong viec dam nhan")),
        ColumnSpec(
            "started_on", "Ngày bắt đầu làm việc", ("ngay vao lam", "ngay bat dau", "bat dau lam viec")
        ),
        ColumnSpec(
            "signed_on",
            "Ngày ký cam kết",
            ("ngay ky", "ngay cam ket", "ngay ky ban cam ket", "ngay ky cam ket voi chu co so"),
            required=True,
        ),
    ),
)
EmployeeKey = tuple[int, str, date | None, str]  # business, name search key, birth date, CCCD


def employee_key(business_id: int, name: str, born: date | None, id_number: str) -> EmployeeKey:
    return (business_id, search_key(name), born, id_number)


@dataclass(frozen=True, slots=True)
class ImportedEmployee:
    employee: ValidEmployee
    business_name: str

    @property
    def name(self) -> str:
        return f"{self.employee.full_name} ({self.business_name})"


class EmployeeRowParser:
    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        businesses: Iterable[KnownBusiness],
        existing: Iterable[EmployeeKey],
        today: date,
    ) -> None:
        self._finder = BusinessFinder(communes, businesses)
        self._existing = set(existing)
        self._seen: dict[EmployeeKey, int] = {}
        self._today = today

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        business = self._finder.find(source, problems)
        # the signing is what this list records: a row without its date is not a signing
        read_date(source, "signed_on", "Ngày ký cam kết", problems, self._today, required=True)
        if business is None or any(p.severity == ERROR for p in problems):
            return outcome(source, problems, None)
        valid: ValidEmployee | None = None
        try:
            valid = EmployeeInput(
                business.id,
                text(source, "full_name"),
                date_input(source.cells.get("birth_date")),
                id_text(source.cells.get("id_number")),
                text(source, "position"),
                date_input(source.cells.get("started_on")),
                date_input(source.cells.get("signed_on")),
            ).validated(self._today)
        except ValidationErrors as err:
            for name, message in err.errors.items():
                problems.append(Problem(row, ERROR, name, text(source, name) or None, message))
        if valid is None:
            return outcome(source, problems, None)
        key = employee_key(business.id, valid.full_name, valid.birth_date, valid.id_number)
        if key in self._existing or key in self._seen:
            message = (
                f"Người lao động «{valid.full_name}» của cơ sở «{business.name}» đã có trong sổ."
                if key in self._existing
                else f"Trùng với dòng {self._seen[key]} của tệp."
            )
            problems.append(Problem(row, DUPLICATE, "full_name", None, message))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen[key] = row
        return outcome(source, problems, ImportedEmployee(valid, business.name))
