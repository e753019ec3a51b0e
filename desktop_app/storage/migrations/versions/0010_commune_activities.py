"""Commune activities: communication events, staff training classes, the yearly «xã, phường lành mạnh không
có tệ nạn mại dâm» status of each commune.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "communication_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_communication_event_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communication_event")),
    )
    op.create_index(
        op.f("ix_communication_event_commune_id"), "communication_event", ["commune_id"], unique=False
    )
    op.create_index(op.f("ix_communication_event_held_on"), "communication_event", ["held_on"], unique=False)
    op.create_table(
        "training_class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_training_class_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_class")),
    )
    op.create_index(op.f("ix_training_class_held_on"), "training_class", ["held_on"], unique=False)
    op.create_table(
        "healthy_commune_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Boolean(), nullable=False),
        sa.Column("recognised", sa.Boolean(), nullable=False),
        sa.Column("decision_number", sa.String(length=50), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_healthy_commune_status_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_healthy_commune_status")),
        sa.UniqueConstraint("commune_id", "year", name=op.f("uq_healthy_commune_status_commune_id")),
    )
    op.create_index(op.f("ix_healthy_commune_status_year"), "healthy_commune_status", ["year"], unique=False)


def downgrade() -> None:
    for table in ("healthy_commune_status", "training_class", "communication_event"):
        op.drop_table(table)
