"""The visits list's import: its columns and header synonyms, and the rules for each cell (an office's Excel
list of inspection visits: business, date, kind, checks, result, penalty with its legal basis, follow-up)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import NamedTuple

from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.inspections import (
    CHECK_OK,
    CHECK_PROBLEM,
    CHECKLIST,
    KIND_FOLLOW_UP,
    KIND_LABELS,
    KIND_PERIODIC,
    KIND_SURPRISE,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    SCOPE_BUSINESSES,
    SCOPE_COMMUNES,
    InspectionRound,
    LegalBasis,
    ValidVisit,
    VisitInput,
)
from desktop_app.domain.legal import (
    OFFENDER_INDIVIDUAL,
    OFFENDER_ORGANISATION,
    PENALTY_CONFISCATION,
    PENALTY_EXPULSION,
    PENALTY_FINE,
    PENALTY_KIND_LABELS,
    PENALTY_LICENCE,
    PENALTY_SUSPENSION,
    PENALTY_WARNING,
    check_penalty,
    resolve_offender,
)
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.business_lookup import BusinessFinder, KnownBusiness, id_text
from desktop_app.imports.businesses import BUSINESS_SPEC
from desktop_app.imports.columns import IGNORE, ColumnSpec, RegisterSpec
from desktop_app.imports.legal_references import (
    CELL_SEPARATORS,
    LegalCatalogue,
    parse_references,
    reference_text,
)
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, OK, WARNING, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text


def _business_synonyms(field: str) -> tuple[str, ...]:
    column = BUSINESS_SPEC.column(field)
    return column.synonyms if column is not None else ()


FOLLOW_UP_STATE_HEADER = "Tình trạng hậu kiểm"  # written by the export, read by nobody

VISIT_SPEC = RegisterSpec(
    "inspections",
    (
        ColumnSpec(
            IGNORE,
            "STT",
            ("tt", "so tt", "so thu tu", "tinh trang hau kiem", "chu co so", "ho ten chu co so"),
        ),
        ColumnSpec(
            "name", "Tên cơ sở", (*_business_synonyms("name"), "co so kinh doanh", "co so duoc kiem tra")
        ),
        ColumnSpec("commune", "Xã/phường", (*_business_synonyms("commune"), "xa thi tran", "phuong xa")),
        ColumnSpec("registration_number", "Số ĐKKD", _business_synonyms("registration_number")),
        ColumnSpec(
            "visit_date",
            "Ngày kiểm tra",
            ("ngay", "thoi gian kiem tra", "ngay kiem tra co so", "ngay thuc hien"),
            required=True,
        ),
        ColumnSpec("visit_time", "Giờ", ("gio kiem tra", "thoi diem", "luc")),
        ColumnSpec("kind", "Hình thức", ("hinh thuc kiem tra", "loai kiem tra", "loai")),
        ColumnSpec(
            "plan_number",
            "Số kế hoạch (đợt)",
            ("so ke hoach", "ke hoach", "dot kiem tra", "theo ke hoach", "dot"),
        ),
        ColumnSpec(
            "members_present",
            "Thành viên có mặt",
            ("thanh phan doan", "thanh phan doan kiem tra", "doan kiem tra", "thanh vien", "can bo kiem tra"),
        ),
        ColumnSpec("checks_ok", "Nội dung đạt", ("noi dung kiem tra dat", "dat")),
        ColumnSpec("checks_problem", "Nội dung không đạt", ("noi dung kiem tra khong dat", "khong dat")),
        ColumnSpec(
            "findings",
            "Nội dung phát hiện",
            ("ket qua phat hien", "phat hien", "noi dung vi pham", "hanh vi vi pham", "tinh hinh"),
        ),
        ColumnSpec("minutes_number", "Số biên bản", ("so bien ban kiem tra", "bien ban", "so bb")),
        ColumnSpec(
            "result",
            "Kết quả",
            ("ket qua kiem tra", "ket qua xu ly", "hinh thuc xu ly", "xu ly", "bien phap xu ly"),
        ),
        ColumnSpec(
            "prostitution_related",
            "Liên quan mại dâm",
            ("lien quan den mai dam", "lien quan hoat dong mai dam", "co dau hieu mai dam", "mai dam"),
        ),
        ColumnSpec(
            "decision_number",
            "Số quyết định xử phạt",
            ("so quyet dinh", "so qd", "so qd xu phat", "quyet dinh xu phat"),
        ),
        ColumnSpec(
            "decision_date",
            "Ngày quyết định",
            ("ngay quyet dinh xu phat", "ngay qd", "ngay ra quyet dinh", "ngay xu phat"),
        ),
        ColumnSpec(
            "legal_basis",
            "Căn cứ pháp lý",
            ("can cu", "can cu xu phat", "dieu khoan ap dung", "dieu khoan", "dieu khoan vi pham"),
        ),
        ColumnSpec(
            "fine_vnd",
            "Tiền phạt (đồng)",
            ("tien phat", "so tien phat", "muc phat", "so tien phat dong", "phat tien"),
        ),
        ColumnSpec(
            "offender_kind",
            "Người vi phạm",
            ("doi tuong vi pham", "doi tuong bi xu phat", "to chuc ca nhan vi pham", "nguoi bi xu phat"),
        ),
        ColumnSpec("penalty_kinds", "Hình thức xử phạt", ("hinh thuc phat", "cac hinh thuc xu phat")),
        ColumnSpec(
            "extra_measures",
            "Biện pháp bổ sung",
            ("hinh thuc xu phat bo sung", "bien phap khac phuc hau qua", "xu phat bo sung"),
        ),
        ColumnSpec(
            "follow_up_due", "Hạn hậu kiểm", ("ngay hau kiem", "han kiem tra lai", "hau kiem truoc ngay")
        ),
        ColumnSpec("notes", "Ghi chú", ()),
    ),
)

TEMPLATE_HEADERS: tuple[str, ...] = tuple(c.header for c in VISIT_SPEC.columns)
FIELD_LABELS: dict[str, str] = {c.field: c.header for c in VISIT_SPEC.columns if c.field != IGNORE}
_BAD_DATE = "không đọc được (ngày/tháng/năm)"
_ITEM_SEPARATORS = re.compile(r"[;,\n]+")
_YES = {"x", "co", "c", "1", "yes", "true", "dung", "v"}
_NO = {"", "khong", "k", "0", "no", "false", "-"}

# Words offices write in the result and kind columns (search keys, matched at the start of the cell).
_RESULT_WORDS: tuple[tuple[str, str], ...] = (
    ("chua kiem tra", RESULT_PLANNED),
    ("du kien", RESULT_PLANNED),
    ("ke hoach", RESULT_PLANNED),
    ("khong vi pham", RESULT_NONE),
    ("khong phat hien", RESULT_NONE),
    ("chap hanh tot", RESULT_NONE),
    ("dat", RESULT_NONE),
    ("khong", RESULT_NONE),
    ("nhac nho", RESULT_REMINDER),
    ("lap bien ban nhac nho", RESULT_REMINDER),
    ("xu phat", RESULT_PENALTY),
    ("phat", RESULT_PENALTY),
    ("xu ly vi pham hanh chinh", RESULT_PENALTY),
    ("chuyen", RESULT_REFERRAL),
)
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("dinh ky", KIND_PERIODIC),
    ("theo ke hoach", KIND_PERIODIC),
    ("thuong xuyen", KIND_PERIODIC),
    ("dot xuat", KIND_SURPRISE),
    ("hau kiem", KIND_FOLLOW_UP),
    ("kiem tra lai", KIND_FOLLOW_UP),
    ("tai kiem tra", KIND_FOLLOW_UP),
    ("phuc kiem", KIND_FOLLOW_UP),
)


class KnownVisit(NamedTuple):
    """A recorded visit (not voided) as the import sees it: to find duplicates and follow-ups to close."""

    id: int
    business_id: int
    visit_date: date
    follow_up_open: bool  # a done visit with a follow-up due and no done follow-up visit yet


@dataclass(frozen=True, slots=True)
class ImportedVisit:
    """An importable row: the checked visit, and the business it belongs to (for the wizard's preview)."""

    name: str
    commune_name: str
    visit: ValidVisit
    row: int = 0
    follows_up_row: int | None = None  # an earlier row of the file whose follow-up this visit is

    def validated(self) -> ValidVisit:
        return self.visit


def _word_value(text: str, words: Sequence[tuple[str, str]]) -> str | None:
    key = " ".join(search_key(text).replace("-", " ").split())
    for word, value in words:
        if key == word or key.startswith(word + " ") or key.startswith(word + ":"):
            return value
    return None


def _checklist_key(item: str) -> str | None:
    """The checklist entry an item names: its label, the label's start or a label starting with it."""
    key = " ".join(search_key(item).split())
    if not key:
        return None
    for name, label in CHECKLIST.items():
        label_key = search_key(label)
        if (
            key in (label_key, name)
            or (label_key.startswith(key) and len(key) >= 6)
            or key.startswith(label_key)
        ):
            return name
    return None


def _date(value: Cell) -> date | None:
    """A cell as a date, day first. Raises DomainError (ValidationError) when it is not one."""
    return parse_date(value if isinstance(value, date | datetime | int | float) else cell_text(value))


def _time(value: Cell) -> time | str | None:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # Excel's fraction of a day
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    return cell_text(value)


class VisitRowParser:
    """Turns SourceRows into outcomes: error, warning, duplicate or ok, with Vietnamese messages."""

    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        businesses: Iterable[KnownBusiness],
        visits: Iterable[KnownVisit],
        rounds: Iterable[InspectionRound],
        legal_basis: Iterable[LegalBasis],
        today: date,
    ) -> None:
        self._businesses = BusinessFinder(communes, businesses)
        self._existing: set[tuple[int, date]] = set()
        self._open: dict[int, list[KnownVisit]] = {}
        for visit in visits:
            self._existing.add((visit.business_id, visit.visit_date))
            if visit.follow_up_open:
                self._open.setdefault(visit.business_id, []).append(visit)
        for pending in self._open.values():
            pending.sort(key=lambda v: (v.visit_date, v.id))
        self._rounds: dict[str, list[InspectionRound]] = {}
        for round_ in rounds:
            self._rounds.setdefault(search_key(round_.plan_number), []).append(round_)
        self._all_legal = list(legal_basis)
        self._legal = LegalCatalogue(self._all_legal)
        self._legal_by_id = {b.id: b for b in self._all_legal}
        self._today = today
        self._seen: dict[tuple[int, date], int] = {}
        self._claimed: set[int] = set()

    def _checked_penalty(self, visit: ValidVisit) -> ValidVisit:
        """The same rule as a visit entered by hand: the acts in force on the visit date, the fine within
        their range for the offender. Raises ValidationErrors."""
        bases = [self._legal_by_id[i] for i in visit.legal_basis_ids if i in self._legal_by_id]
        offender = resolve_offender(visit.offender_kind, bases)
        errors = check_penalty(
            visit.visit_date,
            offender,
            visit.fine_vnd,
            visit.penalty_kinds,
            bases,
            self._all_legal,
            visit.decision_date,
        )
        if errors:
            raise ValidationErrors(errors)
        return replace(visit, offender_kind=offender)

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        cells = _Cells(source, self._today)
        lookup_failed = cells.failed("name") or cells.failed("registration_number")
        business = None if lookup_failed else self._businesses.find(source, cells.problems)
        visit_date = cells.date("visit_date")
        if visit_date is None and not cells.failed("visit_date"):
            cells.error("visit_date", None, "Thiếu ngày kiểm tra.")
        kind, result = self._kind_and_result(cells, visit_date)
        checklist = _checklist(cells)
        legal_ids = self._legal_ids(cells)
        round_ = self._round(cells, business, visit_date)
        decision_date = cells.date("decision_date")
        follow_up_due = cells.date("follow_up_due")
        if (
            business is None
            or visit_date is None
            or kind is None
            or result is None
            or any(p.severity == ERROR for p in cells.problems)
        ):
            return cells.outcome(ERROR)

        follows_up = (
            self._open_follow_up(business.id, visit_date)
            if kind == KIND_FOLLOW_UP and result != RESULT_PLANNED
            else None
        )
        data = VisitInput(
            business_id=business.id,
            visit_date=visit_date,
            kind=kind,
            round_id=round_.id if round_ is not None else None,
            visit_time=_time(cells.get("visit_time")),
            members_present=CELL_SEPARATORS.split(cells.text("members_present")),
            checklist=checklist,
            findings=cells.text("findings"),
            minutes_number=id_text(cells.get("minutes_number")).strip(),
            result=result,
            prostitution_related=_flag(cells),
            decision_number=id_text(cells.get("decision_number")).strip(),
            decision_date=decision_date,
            legal_basis_ids=legal_ids,
            fine_vnd=_fine(cells.get("fine_vnd")),
            extra_measures=cells.text("extra_measures"),
            offender_kind=_offender(cells),
            penalty_kinds=_penalty_kinds(cells),
            follow_up_due=follow_up_due,
            follows_up_id=follows_up if follows_up is not None and follows_up > 0 else None,
            notes=cells.notes(),
        )
        try:
            visit = data.validated(self._today, round_)
            if visit.result == RESULT_PENALTY:
                visit = self._checked_penalty(visit)
        except ValidationErrors as err:
            for field_name, message in err.errors.items():
                column = "legal_basis" if field_name == "legal_basis_ids" else field_name
                raw = cells.text(column) if column in FIELD_LABELS else ""
                cells.error(column, raw, message)
            return cells.outcome(ERROR)

        key = (business.id, visit.visit_date)
        day = format_date(visit.visit_date)
        if key in self._existing:
            cells.duplicate(day, f"Cơ sở «{business.name}» đã có lượt kiểm tra ngày {day}.")
            return cells.outcome(DUPLICATE)
        if key in self._seen:
            cells.duplicate(
                day,
                f"Trùng với dòng {self._seen[key]} của tệp (cùng cơ sở «{business.name}», cùng ngày {day}).",
            )
            return cells.outcome(DUPLICATE)
        self._seen[key] = source.row
        if follows_up is not None:
            self._claimed.add(follows_up)
        if visit.follow_up_due is not None and visit.result != RESULT_PLANNED:
            # a later row of the file may be its follow-up visit (rows stand for themselves as -row)
            self._open.setdefault(business.id, []).append(
                KnownVisit(-source.row, business.id, visit.visit_date, True)
            )
        if source.converted_from:
            cells.problems.append(
                Problem(
                    source.row,
                    WARNING,
                    None,
                    None,
                    f"Chữ được chuyển từ bảng mã {source.converted_from} sang Unicode.",
                )
            )
        record = ImportedVisit(
            business.name,
            self._businesses.commune_names.get(business.commune_id, ""),
            visit,
            source.row,
            -follows_up if follows_up is not None and follows_up < 0 else None,
        )
        return cells.outcome(OK, record)

    @staticmethod
    def _kind_and_result(cells: _Cells, visit_date: date | None) -> tuple[str | None, str | None]:
        kind_raw = cells.text("kind")
        kind = _word_value(kind_raw, _KIND_WORDS) if kind_raw else KIND_PERIODIC
        if kind is None:
            choices = ", ".join(KIND_LABELS.values())
            cells.error("kind", kind_raw, f"Hình thức «{kind_raw}» không rõ; ghi một trong: {choices}.")
        result_raw = cells.text("result")
        if not result_raw:  # a list of visits done, or of visits to come
            return (
                kind,
                RESULT_PLANNED if visit_date is not None and visit_date > cells.today else RESULT_NONE,
            )
        result = _word_value(result_raw, _RESULT_WORDS)
        if result is None:
            choices = "không vi phạm, nhắc nhở, xử phạt, chuyển công an, dự kiến"
            cells.error("result", result_raw, f"Kết quả «{result_raw}» không rõ; ghi một trong: {choices}.")
        return kind, result

    def _legal_ids(self, cells: _Cells) -> list[int]:
        legal_raw = cells.text("legal_basis")
        if not legal_raw:
            return []
        references, unread = parse_references(legal_raw)
        for part in unread:
            cells.error(
                "legal_basis",
                part,
                f"Căn cứ «{part}» không đọc được; ghi theo dạng "
                "«Điểm a khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP».",
            )
        ids: list[int] = []
        for reference in references:
            entry = self._legal.find(reference)
            if entry is None:
                cells.error(
                    "legal_basis",
                    legal_raw,
                    f"{reference_text(reference)} chưa có trong danh mục căn cứ pháp lý; "
                    "thêm vào danh mục trước rồi nhập lại.",
                )
            else:
                ids.append(entry.id)
        return ids

    def _round(
        self, cells: _Cells, business: KnownBusiness | None, visit_date: date | None
    ) -> InspectionRound | None:
        """The round a plan number names (the one holding the visit's date when several share the number);
        the business must be in its scope."""
        plan = cells.text("plan_number")
        if not plan:
            return None
        rounds = self._rounds.get(search_key(plan), [])
        if not rounds:
            cells.warn("plan_number", plan, f"Không có đợt kiểm tra theo kế hoạch «{plan}»; ghi ngoài đợt")
            return None
        holding = [r for r in rounds if visit_date is not None and r.covers(visit_date)]
        round_ = (holding or rounds)[0]
        if business is not None:
            if round_.scope == SCOPE_COMMUNES and business.commune_id not in round_.commune_ids:
                cells.error(
                    "plan_number", plan, f"Cơ sở không thuộc các xã, phường của đợt {round_.plan_number}."
                )
            elif round_.scope == SCOPE_BUSINESSES and business.id not in round_.business_ids:
                cells.error(
                    "plan_number", plan, f"Cơ sở không có trong danh sách của đợt {round_.plan_number}."
                )
        return round_

    def _open_follow_up(self, business_id: int, visit_date: date) -> int | None:
        """The business's oldest open follow-up from before `visit_date` not closed by another row yet: a
        recorded visit's id, or minus the row of an earlier row of the file."""
        return next(
            (
                v.id
                for v in self._open.get(business_id, [])
                if v.id not in self._claimed and v.visit_date <= visit_date
            ),
            None,
        )


class _Cells:
    """One data row's cells, and the problems found in them so far."""

    def __init__(self, source: SourceRow, today: date) -> None:
        self.source = source
        self.today = today
        self.problems: list[Problem] = list(source.problems)
        self._kept_raw: list[str] = []

    def get(self, name: str) -> Cell:
        return None if self.failed(name) else self.source.cells.get(name)

    def text(self, name: str) -> str:
        return nfc(cell_text(self.source.cells.get(name))).strip()

    def failed(self, name: str) -> bool:
        return any(p.field == name for p in self.problems)

    def error(self, name: str | None, raw: str | None, message: str) -> None:
        self.problems.append(Problem(self.source.row, ERROR, name, raw or None, message))

    def duplicate(self, raw: str, message: str) -> None:
        self.problems.append(Problem(self.source.row, DUPLICATE, "visit_date", raw, message))

    def warn(self, name: str, raw: str, message: str) -> None:
        """A value left out: the row is imported without it, and the value is kept in the notes."""
        self.problems.append(Problem(self.source.row, WARNING, name, raw, message))
        self._kept_raw.append(f"{FIELD_LABELS.get(name, name)}: {raw}")

    def date(self, name: str) -> date | None:
        raw = self.text(name)
        if not raw or self.failed(name):
            return None
        try:
            return _date(self.source.cells.get(name))
        except DomainError:
            self.error(name, raw, f"{FIELD_LABELS[name]} «{raw}» {_BAD_DATE}.")
            return None

    def notes(self) -> str:
        notes = self.text("notes")
        if not self._kept_raw:
            return notes
        kept = "Giá trị gốc khi nhập từ Excel — " + "; ".join(self._kept_raw)
        return f"{notes}; {kept}" if notes else kept

    def outcome(self, outcome: str, record: ImportedVisit | None = None) -> ImportRow:
        if outcome == OK and any(p.severity == WARNING for p in self.problems):
            outcome = WARNING
        return ImportRow(
            self.source.row, outcome, record=record, problems=self.problems, original=self.source.original
        )


def _flag(cells: _Cells) -> bool:
    raw = cells.text("prostitution_related")
    key = search_key(raw)
    if key in _YES or key.startswith("co "):
        return True
    if key not in _NO and not key.startswith("khong"):
        cells.warn("prostitution_related", raw, f"«{raw}» không rõ có hay không; ghi là không liên quan")
    return False


def _checklist(cells: _Cells) -> dict[str, str]:
    checklist: dict[str, str] = {}
    for name, value in (("checks_ok", CHECK_OK), ("checks_problem", CHECK_PROBLEM)):
        for item in _ITEM_SEPARATORS.split(cells.text(name)):
            if not item.strip():
                continue
            key = _checklist_key(item)
            if key is None:
                cells.warn(
                    name, item.strip(), f"Nội dung kiểm tra «{item.strip()}» không có trong danh mục; bỏ qua"
                )
            else:
                checklist[key] = value
    return checklist


_OFFENDER_WORDS: tuple[tuple[str, str], ...] = (
    ("to chuc", OFFENDER_ORGANISATION),
    ("doanh nghiep", OFFENDER_ORGANISATION),
    ("cong ty", OFFENDER_ORGANISATION),
    ("chi nhanh", OFFENDER_ORGANISATION),
    ("ca nhan", OFFENDER_INDIVIDUAL),
    ("ho kinh doanh", OFFENDER_INDIVIDUAL),
    ("ho gia dinh", OFFENDER_INDIVIDUAL),
)
_PENALTY_WORDS: tuple[tuple[str, str], ...] = (
    ("canh cao", PENALTY_WARNING),
    ("phat tien", PENALTY_FINE),
    ("tuoc", PENALTY_LICENCE),
    ("dinh chi", PENALTY_SUSPENSION),
    ("tich thu", PENALTY_CONFISCATION),
    ("truc xuat", PENALTY_EXPULSION),
)


def _offender(cells: _Cells) -> str:
    raw = cells.text("offender_kind")
    key = search_key(raw)
    if not key:
        return ""
    found = next((kind for word, kind in _OFFENDER_WORDS if key.startswith(word)), None)
    if found is None:
        cells.error(
            "offender_kind",
            raw,
            f"Người vi phạm «{raw}» không rõ; ghi «Tổ chức» hoặc «Cá nhân» (hộ kinh doanh).",
        )
        return ""
    return found


def _penalty_kinds(cells: _Cells) -> list[str]:
    kinds: list[str] = []
    for item in CELL_SEPARATORS.split(cells.text("penalty_kinds")):  # labels hold commas
        key = search_key(item)
        if not key:
            continue
        found = next((kind for word, kind in _PENALTY_WORDS if key.startswith(word)), None)
        if found is None:
            cells.error(
                "penalty_kinds",
                item.strip(),
                f"Hình thức xử phạt «{item.strip()}» không có trong danh sách; ghi một trong: "
                + ", ".join(PENALTY_KIND_LABELS.values()).lower()
                + ".",
            )
        else:
            kinds.append(found)
    return kinds


def _fine(value: Cell) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else str(value)
    return cell_text(value)
