"""Use cases of commitment signings: record, attach scans, employees, coverage, and pre-filled forms."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.commitments import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    STATE_EXPIRED,
    STATE_NEVER,
    Commitment,
    CommitmentInput,
    Coverage,
    Employee,
    EmployeeCounts,
    EmployeeInput,
    ValidityRule,
    build_coverage_of_groups,
    validate_counts,
)
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError, StorageError, ValidationError
from desktop_app.domain.forms import EmployeeCommitmentForm, FormOffice, OwnerCommitmentForm, bars_minors
from desktop_app.domain.security import PERM_ADMIN, PERM_EDIT, PERM_READ
from desktop_app.domain.text import nfc
from desktop_app.services.access import requires
from desktop_app.services.audit import recorded_export
from desktop_app.services.document_units import commune_for_document, communes_by_id
from desktop_app.storage import attachments as attachment_files
from desktop_app.storage.attachments import AttachmentStore, sha256
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import businesses as business_repo
from desktop_app.storage.repositories import commitments as repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories.commitment_rows import existing_signings

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


def clear_viewing_copies() -> None:
    """Delete the scans opened for viewing: when the app starts and when it closes."""
    attachment_files.clear_viewing_copies()


@dataclass(frozen=True)
class _Scan:
    """A scanned file read in and checked, before it is kept."""

    name: str
    suffix: str
    data: bytes
    checksum: str
    content_type: str


class CommitmentService:
    """Commitments of the register. Each public method is one transaction; safe on a worker thread."""

    def __init__(
        self, db: Database, attachments: AttachmentStore, now: Callable[[], datetime] = datetime.now
    ) -> None:
        self._db = db
        self._attachments = attachments
        self._now = now

    # ---- Settings
    @requires(PERM_READ)
    def validity_rule(self) -> ValidityRule:
        with self._db.read() as session:
            return repo.get_validity_rule(session)

    @requires(PERM_ADMIN)
    def set_validity_rule(self, rule: ValidityRule) -> None:
        """Raises ValidationError."""
        rule.validate()
        with self._db.unit_of_work() as session:
            old = repo.get_validity_rule(session)
            repo.set_validity_rule(session, rule)
            audit_repo.log_change(
                session,
                "setting",
                0,
                "update",
                {
                    "commitment_validity": {
                        "old": f"{old.kind}:{old.months}",
                        "new": f"{rule.kind}:{rule.months}",
                    }
                },
                self._now(),
            )

    @requires(PERM_READ)
    def default_valid_to(self, signed_on: date) -> date | None:
        return self.validity_rule().valid_to(signed_on)

    # ---- Signings
    @requires(PERM_EDIT)
    def record(self, data: CommitmentInput, attachments: Sequence[str | Path] = ()) -> int:
        """Record a signing with its scanned copies. Raises ValidationErrors; nothing is kept on failure."""
        rule = self.validity_rule()
        commitment = data.validated(rule, self._now().date())
        files = [self._check_file(Path(p)) for p in attachments]
        with self._files_undone_on_failure() as stored, self._db.unit_of_work() as session:
            if business_repo.is_voided(session, commitment.business_id):
                raise ValidationError("Cơ sở này đã được đánh dấu nhập nhầm.", "business_id")
            if (commitment.business_id, commitment.signed_on) in existing_signings(
                session, [commitment.business_id]
            ):  # one signing a day, as the import counts them (a second is the same one entered twice)
                raise ValidationError(
                    f"Cơ sở này đã có cam kết ký ngày {format_date(commitment.signed_on)}.", "signed_on"
                )
            commitment_id = repo.add(session, commitment, self._now())
            for scan in files:
                stored.append(self._store(session, commitment_id, scan)[0])
            audit_repo.log_change(
                session,
                "commitment",
                commitment_id,
                "create",
                {"business_id": commitment.business_id, "valid_to": commitment.valid_to},
                self._now(),
            )
            return commitment_id

    @requires(PERM_EDIT)
    def attach(self, commitment_id: int, path: str | Path) -> int:
        """Add a scanned copy to a recorded signing. Raises ValidationError; nothing is kept on failure."""
        scan = self._check_file(Path(path))
        with self._files_undone_on_failure() as stored, self._db.unit_of_work() as session:
            kept, attachment_id = self._store(session, commitment_id, scan)
            stored.append(kept)
            audit_repo.log_change(
                session, "commitment", commitment_id, "attach", {"attachment_id": attachment_id}, self._now()
            )
            return attachment_id

    @contextmanager
    def _files_undone_on_failure(self) -> Iterator[list[Path | None]]:
        """Scan files written for a transaction that then fails are removed again, unless another signing
        uses the same scan (a server's copy goes with the rollback itself). A file that cannot be removed
        (held open) is only logged: the transaction's own error is what the clerk must see."""
        stored: list[Path | None] = []
        try:
            yield stored
        except BaseException:
            for path in stored:
                if path is None:
                    continue
                try:
                    if not self._is_referenced_elsewhere(path):
                        path.unlink(missing_ok=True)
                except (OSError, DomainError) as err:
                    log.warning("a scan written for a failed action stays: %s", type(err).__name__)
            raise

    def _check_file(self, path: Path) -> _Scan:
        content_type = ATTACHMENT_TYPES.get(path.suffix.lower())
        if content_type is None:
            raise ValidationError("Bản chụp phải là tệp PDF hoặc ảnh (JPG, PNG).", "attachments")
        try:
            size = path.stat().st_size
            if size == 0 or size > MAX_ATTACHMENT_BYTES:
                raise ValidationError("Bản chụp phải có dung lượng từ 1 byte đến 20 MB.", "attachments")
            data = path.read_bytes()
        except OSError as err:
            raise ValidationError(f"Không đọc được tệp «{path.name}».", "attachments") from err
        return _Scan(nfc(path.name), path.suffix.lower(), data, sha256(data), content_type)

    def _store(self, session: Transaction, commitment_id: int, scan: _Scan) -> tuple[Path | None, int]:
        """Keep the file under its checksum (no personal data in file names; encrypted when the database
        is; in the database on a server) and record it. Raises ValidationError when it cannot be kept."""
        stored_name = scan.checksum + scan.suffix
        try:
            target = self._attachments.put(scan.data, stored_name, session)
        except StorageError as err:
            raise ValidationError(err.message, "attachments") from err
        attachment_id = repo.add_attachment(
            session,
            commitment_id,
            scan.name,
            stored_name,
            len(scan.data),
            scan.checksum,
            scan.content_type,
            self._now(),
        )
        return target, attachment_id

    def _is_referenced_elsewhere(self, path: Path) -> bool:
        with self._db.read() as session:
            return repo.attachment_in_use(session, path.name)

    @requires(PERM_READ)
    def viewing_copy(self, attachment_id: int) -> Path:
        """A readable copy of a scan for the system's viewer, in this user's temporary folder (cleared when
        the app closes), named after the attachment's number only. Raises NotFoundError, StorageError."""
        with self._db.read() as session:
            stored_name, _ = repo.attachment_stored_name(session, attachment_id)
        return self._attachments.viewing_copy(stored_name, f"ban-chup-{attachment_id}")

    @requires(PERM_READ)
    def scan_problems(self) -> list[str]:
        """For `check`: each recorded scan whose file is missing, damaged or unreadable here, one message
        each (file names are checksums: nothing personal)."""
        with self._db.read() as session:
            recorded = repo.stored_names(session)
        problems: list[str] = []
        for attachment_id, stored_name in recorded:
            try:
                self._attachments.read(stored_name)
            except StorageError as err:
                problems.append(f"Bản chụp số {attachment_id}: {err.message}")
        return problems

    @requires(PERM_READ)
    def for_business(self, business_id: int) -> list[Commitment]:
        with self._db.read() as session:
            return repo.list_for_business(session, business_id)

    @requires(PERM_EDIT)
    def void(self, commitment_id: int) -> None:
        """Mark a signing entered by mistake; it no longer counts."""
        with self._db.unit_of_work() as session:
            repo.void(session, commitment_id, self._now())
            audit_repo.log_change(session, "commitment", commitment_id, "void", {}, self._now())

    # ---- Employees
    @requires(PERM_READ)
    def employees(self, business_id: int) -> list[Employee]:
        with self._db.read() as session:
            return repo.list_employees(session, business_id)

    @requires(PERM_READ)
    def bars_minors(self, business_id: int) -> bool:
        """True when the business's type is a workplace where no one under 18 may work (Bộ luật Lao động
        2019 Điều 147 khoản 2 điểm d: domain.forms.MINORS_BARRED_TYPES). Raises NotFoundError."""
        with self._db.read() as session:
            detail = business_repo.get_detail(session, business_id)
            codes = {t.id: t.code for t in office_repo.list_business_types(session, True)}
        return bars_minors(codes.get(detail.type_id, ""))

    @requires(PERM_EDIT)
    def add_employee(self, data: EmployeeInput) -> int:
        """Raises ValidationErrors."""
        employee = data.validated(self._now().date())
        with self._db.unit_of_work() as session:
            employee_id = repo.add_employee(session, employee, self._now())
            audit_repo.log_change(
                session, "employee", employee_id, "create", {"business_id": employee.business_id}, self._now()
            )
            return employee_id

    @requires(PERM_EDIT)
    def set_employee_counts(
        self, business_id: int, employees: int, signed: int, as_of: date | None = None
    ) -> None:
        """For offices that only count. Raises ValidationErrors."""
        validate_counts(employees, signed)
        with self._db.unit_of_work() as session:
            repo.set_counts(session, business_id, employees, signed, as_of or self._now().date(), self._now())
            audit_repo.log_change(
                session,
                "business",
                business_id,
                "counts",
                {"employees": employees, "signed": signed},
                self._now(),
            )

    @requires(PERM_READ)
    def employee_counts(self, business_id: int) -> EmployeeCounts | None:
        with self._db.read() as session:
            return repo.latest_counts(session, business_id)

    # ---- Coverage
    @requires(PERM_READ)
    def coverage(self, day: date) -> Coverage:
        """Per commune and overall on `day`: active, covered, expiring in 30 days, expired, never signed."""
        with self._db.read() as session:
            communes = office_repo.commune_names(session)
            groups = repo.active_state_groups(session, day)
        return build_coverage_of_groups(day, communes, groups)

    @requires(PERM_READ)
    def coverage_and_states(self, day: date) -> tuple[Coverage, dict[int, str]]:
        """coverage(day) and states(day) from one reading of the states (the Cam kết page shows both)."""
        with self._db.read() as session:
            communes = office_repo.commune_names(session)
            groups = repo.active_state_groups(session, day)
        states = {business: state for _, state, ids in groups for business in ids}
        return build_coverage_of_groups(day, communes, groups), states

    @requires(PERM_READ)
    def states(self, day: date) -> dict[int, str]:
        """Commitment state of every business active on `day` (for the register's column and filter)."""
        with self._db.read() as session:
            return repo.states_of(session, day)

    @requires(PERM_READ)
    def missing_on(self, day: date) -> list[int]:
        """Active businesses with no valid commitment on `day` (expired or never signed)."""
        return [i for i, s in self.states(day).items() if s in (STATE_EXPIRED, STATE_NEVER)]

    # ---- Forms
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

    @requires(PERM_READ)
    def owner_forms(
        self, business_ids: Sequence[int], valid_from: date | None = None
    ) -> list[OwnerCommitmentForm]:
        """Form data for the given businesses, validity from the office's rule starting `valid_from` (the
        form's date), each addressed to the commune existing then. Raises UnitEndedError."""
        rule = self.validity_rule()
        start = valid_from or self._now().date()
        forms: list[OwnerCommitmentForm] = []
        with self._db.read() as session:
            communes = communes_by_id(session)
            type_codes = {t.id: t.code for t in office_repo.list_business_types(session, True)}
            for detail in (business_repo.get_detail(session, i) for i in business_ids):
                # the People's Committee the form is addressed to must exist on the form's date
                commune = commune_for_document(
                    session, communes, detail.id, detail.commune_id, detail.name, start
                )
                forms.append(
                    OwnerCommitmentForm(
                        commune_name=commune.name,
                        business_name=detail.name,
                        business_type=detail.type_name,
                        address=detail.address,
                        owner_name=detail.owner_name,
                        owner_id_number=detail.owner_id_number,
                        owner_phone=detail.owner_phone,
                        registration_number=detail.registration_number,
                        registration_date=detail.registration_date,
                        owner_birth_date=detail.owner_birth_date,
                        owner_residence=detail.owner_residence,
                        valid_from=start,
                        valid_to=rule.valid_to(start),
                        minors_barred=bars_minors(type_codes.get(detail.type_id, "")),
                    )
                )
        return forms

    @requires(PERM_EDIT)
    def print_owner_forms(
        self,
        target: str | Path,
        business_ids: Sequence[int],
        form_date: date | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """One PDF with a pre-filled owner commitment per business. Raises Cancelled, ExportError."""
        from desktop_app.exports.commitment_forms import write_owner_forms  # reportlab loads on first print

        day = form_date or self._now().date()
        forms = self.owner_forms(business_ids, day)
        with recorded_export(self._db, "owner_commitment_forms", Path(target), self._now()) as record:
            write_owner_forms(
                Path(target), self._office(), forms, day, progress, cancel.is_set if cancel else None
            )
            record.rows, record.written = len(forms), True
        return len(forms)

    @requires(PERM_EDIT)
    def print_employee_forms(
        self,
        target: str | Path,
        business_id: int,
        blank_copies: int = 0,
        form_date: date | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """Employee commitments of one business: one per recorded employee, plus blank ones to fill in."""
        from desktop_app.exports.commitment_forms import write_employee_forms

        day = form_date or self._now().date()
        with self._db.read() as session:
            detail = business_repo.get_detail(session, business_id)
            employees = repo.list_employees(session, business_id)
            commune = commune_for_document(
                session, communes_by_id(session), detail.id, detail.commune_id, detail.name, day
            )

        def form(employee: Employee | None) -> EmployeeCommitmentForm:
            return EmployeeCommitmentForm(
                business_name=detail.name,
                address=detail.address,
                commune_name=commune.name,
                owner_name=detail.owner_name,
                employee_name=employee.full_name if employee else "",
                employee_birth_date=employee.birth_date if employee else None,
                employee_id_number=employee.id_number if employee else "",
                position=employee.position if employee else "",
            )

        forms = [form(e) for e in employees] + [form(None) for _ in range(blank_copies)]
        with recorded_export(self._db, "employee_commitment_forms", Path(target), self._now()) as record:
            write_employee_forms(
                Path(target), self._office(), forms, day, progress, cancel.is_set if cancel else None
            )
            record.rows, record.written = len(forms), True
        return len(forms)
