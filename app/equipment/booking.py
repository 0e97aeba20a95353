"""Booking a shared instrument: request, approve, refuse, cancel. Callers commit.

Requested and approved bookings of one instrument never overlap, even when several people book at
the same moment through several workers. Each change that takes a range (a request, an approval)
first bumps the instrument's ``booking_rev`` with a conditional UPDATE: on PostgreSQL that takes the
instrument's row lock, on SQLite the database's write lock, so a second booking of the instrument
waits until the first commits and then sees it in its overlap check. The UPDATE must be the first
write of the transaction (on SQLite a transaction that read first cannot upgrade to a write lock
while another holds it).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..workdays import today
from ..workdays.calendar import china_time
from .notices import tell_owner_of_request, tell_requester_of_decision
from .models import APPROVED, CANCELLED, HOLDING, REFUSED, REQUESTED, EquipmentBooking, SharedInstrument, _now

#: how far ahead an instrument can be booked, and the longest booking (one day's use)
MAX_DAYS_AHEAD = 180
EARLIEST, LATEST = dt.time(6, 0), dt.time(22, 0)


class BookingError(ValueError):
    """A booking refused; ``str()`` is the translated message for the user."""


def check_range(day: dt.date, starts: dt.time, ends: dt.time, now: dt.datetime | None = None) -> None:
    """BookingError unless ``starts``–``ends`` on ``day`` is a sensible, future range (China time)."""
    local_now = china_time(now or _now()).replace(tzinfo=None)
    if day < today() or (day == local_now.date() and dt.datetime.combine(day, starts) <= local_now):
        raise BookingError(gettext("A booking cannot start in the past."))
    if (day - local_now.date()).days > MAX_DAYS_AHEAD:
        raise BookingError(gettext("Instruments can be booked at most %(days)d days ahead.", days=MAX_DAYS_AHEAD))
    if starts >= ends:
        raise BookingError(gettext("The booking must end after it starts."))
    if starts < EARLIEST or ends > LATEST:
        raise BookingError(gettext("Instruments can be booked from %(earliest)s to %(latest)s.",
                                   earliest=EARLIEST.strftime("%H:%M"), latest=LATEST.strftime("%H:%M")))


def _lock(session: Session, instrument_id: int) -> bool:
    """Bump the instrument's booking counter (taking its lock); False when it is missing or inactive."""
    result = session.execute(update(SharedInstrument)
                             .where(SharedInstrument.id == instrument_id, SharedInstrument.active.is_(True))
                             # changed_at kept: a booking is not a change of the instrument's record
                             .values(booking_rev=SharedInstrument.booking_rev + 1, changed_at=SharedInstrument.changed_at)
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def overlapping(session: Session, instrument_id: int, starts_at: dt.datetime, ends_at: dt.datetime,
                exclude: int | None = None) -> EquipmentBooking | None:
    """A requested or approved booking of the instrument that overlaps ``starts_at``–``ends_at``."""
    query = select(EquipmentBooking).where(
        EquipmentBooking.instrument_id == instrument_id, EquipmentBooking.state.in_(HOLDING),
        EquipmentBooking.starts_at < ends_at, EquipmentBooking.ends_at > starts_at)
    if exclude is not None:
        query = query.where(EquipmentBooking.id != exclude)
    return session.scalars(query.order_by(EquipmentBooking.starts_at).limit(1)).first()


def _taken(booking: EquipmentBooking) -> BookingError:
    return BookingError(gettext("The instrument is already booked from %(start)s to %(end)s on that day.",
                                start=booking.starts_at.strftime("%H:%M"), end=booking.ends_at.strftime("%H:%M")))


def request_booking(session: Session, instrument_id: int, *, user_id: int, organisation_id: int | None,
                    day: dt.date, starts: dt.time, ends: dt.time, purpose: str = "") -> EquipmentBooking:
    """A new requested booking; BookingError when the range is not sensible, the instrument is not
    offered, or the range overlaps a requested or approved booking."""
    check_range(day, starts, ends)
    if not _lock(session, instrument_id):
        raise BookingError(gettext("This instrument is not offered for booking."))
    starts_at, ends_at = dt.datetime.combine(day, starts), dt.datetime.combine(day, ends)
    clash = overlapping(session, instrument_id, starts_at, ends_at)
    if clash is not None:
        raise _taken(clash)
    instrument = session.get(SharedInstrument, instrument_id)
    booking = EquipmentBooking(instrument_id=instrument_id, organisation_id=organisation_id,
                               institution_id=instrument.organisation_id, user_id=user_id, starts_at=starts_at,
                               ends_at=ends_at, purpose=(purpose or "").strip(), state=REQUESTED)
    session.add(booking)
    session.flush()
    tell_owner_of_request(session, booking)
    return booking


def _decide(session: Session, booking: EquipmentBooking, target: str, actor: str, reason: str | None = None):
    # claim the booking in the state it was read in: of two decisions sent at once, one applies
    claimed = session.execute(update(EquipmentBooking)
                              .where(EquipmentBooking.id == booking.id, EquipmentBooking.state == REQUESTED)
                              .values(state=target, reason=reason, decided_by=actor, decided_at=_now())
                              .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise BookingError(gettext("This booking is no longer waiting for a decision."))
    session.refresh(booking)
    tell_requester_of_decision(session, booking)
    return booking


def approve(session: Session, booking: EquipmentBooking, actor: str) -> EquipmentBooking:
    """Approve a requested booking (the owner's decision). The instrument is locked first and the
    range checked again against the approved bookings, so an approval never creates an overlap."""
    _lock(session, booking.instrument_id)  # an instrument withdrawn since keeps its requests decidable
    clash = overlapping(session, booking.instrument_id, booking.starts_at, booking.ends_at, exclude=booking.id)
    if clash is not None and clash.state == APPROVED:
        raise _taken(clash)
    return _decide(session, booking, APPROVED, actor)


def refuse(session: Session, booking: EquipmentBooking, actor: str, reason: str) -> EquipmentBooking:
    """Refuse a requested booking with a reason; its range is free again."""
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(gettext("Say why the booking is refused."))
    return _decide(session, booking, REFUSED, actor, reason[:2000])


def cancel(session: Session, booking: EquipmentBooking, actor: str) -> EquipmentBooking:
    """The requester withdraws a requested or approved booking that has not started yet."""
    claimed = session.execute(update(EquipmentBooking)
                              .where(EquipmentBooking.id == booking.id, EquipmentBooking.state.in_(HOLDING))
                              .values(state=CANCELLED, decided_by=actor, decided_at=_now())
                              .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise BookingError(gettext("This booking can no longer be cancelled."))
    session.refresh(booking)
    return booking
