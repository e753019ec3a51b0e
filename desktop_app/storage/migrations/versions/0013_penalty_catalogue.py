"""The penalty catalogue as data.

- legal_basis gains the fine range of an individual, the organisation factor, whom the act applies to,
  whether a warning is allowed, the dates it applies, its source, whether it was verified, the catalogue
  version and the act it replaced in the former decree;
- a visit gains the offender's kind and its kinds of penalty (a recorded fine reads as «phạt tiền»);
- the shipped catalogue (resources/legal/penalty_catalogue.json) is loaded: the five entries seeded by 0005
  become catalogue entries (updated when the catalogue has them, retired otherwise); visits keep their links;
- the café business type is named without slang («Cà phê, giải khát») where the office kept the old name.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_LEGAL_COLUMNS = [
    sa.Column("fine_min", sa.BigInteger(), nullable=True),
    sa.Column("fine_max", sa.BigInteger(), nullable=True),
    sa.Column("organisation_factor", sa.Integer(), nullable=False, server_default="2"),
    sa.Column("applies_to", sa.String(length=40), nullable=False, server_default=""),
    sa.Column("warning_allowed", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("valid_from", sa.Date(), nullable=True),
    sa.Column("valid_to", sa.Date(), nullable=True),
    sa.Column("source", sa.Text(), nullable=False, server_default=""),
    sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("catalogue_version", sa.String(length=40), nullable=False, server_default=""),
    sa.Column("replaces", sa.Text(), nullable=False, server_default=""),
]


def upgrade() -> None:
    for column in _LEGAL_COLUMNS:
        op.add_column("legal_basis", column)
    op.add_column(
        "inspection_visit",
        sa.Column("offender_kind", sa.String(length=20), nullable=False, server_default="organisation"),
    )
    op.add_column(
        "inspection_visit", sa.Column("penalty_kinds", sa.String(length=200), nullable=False, server_default="")
    )
    # Existing penalties with a fine were fines: record the kind so that they read the same. Whom they
    # punished was not recorded: "" lets the cited acts decide (see domain.legal.resolve_offender).
    op.execute(
        "UPDATE inspection_visit SET penalty_kinds = 'fine' WHERE result = 'penalty' AND fine_vnd > 0"
    )
    op.execute("UPDATE inspection_visit SET offender_kind = '' WHERE result = 'penalty'")
    # The 0005 seed came from the shipped catalogue of that time.
    op.execute(
        "UPDATE legal_basis SET catalogue_version = '0005' WHERE decree IN ('282/2025/NĐ-CP', '144/2021/NĐ-CP')"
        " AND article IN ('24', '25', '32')"
    )
    # Words an owner signs: the café type loses its slang name where the office kept the shipped one.
    op.execute(
        "UPDATE business_type SET name = 'Cà phê, giải khát' "
        "WHERE code = 'CF' AND name = 'Cà phê giải khát (đèn mờ)'"
    )
    from desktop_app.storage.repositories.legal import bundled_catalogue_path, read_catalogue, sync_catalogue

    sync_catalogue(op.get_bind(), read_catalogue(bundled_catalogue_path()))


def downgrade() -> None:
    with op.batch_alter_table("inspection_visit", schema=None) as batch_op:
        batch_op.drop_column("penalty_kinds")
        batch_op.drop_column("offender_kind")
    with op.batch_alter_table("legal_basis", schema=None) as batch_op:
        for column in reversed(_LEGAL_COLUMNS):
            batch_op.drop_column(column.name)
