"""A complaint, its history and its files.

The form has the standard's fields (6.4.2-2): a) the complaint number (受理编号, ``TS-2026-000123``
from ``app.numbering``), b) the institution complained about (one of the platform's, or the name of
an outside one), c) the complaint type, d) the content and what the complainant asks for.

The institution complained about reaches a complaint only once the platform forwards it: its scope
column is ``forwarded_to_id``, empty until then, so the complainant's words stay with the platform
while it investigates.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from ..history import StepEventColumns, StoredFileColumns


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# the channels of 6.4.2-2: website, phone, window, letter
ONLINE, PHONE, WINDOW, LETTER = "online", "phone", "window", "letter"
CHANNEL_LABELS = {ONLINE: _l("Website"), PHONE: _l("Phone"), WINDOW: _l("At a window"), LETTER: _l("Letter")}

# the complaint types shipped (6.4.2-2 c): administrators edit the list (app.complaints.types)
QUALITY, TIME_LIMIT, PRICE, ATTITUDE, RESULT_DISPUTE, OTHER = (
    "quality", "time_limit", "price", "attitude", "result_dispute", "other")

# the states (6.4.2-3): received → investigating → forwarded → replied → decided → told → closed; the
# complainant may reopen a told complaint once (back to investigating). The steps are in states.py.
RECEIVED, INVESTIGATING, FORWARDED, REPLIED, DECIDED, TOLD, CLOSED = (
    "received", "investigating", "forwarded", "replied", "decided", "told", "closed")
STATE_LABELS = {RECEIVED: _l("Complaint received"), INVESTIGATING: _l("Under investigation"),
                FORWARDED: _l("Forwarded to the institution"), REPLIED: _l("Institution replied"),
                DECIDED: _l("Outcome decided"), TOLD: _l("Outcome told to the complainant"),
                CLOSED: _l("Complaint closed")}
#: the states in which the platform (or the institution) still owes the complainant something
OPEN_STATES = frozenset({RECEIVED, INVESTIGATING, FORWARDED, REPLIED, DECIDED})


class Complaint(Model):
    """One complaint (6.4.2-2) on its way through investigation to the outcome told (6.4.2-3)."""

    __tablename__ = "qi_complaint"
    # the complainant (signed in: the user, and the members of their enterprise), the window that took
    # it, and the institution once it is forwarded to it
    __scope__ = {"user": "filed_by_id", "organisation": "organisation_id", "window": "window_id",
                 "institution": "forwarded_to_id"}
    __table_args__ = (
        Index("ix_qi_complaint_state_due", "state", "due_on"),
        Index("ix_qi_complaint_submitted", "submitted_at", "id"),
        Index("ix_qi_complaint_institution", "institution_id", "submitted_at"),
        # "my complaints": each branch of its OR in the list's order (app.union_pages)
        Index("ix_qi_complaint_filed_by_submitted", "filed_by_id", "submitted_at", "id"),
        Index("ix_qi_complaint_organisation_submitted", "organisation_id", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # a) 受理编号
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)  # sha256 of the follow-up code
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)  # the form's: one complaint per post
    channel: Mapped[str] = mapped_column(String(20), nullable=False, default=ONLINE)
    # b) the institution complained about: a platform institution, or the name of an outside one
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"))
    institution_name: Mapped[str | None] = mapped_column(String(200))
    complaint_type: Mapped[str] = mapped_column(String(30), nullable=False)  # c)
    content: Mapped[str] = mapped_column(Text, nullable=False)  # d) what happened
    request: Mapped[str] = mapped_column(Text, nullable=False)  # d) what the complainant asks for
    need_id: Mapped[int | None] = mapped_column(ForeignKey("qi_need.id"), index=True)  # the case it is about
    complainant_name: Mapped[str] = mapped_column(String(100), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), nullable=False)  # phone or e-mail
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    recorded_by: Mapped[str | None] = mapped_column(String(128))  # staff who took a phone/window/letter one
    window_id: Mapped[int | None] = mapped_column(ForeignKey("qi_window.id"), index=True)
    forwarded_to_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=RECEIVED)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # the current stage's working-day deadline
    findings: Mapped[str | None] = mapped_column(Text)  # what the investigation found
    reply: Mapped[str | None] = mapped_column(Text)  # the institution's reply
    outcome: Mapped[str | None] = mapped_column(Text)  # the platform's decision (处理意见)
    told_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # outcome told to the complainant
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # reopened once, at most
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    institution: Mapped[Organisation | None] = relationship(foreign_keys=[institution_id])
    forwarded_to: Mapped[Organisation | None] = relationship(foreign_keys=[forwarded_to_id])
    events: Mapped[list["ComplaintEvent"]] = relationship(back_populates="complaint", order_by="ComplaintEvent.id",
                                                           cascade="all, delete-orphan")

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def type_label(self) -> str:
        from .types import type_label

        return type_label(self.complaint_type)

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS.get(self.channel, self.channel))

    @property
    def shown_institution(self) -> str:
        """The institution complained about: the platform's name for it, or the typed outside name."""
        if self.institution is not None:
            return self.institution.name
        return self.institution_name or ""

    def __repr__(self) -> str:
        return self.number


class ComplaintEvent(StepEventColumns, Model):
    """One step of a complaint's history: who, when, from which state to which, and why."""

    __tablename__ = "qi_complaint_event"
    __table_args__ = (Index("ix_qi_complaint_event_complaint", "complaint_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("qi_complaint.id"), nullable=False)

    complaint: Mapped[Complaint] = relationship(back_populates="events")


class ComplaintFile(StoredFileColumns, Model):
    """A file attached to a complaint (by the complainant, staff or the institution), stored like every upload."""

    __tablename__ = "qi_complaint_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("qi_complaint.id"), nullable=False, index=True)

    complaint: Mapped[Complaint] = relationship()
