"""Inspections by the inter-agency teams (Đội 178): rounds, visits, results, penalties, follow-ups, hot-spots,
and the coverage figures against the programme targets."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from desktop_app.domain.dates import format_date, parse_record_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.periods import Period
from desktop_app.domain.text import check_length, format_vnd, nfc

# ---- Vocabulary
LEVEL_PROVINCE = "province"
LEVEL_DISTRICT = "district"
LEVEL_COMMUNE = "commune"
LEVEL_LABELS = {
    LEVEL_PROVINCE: "Cấp tỉnh",
    LEVEL_DISTRICT: "Cấp huyện",
    LEVEL_COMMUNE: "Cấp xã",
}

SCOPE_ALL = "all"
SCOPE_COMMUNES = "communes"
SCOPE_BUSINESSES = "businesses"
SCOPE_LABELS = {
    SCOPE_ALL: "Toàn địa bàn",
    SCOPE_COMMUNES: "Một số xã, phường",
    SCOPE_BUSINESSES: "Danh sách cơ sở",
}

KIND_PERIODIC = "periodic"
KIND_SURPRISE = "surprise"
KIND_FOLLOW_UP = "follow_up"
KIND_LABELS = {
    KIND_PERIODIC: "Định kỳ",
    KIND_SURPRISE: "Đột xuất",
    KIND_FOLLOW_UP: "Hậu kiểm",
}

RESULT_PLANNED = "planned"  # not inspected yet: a planned visit has no result and counts nowhere
RESULT_NONE = "none"
RESULT_REMINDER = "reminder"
RESULT_PENALTY = "penalty"
RESULT_REFERRAL = "referral"
RESULT_LABELS = {
    RESULT_PLANNED: "Chưa kiểm tra (dự kiến)",
    RESULT_NONE: "Không vi phạm",
    RESULT_REMINDER: "Nhắc nhở (biên bản nhắc nhở)",
    RESULT_PENALTY: "Xử phạt vi phạm hành chính",
    RESULT_REFERRAL: "Chuyển cơ quan công an",
}
VIOLATION_RESULTS = frozenset({RESULT_REMINDER, RESULT_PENALTY, RESULT_REFERRAL})

# What the team checks on a visit, in the order printed on the minutes.
CHECKLIST = {
    "owner_commitment": "Bản cam kết của chủ cơ sở",
    "employee_commitments": "Bản cam kết của người lao động",
    "labour_contracts": "Hợp đồng lao động",
    "employee_registration": "Đăng ký lao động, tạm trú của người lao động",
    "minors": "Sử dụng người dưới 18 tuổi",
    "health_checks": "Khám sức khỏe định kỳ cho người lao động",
    "prostitution_signs": "Dấu hiệu hoạt động mại dâm",
    "security_fire": "Điều kiện an ninh, trật tự và phòng cháy, chữa cháy",
}
CHECK_OK = "ok"
CHECK_PROBLEM = "problem"
CHECK_LABELS = {CHECK_OK: "Đạt", CHECK_PROBLEM: "Không đạt"}

MAX_FINE_VND = 10**12  # a guard against a typo of many zeros, not a legal range
DEFAULT_ANNUAL_TARGET_PCT = 20
DEFAULT_PROGRAMME_START = date(2026, 1, 1)


def _read_date(errors: dict[str, str], name: str, raw: date | str | None) -> date | None:
    try:
        return parse_record_date(raw, name)
    except DomainError as err:
        errors[name] = err.message
        return None


def _lines(text: str | Iterable[str]) -> tuple[str, ...]:
    items = text.splitlines() if isinstance(text, str) else list(text)
    return tuple(line for line in (nfc(item).strip() for item in items) if line)


def parse_time(raw: time | str | None, field_name: str = "visit_time") -> time | None:
    """'14:30', '14h30', '14 giờ 30', '9h' → time; '' → None. Raises ValidationErrors."""
    if raw is None or isinstance(raw, time):
        return raw
    text = nfc(raw).strip().lower().replace("giờ", ":").replace("h", ":").replace(" ", "")
    if not text:
        return None
    hours, _, minutes = text.partition(":")
    try:
        value = time(int(hours), int(minutes or "0"))
    except ValueError as err:
        raise ValidationErrors(
            {field_name: "Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 14:30."}
        ) from err
    return value


def parse_fine(raw: int | str | None) -> int | None:
    """'1.500.000', '1,500,000 đ', 1500000 → 1500000; '' → None. Raises ValidationErrors."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValidationErrors({"fine_vnd": "Số tiền phạt phải là số nguyên đồng."})
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationErrors({"fine_vnd": "Số tiền phạt phải là số nguyên đồng."})
        value = int(raw)
    else:
        text = nfc(raw).strip().lower()
        for token in ("vnđ", "vnd", "đồng", "đ", " ", "\u00a0"):
            text = text.replace(token, "")
        text = text.replace(".", "").replace(",", "")
        if text.startswith("-") and text[1:].isdigit():
            value = -int(text[1:])
        elif text.isdigit():
            value = int(text)
        else:
            raise ValidationErrors({"fine_vnd": "Số tiền phạt phải là số nguyên đồng, ví dụ 1.500.000."})
    if value < 0:
        raise ValidationErrors({"fine_vnd": "Số tiền phạt không thể âm."})
    if value > MAX_FINE_VND:
        raise ValidationErrors({"fine_vnd": "Số tiền phạt quá lớn; kiểm tra lại số chữ số."})
    return value


# ---- Legal basis catalogue
@dataclass(frozen=True, slots=True)
class LegalBasis:
    """One entry of the catalogue: decree – article – clause – point, with its text (the act) and, for an
    entry from the penalty catalogue, its fine range for an individual, validity dates and source.

    `catalogue_version` is "" for an entry added by hand (no range, no dates: not checked)."""

    id: int
    decree: str  # "282/2025/NĐ-CP"
    article: str  # "32"
    clause: str = ""
    point: str = ""
    text: str = ""
    active: bool = True
    fine_min: int | None = None
    fine_max: int | None = None
    organisation_factor: int = 2
    applies_to: tuple[str, ...] = ()
    warning_allowed: bool = True
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""
    verified: bool = True
    catalogue_version: str = ""
    replaces: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def ref_key(self) -> tuple[str, str, str, str]:
        return (self.decree, self.article, self.clause, self.point)

    @property
    def reference(self) -> str:
        """'Điểm a khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP'."""
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        parts.append(f"Nghị định {self.decree}")
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    @property
    def label(self) -> str:
        text = f"{self.reference}: {self.text}" if self.text else self.reference
        if self.fine_min is not None and self.fine_max is not None:
            text += f" ({format_vnd(self.fine_min)} – {format_vnd(self.fine_max)} với cá nhân)"
        return text if self.verified else f"{text} [chưa kiểm chứng]"


@dataclass(frozen=True, slots=True)
class LegalBasisInput:
    decree: str
    article: str
    clause: str = ""
    point: str = ""
    text: str = ""
    active: bool = True

    def validated(self) -> LegalBasisInput:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        decree = nfc(self.decree).strip()
        article = nfc(self.article).strip()
        if not decree:
            errors["decree"] = "Nhập số nghị định, ví dụ 282/2025/NĐ-CP."
        if not article:
            errors["article"] = "Nhập số điều."
        if errors:
            raise ValidationErrors(errors)
        return LegalBasisInput(
            decree=decree,
            article=article,
            clause=nfc(self.clause).strip(),
            point=nfc(self.point).strip().lower(),
            text=nfc(self.text).strip(),
            active=self.active,
        )


# ---- Rounds
@dataclass(frozen=True, slots=True)
class RoundInput:
    """An inspection round (đợt kiểm tra) as the clerk enters it."""

    plan_number: str
    plan_date: date | str | None
    team_name: str
    team_level: str
    starts_on: date | str | None
    ends_on: date | str | None
    members: str | Sequence[str] = ""
    scope: str = SCOPE_ALL
    commune_ids: Sequence[int] = ()
    business_ids: Sequence[int] = ()
    notes: str = ""
    decision_number: str = ""  # the decision that set up the team ("12/QĐ-UBND"), printed in the minutes
    decision_date: date | str | None = None

    def validated(self) -> ValidRound:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        plan_date = _read_date(errors, "plan_date", self.plan_date)
        starts_on = _read_date(errors, "starts_on", self.starts_on)
        ends_on = _read_date(errors, "ends_on", self.ends_on)
        plan_number = nfc(self.plan_number).strip()
        team_name = nfc(self.team_name).strip()
        if not plan_number:
            errors["plan_number"] = "Nhập số kế hoạch, ví dụ 12/KH-UBND."
        elif len(plan_number) > 50:
            errors["plan_number"] = "Số kế hoạch quá dài (tối đa 50 ký tự)."
        if not team_name:
            errors["team_name"] = "Nhập tên đội kiểm tra."
        if self.team_level not in LEVEL_LABELS:
            errors["team_level"] = "Chọn cấp của đội kiểm tra."
        if starts_on is None and "starts_on" not in errors:
            errors["starts_on"] = "Nhập ngày bắt đầu đợt kiểm tra."
        if ends_on is None and "ends_on" not in errors:
            errors["ends_on"] = "Nhập ngày kết thúc đợt kiểm tra."
        if starts_on and ends_on and ends_on < starts_on:
            errors["ends_on"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
        if plan_date and starts_on and plan_date > starts_on:
            errors["plan_date"] = "Ngày kế hoạch phải trước hoặc trùng ngày bắt đầu đợt kiểm tra."
        decision_date = _read_date(errors, "decision_date", self.decision_date)
        decision_number = nfc(self.decision_number).strip()
        if len(decision_number) > 50:
            errors["decision_number"] = "Số quyết định quá dài (tối đa 50 ký tự)."
        if decision_date and starts_on and decision_date > starts_on:
            errors["decision_date"] = (
                "Quyết định thành lập đội phải có trước hoặc trùng ngày bắt đầu đợt kiểm tra: xem lại ngày."
            )
        if self.scope not in SCOPE_LABELS:
            errors["scope"] = "Chọn phạm vi kiểm tra."
        elif self.scope == SCOPE_COMMUNES and not self.commune_ids:
            errors["scope"] = "Chọn ít nhất một xã, phường trong phạm vi kiểm tra."
        elif self.scope == SCOPE_BUSINESSES and not self.business_ids:
            errors["scope"] = "Chọn ít nhất một cơ sở trong phạm vi kiểm tra."
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert starts_on is not None and ends_on is not None
        return ValidRound(
            plan_number=plan_number,
            plan_date=plan_date,
            team_name=team_name,
            team_level=self.team_level,
            members=_lines(self.members),
            starts_on=starts_on,
            ends_on=ends_on,
            scope=self.scope,
            commune_ids=tuple(sorted(set(self.commune_ids))) if self.scope == SCOPE_COMMUNES else (),
            business_ids=tuple(sorted(set(self.business_ids))) if self.scope == SCOPE_BUSINESSES else (),
            notes=nfc(self.notes).strip(),
            decision_number=decision_number,
            decision_date=decision_date,
        )


@dataclass(frozen=True, slots=True)
class ValidRound:
    plan_number: str
    plan_date: date | None
    team_name: str
    team_level: str
    members: tuple[str, ...]
    starts_on: date
    ends_on: date
    scope: str
    commune_ids: tuple[int, ...]
    business_ids: tuple[int, ...]
    notes: str
    decision_number: str = ""
    decision_date: date | None = None


@dataclass(frozen=True, slots=True)
class InspectionRound:
    """A recorded round with its visit counts."""

    id: int
    plan_number: str
    plan_date: date | None
    team_name: str
    team_level: str
    members: tuple[str, ...]
    starts_on: date
    ends_on: date
    scope: str
    commune_ids: tuple[int, ...]
    business_ids: tuple[int, ...]
    notes: str
    visits: int = 0
    visits_done: int = 0
    violations: int = 0
    decision_number: str = ""  # the decision that set up the team; "" and None when not recorded
    decision_date: date | None = None

    @property
    def period_text(self) -> str:
        return f"{format_date(self.starts_on)} – {format_date(self.ends_on)}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


# ---- Visits
@dataclass(frozen=True, slots=True)
class VisitInput:
    """A visit (lượt kiểm tra) as entered: planned (result 'planned') or done with its result."""

    business_id: int | None
    visit_date: date | str | None
    kind: str = KIND_PERIODIC
    round_id: int | None = None
    visit_time: time | str | None = None
    members_present: str | Sequence[str] = ""
    checklist: dict[str, str] = field(default_factory=dict)
    findings: str = ""
    minutes_number: str = ""
    result: str = RESULT_NONE
    prostitution_related: bool = False
    decision_number: str = ""
    decision_date: date | str | None = None
    legal_basis_ids: Sequence[int] = ()
    fine_vnd: int | str | None = None
    extra_measures: str = ""
    follow_up_due: date | str | None = None
    follows_up_id: int | None = None
    notes: str = ""
    # "organisation" (the business), "individual" (a person, a household business) or "" to let the cited
    # acts decide (acts of individuals only: individual; otherwise the business, an organisation)
    offender_kind: str = ""
    penalty_kinds: Sequence[str] = ()  # PENALTY_* keys of domain.legal; a fine alone implies "fine"

    def validated(self, today: date, round_: InspectionRound | None = None) -> ValidVisit:
        """Check the visit on its own and against its round. Raises ValidationErrors.

        Rules: a visit falls inside its round's dates; a done visit is not in the future; a penalty needs a
        decision number and date and at least one legal basis; a fine is a non-negative integer of đồng and
        only goes with a penalty; a follow-up is due after the visit.
        """
        errors: dict[str, str] = {}
        visit_date = _read_date(errors, "visit_date", self.visit_date)
        decision_date = _read_date(errors, "decision_date", self.decision_date)
        follow_up_due = _read_date(errors, "follow_up_due", self.follow_up_due)
        visit_time: time | None = None
        try:
            visit_time = parse_time(self.visit_time)
        except ValidationErrors as err:
            errors.update(err.errors)
        fine: int | None = None
        try:
            fine = parse_fine(self.fine_vnd)
        except ValidationErrors as err:
            errors.update(err.errors)
        if self.business_id is None:
            errors["business_id"] = "Chọn cơ sở được kiểm tra."
        if visit_date is None and "visit_date" not in errors:
            errors["visit_date"] = "Nhập ngày kiểm tra."
        if self.kind not in KIND_LABELS:
            errors["kind"] = "Chọn hình thức kiểm tra."
        if self.result not in RESULT_LABELS:
            errors["result"] = "Chọn kết quả kiểm tra."
        planned = self.result == RESULT_PLANNED
        if visit_date is not None:
            if round_ is not None and not round_.covers(visit_date):
                errors["visit_date"] = (
                    f"Ngày kiểm tra phải nằm trong thời gian của đợt {round_.plan_number} "
                    f"({round_.period_text})."
                )
            elif not planned and visit_date > today:
                errors["visit_date"] = "Lượt kiểm tra đã thực hiện không thể ở tương lai; hãy chọn «dự kiến»."
        checklist: dict[str, str] = {}
        for key, value in self.checklist.items():
            if key not in CHECKLIST or value not in CHECK_LABELS:
                errors["checklist"] = "Nội dung kiểm tra không hợp lệ."
                break
            checklist[key] = value
        penalty = self.result == RESULT_PENALTY
        decision_number = nfc(self.decision_number).strip()
        legal_ids = tuple(dict.fromkeys(self.legal_basis_ids))
        kinds = tuple(dict.fromkeys(self.penalty_kinds))
        if penalty and not kinds and fine:
            kinds = ("fine",)
        if self.offender_kind not in ("", "organisation", "individual"):
            errors["offender_kind"] = "Chọn người vi phạm: tổ chức hay cá nhân, hộ kinh doanh."
        if penalty:
            _check_penalty(errors, decision_number, decision_date, legal_ids, fine, visit_date)
        elif fine and "fine_vnd" not in errors:
            errors["fine_vnd"] = "Chỉ nhập tiền phạt khi kết quả là xử phạt vi phạm hành chính."
        if follow_up_due is not None and visit_date is not None and follow_up_due <= visit_date:
            errors["follow_up_due"] = "Hạn hậu kiểm phải sau ngày kiểm tra."
        if planned and follow_up_due is not None:
            errors["follow_up_due"] = "Chỉ đặt hạn hậu kiểm sau khi đã kiểm tra."
        if len(nfc(self.minutes_number)) > 50:
            errors["minutes_number"] = "Số biên bản quá dài (tối đa 50 ký tự)."
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert self.business_id is not None and visit_date is not None
        return ValidVisit(
            business_id=self.business_id,
            round_id=self.round_id,
            visit_date=visit_date,
            visit_time=visit_time,
            kind=self.kind,
            members_present=_lines(self.members_present),
            checklist=checklist,
            findings=nfc(self.findings).strip(),
            minutes_number=nfc(self.minutes_number).strip(),
            result=self.result,
            prostitution_related=bool(self.prostitution_related) and not planned,
            decision_number=decision_number if penalty else "",
            decision_date=decision_date if penalty else None,
            legal_basis_ids=legal_ids if penalty else (),
            fine_vnd=(fine or 0) if penalty else 0,
            extra_measures=nfc(self.extra_measures).strip() if penalty else "",
            follow_up_due=follow_up_due,
            follows_up_id=self.follows_up_id,
            notes=nfc(self.notes).strip(),
            offender_kind=self.offender_kind if penalty else "organisation",
            penalty_kinds=kinds if penalty else (),
        )


def _check_penalty(
    errors: dict[str, str],
    decision_number: str,
    decision_date: date | None,
    legal_ids: tuple[int, ...],
    fine: int | None,
    visit_date: date | None,
) -> None:
    """A penalty needs a decision (number, date not before the visit), a legal basis, a fine (0 allowed)."""
    if not decision_number:
        errors["decision_number"] = "Xử phạt phải có số quyết định xử phạt."
    if decision_date is None and "decision_date" not in errors:
        errors["decision_date"] = "Nhập ngày quyết định xử phạt."
    if not legal_ids:
        errors["legal_basis_ids"] = "Chọn ít nhất một căn cứ pháp lý (nghị định – điều – khoản – điểm)."
    if fine is None and "fine_vnd" not in errors:
        errors["fine_vnd"] = "Nhập số tiền phạt (nhập 0 nếu không phạt tiền)."
    if decision_date and visit_date and decision_date < visit_date:
        errors["decision_date"] = "Ngày quyết định xử phạt không thể trước ngày kiểm tra."


@dataclass(frozen=True, slots=True)
class ValidVisit:
    business_id: int
    round_id: int | None
    visit_date: date
    visit_time: time | None
    kind: str
    members_present: tuple[str, ...]
    checklist: dict[str, str]
    findings: str
    minutes_number: str
    result: str
    prostitution_related: bool
    decision_number: str
    decision_date: date | None
    legal_basis_ids: tuple[int, ...]
    fine_vnd: int
    extra_measures: str
    follow_up_due: date | None
    follows_up_id: int | None
    notes: str
    offender_kind: str = "organisation"
    penalty_kinds: tuple[str, ...] = ()

    @property
    def visited_at(self) -> datetime:
        return datetime.combine(self.visit_date, self.visit_time or time(0, 0))


@dataclass(frozen=True, slots=True)
class Visit:
    """A recorded visit, with its business and, for a follow-up due, the visit that closed it."""

    id: int
    business_id: int
    business_name: str
    commune_id: int
    commune_name: str
    round_id: int | None
    round_plan_number: str
    visit_date: date
    visit_time: time | None
    kind: str
    members_present: tuple[str, ...]
    checklist: dict[str, str]
    findings: str
    minutes_number: str
    result: str
    prostitution_related: bool
    decision_number: str
    decision_date: date | None
    legal_basis: tuple[LegalBasis, ...]
    fine_vnd: int
    extra_measures: str
    follow_up_due: date | None
    follows_up_id: int | None
    closed_by_id: int | None
    notes: str
    offender_kind: str = "organisation"
    penalty_kinds: tuple[str, ...] = ()

    @property
    def is_planned(self) -> bool:
        return self.result == RESULT_PLANNED

    @property
    def is_violation(self) -> bool:
        return self.result in VIOLATION_RESULTS

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_due is not None and self.closed_by_id is None

    @property
    def result_text(self) -> str:
        text = RESULT_LABELS.get(self.result, self.result)
        if self.result == RESULT_PENALTY and self.fine_vnd:
            text += f" – {format_vnd(self.fine_vnd)}"
        return text

    @property
    def when_text(self) -> str:
        day = format_date(self.visit_date)
        return f"{day} {self.visit_time:%H:%M}" if self.visit_time else day

    def as_input(self) -> VisitInput:
        """The visit as editable input (to correct it)."""
        return VisitInput(
            business_id=self.business_id,
            visit_date=self.visit_date,
            kind=self.kind,
            round_id=self.round_id,
            visit_time=self.visit_time,
            members_present=self.members_present,
            checklist=dict(self.checklist),
            findings=self.findings,
            minutes_number=self.minutes_number,
            result=self.result,
            prostitution_related=self.prostitution_related,
            decision_number=self.decision_number,
            decision_date=self.decision_date,
            legal_basis_ids=tuple(b.id for b in self.legal_basis),
            fine_vnd=self.fine_vnd if self.result == RESULT_PENALTY else None,
            extra_measures=self.extra_measures,
            follow_up_due=self.follow_up_due,
            follows_up_id=self.follows_up_id,
            notes=self.notes,
            offender_kind=self.offender_kind,
            penalty_kinds=self.penalty_kinds,
        )


def check_follow_up(original: Visit, follow_up_date: date) -> None:
    """A follow-up visit cannot precede the visit it follows up. Raises ValidationErrors."""
    if follow_up_date < original.visit_date:
        day = format_date(original.visit_date)
        raise ValidationErrors({"visit_date": f"Lượt hậu kiểm không thể trước lượt kiểm tra ngày {day}."})
    if original.is_planned:
        raise ValidationErrors({"follows_up_id": "Không thể hậu kiểm một lượt kiểm tra chưa thực hiện."})


# ---- Hot-spots
@dataclass(frozen=True, slots=True)
class HotspotInput:
    place: str
    commune_id: int | None
    found_on: date | str | None
    eliminated_on: date | str | None = None
    notes: str = ""

    def validated(self, today: date) -> ValidHotspot:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        found_on = _read_date(errors, "found_on", self.found_on)
        eliminated_on = _read_date(errors, "eliminated_on", self.eliminated_on)
        place = nfc(self.place).strip()
        if not place:
            errors["place"] = "Nhập địa điểm của tụ điểm."
        if self.commune_id is None:
            errors["commune_id"] = "Chọn xã, phường."
        if found_on is None and "found_on" not in errors:
            errors["found_on"] = "Nhập ngày phát hiện."
        elif found_on is not None and found_on > today:
            errors["found_on"] = "Ngày phát hiện không thể ở tương lai."
        if eliminated_on is not None:
            if eliminated_on > today:
                errors["eliminated_on"] = "Ngày xóa bỏ không thể ở tương lai."
            elif found_on is not None and eliminated_on < found_on:
                errors["eliminated_on"] = "Ngày xóa bỏ không thể trước ngày phát hiện."
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert found_on is not None and self.commune_id is not None
        return ValidHotspot(place, self.commune_id, found_on, eliminated_on, nfc(self.notes).strip())


@dataclass(frozen=True, slots=True)
class ValidHotspot:
    place: str
    commune_id: int
    found_on: date
    eliminated_on: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class Hotspot:
    id: int
    place: str
    commune_id: int
    commune_name: str
    found_on: date
    eliminated_on: date | None
    notes: str

    def active_on(self, day: date) -> bool:
        return self.found_on <= day and (self.eliminated_on is None or day < self.eliminated_on)


# ---- Coverage against the targets
@dataclass(frozen=True, slots=True)
class YearTargets:
    """A year's targets from the provincial plan: businesses with a valid commitment, businesses inspected
    in the year, communes with a communication event (each a share, in %)."""

    year: int
    commitment_pct: int = 100
    inspected_pct: int = DEFAULT_ANNUAL_TARGET_PCT
    communication_pct: int = 100


@dataclass(frozen=True, slots=True)
class Targets:
    """The programme targets: a share of businesses inspected each year, and all of them at least once since
    the programme started (a setting of the office: 2026–2035 programme by default); and, per year of the
    provincial plan, the shares reports are judged against (`years`; a year not listed takes the nearest
    earlier one listed, else 100 %, `annual_pct` and 100 %)."""

    annual_pct: int = DEFAULT_ANNUAL_TARGET_PCT
    programme_start: date = DEFAULT_PROGRAMME_START
    years: tuple[YearTargets, ...] = ()

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if not 1 <= self.annual_pct <= 100:
            errors["annual_pct"] = "Chỉ tiêu hằng năm phải từ 1 đến 100 %."
        seen: set[int] = set()
        for line in self.years:
            if not 2000 <= line.year <= 2100:
                errors["years"] = f"Năm {line.year} không hợp lệ: ghi năm từ 2000 đến 2100."
            elif line.year in seen:
                errors["years"] = f"Năm {line.year} được ghi hai lần: mỗi năm chỉ một dòng chỉ tiêu."
            elif not all(
                1 <= pct <= 100 for pct in (line.commitment_pct, line.inspected_pct, line.communication_pct)
            ):
                errors["years"] = f"Chỉ tiêu năm {line.year} phải từ 1 đến 100 %."
            seen.add(line.year)
        if errors:
            raise ValidationErrors(errors)

    def for_year(self, year: int) -> YearTargets:
        """The targets of `year`: its own line, else the nearest earlier line, else the defaults."""
        earlier = [line for line in self.years if line.year <= year]
        if not earlier:
            return YearTargets(year, inspected_pct=self.annual_pct)
        return replace(max(earlier, key=lambda line: line.year), year=year)

    def period_pct(self, period: Period) -> float:
        """The inspected share `period` must reach: its year's share prorated (see `period_target_pct`)."""
        return period_target_pct(self.for_year(period.end.year).inspected_pct, period)


def period_target_pct(annual_pct: int, period: Period) -> float:
    """A yearly share target prorated to the period's length: whole months over 12 (a half-year needs half
    the yearly share, a quarter a quarter of it), otherwise days over the days of the start's year (the year
    so far); one decimal, halves up, at most 100. A year gives the yearly target itself."""
    start, end = period.start, period.end
    next_day = end + timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        fraction = Fraction((next_day.year - start.year) * 12 + next_day.month - start.month, 12)
    else:
        fraction = Fraction((end - start).days + 1, 366 if calendar.isleap(start.year) else 365)
    share = (Decimal(annual_pct) * fraction.numerator / fraction.denominator).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(min(share, Decimal(100)))


def format_target(pct: float) -> str:
    """20 → '20', 6.7 → '6,7' (the way a target is written in a sentence)."""
    return f"{pct:g}" if float(pct).is_integer() else f"{pct:.1f}".replace(".", ",")


@dataclass
class CoverageLine:
    """Inspection figures of one commune (or the whole territory, commune_id None) for a period.

    `active`: businesses active at the end of the period; `inspected_active`: those of them inspected in the
    period; `inspected_ever`: those inspected at least once since the programme started. `inspected` counts
    every business inspected in the period (one that closed since is counted too); visits and results count
    visits, not businesses.
    """

    commune_id: int | None
    commune_name: str
    active: int = 0
    inspected_active: int = 0
    inspected_ever: int = 0
    inspected: int = 0
    visits: int = 0
    violations: int = 0
    reminders: int = 0
    penalties: int = 0
    referrals: int = 0
    prostitution_related: int = 0
    fines_vnd: int = 0

    @property
    def inspected_pct(self) -> float:
        """Share of the active businesses inspected in the period (one decimal)."""
        return round(100.0 * self.inspected_active / self.active, 1) if self.active else 0.0

    @property
    def ever_pct(self) -> float:
        return round(100.0 * self.inspected_ever / self.active, 1) if self.active else 0.0

    def add(self, other: CoverageLine) -> None:
        for name in (
            "active",
            "inspected_active",
            "inspected_ever",
            "inspected",
            "visits",
            "violations",
            "reminders",
            "penalties",
            "referrals",
            "prostitution_related",
            "fines_vnd",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class InspectionCoverage:
    period: Period
    targets: Targets
    lines: list[CoverageLine]
    total: CoverageLine

    @property
    def target_pct(self) -> float:
        """The share this period must reach: the yearly target prorated to its length."""
        return self.targets.period_pct(self.period)

    @property
    def annual_target_met(self) -> bool:
        """Met for the period: its share against the prorated target (a half-year against half the year's)."""
        return self.total.inspected_pct >= self.target_pct

    @property
    def programme_target_met(self) -> bool:
        return self.total.active > 0 and self.total.inspected_ever == self.total.active


@dataclass(frozen=True, slots=True)
class BusinessFigures:
    """Per commune: (active at end, of them inspected in period, of them inspected since programme start)."""

    commune_id: int
    active: int
    inspected_active: int
    inspected_ever: int


@dataclass(frozen=True, slots=True)
class VisitFigures:
    """Per commune, the done visits of the period grouped by result."""

    commune_id: int
    businesses: int
    visits: int
    reminders: int
    penalties: int
    referrals: int
    prostitution_related: int
    fines_vnd: int


def build_coverage(
    period: Period,
    targets: Targets,
    communes: Sequence[tuple[int, str]],
    businesses: Iterable[BusinessFigures],
    visits: Iterable[VisitFigures],
) -> InspectionCoverage:
    """Put the per-commune figures together, in the communes' order, with a total line."""
    lines = {commune_id: CoverageLine(commune_id, name) for commune_id, name in communes}

    def line(commune_id: int) -> CoverageLine:
        if commune_id not in lines:
            lines[commune_id] = CoverageLine(commune_id, "")
        return lines[commune_id]

    for b in businesses:
        target = line(b.commune_id)
        target.active, target.inspected_active, target.inspected_ever = (
            b.active,
            b.inspected_active,
            b.inspected_ever,
        )
    for v in visits:
        target = line(v.commune_id)
        target.inspected = v.businesses
        target.visits = v.visits
        target.reminders, target.penalties, target.referrals = v.reminders, v.penalties, v.referrals
        target.violations = v.reminders + v.penalties + v.referrals
        target.prostitution_related = v.prostitution_related
        target.fines_vnd = v.fines_vnd
    total = CoverageLine(None, "Toàn địa bàn")
    for item in lines.values():
        total.add(item)
    return InspectionCoverage(period, targets, list(lines.values()), total)


# ---- Register flags
FLAG_NOT_THIS_YEAR = "not_this_year"
FLAG_NEVER = "never"
FLAG_OPEN_FOLLOW_UP = "open_follow_up"
FLAG_RECENT_VIOLATION = "recent_violation"
FLAG_LABELS = {
    FLAG_NOT_THIS_YEAR: "Chưa kiểm tra năm nay",
    FLAG_NEVER: "Chưa kiểm tra lần nào",
    FLAG_OPEN_FOLLOW_UP: "Đang chờ hậu kiểm",
    FLAG_RECENT_VIOLATION: "Vi phạm trong 12 tháng qua",
}


@dataclass(frozen=True, slots=True)
class InspectionStatus:
    """What the register shows of a business's inspections on a day."""

    last_visit: date | None
    last_violation: date | None
    open_follow_ups: int

    def flags(self, today: date) -> frozenset[str]:
        result: set[str] = set()
        if self.last_visit is None:
            result.update((FLAG_NEVER, FLAG_NOT_THIS_YEAR))
        elif self.last_visit.year < today.year:
            result.add(FLAG_NOT_THIS_YEAR)
        if self.open_follow_ups:
            result.add(FLAG_OPEN_FOLLOW_UP)
        if self.last_violation is not None and self.last_violation > twelve_months_before(today):
            result.add(FLAG_RECENT_VIOLATION)
        return frozenset(result)


NEVER_INSPECTED = InspectionStatus(None, None, 0)


def twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
