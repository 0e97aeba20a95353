"""Counting working days: the lookup and the clock every time limit of the standard uses.

Which days are working days:

- a day with a row in ``qi_calendar_day`` is what the row says (a holiday, or a 调休 Saturday or
  Sunday that is worked);
- any other day follows the weekend rule (Monday to Friday). A year without data (see
  ``calendar_coverage``) therefore falls back to weekends only.

The rows are read from the database per year, in one query for the whole range a computation
needs, and kept at most for the current application context (Flask ``g``, one request): nothing
stays in process memory, so a staff edit counts in every worker at once.

Times: the platform stores naive UTC timestamps (``_now()`` in the models). ``counting_start``,
``deadline`` and ``extend_for_pause`` take such a naive datetime as UTC (an aware one is converted)
and decide in China Standard Time (UTC+8), where the deadlines fall. ``add_working_days`` and
``working_days_between`` count calendar dates: given a datetime they use its date as it is.
"""
from __future__ import annotations

import datetime as dt
from typing import Protocol

from flask import current_app, g, has_app_context

from ..parameters.read import setting

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
DEFAULT_CUTOFF_HOUR = 17
_CACHE = "qi_calendar_days"


class Calendar(Protocol):
    def is_working_day(self, day: dt.date) -> bool: ...


class WeekendCalendar:
    """Monday to Friday are working days."""

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5


class DatabaseCalendar:
    """The calendar of ``qi_calendar_day``: rows where they exist, the weekend rule elsewhere.

    Rows are read a whole year at a time and kept in ``g`` (the current request or CLI run)."""

    def _years(self) -> dict[int, dict[dt.date, bool]]:
        return g.setdefault(_CACHE, {})

    def prefetch(self, first: dt.date, last: dt.date) -> None:
        """Read the rows of every year from ``first`` to ``last`` not read yet, in one query."""
        from sqlalchemy import select

        from ..extensions import db
        from .models import CalendarDay

        years = self._years()
        missing = [y for y in range(min(first, last).year, max(first, last).year + 1) if y not in years]
        if not missing:
            return
        wanted = set(missing)
        for year in missing:
            years[year] = {}
        rows = db.session.execute(select(CalendarDay.day, CalendarDay.is_working).where(
            CalendarDay.day.between(dt.date(missing[0], 1, 1), dt.date(missing[-1], 12, 31))))
        for day, working in rows:
            if day.year in wanted:
                years[day.year][day] = bool(working)

    def is_working_day(self, day: dt.date) -> bool:
        years = self._years()
        if day.year not in years:
            self.prefetch(day, day)
        known = years[day.year].get(day)
        return day.weekday() < 5 if known is None else known


_default: Calendar | None = None


def set_calendar(calendar: Calendar | None) -> None:
    """Install a process-wide calendar (for tests and tools; an application's own takes precedence).
    ``None`` goes back to the database calendar (weekends outside an application)."""
    global _default
    _default = calendar


def current_calendar() -> Calendar:
    """The calendar in force: ``app.extensions["qi_calendar"]``, else one installed with
    ``set_calendar``, else the database's inside an application, else weekends."""
    if has_app_context() and "qi_calendar" in current_app.extensions:
        return current_app.extensions["qi_calendar"]
    if _default is not None:
        return _default
    if has_app_context() and "sqlalchemy" in current_app.extensions:
        return DatabaseCalendar()
    return WeekendCalendar()


def forget() -> None:
    """Drop the rows read in this request, after changing them (the next lookup reads them again)."""
    if has_app_context():
        g.pop(_CACHE, None)


def _date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _prefetch(calendar: Calendar, first: dt.date, last: dt.date) -> None:
    prefetch = getattr(calendar, "prefetch", None)
    if prefetch is not None:
        prefetch(first, last)


def is_working_day(day: dt.date | dt.datetime, calendar: Calendar | None = None) -> bool:
    """Whether ``day`` (a date, or a datetime's date) is a working day."""
    return (calendar or current_calendar()).is_working_day(_date(day))


def add_working_days(start: dt.date | dt.datetime, days: int, calendar: Calendar | None = None) -> dt.date:
    """The date ``days`` working days after ``start``: the one entry point for deadlines.

    ``start`` itself is day 0 whatever it is: submitted on a Friday, 3 working days later is the
    next Wednesday; from a Saturday, Monday is day 1. With ``days`` ≥ 1 the result is always a
    working day; with 0 or less it is ``start``. For a submission's deadline, with the cut-off
    hour and holidays at the start, use ``deadline``.
    """
    calendar = calendar or current_calendar()
    day = _date(start)
    if days > 0:
        # A generous range: n working days rarely span more than 2n + 30 calendar days (春节 is 9).
        _prefetch(calendar, day, day + dt.timedelta(days=2 * days + 30))
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date | dt.datetime, end: dt.date | dt.datetime,
                         calendar: Calendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier).

    The inverse of ``add_working_days``: ``working_days_between(a, add_working_days(a, n)) == n``."""
    calendar = calendar or current_calendar()
    start, end = _date(start), _date(end)
    if end < start:
        return -working_days_between(end, start, calendar)
    _prefetch(calendar, start, end)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def china_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` in China Standard Time; a naive datetime is UTC, as the platform stores it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(CHINA)


def cutoff_hour() -> int:
    """``QI_WORKDAY_CUTOFF_HOUR`` (China time, default 17): from then on a day's submissions count
    from the next working day."""
    if has_app_context():
        return int(setting("QI_WORKDAY_CUTOFF_HOUR", DEFAULT_CUTOFF_HOUR))
    return DEFAULT_CUTOFF_HOUR


def counting_start(submitted_at: dt.datetime | dt.date, calendar: Calendar | None = None) -> dt.date:
    """The date the clock counts from for something received at ``submitted_at``.

    ``submitted_at`` is naive UTC as stored (or aware). In China time, a submission on a working
    day before the cut-off hour counts from that day; at or after the cut-off hour (17:00 by
    default), or on a non-working day, it counts from the next working day. A plain date is a
    submission during that day's working hours.
    """
    calendar = calendar or current_calendar()
    if isinstance(submitted_at, dt.datetime):
        local = china_time(submitted_at)
        day, late = local.date(), local.hour >= cutoff_hour()
    else:
        day, late = submitted_at, False
    if late or not calendar.is_working_day(day):
        return add_working_days(day, 1, calendar)
    return day


def deadline(submitted_at: dt.datetime | dt.date, days: int, calendar: Calendar | None = None) -> dt.date:
    """The date by which something received at ``submitted_at`` is due, ``days`` working days on.

    The counting start (``counting_start``) is day 0 and the deadline is the end of the ``days``-th
    working day after it: "1 working day" for a Monday 10:00 submission is Tuesday; a Friday 18:00
    (or Saturday) submission counts from Monday, so it is due Tuesday too.
    """
    calendar = calendar or current_calendar()
    return add_working_days(counting_start(submitted_at, calendar), days, calendar)


def _china_date(value: dt.date | dt.datetime) -> dt.date:
    return china_time(value).date() if isinstance(value, dt.datetime) else value


def extend_for_pause(due: dt.date, paused_on: dt.date | dt.datetime, resumed_on: dt.date | dt.datetime,
                     calendar: Calendar | None = None) -> dt.date:
    """``due`` pushed back by the working days the clock was paused (waiting for the enterprise).

    The paused working days are those after ``paused_on`` up to and including ``resumed_on``
    (``working_days_between``): paused and resumed the same day costs nothing, paused on Monday and
    resumed on Wednesday gives 2 more working days. Datetimes are naive UTC, taken in China time.
    """
    calendar = calendar or current_calendar()
    paused, resumed = _china_date(paused_on), _china_date(resumed_on)
    lost = working_days_between(paused, resumed, calendar) if resumed > paused else 0
    return add_working_days(due, lost, calendar)


def today() -> dt.date:
    """Today in China Standard Time, where the platform's deadlines fall."""
    return dt.datetime.now(CHINA).date()
