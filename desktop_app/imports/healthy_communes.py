"""Importing the yearly «xã, phường lành mạnh không có tệ nạn mại dâm» statuses: year, commune, registered,
recognised (with the decision); a commune and year the register (or an earlier row) already has is a
duplicate: a recorded status is changed on the activities page, never overwritten by a file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.activities import HealthyStatusInput, ValidHealthyStatus
from desktop_app.domain.errors import ValidationErrors
from desktop_app.imports.columns import ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import cell_text
from desktop_app.imports.register_cells import ROW_NUMBER, CommuneReader, date_input, outcome, text, yes_no

HEALTHY_SPEC = RegisterSpec(
    "healthy-communes",
    (
        ROW_NUMBER,
        ColumnSpec("year", "Năm", ("nam danh gia", "nam cong nhan", "nam dang ky"), required=True),
        ColumnSpec(
            "commune", "Xã/phường", ("xa", "phuong", "xa phuong thi tran", "dia ban", "ten xa"), required=True
        ),
        ColumnSpec(
            "registered",
            "Đăng ký",
            ("dang ky xay dung", "da dang ky", "dang ky xa lanh manh", "dang ky xay dung xa lanh manh"),
        ),
        ColumnSpec(
            "recognised",
            "Được công nhận",
            ("cong nhan", "da duoc cong nhan", "duoc cong nhan xa lanh manh", "ket qua cong nhan"),
        ),
        ColumnSpec("decision_number", "Số quyết định", ("so qd", "quyet dinh so", "so quyet dinh cong nhan")),
        ColumnSpec("decision_date", "Ngày quyết định", ("ngay qd", "ngay ky quyet dinh", "ngay cong nhan")),
        ColumnSpec("notes", "Ghi chú", ("ghi chu",)),
    ),
)


@dataclass(frozen=True, slots=True)
class ImportedHealthyStatus:
    status: ValidHealthyStatus
    commune_name: str

    @property
    def name(self) -> str:
        return f"{self.commune_name} — {self.status.year}"


def _year(source: SourceRow) -> str:
    value = source.cells.get("year")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value).strip()


class HealthyStatusRowParser:
    def __init__(
        self, communes: Sequence[tuple[int, str]], existing: Iterable[tuple[int, int]], today: date
    ) -> None:
        self._communes = CommuneReader(communes)
        self._names = dict(communes)
        self._existing = set(existing)
        self._seen: dict[tuple[int, int], int] = {}
        self._today = today

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        commune_id = self._communes.read(source, problems)
        registered = yes_no(source, "registered", "Đăng ký", problems)
        recognised = yes_no(source, "recognised", "Được công nhận", problems)
        valid: ValidHealthyStatus | None = None
        try:
            valid = HealthyStatusInput(
                commune_id,
                _year(source),
                registered or recognised,  # recognised implies registered: a list may tick only the result
                recognised,
                text(source, "decision_number"),
                date_input(source.cells.get("decision_date")),
                text(source, "notes"),
            ).validated(self._today)
        except ValidationErrors as err:
            for name, message in err.errors.items():
                if (
                    name == "commune_id"
                    and commune_id is None
                    and any(p.field == "commune" for p in problems)
                ):
                    continue
                column = "commune" if name == "commune_id" else name
                problems.append(Problem(row, ERROR, column, text(source, column) or None, message))
        if valid is not None and commune_id is not None and not any(p.severity == ERROR for p in problems):
            key = (valid.commune_id, valid.year)
            if key in self._existing or key in self._seen:
                name = self._names.get(commune_id, text(source, "commune"))
                message = (
                    f"Tình trạng năm {valid.year} của {name} đã có trong sổ; sửa ở trang Hoạt động nếu cần."
                    if key in self._existing
                    else f"Trùng với dòng {self._seen[key]} của tệp."
                )
                problems.append(Problem(row, DUPLICATE, "commune", None, message))
                return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
            self._seen[key] = row
        record = ImportedHealthyStatus(valid, self._names.get(valid.commune_id, "")) if valid else None
        return outcome(source, problems, record)
