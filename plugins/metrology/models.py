"""Verification capabilities of legal metrology institutions and the enterprise's instrument ledger
(计量器具管理台账). Calibration requests made from the ledger are needs of the platform (``needs``)."""
from __future__ import annotations

import calendar
import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.kit import Choices, Organisation

VERIFICATION, CALIBRATION = "verification", "calibration"
METHODS = Choices({VERIFICATION: _l("Verification"), CALIBRATION: _l("Calibration")})

IN_USE, SEALED, RETIRED, OVERDUE = "in_use", "sealed", "retired", "overdue"
STATES = Choices({IN_USE: _l("In service"), SEALED: _l("Sealed"), RETIRED: _l("Retired")})
STATUS_LABELS = STATES | {OVERDUE: _l("Overdue")}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class MetrologyCapability(Model):
    """What a legal metrology institution is authorised to verify or calibrate (授权检定/校准项目).

    The institution keeps its own rows; staff keep all (``__scope__``).
    """

    __tablename__ = "metr_capability"
    __scope__ = {"organisation": "organisation_id"}
    __table_args__ = (UniqueConstraint("organisation_id", "instrument_type", "method"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    instrument_type: Mapped[str] = mapped_column(String(100), nullable=False, index=True)  # 压力表、电子天平 …
    method: Mapped[str] = mapped_column(String(20), nullable=False, default=VERIFICATION)
    measuring_range: Mapped[str | None] = mapped_column(String(200))
    accuracy: Mapped[str | None] = mapped_column(String(200))  # 准确度等级 or uncertainty
    authorisation_number: Mapped[str] = mapped_column(String(60), nullable=False)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)

    organisation = relationship(Organisation)

    @property
    def is_valid(self) -> bool:
        return self.valid_until is None or self.valid_until >= dt.date.today()

    def __repr__(self) -> str:
        return f"{self.instrument_type} ({self.authorisation_number})"


class Instrument(Model):
    """One measuring instrument of an enterprise's ledger. ``next_due`` is computed on every save:
    the last verification or calibration date plus the cycle."""

    __tablename__ = "metr_instrument"
    __scope__ = {"organisation": "organisation_id"}
    # The ledger lists one enterprise's instruments by due date (nulls first, then name): this index
    # serves that order without a sort (issue 16).
    __table_args__ = (UniqueConstraint("organisation_id", "serial_number"),
                      # the ledger's order, and its counts by state and due date from the index alone
                      # (PostgreSQL: next_due NULLS FIRST, as the ledger orders; metr_0005)
                      Index("ix_metr_instrument_ledger", "organisation_id", "next_due", "name", "id", "state",
                            postgresql_ops={"next_due": "NULLS FIRST"}, info={"engine_specific": True}))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)  # 器具名称
    model: Mapped[str | None] = mapped_column(String(100))  # 型号规格
    serial_number: Mapped[str] = mapped_column(String(100), nullable=False)  # 出厂编号
    measuring_range: Mapped[str | None] = mapped_column(String(100))
    accuracy: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(20), nullable=False, default=VERIFICATION)
    cycle_months: Mapped[int] = mapped_column(Integer, nullable=False, default=12)
    last_date: Mapped[dt.date | None] = mapped_column(Date)
    next_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=IN_USE)
    certificate_number: Mapped[str | None] = mapped_column(String(60))
    certificate_name: Mapped[str | None] = mapped_column(String(200))
    certificate_stored: Mapped[str | None] = mapped_column(String(64))  # name under the upload folder
    certificate_type: Mapped[str | None] = mapped_column(String(40))
    reminded_for: Mapped[dt.date | None] = mapped_column(Date)  # the due date a reminder was sent for
    notes: Mapped[str | None] = mapped_column(Text)

    organisation = relationship(Organisation)

    def compute_next_due(self) -> dt.date | None:
        if self.last_date is None or not self.cycle_months:
            return None
        return add_months(self.last_date, int(self.cycle_months))

    def status_on(self, today: dt.date) -> str:
        """The state, or ``overdue`` for an instrument in use past its due date or never verified."""
        if self.state == IN_USE and (self.next_due is None or self.next_due < today):
            return OVERDUE
        return self.state

    @property
    def status(self) -> str:
        return self.status_on(dt.date.today())

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def __repr__(self) -> str:
        return f"{self.name} {self.serial_number}"


@event.listens_for(Instrument, "before_insert")
@event.listens_for(Instrument, "before_update")
def _next_due(mapper, connection, instrument: Instrument) -> None:
    instrument.next_due = instrument.compute_next_due()
