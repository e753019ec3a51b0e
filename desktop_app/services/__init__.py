"""Use cases: one public method is one user action and one transaction."""
