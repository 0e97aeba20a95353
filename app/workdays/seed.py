"""Loading public holidays and 调休 working days from the ``chinesecalendar`` package.

``flask qi init`` calls ``seed_calendar`` every time; it loads each year the package knows and the
database does not (no ``qi_calendar_year`` row). A year already there, loaded from the package,
imported from a notice or edited by staff, is left exactly as it is: a newer package adds the
years it learned, it never overwrites a staff edit or an imported year.
"""
from __future__ import annotations

import datetime as dt
from importlib import metadata

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import SOURCE_PACKAGE, CalendarDay, CalendarYear


def package_days() -> dict[dt.date, tuple[bool, str | None]]:
    """``{day: (is_working, holiday key)}`` of every holiday and 调休 day the package knows."""
    from chinese_calendar import constants

    keys = {holiday.value: holiday.name for holiday in constants.Holiday}
    days = {day: (False, keys.get(name, name)) for day, name in constants.holidays.items()}
    days.update({day: (True, keys.get(name, name)) for day, name in constants.workdays.items()})
    return days


def package_version() -> str:
    try:
        return f"chinesecalendar {metadata.version('chinesecalendar')}"
    except metadata.PackageNotFoundError:
        return "chinesecalendar"


def seed_calendar(session: Session, days: dict[dt.date, tuple[bool, str | None]] | None = None) -> list[int]:
    """Load the years of ``days`` (default: the package's) that the database has no data for;
    returns those years. Callers commit."""
    days = package_days() if days is None else days
    known = set(session.scalars(select(CalendarYear.year)))
    # Days a staff member already added in a year not loaded yet stay as they are.
    years = sorted({day.year for day in days} - known)
    if not years:
        return []
    taken = set(session.scalars(select(CalendarDay.day).where(
        CalendarDay.day.between(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)))))
    version = package_version()
    for year in years:
        session.add(CalendarYear(year=year, source=SOURCE_PACKAGE, detail=version, loaded_by="flask qi init"))
    session.add_all(CalendarDay(day=day, is_working=working, name=name, source=SOURCE_PACKAGE)
                    for day, (working, name) in sorted(days.items()) if day.year in years and day not in taken)
    return years
