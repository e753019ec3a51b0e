"""The case and its identity (kept apart): what the forms enter, what is checked, what lists and the case
file show, and the follow-ups planned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.cases.consent import (
    CONSENT_WAYS,
    SEX_LABELS,
    STATUS_CLOSED,
    STATUS_LABELS,
    STATUS_SUPPORTED,
    ConsentWithdrawal,
)
from desktop_app.domain.dates import parse_date, parse_record_date
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.ids import normalise_person_id
from desktop_app.domain.phones import normalise_phone
from desktop_app.domain.text import check_length, nfc, search_key

CODE_PREFIX = "HS"


def case_code(year: int, number: int) -> str:
    """HS-2026-0007: the intake year and the case's number within it."""
    return f"{CODE_PREFIX}-{year}-{number:04d}"


@dataclass(frozen=True, slots=True)
class CaseInput:
    """The pseudonymous part of a case, as typed. `commune_id` is where the person lives (for figures by
    commune; the address itself belongs to the identity)."""

    intake_date: str | date | None
    commune_id: int | None
    referral_source: str = ""
    needs: str = ""
    consent_on: str | date | None = None
    consent_way: str = ""
    assigned_worker: str = ""
    status: str = STATUS_SUPPORTED
    close_reason: str = ""
    notes: str = ""

    def validated(self, today: date) -> ValidCase:
        errors: dict[str, str] = {}

        def day(raw: str | date | None, name: str) -> date | None:
            try:
                return parse_record_date(raw, name)
            except ValidationError as err:
                errors[name] = err.message
                return None

        intake = day(self.intake_date, "intake_date")
        consent = day(self.consent_on, "consent_on")
        if intake is None and "intake_date" not in errors:
            errors["intake_date"] = "Hãy nhập ngày tiếp nhận."
        elif intake is not None and intake > today:
            errors["intake_date"] = "Ngày tiếp nhận không được sau hôm nay."
        if self.commune_id is None:
            errors["commune_id"] = "Hãy chọn xã, phường nơi cư trú."
        if consent is None and "consent_on" not in errors:
            errors["consent_on"] = "Hãy ghi ngày người được hỗ trợ đồng ý (hoặc ngày áp dụng căn cứ pháp lý)."
        if self.consent_way not in CONSENT_WAYS:
            errors["consent_way"] = "Hãy chọn cách ghi nhận sự đồng ý hoặc căn cứ pháp lý."
        if self.status not in STATUS_LABELS:
            errors["status"] = "Hãy chọn tình trạng hồ sơ."
        reason = nfc(self.close_reason).strip()
        if self.status == STATUS_CLOSED and not reason:
            errors["close_reason"] = "Đóng hồ sơ cần ghi lý do."
        check_length(errors, "notes", self.notes)
        check_length(errors, "needs", self.needs, "Nhu cầu")
        check_length(errors, "referral_source", self.referral_source, "Nguồn giới thiệu", 200)
        if errors:
            raise ValidationErrors(errors)
        assert intake is not None and consent is not None and self.commune_id is not None
        return ValidCase(
            intake_date=intake,
            commune_id=self.commune_id,
            referral_source=nfc(self.referral_source).strip(),
            needs=nfc(self.needs).strip(),
            consent_on=consent,
            consent_way=self.consent_way,
            assigned_worker=nfc(self.assigned_worker).strip(),
            status=self.status,
            close_reason=reason if self.status == STATUS_CLOSED else "",
            notes=nfc(self.notes).strip(),
        )


@dataclass(frozen=True, slots=True)
class ValidCase:
    intake_date: date
    commune_id: int
    referral_source: str
    needs: str
    consent_on: date
    consent_way: str
    assigned_worker: str
    status: str
    close_reason: str
    notes: str


@dataclass(frozen=True, slots=True)
class IdentityInput:
    """Who the person is. Either a birth date or a birth year."""

    full_name: str
    birth_date: str | date | None = None
    birth_year: str | int | None = None
    sex: str = "nu"
    id_number: str | None = None
    address: str = ""
    phone: str | None = None

    def validated(self, today: date) -> ValidIdentity:
        errors: dict[str, str] = {}
        name = " ".join(nfc(self.full_name).split())
        if not name:
            errors["full_name"] = "Hãy nhập họ và tên."
        born: date | None = None
        try:
            born = parse_date(self.birth_date, "birth_date")
        except ValidationError as err:
            errors["birth_date"] = err.message
        year: int | None = None
        if born is not None:
            year = born.year
            if born > today:
                errors["birth_date"] = "Ngày sinh không được sau hôm nay."
        elif self.birth_year not in (None, ""):
            try:
                year = int(str(self.birth_year).strip())
            except ValueError:
                errors["birth_year"] = "Năm sinh là một số có 4 chữ số."
            else:
                if not 1920 <= year <= today.year:
                    errors["birth_year"] = f"Năm sinh phải từ 1920 đến {today.year}."
        if self.sex not in SEX_LABELS:
            errors["sex"] = "Hãy chọn giới tính."
        id_number = ""
        try:
            id_number = normalise_person_id(self.id_number, "id_number")
        except ValidationError as err:
            errors["id_number"] = err.message
        phone = ""
        try:
            phone = normalise_phone(self.phone, "phone")
        except ValidationError as err:
            errors["phone"] = err.message
        if errors:
            raise ValidationErrors(errors)
        return ValidIdentity(name, born, year, self.sex, id_number, nfc(self.address).strip(), phone)


@dataclass(frozen=True, slots=True)
class ValidIdentity:
    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str
    id_number: str
    address: str
    phone: str

    @property
    def name_key(self) -> str:
        return identity_name_key(self.full_name)


def identity_name_key(full_name: str) -> str:
    """The name as duplicates are looked for: no case, no diacritics, đ = d, single spaces."""
    return search_key(full_name)


@dataclass(frozen=True, slots=True)
class Identity:
    """An identity as shown to a role allowed to see it (after an audited request)."""

    case_id: int
    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str
    id_number: str
    address: str
    phone: str
    erased: bool = False


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case on lists and dashboards: the code, never a name."""

    id: int
    code: str
    intake_date: date
    commune_id: int
    commune_name: str
    status: str
    assigned_worker: str
    last_contact: date | None
    closed_on: date | None
    deidentified: bool
    consent_withdrawn_on: date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    code: str
    case: ValidCase
    commune_name: str
    closed_on: date | None
    deidentified: bool
    withdrawal: ConsentWithdrawal | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: int
    case_id: int
    code: str
    planned_on: date
    done_on: date | None
    notes: str
