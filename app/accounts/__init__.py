"""Organisations, registration and review, changes, deregistration (clauses 6.1-1 … 6.1-6)."""
