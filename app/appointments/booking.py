"""Booking, cancelling, rescheduling and marking appointments: each one short transaction.

The last place of a slot goes to exactly one booker, however many book at the same moment, in any
number of worker processes, on SQLite and PostgreSQL:

- the slot's row (``qi_appointment_slot``, unique per window and start) is created on the first
  booking with ``INSERT … ON CONFLICT DO NOTHING`` and read back, so racing first bookers share one row;
- a place is taken with one conditional ``UPDATE … SET booked = booked + 1 WHERE id = :slot AND
  booked < :capacity``, in the transaction that inserts the appointment. PostgreSQL makes a second
  ``UPDATE`` of the row wait for the first transaction and re-check the condition on the committed
  row; SQLite lets one writer at a time in (each transaction starts with this write, so it waits for
  the lock, up to the busy timeout, instead of failing). The one whose ``UPDATE`` changed no row
  finds the slot full, rolls back and is told so;
- cancelling gives the place back (``booked - 1``); rescheduling takes the new place and gives the old
  back in one transaction, so a full new slot leaves the appointment where it was;
- cancelling, moving and marking first claim the appointment with a conditional ``UPDATE`` on the
  state (and slot) this request saw: of two requests on one appointment, the second finds it changed;
- one appointment per enterprise per slot (a unique index over the appointments holding a place), and
  the booking form's one-use token is unique: a form sent twice books once and shows the first booking.

Row locks are taken in one order (the appointment, then slots by id), so two moves never deadlock.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..catalog.models import ServiceItem
from ..notify.events import message_event
from ..notify.send import notify
from ..numbering import next_number
from ..windows.models import ServiceWindow, WindowService
from . import slots as slot_offer
from .models import ATTENDED, BOOKED, CANCELLED, NO_SHOW, Appointment, AppointmentSlot

PREFIX = "YY"  # 预约: YY-2026-000001
MINE_URL = "/appointments/mine/"
# the messages this module sends (app.notify.events: administrators may rewrite them)
CHANGED_BODY = _l("Now: %(time)s at %(window)s. Changed by %(actor)s.")
CANCELLED_NOTICE = message_event(
    "appointments.cancelled", _l("Your appointment %(number)s was cancelled by the window"), CHANGED_BODY,
    _l("Appointment: cancelled by the window"))
MOVED_NOTICE = message_event(
    "appointments.moved", _l("Your appointment %(number)s was moved by the window"), CHANGED_BODY,
    _l("Appointment: moved by the window"))


class BookingError(Exception):
    """A booking, cancellation, move or mark refused; the message is translated, for the user."""


def _ensure_slot(session: Session, slot: slot_offer.Slot) -> int:
    """The id of the slot's row, created when nobody booked it before (a racing creator's row is used)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(AppointmentSlot).values(window_id=slot.window_id, starts_at=slot.starts_at,
                                                   ends_at=slot.ends_at, capacity=slot.capacity, booked=0)
                    .on_conflict_do_nothing(index_elements=["window_id", "starts_at"]))
    return session.scalar(select(AppointmentSlot.id).where(AppointmentSlot.window_id == slot.window_id,
                                                           AppointmentSlot.starts_at == slot.starts_at))


def _take_place(session: Session, slot_id: int, capacity: int) -> bool:
    """Take one place of the slot if one is free under the window's current ``capacity``."""
    taken = session.execute(update(AppointmentSlot)
                            .where(AppointmentSlot.id == slot_id, AppointmentSlot.booked < capacity)
                            .values(booked=AppointmentSlot.booked + 1, capacity=capacity)
                            .execution_options(synchronize_session=False))
    return taken.rowcount == 1


def _release_place(session: Session, slot_id: int) -> None:
    session.execute(update(AppointmentSlot).where(AppointmentSlot.id == slot_id, AppointmentSlot.booked > 0)
                    .values(booked=AppointmentSlot.booked - 1).execution_options(synchronize_session=False))


def window_items(session: Session, window: ServiceWindow) -> list[ServiceItem]:
    """The visible service items an appointment at the window can be for: those it lists and those of
    the categories it lists; every visible item when it lists none."""
    services = session.execute(select(WindowService.item_id, WindowService.category_id)
                               .where(WindowService.window_id == window.id)).all()
    query = select(ServiceItem).where(ServiceItem.visible.is_(True))
    if services:
        items = [i for i, _ in services if i is not None]
        categories = [c for _, c in services if c is not None]
        query = query.where(ServiceItem.id.in_(items) | ServiceItem.category_id.in_(categories))
    return list(session.scalars(query.order_by(ServiceItem.category_id, ServiceItem.order, ServiceItem.id)))


def book(session: Session, *, window: ServiceWindow, starts_at: dt.datetime, organisation_id: int, user_id: int,
         item: ServiceItem | None, token: str, note: str = "", contact_phone: str = "", actor: str = "",
         now: dt.datetime | None = None) -> tuple[Appointment, bool]:
    """Book a place at ``window`` at ``starts_at`` for the enterprise, and commit.

    Returns (appointment, True), or (the earlier appointment, False) when this form (``token``) was
    sent before. Raises BookingError (nothing changed) when the slot is not offered, full, already
    booked by the enterprise, or the item is not one the window handles."""
    earlier = session.scalar(select(Appointment).where(Appointment.token == token))
    if earlier is not None:
        return earlier, False
    slot = slot_offer.find(session, window, starts_at, now)
    if slot is None:
        raise BookingError(gettext("This time cannot be booked: it has passed or the window does not open then."))
    if item is None or item.id not in {i.id for i in window_items(session, window)}:
        raise BookingError(gettext("Choose one of the services this window handles."))
    try:
        appointment = take(session, slot, window_id=window.id, organisation_id=organisation_id, user_id=user_id,
                           item_id=item.id, token=token, note=note, contact_phone=contact_phone, actor=actor)
        session.commit()
    except BookingError:
        session.rollback()
        earlier = session.scalar(select(Appointment).where(Appointment.token == token))
        if earlier is not None:  # the same form, sent twice at once, took the place first
            return earlier, False
        raise
    except IntegrityError:
        session.rollback()
        earlier = session.scalar(select(Appointment).where(Appointment.token == token))
        if earlier is not None:
            return earlier, False
        raise BookingError(gettext("Your enterprise already has an appointment at this time."))
    return appointment, True


def take(session: Session, slot: slot_offer.Slot, *, window_id: int, organisation_id: int, user_id: int,
         item_id: int | None, token: str, note: str = "", contact_phone: str = "", actor: str = "") -> Appointment:
    """Take a place of ``slot`` and add the appointment, flushed, in the session's transaction (the
    caller commits or rolls back); BookingError when the slot is full. ``book`` checks the rest."""
    slot_id = _ensure_slot(session, slot)
    if not _take_place(session, slot_id, slot.capacity):
        raise BookingError(gettext("This time is fully booked. Please choose another time."))
    appointment = Appointment(
        number=next_number(session, PREFIX), token=token, slot_id=slot_id, window_id=window_id,
        organisation_id=organisation_id, user_id=user_id, item_id=item_id, starts_at=slot.starts_at,
        ends_at=slot.ends_at, note=(note or "").strip(), contact_phone=(contact_phone or "").strip(),
        state=BOOKED, changed_by=actor or None)
    session.add(appointment)
    session.flush()
    return appointment


def _claim(session: Session, appointment: Appointment, now: dt.datetime, **values) -> bool:
    """Change the appointment only if it is still booked, in the slot this request saw, and not
    started; whether it was."""
    claimed = session.execute(update(Appointment).where(
        Appointment.id == appointment.id, Appointment.state == BOOKED, Appointment.slot_id == appointment.slot_id,
        Appointment.starts_at > now).values(**values).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def _tell_booker(session: Session, appointment: Appointment, event, starts_at: dt.datetime, actor: str,
                 actor_id: int | None) -> None:
    """A site message to the booker when someone else (the window's staff) changed the appointment."""
    if actor_id is None or actor_id == appointment.user_id:
        return
    booker = session.get(User, appointment.user_id)
    notify(session, [booker], event, url=MINE_URL, number=appointment.number,
           time=starts_at.strftime("%Y-%m-%d %H:%M"), window=appointment.window.name, actor=actor)


def cancel(session: Session, appointment: Appointment, *, actor: str, actor_id: int | None = None,
           now: dt.datetime | None = None) -> None:
    """Cancel a booked appointment that has not started, give its place back, and commit; the booker is
    told when ``actor_id`` is someone else."""
    now = now or slot_offer.now_local()
    if not _claim(session, appointment, now, state=CANCELLED, changed_by=actor[:100]):
        session.rollback()
        raise BookingError(gettext("This appointment can no longer be cancelled: it has started, or it was "
                                   "changed meanwhile."))
    _release_place(session, appointment.slot_id)
    _tell_booker(session, appointment, CANCELLED_NOTICE, appointment.starts_at, actor, actor_id)
    session.commit()
    session.refresh(appointment)


def reschedule(session: Session, appointment: Appointment, starts_at: dt.datetime, *, actor: str,
               actor_id: int | None = None, now: dt.datetime | None = None) -> None:
    """Move a booked appointment to another slot of its window, atomically, and commit: the new place
    is taken and the old given back in one transaction; a full new slot changes nothing. The booker
    is told when ``actor_id`` is someone else."""
    now = now or slot_offer.now_local()
    if starts_at == appointment.starts_at:
        raise BookingError(gettext("The appointment is already at this time."))
    slot = slot_offer.find(session, appointment.window, starts_at, now)
    if slot is None:
        raise BookingError(gettext("This time cannot be booked: it has passed or the window does not open then."))
    old_slot = appointment.slot_id
    try:
        if not _claim(session, appointment, now, state=BOOKED):  # locks the appointment first
            raise BookingError(gettext("This appointment can no longer be moved: it has started, or it was "
                                       "changed meanwhile."))
        new_slot = _ensure_slot(session, slot)
        # slots in id order, so two moves between the same two slots cannot deadlock
        for slot_id in sorted((old_slot, new_slot)):
            if slot_id == new_slot and not _take_place(session, new_slot, slot.capacity):
                raise BookingError(gettext("This time is fully booked. Please choose another time."))
            if slot_id == old_slot:
                _release_place(session, old_slot)
        session.execute(update(Appointment).where(Appointment.id == appointment.id).values(
            slot_id=new_slot, starts_at=slot.starts_at, ends_at=slot.ends_at, reminded_at=None,
            changed_by=actor[:100]).execution_options(synchronize_session=False))
        _tell_booker(session, appointment, MOVED_NOTICE, slot.starts_at, actor, actor_id)
        session.commit()
    except BookingError:
        session.rollback()
        raise
    except IntegrityError:
        session.rollback()
        raise BookingError(gettext("Your enterprise already has an appointment at this time."))
    session.refresh(appointment)


def mark(session: Session, appointment: Appointment, state: str, *, actor: str, now: dt.datetime | None = None) -> None:
    """Mark a booked appointment attended or not come, once its slot has started, and commit."""
    if state not in (ATTENDED, NO_SHOW):
        raise BookingError(gettext("Unknown mark."))
    now = now or slot_offer.now_local()
    marked = session.execute(update(Appointment).where(
        Appointment.id == appointment.id, Appointment.state == BOOKED, Appointment.starts_at <= now)
        .values(state=state, changed_by=actor[:100]).execution_options(synchronize_session=False))
    if marked.rowcount != 1:
        session.rollback()
        raise BookingError(gettext("Only a booked appointment whose time has begun can be marked."))
    session.commit()
    session.refresh(appointment)
