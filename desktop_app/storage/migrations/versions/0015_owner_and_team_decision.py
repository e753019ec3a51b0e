"""A business's owner has a date of birth and a residence; a round, the decision that set up its team.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy: many tables refer to businesses and rounds). Existing rows: unknown.
    op.add_column("business", sa.Column("owner_birth_date", sa.Date(), nullable=True))
    op.add_column(
        "business",
        sa.Column("owner_residence", sa.String(length=300), nullable=False, server_default=""),
    )
    op.add_column(
        "inspection_round",
        sa.Column("decision_number", sa.String(length=50), nullable=False, server_default=""),
    )
    op.add_column("inspection_round", sa.Column("decision_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspection_round") as batch:
        batch.drop_column("decision_date")
        batch.drop_column("decision_number")
    with op.batch_alter_table("business") as batch:
        batch.drop_column("owner_residence")
        batch.drop_column("owner_birth_date")
