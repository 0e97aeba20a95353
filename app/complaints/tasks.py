"""The complaints' periodic task (contributed by the core plugin, ``app.defaults``, run by ``flask qi
tasks run``): ``complaints-overdue`` tells platform staff of the open complaints past their current
stage's deadline (``Complaint.due_on``), once per complaint per stage.

The mark is an ``overdue`` event in the complaint's history, written after the stage began (the
complaint's ``changed_at``, set by every step): running the task again finds it and sends nothing;
the next step starts a new stage that may be reminded of again. One query finds the complaints,
one insert marks them, one message per staff member names the count and the first numbers.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..accounts.workflow import staff
from ..notify.events import message_event
from ..notify.send import notify
from ..workdays import today as china_today
from .models import OPEN_STATES, Complaint, ComplaintEvent, _now

# the messages this module sends (app.notify.events: administrators may rewrite them)
COMPLAINTS_OVERDUE = message_event(
    "complaints.overdue", _l("%(count)s complaints are past their deadline"),
    _l("Take the next step on them: %(numbers)s"),
    _l("Complaints past their deadline (to staff)"))

OVERDUE = "overdue"  # the history action of the reminder
SYSTEM = "system"
LIST_URL = "/complaints/list/?show=overdue"
SHOWN_NUMBERS = 10
BATCH = 5000  # complaints marked per run at most; the next run takes the rest


def remind_overdue_complaints(session: Session, on: dt.date | None = None) -> int:
    """Tell platform staff of the complaints past ``due_on`` not yet reminded of in their current
    stage; returns how many complaints were reminded of."""
    on = on or china_today()
    reminded = exists().where(ComplaintEvent.complaint_id == Complaint.id, ComplaintEvent.action == OVERDUE,
                              ComplaintEvent.to_state == Complaint.state, ComplaintEvent.at >= Complaint.changed_at)
    rows = session.execute(select(Complaint.id, Complaint.number, Complaint.state)
                           .where(Complaint.state.in_(OPEN_STATES), Complaint.due_on < on, ~reminded)
                           .order_by(Complaint.due_on, Complaint.id).limit(BATCH)).all()
    if not rows:
        return 0
    now = _now()
    session.add_all([ComplaintEvent(complaint_id=cid, actor=SYSTEM, action=OVERDUE, from_state=state, to_state=state,
                                    at=now) for cid, _, state in rows])
    numbers = [number for _, number, _ in rows]
    shown = ", ".join(numbers[:SHOWN_NUMBERS]) + ("…" if len(numbers) > SHOWN_NUMBERS else "")
    notify(session, staff(session), COMPLAINTS_OVERDUE, url=LIST_URL, count=len(numbers), numbers=shown)
    session.flush()
    return len(numbers)


__all__ = ["remind_overdue_complaints", "OVERDUE"]
