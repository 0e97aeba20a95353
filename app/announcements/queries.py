"""Which announcements are published today: from ``publish_from`` to ``publish_until`` (China time)."""
from __future__ import annotations

from sqlalchemy import or_, select

from ..workdays import today
from .models import Announcement


def published():
    """Announcements published today, pinned first, then the newest (the ``shown`` index)."""
    day = today()
    return (select(Announcement)
            .where(Announcement.publish_from <= day,
                   or_(Announcement.publish_until.is_(None), Announcement.publish_until >= day))
            .order_by(Announcement.pinned.desc(), Announcement.publish_from.desc(), Announcement.id.desc()))


def current_announcements(limit: int = 3) -> list[Announcement]:
    """The first ``limit`` announcements of the home page."""
    from ..extensions import db

    return list(db.session.scalars(published().limit(limit)))
