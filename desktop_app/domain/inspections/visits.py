"""Visits: what the team found, the result (reminder, penalty, referral) and the follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.inspections.legal_basis import LegalBasis
from desktop_app.domain.inspections.rounds import InspectionRound
from desktop_app.domain.inspections.vocabulary import (
    CHECK_LABELS,
    CHECKLIST,
    KIND_LABELS,
    KIND_PERIODIC,
    RESULT_LABELS,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    VIOLATION_RESULTS,
    parse_fine,
    parse_time,
    read_date,
    text_lines,
)
from desktop_app.domain.text import check_length, format_vnd, nfc


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
        visit_date = read_date(errors, "visit_date", self.visit_date)
        decision_date = read_date(errors, "decision_date", self.decision_date)
        follow_up_due = read_date(errors, "follow_up_due", self.follow_up_due)
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
            members_present=text_lines(self.members_present),
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
