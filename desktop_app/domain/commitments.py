"""Commitment signings: validity rules, input checks, employees, and the coverage figures on a date."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop_app.domain.dates import format_date, parse_date, parse_record_date
from desktop_app.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop_app.domain.ids import normalise_person_id
from desktop_app.domain.text import check_length, nfc

RULE_YEAR_END = "year_end"
RULE_MONTHS = "months"
RULE_OWNER_CHANGE = "owner_change"
RULE_LABELS = {
    RULE_YEAR_END: "Từ ngày ký đến 31/12 cùng năm",
    RULE_MONTHS: "Từ ngày ký, trong một số tháng",
    RULE_OWNER_CHANGE: "Cho đến khi thay đổi chủ cơ sở",
}
EXPIRING_DAYS = 30
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


@dataclass(frozen=True, slots=True)
class ValidityRule:
    """How long a commitment stays valid by default (a setting of the office)."""

    kind: str = RULE_YEAR_END
    months: int = 12

    def validate(self) -> None:
        if self.kind not in RULE_LABELS:
            raise ValidationError("Chọn cách tính thời hạn cam kết.", "kind")
        if self.kind == RULE_MONTHS and not 1 <= self.months <= 120:
            raise ValidationError("Số tháng hiệu lực phải từ 1 đến 120.", "months")

    def valid_to(self, signed_on: date) -> date | None:
        """The default end of validity for a commitment signed on `signed_on` (None: open-ended)."""
        if self.kind == RULE_YEAR_END:
            return date(signed_on.year, 12, 31)
        if self.kind == RULE_MONTHS:
            month_index = signed_on.month - 1 + self.months
            year, month = signed_on.year + month_index // 12, month_index % 12 + 1
            day = min(signed_on.day, calendar.monthrange(year, month)[1])
            return date(year, month, day) - timedelta(days=1)
        return None


@dataclass(frozen=True, slots=True)
class CommitmentInput:
    """A signing as the clerk enters it; dates may be typed day first."""

    business_id: int | None
    signed_on: date | str | None
    valid_from: date | str | None = None
    valid_to: date | str | None = None
    document_number: str = ""
    representative_name: str = ""
    representative_position: str = ""
    notes: str = ""

    def validated(self, rule: ValidityRule, today: date) -> ValidCommitment:
        """Fill the defaults from `rule` and check the dates. Raises ValidationErrors."""
        errors: dict[str, str] = {}

        def read(name: str, raw: date | str | None) -> date | None:
            try:
                return parse_record_date(raw, name)
            except DomainError as err:
                errors[name] = err.message
                return None

        signed_on = read("signed_on", self.signed_on)
        valid_from = read("valid_from", self.valid_from)
        valid_to = read("valid_to", self.valid_to)
        if self.business_id is None:
            errors["business_id"] = "Chọn cơ sở ký cam kết."
        if signed_on is None and "signed_on" not in errors:
            errors["signed_on"] = "Nhập ngày ký."
        elif signed_on is not None and signed_on > today:
            errors["signed_on"] = "Ngày ký không thể ở tương lai."
        if signed_on is not None and not errors:
            valid_from = valid_from or signed_on
            if self.valid_to in (None, "") and "valid_to" not in errors:
                valid_to = rule.valid_to(signed_on)
            if valid_to is not None and valid_to < valid_from:
                errors["valid_to"] = "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."
        if len(nfc(self.document_number)) > 50:
            errors["document_number"] = "Số văn bản quá dài (tối đa 50 ký tự)."
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert self.business_id is not None and signed_on is not None and valid_from is not None
        return ValidCommitment(
            business_id=self.business_id,
            signed_on=signed_on,
            valid_from=valid_from,
            valid_to=valid_to,
            document_number=nfc(self.document_number),
            representative_name=nfc(self.representative_name),
            representative_position=nfc(self.representative_position),
            notes=nfc(self.notes),
        )


@dataclass(frozen=True, slots=True)
class ValidCommitment:
    business_id: int
    signed_on: date
    valid_from: date
    valid_to: date | None
    document_number: str
    representative_name: str
    representative_position: str
    notes: str


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    file_name: str
    size: int
    sha256: str
    content_type: str


@dataclass(frozen=True, slots=True)
class Commitment:
    """A recorded signing, with whether it still counts and its scanned copies."""

    id: int
    business_id: int
    business_name: str
    commune_name: str
    signed_on: date
    valid_from: date
    valid_to: date | None
    document_number: str
    representative_name: str
    representative_position: str
    notes: str
    invalidated_on: date | None
    invalidated_reason: str
    attachments: tuple[Attachment, ...] = ()

    def covers(self, day: date) -> bool:
        """Valid on `day`: started, not ended, and not invalidated on or before that day."""
        return (
            self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
            and (self.invalidated_on is None or day < self.invalidated_on)
        )

    def state_on(self, day: date) -> str:
        """This signing's own state on `day`: SIGNING_INVALIDATED (must be signed again), else
        `commitment_state` of this one signing (STATE_NEVER: its validity has not started yet)."""
        if self.invalidated_on is not None:
            return SIGNING_INVALIDATED
        return commitment_state(day, self.valid_to, self.covers(day), self.valid_from <= day)

    @property
    def validity_text(self) -> str:
        end = format_date(self.valid_to) if self.valid_to else "khi thay đổi chủ cơ sở"
        return f"{format_date(self.valid_from)} – {end}"


# ---- Employees
@dataclass(frozen=True, slots=True)
class EmployeeInput:
    business_id: int
    full_name: str
    birth_date: date | str | None = None
    id_number: str = ""
    position: str = ""
    started_on: date | str | None = None
    signed_on: date | str | None = None

    def validated(self, today: date) -> ValidEmployee:
        errors: dict[str, str] = {}
        name = nfc(self.full_name)
        if not name:
            errors["full_name"] = "Nhập họ tên người lao động."
        values: dict[str, date | None] = {}
        for key, raw in (
            ("birth_date", self.birth_date),
            ("started_on", self.started_on),
            ("signed_on", self.signed_on),
        ):
            try:
                values[key] = parse_date(raw, key) if key == "birth_date" else parse_record_date(raw, key)
            except DomainError as err:
                errors[key] = err.message
                values[key] = None
            else:
                parsed = values[key]
                if parsed is not None and parsed > today:
                    errors[key] = "Ngày không thể ở tương lai."
        id_number = ""
        try:
            id_number = normalise_person_id(self.id_number, "id_number")
        except DomainError as err:
            errors["id_number"] = err.message
        if errors:
            raise ValidationErrors(errors)
        return ValidEmployee(
            business_id=self.business_id,
            full_name=name,
            birth_date=values["birth_date"],
            id_number=id_number,
            position=nfc(self.position),
            started_on=values["started_on"],
            signed_on=values["signed_on"],
        )


@dataclass(frozen=True, slots=True)
class ValidEmployee:
    business_id: int
    full_name: str
    birth_date: date | None
    id_number: str
    position: str
    started_on: date | None
    signed_on: date | None


@dataclass(frozen=True, slots=True)
class Employee:
    id: int
    business_id: int
    full_name: str
    birth_date: date | None
    id_number: str
    position: str
    started_on: date | None
    signed_on: date | None

    def is_minor(self, on: date) -> bool:
        """Under 18 on `on` (minors may not work in these businesses)."""
        if self.birth_date is None:
            return False
        eighteenth = _add_years(self.birth_date, 18)
        return on < eighteenth


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class EmployeeCounts:
    """Where the office only counts: employees and how many signed, as of a date."""

    business_id: int
    employees: int
    signed: int
    as_of: date


def validate_counts(employees: int, signed: int) -> None:
    if employees < 0 or signed < 0:
        raise ValidationErrors({"employees": "Số người phải từ 0 trở lên."})
    if signed > employees:
        raise ValidationErrors(
            {"signed": f"Số người đã ký ({signed}) không thể lớn hơn số lao động ({employees})."}
        )


# ---- Coverage
STATE_COVERED = "covered"
STATE_EXPIRING = "expiring"
STATE_EXPIRED = "expired"
STATE_NEVER = "never"
SIGNING_INVALIDATED = "invalidated"  # one signing made void by a change (new owner…): sign again
STATE_LABELS = {
    STATE_COVERED: "Còn hiệu lực",
    STATE_EXPIRING: "Sắp hết hạn",
    STATE_EXPIRED: "Đã hết hạn",
    STATE_NEVER: "Chưa ký",
}


@dataclass
class CoverageLine:
    """Counts for one commune (or the whole territory) on a date; `ids` lists the businesses counted."""

    commune_id: int | None
    commune_name: str
    ids: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in ("active", *STATE_LABELS)})

    @property
    def active(self) -> int:
        return len(self.ids["active"])

    def count(self, state: str) -> int:
        return len(self.ids[state])

    @property
    def covered_total(self) -> int:
        """Covered on the date, whether or not the commitment expires soon."""
        return self.count(STATE_COVERED) + self.count(STATE_EXPIRING)

    @property
    def coverage_pct(self) -> float:
        return round(100.0 * self.covered_total / self.active, 1) if self.active else 100.0


@dataclass
class Coverage:
    day: date
    lines: list[CoverageLine]
    total: CoverageLine


def commitment_state(day: date, covering_until: date | None, covered: bool, ever_started: bool) -> str:
    """The state of an active business on `day`.

    `covered`: some commitment covers it on `day`, ending at `covering_until` (None: open-ended, the latest
    end when several overlap). `ever_started`: some commitment had started by `day`.
    """
    if covered:
        if covering_until is not None and covering_until <= day + timedelta(days=EXPIRING_DAYS):
            return STATE_EXPIRING
        return STATE_COVERED
    return STATE_EXPIRED if ever_started else STATE_NEVER


def build_coverage_of_groups(
    day: date,
    communes: Sequence[tuple[int, str]],
    groups: Iterable[tuple[int, str, Sequence[int]]],
) -> Coverage:
    """Group the businesses active on `day`, given as (commune id, state, business ids) groups, by commune,
    plus a total: each line lists its businesses in the order given."""
    lines = {commune_id: CoverageLine(commune_id, name) for commune_id, name in communes}
    total = CoverageLine(None, "Toàn địa bàn")
    for commune_id, state, business_ids in groups:
        line = lines.get(commune_id)
        if line is None:
            line = lines[commune_id] = CoverageLine(commune_id, "")
        for target in (line, total):
            target.ids["active"].extend(business_ids)
            target.ids[state].extend(business_ids)
    return Coverage(day, list(lines.values()), total)
