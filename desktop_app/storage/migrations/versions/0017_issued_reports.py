"""Issued reports: a report frozen as sent (figures, template, files), never updated nor deleted.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = ("issued_report", "issued_report_file")
REFUSAL = "Báo cáo đã ban hành không sửa, không xóa được."


def upgrade() -> None:
    op.create_table(
        "issued_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("template_id", sa.String(length=100), nullable=False),
        sa.Column("period_code", sa.String(length=40), nullable=False),
        sa.Column("period_label", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["issued_report.id"], name=op.f("fk_issued_report_replaces_id_issued_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_report")),
        sa.UniqueConstraint("uid", name=op.f("uq_issued_report_uid")),
    )
    op.create_index("ix_issued_report_template_period", "issued_report", ["template_id", "period_code"])
    op.create_table(
        "issued_report_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_report_id"],
            ["issued_report.id"],
            name=op.f("fk_issued_report_file_issued_report_id_issued_report"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_report_file")),
        sa.UniqueConstraint("issued_report_id", "kind", name=op.f("uq_issued_report_file_issued_report_id")),
    )
    # The database itself refuses to change an issued report, whatever program writes to it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION issued_report_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE PROCEDURE issued_report_frozen()"
            )
    else:
        for table in TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")
        op.execute("DROP FUNCTION IF EXISTS issued_report_frozen()")
    op.drop_table("issued_report_file")
    op.drop_index("ix_issued_report_template_period", table_name="issued_report")
    op.drop_table("issued_report")
