"""The appointments' periodic task: the reminder the working day before (``appointments-reminders``).

Run by ``flask qi tasks run`` (the core plugin contributes it, ``app.defaults``); safe to run hourly,
again, and from several machines at once. On each run, every booked appointment that starts between
now and the end of the next working day and has not been reminded of is claimed with one
``UPDATE … RETURNING`` that sets ``reminded_at``, so each is reminded once: one site message to the
booker and, when the appointment's contact phone is a mainland mobile number, one SMS (sent after
the commit, ``app.notify.sms``). Moving an appointment clears ``reminded_at``: the new time is
reminded of again. Run on a weekend, the next working day is Monday: Monday's appointments are
reminded of on Friday, or on Saturday when the task did not run on Friday.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.security.sqla.models import User
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..notify.events import message_event, sms_event
from ..notify.send import notify
from ..notify.sms import queue_sms, sms_number
from ..notify.templates import sms_text
from ..windows.models import ServiceWindow
from ..workdays import add_working_days
from . import slots as slot_offer
from .models import BOOKED, Appointment

MINE_URL = "/appointments/mine/"
REMINDER = message_event("appointments.reminder", _l("Reminder: your appointment %(number)s at %(window)s"),
                         _l("It is on %(time)s at %(address)s."), _l("Appointment: reminder the day before"))
REMINDER_SMS = sms_event("appointments.reminder_sms",
                         _l("QI platform: your appointment %(number)s at %(window)s is on %(time)s, %(address)s."),
                         _l("Appointment: reminder (SMS)"))


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def remind_appointments(session: Session, now: dt.datetime | None = None) -> int:
    """Remind each booker of their appointments up to the end of the next working day, once each;
    returns how many appointments were reminded of. ``now`` is China time at the windows."""
    now = now or slot_offer.now_local()
    until = dt.datetime.combine(add_working_days(now.date(), 1) + dt.timedelta(days=1), dt.time())
    claimed = session.execute(
        update(Appointment).where(Appointment.state == BOOKED, Appointment.reminded_at.is_(None),
                                  Appointment.starts_at > now, Appointment.starts_at < until)
        .values({Appointment.reminded_at.key: _utc_now(), Appointment.changed_at.key: Appointment.changed_at})
        .returning(Appointment.id).execution_options(synchronize_session=False)).scalars().all()
    if not claimed:
        return 0
    rows = session.execute(select(Appointment, ServiceWindow, User)
                           .join(ServiceWindow, ServiceWindow.id == Appointment.window_id)
                           .join(User, User.id == Appointment.user_id)
                           .where(Appointment.id.in_(claimed)).order_by(Appointment.starts_at)).all()
    for appointment, window, user in rows:
        params = {"number": appointment.number, "window": window.name, "address": window.address,
                  "time": appointment.starts_at.strftime("%Y-%m-%d %H:%M")}
        notify(session, [user], REMINDER, url=MINE_URL, **params)
        phone = sms_number(appointment.contact_phone)
        if phone:
            queue_sms(session, phone, sms_text(session, REMINDER_SMS, **params))
    return len(rows)
