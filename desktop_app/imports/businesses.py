"""The business register's import: its columns and header synonyms, and the rules for each cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from desktop_app.domain.businesses import (
    STATUS_ACTIVE,
    STATUS_CLOSED,
    STATUS_SUSPENDED,
    BusinessInput,
    owner_birth_date_problem,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.ids import normalise_person_id, normalise_registration_number
from desktop_app.domain.office import commune_key
from desktop_app.domain.phones import normalise_phone
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.columns import IGNORE, ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, OK, WARNING, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text

BUSINESS_SPEC = RegisterSpec(
    "businesses",
    (
        ColumnSpec(IGNORE, "STT", ("tt", "so tt", "so thu tu")),
        ColumnSpec(
            "name",
            "Tên cơ sở",
            ("ten co so kinh doanh", "ten", "ten doanh nghiep", "ten ho kinh doanh", "ten co so kd", "co so"),
            required=True,
        ),
        ColumnSpec(
            "type",
            "Loại hình",
            ("loai hinh kinh doanh", "nganh nghe", "nganh nghe kinh doanh", "loai hinh kd"),
            required=True,
        ),
        ColumnSpec(
            "commune",
            "Xã/phường",
            ("xa", "phuong", "xa phuong thi tran", "dia ban", "don vi hanh chinh"),
            required=True,
        ),
        ColumnSpec("address", "Địa chỉ", ("dia chi kinh doanh", "so nha", "thon ban to", "dia chi co so")),
        ColumnSpec(
            "owner_name",
            "Chủ cơ sở",
            (
                "ho ten chu co so",
                "ho va ten chu co so",
                "ten chu co so",
                "nguoi dai dien",
                "chu ho",
                "chu co so kd",
            ),
        ),
        ColumnSpec(
            "owner_id_number",
            "Số CCCD/CMND",
            ("cccd", "so cccd", "cmnd", "so cmnd", "cccd cmnd", "so dinh danh", "can cuoc", "so cmnd cccd"),
        ),
        ColumnSpec("owner_phone", "Điện thoại", ("so dien thoai", "sdt", "dt", "dien thoai lien he")),
        ColumnSpec(
            "registration_number",
            "Số ĐKKD",
            (
                "so dang ky kinh doanh",
                "ma so doanh nghiep",
                "so gcn dkhkd",
                "giay dkkd",
                "ma so thue",
                "so gcn dkkd",
            ),
        ),
        ColumnSpec("registration_date", "Ngày cấp ĐKKD", ("ngay cap", "ngay dang ky", "ngay cap giay phep")),
        ColumnSpec("sub_licences", "Giấy phép con", ("giay phep khac", "giay phep", "giay chung nhan")),
        ColumnSpec("rooms", "Số phòng", ("phong",)),
        ColumnSpec(
            "employees_total", "Số lao động", ("lao dong", "tong so lao dong", "so nhan vien", "tong so")
        ),
        ColumnSpec(
            "employees_female", "Lao động nữ", ("so lao dong nu", "trong do nu", "nu", "lao dong la nu")
        ),
        ColumnSpec("status", "Trạng thái", ("tinh trang hoat dong", "tinh trang", "trang thai hoat dong")),
        ColumnSpec(
            "status_since",
            "Ngày đổi trạng thái",
            (
                "ngay ngung hoat dong",
                "ngay ngung",
                "ngay tam ngung",
                "ngay dong cua",
                "ngay thay doi trang thai",
                "ngay chuyen trang thai",
                "ngay trang thai",
            ),
        ),
        ColumnSpec("complex_area", "Địa bàn phức tạp", ("phuc tap",)),
        ColumnSpec("notes", "Ghi chú", ()),
        # last, so the columns before keep their places in older templates and exports
        ColumnSpec("owner_birth_date", "Ngày sinh chủ cơ sở", ("ngay sinh", "ngay sinh chu ho", "sinh ngay")),
        ColumnSpec(
            "owner_residence",
            "Nơi cư trú",
            ("dia chi thuong tru", "noi thuong tru", "noi cu tru chu co so", "ho khau thuong tru", "noi o"),
        ),
    ),
)

TEMPLATE_HEADERS: tuple[str, ...] = tuple(c.header for c in BUSINESS_SPEC.columns)
FIELD_LABELS: dict[str, str] = {c.field: c.header for c in BUSINESS_SPEC.columns if c.field != IGNORE}

_STATUS_WORDS: dict[str, str] = {
    "dang hoat dong": STATUS_ACTIVE,
    "hoat dong": STATUS_ACTIVE,
    "hoat dong lai": STATUS_ACTIVE,
    "tam ngung": STATUS_SUSPENDED,
    "tam dung": STATUS_SUSPENDED,
    "tam nghi": STATUS_SUSPENDED,
    "da ngung": STATUS_CLOSED,
    "ngung hoat dong": STATUS_CLOSED,
    "da ngung hoat dong": STATUS_CLOSED,
    "dong cua": STATUS_CLOSED,
    "giai the": STATUS_CLOSED,
    "da nghi": STATUS_CLOSED,
}
_UNIT_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu|tt\.?|p\.|x\.)\s*")
_PREFIX_FORMS = {"tt": "thi tran", "tt.": "thi tran", "p.": "phuong", "x.": "xa"}
_TYPE_PREFIX = re.compile(r"^(kinh doanh|dich vu|kd|dv)\s+")
_TRUE_WORDS = {"x", "co", "1", "true", "yes", "phuc tap", "dia ban phuc tap", "v"}


@dataclass(frozen=True, slots=True)
class Catalogs:
    """The office's communes and types as plain data, for matching cells."""

    communes: Sequence[tuple[int, str]]  # (id, name)
    types: Sequence[tuple[int, str, str, Sequence[str]]]  # (id, code, name, synonyms)


@dataclass
class ExistingKeys:
    """What is already in the register, to catch duplicates."""

    registration_numbers: set[str] = field(default_factory=set)
    names_in_communes: set[tuple[str, int]] = field(default_factory=set)


class _Matcher:
    def __init__(self, catalogs: Catalogs) -> None:
        self.communes_full: dict[str, int] = {}
        self.communes_bare: dict[str, set[int]] = {}
        for commune_id, name in catalogs.communes:
            self.communes_full[search_key(name)] = commune_id
            self.communes_bare.setdefault(commune_key(name), set()).add(commune_id)
        self.commune_names = {commune_id: name for commune_id, name in catalogs.communes}
        self.types: dict[str, int] = {}
        for type_id, code, name, synonyms in catalogs.types:
            keys = [name, code, *synonyms, *re.split(r"[,/;]", name)]
            for key in keys:
                bare = search_key(key)
                if bare:
                    self.types.setdefault(bare, type_id)

    def commune(self, text: str) -> tuple[int | None, str]:
        key = search_key(text)
        if key in self.communes_full:
            return self.communes_full[key], ""
        prefix = _UNIT_PREFIX.match(key)
        if prefix:  # "TT Hát Lót" names the town, not "Xã Hát Lót"
            full = f"{_PREFIX_FORMS.get(prefix.group(1), prefix.group(1))} {commune_key(text)}"
            if full in self.communes_full:
                return self.communes_full[full], ""
        found = self.communes_bare.get(commune_key(text), set())
        if len(found) == 1:
            return next(iter(found)), ""
        if len(found) > 1:
            names = " và ".join(sorted(self.commune_names[i] for i in found))
            return None, f"Xã, phường «{text}» chưa rõ: có cả {names}; hãy ghi rõ Xã/Phường/Thị trấn."
        return None, f"Xã, phường «{text}» không thuộc địa bàn quản lý."

    def business_type(self, text: str) -> int | None:
        key = search_key(text)
        if key in self.types:
            return self.types[key]
        bare = _TYPE_PREFIX.sub("", key)
        if bare in self.types:
            return self.types[bare]
        return next((type_id for k, type_id in self.types.items() if len(k) > 3 and bare.startswith(k)), None)


def _count(value: Cell) -> int:
    """'5 người' → 5; 5.0 → 5. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if float(value) != int(value) or value < 0:
            raise ValueError
        return int(value)
    match = re.match(r"^\s*(\d[\d.]*)\s*[^\d]*$", str(value))
    if not match:
        raise ValueError
    return int(match.group(1).replace(".", ""))


def _id_text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value)


class BusinessRowParser:
    """Turns SourceRows into outcomes: error, warning, duplicate or ok, with Vietnamese messages."""

    def __init__(self, catalogs: Catalogs, existing: ExistingKeys, today: date | None = None) -> None:
        self._match = _Matcher(catalogs)
        self._existing = existing
        self._today = today or date.today()
        self._seen_numbers: dict[str, int] = {}
        self._seen_names: dict[tuple[str, int], int] = {}

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, "ignored", original=source.original)
        row = source.row
        problems = list(source.problems)
        cells = source.cells
        values: dict[str, object] = {}
        kept_raw: list[str] = []

        def text(name: str) -> str:
            return nfc(cell_text(cells.get(name)))

        def warn(name: str, raw: str, message: str) -> None:
            problems.append(Problem(row, WARNING, name, raw, message))
            kept_raw.append(f"{FIELD_LABELS.get(name, name)}: {raw}")

        def optional(name: str, parse: Callable[[Cell], object], message: str | None = None) -> None:
            raw_value = cells.get(name)
            raw = text(name)
            if raw == "" or any(p.field == name for p in problems):
                return
            try:
                values[name] = parse(raw_value)
            except (DomainError, ValueError) as err:
                detail = message or (err.message if isinstance(err, DomainError) else "giá trị không hợp lệ")
                warn(name, raw, f"{FIELD_LABELS.get(name, name)} «{raw}» bỏ trống vì {_lower_first(detail)}")

        name = text("name")
        if not name and not any(p.field == "name" for p in problems):
            problems.append(Problem(row, ERROR, "name", None, "Thiếu tên cơ sở."))
        type_text, commune_text = text("type"), text("commune")
        type_id = self._match.business_type(type_text) if type_text else None
        if not type_text:
            problems.append(Problem(row, ERROR, "type", None, "Thiếu loại hình kinh doanh."))
        elif type_id is None:
            problems.append(
                Problem(row, ERROR, "type", type_text, f"Loại hình «{type_text}» không có trong danh mục.")
            )
        commune_id: int | None = None
        if not commune_text:
            problems.append(Problem(row, ERROR, "commune", None, "Thiếu xã, phường."))
        else:
            commune_id, message = self._match.commune(commune_text)
            if commune_id is None:
                problems.append(Problem(row, ERROR, "commune", commune_text, message))

        values["address"] = text("address")
        values["owner_name"] = text("owner_name")
        values["sub_licences"] = text("sub_licences")
        values["owner_residence"] = text("owner_residence")
        optional(
            "owner_id_number",
            lambda v: normalise_person_id(_id_text(v), "owner_id_number", restore_leading_zero=True),
            "số CCCD phải gồm 12 chữ số (CMND cũ 9 chữ số)",
        )
        optional(
            "owner_phone",
            lambda v: normalise_phone(_id_text(v), "owner_phone"),
            "số điện thoại không đúng dạng 0 + 9–10 chữ số",
        )
        optional("registration_number", lambda v: normalise_registration_number(_id_text(v)))
        optional(
            "registration_date", lambda v: _past_date(v, self._today), "ngày không đọc được (ngày/tháng/năm)"
        )
        optional(
            "owner_birth_date", lambda v: _past_date(v, self._today), "ngày không đọc được hoặc ở tương lai"
        )
        birth, registered = values.get("owner_birth_date"), values.get("registration_date")
        if isinstance(birth, date):
            message = owner_birth_date_problem(birth, registered if isinstance(registered, date) else None)
            if message:  # the business is still imported; the date is kept in its notes
                del values["owner_birth_date"]
                warn("owner_birth_date", text("owner_birth_date"), message + " Ngày sinh bỏ trống.")
        optional("rooms", _count, "số phòng phải là số nguyên")
        optional("employees_total", _count, "số lao động phải là số nguyên")
        optional("employees_female", _count, "số lao động nữ phải là số nguyên")
        optional(
            "status", lambda v: _status(cell_text(v)), "trạng thái chỉ là đang hoạt động, tạm ngừng, đã ngừng"
        )
        optional("status_since", lambda v: _past_date(v, self._today), "ngày không đọc được hoặc ở tương lai")
        self._date_status(row, text("status"), values, problems, kept_raw)
        complex_raw = search_key(text("complex_area"))
        total, female = values.get("employees_total"), values.get("employees_female")
        if isinstance(total, int) and isinstance(female, int) and female > total:
            del values["employees_female"]
            warn(
                "employees_female",
                str(female),
                f"Lao động nữ ({female}) lớn hơn tổng số lao động ({total}) nên bỏ trống.",
            )

        if any(p.severity == ERROR for p in problems):
            return ImportRow(row, ERROR, problems=problems, original=source.original)
        assert type_id is not None and commune_id is not None
        notes = text("notes")
        if kept_raw:
            notes = "; ".join(
                [*([notes] if notes else []), "Giá trị gốc khi nhập từ Excel — " + "; ".join(kept_raw)]
            )
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
        record = BusinessInput(
            name=name,
            type_id=type_id,
            commune_id=commune_id,
            address=str(values["address"]),
            owner_name=str(values["owner_name"]),
            owner_id_number=str(values.get("owner_id_number", "")),
            owner_phone=str(values.get("owner_phone", "")),
            owner_birth_date=values.get("owner_birth_date"),  # type: ignore[arg-type]
            owner_residence=str(values["owner_residence"]),
            registration_number=str(values.get("registration_number", "")),
            registration_date=values.get("registration_date"),  # type: ignore[arg-type]
            sub_licences=str(values["sub_licences"]),
            rooms=values.get("rooms"),  # type: ignore[arg-type]
            employees_total=values.get("employees_total"),  # type: ignore[arg-type]
            employees_female=values.get("employees_female"),  # type: ignore[arg-type]
            complex_area=complex_raw in _TRUE_WORDS,
            notes=notes,
            status=str(values.get("status", STATUS_ACTIVE)),
            status_since=values.get("status_since"),  # type: ignore[arg-type]
        )
        try:
            valid = record.validated()
        except ValidationErrors as err:  # anything the cell rules above let through
            for field_name, message in err.errors.items():
                problems.append(Problem(row, ERROR, field_name, None, message))
            return ImportRow(row, ERROR, problems=problems, original=source.original)

        duplicate = self._duplicate(row, valid.registration_number, valid.name, valid.commune_id)
        if duplicate:
            problems.append(Problem(row, DUPLICATE, duplicate[0], duplicate[1], duplicate[2]))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        outcome = WARNING if any(p.severity == WARNING for p in problems) else OK
        # the validated business: the write takes it as it is, without validating every row a second time
        return ImportRow(row, outcome, record=valid, problems=problems, original=source.original)

    @staticmethod
    def _date_status(
        row: int, raw: str, values: dict[str, object], problems: list[Problem], kept_raw: list[str]
    ) -> None:
        """A stop or a suspension is a dated change: without its date (or dated before the registration) the
        business comes in active, the status kept in its notes, rather than «closed since it opened»."""
        status, since = values.get("status", STATUS_ACTIVE), values.get("status_since")
        if status == STATUS_ACTIVE:  # its first day is the registration date, as for any active business
            values.pop("status_since", None)
            return
        registered = values.get("registration_date")
        if not isinstance(since, date):
            message = (
                f"Trạng thái «{raw}» không có ngày (cột «Ngày đổi trạng thái») nên cơ sở được nhập là đang "
                "hoạt động, trạng thái ghi vào Ghi chú. Ghi ngày ngừng hoạt động vào tệp rồi nhập lại, hoặc "
                "đổi trạng thái trong hồ sơ cơ sở sau khi nhập."
            )
        elif isinstance(registered, date) and since < registered:
            message = (
                f"Ngày đổi trạng thái {since:%d/%m/%Y} trước ngày cấp ĐKKD {registered:%d/%m/%Y} nên cơ sở "
                f"được nhập là đang hoạt động, trạng thái «{raw}» ghi vào Ghi chú. Sửa một trong hai ngày "
                "rồi nhập lại."
            )
            kept_raw.append(f"{FIELD_LABELS['status_since']}: {since:%d/%m/%Y}")
        else:
            return
        values["status"] = STATUS_ACTIVE
        values.pop("status_since", None)
        problems.append(Problem(row, WARNING, "status", raw, message))
        kept_raw.append(f"{FIELD_LABELS['status']}: {raw}")

    def _duplicate(self, row: int, number: str, name: str, commune_id: int) -> tuple[str, str, str] | None:
        name_key = (search_key(name), commune_id)
        if number:
            if number in self._existing.registration_numbers:
                return (
                    "registration_number",
                    number,
                    f"Trùng số ĐKKD {number} với cơ sở đã có trong danh sách.",
                )
            if number in self._seen_numbers:
                return (
                    "registration_number",
                    number,
                    f"Trùng số ĐKKD {number} với dòng {self._seen_numbers[number]} của tệp.",
                )
        if name_key in self._existing.names_in_communes:
            return "name", name, f"Cơ sở «{name}» đã có trong danh sách ở cùng xã, phường."
        if name_key in self._seen_names:
            return (
                "name",
                name,
                f"Cơ sở «{name}» trùng với dòng {self._seen_names[name_key]} của tệp (cùng xã, phường).",
            )
        if number:
            self._seen_numbers[number] = row
        self._seen_names[name_key] = row
        return None


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


def _past_date(value: Cell, today: date) -> date:
    parsed = parse_date(value if isinstance(value, date | datetime | int | float) else cell_text(value))
    if parsed is None:
        raise ValueError
    if parsed > today:
        raise ValueError
    return parsed


def _status(text: str) -> str:
    key = search_key(text)
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    raise ValueError
