"""Commune activities: communication events (tuyên truyền), staff training classes (tập huấn), each commune's
yearly «xã, phường lành mạnh không có tệ nạn mại dâm» status, and the figures the reports take from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.dates import format_date, parse_record_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.text import check_length, nfc

# ---- Vocabulary: the forms of a communication event, in the order the clerks list them
FORM_CONFERENCE = "conference"
FORM_LOUDSPEAKER = "loudspeaker"
FORM_PANEL = "panel"
FORM_LEAFLET = "leaflet"
FORM_PERFORMANCE = "performance"
FORM_ONLINE = "online"
FORM_OTHER = "other"
FORM_LABELS = {
    FORM_CONFERENCE: "Hội nghị",
    FORM_LOUDSPEAKER: "Loa truyền thanh",
    FORM_PANEL: "Pa-nô, áp phích",
    FORM_LEAFLET: "Tờ rơi",
    FORM_PERFORMANCE: "Văn nghệ",
    FORM_ONLINE: "Trực tuyến",
    FORM_OTHER: "Khác",
}

# The columns of the lists, in order (field → header): the same for the export and the import template.
COMMUNICATION_HEADERS = {
    "commune": "Xã/phường",
    "held_on": "Ngày tổ chức",
    "form": "Hình thức",
    "title": "Nội dung",
    "participants": "Số người tham gia",
    "notes": "Ghi chú",
}
TRAINING_HEADERS = {
    "held_on": "Ngày tập huấn",
    "title": "Tên lớp, nội dung",
    "organiser": "Đơn vị tổ chức",
    "participants": "Số người tham gia",
    "commune": "Xã/phường",  # blank: a class of the office itself
    "notes": "Ghi chú",
}

MAX_PARTICIPANTS = 1_000_000  # a guard against a typo of many zeros
MIN_STATUS_YEAR = 2000
TITLE_LENGTH = 300


def _read_date(errors: dict[str, str], name: str, raw: date | str | None) -> date | None:
    try:
        return parse_record_date(raw, name)
    except DomainError as err:
        errors[name] = err.message
        return None


def parse_participants(raw: int | float | str | None, field_name: str = "participants") -> int:
    """'1.200', '1200 người', 35, 35.0 → the number; '' or None → 0. Raises ValidationErrors."""
    wrong = ValidationErrors({field_name: "Số người tham gia phải là số nguyên không âm, ví dụ 120."})
    if raw is None:
        return 0
    if isinstance(raw, bool):
        raise wrong
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise wrong
        value = int(raw)
    else:
        text = nfc(raw).strip().lower()
        if not text:
            return 0
        match = re.fullmatch(r"(-?\d[\d.\s\u00a0]*)\s*(người|lượt người|lượt|ng)?\.?", text)
        if match is None:
            raise wrong
        digits = re.sub(r"[.\s\u00a0]", "", match.group(1))
        value = int(digits)
    if value < 0:
        raise ValidationErrors({field_name: "Số người tham gia không thể âm."})
    if value > MAX_PARTICIPANTS:
        raise ValidationErrors({field_name: "Số người tham gia quá lớn; kiểm tra lại số chữ số."})
    return value


def _participants(errors: dict[str, str], raw: int | float | str | None) -> int:
    try:
        return parse_participants(raw)
    except ValidationErrors as err:
        errors.update(err.errors)
        return 0


def _title(errors: dict[str, str], raw: str, missing: str) -> str:
    title = " ".join(nfc(raw).split())
    if not title:
        errors["title"] = missing
    elif len(title) > TITLE_LENGTH:
        errors["title"] = f"Nội dung dài quá {TITLE_LENGTH} ký tự; ghi phần còn lại vào ghi chú."
    return title


# ---- Communication events
@dataclass(frozen=True, slots=True)
class CommunicationInput:
    """A communication event (buổi/đợt tuyên truyền) as the clerk enters it."""

    commune_id: int | None
    held_on: date | str | None
    form: str
    title: str
    participants: int | str | None = 0
    notes: str = ""

    def validated(self, today: date) -> ValidCommunication:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        held_on = _read_date(errors, "held_on", self.held_on)
        if self.commune_id is None:
            errors["commune_id"] = "Chọn xã, phường tổ chức tuyên truyền."
        if held_on is None and "held_on" not in errors:
            errors["held_on"] = "Nhập ngày tổ chức."
        elif held_on is not None and held_on > today:
            errors["held_on"] = "Ngày tổ chức không thể ở tương lai."
        if self.form not in FORM_LABELS:
            errors["form"] = "Chọn hình thức tuyên truyền trong danh mục."
        title = _title(errors, self.title, "Nhập nội dung, chủ đề tuyên truyền.")
        participants = _participants(errors, self.participants)
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert held_on is not None and self.commune_id is not None
        return ValidCommunication(
            self.commune_id, held_on, self.form, title, participants, nfc(self.notes).strip()
        )


@dataclass(frozen=True, slots=True)
class ValidCommunication:
    commune_id: int
    held_on: date
    form: str
    title: str
    participants: int
    notes: str


@dataclass(frozen=True, slots=True)
class CommunicationEvent:
    id: int
    commune_id: int
    commune_name: str
    held_on: date
    form: str
    title: str
    participants: int
    notes: str

    @property
    def form_label(self) -> str:
        return FORM_LABELS.get(self.form, self.form)


# ---- Staff training classes
@dataclass(frozen=True, slots=True)
class TrainingInput:
    """A training class (lớp tập huấn) for staff; `commune_id` None is a class of the office itself."""

    held_on: date | str | None
    title: str
    organiser: str = ""
    participants: int | str | None = 0
    commune_id: int | None = None
    notes: str = ""

    def validated(self, today: date) -> ValidTraining:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        held_on = _read_date(errors, "held_on", self.held_on)
        if held_on is None and "held_on" not in errors:
            errors["held_on"] = "Nhập ngày tập huấn."
        elif held_on is not None and held_on > today:
            errors["held_on"] = "Ngày tập huấn không thể ở tương lai."
        title = _title(errors, self.title, "Nhập tên lớp, nội dung tập huấn.")
        organiser = " ".join(nfc(self.organiser).split())
        if len(organiser) > 200:
            errors["organiser"] = "Tên đơn vị tổ chức dài quá 200 ký tự."
        participants = _participants(errors, self.participants)
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert held_on is not None
        return ValidTraining(
            held_on, title, organiser, participants, self.commune_id, nfc(self.notes).strip()
        )


@dataclass(frozen=True, slots=True)
class ValidTraining:
    held_on: date
    title: str
    organiser: str
    participants: int
    commune_id: int | None
    notes: str


@dataclass(frozen=True, slots=True)
class TrainingClass:
    id: int
    held_on: date
    title: str
    organiser: str
    participants: int
    commune_id: int | None
    commune_name: str  # '' for a class of the office itself
    notes: str


# ---- «Xã, phường lành mạnh không có tệ nạn mại dâm»
@dataclass(frozen=True, slots=True)
class HealthyStatusInput:
    """A commune's status for one year: registered for the title, and recognised (by a decision)."""

    commune_id: int | None
    year: int | str | None
    registered: bool
    recognised: bool
    decision_number: str = ""
    decision_date: date | str | None = None
    notes: str = ""

    def validated(self, today: date) -> ValidHealthyStatus:
        """Raises ValidationErrors. Being recognised implies being registered."""
        errors: dict[str, str] = {}
        if self.commune_id is None:
            errors["commune_id"] = "Chọn xã, phường."
        year: int | None = None
        try:
            year = int(str(self.year).strip()) if self.year not in (None, "") else None
        except ValueError:
            year = None
        if year is None:
            errors["year"] = "Nhập năm, ví dụ 2026."
        elif not MIN_STATUS_YEAR <= year <= today.year + 1:
            errors["year"] = f"Năm phải từ {MIN_STATUS_YEAR} đến {today.year + 1}."
        if self.recognised and not self.registered:
            errors["recognised"] = "Xã, phường phải đăng ký trước khi được công nhận."
        number = " ".join(nfc(self.decision_number).split())
        decided = _read_date(errors, "decision_date", self.decision_date)
        if not self.recognised:
            if number:
                errors["decision_number"] = "Chỉ ghi số quyết định khi xã, phường đã được công nhận."
            if decided is not None:
                errors["decision_date"] = "Chỉ ghi ngày quyết định khi xã, phường đã được công nhận."
        else:
            if len(number) > 50:
                errors["decision_number"] = "Số quyết định dài quá 50 ký tự."
            if decided is not None:
                if decided > today:
                    errors["decision_date"] = "Ngày quyết định không thể ở tương lai."
                elif year is not None and decided < date(year, 1, 1):
                    errors["decision_date"] = f"Quyết định công nhận năm {year} không thể trước năm đó."
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert self.commune_id is not None and year is not None
        return ValidHealthyStatus(
            self.commune_id,
            year,
            bool(self.registered),
            bool(self.recognised),
            number,
            decided,
            nfc(self.notes).strip(),
        )


@dataclass(frozen=True, slots=True)
class ValidHealthyStatus:
    commune_id: int
    year: int
    registered: bool
    recognised: bool
    decision_number: str
    decision_date: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class HealthyStatus:
    """One commune's status for a year; `recorded` False when nothing was recorded (not registered)."""

    commune_id: int
    commune_name: str
    commune_active: bool
    year: int
    registered: bool = False
    recognised: bool = False
    decision_number: str = ""
    decision_date: date | None = None
    notes: str = ""
    recorded: bool = False

    @property
    def state_label(self) -> str:
        if self.recognised:
            decision = f" (QĐ {self.decision_number})" if self.decision_number else ""
            return "Đã được công nhận" + decision
        if self.registered:
            return "Đã đăng ký, chưa công nhận"
        return "Chưa đăng ký"

    @property
    def decision_text(self) -> str:
        parts = [self.decision_number, format_date(self.decision_date)]
        return " ngày ".join(p for p in parts if p)


# ---- The figures the reports take
@dataclass(frozen=True, slots=True)
class ActivityFigures:
    """Activity figures of a period (an inclusive date range).

    `communes_total`: the office's active communes. `communes_with_communication`: of them, those with
    at least one communication event in the period. `communication_events`, `communication_participants`:
    every event of the period (not voided). `staff_trained`: participants of the period's training
    classes; `trainings`: how many classes. `communes_healthy_registered` / `_recognised`: active communes
    registered / recognised for the year of the period's END date (`registered_communes`,
    `recognised_communes`: which). Per
    commune (commune id → figure, communes with events only): `events_by_commune`, `participants_by_commune`.
    """

    communes_total: int = 0
    communes_with_communication: int = 0
    communication_events: int = 0
    communication_participants: int = 0
    staff_trained: int = 0
    trainings: int = 0
    communes_healthy_registered: int = 0
    communes_healthy_recognised: int = 0
    events_by_commune: dict[int, int] = field(default_factory=dict)
    participants_by_commune: dict[int, int] = field(default_factory=dict)
    recognised_communes: frozenset[int] = frozenset()
    registered_communes: frozenset[int] = frozenset()

    @property
    def communication_pct(self) -> float:
        """Share of the active communes with a communication event in the period (one decimal)."""
        if not self.communes_total:
            return 0.0
        return round(100.0 * self.communes_with_communication / self.communes_total, 1)
