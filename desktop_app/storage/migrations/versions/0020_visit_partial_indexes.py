"""The figures of a period at 500,000 visits, read cold: its done visits, and those with an outcome to count,
from two narrow partial indexes by day, instead of the one wide ix_inspection_visit_date (now the day alone,
for the list of a period's visits).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# As models.VISIT_DONE_* and VISIT_OUTCOME_* (a migration keeps the text it was written with).
DONE_SQLITE = "voided IS 0 AND result != 'planned'"
DONE_POSTGRESQL = "voided IS false AND result != 'planned'"
OUTCOME_SQLITE = "(result != 'none' OR prostitution_related IS 1 OR coalesce(fine_vnd, 0) != 0)"
OUTCOME_POSTGRESQL = "(result != 'none' OR prostitution_related IS true OR coalesce(fine_vnd, 0) != 0)"
WIDE = ["visit_date", "business_id", "result", "voided", "prostitution_related", "fine_vnd"]


def upgrade() -> None:
    with op.batch_alter_table("inspection_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_visit_date")
        batch_op.create_index("ix_inspection_visit_date", ["visit_date"], unique=False)
        batch_op.create_index(
            "ix_inspection_visit_done_day",
            ["visit_date", "business_id"],
            unique=False,
            sqlite_where=sa.text(DONE_SQLITE),
            postgresql_where=sa.text(DONE_POSTGRESQL),
        )
        batch_op.create_index(
            "ix_inspection_visit_outcome_day",
            [
                "visit_date",
                "business_id",
                "result",
                "prostitution_related",
                "fine_vnd",
                "voided",
                "penalty_kinds",
            ],
            unique=False,
            sqlite_where=sa.text(f"{DONE_SQLITE} AND {OUTCOME_SQLITE}"),
            postgresql_where=sa.text(f"{DONE_POSTGRESQL} AND {OUTCOME_POSTGRESQL}"),
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_visit_outcome_day")
        batch_op.drop_index("ix_inspection_visit_done_day")
        batch_op.drop_index("ix_inspection_visit_date")
        batch_op.create_index("ix_inspection_visit_date", WIDE, unique=False)
