"""Unified search over guides, items, institutions and every plugin's records (clause 6.2-2, 6.2-3)."""
