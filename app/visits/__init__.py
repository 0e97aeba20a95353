"""Visits to enterprises (走访, clause 6.3.1-2): window and platform staff plan them, log them or
cancel them, file the needs collected on them (channel "visit") and report on them per window."""
