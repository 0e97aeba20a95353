"""A sample received at a park station for a need, and the times of its steps."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Organisation
from ..needs.models import Need, NeedDocument
from ..windows.models import ServiceWindow

RECEIVED, SENT, TESTING, REPORTED, HANDED_OVER = "received", "sent", "testing", "reported", "handed_over"
#: the steps of a sample, strictly in this order
STATES = (RECEIVED, SENT, TESTING, REPORTED, HANDED_OVER)
SAMPLE_STATE_LABELS = {RECEIVED: _l("Sample received at the station"), SENT: _l("Sample sent to the institution"),
                       TESTING: _l("Sample under test"), REPORTED: _l("Test report issued"),
                       HANDED_OVER: _l("Report handed over to the enterprise")}
#: the columns that time each state: when it was reached and by whom
STAMPS = {RECEIVED: ("received_at", "received_by"), SENT: ("sent_at", "sent_by"),
          TESTING: ("testing_at", "testing_by"), REPORTED: ("reported_at", "reported_by"),
          HANDED_OVER: ("handed_at", "handed_by")}


class Sample(Model):
    """A sample of an enterprise received at a park station for one of its needs (4.2.1-1). The
    station's staff, the institution it is sent to and the enterprise see it (``__scope__``)."""

    __tablename__ = "qi_sample"
    __scope__ = {"window": "window_id", "organisation": "organisation_id", "institution": "institution_id"}
    __table_args__ = (Index("ix_qi_sample_window_state", "window_id", "state"),
                      Index("ix_qi_sample_received", "received_at", "id"))  # the list's default order

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    # the receiving form's one-use token: sending it twice receives one sample
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    need_id: Mapped[int] = mapped_column(ForeignKey("qi_need.id"), nullable=False, index=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("qi_window.id"), nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    quantity: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=RECEIVED)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    received_by: Mapped[str] = mapped_column(String(128), nullable=False)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_by: Mapped[str | None] = mapped_column(String(128))
    testing_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    testing_by: Mapped[str | None] = mapped_column(String(128))
    reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reported_by: Mapped[str | None] = mapped_column(String(128))
    handed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    handed_by: Mapped[str | None] = mapped_column(String(128))
    report_number: Mapped[str | None] = mapped_column(String(60))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("qi_need_document.id"))

    need: Mapped[Need] = relationship()
    window: Mapped[ServiceWindow] = relationship()
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    institution: Mapped[Organisation | None] = relationship(foreign_keys=[institution_id])
    document: Mapped[NeedDocument | None] = relationship()

    @property
    def state_label(self) -> str:
        return str(SAMPLE_STATE_LABELS.get(self.state, self.state))

    def __repr__(self) -> str:
        return self.number
