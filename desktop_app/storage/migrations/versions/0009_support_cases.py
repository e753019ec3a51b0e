"""Support cases: the pseudonymous case, its identity kept apart, services (loans with repayments), follow-ups.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "support_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("intake_date", sa.Date(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("referral_source", sa.String(length=200), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=False),
        sa.Column("consent_way", sa.String(length=20), nullable=False),
        sa.Column("assigned_worker", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("close_reason", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deidentified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_support_case_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_case")),
        sa.UniqueConstraint("code", name=op.f("uq_support_case_code")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_support_case_year")),
    )
    op.create_index(op.f("ix_support_case_commune_id"), "support_case", ["commune_id"], unique=False)
    op.create_index("ix_support_case_status", "support_case", ["status"], unique=False)
    op.create_table(
        "case_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_follow_up_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_follow_up")),
    )
    op.create_index(op.f("ix_case_follow_up_case_id"), "case_follow_up", ["case_id"], unique=False)
    op.create_table(
        "case_identity",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=False),
        sa.Column("id_number", sa.String(length=12), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_identity_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_identity")),
    )
    op.create_index(op.f("ix_case_identity_id_number"), "case_identity", ["id_number"], unique=False)
    op.create_index(op.f("ix_case_identity_name_key"), "case_identity", ["name_key"], unique=False)
    op.create_table(
        "case_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_service_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_service")),
    )
    op.create_index(op.f("ix_case_service_case_id"), "case_service", ["case_id"], unique=False)
    op.create_index(op.f("ix_case_service_given_on"), "case_service", ["given_on"], unique=False)
    op.create_table(
        "loan_repayment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["case_service.id"], name=op.f("fk_loan_repayment_service_id_case_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_repayment")),
    )
    op.create_index(op.f("ix_loan_repayment_service_id"), "loan_repayment", ["service_id"], unique=False)


def downgrade() -> None:
    for table in ("loan_repayment", "case_service", "case_identity", "case_follow_up", "support_case"):
        op.drop_table(table)
