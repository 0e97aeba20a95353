"""Samples at park service stations (clause 4.2.1-1): received for a need, sent to the institution,
tested, report issued, report handed over; each step timed and written to the need's history."""
