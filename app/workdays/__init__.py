"""The working-day calendar: every time limit of the standard (3 working days to review, 1 to
respond, 3 to answer) is counted with it, never in calendar days.

``add_working_days`` asks the current calendar whether a day is a working day. The default
calendar knows only weekends; a calendar with public holidays and 调休 make-up working days can
be installed with ``set_calendar`` (or per application as ``app.extensions["qi_calendar"]``)
without changing any caller.
"""
from __future__ import annotations

import datetime as dt
from typing import Protocol

from flask import current_app, has_app_context


class Calendar(Protocol):
    def is_working_day(self, day: dt.date) -> bool: ...


class WeekendCalendar:
    """Monday to Friday are working days."""

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5


_default: Calendar = WeekendCalendar()


def set_calendar(calendar: Calendar) -> None:
    """Install the process-wide default calendar (an application's own takes precedence)."""
    global _default
    _default = calendar


def current_calendar() -> Calendar:
    if has_app_context() and "qi_calendar" in current_app.extensions:
        return current_app.extensions["qi_calendar"]
    return _default


def add_working_days(start: dt.date | dt.datetime, days: int, calendar: Calendar | None = None) -> dt.date:
    """The date ``days`` working days after ``start``.

    Submitted on a Friday, 3 working days later is the next Wednesday; a submission on a Saturday
    counts from Monday (Monday is day 1).
    """
    calendar = calendar or current_calendar()
    day = start.date() if isinstance(start, dt.datetime) else start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    calendar = calendar or current_calendar()
    if end < start:
        return -working_days_between(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def today() -> dt.date:
    """Today in China Standard Time, where the platform's deadlines fall."""
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).date()



def is_working_day(day: dt.date, calendar: Calendar | None = None) -> bool:
    """Whether ``day`` is a working day of the current calendar."""
    return (calendar or current_calendar()).is_working_day(day)
