"""Complaints (投诉, clauses 6.4.2-1 … 6.4.2-3): intake on every channel, investigation, forwarding
to the institution, the outcome told to the complainant."""
