"""Needs (demands) with their history: a tenth filed by the demo enterprise, a tenth for the demo
institution, a tenth at the demo window staff's window."""
from __future__ import annotations

import datetime as dt
import hashlib
import random

from sqlalchemy import select

from ..needs.models import Need, NeedEvent
from ..needs.states import CLOSED, IN_SERVICE, PLANNED, RESPONDED, SUBMITTED
from .bulk import bulk_insert
from .orgs import BASE
from .search import ASPECTS, SUBJECTS

PREFIX = "GEN-"  # not the live numbering's XQ-: generated numbers never take a real case's number
OPEN_STATES = [SUBMITTED, SUBMITTED, RESPONDED, PLANNED, IN_SERVICE]


def _needs(ctx, enterprises, institutions):
    rng = random.Random(ctx.seed + 20)
    window = ctx.demo.get("window")
    n, open_needs = ctx.count("needs"), ctx.count("open_needs")
    for i in range(n):
        at = BASE + dt.timedelta(minutes=3 * i)
        # The newest ``open_needs`` are still open; the older ones were served and closed, as at a
        # centre that keeps up (the SLA board and the queues count the open ones).
        state = rng.choice(OPEN_STATES) if i >= n - open_needs else CLOSED
        yield {"number": f"{PREFIX}{i:09d}", "code_hash": hashlib.sha256(f"code{i}".encode()).hexdigest(),
               "token": f"gen{i:020d}", "need_type": "service",
               "organisation_id": ctx.owner(i, "enterprise", enterprises),
               "institution_id": ctx.owner(i + 1, "institution", institutions) if state != SUBMITTED else None,
               "window_id": window if i % 10 == 2 else None, "channel": "online", "contact_name": f"联系人{i % 1000}",
               "contact": f"139{i % 100_000_000:08d}", "title": f"{rng.choice(SUBJECTS)}{rng.choice(ASPECTS)}服务需求",
               "description": "", "state": state, "submitted_at": at, "counted_from": at.date(),
               "respond_due": (at + dt.timedelta(days=3)).date(), "answer_due": (at + dt.timedelta(days=7)).date(),
               "responded_at": None if state == SUBMITTED else at + dt.timedelta(days=1),
               "closed_at": at + dt.timedelta(days=20) if state == CLOSED else None, "changed_at": at}


def generate_needs(ctx) -> dict:
    """``needs`` and their history: the filing, and the last step for those past ``submitted``."""
    enterprises, institutions = ctx.organisation_ids("enterprise"), ctx.organisation_ids("institution")
    made = {"qi_need": bulk_insert(ctx.session, Need, _needs(ctx, enterprises, institutions))}
    rows = ctx.session.execute(select(Need.id, Need.state, Need.submitted_at).where(Need.number.like(f"{PREFIX}%"))
                               .order_by(Need.id)).all()

    def events():
        for need_id, state, at in rows:
            yield {"need_id": need_id, "at": at, "actor": "generate", "action": "file", "from_state": None,
                   "to_state": SUBMITTED}
            if state != SUBMITTED:
                yield {"need_id": need_id, "at": at + dt.timedelta(days=1), "actor": "generate", "action": "step",
                       "from_state": SUBMITTED, "to_state": state}

    made["qi_need_event"] = bulk_insert(ctx.session, NeedEvent, events())
    return made
