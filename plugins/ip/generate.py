"""Benchmark rows for ``flask qi generate``: ``bodies`` IP service agencies, one per generated
institution (every other one; the certification plugin takes the others)."""
from __future__ import annotations

from app.kit import bulk_insert

from .models import IpAgency


def generate(ctx) -> dict:
    institutions = ctx.organisation_ids("institution")[1::2][:ctx.count("bodies")]
    return {"ip_agency": bulk_insert(ctx.session, IpAgency, (
        {"organisation_id": oid, "agency_code": f"{64000 + k % 1000}", "services": "patent", "agents": k % 20,
         "description": None} for k, oid in enumerate(institutions)))}
