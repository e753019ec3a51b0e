"""Importing a list of business status changes (tạm ngừng, đã ngừng, hoạt động lại) with their dates: each
row's business found as the other lists find it, each change dated and checked against the business's
history (the register's and the file's earlier rows), never inventing a date."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.businesses import STATUS_EVENT_LABELS, STATUS_LABELS
from desktop_app.domain.text import search_key
from desktop_app.imports.business_lookup import BusinessFinder, KnownBusiness
from desktop_app.imports.columns import ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, ImportRow, Problem, SourceRow
from desktop_app.imports.register_cells import BUSINESS_COLUMNS, ROW_NUMBER, outcome, read_date, text

STATUS_CHANGE_SPEC = RegisterSpec(
    "status-changes",
    (
        ROW_NUMBER,
        *BUSINESS_COLUMNS,
        ColumnSpec(
            "status",
            "Trạng thái mới",
            ("trang thai", "tinh trang", "tinh trang hoat dong", "trang thai hoat dong", "chuyen sang"),
            required=True,
        ),
        ColumnSpec(
            "effective_on",
            "Ngày đổi trạng thái",
            (
                "ngay ngung hoat dong",
                "ngay ngung",
                "ngay tam ngung",
                "ngay dong cua",
                "ngay hoat dong lai",
                "ngay thay doi trang thai",
                "ngay chuyen trang thai",
                "ngay hieu luc",
                "ngay thay doi",
                "tu ngay",
            ),
            required=True,
        ),
        ColumnSpec("note", "Lý do", ("ly do thay doi", "ly do ngung", "ghi chu", "noi dung")),
    ),
)
_WORDS: dict[str, str] = {
    "dang hoat dong": "active",
    "hoat dong": "active",
    "hoat dong lai": "active",
    "mo lai": "active",
    "tam ngung": "suspended",
    "tam dung": "suspended",
    "tam nghi": "suspended",
    "tam ngung hoat dong": "suspended",
    "da ngung": "closed",
    "ngung": "closed",
    "ngung hoat dong": "closed",
    "da ngung hoat dong": "closed",
    "dong cua": "closed",
    "giai the": "closed",
    "da nghi": "closed",
    "cham dut": "closed",
    "cham dut hoat dong": "closed",
}
_FILE_ORDER = 10**15  # after every event id of the register
History = Mapping[
    int, Sequence[tuple[date, int, str]]
]  # business → (effective on, order, status), oldest first


def status_code(text_: str) -> str | None:
    """'Tạm ngừng', 'đã ngừng hoạt động', 'Hoạt động lại' → the status's code; unknown → None."""
    return _WORDS.get(" ".join(search_key(text_).replace(",", " ").split()))


@dataclass(frozen=True, slots=True)
class ImportedStatusChange:
    business_id: int
    business_name: str
    status: str
    effective_on: date
    note: str

    @property
    def name(self) -> str:
        return self.business_name


class StatusChangeRowParser:
    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        businesses: Iterable[KnownBusiness],
        history: History,
        today: date,
    ) -> None:
        self._finder = BusinessFinder(communes, businesses)
        # (effective on, order, status): the register's events keep their ids; the file's rows come after
        self._history = {b: list(events) for b, events in history.items()}
        self._seen: dict[tuple[int, str, date], int] = {}
        self._today = today

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        business = self._finder.find(source, problems)
        raw = text(source, "status")
        status = status_code(raw) if raw else None
        if not raw:
            problems.append(Problem(row, ERROR, "status", None, "Thiếu trạng thái mới."))
        elif status is None:
            known = ", ".join(STATUS_EVENT_LABELS.values())
            problems.append(
                Problem(row, ERROR, "status", raw, f"Trạng thái «{raw}» không rõ; dùng: {known}.")
            )
        day = read_date(source, "effective_on", "Ngày đổi trạng thái", problems, self._today, required=True)
        if business is None or status is None or day is None:
            return outcome(source, problems, None)
        events = self._history.get(business.id, [])
        key = (business.id, status, day)
        if any(e[0] == day and e[2] == status for e in events):
            message = (
                f"Trùng với dòng {self._seen[key]} của tệp."
                if key in self._seen
                else f"Cơ sở «{business.name}» đã có thay đổi này ({STATUS_EVENT_LABELS[status]} "
                f"ngày {day:%d/%m/%Y}) trong sổ."
            )
            problems.append(Problem(row, DUPLICATE, "status", raw, message))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        if events and day < events[0][0]:
            problems.append(
                Problem(
                    row,
                    ERROR,
                    "effective_on",
                    f"{day:%d/%m/%Y}",
                    f"Ngày {day:%d/%m/%Y} trước ngày cơ sở «{business.name}» được đưa vào danh sách "
                    f"({events[0][0]:%d/%m/%Y}); kiểm tra lại ngày hoặc ngày cấp ĐKKD của cơ sở.",
                )
            )
            return outcome(source, problems, None)
        before = [e for e in events if e[0] <= day]
        if before and before[-1][2] == status:
            since = before[-1][0]
            problems.append(
                Problem(
                    row,
                    ERROR,
                    "status",
                    raw,
                    f"Cơ sở «{business.name}» đã ở trạng thái «{STATUS_LABELS[status]}» từ ngày "
                    f"{since:%d/%m/%Y}: dòng này không thay đổi gì. Kiểm tra lại trạng thái hoặc ngày.",
                )
            )
            return outcome(source, problems, None)
        after = [e for e in events if e[0] > day]
        if after and after[0][2] == status:
            later = after[0][0]
            problems.append(
                Problem(
                    row,
                    ERROR,
                    "effective_on",
                    f"{day:%d/%m/%Y}",
                    f"Cơ sở «{business.name}» đã được ghi «{STATUS_EVENT_LABELS[status]}» từ ngày "
                    f"{later:%d/%m/%Y}: hai ngày cho cùng một thay đổi. Kiểm tra lại ngày nào đúng.",
                )
            )
        if any(p.severity == ERROR for p in problems):
            return outcome(source, problems, None)
        insort(self._history.setdefault(business.id, []), (day, _FILE_ORDER + len(self._seen), status))
        self._seen[key] = row
        record = ImportedStatusChange(business.id, business.name, status, day, text(source, "note"))
        return outcome(source, problems, record)
