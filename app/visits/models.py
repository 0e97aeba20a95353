"""A visit to an enterprise and the needs collected on it."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from ..needs.models import Need
from ..windows.models import ServiceWindow


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


PLANNED, DONE, CANCELLED = "planned", "done", "cancelled"
VISIT_STATE_LABELS = {PLANNED: _l("Visit planned"), DONE: _l("Visit done"), CANCELLED: _l("Visit cancelled")}


class EnterpriseVisit(Model):
    """A visit of window or platform staff to an enterprise (6.3.1-2): planned for a day with a
    purpose, then logged (when, whom they met, notes, outcome) or cancelled. ``window_id`` is the
    window the visitor works for (None: a visit of platform staff for no window)."""

    __tablename__ = "qi_visit"
    __scope__ = {"window": "window_id"}
    __table_args__ = (Index("ix_qi_visit_window_planned", "window_id", "planned_on"),
                      Index("ix_qi_visit_state_planned", "state", "planned_on"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("qi_window.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    planned_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    visitor: Mapped[str] = mapped_column(String(128), nullable=False)  # who goes (a name as staff write it)
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)  # reminded when overdue
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=PLANNED)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    met: Mapped[str | None] = mapped_column(String(200))  # whom they met at the enterprise
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    reminded_on: Mapped[dt.date | None] = mapped_column(Date)  # the overdue reminder's mark: once per visit
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_by: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    window: Mapped[ServiceWindow | None] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def state_label(self) -> str:
        return str(VISIT_STATE_LABELS.get(self.state, self.state))

    def __repr__(self) -> str:
        return f"visit {self.id}"


class VisitNeed(Model):
    """A need collected on a visit: the need keeps its own flow; this says where it came from."""

    __tablename__ = "qi_visit_need"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("qi_visit.id"), nullable=False, index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, unique=True)

    visit: Mapped[EnterpriseVisit] = relationship()
    need: Mapped[Need] = relationship()
