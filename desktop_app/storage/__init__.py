"""Persistence: SQLAlchemy models, engine, migrations and repositories returning read models."""
