"""A shared instrument and its bookings."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


REQUESTED, APPROVED, REFUSED, CANCELLED = "requested", "approved", "refused", "cancelled"
#: bookings that hold their time range: no other booking of the instrument may overlap them
HOLDING = (REQUESTED, APPROVED)
STATE_LABELS = {REQUESTED: _l("Booking requested"), APPROVED: _l("Booking approved"),
                REFUSED: _l("Booking refused"), CANCELLED: _l("Booking cancelled")}


class SharedInstrument(Model):
    """A key instrument an institution offers for time-share use. Public reference data: anyone reads
    the active ones; only the owning institution (and platform staff) change them."""

    __tablename__ = "qi_equipment"
    __public_choices__ = True
    __table_args__ = (Index("ix_qi_equipment_active_name", "active", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    model: Mapped[str | None] = mapped_column(String(200))
    measures: Mapped[str] = mapped_column(String(500), nullable=False)  # what it measures or tests
    location: Mapped[str] = mapped_column(String(300), nullable=False)
    price: Mapped[str | None] = mapped_column(String(200))  # e.g. "300 元/小时"
    rules: Mapped[str | None] = mapped_column(Text)  # conditions of use
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # bumped by every booking and approval: the UPDATE takes the row lock (PostgreSQL) or the write
    # lock (SQLite) before the overlap check, so two bookings of one instrument run one after the other
    booking_rev: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return self.name


class EquipmentBooking(Model):
    """A time range on one day asked for by an enterprise member; it holds its range while requested
    or approved. Times are China time, as the enterprise typed them."""

    __tablename__ = "qi_equipment_booking"
    __scope__ = {"organisation": "organisation_id", "institution": "institution_id", "user": "user_id"}
    __table_args__ = (Index("ix_qi_equipment_booking_instrument", "instrument_id", "state", "starts_at"),
                      Index("ix_qi_equipment_booking_start", "starts_at", "id"))  # the list's default order

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("qi_equipment.id"), nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    # the instrument's owner, copied so its bookings are scoped without a join
    institution_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False, index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False, default="")
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=REQUESTED)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was refused
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    instrument: Mapped[SharedInstrument] = relationship()
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    user = relationship("User")

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))
