"""Repositories: queries and writes over one Session, returning frozen read models."""
