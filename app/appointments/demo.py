"""Demo appointments: the demo enterprise's bookings at the first demo window, so "my appointments",
the booking week and the window's day sheet show something on a fresh ``make run``.

``load_appointments_demo(session)`` is called by ``app.demo.load_demo`` after the demo windows; it adds
what is missing and commits nothing (``load_demo`` commits once). Without a window or the demo
enterprise it adds nothing.
"""
from __future__ import annotations

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import select

from ..accounts.models import Organisation, UserProfile
from ..windows.models import ServiceWindow
from . import booking, slots as slot_offer
from .models import Appointment

ENTERPRISE_NAME = "宁夏红宝枸杞食品有限公司"  # the demo enterprise (app.accounts.demo)
# token, which bookable slot of the window (in order), note
DEMO_APPOINTMENTS = [
    ("demo-appointment-1", 0, "送检电子天平 2 台，请准备检定证书模板"),
    ("demo-appointment-2", 7, "咨询枸杞干果出口检测项目"),
]


def load_appointments_demo(session) -> int:
    """Add the demo appointments that are missing; returns how many were added."""
    enterprise = session.scalar(select(Organisation).where(Organisation.name == ENTERPRISE_NAME))
    window = session.scalar(select(ServiceWindow).where(ServiceWindow.active.is_(True), ServiceWindow.hours.any())
                            .order_by(ServiceWindow.id).limit(1))
    user = session.scalar(select(User).join(UserProfile, UserProfile.user_id == User.id)
                          .where(UserProfile.organisation_id == (enterprise.id if enterprise else None))
                          .order_by(User.id).limit(1))
    if enterprise is None or window is None or user is None:
        return 0
    have = set(session.scalars(select(Appointment.token).where(Appointment.token.like("demo-appointment-%"))))
    items = booking.window_items(session, window)
    free = [slot for _, day in sorted(slot_offer.offered(session, window).items()) for slot in day if slot.bookable]
    added = 0
    for token, index, note in DEMO_APPOINTMENTS:
        if token in have or not items or index >= len(free):
            continue
        try:
            with session.begin_nested():  # a full slot skips this one, the rest still loads
                booking.take(session, free[index], window_id=window.id, organisation_id=enterprise.id,
                             user_id=user.id, item_id=items[0].id, token=token, note=note,
                             contact_phone=enterprise.contact_phone, actor="demo")
        except booking.BookingError:
            continue
        added += 1
    return added
