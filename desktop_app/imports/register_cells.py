"""What the imports of the dated registers (status changes, employees, support services, follow-ups,
hot-spots, healthy-commune statuses) share: turning a cell into the input their rules take, the business
columns they find a business by, and the row outcome once the rules have spoken."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError, ValidationError
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.businesses import BUSINESS_SPEC, Catalogs, _Matcher
from desktop_app.imports.columns import IGNORE, ColumnSpec
from desktop_app.imports.outcomes import ERROR, OK, WARNING, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text

ROW_NUMBER = ColumnSpec(IGNORE, "STT", ("tt", "so tt", "so thu tu"))


def _business_synonyms(field: str) -> tuple[str, ...]:
    column = BUSINESS_SPEC.column(field)
    return column.synonyms if column is not None else ()


# The columns BusinessFinder reads (name, commune, registration number), as the commitments list has them.
BUSINESS_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Tên cơ sở", (*_business_synonyms("name"), "co so kinh doanh")),
    ColumnSpec("commune", "Xã/phường", (*_business_synonyms("commune"), "xa thi tran", "phuong xa")),
    ColumnSpec("registration_number", "Số ĐKKD", _business_synonyms("registration_number")),
)


class CommuneReader:
    """A list's «Xã, phường» column read against the office's communes, as the business list reads it."""

    def __init__(self, communes: Sequence[tuple[int, str]]) -> None:
        self._matcher = _Matcher(Catalogs(communes, ()))

    def read(self, source: SourceRow, problems: list[Problem]) -> int | None:
        """The commune's id, or None with the problem added (missing, unknown or ambiguous)."""
        commune = text(source, "commune")
        if not commune:
            problems.append(Problem(source.row, ERROR, "commune", None, "Thiếu xã, phường."))
            return None
        commune_id, message = self._matcher.commune(commune)
        if commune_id is None:
            problems.append(Problem(source.row, ERROR, "commune", commune, message))
        return commune_id


def text(source: SourceRow, name: str) -> str:
    """A cell as clean one-line text ('' when empty or absent)."""
    return " ".join(nfc(cell_text(source.cells.get(name))).split())


def date_input(value: Cell) -> str | date | None:
    """A cell as the rules read a date: a date, or the text to parse (an Excel serial read as a date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return parse_date(value)
        except DomainError:
            return str(value)
    return cell_text(value)


def read_date(
    source: SourceRow, name: str, label: str, problems: list[Problem], today: date, required: bool = False
) -> date | None:
    """A date cell checked: unreadable, missing (when required) or after `today` adds an error."""
    raw = source.cells.get(name)
    shown = text(source, name)
    try:
        day = parse_date(date_input(raw), name)
    except ValidationError as err:
        problems.append(Problem(source.row, ERROR, name, shown or None, f"{label}: {err.message}"))
        return None
    if day is None:
        if required:
            problems.append(Problem(source.row, ERROR, name, None, f"Thiếu {label.lower()}."))
        return None
    if day > today:
        message = f"{label} {day:%d/%m/%Y} ở tương lai."
        problems.append(Problem(source.row, ERROR, name, shown or None, message))
        return None
    return day


_YES = {"co", "x", "1", "dat", "da", "roi", "yes", "true", "v"}
_NO = {"", "khong", "chua", "0", "no", "false", "-"}


def yes_no(source: SourceRow, name: str, label: str, problems: list[Problem]) -> bool:
    """A yes/no cell: «Có», «x», «Đã …» read yes; empty, «Không», «Chưa …» read no; anything else an error."""
    raw = source.cells.get(name)
    if isinstance(raw, bool):
        return raw
    shown = text(source, name)
    key = search_key(shown)
    first = key.split(" ", 1)[0] if key else ""
    if key in _YES or first in ("da", "duoc"):
        return True
    if key in _NO or first in ("khong", "chua"):
        return False
    problems.append(
        Problem(source.row, ERROR, name, shown, f"{label}: «{shown}» không rõ; ghi «Có» hoặc để trống.")
    )
    return False


def money_input(value: Cell) -> object:
    """A money cell: 1500000.0 read from Excel is 1500000; text stays for the rules to read."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return cell_text(value)


def outcome(source: SourceRow, problems: list[Problem], record: object) -> ImportRow:
    """The row's outcome once checked: an error keeps it out, a warning lets it in."""
    if record is None or any(p.severity == ERROR for p in problems):
        return ImportRow(source.row, ERROR, problems=problems, original=source.original)
    result = WARNING if any(p.severity == WARNING for p in problems) else OK
    return ImportRow(source.row, result, record=record, problems=problems, original=source.original)
