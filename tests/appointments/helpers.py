"""Shared steps of the appointment tests: a window with one service, a free slot, the slot's count.

Each helper opens its own application context: a test that sends requests must not hold one, or
the requests would share its ``g`` (and Flask-Login's cached user) with each other.
"""
from __future__ import annotations

import itertools

from sqlalchemy import func, select

from app.appointments import slots as slot_offer
from app.appointments.models import Appointment, AppointmentSlot
from app.catalog.models import ServiceItem
from app.extensions import db
from app.testing.windows import make_window
from app.windows.models import ServiceWindow, WindowService

_names = itertools.count(1)


def first_item_code(app) -> str:
    with app.app_context():
        return db.session.scalar(select(ServiceItem.code).where(ServiceItem.visible.is_(True)).order_by(ServiceItem.id))


def window_with_item(app, *, capacity=2, staff=("t_window",), listed=True, **fields) -> tuple[int, str]:
    """A window (id, code) open Monday to Friday 9–12 in 30-minute slots, listing one service item
    (none when ``listed`` is False)."""
    code = first_item_code(app)
    with app.app_context():
        window_id = make_window(name=f"预约测试窗口{next(_names)}", capacity=capacity, staff=staff, **fields)
        if listed:
            item_id = db.session.scalar(select(ServiceItem.id).where(ServiceItem.code == code))
            db.session.add(WindowService(window_id=window_id, item_id=item_id))
            db.session.commit()
        return window_id, db.session.get(ServiceWindow, window_id).code


def bookable_slots(app, window_id: int) -> list[slot_offer.Slot]:
    """The window's free slots in order, from the next working day on (so no test races the clock)."""
    with app.app_context():
        window = db.session.get(ServiceWindow, window_id)
        today = slot_offer.now_local().date()
        return [slot for day, slots in sorted(slot_offer.offered(db.session, window).items())
                if day != today for slot in slots if slot.bookable]


def booked(app, window_id: int, starts_at) -> int | None:
    """The places taken in the slot by its counter (None: nobody ever booked it)."""
    with app.app_context():
        return db.session.scalar(select(AppointmentSlot.booked).where(AppointmentSlot.window_id == window_id,
                                                                      AppointmentSlot.starts_at == starts_at))


def holding(app, window_id: int, starts_at) -> int:
    """Appointments holding a place in the slot."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.window_id == window_id, Appointment.starts_at == starts_at, Appointment.state != "cancelled"))


def appointment(app, number: str) -> Appointment:
    with app.app_context():
        row = db.session.scalar(select(Appointment).where(Appointment.number == number))
        db.session.expunge(row)
        return row
