"""Coverage on a date at 100,000 businesses: each business's latest status event kept in a table of its own
(backfilled from the events), the businesses' communes and the commitments' "signed before" read from
covering indexes, the business versions after a day found from an index of their dates.

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None

# The event with no later one (by effective_on, then id) of each business: as the storage keeps it.
BACKFILL = """
INSERT INTO business_latest_status (business_id, status, effective_on)
SELECT e.business_id, e.status, e.effective_on
FROM business_status_event e
WHERE NOT EXISTS (
    SELECT 1 FROM business_status_event later
    WHERE later.business_id = e.business_id
      AND (later.effective_on > e.effective_on OR (later.effective_on = e.effective_on AND later.id > e.id))
)
"""


def upgrade() -> None:
    op.create_table(
        "business_latest_status",
        sa.Column("business_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["business.id"], name=op.f("fk_business_latest_status_business_id_business")
        ),
        sa.PrimaryKeyConstraint("business_id", name=op.f("pk_business_latest_status")),
    )
    op.execute(BACKFILL)
    with op.batch_alter_table("business", schema=None) as batch_op:
        batch_op.create_index("ix_business_voided_id_commune", ["voided", "id", "commune_id"], unique=False)
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_business_from")
        batch_op.create_index(
            "ix_commitment_business_from", ["business_id", "valid_from", "voided"], unique=False
        )
    with op.batch_alter_table("business_version", schema=None) as batch_op:
        batch_op.create_index("ix_business_version_on", ["effective_on", "business_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("business_version", schema=None) as batch_op:
        batch_op.drop_index("ix_business_version_on")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_business_from")
        batch_op.create_index("ix_commitment_business_from", ["business_id", "valid_from"], unique=False)
    with op.batch_alter_table("business", schema=None) as batch_op:
        batch_op.drop_index("ix_business_voided_id_commune")
    op.drop_table("business_latest_status")
