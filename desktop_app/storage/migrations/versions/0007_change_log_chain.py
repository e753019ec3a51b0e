"""The change log as a hash chain: who (actor) and the entry's hash; the existing entries are sealed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from desktop_app.domain.audit import ChainHead, LogEntry, extend

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

HEAD_KEY = "audit.chain_head"


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor", sa.String(length=60), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_change_log_unsealed",
            ["id"],
            unique=False,
            sqlite_where=sa.text("hash IS NULL"),
            postgresql_where=sa.text("hash IS NULL"),
        )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, entity, entity_id, action, changes, at, actor FROM change_log ORDER BY id")
    ).all()
    entries = [LogEntry(r[0], r[1], r[2], r[3], r[4] or "", _when(r[5]), r[6] or "") for r in rows]
    hashes, head = extend(ChainHead(), entries)
    if hashes:
        bind.execute(
            sa.text("UPDATE change_log SET hash = :hash WHERE id = :id"),
            [{"id": i, "hash": h} for i, h in hashes],
        )
    bind.execute(
        sa.text("INSERT INTO app_setting (key, value) VALUES (:key, :value)"),
        {"key": HEAD_KEY, "value": json.dumps({"count": head.count, "last_hash": head.last_hash})},
    )


def downgrade() -> None:
    op.execute(sa.text(f"DELETE FROM app_setting WHERE key = '{HEAD_KEY}'"))
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_unsealed")
        batch_op.drop_column("hash")
        batch_op.drop_column("actor")
