"""Improvement actions and the yearly summary and plan."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# open → done (the owner says so) → verified, or failed and back to open (the re-check, 7.2-1 c)
OPEN, DONE, VERIFIED, FAILED = "open", "done", "verified", "failed"
STATE_LABELS = {OPEN: _l("Action open"), DONE: _l("Done, to be re-checked"), VERIFIED: _l("Re-check passed"),
                FAILED: _l("Re-check failed")}


class ImprovementAction(Model):
    """One improvement: what, who owns it, by when, where it came from (a dissatisfaction case, a
    complaint or a review), and the re-check; ``public_note`` is the follow-up published (7.2-1 c)."""

    __tablename__ = "qi_improvement"
    __scope__ = {"institution": "owner_org_id", "window": "window_id"}
    __table_args__ = (Index("ix_qi_improvement_state_due", "state", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    dissatisfaction_id: Mapped[int | None] = mapped_column(ForeignKey("qi_dissatisfaction.id"), index=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("qi_complaint.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))  # the person responsible
    owner_org_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("qi_window.id"), index=True)
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=OPEN)
    done_note: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    recheck_result: Mapped[str | None] = mapped_column(Text)
    rechecked_by: Mapped[str | None] = mapped_column(String(128))
    rechecked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    public_note: Mapped[str | None] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    owner_org: Mapped[Organisation | None] = relationship(foreign_keys=[owner_org_id])

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))


class ImprovementYear(Model):
    """The yearly summary of evaluation and improvement work and the next year's plan (7.2-1 d)."""

    __tablename__ = "qi_improvement_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    plan: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    changed_by: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)
