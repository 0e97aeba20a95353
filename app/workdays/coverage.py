"""Which years the calendar has data for, and which it still needs.

A year without data falls back to weekends: deadlines then ignore public holidays and 调休 days,
so staff are warned (``app.dashboard``) for the current year, and from ``NEXT_YEAR_FROM`` on for
the next one too (the State Council publishes the next year's arrangement in late autumn).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

#: (month, day) from which the next year's data is expected
NEXT_YEAR_FROM = (11, 1)


def calendar_coverage() -> dict[int, str]:
    """``{year: source}`` of every year whose holidays and 调休 days are loaded."""
    from ..extensions import db
    from .models import CalendarYear

    return dict(db.session.execute(select(CalendarYear.year, CalendarYear.source).order_by(CalendarYear.year)).all())


def years_needed(on: dt.date) -> list[int]:
    """The years the calendar should know on ``on``: its own, and the next from 1 November."""
    years = [on.year]
    if (on.month, on.day) >= NEXT_YEAR_FROM:
        years.append(on.year + 1)
    return years


def uncovered_years(on: dt.date | None = None) -> list[int]:
    """The needed years (``years_needed``) without data: these fall back to weekends."""
    from .calendar import today

    covered = calendar_coverage()
    return [year for year in years_needed(on or today()) if year not in covered]
