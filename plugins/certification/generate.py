"""Benchmark rows for ``flask qi generate``: ``bodies`` certification bodies, one per generated
institution (every other one; the IP plugin takes the others)."""
from __future__ import annotations

import datetime as dt

from app.kit import bulk_insert

from .models import CertificationBody


def generate(ctx) -> dict:
    institutions = ctx.organisation_ids("institution")[0::2][:ctx.count("bodies")]
    return {"cert_body": bulk_insert(ctx.session, CertificationBody, (
        {"organisation_id": oid, "approval_number": f"CNCA-R-G{k:08d}", "scope_types": "product",
         "scope_detail": None, "valid_until": dt.date(2028, 12, 31)} for k, oid in enumerate(institutions)))}
