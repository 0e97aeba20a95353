"""The visits' periodic task (``visits-overdue``, run by ``flask qi tasks run``): the visitor of a
visit still planned for a day that has passed is told once (6.3.1-2: visits are made regularly, and
one that slipped is noticed). Safe to run hourly, again, and from several machines at once: one
``UPDATE … RETURNING`` marks each visit (``reminded_on``) before anyone is told, so a visit is never
reminded of twice; one message per visitor with the count, however many visits are late.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..notify.events import message_event
from ..notify.send import notify
from ..workdays import today as china_today
from .models import PLANNED, EnterpriseVisit

# the messages this module sends (app.notify.events: administrators may rewrite them)
VISITS_OVERDUE = message_event(
    "visits.overdue", _l("%(count)s of your visits are overdue"),
    _l("They were planned for a day that has passed: log them or cancel them."),
    _l("Visits overdue (to the visitor)"))

LIST_URL = "/visits/?show=overdue"


def remind_overdue_visits(session: Session, on: dt.date | None = None) -> int:
    """Tell each visitor of their visits planned before ``on`` (today) and neither logged nor
    cancelled, once per visit; returns how many visits were reminded of."""
    from flask_appbuilder.security.sqla.models import User

    on = on or china_today()
    rows = session.execute(update(EnterpriseVisit)
                           .where(EnterpriseVisit.state == PLANNED, EnterpriseVisit.planned_on < on,
                                  EnterpriseVisit.reminded_on.is_(None))
                           .values(reminded_on=on, changed_at=EnterpriseVisit.changed_at)
                           .returning(EnterpriseVisit.id, EnterpriseVisit.visitor_id)
                           .execution_options(synchronize_session=False)).all()
    by_visitor = defaultdict(int)
    for _, visitor_id in rows:
        if visitor_id is not None:
            by_visitor[visitor_id] += 1
    if by_visitor:
        users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(by_visitor)))}
        for visitor_id, count in sorted(by_visitor.items()):
            if visitor_id in users:
                notify(session, [users[visitor_id]], VISITS_OVERDUE,
                       url=LIST_URL, count=count)
    return len(rows)
