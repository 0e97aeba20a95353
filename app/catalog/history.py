"""Every saved change of a guide becomes a revision (who, when, the content then)."""
from __future__ import annotations

import datetime as dt

from flask import g, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .models import GUIDE_FIELDS, PUBLISHED, ServiceGuide, ServiceGuideRevision


def _who() -> str | None:
    user = getattr(g, "user", None) if has_request_context() else None
    return getattr(user, "username", None) or "system"


def _changed(guide: ServiceGuide) -> bool:
    state = inspect(guide)
    return any(state.attrs[f].history.has_changes() for f in GUIDE_FIELDS)


def _before_flush(session: Session, _context, _instances) -> None:
    for guide in list(session.new) + list(session.dirty):
        if not isinstance(guide, ServiceGuide):
            continue
        is_new = guide in session.new
        if not is_new and not _changed(guide):
            continue
        if not is_new:
            guide.version = (guide.version or 1) + 1
        status_history = inspect(guide).attrs.status.history
        if guide.status == PUBLISHED and (is_new or status_history.has_changes()):
            guide.published_on = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        guide.revisions.append(ServiceGuideRevision(
            version=guide.version or 1, status=guide.status, content=guide.snapshot(), changed_by=_who()))


event.listen(Session, "before_flush", _before_flush)
