"""Return visits after the service (6.4.1-2): staff schedule one for a need whose result was told
(``to_evaluate``) or that is closed, and record it when done (on which day, by whom, what was
said). Visits stay with the need and are shown in its archive on the need page.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..workdays import today
from .channels import channel_label
from .models import Need, ReturnVisit
from .records import acts_as_staff
from .states import CLOSED, TO_EVALUATE

VISIT_STATES = frozenset({TO_EVALUATE, CLOSED})
#: how a return visit is made (the need channels that make sense for it)
VISIT_CHANNELS = ("phone", "onsite", "online", "letter")


class VisitError(ValueError):
    """A visit refused; ``str()`` is the translated message."""


def may_visit(user, need: Need) -> bool:
    """Whether ``user`` may schedule and record return visits of ``need`` now."""
    return need.state in VISIT_STATES and acts_as_staff(user, need)


def channel_choices() -> list[tuple[str, str]]:
    return [(code, channel_label(code)) for code in VISIT_CHANNELS]


def visits_of(session: Session, need: Need) -> list[ReturnVisit]:
    """The need's return visits in the order they were scheduled."""
    return list(session.scalars(select(ReturnVisit).where(ReturnVisit.need_id == need.id)
                                .order_by(ReturnVisit.scheduled_on, ReturnVisit.id)))


def schedule_visit(session: Session, need: Need, scheduled_on: dt.date, channel: str) -> ReturnVisit:
    """A new return visit of ``need``; VisitError when the need is not finished or the channel unknown."""
    if need.state not in VISIT_STATES:
        raise VisitError(gettext("A return visit is scheduled once the result was told to the enterprise."))
    if channel not in VISIT_CHANNELS:
        raise VisitError(gettext("Choose how the visit is made."))
    twice = session.scalar(select(ReturnVisit.id).where(ReturnVisit.need_id == need.id,
                                                        ReturnVisit.scheduled_on == scheduled_on,
                                                        ReturnVisit.done_on.is_(None)).limit(1))
    if twice is not None:  # a double click, or the same visit planned twice
        raise VisitError(gettext("A return visit on %(date)s is already scheduled.", date=scheduled_on.isoformat()))
    visit = ReturnVisit(need_id=need.id, scheduled_on=scheduled_on, channel=channel)
    session.add(visit)
    session.flush()
    return visit


def record_visit(session: Session, visit: ReturnVisit, done_on: dt.date, done_by: str, notes: str) -> ReturnVisit:
    """Record a visit as done; VisitError when it was recorded already, is in the future, or says nothing."""
    if visit.done_on is not None:
        raise VisitError(gettext("This visit is already recorded."))
    if done_on > today():
        raise VisitError(gettext("A visit cannot be recorded as done in the future."))
    if not (notes or "").strip():
        raise VisitError(gettext("Write down what the enterprise said."))
    visit.done_on, visit.done_by, visit.notes = done_on, done_by.strip()[:128], notes.strip()
    session.flush()
    return visit
