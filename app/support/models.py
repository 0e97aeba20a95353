"""Support tickets and the messages on them."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..i18n.enums import Choices


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# open (support's turn) → answered (the user's turn) → open again when the user writes back; either
# side closes it, and a message on a closed ticket opens it again.
OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
STATES = Choices({OPEN: _l("Waiting for support"), ANSWERED: _l("Answered"), CLOSED: _l("Closed")})


class SupportTicket(Model):
    """One request for technical help, with where it was asked from: the page, the browser and the
    reference of the user's last server error (``app.support.attached``)."""

    __tablename__ = "qi_support_ticket"
    __scope__ = {"user": "user_id"}  # the person who opened it; staff see every ticket
    __table_args__ = (
        Index("ix_qi_support_ticket_user", "user_id", "id"),  # "my tickets", newest first
        Index("ix_qi_support_ticket_state", "state", "id"),  # the support desk's tabs
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    token: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)  # one ticket per form sent
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    page: Mapped[str | None] = mapped_column(String(300))  # the address the user asked from (a path)
    browser: Mapped[str | None] = mapped_column(String(300))  # the User-Agent it was sent with
    error_id: Mapped[str | None] = mapped_column(String(64))  # a request id of app.ops.request_ids
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=OPEN)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user = relationship("User", foreign_keys=[user_id])
    messages: Mapped[list["SupportMessage"]] = relationship(back_populates="ticket",
                                                            order_by="SupportMessage.id")

    @property
    def state_label(self) -> str:
        return STATES.label(self.state)


class SupportMessage(Model):
    """What the user or support wrote on a ticket, in order; the first is the user's question."""

    __tablename__ = "qi_support_message"
    __table_args__ = (Index("ix_qi_support_message_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("qi_support_ticket.id", ondelete="CASCADE"), nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    from_support: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    ticket: Mapped[SupportTicket] = relationship(back_populates="messages")
    author = relationship("User", foreign_keys=[author_id])
