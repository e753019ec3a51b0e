"""The office profile, communes, business types and the business register with status history.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "business_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("synonyms", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_type")),
        sa.UniqueConstraint("code", name=op.f("uq_business_type_code")),
    )
    op.create_table(
        "commune",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("search_key", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commune")),
    )
    op.create_index(op.f("ix_commune_search_key"), "commune", ["search_key"], unique=False)
    op.create_table(
        "office_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuing_unit", sa.String(length=300), nullable=False),
        sa.Column("parent_unit", sa.String(length=300), nullable=False),
        sa.Column("place_name", sa.String(length=100), nullable=False),
        sa.Column("upward_recipient", sa.String(length=300), nullable=False),
        sa.Column("signer_name", sa.String(length=100), nullable=False),
        sa.Column("signer_position", sa.String(length=100), nullable=False),
        sa.Column("signer_authority", sa.String(length=10), nullable=False),
        sa.Column("document_symbol", sa.String(length=50), nullable=False),
        sa.Column("jurisdiction_kind", sa.String(length=20), nullable=False),
        sa.Column("province_code", sa.String(length=10), nullable=False),
        sa.Column("province_name", sa.String(length=100), nullable=False),
        sa.Column("district_code", sa.String(length=10), nullable=False),
        sa.Column("district_name", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_profile")),
    )
    op.create_table(
        "business",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("owner_name", sa.String(length=100), nullable=False),
        sa.Column("owner_id_number", sa.String(length=12), nullable=False),
        sa.Column("owner_phone", sa.String(length=15), nullable=False),
        sa.Column("registration_number", sa.String(length=30), nullable=False),
        sa.Column("registration_date", sa.Date(), nullable=True),
        sa.Column("sub_licences", sa.Text(), nullable=False),
        sa.Column("rooms", sa.Integer(), nullable=True),
        sa.Column("employees_total", sa.Integer(), nullable=True),
        sa.Column("employees_female", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=True),
        sa.Column("complex_area", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_business_commune_id_commune")),
        sa.ForeignKeyConstraint(
            ["type_id"], ["business_type.id"], name=op.f("fk_business_type_id_business_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business")),
    )
    op.create_index("ix_business_commune_type", "business", ["commune_id", "type_id"], unique=False)
    op.create_index(
        op.f("ix_business_registration_number"), "business", ["registration_number"], unique=False
    )
    op.create_table(
        "business_status_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["business.id"], name=op.f("fk_business_status_event_business_id_business")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_status_event")),
    )
    op.create_index(
        op.f("ix_business_status_event_business_id"), "business_status_event", ["business_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("business_status_event")
    op.drop_table("business")
    op.drop_table("office_profile")
    op.drop_table("commune")
    op.drop_table("business_type")
