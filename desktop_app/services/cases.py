"""Support cases: intake with the identity kept apart, services (loans with repayments), follow-ups, figures,
duplicate warnings and de-identification. Every view of an identity is written to the change log.

Roles: the pseudonymous case needs PERM_CASES; anything that shows or takes an identity needs PERM_IDENTITY
(a cán bộ hỗ trợ or an administrator); the figures are counts and need only PERM_REPORT.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop_app.domain.cases import (
    DEFAULT_NO_CONTACT_DAYS,
    DEFAULT_RETENTION_YEARS,
    KIND_LOAN,
    STATUS_CLOSED,
    STATUS_LABELS,
    CaseDetail,
    CaseFigures,
    CaseInput,
    CaseRow,
    ConsentWithdrawal,
    FollowUp,
    Identity,
    IdentityInput,
    LoanState,
    PossibleDuplicate,
    Repayment,
    ServiceInput,
    ServiceView,
    ValidCase,
    WithdrawalInput,
    check_repayment,
    loan_state,
    may_deidentify,
    withdrawn_message,
)
from desktop_app.domain.errors import ConflictError, ValidationErrors
from desktop_app.domain.forms import FormOffice
from desktop_app.domain.periods import Period
from desktop_app.domain.security import PERM_ADMIN, PERM_CASES, PERM_IDENTITY, PERM_REPORT
from desktop_app.domain.text import nfc
from desktop_app.services.access import requires
from desktop_app.services.audit import recorded_export
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.models import CaseServiceRecord
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import cases as repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories import users as settings_repo
from desktop_app.storage.repositories.businesses import commune_exists

RETENTION_KEY = "cases.retention_years"
NO_CONTACT_KEY = "cases.no_contact_days"


class CaseService:
    """Each public method is one user action in one transaction."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Cases (pseudonymous)
    @requires(PERM_CASES)
    def rows(self) -> list[CaseRow]:
        with self._db.read() as session:
            return repo.list_rows(session)

    @requires(PERM_CASES)
    def detail(self, case_id: int) -> CaseDetail:
        with self._db.read() as session:
            return repo.detail(session, case_id)

    @requires(PERM_IDENTITY)
    def possible_duplicates(
        self, identity: IdentityInput, commune_id: int, except_case: int | None = None
    ) -> list[PossibleDuplicate]:
        """Existing cases that look like the same person (warn before creating). Raises ValidationErrors."""
        valid = identity.validated(self._now().date())
        with self._db.read() as session:
            return repo.possible_duplicates(session, valid, commune_id, except_case)

    @requires(PERM_IDENTITY)
    def create(self, case: CaseInput, identity: IdentityInput) -> tuple[int, str]:
        """A new case with its identity; returns (id, code). Raises ValidationErrors."""
        today = self._now().date()
        errors: dict[str, str] = {}
        try:
            valid_case = case.validated(today)
        except ValidationErrors as err:
            errors.update(err.errors)
        try:
            valid_identity = identity.validated(today)
        except ValidationErrors as err:
            errors.update(err.errors)
        if errors:
            raise ValidationErrors(errors)
        with self._db.unit_of_work() as session:
            if not commune_exists(session, valid_case.commune_id):
                raise ValidationErrors({"commune_id": "Xã, phường không thuộc địa bàn quản lý."})
            case_id, code = repo.add_case(session, valid_case, valid_identity, self._now())
            audit_repo.log_change(
                session, "case", case_id, "create", {"code": code, "status": valid_case.status}, self._now()
            )
            _log_consent(session, case_id, valid_case.consent_way, valid_case.consent_on, self._now())
            return case_id, code

    @requires(PERM_CASES)
    def update(self, case_id: int, case: CaseInput) -> None:
        """Save the case's fields. Raises ValidationErrors, ConflictError (a de-identified case reopened;
        after a withdrawal of consent anything but closing the case)."""
        valid = case.validated(self._now().date())
        with self._db.unit_of_work() as session:
            detail = repo.detail(session, case_id)
            if detail.deidentified and valid.status != STATUS_CLOSED:
                raise ConflictError("Hồ sơ đã xóa nhân thân không mở lại được.")
            if detail.withdrawal is not None:
                _only_closing(detail, valid)
            changed = repo.update_case(session, case_id, valid, self._now())
            if changed:
                audit_repo.log_change(session, "case", case_id, "update", changed, self._now())
            if "consent_on" in changed or "consent_way" in changed:
                _log_consent(session, case_id, valid.consent_way, valid.consent_on, self._now())

    # ---- Consent (Law 91/2025/QH15)
    @requires(PERM_IDENTITY)
    def withdraw_consent(self, case_id: int, withdrawal: WithdrawalInput) -> ConsentWithdrawal:
        """Record that the person withdrew consent: from then on the case can only be closed, it leaves the
        lists that carry identities, and it still counts in the anonymous figures. The change log keeps the
        day and the way, never the note. Raises ValidationErrors, ConflictError (already withdrawn)."""
        with self._db.unit_of_work() as session:
            detail = repo.detail(session, case_id)
            if detail.withdrawal is not None:
                raise ConflictError(
                    f"Hồ sơ {detail.code} đã ghi rút lại sự đồng ý ngày "
                    f"{detail.withdrawal.withdrawn_on:%d/%m/%Y}."
                )
            valid = withdrawal.validated(self._now().date(), detail.case.consent_on)
            repo.record_withdrawal(session, case_id, valid, self._now())
            audit_repo.log_change(
                session,
                "case",
                case_id,
                "withdraw_consent",
                {"withdrawn_on": valid.withdrawn_on, "withdrawal_way": valid.way},
                self._now(),
            )
            return valid

    @requires(PERM_IDENTITY)
    def print_consent_notice(self, target: str | Path, case_id: int) -> None:
        """The notice on processing personal data (Law 91/2025/QH15 Art. 9) for the person of a case to read
        and sign, pre-filled with the case code only (the name is written by hand, so no identity is in the
        file). The print is in the change log. Raises ExportError, ConflictError (consent withdrawn)."""
        from desktop_app.exports.consent_notice import ConsentNotice, write_consent_notice

        with self._db.read() as session:
            detail = repo.detail(session, case_id)
            retention = self._setting(session, RETENTION_KEY, DEFAULT_RETENTION_YEARS)
            profile = office_repo.get_profile(session)
        if detail.withdrawal is not None:
            raise ConflictError(withdrawn_message(detail.withdrawal.withdrawn_on))
        office = FormOffice("", "", "")
        if profile is not None:
            office = FormOffice(
                profile.issuing_unit,
                profile.parent_unit,
                profile.place_name,
                profile.signer_name,
                profile.signer_position,
                profile.signer_authority,
            )
        notice = ConsentNotice(detail.code, retention, self._now().date())
        with recorded_export(self._db, "consent_notice", Path(target), self._now()) as record:
            write_consent_notice(Path(target), office, notice)
            record.rows, record.written = 1, True

    # ---- Identity (audited)
    @requires(PERM_IDENTITY)
    def identity(self, case_id: int) -> Identity:
        """The identity of a case, after the worker asked to see it: the view is in the change log."""
        with self._db.unit_of_work() as session:
            found = repo.identity(session, case_id)
            audit_repo.log_change(session, "case", case_id, "view_identity", {}, self._now())
            return found

    @requires(PERM_IDENTITY)
    def update_identity(self, case_id: int, identity: IdentityInput) -> None:
        valid = identity.validated(self._now().date())
        with self._db.unit_of_work() as session:
            _refuse_withdrawn(repo.detail(session, case_id))
            changed = repo.update_identity(session, case_id, valid)
            if changed:  # which fields changed, never their values
                masked = {name: {"old": "***", "new": "***"} for name in changed}
                audit_repo.log_change(session, "case", case_id, "update_identity", masked, self._now())

    # ---- Services
    def _view(self, record: CaseServiceRecord, repayments: dict[int, list[Repayment]]) -> ServiceView:
        details = repo.details_of(record)
        loan = None
        if record.kind == KIND_LOAN:
            amount, disbursed, term = _loan_terms(details)
            loan = loan_state(amount, disbursed, term, repayments.get(record.id, []), self._now().date())
        return ServiceView(
            record.id,
            record.case_id,
            record.kind,
            record.given_on,
            record.provider,
            record.notes,
            details,
            loan,
        )

    @requires(PERM_CASES)
    def services(self, case_id: int) -> list[ServiceView]:
        with self._db.read() as session:
            records = repo.services(session, case_id)
            repayments = {r.id: repo.repayments(session, r.id) for r in records if r.kind == KIND_LOAN}
            return [self._view(r, repayments) for r in records]

    @requires(PERM_CASES)
    def add_service(self, service: ServiceInput) -> int:
        """Record a service given to a case. Raises ValidationErrors, ConflictError (closed case)."""
        with self._db.unit_of_work() as session:
            detail = repo.detail(session, service.case_id)
            _refuse_withdrawn(detail)
            if detail.case.status == STATUS_CLOSED:
                raise ConflictError("Hồ sơ đã đóng: mở lại hồ sơ trước khi ghi hỗ trợ.")
            valid = service.validated(self._now().date(), detail.case.intake_date)
            service_id = repo.add_service(session, valid, self._now())
            audit_repo.log_change(
                session,
                "case",
                service.case_id,
                "service",
                {"kind": valid.kind, "service": service_id},
                self._now(),
            )
            return service_id

    @requires(PERM_CASES)
    def loan(self, service_id: int) -> LoanState:
        with self._db.read() as session:
            record = repo.service_record(session, service_id)
            if record.kind != KIND_LOAN:
                raise ConflictError("Lần hỗ trợ này không phải khoản vay.")
            view = self._view(record, {record.id: repo.repayments(session, service_id)})
        assert view.loan is not None
        return view.loan

    @requires(PERM_CASES)
    def add_repayment(self, service_id: int, amount_vnd: object, paid_on: object) -> LoanState:
        """Record a repayment of a loan; returns the loan's new state. Raises ValidationErrors."""
        today = self._now().date()
        with self._db.unit_of_work() as session:
            record = repo.service_record(session, service_id)
            if record.kind != KIND_LOAN:
                raise ConflictError("Lần hỗ trợ này không phải khoản vay.")
            _refuse_withdrawn(repo.detail(session, record.case_id))
            state = self._view(record, {record.id: repo.repayments(session, service_id)}).loan
            assert state is not None
            disbursed = _loan_terms(repo.details_of(record))[1]
            repayment = check_repayment(amount_vnd, paid_on, disbursed, state.balance_vnd, today)
            repo.add_repayment(session, service_id, repayment, self._now())
            audit_repo.log_change(
                session,
                "case",
                record.case_id,
                "repayment",
                {"service": service_id, "amount_vnd": repayment.amount_vnd},
                self._now(),
            )
            new_state = self._view(record, {record.id: repo.repayments(session, service_id)}).loan
        assert new_state is not None
        return new_state

    # ---- Follow-ups
    @requires(PERM_CASES)
    def plan_follow_up(self, case_id: int, planned_on: date, notes: str = "") -> int:
        with self._db.unit_of_work() as session:
            _refuse_withdrawn(repo.detail(session, case_id))
            follow_up_id = repo.add_follow_up(session, case_id, planned_on, nfc(notes).strip(), self._now())
            audit_repo.log_change(
                session, "case", case_id, "plan_follow_up", {"planned_on": planned_on}, self._now()
            )
            return follow_up_id

    @requires(PERM_CASES)
    def record_follow_up(self, follow_up_id: int, done_on: date, notes: str = "") -> None:
        if done_on > self._now().date():
            raise ValidationErrors({"done_on": "Ngày theo dõi không được sau hôm nay."})
        with self._db.unit_of_work() as session:
            case_id = repo.mark_follow_up_done(session, follow_up_id, done_on, nfc(notes).strip())
            _refuse_withdrawn(repo.detail(session, case_id))  # raising undoes the mark
            audit_repo.log_change(session, "case", case_id, "follow_up", {"done_on": done_on}, self._now())

    @requires(PERM_CASES)
    def follow_ups(self, case_id: int) -> list[FollowUp]:
        """A case's follow-ups, planned and done, by planned date."""
        with self._db.read() as session:
            code = repo.detail(session, case_id).code
            return [
                FollowUp(f.id, f.case_id, code, f.planned_on, f.done_on, f.notes)
                for f in repo.follow_ups(session, case_id)
            ]

    @requires(PERM_CASES)
    def due_follow_ups(self, until: date | None = None) -> list[FollowUp]:
        """Planned follow-ups not done yet, due on or before `until` (default: today); none of a case whose
        person withdrew consent (nobody is to contact them for it)."""
        day = until or self._now().date()
        with self._db.read() as session:
            rows = repo.list_rows(session)
            codes = {r.id: r.code for r in rows}
            withdrawn = {r.id for r in rows if r.consent_withdrawn_on is not None}
            return [
                FollowUp(f.id, f.case_id, codes.get(f.case_id, ""), f.planned_on, f.done_on, f.notes)
                for f in repo.follow_ups(session, open_only=True)
                if f.planned_on <= day and f.case_id not in withdrawn
            ]

    @requires(PERM_CASES)
    def without_contact(self) -> list[CaseRow]:
        """Open cases with no service or done follow-up for the configured number of days (since intake
        when there was none); a case whose person withdrew consent is not one to chase."""
        today = self._now().date()
        days = self.no_contact_days()
        return [
            row
            for row in self.rows()
            if row.status != STATUS_CLOSED
            and row.consent_withdrawn_on is None
            and today - (row.last_contact or row.intake_date) > timedelta(days=days)
        ]

    # ---- Figures (counts only)
    @requires(PERM_REPORT)
    def figures(self, period: Period) -> CaseFigures:
        with self._db.read() as session:
            rows = repo.list_rows(session)
            counts = repo.period_counts(session, period)
        by_status = {label: 0 for label in STATUS_LABELS.values()}
        by_commune: dict[str, int] = {}
        for row in rows:
            by_status[row.status_label] += 1
            if row.status != STATUS_CLOSED:
                by_commune[row.commune_name] = by_commune.get(row.commune_name, 0) + 1
        return CaseFigures(
            by_status=by_status,
            by_commune=dict(sorted(by_commune.items())),
            new_cases=counts.new_cases,
            people_supported=counts.people_supported,
            services_by_kind=counts.services_by_kind,
            people_trained=counts.people_trained,
            people_employed=counts.people_employed,
            people_with_loans=counts.people_with_loans,
            loans_amount_vnd=counts.loans_amount_vnd,
        )

    # ---- Retention
    @requires(PERM_ADMIN)
    def deidentify(self, case_id: int) -> None:
        """Erase a closed case's identity once the retention time has passed; the anonymous history stays.
        Raises ConflictError with the reason when it may not be done yet."""
        today = self._now().date()
        with self._db.unit_of_work() as session:
            detail = repo.detail(session, case_id)
            reason = may_deidentify(
                detail.case.status,
                detail.closed_on,
                today,
                self._setting(session, RETENTION_KEY, DEFAULT_RETENTION_YEARS),
            )
            if detail.deidentified:
                reason = "Hồ sơ đã được xóa nhân thân."
            if reason:
                raise ConflictError(reason)
            repo.erase_identity(session, case_id, self._now())
            audit_repo.log_change(session, "case", case_id, "deidentify", {}, self._now())

    @requires(PERM_CASES)
    def retention_years(self) -> int:
        with self._db.read() as session:
            return self._setting(session, RETENTION_KEY, DEFAULT_RETENTION_YEARS)

    @requires(PERM_CASES)
    def no_contact_days(self) -> int:
        with self._db.read() as session:
            return self._setting(session, NO_CONTACT_KEY, DEFAULT_NO_CONTACT_DAYS)

    @requires(PERM_ADMIN)
    def set_policy(self, retention_years: int, no_contact_days: int) -> None:
        errors: dict[str, str] = {}
        if not 1 <= retention_years <= 50:
            errors["retention_years"] = "Thời gian giữ nhân thân phải từ 1 đến 50 năm."
        if not 7 <= no_contact_days <= 730:
            errors["no_contact_days"] = "Số ngày không liên lạc phải từ 7 đến 730."
        if errors:
            raise ValidationErrors(errors)
        with self._db.unit_of_work() as session:
            settings_repo.set_setting(session, RETENTION_KEY, json.dumps(retention_years))
            settings_repo.set_setting(session, NO_CONTACT_KEY, json.dumps(no_contact_days))
            audit_repo.log_change(
                session,
                "setting",
                0,
                "update",
                {"retention_years": retention_years, "no_contact_days": no_contact_days},
                self._now(),
            )

    @staticmethod
    def _setting(session: Transaction, key: str, default: int) -> int:
        value = settings_repo.get_setting(session, key)
        return int(json.loads(value)) if value is not None else default


def _refuse_withdrawn(detail: CaseDetail) -> None:
    """After a withdrawal of consent nothing more is recorded about the person (ConflictError)."""
    if detail.withdrawal is not None:
        raise ConflictError(withdrawn_message(detail.withdrawal.withdrawn_on))


def _only_closing(detail: CaseDetail, valid: ValidCase) -> None:
    """A withdrawn case may only be closed: the status set to closed with its reason, nothing else changed."""
    assert detail.withdrawal is not None
    others = [
        name
        for name in ValidCase.__slots__
        if name not in ("status", "close_reason") and getattr(valid, name) != getattr(detail.case, name)
    ]
    if others or valid.status != STATUS_CLOSED:
        raise ConflictError(withdrawn_message(detail.withdrawal.withdrawn_on))


def _log_consent(session: Transaction, case_id: int, way: str, day: date, now: datetime) -> None:
    """The consent (or legal basis) as recorded: its way and day, nothing about the person."""
    audit_repo.log_change(session, "case", case_id, "consent", {"consent_way": way, "consent_on": day}, now)


def _loan_terms(details: dict[str, object]) -> tuple[int, date, int]:
    """Amount, disbursement day and term of a stored loan (checked when it was recorded)."""
    amount, disbursed, term = (
        details.get("amount_vnd"),
        details.get("disbursed_on"),
        details.get("term_months"),
    )
    if not (isinstance(amount, int) and isinstance(disbursed, date) and isinstance(term, int)):
        raise ConflictError("Khoản vay thiếu số tiền, ngày giải ngân hoặc thời hạn.")
    return amount, disbursed, term
