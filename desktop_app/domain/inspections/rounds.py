"""Inspection rounds: the team, its plan, its dates and the communes or businesses it covers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.inspections.vocabulary import (
    LEVEL_LABELS,
    SCOPE_ALL,
    SCOPE_BUSINESSES,
    SCOPE_COMMUNES,
    SCOPE_LABELS,
    read_date,
    text_lines,
)
from desktop_app.domain.text import check_length, nfc


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
        plan_date = read_date(errors, "plan_date", self.plan_date)
        starts_on = read_date(errors, "starts_on", self.starts_on)
        ends_on = read_date(errors, "ends_on", self.ends_on)
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
        decision_date = read_date(errors, "decision_date", self.decision_date)
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
            members=text_lines(self.members),
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
