"""Alembic environment: runs on the connection handed over by desktop_app.storage.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from desktop_app.storage.models import Base


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:  # pragma: no cover - the app always passes a connection
    raise RuntimeError("Migrations run only through desktop_app.storage.migrate")
run_migrations(_connection)
