"""Indexes for commitment coverage on a date: running commitments by end date, status events by date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_commitment_valid_to",
            ["valid_to", "business_id", "valid_from", "invalidated_on", "voided"],
            unique=False,
        )
    with op.batch_alter_table("business_status_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_business_status_event_business_on", ["business_id", "effective_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("business_status_event", schema=None) as batch_op:
        batch_op.drop_index("ix_business_status_event_business_on")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_valid_to")
