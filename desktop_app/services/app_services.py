"""The set of services over one opened database, as the GUI and the CLI use them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from desktop_app.domain.security import Actor
from desktop_app.paths import data_dir
from desktop_app.services import registers
from desktop_app.services.activities import ActivityService
from desktop_app.services.audit import AuditService
from desktop_app.services.backup import BackupService
from desktop_app.services.businesses import BusinessService
from desktop_app.services.cases import CaseService
from desktop_app.services.commitments import CommitmentService
from desktop_app.services.data_check import DataCheck, check_open
from desktop_app.services.encryption import recovery_text
from desktop_app.services.inspections import InspectionService
from desktop_app.services.office import OfficeService
from desktop_app.services.reviews import ReviewService
from desktop_app.services.settings import SettingsService
from desktop_app.services.units import UnitsService
from desktop_app.services.users import UserService
from desktop_app.storage import keys, staging
from desktop_app.storage.attachments import ATTACHMENTS_FOLDER_NAME, AttachmentStore, ServerAttachmentStore
from desktop_app.storage.db import Database, database_url, sqlite_path
from desktop_app.storage.migrate import open_database

if TYPE_CHECKING:
    from desktop_app.services.activity_transfer import CommunicationTransferService, TrainingTransferService
    from desktop_app.services.case_transfer import CaseTransferService
    from desktop_app.services.commitment_transfer import CommitmentTransferService
    from desktop_app.services.demo import DemoService
    from desktop_app.services.import_writing import ListTransfer
    from desktop_app.services.inspection_transfer import InspectionTransferService
    from desktop_app.services.issued_reports import IssuedReportService
    from desktop_app.services.reports import ReportService
    from desktop_app.services.transfer import TransferService


@dataclass
class Services:
    """Everything the user interface may call; nothing here exposes SQL or ORM objects."""

    db: Database
    office: OfficeService
    businesses: BusinessService
    reviews: ReviewService
    commitments: CommitmentService
    inspections: InspectionService
    backup: BackupService
    audit: AuditService
    users: UserService
    cases: CaseService
    activities: ActivityService
    settings: SettingsService
    units: UnitsService

    # The services below pull in the readers and writers (openpyxl, reportlab) and the demo generator: they
    # are built on first use, so that the sign-in window and the register do not wait for those imports.
    @cached_property
    def demo(self) -> DemoService:
        from desktop_app.services.demo import DemoService

        return DemoService(self.db)

    @cached_property
    def reports(self) -> ReportService:
        from desktop_app.services.reports import ReportService

        return ReportService(self.db)

    @cached_property
    def issued_reports(self) -> IssuedReportService:
        from desktop_app.services.issued_reports import IssuedReportService

        return IssuedReportService(self.db)

    # ---- The registers' transfer services (import, export, template), one per entry of services.registers
    def transfer_for(self, name: str) -> ListTransfer:
        """The transfer service of the register called `name`, built on first use. Raises KeyError."""
        built = self._transfers.get(name)
        if built is None:
            built = self._transfers[name] = registers.register(name).make_transfer(self.db)
        return built

    @cached_property
    def _transfers(self) -> dict[str, ListTransfer]:
        return {}

    @property
    def transfer(self) -> TransferService:
        return cast("TransferService", self.transfer_for("businesses"))

    @property
    def commitment_transfer(self) -> CommitmentTransferService:
        return cast("CommitmentTransferService", self.transfer_for("commitments"))

    @property
    def inspection_transfer(self) -> InspectionTransferService:
        return cast("InspectionTransferService", self.transfer_for("inspections"))

    @property
    def case_transfer(self) -> CaseTransferService:
        return cast("CaseTransferService", self.transfer_for("cases"))

    @property
    def communication_transfer(self) -> CommunicationTransferService:
        return cast("CommunicationTransferService", self.transfer_for("communication"))

    @property
    def training_transfer(self) -> TrainingTransferService:
        return cast("TrainingTransferService", self.transfer_for("training"))

    # ---- Who acts, and the use cases that span several services
    @property
    def actor(self) -> Actor | None:
        """Who is signed in (None before a sign-in)."""
        return self.db.actor

    def require(self, permission: str) -> Actor:
        """The signed-in actor, if their role has `permission`. Raises PermissionDenied."""
        return self.db.require(permission)

    @property
    def commits(self) -> int:
        """How many transactions were committed through these services (to tell whether a command that
        stopped half way changed anything)."""
        return self.db.commits

    def check_data(self) -> DataCheck:
        """«Kiểm tra dữ liệu»: the file's integrity, the change log, every scan, the issued reports' files
        (an administrator; any thread). Raises PermissionDenied."""
        return check_open(self.backup, self.audit, self.commitments, self.issued_reports)

    @property
    def location(self) -> str:
        return self.db.location

    @property
    def recovery_key(self) -> str | None:
        """The recovery key of an encrypted file, shown once: when setup creates the first administrator."""
        return recovery_text(self.db.key) if self.db.key is not None else None

    @property
    def encrypted(self) -> bool:
        return self.db.key is not None

    def close(self) -> None:
        self.db.dispose()


def attachment_store(db: Database) -> AttachmentStore:
    """The scanned copies of `db`: files beside a SQLite file, encrypted with its key when it is encrypted
    (copies encrypted before a `decrypt` still open with the key file that stays beside it); in the
    database itself on a server, so that every PC of the office sees them."""
    path = sqlite_path(db.url)
    if path is None:
        return ServerAttachmentStore(
            db, data_dir() / ATTACHMENTS_FOLDER_NAME
        )  # where this PC kept them before
    return AttachmentStore(path.parent / ATTACHMENTS_FOLDER_NAME, db.key, lambda: keys.stored_key(path))


def open_services(
    target: str | os.PathLike[str], actor: Actor | None = None, encrypt_new: bool = True
) -> Services:
    """Open (create, check, back up and migrate) the database at `target`. Raises StorageError.

    Nobody is signed in: `services.users.sign_in` sets who acts. Trusted in-process callers (tests,
    benchmarks, the screenshot script) may pass the `actor` directly instead. A new SQLite file is encrypted
    (its key in a key file beside it) unless `encrypt_new` is False.
    """
    db = open_database(target, encrypt_new=encrypt_new)
    db.actor = actor
    office = OfficeService(db)
    commitments = CommitmentService(db, attachment_store(db))
    cases = CaseService(db)
    return Services(
        db=db,
        office=office,
        businesses=BusinessService(db),
        reviews=ReviewService(db),
        commitments=commitments,
        inspections=InspectionService(db),
        backup=BackupService(db),
        audit=AuditService(db),
        users=UserService(db),
        cases=cases,
        activities=ActivityService(db),
        settings=SettingsService(db, office, commitments, cases),
        units=UnitsService(db),
    )


def first_start(target: str | os.PathLike[str]) -> Path | None:
    """For a SQLite file that does not exist yet: where its database is prepared while the setup wizard runs
    (open the services there); None for an existing file or a server. Raises StorageError."""
    path = sqlite_path(database_url(target))
    if path is None or not staging.is_new(path):
        return None
    return staging.stage(path)


def finish_first_start(services: Services, staged: Path, target: str | os.PathLike[str]) -> Services:
    """Setup is done (`services` are open on `staged`): close them, move the database with its key into place
    and open it there, signed in as the one who set it up. Raises StorageError (then call
    `abandon_first_start`)."""
    actor = services.db.actor
    services.close()
    path = sqlite_path(database_url(target))
    assert path is not None
    staging.put_in_place(staged, path)
    return open_services(target, actor=actor)


def abandon_first_start(staged: Path) -> None:
    """Setup was cancelled: what was prepared goes, nothing was written where the data lives."""
    staging.abandon(staged)
