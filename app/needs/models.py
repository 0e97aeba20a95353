"""A need, its history, its service record, documents and return visits."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from ..catalog.models import ServiceCategory, ServiceItem
from ..history import StepEventColumns, StoredFileColumns
from .states import STATE_LABELS, SUBMITTED
from .texts import shown


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


ONLINE, PHONE, WINDOW, ONSITE, LETTER, VISIT = "online", "phone", "window", "onsite", "letter", "visit"


class Need(Model):
    """One case: what an enterprise needs, who handles it and by when (clauses 6.3.1-1, 6.3.2-1)."""

    __tablename__ = "qi_need"
    __scope__ = {"organisation": "organisation_id", "institution": "institution_id", "window": "window_id"}
    __table_args__ = (
        Index("ix_qi_need_state_respond_due", "state", "respond_due"),
        Index("ix_qi_need_state_answer_due", "state", "answer_due"),
        Index("ix_qi_need_org_submitted", "organisation_id", "submitted_at"),
        Index("ix_qi_need_institution_state", "institution_id", "state"),
        # state first: the board groups the open needs by category and by window, with how many are
        # late, from the index alone (qi_core_0027)
        Index("ix_qi_need_state_category_due", "state", "category_id", "respond_due", "answer_due"),
        Index("ix_qi_need_state_window_due", "state", "window_id", "respond_due", "answer_due"),
        # the consultations list and a window's needs, newest first (qi_core_0033)
        Index("ix_qi_need_type_submitted", "need_type", "submitted_at"),
        Index("ix_qi_need_window_submitted", "window_id", "submitted_at"),
        Index("ix_qi_need_submitted", "submitted_at"),  # the quarterly SLA figures (qi_core_0020)
        # an item's needs newest first: the export of its application forms' answers (qi_core_0043)
        Index("ix_qi_need_item_submitted", "item_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    # sha256 of the secret code given to the filer: the number and the code open the case without an account
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # the form's one-use token (or a consultation's old link token): sending twice files one need
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    need_type: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("qi_service_item.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("qi_service_category.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"))
    window_id: Mapped[int | None] = mapped_column(Integer, index=True)  # service windows: their own issue
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20), nullable=False, default=ONLINE)
    contact_name: Mapped[str] = mapped_column(String(100), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), nullable=False)  # phone or e-mail
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    title_key: Mapped[dict | None] = mapped_column(JSON)  # a generated title, shown in the reader's language
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    details: Mapped[dict | None] = mapped_column(JSON)  # what the need type adds (instrument ids …)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=SUBMITTED)
    resume_state: Mapped[str | None] = mapped_column(String(20))  # where ``resume`` goes back to
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    counted_from: Mapped[dt.date] = mapped_column(Date, nullable=False)  # after the cut-off: next working day
    # Sortable in the needs list: each has its own index too (the (state, …) ones serve the queues).
    respond_due: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    answer_due: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    paused_on: Mapped[dt.date | None] = mapped_column(Date)
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    plan: Mapped[str | None] = mapped_column(Text)  # the plan, or a consultation's answer
    plan_key: Mapped[dict | None] = mapped_column(JSON)
    referral: Mapped[str | None] = mapped_column(Text)  # the outside institution (6.3.2-3)
    result: Mapped[str | None] = mapped_column(Text)
    informed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # completion notice sent (6.4.1-1)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminded_on: Mapped[dt.date | None] = mapped_column(Date)  # the SLA tasks' marks: each notice once
    escalated_on: Mapped[dt.date | None] = mapped_column(Date)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    item: Mapped[ServiceItem | None] = relationship()
    category: Mapped[ServiceCategory | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    institution: Mapped[Organisation | None] = relationship(foreign_keys=[institution_id])
    events: Mapped[list["NeedEvent"]] = relationship(back_populates="need", order_by="NeedEvent.id",
                                                      cascade="all, delete-orphan")

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def shown_title(self) -> str:
        return shown(self.title, self.title_key)

    @property
    def shown_plan(self) -> str:
        return shown(self.plan, self.plan_key)

    @property
    def channel_label(self) -> str:
        from .channels import channel_label

        return channel_label(self.channel)

    def __repr__(self) -> str:
        return self.number


class NeedEvent(StepEventColumns, Model):
    """One step of a need's history: who, when, from which state to which, and why."""

    __tablename__ = "qi_need_event"
    __table_args__ = (Index("ix_qi_need_event_need", "need_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False)

    need: Mapped[Need] = relationship(back_populates="events")


class ServiceRecord(Model):
    """The service record of a need (6.3.2-4): what was done, in what time, at what price, and the
    problems met and how they were coordinated."""

    __tablename__ = "qi_need_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, unique=True)
    items: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cycle: Mapped[str | None] = mapped_column(String(100))
    price: Mapped[str | None] = mapped_column(String(100))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    finished_on: Mapped[dt.date | None] = mapped_column(Date)
    follow_ups: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)
    coordination: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    need: Mapped[Need] = relationship()


class NeedDocument(StoredFileColumns, Model):
    """A report, certificate or other document delivered for a need, stored like every upload."""

    __tablename__ = "qi_need_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)

    need: Mapped[Need] = relationship()


class ReturnVisit(Model):
    """A return visit after the service (6.4.1-2): scheduled by staff, recorded when done."""

    __tablename__ = "qi_need_visit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, index=True)
    scheduled_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(20), nullable=False, default=PHONE)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    done_by: Mapped[str | None] = mapped_column(String(128))
    notes: Mapped[str | None] = mapped_column(Text)

    need: Mapped[Need] = relationship()
