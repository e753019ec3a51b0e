"""Importing an existing list of support cases: columns, and each row checked into a case and an identity.

The identities go straight to the protected store; a row that looks like a case already kept (the same
CCCD, or the same name, birth year and commune) or an earlier row of the file is a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.cases import (
    LIST_HEADERS,
    STATUS_LABELS,
    STATUS_SUPPORTED,
    CaseInput,
    IdentityIndex,
    IdentityInput,
    ValidCase,
    ValidIdentity,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.ids import normalise_person_id
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.business_lookup import id_text
from desktop_app.imports.businesses import Catalogs, _Matcher
from desktop_app.imports.columns import IGNORE, ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import (
    DUPLICATE,
    ERROR,
    IGNORED,
    OK,
    WARNING,
    ImportRow,
    Problem,
    SourceRow,
)
from desktop_app.imports.readers import Cell, cell_text

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho ten", "ten", "ho va ten doi tuong"),
    "birth": ("ngay sinh", "nam sinh", "sinh ngay", "nam sinh ngay sinh"),
    "sex": ("gioi", "nam nu"),
    "id_number": ("cccd", "cmnd", "so cccd", "so cmnd", "so dinh danh"),
    "address": ("noi o", "noi cu tru", "dia chi cu tru", "cho o"),
    "commune": ("xa", "phuong", "xa phuong thi tran", "dia ban"),
    "phone": ("so dien thoai", "dt", "sdt"),
    "intake_date": ("ngay lap ho so", "ngay tiep nhan ho so"),
    "referral_source": ("noi gioi thieu", "co quan gioi thieu"),
    "needs": ("nhu cau ho tro",),
    "consent_on": ("ngay dong y tham gia",),
    "assigned_worker": ("can bo theo doi", "nguoi phu trach"),
    "status": ("trang thai",),
    "notes": (),
}
_REQUIRED = frozenset({"full_name", "commune", "intake_date"})
CASE_SPEC = RegisterSpec(
    "cases",
    (
        ColumnSpec(IGNORE, "STT", ("tt", "so tt", "so thu tu", "ma ho so", "ma")),
        *(
            ColumnSpec(field, header, _SYNONYMS[field], required=field in _REQUIRED)
            for field, header in LIST_HEADERS.items()
        ),
    ),
)
TEMPLATE_HEADERS: tuple[str, ...] = tuple(c.header for c in CASE_SPEC.columns)
FIELD_LABELS: dict[str, str] = {c.field: c.header for c in CASE_SPEC.columns if c.field != IGNORE}
_STATUS_BY_KEY = {search_key(label): code for code, label in STATUS_LABELS.items()} | {
    "dang ho tro": STATUS_SUPPORTED,
    "on dinh": "on_dinh",
    "hoa nhap": "on_dinh",
    "tam dung": "tam_dung",
    "dong": "dong",
    "da dong": "dong",
}
_SEX_BY_KEY = {"nu": "nu", "n": "nu", "nam": "nam", "khac": "khac"}
NO_CONSENT = (
    "Không có ngày đồng ý: hồ sơ được ghi theo căn cứ pháp lý, ngày tiếp nhận; hãy bổ sung khi gặp người "
    "được hỗ trợ."
)


@dataclass(frozen=True, slots=True)
class ImportedCase:
    """An importable row: the checked case and identity (the preview shows the name to a role allowed)."""

    case: ValidCase
    identity: ValidIdentity
    commune_name: str

    @property
    def name(self) -> str:
        return self.identity.full_name


def _birth(value: Cell) -> tuple[str | date | None, str | None]:
    """A cell as (birth date, birth year): a date, a whole year, or a dd/mm/yyyy text."""
    if isinstance(value, datetime | date):
        return value, None
    text = cell_text(value).strip()
    if not text:
        return None, None
    if text.isdigit() and len(text) == 4:
        return None, text
    if isinstance(value, int | float) and 1900 <= float(value) <= 2100:
        return None, str(int(value))
    return text, None


class CaseRowParser:
    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        existing: Iterable[tuple[str, str, str, int | None, int]],  # code, CCCD, name key, year, commune
        today: date,
    ) -> None:
        self._communes = _Matcher(Catalogs(communes, ()))
        self._commune_names = dict(communes)
        self._existing = IdentityIndex()
        for code, number, name_key, year, commune in existing:
            self._existing.add(f"hồ sơ {code}", number, name_key, year, commune)
        self._today = today
        self._seen = IdentityIndex()  # the rows read so far, each under "dòng N"

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        cells = source.cells

        def text(name: str) -> str:
            return nfc(cell_text(cells.get(name))).strip()

        commune_id: int | None = None
        commune_text = text("commune")
        if not commune_text:
            problems.append(Problem(row, ERROR, "commune", None, "Thiếu xã, phường nơi cư trú."))
        else:
            commune_id, message = self._communes.commune(commune_text)
            if commune_id is None:
                problems.append(Problem(row, ERROR, "commune", commune_text, message))
        status = STATUS_SUPPORTED
        if text("status"):
            status = _STATUS_BY_KEY.get(search_key(text("status")), "")
            if not status:
                problems.append(
                    Problem(row, ERROR, "status", text("status"), f"Tình trạng «{text('status')}» không rõ.")
                )
        sex = _SEX_BY_KEY.get(search_key(text("sex")) or "nu", "")
        if not sex:
            problems.append(Problem(row, ERROR, "sex", text("sex"), f"Giới tính «{text('sex')}» không rõ."))
        intake = cells.get("intake_date")
        consent = cells.get("consent_on")
        consent_way = "van_ban"
        if not text("consent_on"):
            consent, consent_way = intake, "quy_dinh"
            problems.append(Problem(row, WARNING, "consent_on", None, NO_CONSENT))
        born_date, born_year = _birth(cells.get("birth"))
        try:
            id_number = normalise_person_id(
                id_text(cells.get("id_number")), "id_number", restore_leading_zero=True
            )
        except DomainError as err:
            problems.append(Problem(row, ERROR, "id_number", text("id_number"), err.message))
            id_number = ""
        case_input = CaseInput(
            intake_date=_date_input(intake),
            commune_id=commune_id if commune_id is not None else 0,
            referral_source=text("referral_source"),
            needs=text("needs"),
            consent_on=_date_input(consent),
            consent_way=consent_way,
            assigned_worker=text("assigned_worker"),
            status=status or STATUS_SUPPORTED,
            close_reason="Đóng trước khi nhập vào chương trình" if status == "dong" else "",
            notes=text("notes"),
        )
        identity_input = IdentityInput(
            full_name=text("full_name"),
            birth_date=born_date,
            birth_year=born_year,
            sex=sex or "nu",
            id_number=id_number,
            address=text("address"),
            phone=text("phone") or None,
        )
        valid_case = valid_identity = None
        for build in ("case", "identity"):
            try:
                if build == "case":
                    valid_case = case_input.validated(self._today)
                else:
                    valid_identity = identity_input.validated(self._today)
            except ValidationErrors as err:
                for name, message in err.errors.items():
                    column = "birth" if name in ("birth_date", "birth_year") else name
                    raw = text(column) if column in FIELD_LABELS else ""
                    problems.append(Problem(row, ERROR, column, raw or None, message))
        if valid_case is None or valid_identity is None or commune_id is None:
            return ImportRow(row, ERROR, problems=problems, original=source.original)
        if any(p.severity == ERROR for p in problems):
            return ImportRow(row, ERROR, problems=problems, original=source.original)
        for index in (self._existing, self._seen):
            found = index.match(valid_identity, commune_id)
            if found:
                label, reason = found
                problems.append(Problem(row, DUPLICATE, "full_name", None, f"{reason} với {label}."))
                return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen.add(
            f"dòng {row}",
            valid_identity.id_number,
            valid_identity.name_key,
            valid_identity.birth_year,
            commune_id,
        )
        outcome = WARNING if any(p.severity == WARNING for p in problems) else OK
        record = ImportedCase(valid_case, valid_identity, self._commune_names.get(commune_id, ""))
        return ImportRow(row, outcome, record=record, problems=problems, original=source.original)


def _date_input(value: Cell) -> str | date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        try:
            return parse_date(value)
        except DomainError:
            return str(value)
    return cell_text(value)
