"""The set of services over one opened database, as the GUI and the CLI use them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.security import Actor
from desktop_app.paths import data_dir
from desktop_app.services.activities import ActivityService
from desktop_app.services.activity_transfer import CommunicationTransferService, TrainingTransferService
from desktop_app.services.audit import AuditService
from desktop_app.services.backup import BackupService
from desktop_app.services.businesses import BusinessService
from desktop_app.services.case_transfer import CaseTransferService
from desktop_app.services.cases import CaseService
from desktop_app.services.commitment_transfer import CommitmentTransferService
from desktop_app.services.commitments import CommitmentService
from desktop_app.services.demo import DemoService
from desktop_app.services.encryption import recovery_text
from desktop_app.services.inspection_transfer import InspectionTransferService
from desktop_app.services.inspections import InspectionService
from desktop_app.services.office import OfficeService
from desktop_app.services.reports import ReportService
from desktop_app.services.reviews import ReviewService
from desktop_app.services.settings import SettingsService
from desktop_app.services.transfer import TransferService
from desktop_app.services.units import UnitsService
from desktop_app.services.users import UserService
from desktop_app.storage import keys, staging
from desktop_app.storage.attachments import ATTACHMENTS_FOLDER_NAME, AttachmentStore, ServerAttachmentStore
from desktop_app.storage.db import Database, database_url, sqlite_path
from desktop_app.storage.migrate import open_database


@dataclass
class Services:
    """Everything the user interface may call; nothing here exposes SQL or ORM objects."""

    db: Database
    office: OfficeService
    businesses: BusinessService
    reviews: ReviewService
    demo: DemoService
    transfer: TransferService
    commitments: CommitmentService
    commitment_transfer: CommitmentTransferService
    inspections: InspectionService
    inspection_transfer: InspectionTransferService
    backup: BackupService
    audit: AuditService
    users: UserService
    cases: CaseService
    case_transfer: CaseTransferService
    reports: ReportService
    activities: ActivityService
    communication_transfer: CommunicationTransferService
    training_transfer: TrainingTransferService
    settings: SettingsService
    units: UnitsService

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
        demo=DemoService(db),
        transfer=TransferService(db),
        commitments=commitments,
        commitment_transfer=CommitmentTransferService(db),
        inspections=InspectionService(db),
        inspection_transfer=InspectionTransferService(db),
        backup=BackupService(db),
        audit=AuditService(db),
        users=UserService(db),
        cases=cases,
        case_transfer=CaseTransferService(db),
        reports=ReportService(db),
        activities=ActivityService(db),
        communication_transfer=CommunicationTransferService(db),
        training_transfer=TrainingTransferService(db),
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
