"""The register's inspection statuses read from one covering index: (business, date, result, voided)
replaces (business, date).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection_visit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_visit_business_done",
            ["business_id", "visit_date", "result", "voided"],
            unique=False,
        )
        batch_op.drop_index("ix_inspection_visit_business_date")


def downgrade() -> None:
    with op.batch_alter_table("inspection_visit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_visit_business_date", ["business_id", "visit_date"], unique=False
        )
        batch_op.drop_index("ix_inspection_visit_business_done")
