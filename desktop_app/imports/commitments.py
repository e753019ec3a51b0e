"""The commitment list's import: its columns and header synonyms, finding each row's business, and the
rules for each cell (an office's Excel list of signed commitments)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.commitments import RULE_OWNER_CHANGE, CommitmentInput, ValidCommitment, ValidityRule
from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.business_lookup import BusinessFinder, KnownBusiness, id_text
from desktop_app.imports.businesses import BUSINESS_SPEC
from desktop_app.imports.columns import IGNORE, ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, OK, WARNING, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text


def _business_synonyms(field: str) -> tuple[str, ...]:
    column = BUSINESS_SPEC.column(field)
    return column.synonyms if column is not None else ()


COMMITMENT_SPEC = RegisterSpec(
    "commitments",
    (
        # The owner's side of the signing is the business's, not this list's: never read as the commune's.
        ColumnSpec(
            IGNORE,
            "STT",
            (
                "tt",
                "so tt",
                "so thu tu",
                "chu co so",
                "ho ten chu co so",
                "nguoi ky chu co so",
                "nguoi ky chu co so kinh doanh",
                "dai dien co so",
                "trang thai",
                "tinh trang",
            ),
        ),
        ColumnSpec(
            "name",
            "Tên cơ sở",
            (*_business_synonyms("name"), "co so kinh doanh", "ten co so ky cam ket", "co so ky cam ket"),
        ),
        ColumnSpec("commune", "Xã/phường", (*_business_synonyms("commune"), "xa thi tran", "phuong xa")),
        ColumnSpec("registration_number", "Số ĐKKD", _business_synonyms("registration_number")),
        ColumnSpec(
            "signed_on",
            "Ngày ký",
            (
                "ngay ky cam ket",
                "ngay ky ban cam ket",
                "ngay cam ket",
                "ngay ky ket",
                "ngay ky ck",
                "thoi gian ky",
            ),
            required=True,
        ),
        ColumnSpec(
            "valid_from",
            "Hiệu lực từ",
            ("hieu luc tu ngay", "tu ngay", "ngay hieu luc", "ngay co hieu luc", "bat dau hieu luc"),
        ),
        ColumnSpec(
            "valid_to",
            "Hiệu lực đến",
            (
                "hieu luc den ngay",
                "den ngay",
                "ngay het hieu luc",
                "het hieu luc",
                "ngay het han",
                "het han",
                "co hieu luc den",
            ),
        ),
        ColumnSpec(
            "document_number",
            "Số văn bản",
            ("so cam ket", "so ban cam ket", "so van ban cam ket", "so ky hieu", "so hieu van ban", "so vb"),
        ),
        ColumnSpec(
            "representative_name",
            "Người ký (UBND xã)",
            (
                "nguoi ky",
                "nguoi ky ubnd",
                "dai dien ubnd xa",
                "dai dien ubnd",
                "dai dien chinh quyen",
                "ho ten nguoi ky",
                "can bo ky",
            ),
        ),
        ColumnSpec("representative_position", "Chức vụ", ("chuc vu nguoi ky", "chuc danh")),
        ColumnSpec("notes", "Ghi chú", ()),
    ),
)

TEMPLATE_HEADERS: tuple[str, ...] = tuple(c.header for c in COMMITMENT_SPEC.columns)
FIELD_LABELS: dict[str, str] = {c.field: c.header for c in COMMITMENT_SPEC.columns if c.field != IGNORE}
OPEN_ENDED_TEXT = "Đến khi thay đổi chủ"
REPRESENTATIVE_MAX = 100
_OPEN_ENDED = re.compile(r"^(den khi|cho den khi|khi thay doi|khong thoi han|vo thoi han|khong xac dinh)")
_BAD_DATE = "ngày không đọc được (ngày/tháng/năm)"


@dataclass(frozen=True, slots=True)
class ImportedCommitment:
    """An importable row: the checked signing, and the business it belongs to (for the wizard's preview)."""

    name: str
    commune_name: str
    commitment: ValidCommitment

    def validated(self) -> ValidCommitment:
        return self.commitment


def _date(value: Cell) -> date | None:
    """A cell as a date, day first. Raises DomainError (ValidationError) when it is not one."""
    return parse_date(value if isinstance(value, date | datetime | int | float) else cell_text(value))


def is_open_ended(text: str) -> bool:
    """'Đến khi thay đổi chủ', 'Không thời hạn'… : valid until the owner changes."""
    return bool(_OPEN_ENDED.match(search_key(text)))


class CommitmentRowParser:
    """Turns SourceRows into outcomes: error, warning, duplicate or ok, with Vietnamese messages."""

    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        businesses: Iterable[KnownBusiness],
        existing: Iterable[tuple[int, date]],
        rule: ValidityRule,
        today: date,
    ) -> None:
        self._businesses = BusinessFinder(communes, businesses)
        self._existing = set(existing)
        self._rule = rule
        self._today = today
        self._seen: dict[tuple[int, date], int] = {}

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        cells = source.cells
        kept_raw: list[str] = []

        def text(name: str) -> str:
            return nfc(cell_text(cells.get(name)))

        def failed(name: str) -> bool:
            return any(p.field == name for p in problems)

        def warn(name: str, raw: str, message: str) -> None:
            problems.append(Problem(row, WARNING, name, raw, message))
            kept_raw.append(f"{FIELD_LABELS.get(name, name)}: {raw}")

        def optional_date(name: str) -> date | None:
            raw = text(name)
            if not raw or failed(name):
                return None
            try:
                return _date(cells.get(name))
            except DomainError:
                detail = _BAD_DATE + ("; lấy theo thời hạn mặc định" if name == "valid_to" else "")
                warn(name, raw, f"{FIELD_LABELS[name]} «{raw}» bỏ trống vì {detail}")
                return None

        lookup_failed = failed("name") or failed("registration_number")
        business = None if lookup_failed else self._businesses.find(source, problems)
        signed_raw = text("signed_on")
        signed_on: date | None = None
        if not failed("signed_on"):
            if not signed_raw:
                problems.append(Problem(row, ERROR, "signed_on", None, "Thiếu ngày ký."))
            else:
                try:
                    signed_on = _date(cells.get("signed_on"))
                except DomainError:
                    problems.append(
                        Problem(
                            row,
                            ERROR,
                            "signed_on",
                            signed_raw,
                            f"Ngày ký «{signed_raw}» không đọc được (ngày/tháng/năm).",
                        )
                    )
        valid_from = optional_date("valid_from")
        valid_to_raw = text("valid_to")
        open_ended = bool(valid_to_raw) and is_open_ended(valid_to_raw)
        valid_to = None if open_ended else optional_date("valid_to")
        representative: dict[str, str] = {}
        for name in ("representative_name", "representative_position"):
            value = text(name)
            if len(value) > REPRESENTATIVE_MAX:
                warn(name, value, f"{FIELD_LABELS[name]} bỏ trống vì dài quá {REPRESENTATIVE_MAX} ký tự")
                value = ""
            representative[name] = value

        if business is None or signed_on is None or any(p.severity == ERROR for p in problems):
            return ImportRow(row, ERROR, problems=problems, original=source.original)
        notes = text("notes")
        if kept_raw:
            notes = "; ".join(
                [*([notes] if notes else []), "Giá trị gốc khi nhập từ Excel — " + "; ".join(kept_raw)]
            )
        data = CommitmentInput(
            business_id=business.id,
            signed_on=signed_on,
            valid_from=valid_from,
            valid_to=valid_to,
            document_number=id_text(cells.get("document_number")),
            representative_name=representative["representative_name"],
            representative_position=representative["representative_position"],
            notes=notes,
        )
        try:
            commitment = data.validated(
                ValidityRule(RULE_OWNER_CHANGE) if open_ended else self._rule, self._today
            )
        except ValidationErrors as err:
            for field_name, message in err.errors.items():
                raw = text(field_name) if field_name in FIELD_LABELS else ""
                problems.append(Problem(row, ERROR, field_name, raw or None, message))
            return ImportRow(row, ERROR, problems=problems, original=source.original)

        key = (business.id, commitment.signed_on)
        signed_text = format_date(commitment.signed_on)
        if key in self._existing:
            message = f"Cơ sở «{business.name}» đã có cam kết ký ngày {signed_text}."
            problems.append(Problem(row, DUPLICATE, "signed_on", signed_text, message))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        if key in self._seen:
            message = (
                f"Trùng với dòng {self._seen[key]} của tệp "
                f"(cùng cơ sở «{business.name}», cùng ngày ký {signed_text})."
            )
            problems.append(Problem(row, DUPLICATE, "signed_on", signed_text, message))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen[key] = row
        if source.converted_from:
            problems.append(
                Problem(
                    row,
                    WARNING,
                    None,
                    None,
                    f"Chữ được chuyển từ bảng mã {source.converted_from} sang Unicode.",
                )
            )
        outcome = WARNING if any(p.severity == WARNING for p in problems) else OK
        record = ImportedCommitment(
            business.name, self._businesses.commune_names.get(business.commune_id, ""), commitment
        )
        return ImportRow(row, outcome, record=record, problems=problems, original=source.original)
