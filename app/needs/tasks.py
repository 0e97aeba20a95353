"""The needs' periodic tasks: reminders before a deadline and escalation after it (6.3.2-1).

Run by ``flask qi tasks run`` (the core plugin contributes them, ``app.defaults``); safe to run
hourly, again, and from several machines at once:

- ``needs-reminders``: on the working day before a need's response or answer is due (or on the due
  day itself, when the task did not run the day before), platform staff are told, once per due date:
  ``reminded_on`` keeps the due date a reminder went out for;
- ``needs-escalations``: when a response or an answer is overdue, platform staff are told, once per
  due date (``escalated_on``).

A need waiting for the enterprise owes nothing (its clock is paused, and ``resume`` moves the due
dates, which makes the need due for a reminder again). Each task is one set-based ``UPDATE …
RETURNING`` per deadline on the (state, due date) indexes, and one message per staff member with
the count and the first case numbers, however many needs are due: it never loads needs one by one.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from ..accounts.workflow import staff
from ..notify.events import message_event
from ..notify.send import notify
from ..workdays import add_working_days, today as china_today
from .models import Need
from .states import RESPONDED, SUBMITTED

BOARD_URL = "/needs/board/"
# the messages these tasks send (app.notify.events: administrators may rewrite them)
DUE_SOON = message_event("needs.due_soon", _l("%(count)s needs are due by the next working day"),
                         _l("Respond or answer them before the deadline: %(numbers)s"),
                         _l("Needs due by the next working day (to staff)"))
OVERDUE = message_event("needs.overdue", _l("%(count)s needs are overdue"),
                        _l("Their response or answer is past its deadline: %(numbers)s"),
                        _l("Needs overdue (to staff)"))
SHOWN_NUMBERS = 10  # case numbers named in a message; the rest are counted

# (name, due column, states that still owe it): a need is responded to in ``submitted`` only, and
# answered (plan, answer or referral) in ``submitted`` or ``responded``.
DEADLINES = (("answer", Need.answer_due, (SUBMITTED, RESPONDED)), ("respond", Need.respond_due, (SUBMITTED,)))


def _mark(session: Session, marker, due, states, low, high) -> list[str]:
    """Set ``marker`` to the due date on every need in ``states`` whose due date is in [low, high]
    and not yet marked for it; the numbers of the needs marked, in due order."""
    condition = [Need.state.in_(states), or_(marker.is_(None), marker < due)]
    if low is not None:
        condition.append(due >= low)
    if high is not None:
        condition.append(due <= high)
    # ``changed_at`` kept: being reminded of is not a change of the case.
    rows = session.execute(update(Need).where(*condition).values({marker.key: due, Need.changed_at.key: Need.changed_at})
                           .returning(Need.number, due).execution_options(synchronize_session=False)).all()
    return [number for number, _ in sorted(rows, key=lambda row: (row[1], row[0]))]


def _tell_staff(session: Session, numbers: list[str], event) -> None:
    if not numbers:
        return
    shown = ", ".join(numbers[:SHOWN_NUMBERS]) + ("…" if len(numbers) > SHOWN_NUMBERS else "")
    notify(session, staff(session), event, url=BOARD_URL, count=len(numbers), numbers=shown)


def remind_due_needs(session: Session, on: dt.date | None = None) -> int:
    """Remind platform staff of the needs due on the next working day (or today) that owe a
    response or an answer; returns how many needs were reminded of."""
    on = on or china_today()
    horizon = add_working_days(on, 1)
    numbers: list[str] = []
    # The answer first: a need due for both is reminded once, for the later date.
    for _, due, states in DEADLINES:
        numbers += _mark(session, Need.reminded_on, due, states, on, horizon)
    _tell_staff(session, numbers, DUE_SOON)
    return len(numbers)


def escalate_overdue_needs(session: Session, on: dt.date | None = None) -> int:
    """Tell platform staff of the needs whose response or answer is overdue, once per due date;
    returns how many needs were escalated."""
    on = on or china_today()
    numbers: list[str] = []
    for _, due, states in DEADLINES:
        numbers += _mark(session, Need.escalated_on, due, states, None, on - dt.timedelta(days=1))
    _tell_staff(session, numbers, OVERDUE)
    return len(numbers)
