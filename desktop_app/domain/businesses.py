"""Businesses of the register: input validation, read models, status rules and list filtering."""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, TypeVar

from desktop_app.domain import slices
from desktop_app.domain.dates import parse_date, parse_record_date
from desktop_app.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop_app.domain.ids import normalise_person_id, normalise_registration_number
from desktop_app.domain.phones import normalise_phone
from desktop_app.domain.text import check_length, nfc, search_key, sort_keys

_T = TypeVar("_T")

STATUS_ACTIVE = "active"
STATUS_SUSPENDED = "suspended"
STATUS_CLOSED = "closed"
STATUSES: tuple[str, ...] = (STATUS_ACTIVE, STATUS_SUSPENDED, STATUS_CLOSED)
STATUS_LABELS: dict[str, str] = {
    STATUS_ACTIVE: "Đang hoạt động",
    STATUS_SUSPENDED: "Tạm ngừng",
    STATUS_CLOSED: "Đã ngừng",
}
# How a status change reads in the history ("hoạt động lại" is a return to active).
STATUS_EVENT_LABELS: dict[str, str] = {
    STATUS_ACTIVE: "Hoạt động lại",
    STATUS_SUSPENDED: "Tạm ngừng",
    STATUS_CLOSED: "Đã ngừng",
}


@dataclass(frozen=True, slots=True)
class BusinessInput:
    """What a clerk enters for a business; raw text is accepted and normalised by `validated()`."""

    name: str
    type_id: int | None
    commune_id: int | None
    address: str = ""
    owner_name: str = ""
    owner_id_number: str = ""
    owner_phone: str = ""
    owner_birth_date: date | str | None = None
    owner_residence: str = ""
    registration_number: str = ""
    registration_date: date | str | None = None
    sub_licences: str = ""
    rooms: int | str | None = None
    employees_total: int | str | None = None
    employees_female: int | str | None = None
    complex_area: bool = False
    notes: str = ""
    status: str = STATUS_ACTIVE
    status_since: date | str | None = None

    def validated(self) -> ValidBusiness:
        """Return the normalised business or raise ValidationErrors with one message per bad field."""
        errors: dict[str, str] = {}

        def attempt(name: str, fn: Callable[[], _T], fallback: _T) -> _T:
            try:
                return fn()
            except DomainError as err:
                errors[name] = err.message
                return fallback

        name = nfc(self.name)
        if not name:
            errors["name"] = "Nhập tên cơ sở."
        elif len(name) > 200:
            errors["name"] = "Tên cơ sở quá dài (tối đa 200 ký tự)."
        if self.type_id is None:
            errors["type_id"] = "Chọn loại hình kinh doanh."
        if self.commune_id is None:
            errors["commune_id"] = "Chọn xã, phường nơi cơ sở hoạt động."
        address = nfc(self.address)
        if len(address) > 300:
            errors["address"] = "Địa chỉ quá dài (tối đa 300 ký tự)."
        owner_name = nfc(self.owner_name)
        if len(owner_name) > 100:
            errors["owner_name"] = "Tên chủ cơ sở quá dài (tối đa 100 ký tự)."
        owner_id = attempt(
            "owner_id_number", lambda: normalise_person_id(self.owner_id_number, "owner_id_number"), ""
        )
        phone = attempt("owner_phone", lambda: normalise_phone(self.owner_phone, "owner_phone"), "")
        reg_number = attempt(
            "registration_number", lambda: normalise_registration_number(self.registration_number), ""
        )
        reg_date = attempt(
            "registration_date", lambda: parse_record_date(self.registration_date, "registration_date"), None
        )
        if reg_date is not None and reg_date > date.today():
            errors["registration_date"] = "Ngày đăng ký không thể ở tương lai."
        birth_date = attempt(
            "owner_birth_date", lambda: parse_date(self.owner_birth_date, "owner_birth_date"), None
        )
        birth_error = owner_birth_date_problem(birth_date, reg_date)
        if birth_error:
            errors["owner_birth_date"] = birth_error
        owner_residence = nfc(self.owner_residence)
        if len(owner_residence) > 300:
            errors["owner_residence"] = "Nơi cư trú quá dài (tối đa 300 ký tự)."
        rooms = attempt("rooms", lambda: _count(self.rooms, "rooms", "Số phòng"), None)
        total = attempt(
            "employees_total", lambda: _count(self.employees_total, "employees_total", "Số lao động"), None
        )
        female = attempt(
            "employees_female",
            lambda: _count(self.employees_female, "employees_female", "Số lao động nữ"),
            None,
        )
        if female is not None and "employees_female" not in errors:
            if total is None and "employees_total" not in errors:
                errors["employees_total"] = "Nhập tổng số lao động khi đã nhập số lao động nữ."
            elif total is not None and female > total:
                errors["employees_female"] = (
                    f"Số lao động nữ ({female}) không thể lớn hơn tổng số lao động ({total})."
                )
        if self.status not in STATUSES:
            errors["status"] = "Trạng thái không hợp lệ."
        status_since = attempt(
            "status_since", lambda: parse_record_date(self.status_since, "status_since"), None
        )
        check_length(errors, "notes", self.notes)
        check_length(errors, "sub_licences", self.sub_licences, "Giấy phép con", 500)
        if errors:
            raise ValidationErrors(errors)
        assert self.type_id is not None and self.commune_id is not None
        return ValidBusiness(
            name=name,
            type_id=self.type_id,
            commune_id=self.commune_id,
            address=address,
            owner_name=owner_name,
            owner_id_number=owner_id,
            owner_phone=phone,
            owner_birth_date=birth_date,
            owner_residence=owner_residence,
            registration_number=reg_number,
            registration_date=reg_date,
            sub_licences=nfc(self.sub_licences),
            rooms=rooms,
            employees_total=total,
            employees_female=female,
            complex_area=bool(self.complex_area),
            notes=nfc(self.notes),
            status=self.status,
            status_since=status_since,
        )


@dataclass(frozen=True, slots=True)
class ValidBusiness:
    """A business whose every field has passed validation and normalisation."""

    name: str
    type_id: int
    commune_id: int
    address: str
    owner_name: str
    owner_id_number: str
    owner_phone: str
    owner_birth_date: date | None
    owner_residence: str
    registration_number: str
    registration_date: date | None
    sub_licences: str
    rooms: int | None
    employees_total: int | None
    employees_female: int | None
    complex_area: bool
    notes: str
    status: str
    status_since: date | None

    def search_text(self) -> str:
        """The normalised text that the register search looks in."""
        return business_search_key(
            self.name, self.owner_name, self.address, self.registration_number, self.owner_phone
        )


def business_search_key(name: str, owner: str, address: str, registration: str, phone: str) -> str:
    """One key over the searchable fields, separated so a query never matches across two fields."""
    return "\x1f".join(search_key(part) for part in (name, owner, address, registration, phone))


OWNER_MIN_AGE = 18  # a household business is registered by an adult (Decree 01/2021/NĐ-CP Art. 80)


def owner_birth_date_problem(birth: date | None, registered: date | None) -> str:
    """Why a date of birth of the owner cannot be right ('' when it can): it lies in the past, and the owner
    was an adult on the registration date when both are known."""
    if birth is None:
        return ""
    if birth >= date.today():
        return "Ngày sinh phải là một ngày trong quá khứ."
    if registered is not None:
        try:
            adult_on = birth.replace(year=birth.year + OWNER_MIN_AGE)
        except ValueError:  # born on 29/02: of age on 01/03
            adult_on = date(birth.year + OWNER_MIN_AGE, 3, 1)
        if registered < adult_on:
            return f"Chủ cơ sở chưa đủ {OWNER_MIN_AGE} tuổi vào ngày cấp ĐKKD: xem lại ngày sinh."
    return ""


def _count(raw: int | str | None, field: str, label: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError(f"{label} phải là số nguyên không âm.", field)
    if isinstance(raw, int):
        value = raw
    else:
        text = nfc(raw).replace(".", "").replace(" ", "")
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(f"{label} phải là số nguyên không âm.", field)
        value = int(text)
    if value < 0 or value > 100_000:
        raise ValidationError(f"{label} phải là số nguyên từ 0 đến 100.000.", field)
    return value


class BusinessRow(NamedTuple):
    """One line of the register table (a tuple: 100,000 of them load fast and stay small)."""

    id: int
    name: str
    type_id: int
    type_name: str
    commune_id: int
    commune_name: str
    address: str
    owner_name: str
    owner_phone: str
    registration_number: str
    status: str
    voided: bool
    search_key: str


@dataclass(frozen=True, slots=True)
class StatusEvent:
    status: str
    effective_on: date
    note: str
    first: bool = False

    @property
    def label(self) -> str:
        """'Hoạt động lại' reads right only after a stop; the first event is the plain status."""
        labels = STATUS_LABELS if self.first else STATUS_EVENT_LABELS
        return labels.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class BusinessDetail:
    """Everything shown in the business dialog, including its status history (oldest first)."""

    id: int
    name: str
    type_id: int
    type_name: str
    commune_id: int
    commune_name: str
    address: str
    owner_name: str
    owner_id_number: str
    owner_phone: str
    owner_birth_date: date | None
    owner_residence: str
    registration_number: str
    registration_date: date | None
    sub_licences: str
    rooms: int | None
    employees_total: int | None
    employees_female: int | None
    complex_area: bool
    notes: str
    status: str
    status_since: date | None
    voided: bool
    void_reason: str
    history: tuple[StatusEvent, ...]

    def as_input(self) -> BusinessInput:
        """The editable part, as the dialog starts from it."""
        return BusinessInput(
            name=self.name,
            type_id=self.type_id,
            commune_id=self.commune_id,
            address=self.address,
            owner_name=self.owner_name,
            owner_id_number=self.owner_id_number,
            owner_phone=self.owner_phone,
            owner_birth_date=self.owner_birth_date,
            owner_residence=self.owner_residence,
            registration_number=self.registration_number,
            registration_date=self.registration_date,
            sub_licences=self.sub_licences,
            rooms=self.rooms,
            employees_total=self.employees_total,
            employees_female=self.employees_female,
            complex_area=self.complex_area,
            notes=self.notes,
            status=self.status,
            status_since=self.status_since,
        )


def allowed_status_changes(current: str) -> tuple[str, ...]:
    """Which statuses a business can move to from `current`."""
    return tuple(s for s in STATUSES if s != current)


# Commitment filters that group states (see domain.commitments for the states themselves).
COMMITMENT_GROUPS: dict[str, frozenset[str]] = {
    "any": frozenset({"covered", "expiring", "expired", "never"}),  # active on the day
    "valid": frozenset({"covered", "expiring"}),
    "missing": frozenset({"expired", "never"}),
}


@dataclass(frozen=True, slots=True)
class RegisterFilter:
    """What the register page shows: a free-text query and optional commune, type and status."""

    query: str = ""
    commune_id: int | None = None
    type_id: int | None = None
    status: str | None = None
    show_voided: bool = False
    commitment: str | None = None  # a commitment state, or one of COMMITMENT_GROUPS
    inspection: str | None = None  # an inspection flag (domain.inspections FLAG_*)


_POSITIONS: list[int] = []


def row_positions(count: int) -> list[int]:
    """`list(range(count))`, its numbers shared by every list this gives: a list of the register's row
    positions (its order, the rows shown, the search index's base) otherwise holds 100,000 numbers of its
    own, 3.2 MB beside the list. Any thread."""
    global _POSITIONS  # noqa: PLW0603  (replaced whole, never changed: a list read meanwhile stays right)
    shared = _POSITIONS
    if len(shared) < count:
        shared = _POSITIONS = list(range(count + count // 8))
    return shared[:count]


class RegisterIndex:
    """Column lists over the register rows, so that filtering 100,000 rows takes milliseconds.

    The text is matched in stored order (the keys are read in the order they sit in memory), then the
    matches are put in the order shown. Results are kept per query: a longer query narrows the smallest
    kept result it refines, and a shorter one (backspace) is usually found kept from the way in.
    """

    _KEPT_POSITIONS = 1_000_000  # at most this many positions over all kept results (8 MB)

    def __init__(
        self,
        rows: Sequence[BusinessRow],
        commitment_states: Sequence[str] | None = None,
        inspection_flags: Sequence[frozenset[str]] | None = None,
    ) -> None:
        self._commitments = list(commitment_states) if commitment_states is not None else [""] * len(rows)
        self._inspections = (
            list(inspection_flags) if inspection_flags is not None else [frozenset()] * len(rows)
        )
        self._keys = [r.search_key for r in rows]
        self._voided = [r.voided for r in rows]
        self._communes = [r.commune_id for r in rows]
        self._types = [r.type_id for r in rows]
        self._statuses = [r.status for r in rows]
        self._shared = False  # the columns above are another index's too (over_same_rows)
        self._rest: tuple[object, ...] | None = None
        self._base: list[int] = []
        self._kept: dict[str, list[int]] = {}  # query key → matching positions; insertion order = age
        self._ranked: Sequence[int] | None = None
        self._rank: list[int] = []

    def filter(self, flt: RegisterFilter, order: Sequence[int] | None = None) -> list[int]:
        """Positions of the rows matching `flt`, in `order` (default: as stored).

        Every word of the query must appear in one of the searched fields, ignoring case and accents
        (đ = d). Pass the same `order` object again while it is unchanged: its ranks are kept.
        """
        matches = self.matches(flt)
        return list(matches) if order is None else self.in_order(matches, order)

    def over_same_rows(
        self, commitment_states: Sequence[str], inspection_flags: Sequence[frozenset[str]]
    ) -> RegisterIndex:
        """An index of the same rows with commitment states and inspection flags of its own (a second view of
        the register), sharing this one's other columns: whichever of the two changes a row first (put)
        takes its own copy of them."""
        twin = RegisterIndex([], commitment_states, inspection_flags)
        twin._keys, twin._voided, twin._communes = self._keys, self._voided, self._communes
        twin._types, twin._statuses = self._types, self._statuses
        twin._shared = self._shared = True
        return twin

    def set_commitment_states(self, states: Sequence[str]) -> None:
        """Each row's commitment state (in row order), without rebuilding the rest of the index."""
        self._commitments = list(states)
        self._forget()

    def set_inspection_flags(self, flags: Sequence[frozenset[str]]) -> None:
        """Each row's inspection flags (in row order), without rebuilding the rest of the index."""
        self._inspections = list(flags)
        self._forget()

    def put(self, position: int, row: BusinessRow, commitment: str, flags: frozenset[str]) -> None:
        """Replace the row at `position` after an edit, or add it when `position` is the row count."""
        if self._shared:
            self._keys, self._voided, self._communes = (
                list(self._keys),
                list(self._voided),
                list(self._communes),
            )
            self._types, self._statuses = list(self._types), list(self._statuses)
            self._shared = False
        if position == len(self._keys):
            self._keys.append(row.search_key)
            self._voided.append(row.voided)
            self._communes.append(row.commune_id)
            self._types.append(row.type_id)
            self._statuses.append(row.status)
            self._commitments.append(commitment)
            self._inspections.append(flags)
        else:
            self._keys[position] = row.search_key
            self._voided[position] = row.voided
            self._communes[position] = row.commune_id
            self._types[position] = row.type_id
            self._statuses[position] = row.status
            self._commitments[position] = commitment
            self._inspections[position] = flags
        self._forget()

    def _forget(self) -> None:
        self._rest = None
        self._kept.clear()

    def matches(self, flt: RegisterFilter) -> list[int]:
        """Positions of the rows matching `flt`, as stored (do not modify the list)."""
        base = self._base_for(flt)
        query = search_key(flt.query)
        if not query:
            return base
        kept = self._kept.get(query)
        if kept is not None:
            del self._kept[query]  # now the youngest
            self._kept[query] = kept
            return kept
        words = query.split()
        start, done = base, frozenset[str]()
        for old_query, old in self._kept.items():
            old_words = old_query.split()
            if len(old) < len(start) and all(any(o in w for w in words) for o in old_words):
                start, done = old, frozenset(old_words)  # every match of `query` matches `old_query`
        keys, result = self._keys, start
        for word in words:
            if word not in done:
                result = [i for i in result if word in keys[i]]
        if result is start:
            result = list(start)
        self._keep(query, result)
        return result

    def in_order(self, positions: Sequence[int], order: Sequence[int]) -> list[int]:
        """`positions` in the order of `order` (every position once)."""
        if len(positions) == len(order):
            return list(order)
        if len(positions) * 16 < len(order):  # few matches: sort them by their place in `order`
            if order is not self._ranked:  # (the places are worked out once per order, when first needed)
                rank = [0] * len(order)
                for r, p in zip(row_positions(len(order)), order, strict=True):
                    rank[p] = r
                self._ranked, self._rank = order, rank
            return sorted(positions, key=self._rank.__getitem__)
        wanted = bytearray(len(order))
        for p in positions:
            wanted[p] = 1
        return [p for p in order if wanted[p]]

    def _base_for(self, flt: RegisterFilter) -> list[int]:
        rest = (flt.commune_id, flt.type_id, flt.status, flt.show_voided, flt.commitment, flt.inspection)
        if rest == self._rest:
            return self._base
        result = row_positions(len(self._keys))
        if not flt.show_voided:
            voided = self._voided
            result = [i for i in result if not voided[i]]
        if flt.commune_id is not None:
            communes, commune_id = self._communes, flt.commune_id
            result = [i for i in result if communes[i] == commune_id]
        if flt.type_id is not None:
            types, type_id = self._types, flt.type_id
            result = [i for i in result if types[i] == type_id]
        if flt.status is not None:
            statuses, status = self._statuses, flt.status
            result = [i for i in result if statuses[i] == status]
        if flt.commitment is not None:
            wanted = COMMITMENT_GROUPS.get(flt.commitment, frozenset({flt.commitment}))
            commitments = self._commitments
            result = [i for i in result if commitments[i] in wanted]
        if flt.inspection is not None:
            flags, flag = self._inspections, flt.inspection
            result = [i for i in result if flag in flags[i]]
        self._rest, self._base = rest, result
        self._kept.clear()
        return result

    def _keep(self, query: str, result: list[int]) -> None:
        kept = self._kept
        kept[query] = result
        total = sum(len(r) for r in kept.values())
        while total > self._KEPT_POSITIONS and len(kept) > 1:
            oldest = next(iter(kept))
            total -= len(kept.pop(oldest))


RANK_STEP = 1024  # the gap between two ranks, so that a changed row can be ranked between its neighbours


SORT_CHUNK = 8192  # positions sorted in one C call by sorted_positions


def sorted_positions(count: int, key: Callable[[int], Any], reverse: bool = False) -> list[int]:
    """`sorted(range(count), key=key, reverse=reverse)` (stable, the same result), sorted in chunks that are
    merged in Python: a single sort of 100,000 positions holds the interpreter for 50–90 ms in one C call,
    during which the GUI thread cannot run; chunks hold it for a few milliseconds each. For background jobs:
    it takes about twice the CPU of one sort."""
    every = row_positions(count)
    if count <= SORT_CHUNK:
        return sorted(every, key=key, reverse=reverse)
    runs = [
        sorted(every[start : start + SORT_CHUNK], key=key, reverse=reverse)
        for start in range(0, count, SORT_CHUNK)
    ]
    del every
    return list(heapq.merge(*runs, key=key, reverse=reverse))


def dense_ranks(keys: Sequence[str], background: bool = False) -> array[int]:
    """One rank per key, ordered as the keys, equal for equal keys: sorting by ranks (plain integers) orders
    the rows as sorting by the keys, and a column's ranks (8 bytes a row) weigh far less than its keys.
    `background`: on a worker thread, sorted in chunks (sorted_positions) so that the GUI thread keeps
    answering."""
    distinct = slices.distinct(keys) if background else set(keys)
    if 2 * len(distinct) < len(keys):  # few values (types, communes, statuses): rank the values
        rank_of = {key: (i + 1) * RANK_STEP for i, key in enumerate(sorted(distinct))}
        return array("q", map(rank_of.__getitem__, keys))
    ranks = array("q", bytes(8 * len(keys)))
    rank, last = 0, None
    order = (
        sorted_positions(len(keys), keys.__getitem__)
        if background
        else sorted(range(len(keys)), key=keys.__getitem__)
    )
    for position in order:
        key = keys[position]
        if key != last:
            rank += RANK_STEP
            last = key
        ranks[position] = rank
    return ranks


SORT_COLUMNS: tuple[str, ...] = (
    "name",
    "type_name",
    "commune_name",
    "address",
    "owner_name",
    "owner_phone",
    "registration_number",
    "status",
)


def column_sort_keys(rows: Sequence[BusinessRow], column: str) -> list[str]:
    """One sort key per row for `column`: Vietnamese dictionary order; owners by given name first."""
    if column == "status":
        order = {s: str(i) for i, s in enumerate(STATUSES)}
        return [order.get(r.status, "9") for r in rows]
    texts = [str(getattr(r, column)) for r in rows]
    if column in ("owner_phone", "registration_number"):
        return texts
    return sort_keys(texts, person=column == "owner_name")


class BusinessExportRow(NamedTuple):
    """One business as the exported workbook lists it (the import template's columns)."""

    name: str
    type_name: str
    commune_name: str
    address: str
    owner_name: str
    owner_id_number: str
    owner_phone: str
    registration_number: str
    registration_date: date | None
    sub_licences: str
    rooms: int | None
    employees_total: int | None
    employees_female: int | None
    status: str
    complex_area: bool
    notes: str
    status_since: date | None = (
        None  # the date of a stop or a suspension (the import's «Ngày đổi trạng thái»)
    )
    owner_birth_date: date | None = None
    owner_residence: str = ""
