"""Site messages about instrument bookings: the owner hears of each request, the requester of each
decision (rendered in both languages by ``app.notify``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ..needs.notices import members_of
from ..notify.events import message_event
from ..notify.send import notify
from .models import APPROVED, EquipmentBooking

BOOKINGS_URL = "/equipment/bookings/"
# the messages this module sends (app.notify.events: administrators may rewrite them)
REQUESTED = message_event(
    "equipment.requested", _l("Booking requested: %(instrument)s"),
    _l("%(instrument)s is requested for %(when)s. Approve or refuse it on the bookings page."),
    _l("Instrument booking: requested (to the owner)"))
APPROVED_NOTICE = message_event(
    "equipment.approved", _l("Booking approved: %(instrument)s"),
    _l("Your booking of %(instrument)s for %(when)s is approved."), _l("Instrument booking: approved"))
REFUSED_NOTICE = message_event(
    "equipment.refused", _l("Booking refused: %(instrument)s"),
    _l("Your booking of %(instrument)s for %(when)s is refused: %(reason)s"), _l("Instrument booking: refused"))


def _when(booking: EquipmentBooking) -> str:
    return f"{booking.starts_at:%Y-%m-%d %H:%M}–{booking.ends_at:%H:%M}"


def tell_owner_of_request(session: Session, booking: EquipmentBooking) -> int:
    """Message every member of the institution that owns the instrument."""
    return notify(session, members_of(session, booking.institution_id), REQUESTED,
                  url=BOOKINGS_URL, instrument=booking.instrument.name, when=_when(booking))


def tell_requester_of_decision(session: Session, booking: EquipmentBooking) -> int:
    """Message the member who asked, with the reason of a refusal."""
    if booking.user is None:
        return 0
    event = APPROVED_NOTICE if booking.state == APPROVED else REFUSED_NOTICE
    return notify(session, [booking.user], event, url=BOOKINGS_URL,
                  instrument=booking.instrument.name, when=_when(booking), reason=booking.reason or "—")
