"""Appointment slots and appointments (clause 4.2.2-3).

Times of slots and appointments are the wall-clock time at the window, in China Standard Time, stored
naive (a window's hours are local hours; the platform's other timestamps, ``created_at`` …, stay naive
UTC as everywhere else).
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from ..catalog.models import ServiceItem
from ..windows.models import ServiceWindow


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


BOOKED, CANCELLED, ATTENDED, NO_SHOW = "booked", "cancelled", "attended", "no_show"
STATES = (BOOKED, CANCELLED, ATTENDED, NO_SHOW)
STATE_LABELS = {BOOKED: _l("Appointment booked"), CANCELLED: _l("Appointment cancelled"), ATTENDED: _l("Came to the appointment"),
                NO_SHOW: _l("Did not come")}
# an appointment in these states holds its place in the slot
HOLDING = (BOOKED, ATTENDED, NO_SHOW)
_HOLDS = text("state != 'cancelled'")


class AppointmentSlot(Model):
    """One slot of one window that has been booked at least once: its places and how many are taken.

    Created on the first booking (the slots nobody booked exist only as the window's hours). Every
    booking takes a place with one conditional ``UPDATE … SET booked = booked + 1 WHERE booked <
    capacity``, so two bookers can never both take the last place; the check constraint keeps it true
    whatever code writes here. ``capacity`` is the window's at the last booking: lowering it later
    keeps the appointments already made and refuses new ones until enough are cancelled."""

    __tablename__ = "qi_appointment_slot"
    __scope__ = {"window": "window_id"}
    __table_args__ = (
        UniqueConstraint("window_id", "starts_at", name="uq_qi_appointment_slot_window_start"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="ck_qi_appointment_slot_places"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)  # China time at the window
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    booked: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    window: Mapped[ServiceWindow] = relationship()


class Appointment(Model):
    """An enterprise's appointment at a window: the slot, the service item, a note, and what became of
    it (booked, cancelled, attended, did not come)."""

    __tablename__ = "qi_appointment"
    # window staff see their windows', an enterprise its own, the booker theirs; staff all
    __scope__ = {"window": "window_id", "organisation": "organisation_id", "user": "user_id"}
    __table_args__ = (
        # one appointment per enterprise per slot (a cancelled one does not count)
        Index("uq_qi_appointment_org_slot", "slot_id", "organisation_id", unique=True,
              sqlite_where=_HOLDS, postgresql_where=_HOLDS),
        Index("ix_qi_appointment_window_start", "window_id", "starts_at"),
        Index("ix_qi_appointment_org_start", "organisation_id", "starts_at"),
        Index("ix_qi_appointment_state_start", "state", "starts_at"),
        Index("ix_qi_appointment_start", "starts_at", "id"),  # the staff list's default order
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # YY-2026-000001
    # the booking form's one-use token: a form sent twice books once
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    slot_id: Mapped[int] = mapped_column(ForeignKey("qi_appointment_slot.id"), nullable=False)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False, index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("qi_service_item.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)  # the slot's, China time
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=BOOKED)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)
    changed_by: Mapped[str | None] = mapped_column(String(100))  # who cancelled, moved or marked it
    # when the reminder of the working day before went out (cleared when the appointment is moved)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    slot: Mapped[AppointmentSlot] = relationship()
    window: Mapped[ServiceWindow] = relationship()
    organisation: Mapped[Organisation] = relationship()
    item: Mapped[ServiceItem | None] = relationship()
    user = relationship("User")

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    def __repr__(self) -> str:
        return self.number

    @classmethod
    def qi_sample_row(cls, session, organisation_id: int, user_id: int, label: str) -> "Appointment":
        """A booked appointment of the organisation at a window and slot of its own (for the isolation
        matrix, ``app.testing.samples``; only tests call it)."""
        window = ServiceWindow(code=f"sample-appointment-{organisation_id}", kind="park", name=f"{label}窗口",
                               region_code="330100", address=f"{label}路 1 号", phone="0571-00000000")
        starts = dt.datetime(2099, 1, 5, 9) + dt.timedelta(minutes=30 * organisation_id)
        slot = AppointmentSlot(window=window, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30),
                               capacity=1, booked=1)
        return cls(number=f"YY-2099-{organisation_id:06d}", token=f"sample-appointment-{organisation_id}", slot=slot,
                   window=window, organisation_id=organisation_id, user_id=user_id, starts_at=slot.starts_at,
                   ends_at=slot.ends_at, contact_phone="", note=label, state=BOOKED)
