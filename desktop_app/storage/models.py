"""SQLAlchemy ORM models. Only storage/ imports these; everything above sees read models."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OfficeProfileRecord(Base):
    """The single row describing the office that uses this database."""

    __tablename__ = "office_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuing_unit: Mapped[str] = mapped_column(String(300))
    parent_unit: Mapped[str] = mapped_column(String(300), default="")
    place_name: Mapped[str] = mapped_column(String(100), default="")
    upward_recipient: Mapped[str] = mapped_column(String(300), default="")
    signer_name: Mapped[str] = mapped_column(String(100), default="")
    signer_position: Mapped[str] = mapped_column(String(100), default="")
    signer_authority: Mapped[str] = mapped_column(String(10), default="")
    document_symbol: Mapped[str] = mapped_column(String(50), default="")
    jurisdiction_kind: Mapped[str] = mapped_column(String(20), default="custom")
    province_code: Mapped[str] = mapped_column(String(10), default="")
    province_name: Mapped[str] = mapped_column(String(100), default="")
    district_code: Mapped[str] = mapped_column(String(10), default="")
    district_name: Mapped[str] = mapped_column(String(100), default="")
    # Which kind of office this is ("xa", "so-y-te", "huyen-cu"; "" = not chosen) and the official
    # administrative unit it is: its code and the list the code belongs to ("legacy", "2025").
    office_kind: Mapped[str] = mapped_column(String(10), default="")
    unit_code: Mapped[str] = mapped_column(String(10), default="")
    unit_list: Mapped[str] = mapped_column(String(10), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CommuneRecord(Base):
    """A commune-level unit (xã, phường, thị trấn, đặc khu) of the office's jurisdiction."""

    __tablename__ = "commune"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(10), default="")
    search_key: Mapped[str] = mapped_column(String(100), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # The official list the code comes from: "legacy" (before 1/7/2025), "2025", or "" (typed by hand).
    # Codes are unique only within a list: 04105 is Thị trấn Hát Lót (legacy) and Xã Mai Sơn (2025).
    unit_list: Mapped[str] = mapped_column(String(10), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)  # last day it existed


class CommuneSuccessorRecord(Base):
    """A commune that took over (part of) an abolished commune's territory."""

    __tablename__ = "commune_successor"

    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), primary_key=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), primary_key=True)


class BusinessTypeRecord(Base):
    """An entry of the editable catalog of business types."""

    __tablename__ = "business_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    synonyms: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class BusinessRecord(Base):
    """A conditional business of the register. Never deleted: `voided` marks an entry made by mistake."""

    __tablename__ = "business"
    __table_args__ = (
        Index("ix_business_commune_type", "commune_id", "type_id"),
        # The businesses active on a date (coverage) are read with their commune from this index, not from
        # the wide rows.
        Index("ix_business_voided_id_commune", "voided", "id", "commune_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type_id: Mapped[int] = mapped_column(ForeignKey("business_type.id"))
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    address: Mapped[str] = mapped_column(String(300), default="")
    owner_name: Mapped[str] = mapped_column(String(100), default="")
    owner_id_number: Mapped[str] = mapped_column(String(12), default="")
    owner_phone: Mapped[str] = mapped_column(String(15), default="")
    owner_birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    owner_residence: Mapped[str] = mapped_column(String(300), default="")
    registration_number: Mapped[str] = mapped_column(String(30), default="", index=True)
    registration_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sub_licences: Mapped[str] = mapped_column(Text, default="")
    rooms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    employees_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    employees_female: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="active")
    status_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    complex_area: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class BusinessVersionRecord(Base):
    """A business's commune, type, employees and owner as they were from `effective_on` on.

    The first version of a business applies from its registration (and to any earlier date); a later one
    from the day the change took effect. The business row keeps the current values for the register.
    """

    __tablename__ = "business_version"
    __table_args__ = (
        Index("ix_business_version_business_on", "business_id", "effective_on"),
        # "Has any business a version after this day?" (VersionBook.load): usually none, answered at once.
        Index("ix_business_version_on", "effective_on", "business_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    type_id: Mapped[int] = mapped_column(ForeignKey("business_type.id"))
    employees_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    employees_female: Mapped[int | None] = mapped_column(Integer, nullable=True)
    owner_name: Mapped[str] = mapped_column(String(100), default="")
    owner_id_number: Mapped[str] = mapped_column(String(12), default="")
    owner_phone: Mapped[str] = mapped_column(String(15), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class BusinessStatusEventRecord(Base):
    """A dated change of a business's status (opened, suspended, closed, reopened)."""

    __tablename__ = "business_status_event"
    # The status on a date (coverage): "no later event on or before the date" is answered from the index.
    __table_args__ = (Index("ix_business_status_event_business_on", "business_id", "effective_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    effective_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class BusinessLatestStatusRecord(Base):
    """Each business's latest status event (by effective_on, then id): its status on any day on or after
    `effective_on`. Derived from business_status_event and written in the same transaction as each event
    (storage/repositories/businesses.py), so that the status on a day needs the events only of the few
    businesses whose latest event comes after that day."""

    # No index on effective_on: the coverage reads it in business order (its key), a few milliseconds.
    __tablename__ = "business_latest_status"

    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(12))
    effective_on: Mapped[date] = mapped_column(Date)


class ReviewRoundRecord(Base):
    """A periodic review (rà soát) of the register: every 6 months and yearly."""

    __tablename__ = "review_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    period_kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    started_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewCheckRecord(Base):
    """One business checked in a review round."""

    __tablename__ = "review_check"
    __table_args__ = (UniqueConstraint("round_id", "business_id", name="uq_review_check_round_business"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id"), index=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(12))
    checked_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ChangeLogRecord(Base):
    """What changed in a record, field by field: kept so that edits can be reviewed and undone by hand."""

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_entity", "entity", "entity_id"),
        # The entries a transaction still has to seal: a partial index that stays (almost) empty.
        Index(
            "ix_change_log_unsealed",
            "id",
            sqlite_where=text("hash IS NULL"),
            postgresql_where=text("hash IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(60), default="")  # who; empty until users sign in
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # on the chain; set at commit


class UserRecord(Base):
    """An account. Never deleted: `active` false disables it, so the audit trail keeps pointing at it."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)  # normalised (NFC, case-folded)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))  # Argon2id, with its own salt and parameters
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AppSettingRecord(Base):
    """A business setting of the office (e.g. the commitment validity rule), as a key and a JSON value."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class CommitmentRecord(Base):
    """An owner ↔ commune People's Committee commitment. Never deleted: `voided` marks a mistake."""

    __tablename__ = "commitment"
    __table_args__ = (
        # voided too: "signed before the day" (coverage) is answered from the index alone
        Index("ix_commitment_business_from", "business_id", "valid_from", "voided"),
        # Coverage on a date reads only the commitments still running then, from this index alone.
        Index("ix_commitment_valid_to", "valid_to", "business_id", "valid_from", "invalidated_on", "voided"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"))
    signed_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    document_number: Mapped[str] = mapped_column(String(50), default="")
    representative_name: Mapped[str] = mapped_column(String(100), default="")
    representative_position: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    invalidated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    invalidated_reason: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CommitmentAttachmentRecord(Base):
    """A scanned copy of a commitment, stored in the attachments folder under its checksum."""

    __tablename__ = "commitment_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(DateTime)


class ScanFileRecord(Base):
    """The content of a scanned copy, on a database server only (a SQLite office keeps its scans as files
    beside the database): every PC of the office sees them, and the server's backups hold them."""

    __tablename__ = "scan_file"

    stored_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class EmployeeRecord(Base):
    """An employee of a business and the date they signed their commitment with the owner."""

    __tablename__ = "employee"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    id_number: Mapped[str] = mapped_column(String(12), default="")
    position: Mapped[str] = mapped_column(String(100), default="")
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EmployeeCountRecord(Base):
    """Where the office only counts: employees and how many signed, as of a date (history kept)."""

    __tablename__ = "employee_count"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    employees: Mapped[int] = mapped_column(Integer)
    signed: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class LegalBasisRecord(Base):
    """An entry of the legal-basis catalogue (decree – article – clause – point); edited, never deleted."""

    __tablename__ = "legal_basis"
    __table_args__ = (UniqueConstraint("decree", "article", "clause", "point", name="uq_legal_basis_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decree: Mapped[str] = mapped_column(String(50))
    article: Mapped[str] = mapped_column(String(10))
    clause: Mapped[str] = mapped_column(String(10), default="")
    point: Mapped[str] = mapped_column(String(10), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # From the penalty catalogue (resources/legal): fine range of an individual, validity and source.
    # catalogue_version "" marks an entry added by hand.
    fine_min: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    fine_max: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    organisation_factor: Mapped[int] = mapped_column(Integer, default=2)
    applies_to: Mapped[str] = mapped_column(String(40), default="")  # "individual,organisation"
    warning_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    catalogue_version: Mapped[str] = mapped_column(String(40), default="")
    replaces: Mapped[str] = mapped_column(Text, default="")  # "decree|article|clause|point" per line


class InspectionRoundRecord(Base):
    """An inspection round (đợt kiểm tra) of a team, on a plan. Never deleted: `voided` marks a mistake."""

    __tablename__ = "inspection_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_number: Mapped[str] = mapped_column(String(50))
    plan_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # the decision that set up the team (Quyết định thành lập Đoàn/Đội), printed in the minutes
    decision_number: Mapped[str] = mapped_column(String(50), default="")
    decision_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    team_name: Mapped[str] = mapped_column(String(200))
    team_level: Mapped[str] = mapped_column(String(20))
    members: Mapped[str] = mapped_column(Text, default="")  # one member per line
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(20), default="all")
    notes: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class InspectionRoundScopeRecord(Base):
    """A commune or a business a round is limited to (none: the whole territory)."""

    __tablename__ = "inspection_round_scope"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("inspection_round.id"), index=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"), nullable=True)
    business_id: Mapped[int | None] = mapped_column(ForeignKey("business.id"), nullable=True)


# The predicates of the partial indexes of visits, as SQLite and PostgreSQL render the repositories'
# conditions (both planners match a query's terms against them as written).
VISIT_DONE_SQLITE = "voided IS 0 AND result != 'planned'"
VISIT_DONE_POSTGRESQL = "voided IS false AND result != 'planned'"
VISIT_OUTCOME_SQLITE = "(result != 'none' OR prostitution_related IS 1 OR coalesce(fine_vnd, 0) != 0)"
VISIT_OUTCOME_POSTGRESQL = "(result != 'none' OR prostitution_related IS true OR coalesce(fine_vnd, 0) != 0)"


class InspectionVisitRecord(Base):
    """A visit (lượt kiểm tra) to a business, planned or done, with its result. `voided` marks a mistake."""

    __tablename__ = "inspection_visit"
    __table_args__ = (
        # A business's history, and the register's statuses of every business read from the index alone.
        Index("ix_inspection_visit_business_done", "business_id", "visit_date", "result", "voided"),
        # A period's visits as the list shows them (their rows).
        Index("ix_inspection_visit_date", "visit_date"),
        # The figures of a period (coverage, the report): its done visits, from this narrow index alone,
        # then those with an outcome to count (a fifth) from the next. Partial: a query is answered from
        # them when its WHERE repeats the predicate as written here (repositories/inspections.py,
        # done_between and with_outcome); each covers its queries, so that SQLite's planner takes it with
        # or without statistics (tests/unit/test_visit_indexes.py).
        Index(
            "ix_inspection_visit_done_day",
            "visit_date",
            "business_id",
            sqlite_where=text(VISIT_DONE_SQLITE),
            postgresql_where=text(VISIT_DONE_POSTGRESQL),
        ),
        Index(
            "ix_inspection_visit_outcome_day",
            "visit_date",
            "business_id",
            "result",
            "prostitution_related",
            "fine_vnd",
            "voided",
            "penalty_kinds",
            sqlite_where=text(f"{VISIT_DONE_SQLITE} AND {VISIT_OUTCOME_SQLITE}"),
            postgresql_where=text(f"{VISIT_DONE_POSTGRESQL} AND {VISIT_OUTCOME_POSTGRESQL}"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_round.id"), nullable=True, index=True)
    visit_date: Mapped[date] = mapped_column(Date)
    visit_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    members_present: Mapped[str] = mapped_column(Text, default="")  # one member per line
    checklist: Mapped[str] = mapped_column(Text, default="{}")  # JSON: item → "ok" | "problem"
    findings: Mapped[str] = mapped_column(Text, default="")
    minutes_number: Mapped[str] = mapped_column(String(50), default="")
    result: Mapped[str] = mapped_column(String(20))
    prostitution_related: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_number: Mapped[str] = mapped_column(String(50), default="")
    decision_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    fine_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    extra_measures: Mapped[str] = mapped_column(Text, default="")
    offender_kind: Mapped[str] = mapped_column(String(20), default="organisation")
    penalty_kinds: Mapped[str] = mapped_column(String(200), default="")  # comma-separated PENALTY_* keys
    follow_up_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    follows_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection_visit.id"), nullable=True, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class VisitLegalBasisRecord(Base):
    """A legal basis a penalty decision rests on."""

    __tablename__ = "inspection_visit_legal_basis"

    visit_id: Mapped[int] = mapped_column(ForeignKey("inspection_visit.id"), primary_key=True)
    legal_basis_id: Mapped[int] = mapped_column(ForeignKey("legal_basis.id"), primary_key=True)


class HotspotRecord(Base):
    """A prostitution hot-spot (tụ điểm): where, when found and when eliminated. `voided` marks a mistake."""

    __tablename__ = "hotspot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place: Mapped[str] = mapped_column(String(300))
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    found_on: Mapped[date] = mapped_column(Date)
    eliminated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SupportCaseRecord(Base):
    """A support case: pseudonymous (its code is the only identifier shown on lists and in figures)."""

    __tablename__ = "support_case"
    __table_args__ = (UniqueConstraint("year", "number"), Index("ix_support_case_status", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    intake_date: Mapped[date] = mapped_column(Date)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    referral_source: Mapped[str] = mapped_column(String(200), default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    consent_on: Mapped[date] = mapped_column(Date)
    consent_way: Mapped[str] = mapped_column(String(20))
    assigned_worker: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(20))
    close_reason: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    deidentified: Mapped[bool] = mapped_column(Boolean, default=False)
    # Withdrawal of consent (Law 91/2025/QH15 Art. 4): the day, how it was made, a note (migration 0014).
    consent_withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_withdrawn_way: Mapped[str] = mapped_column(String(20), default="")
    consent_withdrawn_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CaseIdentityRecord(Base):
    """Who a case is about, kept apart from the case; erased (not deleted) when the case is de-identified."""

    __tablename__ = "case_identity"

    case_id: Mapped[int] = mapped_column(ForeignKey("support_case.id"), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    name_key: Mapped[str] = mapped_column(String(120), default="", index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sex: Mapped[str] = mapped_column(String(10), default="")
    id_number: Mapped[str] = mapped_column(String(12), default="", index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    erased_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class CaseServiceRecord(Base):
    """One service given to a case, dated; the kind's own fields are a JSON object in `details`."""

    __tablename__ = "case_service"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("support_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    given_on: Mapped[date] = mapped_column(Date, index=True)
    provider: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoanRepaymentRecord(Base):
    __tablename__ = "loan_repayment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("case_service.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CaseFollowUpRecord(Base):
    """A planned contact with a case, and when it was done."""

    __tablename__ = "case_follow_up"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("support_case.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CommunicationEventRecord(Base):
    """A communication event (tuyên truyền) held in a commune. `voided` marks a mistake."""

    __tablename__ = "communication_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    form: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class TrainingClassRecord(Base):
    """A staff training class (tập huấn); no commune for a class of the office. `voided` marks a mistake."""

    __tablename__ = "training_class"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300))
    organiser: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[int] = mapped_column(Integer, default=0)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class HealthyCommuneStatusRecord(Base):
    """A commune's «xã, phường lành mạnh không có tệ nạn mại dâm» status for one year; one row per commune
    and year, `voided` when it was recorded by mistake (saving it again brings the row back)."""

    __tablename__ = "healthy_commune_status"
    __table_args__ = (UniqueConstraint("commune_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    registered: Mapped[bool] = mapped_column(Boolean, default=False)
    recognised: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_number: Mapped[str] = mapped_column(String(50), default="")
    decision_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class IssuedReportRecord(Base):
    """A report as issued (ban hành): never updated nor deleted (the database refuses both); a corrected
    report is a new row that names the one it replaces."""

    __tablename__ = "issued_report"
    __table_args__ = (Index("ix_issued_report_template_period", "template_id", "period_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    template_id: Mapped[str] = mapped_column(String(100))
    period_code: Mapped[str] = mapped_column(String(40))
    period_label: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(50))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("issued_report.id"), nullable=True)
    figures: Mapped[str] = mapped_column(Text)  # the whole report result as JSON
    template: Mapped[str] = mapped_column(Text)  # the template's JSON it was laid out with


class IssuedReportFileRecord(Base):
    """A file of an issued report, byte for byte as it was issued (Excel, PDF, data package)."""

    __tablename__ = "issued_report_file"
    __table_args__ = (UniqueConstraint("issued_report_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issued_report_id: Mapped[int] = mapped_column(ForeignKey("issued_report.id"))
    kind: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReportEnteredValueRecord(Base):
    """A figure typed in for a report (an indicator the template declares as entered): for one period code
    and template, for the whole unit (commune None) or one commune; who saved it last and when."""

    __tablename__ = "report_entered_value"
    __table_args__ = (Index("ix_report_entered_value_period", "period_code", "template_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_code: Mapped[str] = mapped_column(String(40))
    template_id: Mapped[str] = mapped_column(String(100))
    indicator_id: Mapped[str] = mapped_column(String(60))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"), nullable=True)
    value: Mapped[int] = mapped_column(BigInteger)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
