"""Organisations with their history, attachments and change requests; some wait for review."""
from __future__ import annotations

import datetime as dt
import random

from ..accounts.models import (APPROVED, SUBMITTED, ChangeRequest, Organisation, OrganisationAttachment,
                               OrganisationEvent)
from .bulk import bulk_insert
from .search import FIELDS, FORMS, PLACES, SUBJECTS, WORDS

BASE = dt.datetime(2025, 1, 6, 9, 0)  # a fixed clock: the same seed gives the same rows
TYPES = ["testing", "metrology", "metrology,testing", "certification", "ip_agency"]
PURPOSES = ["licence", "application_form", "qualification", "integrity", "capability"]


def _organisations(ctx, n: int, pending: int):
    from . import MARK

    rng = random.Random(ctx.seed + 10)
    for i in range(n):
        code, district = rng.choice(PLACES)
        institution = i % 3 == 0
        waiting = i >= n - pending  # the last ones wait in the review queue
        submitted = BASE + dt.timedelta(minutes=7 * i)
        name = (f"{rng.choice(WORDS)}{district}{rng.choice(FIELDS)[1]}{rng.choice(FORMS)}{i}" if institution
                else f"{rng.choice(WORDS)}{rng.choice(SUBJECTS)}有限公司{i}")
        yield {"kind": "institution" if institution else "enterprise",
               "institution_types": rng.choice(TYPES) if institution else "", "uscc": f"{MARK}{i:015d}",
               "name": name, "legal_representative": f"{rng.choice('王李张刘陈杨马')}某{i % 100}",
               "address": f"{district}某路 {i % 500 + 1} 号", "region_code": code,
               "industry": rng.choice(SUBJECTS), "contact_person": f"联系人{i % 1000}",
               "contact_phone": f"0951-{5000000 + i % 4000000}", "description": None,
               "status": SUBMITTED if waiting else APPROVED, "submitted_on": submitted,
               "review_due_on": (submitted + dt.timedelta(days=5)).date() if waiting else None,
               "decided_on": None if waiting else submitted + dt.timedelta(days=2),
               "created_on": submitted, "changed_on": submitted}


def generate_organisations(ctx) -> dict:
    """``organisations`` (the last ``pending_reviews`` submitted), one event each, ``attachments``
    and ``change_requests`` (a tenth of them the demo enterprise's)."""
    n, pending = ctx.count("organisations"), ctx.count("pending_reviews")
    made = {"qi_organisation": bulk_insert(ctx.session, Organisation, _organisations(ctx, n, pending))}
    enterprises, institutions = ctx.organisation_ids("enterprise"), ctx.organisation_ids("institution")
    everyone = sorted(enterprises + institutions)
    made["qi_org_event"] = bulk_insert(ctx.session, OrganisationEvent, (
        {"organisation_id": oid, "action": "submitted" if k >= n - pending else "approved", "actor": "generate",
         "created_on": BASE + dt.timedelta(minutes=7 * k)} for k, oid in enumerate(everyone)))
    rng = random.Random(ctx.seed + 11)
    made["qi_org_change_request"] = bulk_insert(ctx.session, ChangeRequest, (
        {"organisation_id": ctx.owner(i, "enterprise", enterprises), "new_name": f"更名后的公司{i}",
         "new_address": None if i % 2 else f"新地址 {i} 号", "new_legal_representative": None,
         "changed_on_date": (BASE + dt.timedelta(days=i % 365)).date(), "old_values": {"name": f"原名称{i}"},
         "status": SUBMITTED if rng.random() < 0.9 else APPROVED, "submitted_on": BASE + dt.timedelta(minutes=11 * i),
         "review_due_on": (BASE + dt.timedelta(days=i % 365 + 5)).date()}
        for i in range(ctx.count("change_requests"))))
    made["qi_org_attachment"] = bulk_insert(ctx.session, OrganisationAttachment, (
        {"organisation_id": ctx.owner(i, "institution", institutions), "change_request_id": None,
         "purpose": PURPOSES[i % len(PURPOSES)], "filename": f"材料{i}.pdf", "stored_name": f"gen{i:020d}.pdf",
         "content_type": "application/pdf", "size": 10_000 + i % 90_000, "sha256": f"{i:064x}",
         "uploaded_by": "generate", "uploaded_on": BASE + dt.timedelta(minutes=5 * i)}
        for i in range(ctx.count("attachments"))))
    return made
