"""A support case records the withdrawal of consent (Law 91/2025/QH15 Art. 4): its date, how, a note.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy: services and follow-ups refer to cases). The empty defaults stay.
    op.add_column("support_case", sa.Column("consent_withdrawn_on", sa.Date(), nullable=True))
    op.add_column(
        "support_case",
        sa.Column("consent_withdrawn_way", sa.String(length=20), nullable=False, server_default=""),
    )
    op.add_column(
        "support_case", sa.Column("consent_withdrawn_note", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("support_case") as batch:
        batch.drop_column("consent_withdrawn_note")
        batch.drop_column("consent_withdrawn_way")
        batch.drop_column("consent_withdrawn_on")
