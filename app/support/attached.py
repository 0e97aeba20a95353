"""What a ticket carries without the user typing it: the page they asked from, their browser, and the
reference of their last server error (the request id a 500 page showed them, ``app.ops.request_ids``).

The error is looked up in the audit trail's ``server_error`` entries of this user of the last day
(``app.web.errors`` records each 500), so a reference in the address is only kept when it is one of
the user's own errors: a ticket never names someone else's request.
"""
from __future__ import annotations

import datetime as dt

from flask import request
from sqlalchemy import select

from ..extensions import db
from ..ops.request_ids import is_request_id
from ..web.return_to import local_url

RECENT = dt.timedelta(hours=24)
PAGE_MAX, BROWSER_MAX = 300, 300


def asked_from() -> str | None:
    """The page the form was opened from: ``?page=`` (the navbar's link and the error page give it),
    else the Referer; only an address on this site, cut to the column."""
    for candidate in (request.values.get("page"), request.referrer):
        page = local_url(candidate)
        if page and not page.startswith("/support/"):
            return page[:PAGE_MAX]
    return None


def browser() -> str | None:
    return (request.user_agent.string or "")[:BROWSER_MAX] or None


def last_error(user, given: str | None = None) -> tuple[str, str | None] | None:
    """(reference, path of the failed request) of ``given`` when it is one of ``user``'s server
    errors of the last day, else of their newest one then; None when they had none."""
    from ..audit.models import SERVER_ERROR, AuditEntry

    since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - RECENT
    theirs = (select(AuditEntry.record_id, AuditEntry.path)
              .where(AuditEntry.kind == SERVER_ERROR, AuditEntry.actor_id == user.id, AuditEntry.at >= since)
              .order_by(AuditEntry.id.desc()).limit(1))
    if given and is_request_id(given):
        row = db.session.execute(theirs.where(AuditEntry.record_id == given)).first()
        if row is not None:
            return row[0], row[1]
    row = db.session.execute(theirs).first()
    return (row[0], row[1]) if row is not None else None
