"""Figures typed in for a report: the indicators a province's template declares as entered, per period.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_entered_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_code", sa.String(length=40), nullable=False),
        sa.Column("template_id", sa.String(length=100), nullable=False),
        sa.Column("indicator_id", sa.String(length=60), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_report_entered_value_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_entered_value")),
    )
    op.create_index(
        "ix_report_entered_value_period", "report_entered_value", ["period_code", "template_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_report_entered_value_period", table_name="report_entered_value")
    op.drop_table("report_entered_value")
