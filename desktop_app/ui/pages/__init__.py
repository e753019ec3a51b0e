"""Register pages."""
