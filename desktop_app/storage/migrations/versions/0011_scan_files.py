"""Scanned copies kept in the database on a server (a SQLite office keeps them as files beside its file).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_file",
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("stored_name", name=op.f("pk_scan_file")),
    )


def downgrade() -> None:
    op.drop_table("scan_file")
