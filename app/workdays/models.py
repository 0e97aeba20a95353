"""The working-day calendar in the database: the days that differ from "Monday to Friday", the
years loaded, and every staff change.

A day without a row follows the weekend rule; a row says whether the day is a working day (a
public holiday on a weekday is not, a 调休 Saturday or Sunday is). Every worker reads these rows,
so a staff edit counts everywhere at once.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

#: where a day or a year came from
SOURCE_PACKAGE = "chinese-calendar"
SOURCE_IMPORT = "import"
SOURCE_STAFF = "staff"
SOURCES = (SOURCE_PACKAGE, SOURCE_IMPORT, SOURCE_STAFF)


def _now() -> dt.datetime:
    """Naive UTC, as every timestamp of the platform is stored."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class CalendarDay(Model):
    """One day that is not what the weekend rule says: a holiday (``is_working`` False) or an
    adjusted working day (调休, ``is_working`` True on a Saturday or Sunday).

    ``name`` is a holiday key (``national_day``, shown in the reader's language, see
    ``app.workdays.names``) or a staff's own text."""

    __tablename__ = "qi_calendar_day"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, unique=True)
    is_working: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    name: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20), nullable=False, default=SOURCE_STAFF)
    changed_by: Mapped[str | None] = mapped_column(String(100))
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    def __repr__(self) -> str:
        return f"{self.day.isoformat()} {'working' if self.is_working else 'holiday'}"


class CalendarYear(Model):
    """A year whose holidays and 调休 days are loaded: without one, the year falls back to weekends."""

    __tablename__ = "qi_calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    detail: Mapped[str | None] = mapped_column(String(200))  # package version or file name
    loaded_by: Mapped[str | None] = mapped_column(String(100))
    loaded_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)


class CalendarChange(Model):
    """Who changed which day from what to what, and when (staff edits and imports)."""

    __tablename__ = "qi_calendar_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)  # added, changed, deleted, imported
    old_working: Mapped[bool | None] = mapped_column(Boolean)
    new_working: Mapped[bool | None] = mapped_column(Boolean)
    old_name: Mapped[str | None] = mapped_column(String(100))
    new_name: Mapped[str | None] = mapped_column(String(100))
    changed_by: Mapped[str] = mapped_column(String(100), nullable=False)
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, index=True)
