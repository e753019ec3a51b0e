"""Importing the services given to support cases (kind, date, provider, the kind's own fields; a loan with
its repayments) and the cases' follow-ups. A row names its case by code only (HS-2025-0001): nothing about
the person is in these lists. A row of a case whose person withdrew consent is refused."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.cases import (
    COUNT_FIELDS,
    DATE_FIELDS,
    KIND_LOAN,
    MONEY_FIELDS,
    SERVICE_FIELDS,
    SERVICE_LABELS,
    STATUS_CLOSED,
    Repayment,
    ServiceInput,
    ValidService,
    check_repayment,
    withdrawn_message,
)
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.columns import ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text
from desktop_app.imports.register_cells import ROW_NUMBER, date_input, money_input, outcome, read_date, text

CaseRef = tuple[int, date, date | None, str, date | None]  # id, intake, closed on, status, withdrawn on
_CODE = ColumnSpec("code", "Mã hồ sơ", ("ma hs", "ma so ho so", "so ho so", "ho so"), required=True)

# Every kind's own fields as columns (a field two kinds share, like the amount, is one column).
_DETAIL_HEADERS: dict[str, str] = {
    "referred_to": "Nơi giới thiệu đến",
    "trade": "Nghề học",
    "institution": "Cơ sở đào tạo",
    "start_on": "Ngày bắt đầu",
    "end_on": "Ngày kết thúc",
    "result": "Kết quả",
    "certificate": "Chứng chỉ",
    "cost_vnd": "Kinh phí hỗ trợ (đồng)",
    "employer": "Nơi làm việc",
    "job": "Công việc",
    "monthly_income_vnd": "Thu nhập hằng tháng (đồng)",
    "bank": "Ngân hàng",
    "programme": "Chương trình vay",
    "amount_vnd": "Số tiền (đồng)",
    "disbursed_on": "Ngày giải ngân",
    "term_months": "Thời hạn (tháng)",
    "allowance_kind": "Loại trợ cấp",
}
_DETAIL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "referred_to": ("gioi thieu den", "noi gioi thieu"),
    "trade": ("nghe", "nghe dao tao"),
    "institution": ("noi hoc nghe", "truong", "co so day nghe"),
    "result": ("ket qua hoc nghe", "ket qua ho tro"),
    "cost_vnd": ("kinh phi", "kinh phi ho tro"),
    "employer": ("noi lam viec", "don vi tiep nhan"),
    "monthly_income_vnd": ("thu nhap", "thu nhap hang thang"),
    "bank": ("ngan hang cho vay", "to chuc cho vay"),
    "programme": ("chuong trinh",),
    "amount_vnd": ("so tien", "so tien vay", "so tien vay dong", "so tien ho tro"),
    "term_months": ("thoi han", "thoi han vay", "so thang"),
    "allowance_kind": ("tro cap",),
}
assert set(_DETAIL_HEADERS) == {name for fields in SERVICE_FIELDS.values() for name in fields}
DETAIL_FIELDS: tuple[str, ...] = tuple(_DETAIL_HEADERS)  # the kinds' own columns, in the template's order

SERVICE_SPEC = RegisterSpec(
    "case-services",
    (
        ROW_NUMBER,
        _CODE,
        ColumnSpec("kind", "Loại hỗ trợ", ("hinh thuc ho tro", "loai", "noi dung ho tro"), required=True),
        ColumnSpec("given_on", "Ngày hỗ trợ", ("ngay", "ngay thuc hien", "thoi gian ho tro"), required=True),
        ColumnSpec(
            "provider", "Nơi/người hỗ trợ", ("noi ho tro", "nguoi ho tro", "don vi ho tro", "co quan ho tro")
        ),
        *(ColumnSpec(f, header, _DETAIL_SYNONYMS.get(f, ())) for f, header in _DETAIL_HEADERS.items()),
        ColumnSpec("repayments", "Các lần trả nợ", ("tra no", "lan tra no", "da tra", "cac lan tra")),
        ColumnSpec("notes", "Ghi chú", ("ghi chu",)),
    ),
)
FOLLOW_UP_SPEC = RegisterSpec(
    "follow-ups",
    (
        ROW_NUMBER,
        _CODE,
        ColumnSpec(
            "planned_on",
            "Ngày hẹn theo dõi",
            ("ngay hen", "ngay du kien", "lich theo doi", "ngay ke hoach"),
            required=True,
        ),
        ColumnSpec("done_on", "Ngày đã theo dõi", ("ngay theo doi", "ngay thuc hien", "da theo doi ngay")),
        ColumnSpec("notes", "Ghi chú", ("ghi chu", "ket qua theo doi", "noi dung")),
    ),
)


def _words(text_: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", search_key(text_)).split())


_KIND_BY_KEY = (
    {_words(label): code for code, label in SERVICE_LABELS.items()}
    | {code.replace("_", " "): code for code in SERVICE_LABELS}
    | {
        "cham soc y te": "y_te",
        "y te": "y_te",
        "gioi thieu y te": "y_te",
        "phap ly": "phap_ly",
        "tro giup phap ly": "phap_ly",
        "day nghe": "hoc_nghe",
        "dao tao nghe": "hoc_nghe",
        "viec lam": "viec_lam",
        "tao viec lam": "viec_lam",
        "vay": "vay_von",
        "cho vay": "vay_von",
        "tro cap": "tro_cap",
    }
)
_REPAYMENT = re.compile(r"^\s*(\S+)\s*[:=]\s*([\d.,\s]+)\s*(?:đ|d|đồng|dong)?\s*$", re.IGNORECASE)


def kind_code(text_: str) -> str | None:
    """'Vay vốn', 'học nghề', 'Chăm sóc y tế' → the kind's code; unknown → None."""
    return _KIND_BY_KEY.get(_words(text_))


def repayments_text(repayments: Iterable[tuple[date, int]]) -> str:
    """'05/03/2026: 1.000.000; 05/04/2026: 500.000' (what the list writes and reads back)."""
    return "; ".join(f"{day:%d/%m/%Y}: {amount:,}".replace(",", ".") for day, amount in repayments)


@dataclass(frozen=True, slots=True)
class ImportedService:
    service: ValidService
    code: str
    repayments: tuple[Repayment, ...]

    @property
    def name(self) -> str:
        return f"{self.code} — {SERVICE_LABELS.get(self.service.kind, self.service.kind)}"


@dataclass(frozen=True, slots=True)
class ImportedFollowUp:
    case_id: int
    code: str
    planned_on: date
    done_on: date | None
    notes: str

    @property
    def name(self) -> str:
        return self.code


def _case(
    source: SourceRow, cases: Mapping[str, CaseRef], problems: list[Problem]
) -> tuple[str, CaseRef | None]:
    code = text(source, "code").upper().replace(" ", "")
    if not code:
        problems.append(Problem(source.row, ERROR, "code", None, "Thiếu mã hồ sơ."))
        return code, None
    ref = cases.get(code)
    if ref is None:
        problems.append(
            Problem(source.row, ERROR, "code", code, f"Không có hồ sơ {code}; nhập danh sách hồ sơ trước.")
        )
        return code, None
    withdrawn = ref[4]
    if withdrawn is not None:
        problems.append(Problem(source.row, ERROR, "code", code, withdrawn_message(withdrawn)))
        return code, None
    return code, ref


def _detail(value: Cell, name: str) -> object:
    if name in DATE_FIELDS:
        return date_input(value)
    if name in MONEY_FIELDS:
        return money_input(value)
    if name in COUNT_FIELDS:
        return int(value) if isinstance(value, float) and value.is_integer() else money_input(value)
    return nfc(cell_text(value)).strip() if value is not None else None


class ServiceRowParser:
    def __init__(
        self, cases: Mapping[str, CaseRef], existing: Iterable[tuple[int, str, date, str]], today: date
    ) -> None:
        self._cases = cases
        self._existing = set(existing)
        self._seen: dict[tuple[int, str, date, str], int] = {}
        self._today = today

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        given = read_date(source, "given_on", "Ngày hỗ trợ", problems, self._today, required=True)
        code, ref = _case(source, self._cases, problems)
        raw_kind = text(source, "kind")
        kind = kind_code(raw_kind) if raw_kind else None
        if not raw_kind:
            problems.append(Problem(row, ERROR, "kind", None, "Thiếu loại hỗ trợ."))
        elif kind is None:
            known = ", ".join(SERVICE_LABELS.values())
            problems.append(
                Problem(row, ERROR, "kind", raw_kind, f"Loại hỗ trợ «{raw_kind}» không rõ; dùng: {known}.")
            )
        if ref is None or kind is None or given is None:
            return outcome(source, problems, None)
        case_id, intake, closed_on, status, _withdrawn = ref
        if status == STATUS_CLOSED and closed_on is not None and given > closed_on:
            problems.append(
                Problem(
                    row,
                    ERROR,
                    "given_on",
                    f"{given:%d/%m/%Y}",
                    f"Hồ sơ {code} đã đóng ngày {closed_on:%d/%m/%Y}: không ghi hỗ trợ sau ngày đó.",
                )
            )
        for name, header in _DETAIL_HEADERS.items():
            if name not in SERVICE_FIELDS[kind] and text(source, name):
                problems.append(
                    Problem(
                        row,
                        ERROR,
                        name,
                        text(source, name),
                        f"Cột «{header}» không dùng cho loại «{SERVICE_LABELS[kind]}»: "
                        "xóa ô này hoặc sửa loại hỗ trợ.",
                    )
                )
        details = {name: _detail(source.cells.get(name), name) for name in SERVICE_FIELDS[kind]}
        valid: ValidService | None = None
        try:
            valid = ServiceInput(
                case_id, kind, given, text(source, "provider"), text(source, "notes"), details
            ).validated(self._today, intake)
        except ValidationErrors as err:
            for name, message in err.errors.items():
                problems.append(Problem(row, ERROR, name, text(source, name) or None, message))
        repayments = self._repayments(source, kind, valid, problems)
        if valid is None or repayments is None or any(p.severity == ERROR for p in problems):
            return outcome(source, problems, None)
        key = (case_id, kind, valid.given_on, search_key(valid.provider))
        if key in self._existing or key in self._seen:
            message = (
                f"Hồ sơ {code} đã có lần hỗ trợ này ({SERVICE_LABELS[kind]} ngày {given:%d/%m/%Y})."
                if key in self._existing
                else f"Trùng với dòng {self._seen[key]} của tệp."
            )
            problems.append(Problem(row, DUPLICATE, "kind", None, message))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen[key] = row
        return outcome(source, problems, ImportedService(valid, code, repayments))

    def _repayments(
        self, source: SourceRow, kind: str, valid: ValidService | None, problems: list[Problem]
    ) -> tuple[Repayment, ...] | None:
        """The repayments cell read and checked one by one against the loan (None when one is wrong)."""
        written = text(source, "repayments")
        if not written:
            return ()
        if kind != KIND_LOAN:
            message = f"Chỉ khoản vay có các lần trả nợ; loại «{SERVICE_LABELS[kind]}» thì để trống ô này."
            problems.append(Problem(source.row, ERROR, "repayments", written, message))
            return None
        if valid is None:
            return None
        amount, disbursed = valid.details.get("amount_vnd"), valid.details.get("disbursed_on")
        assert isinstance(amount, int) and isinstance(disbursed, date)
        balance, found = amount, []
        for part in (p for p in written.split(";") if p.strip()):
            match = _REPAYMENT.match(part)
            if match is None:
                message = f"Lần trả nợ «{part.strip()}» không đọc được; ghi dạng «05/03/2026: 1.000.000»."
                problems.append(Problem(source.row, ERROR, "repayments", written, message))
                return None
            try:
                repayment = check_repayment(match.group(2), match.group(1), disbursed, balance, self._today)
            except ValidationErrors as err:
                message = f"Lần trả nợ «{part.strip()}»: " + " ".join(err.errors.values())
                problems.append(Problem(source.row, ERROR, "repayments", written, message))
                return None
            balance -= repayment.amount_vnd
            found.append(repayment)
        return tuple(found)


class FollowUpRowParser:
    def __init__(
        self, cases: Mapping[str, CaseRef], existing: Iterable[tuple[int, date]], today: date
    ) -> None:
        self._cases = cases
        self._existing = set(existing)
        self._seen: dict[tuple[int, date], int] = {}
        self._today = today

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        # a follow-up may be planned ahead: only the day it was done cannot be after today
        planned = read_date(source, "planned_on", "Ngày hẹn theo dõi", problems, date.max, required=True)
        done = read_date(source, "done_on", "Ngày đã theo dõi", problems, self._today)
        code, ref = _case(source, self._cases, problems)
        notes = text(source, "notes")
        if len(notes) > 2000:
            problems.append(Problem(row, ERROR, "notes", None, "Ghi chú dài quá 2.000 ký tự."))
        if ref is None or planned is None or any(p.severity == ERROR for p in problems):
            return outcome(source, problems, None)
        key = (ref[0], planned)
        if key in self._existing or key in self._seen:
            message = (
                f"Hồ sơ {code} đã có lần theo dõi hẹn ngày {planned:%d/%m/%Y}."
                if key in self._existing
                else f"Trùng với dòng {self._seen[key]} của tệp."
            )
            problems.append(Problem(row, DUPLICATE, "planned_on", None, message))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen[key] = row
        return outcome(source, problems, ImportedFollowUp(ref[0], code, planned, done, notes))
