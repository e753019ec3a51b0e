"""Communes with a life span and a list, the office's own unit, and business values kept by date.

- commune: the official list its code comes from ("legacy" before 1/7/2025, "2025"), valid from/to, and
  its successors (commune_successor);
- office_profile: the office kind and its own unit (code and list);
- business_version: a business's commune, type, employees and owner by the date they took effect. Each
  existing business gets one version holding its present values from its registration date (or the day
  it was entered), so that every report computed before this migration gives the same figures after it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy: businesses refer to communes). The empty server default stays.
    op.add_column("commune", sa.Column("unit_list", sa.String(length=10), nullable=False, server_default=""))
    op.add_column("commune", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("commune", sa.Column("valid_to", sa.Date(), nullable=True))
    for name in ("office_kind", "unit_code", "unit_list"):
        op.add_column(
            "office_profile", sa.Column(name, sa.String(length=10), nullable=False, server_default="")
        )
    op.create_table(
        "commune_successor",
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_commune_successor_commune_id_commune")
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["commune.id"], name=op.f("fk_commune_successor_successor_id_commune")
        ),
        sa.PrimaryKeyConstraint("commune_id", "successor_id", name=op.f("pk_commune_successor")),
    )
    op.create_table(
        "business_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("employees_total", sa.Integer(), nullable=True),
        sa.Column("employees_female", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=100), nullable=False),
        sa.Column("owner_id_number", sa.String(length=12), nullable=False),
        sa.Column("owner_phone", sa.String(length=15), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id"], ["business.id"], name=op.f("fk_business_version_business_id_business")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_business_version_commune_id_commune")
        ),
        sa.ForeignKeyConstraint(
            ["type_id"], ["business_type.id"], name=op.f("fk_business_version_type_id_business_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_version")),
    )
    op.create_index(
        "ix_business_version_business_on", "business_version", ["business_id", "effective_on"], unique=False
    )
    # Existing data: the communes of a district office come from the pre-2025 list (they ended on
    # 30/6/2025); those of an office set up from a 2025 province list begin on 1/7/2025.
    op.execute(
        "UPDATE commune SET unit_list = 'legacy', valid_to = '2025-06-30' WHERE code <> '' AND EXISTS "
        "(SELECT 1 FROM office_profile p WHERE p.jurisdiction_kind = 'legacy_district')"
    )
    op.execute(
        "UPDATE commune SET unit_list = '2025', valid_from = '2025-07-01' WHERE code <> '' AND EXISTS "
        "(SELECT 1 FROM office_profile p WHERE p.jurisdiction_kind = 'province_2025')"
    )
    op.execute(
        "UPDATE office_profile SET office_kind = 'huyen-cu', unit_code = district_code, unit_list = 'legacy' "
        "WHERE jurisdiction_kind = 'legacy_district'"
    )
    # One version per business with its present values. The date: registration, else the day entered.
    day = "date(created_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(created_at AS DATE)"
    op.execute(
        "INSERT INTO business_version (business_id, effective_on, commune_id, type_id, employees_total, "
        "employees_female, owner_name, owner_id_number, owner_phone, note, recorded_at) "
        f"SELECT id, COALESCE(registration_date, {day}), commune_id, type_id, "
        "employees_total, employees_female, owner_name, owner_id_number, owner_phone, '', created_at "
        "FROM business"
    )


def downgrade() -> None:
    op.drop_index("ix_business_version_business_on", table_name="business_version")
    op.drop_table("business_version")
    op.drop_table("commune_successor")
    with op.batch_alter_table("office_profile") as batch:
        batch.drop_column("unit_list")
        batch.drop_column("unit_code")
        batch.drop_column("office_kind")
    with op.batch_alter_table("commune") as batch:
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
        batch.drop_column("unit_list")
