"""Use cases of inspections: rounds, visits and their follow-ups, the legal-basis catalogue, hot-spots,
coverage against the targets, the register's inspection flags, and pre-filled minutes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.businesses import BusinessDetail
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.forms import FormOffice, InspectionMinutesForm, ViolationRecordForm, minutes_checklist
from desktop_app.domain.inspections import (
    CHECKLIST,
    KIND_FOLLOW_UP,
    KIND_LABELS,
    NEVER_INSPECTED,
    RESULT_PENALTY,
    SCOPE_BUSINESSES,
    SCOPE_COMMUNES,
    Hotspot,
    HotspotInput,
    InspectionCoverage,
    InspectionRound,
    InspectionStatus,
    LegalBasis,
    LegalBasisInput,
    RoundInput,
    Targets,
    ValidVisit,
    Visit,
    VisitInput,
    build_coverage,
    check_follow_up,
)
from desktop_app.domain.legal import PenaltyReview, check_penalty, resolve_offender
from desktop_app.domain.periods import Period
from desktop_app.domain.security import PERM_ADMIN, PERM_EDIT, PERM_READ
from desktop_app.services.access import requires
from desktop_app.services.audit import recorded_export
from desktop_app.services.document_units import commune_for_document, communes_by_id
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import businesses as business_repo
from desktop_app.storage.repositories import hotspots as hotspot_repo
from desktop_app.storage.repositories import inspection_coverage as coverage_repo
from desktop_app.storage.repositories import inspections as repo
from desktop_app.storage.repositories import legal as legal_repo
from desktop_app.storage.repositories import office as office_repo

Progress = Callable[[int, int], None]


class InspectionService:
    """Inspections of the register. Each public method is one transaction; safe on a worker thread."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Settings
    @requires(PERM_READ)
    def targets(self) -> Targets:
        with self._db.read() as session:
            return repo.get_targets(session)

    @requires(PERM_ADMIN)
    def set_targets(self, targets: Targets) -> None:
        """Raises ValidationErrors."""
        targets.validate()
        with self._db.unit_of_work() as session:
            repo.set_targets(session, targets)
            audit_repo.log_change(
                session,
                "setting",
                0,
                "update",
                {
                    "annual_pct": targets.annual_pct,
                    "programme_start": targets.programme_start,
                    "years": {
                        str(line.year): {
                            "commitment_pct": line.commitment_pct,
                            "inspected_pct": line.inspected_pct,
                            "communication_pct": line.communication_pct,
                        }
                        for line in targets.years
                    },
                },
                self._now(),
            )

    # ---- Legal basis catalogue
    @requires(PERM_READ)
    def legal_basis(self, include_inactive: bool = False) -> list[LegalBasis]:
        with self._db.read() as session:
            return repo.list_legal_basis(session, include_inactive)

    @requires(PERM_EDIT)
    def save_legal_basis(self, entry: LegalBasisInput, legal_basis_id: int | None = None) -> int:
        """Add (id None) or change a catalogue entry. Raises ValidationErrors, ConflictError."""
        clean = entry.validated()
        with self._db.unit_of_work() as session:
            saved = repo.save_legal_basis(session, clean, legal_basis_id)
            audit_repo.log_change(
                session,
                "legal_basis",
                saved,
                "save",
                {"reference": clean.decree + " " + clean.article},
                self._now(),
            )
            return saved

    @requires(PERM_READ)
    def legal_catalogue_version(self) -> str:
        """The version of the penalty catalogue the database holds ("" before any)."""
        with self._db.read() as session:
            return legal_repo.catalogue_version(session.connection())

    @requires(PERM_ADMIN)
    def import_legal_catalogue(self, path: Path) -> dict[str, int]:
        """Replace the penalty catalogue by an updated file (e.g. sent by the province): validated first, then
        applied in one transaction with its audit row. Visits keep their links; retired acts stay readable.

        Raises CatalogueError (nothing changed). Any thread."""
        catalogue = legal_repo.read_catalogue(path)
        with self._db.unit_of_work() as session:
            before = legal_repo.catalogue_version(session.connection())
            counts = legal_repo.sync_catalogue(session.connection(), catalogue)
            audit_repo.log_change(
                session,
                "legal_catalogue",
                0,
                "import",
                {"from_version": before, "version": catalogue.version, "file": path.name, **counts},
                self._now(),
            )
        return counts

    @requires(PERM_READ)
    def penalty_reviews(self) -> list[PenaltyReview]:
        """Recorded penalties that the catalogue's rule now refuses (act not in force on the visit date, fine
        out of range, …): listed for review, never changed."""
        with self._db.read() as session:
            catalogue = repo.list_legal_basis(session, include_inactive=True)
            by_id = {b.id: b for b in catalogue}
            refused: list[tuple[int, tuple[str, ...]]] = []
            for facts in repo.penalty_facts(session):
                bases = [by_id[i] for i in facts.legal_basis_ids if i in by_id]
                problems = check_penalty(
                    facts.visit_date,
                    resolve_offender(facts.offender_kind, bases),
                    facts.fine_vnd,
                    facts.penalty_kinds,
                    bases,
                    catalogue,
                    facts.decision_date,
                )
                if not facts.penalty_kinds:  # recorded before the kinds were: not a fault of the record
                    problems.pop("penalty_kinds", None)
                if problems:
                    refused.append((facts.visit_id, tuple(dict.fromkeys(problems.values()))))
            found = [PenaltyReview(repo.get_visit(session, i), problems) for i, problems in refused]
        return found

    # ---- Rounds
    @requires(PERM_READ)
    def rounds(self) -> list[InspectionRound]:
        with self._db.read() as session:
            return repo.list_rounds(session)

    @requires(PERM_READ)
    def round(self, round_id: int) -> InspectionRound:
        """Raises NotFoundError."""
        with self._db.read() as session:
            return repo.get_round(session, round_id)

    @requires(PERM_EDIT)
    def create_round(self, data: RoundInput) -> int:
        """Raises ValidationErrors."""
        clean = data.validated()
        with self._db.unit_of_work() as session:
            self._check_scope_ids(session, clean.commune_ids, clean.business_ids)
            round_id = repo.add_round(session, clean, self._now())
            audit_repo.log_change(
                session,
                "inspection_round",
                round_id,
                "create",
                {"plan_number": clean.plan_number},
                self._now(),
            )
            return round_id

    @requires(PERM_EDIT)
    def update_round(self, round_id: int, data: RoundInput) -> None:
        """Raises ValidationErrors, NotFoundError, ConflictError (visits outside the new dates)."""
        clean = data.validated()
        with self._db.unit_of_work() as session:
            self._check_scope_ids(session, clean.commune_ids, clean.business_ids)
            repo.update_round(session, round_id, clean, self._now())
            audit_repo.log_change(
                session,
                "inspection_round",
                round_id,
                "update",
                {"plan_number": clean.plan_number},
                self._now(),
            )

    @requires(PERM_EDIT)
    def void_round(self, round_id: int) -> None:
        """A round entered by mistake. Raises NotFoundError, ConflictError while it has visits."""
        with self._db.unit_of_work() as session:
            repo.void_round(session, round_id, self._now())
            audit_repo.log_change(session, "inspection_round", round_id, "void", {}, self._now())

    @staticmethod
    def _check_scope_ids(
        session: Transaction, commune_ids: Sequence[int], business_ids: Sequence[int]
    ) -> None:
        if any(not business_repo.commune_exists(session, c) for c in commune_ids):
            raise ValidationError("Có xã, phường không còn trong danh mục.", "scope")
        if any(business_repo.is_voided(session, b) for b in business_ids):
            raise ValidationError("Có cơ sở đã bị đánh dấu nhập nhầm trong phạm vi.", "scope")

    # ---- Visits
    def _validated(self, session: Transaction, data: VisitInput, visit_id: int | None) -> ValidVisit:
        round_ = repo.get_round(session, data.round_id) if data.round_id is not None else None
        clean = data.validated(self._now().date(), round_)
        errors: dict[str, str] = {}
        if business_repo.is_voided(session, clean.business_id):
            errors["business_id"] = "Cơ sở này đã được đánh dấu nhập nhầm."
        elif round_ is not None:
            detail = business_repo.get_row(session, clean.business_id)
            if round_.scope == SCOPE_COMMUNES and detail.commune_id not in round_.commune_ids:
                errors["business_id"] = f"Cơ sở không thuộc các xã, phường của đợt {round_.plan_number}."
            elif round_.scope == SCOPE_BUSINESSES and clean.business_id not in round_.business_ids:
                errors["business_id"] = f"Cơ sở không có trong danh sách của đợt {round_.plan_number}."
        if not repo.legal_basis_exist(session, clean.legal_basis_ids):
            errors["legal_basis_ids"] = "Có căn cứ pháp lý không còn trong danh mục."
        elif clean.result == RESULT_PENALTY:
            bases = repo.legal_basis_by_ids(session, clean.legal_basis_ids)
            offender = resolve_offender(clean.offender_kind, bases)
            clean = replace(clean, offender_kind=offender)
            errors.update(
                check_penalty(
                    clean.visit_date,
                    offender,
                    clean.fine_vnd,
                    clean.penalty_kinds,
                    bases,
                    repo.list_legal_basis(session, include_inactive=True),
                    clean.decision_date,
                )
            )
        if clean.follows_up_id is not None:
            if clean.follows_up_id == visit_id:
                errors["follows_up_id"] = "Một lượt kiểm tra không thể là hậu kiểm của chính nó."
            else:
                original = repo.get_visit(session, clean.follows_up_id)
                if original.business_id != clean.business_id:
                    errors["follows_up_id"] = "Lượt hậu kiểm phải cùng cơ sở với lượt kiểm tra trước."
                else:
                    try:
                        check_follow_up(original, clean.visit_date)
                    except ValidationErrors as err:
                        errors.update(err.errors)
        if errors:
            raise ValidationErrors(errors)
        return clean

    @requires(PERM_EDIT)
    def record_visit(self, data: VisitInput) -> int:
        """Record a planned or done visit; a done follow-up visit closes the follow-up it links to.

        Raises ValidationErrors, NotFoundError.
        """
        with self._db.unit_of_work() as session:
            clean = self._validated(session, data, None)
            visit_id = repo.add_visit(session, clean, self._now())
            audit_repo.log_change(
                session,
                "inspection_visit",
                visit_id,
                "create",
                {"business_id": data.business_id, "result": data.result, "follows_up": data.follows_up_id},
                self._now(),
            )
            return visit_id

    @requires(PERM_EDIT)
    def update_visit(self, visit_id: int, data: VisitInput) -> None:
        """Correct a visit, or record the result of a planned one. Raises ValidationErrors, NotFoundError."""
        with self._db.unit_of_work() as session:
            clean = self._validated(session, data, visit_id)
            changes = repo.update_visit(session, visit_id, clean, self._now())
            audit_repo.log_change(session, "inspection_visit", visit_id, "update", changes, self._now())

    @requires(PERM_EDIT)
    def void_visit(self, visit_id: int) -> None:
        """A visit entered by mistake. Raises NotFoundError, ConflictError when a follow-up links to it."""
        with self._db.unit_of_work() as session:
            repo.void_visit(session, visit_id, self._now())
            audit_repo.log_change(session, "inspection_visit", visit_id, "void", {}, self._now())

    @requires(PERM_READ)
    def visit(self, visit_id: int) -> Visit:
        """Raises NotFoundError."""
        with self._db.read() as session:
            return repo.get_visit(session, visit_id)

    @requires(PERM_READ)
    def visits(
        self,
        round_id: int | None = None,
        business_id: int | None = None,
        period: Period | None = None,
        limit: int | None = None,
    ) -> list[Visit]:
        """Visits, the latest first; narrowed to a round, a business and/or a period."""
        with self._db.read() as session:
            return repo.list_visits(session, round_id, business_id, period, limit)

    @requires(PERM_READ)
    def follow_up_input(self, visit_id: int, visit_date: date | None = None) -> VisitInput:
        """A follow-up visit (hậu kiểm) pre-filled from the visit whose follow-up it closes."""
        original = self.visit(visit_id)
        return VisitInput(
            business_id=original.business_id,
            visit_date=visit_date or self._now().date(),
            kind=KIND_FOLLOW_UP,
            members_present=original.members_present,
            follows_up_id=original.id,
        )

    @requires(PERM_READ)
    def open_follow_ups(self, business_id: int | None = None) -> list[Visit]:
        """The to-do list: done visits whose follow-up is due and not yet made, the earliest due first."""
        with self._db.read() as session:
            return repo.open_follow_ups(session, business_id)

    @requires(PERM_READ)
    def planned(self) -> list[Visit]:
        with self._db.read() as session:
            return repo.planned_visits(session)

    # ---- Register
    @requires(PERM_READ)
    def statuses(self) -> dict[int, InspectionStatus]:
        """Inspection status of every business with visits (the others: NEVER_INSPECTED)."""
        with self._db.read() as session:
            return coverage_repo.statuses(session)

    @requires(PERM_READ)
    def flags(self, business_ids: Sequence[int], today: date | None = None) -> dict[int, frozenset[str]]:
        """The register's inspection flags (FLAG_*) of the given businesses on `today`."""
        day = today or self._now().date()
        known = self.statuses()
        # A handful of distinct sets over 100,000 businesses: one object each (about 20 MB less held).
        same: dict[frozenset[str], frozenset[str]] = {}
        return {
            i: same.setdefault(f, f)
            for i in business_ids
            for f in (known.get(i, NEVER_INSPECTED).flags(day),)
        }

    # ---- Coverage
    @requires(PERM_READ)
    def coverage(self, period: Period) -> InspectionCoverage:
        """Per commune and overall for `period`: businesses inspected vs the active ones (annual and programme
        targets), visits, violations, reminders, penalties, referrals and fines. Raises ValidationErrors."""
        period.check()
        with self._db.read() as session:
            targets = repo.get_targets(session)
            communes = office_repo.commune_names(session)
            businesses, visits = coverage_repo.coverage_figures(session, period, targets.programme_start)
        return build_coverage(period, targets, communes, businesses, visits)

    # ---- Hot-spots
    @requires(PERM_READ)
    def hotspots(self) -> list[Hotspot]:
        with self._db.read() as session:
            return hotspot_repo.list_hotspots(session)

    @requires(PERM_EDIT)
    def save_hotspot(self, data: HotspotInput, hotspot_id: int | None = None) -> int:
        """Raises ValidationErrors, NotFoundError."""
        clean = data.validated(self._now().date())
        with self._db.unit_of_work() as session:
            if not business_repo.commune_exists(session, clean.commune_id):
                raise ValidationError("Chọn xã, phường trong danh mục.", "commune_id")
            saved = hotspot_repo.save_hotspot(session, clean, hotspot_id, self._now())
            audit_repo.log_change(
                session, "hotspot", saved, "save", {"eliminated_on": clean.eliminated_on}, self._now()
            )
            return saved

    @requires(PERM_EDIT)
    def void_hotspot(self, hotspot_id: int) -> None:
        with self._db.unit_of_work() as session:
            hotspot_repo.void_hotspot(session, hotspot_id, self._now())
            audit_repo.log_change(session, "hotspot", hotspot_id, "void", {}, self._now())

    # ---- Minutes
    @requires(PERM_READ)
    def minutes_forms(self, visit_ids: Sequence[int]) -> list[InspectionMinutesForm]:
        """Pre-filled minutes of the given (usually planned) visits, each naming the commune existing on the
        visit's date. Raises UnitEndedError."""
        forms: list[InspectionMinutesForm] = []
        with self._db.read() as session:
            communes = communes_by_id(session)
            for visit_id in visit_ids:
                visit = repo.get_visit(session, visit_id)
                detail = business_repo.get_detail(session, visit.business_id)
                day = visit.visit_date or self._now().date()
                commune = commune_for_document(
                    session, communes, detail.id, detail.commune_id, detail.name, day
                )
                round_ = repo.get_round(session, visit.round_id) if visit.round_id is not None else None
                forms.append(
                    InspectionMinutesForm(
                        **_business_part(detail, commune.name),
                        team_name=round_.team_name if round_ else "",
                        plan_number=round_.plan_number if round_ else "",
                        plan_date=round_.plan_date if round_ else None,
                        visit_date=visit.visit_date,
                        visit_time=f"{visit.visit_time:%H:%M}" if visit.visit_time else "",
                        kind_label=KIND_LABELS[visit.kind],
                        members=visit.members_present or (round_.members if round_ else ()),
                        checklist=minutes_checklist(tuple(CHECKLIST.values())),
                        minutes_number=visit.minutes_number,
                        team_level=round_.team_level if round_ else "",
                        decision_number=round_.decision_number if round_ else "",
                        decision_date=round_.decision_date if round_ else None,
                    )
                )
        return forms

    @requires(PERM_READ)
    def violation_record_forms(self, visit_ids: Sequence[int]) -> list[ViolationRecordForm]:
        """Pre-filled violation records of visits that found a violation, each naming the commune existing on
        the visit's date. Raises ValidationError for a visit without a violation, UnitEndedError."""
        forms: list[ViolationRecordForm] = []
        with self._db.read() as session:
            communes = communes_by_id(session)
            for visit_id in visit_ids:
                visit = repo.get_visit(session, visit_id)
                if not visit.is_violation:
                    raise ValidationError(
                        f"Lượt kiểm tra «{visit.business_name}» ngày {format_date(visit.visit_date)} "
                        "không ghi vi phạm: chỉ lập biên bản vi phạm hành chính cho lượt có kết quả nhắc "
                        "nhở, xử phạt hoặc chuyển công an. Hãy ghi kết quả lượt kiểm tra trước.",
                        "result",
                    )
                detail = business_repo.get_detail(session, visit.business_id)
                commune = commune_for_document(
                    session, communes, detail.id, detail.commune_id, detail.name, visit.visit_date
                )
                round_ = repo.get_round(session, visit.round_id) if visit.round_id is not None else None
                forms.append(
                    ViolationRecordForm(
                        **_business_part(detail, commune.name),
                        offender_kind=visit.offender_kind,
                        visit_date=visit.visit_date,
                        visit_time=f"{visit.visit_time:%H:%M}" if visit.visit_time else "",
                        team_name=round_.team_name if round_ else "",
                        team_level=round_.team_level if round_ else "",
                        members=visit.members_present or (round_.members if round_ else ()),
                        acts=tuple(
                            f"{b.reference}: {b.text}" if b.text else b.reference for b in visit.legal_basis
                        ),
                        findings=visit.findings,
                    )
                )
        return forms

    @requires(PERM_EDIT)
    def print_violation_records(
        self,
        target: str | Path,
        visit_ids: Sequence[int],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """One PDF with a pre-filled violation record per visit. Raises ValidationError, Cancelled,
        ExportError."""
        from desktop_app.exports.violation_record import write_violation_records

        forms = self.violation_record_forms(visit_ids)
        with recorded_export(self._db, "violation_records", Path(target), self._now()) as record:
            write_violation_records(
                Path(target), self._office(), forms, progress, cancel.is_set if cancel else None
            )
            record.rows, record.written = len(forms), True
        return len(forms)

    def _office(self) -> FormOffice:
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
        if profile is None:
            return FormOffice("", "", "")
        return FormOffice(
            profile.issuing_unit,
            profile.parent_unit,
            profile.place_name,
            profile.signer_name,
            profile.signer_position,
            profile.signer_authority,
            profile.document_symbol,
            profile.province_name,
        )

    @requires(PERM_EDIT)
    def print_minutes(
        self,
        target: str | Path,
        visit_ids: Sequence[int],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """One PDF with pre-filled minutes per visit. Raises Cancelled, ExportError."""
        from desktop_app.exports.inspection_minutes import write_inspection_minutes

        forms = self.minutes_forms(visit_ids)
        with recorded_export(self._db, "inspection_minutes", Path(target), self._now()) as record:
            write_inspection_minutes(
                Path(target),
                self._office(),
                forms,
                progress,
                cancel.is_set if cancel else None,
            )
            record.rows, record.written = len(forms), True
        return len(forms)


def _business_part(detail: BusinessDetail, commune_name: str) -> dict[str, Any]:
    """The business lines of printed minutes or a violation record (its commune: the one of the day)."""
    return {
        "business_name": detail.name,
        "business_type": detail.type_name,
        "address": detail.address,
        "commune_name": commune_name,
        "owner_name": detail.owner_name,
        "owner_id_number": detail.owner_id_number,
        "owner_phone": detail.owner_phone,
        "registration_number": detail.registration_number,
        "registration_date": detail.registration_date,
    }
