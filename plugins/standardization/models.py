"""Standards: number, titles, status, dates, what replaces what, ICS and CCS codes."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from app.kit import Choices
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

CURRENT, UPCOMING, ABOLISHED = "current", "upcoming", "abolished"
STATUS_LABELS = Choices({CURRENT: _l("Current"), UPCOMING: _l("Upcoming"), ABOLISHED: _l("Withdrawn (standard)")})


class Standard(Model):
    """One standard. ``number_key`` is the normalised number (``plugins.standardization.numbers``);
    ``replaced_by_key`` the key of the standard that replaces it, which may not be on file yet."""

    __tablename__ = "std_standard"
    # the search's current edition of an undated number: LIKE 'GBT19001-%' (PostgreSQL only; std_0006)
    __table_args__ = (Index("ix_std_standard_number_key_pattern", "number_key",
                            postgresql_ops={"number_key": "text_pattern_ops"}, info={"engine_specific": True}),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), nullable=False, index=True)  # the list's default order
    number_key: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    title_zh: Mapped[str] = mapped_column(String(300), nullable=False, index=True)  # sortable in the list
    title_en: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=CURRENT, index=True)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    implemented_on: Mapped[dt.date | None] = mapped_column(Date, index=True)  # sortable in the list
    abolished_on: Mapped[dt.date | None] = mapped_column(Date)
    replaced_by_key: Mapped[str | None] = mapped_column(String(60), index=True)
    ics: Mapped[str | None] = mapped_column(String(30))
    ccs: Mapped[str | None] = mapped_column(String(20))

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    def __repr__(self) -> str:
        return f"{self.number} {self.title_zh}"
